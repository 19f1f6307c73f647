/** Inputs shared by the curve benchmarks: `--sizes` parsing and random G1 points and Fr scalars in the WASM's layouts. */
import { randomBytes } from "node:crypto";
import { FR_MODULUS, G1_BYTES, leToScalar, scalarToLe, type ProverWasm } from "../../prover-wasm/loader.js";

/** `--sizes 12,14` as log2 sizes, or `fallback` when the flag is absent. */
export function parseSizes(args: string[], fallback: string): number[] {
  const i = args.indexOf("--sizes");
  return ((i >= 0 ? args[i + 1] : undefined) ?? fallback).split(",").map((s) => {
    const v = Number(s);
    if (!Number.isInteger(v) || v < 1 || v > 22) throw new Error(`--sizes takes log2 sizes 1..22, got ${s}`);
    return v;
  });
}

/** n random distinct points: a random walk P_{i+1} = P_i + R over WASM affine additions (cheap to build). */
export function randomPoints(w: ProverWasm, n: number): Uint8Array {
  const { g1 } = w.generators();
  const step = w.g1Mul(g1, leToScalar(randomBytes(32)) % FR_MODULUS);
  const out = new Uint8Array(n * G1_BYTES);
  let p = w.g1Mul(g1, leToScalar(randomBytes(32)) % FR_MODULUS);
  for (let i = 0; i < n; i++) {
    out.set(p, i * G1_BYTES);
    p = w.g1Add(p, step);
  }
  return out;
}

/** n random canonical Fr elements, 32 bytes little-endian each. */
export function randomScalars(n: number): Uint8Array {
  const out = new Uint8Array(n * 32);
  for (let i = 0; i < n; i++) out.set(scalarToLe(leToScalar(randomBytes(32)) % FR_MODULUS), i * 32);
  return out;
}
