/** Inputs shared by the curve benchmarks: `--sizes` parsing and random G1/G2 points and Fr scalars in the WASM's layouts. */
import { randomBytes } from "node:crypto";
import { FR_MODULUS, G1_BYTES, G2_BYTES, leToScalar, scalarToLe, type ProverWasm } from "../../prover-wasm/loader.js";

/** `--sizes 12,14` as log2 sizes, or `fallback` when the flag is absent. */
export function parseSizes(args: string[], fallback: string): number[] {
  const i = args.indexOf("--sizes");
  return ((i >= 0 ? args[i + 1] : undefined) ?? fallback).split(",").map((s) => {
    const v = Number(s);
    if (!Number.isInteger(v) || v < 1 || v > 22) throw new Error(`--sizes takes log2 sizes 1..22, got ${s}`);
    return v;
  });
}

/** n random distinct G1 points: a random walk P_{i+1} = P_i + R over WASM affine additions (cheap to build). */
export function randomPoints(w: ProverWasm, n: number): Uint8Array {
  return randomWalk(n, G1_BYTES, w.generators().g1, (p, k) => w.g1Mul(p, k), (p, q) => w.g1Add(p, q));
}

/** As `randomPoints` on G2. */
export function randomG2Points(w: ProverWasm, n: number): Uint8Array {
  return randomWalk(n, G2_BYTES, w.generators().g2, (p, k) => w.g2Mul(p, k), (p, q) => w.g2Add(p, q));
}

function randomWalk(
  n: number,
  size: number,
  generator: Uint8Array,
  mul: (p: Uint8Array, k: bigint) => Uint8Array,
  add: (p: Uint8Array, q: Uint8Array) => Uint8Array,
): Uint8Array {
  const step = mul(generator, leToScalar(randomBytes(32)) % FR_MODULUS);
  const out = new Uint8Array(n * size);
  let p = mul(generator, leToScalar(randomBytes(32)) % FR_MODULUS);
  for (let i = 0; i < n; i++) {
    out.set(p, i * size);
    p = add(p, step);
  }
  return out;
}

/** n random canonical Fr elements, 32 bytes little-endian each. */
export function randomScalars(n: number): Uint8Array {
  const out = new Uint8Array(n * 32);
  for (let i = 0; i < n; i++) out.set(scalarToLe(leToScalar(randomBytes(32)) % FR_MODULUS), i * 32);
  return out;
}
