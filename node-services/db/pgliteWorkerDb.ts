/**
 * The embedded default: PGlite on a worker thread of its own (pgliteThread.ts).
 * Why: PostgreSQL's work (planning, executing, writing its files) was a quarter of the synchronizer's main-thread time
 * and held the JSON-RPC server's thread while it ran. On its own thread it runs beside the caller's work: the
 * synchronizer executes the next L1 block while the previous one commits. Each statement costs a message round trip.
 */
import type { Worker } from "node:worker_threads";
import { siblingModule, startModuleWorker } from "../node/moduleWorker.js";
import { DbError, type Db, type Queryable, type Row } from "./db.js";
import type { PgliteReply, PgliteRequest, PgliteWorkerData } from "./pgliteWorkerProtocol.js";

type Request = PgliteRequest extends infer R ? (R extends unknown ? Omit<R, "id"> : never) : never;

class PgliteClient {
  private readonly waiting = new Map<number, { resolve: (rows: Row[] | undefined) => void; reject: (err: Error) => void }>();
  private nextId = 1;
  /** Set once the thread is gone: every later call fails with it. */
  private failure: Error | undefined;

  constructor(private readonly worker: Worker) {
    worker.on("message", (r: PgliteReply) => {
      const w = this.waiting.get(r.id);
      if (!w) return;
      this.waiting.delete(r.id);
      if (this.waiting.size === 0) worker.unref();
      if (r.ok) w.resolve(r.rows);
      else w.reject(new DbError(r.error!.message, r.error!.sql, Object.assign(new Error(r.error!.causeMessage), { code: r.error!.code })));
    });
    worker.on("error", (err) => this.fail(new DbError(`the database thread failed: ${err.message}`, "", err)));
    worker.on("exit", (code) => this.fail(new DbError(`the database thread exited (code ${code})`, "", undefined)));
  }

  /** Resolves when the thread has opened the database (the reply with id 0). */
  opened(): Promise<void> {
    return new Promise((resolve, reject) => this.waiting.set(0, { resolve: () => resolve(), reject }));
  }

  call(req: Request): Promise<Row[] | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // the thread keeps the process alive only while an answer is awaited, like a socket with a request in flight
      if (this.waiting.size === 0) this.worker.ref();
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...req, id });
    });
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const w of this.waiting.values()) w.reject(this.failure);
    this.waiting.clear();
  }
}

function queryable(client: PgliteClient, tx: number | undefined): Queryable {
  return {
    async query<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      return (await client.call({ op: "query", sql, params, tx })) as T[];
    },
    async exec(sql: string): Promise<void> {
      await client.call({ op: "exec", sql, tx });
    },
  };
}

/** Opens (creating if needed) the database stored in `dir` on a new thread; `undefined` keeps it in memory (tests). */
export async function openPgliteWorker(dir: string | undefined): Promise<Db> {
  const worker = startModuleWorker(siblingModule(import.meta.url, "pgliteThread"), { dir } satisfies PgliteWorkerData);
  const client = new PgliteClient(worker);
  try {
    await client.opened();
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  let nextTx = 1;
  return {
    kind: "pglite",
    ...queryable(client, undefined),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const tx = nextTx++;
      // not awaited: the transaction's statements queue behind it, and a failed BEGIN fails them and `end`
      client.call({ op: "begin", tx }).catch(() => undefined);
      let result: T;
      try {
        result = await fn(queryable(client, tx));
      } catch (err) {
        await client.call({ op: "end", tx, commit: false }).catch(() => undefined);
        throw err;
      }
      await client.call({ op: "end", tx, commit: true });
      return result;
    },
    async close(): Promise<void> {
      try {
        await client.call({ op: "close" });
      } finally {
        await worker.terminate();
      }
    },
  };
}
