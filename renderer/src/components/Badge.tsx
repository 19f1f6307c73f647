/** Coloured status labels: batch stages, job states, log levels, health. */
import type { ReactNode } from "react";

export type Tone = "neutral" | "info" | "progress" | "ok" | "warn" | "bad";

export function Badge({ tone, children, title }: { tone: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}
