/** Chooses the back-end from the config: a `--db-url` means PostgreSQL, otherwise PGlite in the data directory (on its own thread). */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "./db.js";
import { migrate } from "./migrate.js";
import { openPgliteWorker } from "./pgliteWorkerDb.js";
import { openPostgres } from "./postgresDb.js";

export interface OpenDbOptions {
  dataDir: string;
  dbUrl: string;
}

export async function openDb(opts: OpenDbOptions): Promise<Db> {
  let db: Db;
  if (opts.dbUrl) {
    db = await openPostgres(opts.dbUrl);
  } else {
    const dir = join(opts.dataDir, "db");
    mkdirSync(dir, { recursive: true });
    db = await openPgliteWorker(dir);
  }
  await migrate(db);
  return db;
}
