import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "./migrate.js";
import { migrations } from "./migrations/index.js";
import { testBackends, type TestDb } from "./testDb.js";

describe.each(testBackends)("Db on $name", ({ open }) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(() => t.dispose());

  it("applies every migration once and is idempotent on a second run", async () => {
    const rows = await t.db.query<{ id: number }>("SELECT id FROM public.prom_migrations ORDER BY id");
    expect(rows.map((r) => r.id)).toEqual(migrations.map((m) => m.id));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(await migrate(t.db)).toEqual([]);
  });

  it("returns BIGINT as number, NUMERIC as string and BYTEA as bytes", async () => {
    await t.db.query(
      "INSERT INTO state.l1_block (block_num, block_hash, parent_hash, received_at) VALUES ($1, $2, $3, now())",
      [9007199254740991, new Uint8Array([1, 2, 3]), new Uint8Array(32)],
    );
    const [row] = await t.db.query<{ block_num: number; block_hash: Uint8Array; wei: string }>(
      "SELECT block_num, block_hash, 123456789012345678901234567890::NUMERIC(78) AS wei FROM state.l1_block",
    );
    expect(row?.block_num).toBe(9007199254740991);
    expect(Array.from(row!.block_hash)).toEqual([1, 2, 3]);
    expect(row?.wei).toBe("123456789012345678901234567890");
  });

  it("refuses a BIGINT that a JS number cannot hold instead of rounding it", async () => {
    await expect(t.db.query("SELECT 9007199254740993::BIGINT AS n")).rejects.toThrow(/does not fit/);
  });

  it("rolls a failed transaction back and keeps earlier data", async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query("INSERT INTO pool.blocked (address) VALUES ($1)", [new Uint8Array(20).fill(7)]);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await t.db.query("SELECT * FROM pool.blocked")).toEqual([]);
    const [l1] = await t.db.query<{ n: number }>("SELECT count(*)::BIGINT AS n FROM state.l1_block");
    expect(l1?.n).toBe(1);
  });

  it("deletes L1-derived rows with their L1 block (reorg rewind) and keeps trusted batches", async () => {
    await t.db.query(
      "INSERT INTO state.l1_block (block_num, block_hash, parent_hash, received_at) VALUES (10, $1, $1, now())",
      [new Uint8Array(32)],
    );
    await t.db.query("INSERT INTO state.batch (batch_num, timestamp, coinbase) VALUES (1, now(), $1)", [new Uint8Array(20)]);
    await t.db.query(
      "INSERT INTO state.virtual_batch (batch_num, l1_tx_hash, coinbase, sequencer_addr, l1_info_root, timestamp_limit, block_num) VALUES (1, $1, $2, $2, $1, now(), 10)",
      [new Uint8Array(32), new Uint8Array(20)],
    );
    await t.db.query("DELETE FROM state.l1_block WHERE block_num >= 10 AND block_num < 9007199254740991");
    expect(await t.db.query("SELECT * FROM state.virtual_batch")).toEqual([]);
    expect((await t.db.query("SELECT batch_num FROM state.batch")).length).toBe(1);
  });

  it("answers a statement again after a schema change altered its result columns", async () => {
    await t.db.exec("CREATE TABLE public.reshaped (a INT); INSERT INTO public.reshaped VALUES (1)");
    expect(await t.db.query("SELECT * FROM public.reshaped")).toEqual([{ a: 1 }]);
    await t.db.exec("ALTER TABLE public.reshaped ADD COLUMN b INT DEFAULT 2");
    expect(await t.db.query("SELECT * FROM public.reshaped")).toEqual([{ a: 1, b: 2 }]);
  });

  it("keeps answering when there are more distinct statements than it keeps prepared, and after a failed one", async () => {
    for (let k = 0; k < 300; k++) {
      const [row] = await t.db.query<{ v: number }>(`SELECT $1::INT + ${k} AS v`, [1]);
      expect(row?.v).toBe(1 + k);
    }
    await expect(t.db.query("SELECT $1::INT AS v", ["not a number"])).rejects.toMatchObject({ code: "DB_ERROR" });
    expect(await t.db.query("SELECT $1::INT + 0 AS v", [5])).toEqual([{ v: 5 }]);
    const [row] = await t.db.query<{ b: Uint8Array; s: null; n: number }>("SELECT $1::BYTEA AS b, $2::TEXT AS s, cardinality($3::BIGINT[])::INT AS n", [
      new Uint8Array([9, 8]),
      null,
      [1, 2, 3],
    ]);
    expect([Array.from(row!.b), row!.s, row!.n]).toEqual([[9, 8], null, 3]);
    const rows = await t.db.query<{ x: Uint8Array | null }>("SELECT x FROM UNNEST($1::BYTEA[]) WITH ORDINALITY AS u(x, i) ORDER BY i", [
      [new Uint8Array([0, 0x5c, 0x22]), null, new Uint8Array(0)],
    ]);
    expect(rows.map((r) => (r.x === null ? null : Array.from(r.x)))).toEqual([[0, 0x5c, 0x22], null, []]);
  });

  it("keeps a statement outside an open transaction out of it: no uncommitted rows seen, not rolled back with it", async () => {
    const address = (b: number) => new Uint8Array(20).fill(b);
    let inside!: () => void;
    const reached = new Promise<void>((r) => (inside = r));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const failed = t.db.transaction(async (tx) => {
      await tx.query("INSERT INTO pool.blocked (address) VALUES ($1)", [address(1)]);
      inside();
      await held;
      throw new Error("rolled back");
    });
    await reached;
    const seen = t.db.query<{ address: Uint8Array }>("SELECT address FROM pool.blocked");
    const written = t.db.query("INSERT INTO pool.blocked (address) VALUES ($1)", [address(2)]);
    release();
    await expect(failed).rejects.toThrow("rolled back");
    // the open transaction's row is never seen (on PostgreSQL the insert below may run before this select, on its own connection)
    expect((await seen).map((r) => r.address[0])).not.toContain(1);
    await written;
    const after = await t.db.query<{ address: Uint8Array }>("SELECT address FROM pool.blocked");
    expect(after.map((r) => r.address[0])).toEqual([2]);
    await t.db.query("DELETE FROM pool.blocked");
  });

  it("reports a bad statement as a DbError naming the statement", async () => {
    await expect(t.db.query("SELECT * FROM state.no_such_table")).rejects.toMatchObject({
      code: "DB_ERROR",
      sql: "SELECT * FROM state.no_such_table",
    });
  });
});
