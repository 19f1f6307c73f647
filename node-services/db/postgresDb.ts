/** The scale-out path: a PostgreSQL server through `pg`, shared by many node processes. */
import pg from "pg";
import type { Db, Queryable, Row } from "./db.js";
import { DbError } from "./db.js";
import { INT8_OID, parseInt8 } from "./types.js";

const typeParsers = {
  getTypeParser(oid: number, format?: string) {
    if (oid === INT8_OID) return parseInt8;
    return pg.types.getTypeParser(oid, format as "text");
  },
};

function wrap(client: { query: pg.Pool["query"] }): Queryable {
  return {
    async query<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      try {
        const res = await client.query({ text: sql, values: params as unknown[], types: typeParsers });
        return res.rows as T[];
      } catch (err) {
        throw new DbError(`query failed: ${(err as Error).message}`, sql, err);
      }
    },
    async exec(sql: string): Promise<void> {
      try {
        await client.query(sql);
      } catch (err) {
        throw new DbError(`script failed: ${(err as Error).message}`, sql, err);
      }
    },
  };
}

export async function openPostgres(url: string, maxConnections = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections });
  // Fail at start-up with a clear message rather than on the first query.
  try {
    const c = await pool.connect();
    c.release();
  } catch (err) {
    await pool.end();
    throw new DbError(`cannot connect to PostgreSQL at ${redact(url)}: ${(err as Error).message}`, "", err);
  }
  pool.on("error", () => {
    /* idle-client errors surface on the next query; keeping the process alive is the point */
  });
  return {
    kind: "postgres",
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const out = await fn(wrap(client));
        await client.query("COMMIT");
        return out;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Hides a password in a connection URL before it reaches a log or an error message. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}
