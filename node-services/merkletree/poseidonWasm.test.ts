import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GOLDILOCKS_P as P } from "./goldilocks.js";
import { getPoseidonImpl, poseidon, setPoseidonImpl, type PoseidonImpl } from "./poseidon.js";
import { poseidonReference } from "./poseidonReference.js";
import { useWasmPoseidon, wasmPoseidon } from "./poseidonWasm.js";
import { rng } from "./testRng.js";

const edges = [0n, 1n, 2n, 0xffffffffn, 0x100000000n, P - 1n, P - 2n, P - 0x100000000n, 0xfffffffe00000000n, 1n << 63n, P, 0xffffffffffffffffn];

describe("Goldilocks Poseidon on prover-wasm", () => {
  let impl: PoseidonImpl;
  beforeAll(async () => {
    impl = await wasmPoseidon();
  });
  afterEach(() => setPoseidonImpl(undefined));

  it("equals the BigInt reference on 2000 inputs biased to carry and reduction edges (lanes up to 2^64 - 1)", () => {
    const r = rng(23);
    const lane = () => (r() < 0.4 ? edges[Math.floor(r() * edges.length)]! : (BigInt(Math.floor(r() * 2 ** 32)) << 32n) | BigInt(Math.floor(r() * 2 ** 32)));
    for (let n = 0; n < 2000; n++) {
      const inp = Array.from({ length: 8 }, lane);
      const cap = Array.from({ length: 4 }, lane);
      // the reference takes field elements; lanes in [p, 2^64) are reduced first, as upstream's F.e does
      expect(impl.hash(inp, cap)).toEqual(poseidonReference(inp.map((x) => x % P), cap.map((x) => x % P)));
    }
  });

  it("rejects wrong arity and lanes outside 64 bits with the merkle tree's error codes", () => {
    expect(() => impl.hash([0n], [0n, 0n, 0n, 0n])).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    expect(() => impl.hash(Array(8).fill(1n << 64n), [0n, 0n, 0n, 0n])).toThrow(expect.objectContaining({ code: "INVALID_FIELD_ELEMENT" }));
    expect(() => impl.hash(Array(8).fill(-1n), [0n, 0n, 0n, 0n])).toThrow(expect.objectContaining({ code: "INVALID_FIELD_ELEMENT" }));
  });

  it("useWasmPoseidon makes it the process-wide hash", async () => {
    expect(await useWasmPoseidon()).toEqual({ name: "wasm" });
    expect(getPoseidonImpl().name).toBe("wasm");
    const inp = [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n];
    expect(poseidon(inp, [9n, 0n, 0n, 0n])).toEqual(poseidonReference(inp, [9n, 0n, 0n, 0n]));
  });
});
