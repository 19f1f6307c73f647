/** The embedded default: PGlite (PostgreSQL compiled to WASM) persisted in the data directory. */
import { PGlite, parse, protocol, types } from "@electric-sql/pglite";
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
/** PostgreSQL's type id of bytea[]: the state writes its rows as UNNEST over column arrays. */
const BYTEA_ARRAY = 1001;

/** A bytea[] in PostgreSQL's binary array form (array_recv): dimensions, null flag, element type, then each element. */
function byteaArrayBinary(xs: readonly (Uint8Array | null)[]): Uint8Array {
  let size = xs.length > 0 ? 20 : 12;
  for (const x of xs) size += 4 + (x?.length ?? 0);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  dv.setInt32(0, xs.length > 0 ? 1 : 0);
  dv.setInt32(4, xs.includes(null) ? 1 : 0);
  dv.setInt32(8, types.BYTEA);
  let at = 12;
  if (xs.length > 0) {
    dv.setInt32(12, xs.length);
    dv.setInt32(16, 1);
    at = 20;
  }
  for (const x of xs) {
    dv.setInt32(at, x === null ? -1 : x.length);
    at += 4;
    if (x !== null) {
      out.set(x, at);
      at += x.length;
    }
  }
  return out;
}

/**
 * bytea and bytea[] parameters go in binary form: the merkle tree, the pool and the synchronizer write many of them per
 * block, and as text each byte was hex-encoded here and parsed back inside PostgreSQL (PGlite's own text serializer
 * even formats them byte by byte).
 */
const binaryParams: Record<number, (v: unknown) => Uint8Array> = {
  [types.BYTEA]: (v) => v as Uint8Array,
  [BYTEA_ARRAY]: (v) => byteaArrayBinary(v as readonly (Uint8Array | null)[]),
};

type BackendMessage = Parameters<typeof parse.parseResults>[0][number];

/** Distinct statement texts kept prepared; past it the oldest is closed (texts built per row count vary). */
const PREPARED_MAX = 256;

interface Prepared {
  name: string;
  paramTypes: number[];
  /** The statement's RowDescription (absent for statements without rows), put before each execution's rows. */
  rowDescription: BackendMessage | undefined;
}

/**
 * Runs statements as named prepared statements, each execution one Bind/Execute/Sync exchange.
 * Why: PGlite's `query` sends Parse, Describe, Bind, Describe, Execute and Sync as six exchanges and plans the statement
 * every time; a receipt read (a four-table join) spent more than half its time being parsed and planned again.
 * Results and errors are PGlite's own (its result parsers and DatabaseError); text parameters go through its serializers.
 */
class PreparedStatements {
  private readonly byText = new Map<string, Prepared>();
  private next = 0;
  private readonly serialize = protocol.serialize;

  constructor(private readonly pg: PGlite) {}

  async query<T extends Row>(sql: string, params: readonly unknown[], inTransaction: boolean): Promise<T[]> {
    const run = () => this.pg._runExclusiveQuery(async () => this.run<T>(sql, params)) as Promise<T[]>;
    if (inTransaction) return run();
    // PGlite is one session: a statement outside the open transaction waits for its end (as PGlite's own query does),
    // else it would join that transaction, see its uncommitted rows and be rolled back with it
    const rows = await this.pg._runExclusiveTransaction(run);
    // PGlite persists after each statement outside a transaction (a no-op for the node and memory file systems)
    await this.pg.syncToFs();
    return rows;
  }

  private run<T extends Row>(sql: string, params: readonly unknown[]): T[] {
    try {
      return this.execute<T>(this.prepare(sql), params);
    } catch (err) {
      // a schema change that alters a statement's result columns invalidates its plan: prepare it afresh, once
      if (!(err instanceof protocol.messages.DatabaseError) || err.code !== "0A000") throw err;
      this.forget(sql);
      return this.execute<T>(this.prepare(sql), params);
    }
  }

  private execute<T extends Row>(st: Prepared, params: readonly unknown[]): T[] {
    const values = params.map((v, i) => {
      if (v === null || v === undefined) return null;
      const type = st.paramTypes[i]!;
      const binary = binaryParams[type];
      if (binary) return binary(v);
      const text = this.pg.serializers[type];
      return text ? text(v) : String(v);
    });
    const messages = this.exchange([this.serialize.bind({ statement: st.name, values }), this.serialize.execute({}), this.serialize.sync()]);
    if (st.rowDescription) messages.unshift(st.rowDescription);
    return parse.parseResults(messages, this.pg.parsers, { parsers })[0]!.rows as T[];
  }

  private prepare(sql: string): Prepared {
    const known = this.byText.get(sql);
    if (known) return known;
    if (this.byText.size >= PREPARED_MAX) this.forget(this.byText.keys().next().value!);
    const name = `prom_${this.next++}`;
    const messages = this.exchange([this.serialize.parse({ name, text: sql }), this.serialize.describe({ type: "S", name }), this.serialize.sync()]);
    const st: Prepared = {
      name,
      paramTypes: parse.parseDescribeStatementResults(messages),
      rowDescription: messages.find((m) => m.name === "rowDescription"),
    };
    this.byText.set(sql, st);
    return st;
  }

  private forget(sql: string): void {
    const st = this.byText.get(sql);
    if (!st) return;
    this.byText.delete(sql);
    this.exchange([this.serialize.close({ type: "S", name: st.name }), this.serialize.sync()]);
  }

  /** One synchronous round trip (nothing else can run between its messages); throws the server's error, if any. */
  private exchange(parts: readonly Uint8Array[]): BackendMessage[] {
    const out: BackendMessage[] = [];
    new protocol.Parser().parse(this.pg.execProtocolRawSync(Buffer.concat(parts)), (m) => out.push(m));
    const error = out.find((m) => m instanceof protocol.messages.DatabaseError);
    if (error) throw error;
    return out;
  }
}

function wrap(q: { exec: PGlite["exec"] }, statements: PreparedStatements, inTransaction: boolean): Queryable {
  return {
    async query<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      try {
        return await statements.query<T>(sql, params, inTransaction);
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
  const statements = new PreparedStatements(pg);
  const base = wrap(pg, statements, false);
  return {
    kind: "pglite",
    ...base,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx, statements, true))),
    close: () => pg.close(),
  };
}
