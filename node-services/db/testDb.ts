/**
 * Test support: both storage back-ends, fresh and migrated, so every storage test runs against each.
 * PostgreSQL tests create a throw-away database on the server named by PROM_TEST_PG_URL
 * (default: the local server with trust auth) and drop it afterwards.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Db } from "./db.js";
import { migrate } from "./migrate.js";
import { openPgliteWorker } from "./pgliteWorkerDb.js";
import { openPostgres } from "./postgresDb.js";

const adminUrl = process.env.PROM_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDb {
  db: Db;
  /** Closes the database and removes whatever the test created. */
  dispose(): Promise<void>;
}

/** In memory, on its own thread as the node runs it (openDb). */
export async function openTestPglite(): Promise<TestDb> {
  const db = await openPgliteWorker(undefined);
  await migrate(db);
  return { db, dispose: () => db.close() };
}

/** A fresh, empty database on the test server: its URL, and how to drop it. */
export async function createTestPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `prom_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export async function openTestPostgres(): Promise<TestDb> {
  const created = await createTestPostgresDatabase();
  const db = await openPostgres(created.url, 4);
  await migrate(db);
  return {
    db,
    async dispose() {
      await db.close();
      await created.drop();
    },
  };
}

/** The back-ends every storage test runs against, by name. */
export const testBackends = [
  { name: "pglite", open: openTestPglite },
  { name: "postgres", open: openTestPostgres },
] as const;
