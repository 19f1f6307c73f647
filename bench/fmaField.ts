/**
 * `npm run bench -- fma-field [--block 512]`: the relaxed-SIMD FMA prototype of BN254 Fq arithmetic
 * (bench/lib/fmaField.ts) against the prover, in one run:
 * - the Montgomery product: one dependent chain (latency; each call carries two lanes) and two or three independent
 *   chains (throughput), against the product the prover runs (the WASM build the loader picks; dependent chain);
 * - the MSM's inner step, affine pair additions with one shared inversion per block (denominators and running
 *   product, backward pass, additions), against a single-thread G1 MSM of the prover over a resident table (as a
 *   proof runs it), per addition it performs (counted from its bucket statistics: see `proverAdditions`).
 * Every result is checked against BigInt before it is timed.
 */
import { setFlagsFromString } from "node:v8";
import { defaultBuildChoice, loadProverWasm, type ProverWasm } from "../prover-wasm/loader.js";
import { Groth16Wasm } from "../node-services/prover/groth16Wasm.js";
import { proverModule } from "../node-services/prover/wasmModule.js";
import { randomPoints, randomScalars } from "./lib/curveInputs.js";
import { bestOf } from "./lib/bestOf.js";
import { PAIR_BYTES, affineBlock, affineSum, fmaKernels, montProduct, pairs, randomElement, relaxedFmaAvailable } from "./lib/fmaField.js";
import { report } from "./report.js";

/**
 * The affine additions a single-thread G1 MSM of n points does in `prover-wasm/src/msm`: GLV halves (2n points, 128
 * bits), the window `w` picks by its own cost model, per window every point after the first in its bucket, then the
 * grid reduction's two additions per used bucket. Expected values for uniformly random scalars.
 */
export function proverAdditions(w: ProverWasm, n: number): number {
  const points = 2 * n;
  const c = w.msmWindowBits(points, 128);
  const windows = Math.ceil(128 / c);
  const buckets = 2 ** (c - 1);
  const used = buckets * (1 - Math.exp(-points / buckets));
  return windows * (points - used + 2 * used);
}

export async function run(args: string[]): Promise<void> {
  if (!(await relaxedFmaAvailable())) {
    console.log("fma-field: this runtime has no fused f64x2.relaxed_madd (relaxed SIMD off, or a CPU without FMA)");
    return;
  }
  const blockAt = args.indexOf("--block");
  const block = blockAt >= 0 ? Number(args[blockAt + 1]) : 512;
  if (!Number.isInteger(block) || block < 1 || block > 1024) throw new Error(`--block takes 1..1024 pairs of lanes, got ${args[blockAt + 1]}`);
  // as the prover's workers compile (wasmModule.ts): optimised code from the first call, for both sides
  setFlagsFromString("--no-wasm-dynamic-tiering");
  setFlagsFromString("--no-liftoff");
  const w = await loadProverWasm();
  const proverNs = w.fqOpNs("mul");
  console.log(`prover's product (${defaultBuildChoice()?.file ?? "single build"}): ${proverNs.toFixed(1)} ns (dependent chain)`);

  const iters = 1_000_000;
  for (const chains of [1, 2, 3]) {
    const k = await fmaKernels(chains);
    const m = pairs(k.memory);
    const [a, b, out] = [0, chains * PAIR_BYTES, (chains + 1) * PAIR_BYTES];
    const inputs = Array.from({ length: 2 * chains }, randomElement);
    const y = randomElement();
    for (let c = 0; c < chains; c++) m.put(a + c * PAIR_BYTES, inputs[2 * c]!, inputs[2 * c + 1]!);
    m.put(b, y, y);
    k.chain(a, b, out, 3);
    inputs.forEach((x, i) => {
      const want = montProduct(montProduct(montProduct(x, y), y), y);
      if (m.get(out + Math.floor(i / 2) * PAIR_BYTES, (i % 2) as 0 | 1) !== want) throw new Error("FMA product differs from BigInt");
    });
    k.chain(a, b, out, iters / 10);
    const ns = ((await bestOf(5, () => k.chain(a, b, out, iters))) * 1e6) / (iters * 2 * chains);
    const what = chains === 1 ? "product, one dependent chain (two lanes)" : `product, ${chains} independent chains (two lanes each)`;
    console.log(`FMA ${what}: ${ns.toFixed(1)} ns, ${(proverNs / ns).toFixed(2)}x the prover's`);
    report({ bench: "fma-field", case: what, ours: ns, peer: proverNs, unit: "ns", ratio: proverNs / ns, peerName: "prover Fq product (dependent chain)" });
  }

  const blockKernels = await affineBlock(block);
  const inputs = Array.from({ length: 2 * block }, () => ({ xp: randomElement(), yp: randomElement(), xq: randomElement(), yq: randomElement() }));
  const sums = blockKernels.run(inputs);
  inputs.forEach((input, i) => {
    const want = affineSum(input);
    if (sums[i]!.x !== want.x || sums[i]!.y !== want.y) throw new Error("FMA affine addition differs from BigInt");
  });
  const fmaNs = ((await bestOf(20, blockKernels.kernels)) * 1e6) / (2 * block);
  const log = 15;
  const g16 = new Groth16Wasm(proverModule());
  const handle = g16.call("table_load", "bench points", [1, randomPoints(w, 1 << log)]);
  const msmArgs = [new DataView(handle.buffer, handle.byteOffset, 4).getUint32(0, true), randomScalars(1 << log)];
  g16.call("table_msm", "bench MSM", msmArgs);
  const proverPerAddition = ((await bestOf(3, () => g16.call("table_msm", "bench MSM", msmArgs))) * 1e6) / proverAdditions(w, 1 << log);
  const what = `affine addition in a block of ${2 * block} (one shared inversion per lane)`;
  console.log(`FMA ${what}: ${fmaNs.toFixed(0)} ns; the prover's G1 MSM of 2^${log} points (resident table, one thread): ${proverPerAddition.toFixed(0)} ns per addition, digits and buckets included`);
  report({ bench: "fma-field", case: what, ours: fmaNs, peer: proverPerAddition, unit: "ns", ratio: proverPerAddition / fmaNs, peerName: `prover G1 MSM 2^${log} per modelled addition (resident table)` });
}
