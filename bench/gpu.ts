/**
 * `npm run bench -- gpu [--sizes 12,14,16]`: G1 MSM and Fr NTT on the WebGPU backend vs prover-wasm (one thread),
 * same inputs, results checked equal; prints the adapter. On SwiftShader (no GPU) the GPU side is a CPU emulation.
 * First, the limb-size measurement: Fr Montgomery multiplications/s in 20×13-bit limbs vs the kernels' 8×32-bit limbs.
 */
import { loadProverWasm } from "../prover-wasm/loader.js";
import { createGpuBackend, type GpuBackend } from "../node-services/prover/gpu/backend.js";
import { createNodeGpu, findSwiftShaderIcd } from "../node-services/prover/gpu/nodeGpu.js";
import { FR_MODULUS, leToBigint } from "../node-services/prover/gpu/frConstants.js";
import { bestOf } from "./lib/bestOf.js";
import { parseSizes, randomPoints, randomScalars } from "./lib/curveInputs.js";
import { report } from "./report.js";

export async function run(args: string[]): Promise<void> {
  const sizes = parseSizes(args, "12");
  const w = await loadProverWasm();
  const icd = process.env.VK_ICD_FILENAMES ? undefined : findSwiftShaderIcd();
  const gpu = await createGpuBackend(await createNodeGpu(icd ? { vulkanIcd: icd } : {}));
  const adapter = gpu.adapterInfo.name;
  console.log(`adapter: ${adapter}`);
  try {
    await compareLimbs(gpu, adapter);
    for (const log of sizes) {
      const n = 1 << log;
      const points = randomPoints(w, n);
      const scalars = randomScalars(n);
      // first call compiles the pipelines: not timed
      const t0 = performance.now();
      const got = await gpu.msmG1(points, scalars);
      const firstMs = performance.now() - t0;
      if (Buffer.compare(Buffer.from(got), Buffer.from(w.msmG1(points, scalars))) !== 0) throw new Error(`GPU MSM differs from WASM at 2^${log}`);
      const gpuMs = await bestOf(2, () => gpu.msmG1(points, scalars));
      const wasmMs = await bestOf(2, () => w.msmG1(points, scalars));
      console.log(`msm G1 2^${log}: webgpu ${gpuMs.toFixed(0)} ms (first call ${firstMs.toFixed(0)} ms), wasm ${wasmMs.toFixed(0)} ms, ratio ${(wasmMs / gpuMs).toFixed(3)}x`);
      report({ bench: "gpu", case: `msm G1 2^${log}`, ours: gpuMs, peer: wasmMs, unit: "ms", ratio: wasmMs / gpuMs, peerName: "prover-wasm msmG1 (1 thread)", adapter, firstCallMs: firstMs });

      const v = w.toMont("fr", randomScalars(n));
      const g = await gpu.ntt(v);
      if (Buffer.compare(Buffer.from(g), Buffer.from(w.ntt(v))) !== 0) throw new Error(`GPU NTT differs from WASM at 2^${log}`);
      const gpuNtt = await bestOf(3, () => gpu.ntt(v));
      const wasmNtt = await bestOf(3, () => w.ntt(v));
      console.log(`ntt Fr 2^${log}: webgpu ${gpuNtt.toFixed(1)} ms, wasm ${wasmNtt.toFixed(1)} ms, ratio ${(wasmNtt / gpuNtt).toFixed(3)}x`);
      report({ bench: "gpu", case: `ntt Fr 2^${log}`, ours: gpuNtt, peer: wasmNtt, unit: "ms", ratio: wasmNtt / gpuNtt, peerName: "prover-wasm ntt (1 thread)", adapter });
    }
  } finally {
    gpu.destroy();
  }
}

/**
 * Chained multiplications per representation, long enough that launch and copies are noise: 2^16 threads × 256 on a
 * GPU (enough threads to fill one), 2^12 × 64 on SwiftShader, which emulates the GPU on the CPU at ~0.4 M/s.
 */
async function compareLimbs(gpu: GpuBackend, adapter: string): Promise<void> {
  const emulated = /swiftshader/i.test(adapter);
  const threads = emulated ? 1 << 12 : 1 << 16;
  const iters = emulated ? 64 : 256;
  const a = Array.from({ length: threads }, () => leToBigint(randomScalars(1)));
  const b = a.map((x) => (x * 7n + 3n) % FR_MODULUS);
  const [r32, r13] = [await gpu.frMulChain("32x8", a, b, iters), await gpu.frMulChain("13x20", a, b, iters)];
  if (r32.some((x, i) => x !== r13[i])) throw new Error("the 13x20 and 32x8 multiplications disagree");
  const ms32 = await bestOf(3, () => gpu.frMulChain("32x8", a, b, iters));
  const ms13 = await bestOf(3, () => gpu.frMulChain("13x20", a, b, iters));
  const mulsPerMs = (threads * iters) / 1000;
  console.log(`fr mul: 13x20 limbs ${(mulsPerMs / ms13).toFixed(1)} M/s, 32x8 limbs ${(mulsPerMs / ms32).toFixed(1)} M/s, ratio ${(ms32 / ms13).toFixed(3)}x`);
  report({ bench: "gpu", case: `fr mul ${threads}x${iters}, 13x20 vs 32x8 limbs`, ours: ms13, peer: ms32, unit: "ms", ratio: ms32 / ms13, peerName: "field.wgsl 8x32-bit limbs", adapter });
}
