/**
 * The Prover page's source in a node that proves locally: which backends exist (the WASM module is built; WebGPU finds
 * an adapter) and an MSM benchmark, both answered by one worker thread so the node's services never wait on them.
 */
import { existsSync, readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { ProverError } from "../../prover/errors.js";
import { findSwiftShaderIcd } from "../../prover/gpu/nodeGpu.js";
import { wasmPath } from "../../prover/wasmModule.js";
import { siblingModule, startModuleWorker } from "../../node/moduleWorker.js";
import { ApiError } from "../apiError.js";
import type { BenchmarkRequest, BenchmarkResult, BenchmarkPoint, ProverInfo } from "../nodeApi.js";
import type { ProverBenchSource } from "./createNodeApi.js";
import type { BenchReply, BenchTask } from "./proverBenchWorker.js";

type Task = BenchTask extends infer T ? (T extends BenchTask ? Omit<T, "id"> : never) : never;

export interface LocalProverBench extends ProverBenchSource {
  close(): Promise<void>;
}

function hasGpuDevice(): boolean {
  const dri = existsSync("/dev/dri") && readdirSync("/dev/dri").some((f) => f.startsWith("renderD"));
  return dri || existsSync("/dev/nvidia0") || process.platform !== "linux";
}

/**
 * Without a GPU device, Dawn needs a software Vulkan driver, and SwiftShader (shipped by Chromium) is the one that works.
 * Set here, in the main thread: the driver loader reads the process environment, which a worker's `process.env` is not.
 */
function chooseVulkanDriver(): { software: boolean } {
  if (process.env.VK_ICD_FILENAMES || hasGpuDevice()) return { software: false };
  const icd = findSwiftShaderIcd();
  if (icd) process.env.VK_ICD_FILENAMES = icd;
  return { software: icd !== undefined };
}

export function createLocalProverBench(): LocalProverBench {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let running: Promise<unknown> = Promise.resolve();
  let probe: Promise<{ adapter: string | null; detail: string }> | undefined;

  function spawn(): Worker {
    const w = startModuleWorker(siblingModule(import.meta.url, "proverBenchWorker"), { softwareGpu: chooseVulkanDriver().software });
    w.unref();
    w.on("message", (m: BenchReply) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.ok) p?.resolve(m.result);
      else p?.reject(new ApiError("UNAVAILABLE", m.error));
    });
    w.on("error", (e) => fail(new ApiError("INTERNAL", `the benchmark worker failed: ${e.message}`)));
    w.on("exit", (code) => fail(new ApiError("INTERNAL", `the benchmark worker exited (code ${code})`)));
    return w;
  }

  function fail(e: ApiError): void {
    worker = undefined;
    probe = undefined;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  }

  /** One task at a time: two benchmarks at once would time each other. */
  function run<T>(task: Task): Promise<T> {
    const next = running.then(
      () =>
        new Promise<T>((resolve, reject) => {
          worker ??= spawn();
          const id = nextId++;
          pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
          worker.postMessage({ ...task, id });
        }),
    );
    running = next.catch(() => undefined);
    return next;
  }

  function wasmDetail(): { available: boolean; detail: string } {
    try {
      const path = wasmPath();
      return { available: existsSync(path), detail: "prover-wasm (BN254, Pippenger MSM); one instance per worker thread" };
    } catch (e) {
      return { available: false, detail: e instanceof ProverError ? e.message : String(e) };
    }
  }

  return {
    async info(): Promise<ProverInfo> {
      probe ??= run<{ adapter: string | null; detail: string }>({ kind: "probe" });
      const gpu = await probe;
      const w = wasmDetail();
      const cpus = availableParallelism();
      return {
        adapter: gpu.adapter,
        cpus,
        backends: [
          { name: "wasm", available: w.available, detail: w.detail, threads: cpus },
          { name: "webgpu", available: gpu.adapter !== null, detail: gpu.detail, threads: null },
        ],
      };
    },
    async benchmark(req: BenchmarkRequest): Promise<BenchmarkResult> {
      const points = await run<BenchmarkPoint[]>({ kind: "msm", backend: req.backend, log2Sizes: req.log2Sizes });
      return { backend: req.backend, kernel: "msm-g1", points };
    },
    async close() {
      const w = worker;
      fail(new ApiError("UNAVAILABLE", "the node is stopping"));
      await w?.terminate();
    },
  };
}
