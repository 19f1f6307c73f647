import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FQ_MODULUS, FR_MODULUS, leToScalar, loadProverWasm, scalarToLe, type ProverWasm } from "../../../prover-wasm/loader.js";
import type { GpuBackend } from "./backend.js";
import { testGpuBackend } from "./testGpu.js";

const R = 1n << 256n;
const moduli = { fr: FR_MODULUS, fq: FQ_MODULUS } as const;

function edgeAndRandom(p: bigint, randoms: number): bigint[] {
  const edge = [0n, 1n, 2n, p - 1n, p - 2n, (p - 1n) / 2n, (p + 1n) / 2n, (1n << 255n) % p, R % p, (p * p) % R % p];
  const rand = Array.from({ length: randoms }, () => leToScalar(randomBytes(32)) % p);
  return [...edge, ...rand];
}

/** Montgomery bytes of x (x·2^256 mod p), as prover-wasm stores them. */
function mont(x: bigint, p: bigint): Uint8Array {
  return scalarToLe((x * R) % p);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.length * 32);
  parts.forEach((p, i) => out.set(p, i * 32));
  return out;
}

describe("WGSL BN254 field arithmetic (Montgomery, 8×32-bit limbs)", () => {
  let gpu: GpuBackend;
  let wasm: ProverWasm;
  beforeAll(async () => {
    gpu = await testGpuBackend();
    wasm = await loadProverWasm();
  });
  afterAll(() => gpu?.destroy());

  for (const field of ["fr", "fq"] as const) {
    it(`${field} add/sub/mul match BigInt and prover-wasm on edge and random pairs`, async () => {
      const p = moduli[field];
      const vals = edgeAndRandom(p, 22);
      // every edge value against every edge value, plus random pairs
      const pairs: [bigint, bigint][] = [];
      for (const a of vals) for (const b of vals.slice(0, 10)) pairs.push([a, b]);
      const aBytes = concat(pairs.map(([a]) => mont(a, p)));
      const bBytes = concat(pairs.map(([, b]) => mont(b, p)));
      for (const op of ["add", "sub", "mul"] as const) {
        const out = await gpu.fieldOp(field, op, aBytes, bBytes);
        // the WASM reference on the same Montgomery bytes: its op on canonical values, then back to Montgomery
        for (let i = 0; i < pairs.length; i++) {
          const [a, b] = pairs[i]!;
          const want = op === "add" ? (a + b) % p : op === "sub" ? (a - b + p) % p : (a * b) % p;
          const got = out.subarray(i * 32, i * 32 + 32);
          expect(leToScalar(got), `${field} ${a} ${op} ${b}`).toBe((want * R) % p);
          if (i % 37 === 0) expect(wasm.fieldOp(field, op, a, b)).toBe(want);
        }
        expect(Buffer.from(wasm.fromMont(field, out))).toEqual(Buffer.from(concat(pairs.map(([a, b]) => scalarToLe(op === "add" ? (a + b) % p : op === "sub" ? (a - b + p) % p : (a * b) % p)))));
      }
    });
  }

  it("rejects operands of different lengths with BAD_INPUT", async () => {
    await expect(gpu.fieldOp("fr", "add", new Uint8Array(64), new Uint8Array(32))).rejects.toMatchObject({ code: "BAD_INPUT" });
  });
});
