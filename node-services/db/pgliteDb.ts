/** The embedded default: PGlite (PostgreSQL compiled to WASM) persisted in the data directory. */
import { PGlite, types } from "@electric-sql/pglite";
import type { Db, Queryable, Row } from "./db.js";
import { DbError } from "./db.js";
import { parseInt8 } from "./types.js";

const parsers = {
  [types.INT8]: parseInt8,
  // Text form `\\x<hex>`: Buffer decodes it far faster than PGlite's byte-by-byte parser.
  [types.BYTEA]: (text: string) => {
    const b = Buffer.from(text.slice(2), "hex");
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  },
};
// PGlite's own bytea serializer formats byte by byte through Array.map; Buffer's hex is many times faster,
// and the merkle tree and the pool write many bytea values per block.
const serializers = { [types.BYTEA]: (v: Uint8Array) => `\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("hex")}` };

function wrap(q: { query: PGlite["query"]; exec: PGlite["exec"] }): Queryable {
  return {
    async query<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      try {
        const res = await q.query<T>(sql, params as unknown[], { parsers, serializers });
        return res.rows;
      } catch (err) {
        throw new DbError(`query failed: ${(err as Error).message}`, sql, err);
      }
    },
    async exec(sql: string): Promise<void> {
      try {
        await q.exec(sql);
      } catch (err) {
        throw new DbError(`script failed: ${(err as Error).message}`, sql, err);
      }
    },
  };
}

/** Opens (creating if needed) the database stored in `dir`; `undefined` keeps it in memory (tests). */
export async function openPglite(dir: string | undefined): Promise<Db> {
  const pg = dir === undefined ? new PGlite() : new PGlite(dir);
  await pg.waitReady;
  const base = wrap(pg);
  return {
    kind: "pglite",
    ...base,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx as unknown as PGlite))),
    close: () => pg.close(),
  };
}
