/** The loading, empty and error states every page uses, so they look and read the same everywhere. */
import type { ReactNode } from "react";
import { ApiError } from "../../../node-services/api/apiError.js";

export function Loading({ what }: { what: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty" role="status">
      <strong>{title}</strong>
      {children && <div className="muted">{children}</div>}
    </div>
  );
}

export function ErrorBox({ error, retry }: { error: Error; retry?: () => void }) {
  const code = error instanceof ApiError ? error.code : "ERROR";
  return (
    <div className="state state-error" role="alert">
      <strong>{code === "DISCONNECTED" ? "The node is not reachable" : "Something went wrong"}</strong>
      <div>
        <code>{code}</code> {error.message}
      </div>
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Renders `children(data)` once loaded; before that the loading state, or the error with a retry. */
export function Async<T>({ q, what, children }: { q: { data: T | undefined; error: Error | undefined; loading: boolean; reload(): void }; what: string; children: (d: T) => ReactNode }) {
  if (q.error && q.data === undefined) return <ErrorBox error={q.error} retry={q.reload} />;
  if (q.data === undefined) return <Loading what={what} />;
  return (
    <div className="async" aria-busy={q.loading}>
      {q.error && <ErrorBox error={q.error} retry={q.reload} />}
      {children(q.data)}
    </div>
  );
}
