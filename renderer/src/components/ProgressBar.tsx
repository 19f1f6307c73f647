/** A labelled 0..1 progress bar (role=progressbar, so assistive tech and tests read its value). */
export function ProgressBar({ value, label, tone = "progress" }: { value: number; label: string; tone?: "progress" | "ok" | "bad" | "idle" }) {
  const pct = Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div className={`progress progress-${tone}`} role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} title={`${label}: ${pct}%`}>
      <div className="progress-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}
