import { afterEach, describe, expect, it } from "vitest";
import { GOLDILOCKS_P as P } from "./goldilocks.js";
import { HASH_POSEIDON_ALL_ZEROES, keyBalance } from "./keys.js";
import { getPoseidonImpl, poseidon, setPoseidonImpl } from "./poseidon.js";
import { poseidonFast } from "./poseidonFast.js";
import { poseidonReference } from "./poseidonReference.js";
import { rng } from "./testRng.js";

// spec §5 V1 (zkevm-testvectors poseidon/raw-hash.json)
const V1: { inp: bigint[]; cap: bigint[]; out: bigint[] }[] = [
  { inp: Array(8).fill(0n), cap: Array(4).fill(0n), out: [4330397376401421145n, 14124799381142128323n, 8742572140681234676n, 14345658006221440202n] },
  { inp: Array(8).fill(1n), cap: Array(4).fill(1n), out: [16428316519797902711n, 13351830238340666928n, 682362844289978626n, 12150588177266359240n] },
  { inp: Array(8).fill(P - 1n), cap: Array(4).fill(P - 1n), out: [13691089994624172887n, 15662102337790434313n, 14940024623104903507n, 10772674582659927682n] },
  {
    inp: [923978n, 235763497586n, 9827635653498n, 112870n, 289273673480943876n, 230295874986745876n, 6254867324987n, 2087n],
    cap: Array(4).fill(0n),
    out: [1892171027578617759n, 984732815927439256n, 7866041765487844082n, 8161503938059336191n],
  },
];

/** Field elements biased to the edges where carries and reductions go wrong. */
function fieldElement(r: () => number): bigint {
  const edges = [0n, 1n, 2n, 0xffffffffn, 0x100000000n, P - 1n, P - 2n, P - 0x100000000n, 0xfffffffe00000000n, 1n << 63n];
  if (r() < 0.3) return edges[Math.floor(r() * edges.length)]!;
  const hi = BigInt(Math.floor(r() * 4294967296));
  const lo = BigInt(Math.floor(r() * 4294967296));
  return ((hi << 32n) | lo) % P;
}

describe("Goldilocks Poseidon", () => {
  afterEach(() => setPoseidonImpl(undefined));

  it.each([
    ["reference", poseidonReference],
    ["fast", poseidonFast],
  ])("%s implementation gives the V1 vectors", (_name, hash) => {
    for (const v of V1) expect(hash(v.inp, v.cap)).toEqual(v.out);
  });

  it("fast implementation equals the reference on 1500 random and edge inputs", () => {
    const r = rng(7);
    for (let n = 0; n < 1500; n++) {
      const inp = Array.from({ length: 8 }, () => fieldElement(r));
      const cap = Array.from({ length: 4 }, () => fieldElement(r));
      expect(poseidonFast(inp, cap)).toEqual(poseidonReference(inp, cap));
    }
  });

  it("reduces inputs between p and 2^64 like upstream's F.e", () => {
    const inp = [P, P + 1n, 0xffffffffffffffffn, 3n, 4n, 5n, 6n, 7n];
    const reduced = inp.map((x) => x % P);
    expect(poseidonFast(inp, [0n, 0n, 0n, 0n])).toEqual(poseidonReference(reduced, [0n, 0n, 0n, 0n]));
  });

  it("outputs canonical field elements", () => {
    const r = rng(11);
    for (let n = 0; n < 200; n++) {
      const out = poseidonFast(Array.from({ length: 8 }, () => fieldElement(r)), [0n, 0n, 0n, 0n]);
      for (const x of out) expect(x < P).toBe(true);
    }
  });

  it("HASH_POSEIDON_ALL_ZEROES is H(0^8, 0^4)", () => {
    expect(poseidon(Array(8).fill(0n), [0n, 0n, 0n, 0n])).toEqual(HASH_POSEIDON_ALL_ZEROES);
  });

  it("rejects wrong arity and elements outside 64 bits with a typed error", () => {
    expect(() => poseidonFast([0n], [0n, 0n, 0n, 0n])).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    expect(() => poseidonFast(Array(8).fill(1n << 64n), [0n, 0n, 0n, 0n])).toThrow(expect.objectContaining({ code: "INVALID_FIELD_ELEMENT" }));
    expect(() => poseidonFast(Array(8).fill(-1n), [0n, 0n, 0n, 0n])).toThrow(expect.objectContaining({ code: "INVALID_FIELD_ELEMENT" }));
  });

  it("routes keys through a plugged-in implementation and restores the default", () => {
    const calls: number[] = [];
    setPoseidonImpl({
      name: "counting-reference",
      hash: (inp, cap) => {
        calls.push(1);
        return poseidonReference(inp, cap);
      },
    });
    expect(getPoseidonImpl().name).toBe("counting-reference");
    const viaPlugin = keyBalance("0x617b3a3528F9cDd6630fd3301B9c8911F7Bf063D");
    expect(calls.length).toBe(1);
    setPoseidonImpl(undefined);
    expect(getPoseidonImpl().name).toBe("ts-f64");
    expect(keyBalance("0x617b3a3528F9cDd6630fd3301B9c8911F7Bf063D")).toEqual(viaPlugin);
  });
});
