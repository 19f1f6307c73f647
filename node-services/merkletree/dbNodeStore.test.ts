import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends, type TestDb } from "../db/testDb.js";
import { DbNodeStore, decodeNodeData, encodeNodeData } from "./dbNodeStore.js";
import { h4ToBytes, ZERO_H4, type H4 } from "./h4.js";
import { keyBalance, keyNonce, keyStorage } from "./keys.js";
import { MemoryNodeStore } from "./nodeStore.js";
import { Smt } from "./smt.js";
import type { Queryable } from "../db/db.js";
import { buildRoot } from "./smtBuild.js";

const addrs = ["0x617b3a3528F9cDd6630fd3301B9c8911F7Bf063D", "0x4d5Cf5032B2a844602278b01199ED191A86c93ff", "0xEEF9f339514298C6A857EfCfC1A762aF84438dEE"];
const entries = addrs.flatMap((a, i) => [
  { key: keyBalance(a), value: 10n ** 18n * BigInt(i + 1) },
  { key: keyNonce(a), value: BigInt(i) },
  { key: keyStorage(a, 7n), value: (1n << 255n) + BigInt(i) },
]);

describe("node data encoding", () => {
  it("writes 8 big-endian bytes per element and reads them back", () => {
    const data = [0n, 1n, 0xffffffff00000000n, 0x0102030405060708n];
    const bytes = encodeNodeData([...data, ...data, ...data]);
    expect(bytes.length).toBe(96);
    expect(Array.from(bytes.slice(24, 32))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(decodeNodeData(bytes)).toEqual([...data, ...data, ...data]);
  });

  it("refuses stored data of the wrong size as CORRUPT_NODE", () => {
    expect(() => decodeNodeData(new Uint8Array(40))).toThrow(expect.objectContaining({ code: "CORRUPT_NODE" }));
  });

  it("stores refuse nodes that are neither 12 nor 8 elements", () => {
    expect(() => new MemoryNodeStore().put(ZERO_H4, [1n, 2n])).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    expect(() => new DbNodeStore({} as Queryable).put(ZERO_H4, Array(9).fill(0n))).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
  });
});

describe.each(testBackends)("DbNodeStore on $name", ({ open }) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(() => t.dispose());

  it("a tree written and flushed reads back the same values and root from a fresh store", async () => {
    const writer = new DbNodeStore(t.db);
    const root = await new Smt(writer).setMany(ZERO_H4, entries);
    expect(root).toEqual(buildRoot(entries));
    await writer.flush();
    expect(writer.pendingCount).toBe(0);

    const reader = new DbNodeStore(t.db);
    const smt = new Smt(reader);
    for (const e of entries) expect(await smt.get(root, e.key)).toBe(e.value);
    // updating through the fresh store gives the root of the updated set
    const next = await smt.set(root, entries[0]!.key, 0n);
    expect(next).toEqual(buildRoot(entries.slice(1)));
  });

  it("an unflushed write is visible to its own store but not to another one", async () => {
    const writer = new DbNodeStore(t.db);
    const key: H4 = keyBalance("0x0000000000000000000000000000000000000001");
    const root = await new Smt(writer).set(ZERO_H4, key, 42n);
    expect(await writer.get(root)).toBeDefined();
    expect(await new Smt(writer).get(root, key)).toBe(42n);

    const other = new DbNodeStore(t.db);
    expect(await other.get(root)).toBeUndefined();
    await expect(new Smt(other).get(root, key)).rejects.toMatchObject({ code: "MISSING_NODE" });

    await writer.flush();
    expect(await new Smt(new DbNodeStore(t.db)).get(root, key)).toBe(42n);
  });

  it("after a caller's transaction rolls back, clearCache stops serving the nodes it wrote", async () => {
    const store = new DbNodeStore(t.db);
    const root = await new Smt(store).set(ZERO_H4, keyBalance("0x0000000000000000000000000000000000000003"), 9n);
    await expect(
      t.db.transaction(async (tx) => {
        await store.flush(tx);
        throw new Error("batch failed");
      }),
    ).rejects.toThrow("batch failed");
    expect(await store.get(root)).toBeDefined();
    store.clearCache();
    expect(await store.get(root)).toBeUndefined();
  });

  it("nodes stay readable while their flush is running, so a flush can overlap the next write", async () => {
    // the database is real; its INSERTs wait until the test lets them through, as a slow disk would make them
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowWrites: Queryable = {
      query: async <T extends Record<string, unknown>>(sql: string, params?: readonly unknown[]) => {
        if (sql.trimStart().startsWith("INSERT")) await gate;
        return t.db.query<T>(sql, params);
      },
      exec: (sql: string) => t.db.exec(sql),
    };
    const store = new DbNodeStore(slowWrites);
    const smt = new Smt(store);
    const keys = Array.from({ length: 30 }, (_, i) => keyBalance(`0x${(i + 9000).toString(16).padStart(40, "0")}`));
    const r1 = await smt.setMany(ZERO_H4, keys.map((key, i) => ({ key, value: BigInt(i + 1) })));
    const flushing = store.flush();
    // a fresh tree on the same store must find r1's nodes while they are being written
    const reader = new Smt(store);
    const r2 = await reader.setMany(r1, keys.slice(0, 10).map((key) => ({ key, value: 0n })));
    release();
    await flushing;
    await store.flush();
    expect(r2).toEqual(buildRoot(keys.slice(10).map((key, i) => ({ key, value: BigInt(i + 11) }))));
    expect(await new Smt(new DbNodeStore(t.db)).get(r2, keys[20]!)).toBe(21n);
  });

  it("stores the hash as the 32-byte scalar and the data as 8 bytes per element", async () => {
    const store = new DbNodeStore(t.db);
    const key = keyNonce("0x0000000000000000000000000000000000000002");
    const root = await new Smt(store).set(ZERO_H4, key, 5n);
    await store.flush();
    const rows = await t.db.query<{ data: Uint8Array }>("SELECT data FROM state.merkletree_node WHERE hash = $1", [h4ToBytes(root)]);
    expect(rows[0]!.data.length).toBe(96);
    expect(decodeNodeData(rows[0]!.data).slice(8)).toEqual([1n, 0n, 0n, 0n]);
  });

  it("setMany on a cold store reads the touched paths level by level, not node by node", async () => {
    const writer = new DbNodeStore(t.db);
    const many = Array.from({ length: 200 }, (_, i) => ({ key: keyBalance(`0x${(i + 5000).toString(16).padStart(40, "0")}`), value: BigInt(i + 1) }));
    const root = await new Smt(writer).setMany(ZERO_H4, many);
    await writer.flush();

    let selects = 0;
    const counting = {
      query: <T extends Record<string, unknown>>(sql: string, params?: readonly unknown[]) => {
        if (sql.startsWith("SELECT")) selects++;
        return t.db.query<T>(sql, params);
      },
      exec: (sql: string) => t.db.exec(sql),
    };
    const changes = [
      ...many.slice(0, 40).map((e) => ({ key: e.key, value: e.value * 7n })),
      ...many.slice(40, 60).map((e) => ({ key: e.key, value: 0n })),
      ...Array.from({ length: 20 }, (_, i) => ({ key: keyNonce(`0x${(i + 5000).toString(16).padStart(40, "0")}`), value: 1n })),
    ];
    const next = await new Smt(new DbNodeStore(counting)).setMany(root, changes);
    const model = new Map(many.map((e) => [e.key.join(), e]));
    for (const c of changes) model.set(c.key.join(), c);
    expect(next).toEqual(buildRoot([...model.values()]));
    // 200 leaves are about 8 levels deep; 80 paths node by node would be hundreds of reads
    expect(selects).toBeLessThan(40);
  });

  it("random batches of inserts, updates and deletes on clustered keys, each from a cold store, match the stateless build", async () => {
    let s = 99;
    const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    // few distinct low bits per limb: long shared prefixes, deep splits, leaves climbing on delete
    const limb = () => BigInt(Math.floor(r() * 4)) | (r() < 0.5 ? 0n : BigInt(Math.floor(r() * 65536)) << 2n);
    const keys: H4[] = Array.from({ length: 40 }, () => [limb(), limb(), limb(), limb()]);
    const model = new Map<string, { key: H4; value: bigint }>();
    let root: H4 = ZERO_H4;
    for (let b = 0; b < 6; b++) {
      const batch = Array.from({ length: 30 }, () => ({ key: keys[Math.floor(r() * keys.length)]!, value: r() < 0.4 ? 0n : BigInt(Math.floor(r() * 100)) }));
      const store = new DbNodeStore(t.db);
      root = await new Smt(store).setMany(root, batch);
      await store.flush();
      for (const e of batch) model.set(e.key.join(), e);
      expect(root).toEqual(buildRoot([...model.values()]));
    }
    const smt = new Smt(new DbNodeStore(t.db));
    for (const e of model.values()) expect(await smt.get(root, e.key)).toBe(e.value);
  });

  it("flushes in several statements and inside a caller's transaction, and writing a node twice is harmless", async () => {
    const store = new DbNodeStore(t.db, { flushRowsPerStatement: 3 });
    const many = Array.from({ length: 20 }, (_, i) => ({ key: keyBalance(`0x${(i + 100).toString(16).padStart(40, "0")}`), value: BigInt(i + 1) }));
    const root = await new Smt(store).setMany(ZERO_H4, many);
    await t.db.transaction((tx) => store.flush(tx));
    // the same nodes again: content-addressed, ON CONFLICT keeps the first copy
    await new Smt(store).setMany(ZERO_H4, many);
    await store.flush();
    const smt = new Smt(new DbNodeStore(t.db));
    for (const e of many) expect(await smt.get(root, e.key)).toBe(e.value);
  });
});
