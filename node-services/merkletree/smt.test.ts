import { describe, expect, it } from "vitest";
import { h4ToHex, scalarToH4, ZERO_H4, type H4 } from "./h4.js";
import { MemoryNodeStore } from "./nodeStore.js";
import { poseidon } from "./poseidon.js";
import { Smt, type SmtEntry } from "./smt.js";
import { buildRoot } from "./smtBuild.js";
import rawVectors from "./vectors/smt-raw.json" with { type: "json" };
import erigon from "./vectors/smt-paths-erigon.json" with { type: "json" };
import { rng } from "./testRng.js";

/** A key whose path (bit i → key[i % 4] bit i/4) is `bits`, the rest zero. */
function keyFromPath(bits: readonly number[]): H4 {
  const k = [0n, 0n, 0n, 0n];
  bits.forEach((b, i) => {
    if (b) k[i % 4] = k[i % 4]! | (1n << BigInt(i >> 2));
  });
  return k as unknown as H4;
}

const zigzagLeft = [0, 0, ...Array.from({ length: 254 }, (_, i) => (i % 2 === 0 ? 1 : 0))];
const zigzagRight = [...zigzagLeft.slice(0, 255), 1];

function erigonKey(path: string): H4 {
  if (path === "zigzagLeft") return keyFromPath(zigzagLeft);
  if (path === "zigzagRight") return keyFromPath(zigzagRight);
  if (path.startsWith("scalar:")) return keyFromPath([...BigInt(path.slice(7)).toString(2)].reverse().map(Number));
  return keyFromPath([...path].map(Number));
}

/**
 * Random keys that share long prefixes (few distinct values in the low bits of each limb), so inserts split deep
 * and deletes make leaves climb several levels.
 */
function clusteredKey(r: () => number): H4 {
  const limb = () => BigInt(Math.floor(r() * 8)) | (r() < 0.5 ? 0n : BigInt(Math.floor(r() * 4294967296)) << 3n);
  return [limb(), limb(), limb(), limb()];
}

function shuffle<T>(a: T[], r: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

describe("Smt", () => {
  it.each(rawVectors.vectors.map((v, i) => [i, v]))("gives the smt-raw root of vector %i", async (_i, v) => {
    const smt = new Smt(new MemoryNodeStore());
    let root: H4 = ZERO_H4;
    for (let j = 0; j < v.keys.length; j++) root = await smt.set(root, scalarToH4(BigInt(v.keys[j]!)), BigInt(v.values[j]!));
    expect(h4ToHex(root)).toBe(v.expectedRoot);
  });

  it.each(erigon.sequences.map((s) => [s.name, s]))("gives erigon's roots after each step of '%s'", async (_n, seq) => {
    const smt = new Smt(new MemoryNodeStore());
    let root: H4 = ZERO_H4;
    for (const step of seq.steps) {
      root = await smt.set(root, erigonKey(step.path), BigInt(step.value));
      expect(h4ToHex(root)).toBe(step.expectedRoot);
    }
  });

  it.each(erigon.sets.map((s) => [s.name, s]))("gives erigon's root for '%s' with set, setMany and buildRoot", async (_n, set) => {
    const entries = set.leaves.map(([p, v]) => ({ key: erigonKey(p!), value: BigInt(v!) }));
    let root: H4 = ZERO_H4;
    const smt = new Smt(new MemoryNodeStore());
    for (const e of entries) root = await smt.set(root, e.key, e.value);
    expect(h4ToHex(root)).toBe(set.expectedRoot);
    expect(h4ToHex(await new Smt(new MemoryNodeStore()).setMany(ZERO_H4, entries))).toBe(set.expectedRoot);
    expect(h4ToHex(buildRoot(entries))).toBe(set.expectedRoot);
  });

  it("random insert/update/delete sequences keep the root equal to the stateless build", async () => {
    const r = rng(1);
    for (let round = 0; round < 6; round++) {
      const store = new MemoryNodeStore();
      const smt = new Smt(store);
      const model = new Map<string, SmtEntry>();
      const keys = Array.from({ length: 24 }, () => clusteredKey(r));
      let root: H4 = ZERO_H4;
      for (let op = 0; op < 120; op++) {
        const key = keys[Math.floor(r() * keys.length)]!;
        const value = r() < 0.35 ? 0n : BigInt(Math.floor(r() * 1000));
        root = await smt.set(root, key, value);
        model.set(key.join(","), { key, value });
        if (op % 10 === 9) expect(root).toEqual(buildRoot([...model.values()]));
      }
      expect(root).toEqual(buildRoot([...model.values()]));
      // every value reads back, from this tree and from a fresh one on the same store
      const fresh = new Smt(store);
      for (const { key, value } of model.values()) {
        expect(await smt.get(root, key)).toBe(value);
        expect(await fresh.get(root, key)).toBe(value);
      }
    }
  });

  it("buildRoot's leaf memo gives the roots a fresh hash gives, as leaves move levels between trees", () => {
    const r = rng(7);
    const keys = Array.from({ length: 40 }, () => clusteredKey(r));
    const fresh = (inp: readonly bigint[], cap: readonly bigint[]) => poseidon(inp, cap);
    for (let n = 1; n <= keys.length; n += 3) {
      // the same (key, value) leaves, in trees of growing size: most leaves sit at a new level each time
      const entries = keys.slice(0, n).map((key, i) => ({ key, value: BigInt(i % 3) + 1n }));
      const memoised = buildRoot(entries);
      expect(buildRoot(entries)).toEqual(memoised);
      expect(buildRoot(entries, fresh)).toEqual(memoised);
    }
  });

  it("does not depend on insertion order, and deleting everything returns the empty root", async () => {
    const r = rng(2);
    const entries = Array.from({ length: 40 }, (_, i) => ({ key: clusteredKey(r), value: BigInt(i + 1) }));
    const expected = buildRoot(entries);
    for (let t = 0; t < 3; t++) {
      const smt = new Smt(new MemoryNodeStore());
      let root: H4 = ZERO_H4;
      for (const e of shuffle([...entries], r)) root = await smt.set(root, e.key, e.value);
      expect(root).toEqual(expected);
      for (const e of shuffle([...entries], r)) root = await smt.set(root, e.key, 0n);
      expect(root).toEqual(ZERO_H4);
    }
  });

  it("setMany gives the same root as repeated set, including updates and deletes of the same key in one call", async () => {
    const r = rng(3);
    const keys = Array.from({ length: 30 }, () => clusteredKey(r));
    const batches = Array.from({ length: 5 }, () =>
      Array.from({ length: 25 }, () => ({ key: keys[Math.floor(r() * keys.length)]!, value: r() < 0.3 ? 0n : BigInt(Math.floor(r() * 50)) })),
    );
    const one = new Smt(new MemoryNodeStore());
    const many = new Smt(new MemoryNodeStore());
    let a: H4 = ZERO_H4;
    let b: H4 = ZERO_H4;
    for (const batch of batches) {
      for (const e of batch) a = await one.set(a, e.key, e.value);
      b = await many.setMany(b, batch);
      expect(b).toEqual(a);
    }
  });

  it("reads any earlier root from the store after newer roots were written", async () => {
    const store = new MemoryNodeStore();
    const smt = new Smt(store);
    const k = (n: bigint): H4 => [n, 0n, 0n, 0n];
    const r1 = await smt.setMany(ZERO_H4, [
      { key: k(1n), value: 10n },
      { key: k(2n), value: 20n },
    ]);
    const r2 = await smt.set(r1, k(1n), 11n);
    const r3 = await smt.set(r2, k(2n), 0n);
    expect(await smt.get(r1, k(1n))).toBe(10n);
    expect(await smt.get(r1, k(2n))).toBe(20n);
    expect(await smt.get(r2, k(1n))).toBe(11n);
    expect(await smt.get(r3, k(2n))).toBe(0n);
    expect(await smt.get(r3, k(3n))).toBe(0n);
    expect(await smt.get(ZERO_H4, k(1n))).toBe(0n);
    // a write on an old root forks from it
    expect(await smt.set(r1, k(2n), 0n)).toEqual(buildRoot([{ key: k(1n), value: 10n }]));
  });

  it("keeps the root when setting a value a key already has, and when deleting an absent key", async () => {
    const store = new MemoryNodeStore();
    const smt = new Smt(store);
    const root = await smt.setMany(ZERO_H4, [
      { key: [5n, 0n, 0n, 0n], value: 7n },
      { key: [6n, 0n, 0n, 0n], value: 8n },
    ]);
    expect(await smt.set(root, [5n, 0n, 0n, 0n], 7n)).toEqual(root);
    expect(await smt.set(root, [9n, 0n, 0n, 0n], 0n)).toEqual(root);
    // through a fresh tree too, where the leaf's value is not in memory
    expect(await new Smt(store).set(root, [5n, 0n, 0n, 0n], 7n)).toEqual(root);
  });

  it("stores nodes in the zkevm db layout: branches and leaves as 12 elements, values as 8 limbs", async () => {
    const store = new MemoryNodeStore();
    const smt = new Smt(store);
    const value = (1n << 200n) + 5n;
    const root = await smt.setMany(ZERO_H4, [
      { key: [0n, 0n, 0n, 0n], value },
      { key: [1n, 0n, 0n, 0n], value: 3n },
    ]);
    const branch = (await store.get(root))!;
    expect(branch.length).toBe(12);
    expect(branch.slice(8)).toEqual([0n, 0n, 0n, 0n]);
    const left = branch.slice(0, 4) as unknown as H4;
    expect(poseidon(branch.slice(0, 8), branch.slice(8))).toEqual(root);
    const leaf = (await store.get(left))!;
    expect(leaf.slice(8)).toEqual([1n, 0n, 0n, 0n]);
    expect(leaf.slice(0, 4)).toEqual([0n, 0n, 0n, 0n]);
    const valueNode = (await store.get(leaf.slice(4, 8) as unknown as H4))!;
    expect(valueNode).toEqual([5n, 0n, 0n, 0n, 0n, 0n, 256n, 0n]);
  });

  it("refuses bad keys and values with typed errors and stays usable", async () => {
    const smt = new Smt(new MemoryNodeStore());
    await expect(smt.set(ZERO_H4, [1n << 64n, 0n, 0n, 0n], 1n)).rejects.toMatchObject({ code: "INVALID_FIELD_ELEMENT" });
    await expect(smt.set(ZERO_H4, [1n, 0n, 0n] as unknown as H4, 1n)).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(smt.set(ZERO_H4, [1n, 0n, 0n, 0n], 1n << 256n)).rejects.toMatchObject({ code: "INVALID_VALUE" });
    await expect(smt.set(ZERO_H4, [1n, 0n, 0n, 0n], -1n)).rejects.toMatchObject({ code: "INVALID_VALUE" });
    await expect(smt.get([1n, 2n] as unknown as H4, [1n, 0n, 0n, 0n])).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await smt.set(ZERO_H4, [1n, 0n, 0n, 0n], 1n)).toEqual(buildRoot([{ key: [1n, 0n, 0n, 0n], value: 1n }]));
  });

  it("reports an unknown root as MISSING_NODE and recovers for the next call", async () => {
    const store = new MemoryNodeStore();
    const smt = new Smt(store);
    const unknown: H4 = [1n, 2n, 3n, 4n];
    await expect(smt.get(unknown, [1n, 0n, 0n, 0n])).rejects.toMatchObject({ code: "MISSING_NODE" });
    await expect(smt.set(unknown, [1n, 0n, 0n, 0n], 5n)).rejects.toMatchObject({ code: "MISSING_NODE" });
    const root = await smt.set(ZERO_H4, [1n, 0n, 0n, 0n], 5n);
    expect(await smt.get(root, [1n, 0n, 0n, 0n])).toBe(5n);
  });

  it("a read of the old root during a write still sees the old values", async () => {
    const store = new MemoryNodeStore();
    const smt = new Smt(store);
    const r = rng(4);
    const entries = Array.from({ length: 60 }, (_, i) => ({ key: clusteredKey(r), value: BigInt(i + 1) }));
    const root = await smt.setMany(ZERO_H4, entries);
    const writing = smt.setMany(
      root,
      entries.map((e) => ({ key: e.key, value: e.value + 1000n })),
    );
    const reads = await Promise.all(entries.map((e) => smt.get(root, e.key)));
    const next = await writing;
    expect(reads).toEqual(entries.map((e) => e.value));
    for (const e of entries) expect(await smt.get(next, e.key)).toBe(e.value + 1000n);
    for (const e of entries) expect(await smt.get(root, e.key)).toBe(e.value);
  });

  it("serializes concurrent writers so each sees a consistent tree", async () => {
    const smt = new Smt(new MemoryNodeStore());
    const base = await smt.set(ZERO_H4, [1n, 0n, 0n, 0n], 1n);
    const [a, b] = await Promise.all([smt.set(base, [2n, 0n, 0n, 0n], 2n), smt.set(base, [3n, 0n, 0n, 0n], 3n)]);
    expect(a).toEqual(buildRoot([{ key: [1n, 0n, 0n, 0n], value: 1n }, { key: [2n, 0n, 0n, 0n], value: 2n }]));
    expect(b).toEqual(buildRoot([{ key: [1n, 0n, 0n, 0n], value: 1n }, { key: [3n, 0n, 0n, 0n], value: 3n }]));
  });
});
