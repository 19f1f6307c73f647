/**
 * Which backend runs each NTT and MSM stage of a proof, and the fall back to WASM when the GPU fails mid-job.
 * `webgpu` puts the G1 MSMs and the NTTs on the GPU (there is no G2 kernel: MSM B2 stays on WASM); `auto` measures
 * both backends once per adapter, thread count, stage kind and size and takes the faster. Every decision, and every
 * fall back, becomes a `ProofEvent`.
 */
import { ProverError } from "./errors.js";
import type { GpuBackend } from "./gpu/backend.js";
import { GpuError } from "./gpu/errors.js";
import type { ProverBackend } from "./options.js";
import { proofStages, type ProofEvent, type ProofStage, type StageBackend } from "./stages.js";

/** Stages of one kind and size run alike: a calibration measures a kind at a size. */
export type StageKind = "msm-g1" | "ntt";

/** The stages whose backend is chosen, with their kind and element count. */
export type StageSizes = Partial<Record<ProofStage, { kind: StageKind | "msm-g2"; n: number }>>;

/** Milliseconds for one run of a stage kind on `2^log` elements (`log` may be below the stage's size: see calibrationMaxLog). */
export interface Calibration {
  kind: StageKind;
  log: number;
  gpuMs: number;
  wasmMs: number;
}

export type Measure = (kind: StageKind, log: number) => Promise<Calibration>;

interface Placement {
  backend: StageBackend;
  reason: string;
}

const calibrations = new Map<string, Promise<Calibration>>();

/** The calibration for (adapter, threads, kind, log), measured once per process; a failed measurement is retried next time. */
function calibrated(key: string, measure: () => Promise<Calibration>): Promise<Calibration> {
  let c = calibrations.get(key);
  if (!c) {
    c = measure();
    calibrations.set(key, c);
    c.catch(() => calibrations.delete(key));
  }
  return c;
}

export interface PlanInput {
  want: ProverBackend;
  /** The GPU, or why there is none. */
  gpu: GpuBackend | { problem: string };
  sizes: StageSizes;
  threads: number;
  /** Largest calibration size (log2). */
  calibrationMaxLog: number;
  measure: Measure;
}

/** Decides every stage's backend; `webgpu` without a GPU is BACKEND_UNAVAILABLE, `auto` without one is WASM. */
export async function planStages(p: PlanInput): Promise<StageRunner> {
  const plan = new Map<ProofStage, Placement>();
  const gpu = "problem" in p.gpu ? null : p.gpu;
  if (p.want === "webgpu" && !gpu) {
    throw new ProverError("BACKEND_UNAVAILABLE", `the webgpu backend was asked for but there is no usable GPU: ${(p.gpu as { problem: string }).problem}`);
  }
  for (const [stage, { kind, n }] of Object.entries(p.sizes) as [ProofStage, { kind: StageKind | "msm-g2"; n: number }][]) {
    if (p.want === "wasm") plan.set(stage, { backend: "wasm", reason: "backend wasm was asked for" });
    else if (!gpu) plan.set(stage, { backend: "wasm", reason: `auto: no WebGPU (${(p.gpu as { problem: string }).problem})` });
    else if (kind === "msm-g2") plan.set(stage, { backend: "wasm", reason: "the GPU backend has no G2 MSM kernel" });
    else if (p.want === "webgpu") plan.set(stage, { backend: "webgpu", reason: `backend webgpu was asked for (${gpu.adapterInfo.name})` });
    else {
      const log = Math.min(Math.ceil(Math.log2(Math.max(n, 2))), p.calibrationMaxLog);
      const key = `${gpu.adapterInfo.name}|${p.threads}|${kind}|${log}`;
      const c = await calibrated(key, () => p.measure(kind, log));
      const backend: StageBackend = c.gpuMs < c.wasmMs ? "webgpu" : "wasm";
      plan.set(stage, {
        backend,
        reason: `auto: ${kind} at 2^${log} measured webgpu ${c.gpuMs.toFixed(1)} ms, wasm (${p.threads} threads) ${c.wasmMs.toFixed(1)} ms on ${gpu.adapterInfo.name}`,
      });
    }
  }
  return new StageRunner(gpu, plan);
}

/** Runs stages where the plan puts them; the GPU runs one stage at a time, WASM stages run beside it. */
export class StageRunner {
  private readonly done: ProofEvent[] = [];
  private gpuQueue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly gpu: GpuBackend | null,
    private readonly plan: Map<ProofStage, Placement>,
  ) {}

  /** The backend that runs (or ran) `stage`; undefined for stages without an MSM or NTT. */
  backendOf(stage: ProofStage): StageBackend | undefined {
    return this.plan.get(stage)?.backend;
  }

  /** The events in stage order. */
  get events(): ProofEvent[] {
    return [...this.done].sort((a, b) => proofStages.indexOf(a.stage) - proofStages.indexOf(b.stage));
  }

  async run<T>(stage: ProofStage, job: { gpu: (gpu: GpuBackend) => Promise<T>; wasm: () => Promise<T> }): Promise<T> {
    const placed = this.plan.get(stage) ?? { backend: "wasm", reason: "no backend choice for this stage" };
    let reason = placed.reason;
    let fallback = false;
    if (placed.backend === "webgpu") {
      const gpu = this.gpu;
      if (gpu && !gpu.isLost) {
        const start = performance.now();
        try {
          const r = await this.onGpu(() => job.gpu(gpu));
          this.done.push({ stage, backend: "webgpu", reason, ms: performance.now() - start });
          return r;
        } catch (e) {
          if (!(e instanceof GpuError)) throw e;
          reason = `${reason}; the GPU failed (${e.code}: ${e.message}): ran on WASM`;
        }
      } else {
        reason = `${reason}; the WebGPU device was lost earlier in this job: ran on WASM`;
      }
      fallback = true;
      this.plan.set(stage, { backend: "wasm", reason });
    }
    const start = performance.now();
    const r = await job.wasm();
    this.done.push({ stage, backend: "wasm", reason, ...(fallback ? { fallback } : {}), ms: performance.now() - start });
    return r;
  }

  private onGpu<T>(fn: () => Promise<T>): Promise<T> {
    const r = this.gpuQueue.then(fn);
    this.gpuQueue = r.catch(() => undefined);
    return r;
  }
}
