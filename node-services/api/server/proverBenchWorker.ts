/**
 * Runs the Prover page's benchmark off the node's main thread: times one BN254 G1 MSM per size on the WASM prover
 * (one instance, one thread) or on the WebGPU backend, and probes which GPU adapter WebGPU would use.
 */
import { randomBytes } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";
import { FR_MODULUS, G1_BYTES, leToScalar, loadProverWasm, scalarToLe, type ProverWasm } from "../../../prover-wasm/loader.js";
import { createGpuBackend, type GpuBackend } from "../../prover/gpu/backend.js";
import { createNodeGpu } from "../../prover/gpu/nodeGpu.js";
import { proverModule } from "../../prover/wasmModule.js";
import type { BenchmarkPoint, ProverBackendName } from "../nodeApi.js";

export type BenchTask = { id: number; kind: "probe" } | { id: number; kind: "msm"; backend: ProverBackendName; log2Sizes: number[] };
export type BenchReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

let wasm: ProverWasm | undefined;
let gpu: Promise<{ backend: GpuBackend; software: boolean }> | undefined;

/** Set by the parent, which chose the Vulkan driver (a worker cannot change the environment the driver loader reads). */
const { softwareGpu } = workerData as { softwareGpu: boolean };

function gpuBackend() {
  gpu ??= (async () => ({ backend: await createGpuBackend(await createNodeGpu()), software: softwareGpu }))();
  return gpu;
}

/** n distinct points as a random walk P_{i+1} = P_i + R (cheap: one addition per point) and n random scalars. */
function inputs(w: ProverWasm, n: number): { points: Uint8Array; scalars: Uint8Array } {
  const { g1 } = w.generators();
  const step = w.g1Mul(g1, leToScalar(randomBytes(32)) % FR_MODULUS);
  const points = new Uint8Array(n * G1_BYTES);
  const scalars = new Uint8Array(n * 32);
  let p = w.g1Mul(g1, leToScalar(randomBytes(32)) % FR_MODULUS);
  for (let i = 0; i < n; i++) {
    points.set(p, i * G1_BYTES);
    p = w.g1Add(p, step);
    scalars.set(scalarToLe(leToScalar(randomBytes(32)) % FR_MODULUS), i * 32);
  }
  return { points, scalars };
}

async function msm(backend: ProverBackendName, log2Sizes: number[]): Promise<BenchmarkPoint[]> {
  wasm ??= await loadProverWasm(proverModule());
  const g = backend === "webgpu" ? (await gpuBackend()).backend : undefined;
  const out: BenchmarkPoint[] = [];
  for (const log2Size of log2Sizes) {
    const n = 2 ** log2Size;
    const { points, scalars } = inputs(wasm, n);
    const run = g ? () => g.msmG1(points, scalars) : async () => wasm!.msmG1(points, scalars);
    await run(); // warm-up: shader compilation, JIT, table setup
    let ms = Infinity;
    // Best of three: the machine is shared, and the least disturbed run is the kernel's speed.
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await run();
      ms = Math.min(ms, performance.now() - t);
    }
    out.push({ log2Size, ms, pointsPerSec: (n / ms) * 1000 });
  }
  return out;
}

async function probe(): Promise<{ adapter: string | null; detail: string }> {
  try {
    const { backend, software } = await gpuBackend();
    return { adapter: backend.adapterInfo.name, detail: software ? `${backend.adapterInfo.name} (software Vulkan: no GPU found)` : backend.adapterInfo.name };
  } catch (e) {
    gpu = undefined;
    return { adapter: null, detail: (e as Error).message };
  }
}

parentPort!.on("message", (task: BenchTask) => {
  const work = task.kind === "probe" ? probe() : msm(task.backend, task.log2Sizes);
  work.then(
    (result) => parentPort!.postMessage({ id: task.id, ok: true, result } satisfies BenchReply),
    (e: unknown) => parentPort!.postMessage({ id: task.id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies BenchReply),
  );
});
