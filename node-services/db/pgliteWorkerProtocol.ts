/** Messages between `openPgliteWorker` and the PGlite thread (pgliteThread.ts). */
import type { Row } from "./db.js";

export interface PgliteWorkerData {
  /** Data directory; undefined keeps the database in memory. */
  dir: string | undefined;
}

/** `tx` names a transaction opened by `begin` and closed by `end`; without it a statement runs on its own. */
export type PgliteRequest = { id: number } & (
  | { op: "query"; sql: string; params: readonly unknown[]; tx?: number }
  | { op: "exec"; sql: string; tx?: number }
  | { op: "begin"; tx: number }
  | { op: "end"; tx: number; commit: boolean }
  | { op: "close" }
);

/** The answer to request `id` (id 0: the database is open, or why it could not be opened). */
export interface PgliteReply {
  id: number;
  ok: boolean;
  rows?: Row[] | undefined;
  error?: { message: string; sql: string; causeMessage: string; code: string | undefined } | undefined;
}
