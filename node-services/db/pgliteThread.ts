/**
 * The worker side of `openPgliteWorker`: one PGlite (see pgliteDb.ts) answering requests from the thread that
 * started it. Messages are handled in arrival order; a transaction stays open across messages until its `end`.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Db, Queryable } from "./db.js";
import { openPglite } from "./pgliteDb.js";
import type { PgliteReply, PgliteRequest, PgliteWorkerData } from "./pgliteWorkerProtocol.js";

/** Thrown inside PGlite's transaction callback to roll it back; not an error to report. */
const ROLLBACK = Symbol("rollback");

interface OpenTransaction {
  /** The transaction's queryable once PGlite has begun it (rejects if BEGIN failed). */
  tx: Promise<Queryable>;
  end: (commit: boolean) => void;
  done: Promise<void>;
}

const port = parentPort!;
const { dir } = workerData as PgliteWorkerData;
const transactions = new Map<number, OpenTransaction>();

function begin(db: Db): OpenTransaction {
  let resolveTx!: (q: Queryable) => void;
  let rejectTx!: (err: unknown) => void;
  const tx = new Promise<Queryable>((resolve, reject) => {
    resolveTx = resolve;
    rejectTx = reject;
  });
  let end!: (commit: boolean) => void;
  const ended = new Promise<boolean>((resolve) => (end = resolve));
  const done = db
    .transaction(async (q) => {
      resolveTx(q);
      if (!(await ended)) throw ROLLBACK;
    })
    .then(
      () => undefined,
      (err: unknown) => {
        rejectTx(err); // no-op once the transaction had begun
        if (err !== ROLLBACK) throw err;
      },
    );
  tx.catch(() => undefined); // reported through `done` when nobody queried
  return { tx, end, done };
}

async function handle(db: Db, m: PgliteRequest): Promise<PgliteReply["rows"]> {
  switch (m.op) {
    case "query":
      return m.tx === undefined ? db.query(m.sql, m.params) : (await transactions.get(m.tx)!.tx).query(m.sql, m.params);
    case "exec":
      await (m.tx === undefined ? db : await transactions.get(m.tx)!.tx).exec(m.sql);
      return undefined;
    case "begin":
      transactions.set(m.tx, begin(db));
      return undefined;
    case "end": {
      const t = transactions.get(m.tx)!;
      transactions.delete(m.tx);
      t.end(m.commit);
      await t.done;
      return undefined;
    }
    case "close":
      await db.close();
      return undefined;
  }
}

function describe(err: unknown): PgliteReply["error"] {
  const e = err as { message?: string; sql?: string; code?: string; cause?: { message?: string; code?: string } };
  return { message: e.message ?? String(err), sql: e.sql ?? "", causeMessage: e.cause?.message ?? e.message ?? String(err), code: e.cause?.code ?? e.code };
}

try {
  const db = await openPglite(dir);
  port.on("message", (m: PgliteRequest) => {
    handle(db, m).then(
      (rows) => port.postMessage({ id: m.id, ok: true, rows } satisfies PgliteReply),
      (err: unknown) => port.postMessage({ id: m.id, ok: false, error: describe(err) } satisfies PgliteReply),
    );
  });
  port.postMessage({ id: 0, ok: true } satisfies PgliteReply);
} catch (err) {
  port.postMessage({ id: 0, ok: false, error: describe(err) } satisfies PgliteReply);
}
