/** Previous/next paging with the range shown. */
export function Pager({ offset, limit, total, onOffset }: { offset: number; limit: number; total: number; onOffset(o: number): void }) {
  const last = Math.min(offset + limit, total);
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - limit))}>
        ← Newer
      </button>
      <span>{total === 0 ? "none" : `${offset + 1}–${last} of ${total}`}</span>
      <button type="button" disabled={last >= total} onClick={() => onOffset(offset + limit)}>
        Older →
      </button>
    </nav>
  );
}
