/** Copy-to-clipboard button and a shortened hash that copies the full value. */
import { useState } from "react";
import { shortHex } from "./format.js";

/** Two overlapping sheets: the usual copy symbol, drawn so it needs no icon font. */
function CopyIcon() {
  return (
    <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.5">
      <rect x="5" y="5" width="9" height="9" rx="1.5" />
      <path d="M11 5V3.5A1.5 1.5 0 0 0 9.5 2h-6A1.5 1.5 0 0 0 2 3.5v6A1.5 1.5 0 0 0 3.5 11H5" />
    </svg>
  );
}

export function CopyButton({ text, label = "Copy", icon = false }: { text: string; label?: string; icon?: boolean }) {
  const [done, setDone] = useState<"ok" | "failed" | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setDone("ok"),
      () => setDone("failed"),
    );
  return (
    <button type="button" className="copy" onClick={(e) => {
        // Inside clickable rows, copying must not also open the row.
        e.stopPropagation();
        void copy().then(() => setTimeout(() => setDone(null), 1500));
      }} aria-label={`${label}: ${text}`}>
      {done === "ok" ? "Copied" : done === "failed" ? "Copy blocked" : icon ? <CopyIcon /> : label}
    </button>
  );
}

export function Hash({ value, keep }: { value: string | null; keep?: number }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <span className="hash">
      <code title={value}>{shortHex(value, keep)}</code>
      <CopyButton text={value} label="Copy" icon />
    </span>
  );
}
