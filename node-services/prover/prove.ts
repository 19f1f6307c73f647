/**
 * Groth16 proving as snarkjs does it, spread over a pool of WASM workers: the H chain (QAP evaluations, three
 * coset NTTs, join) runs ahead of the queue while the A, B1, B2 and C MSMs fill the other workers; each MSM is
 * split into point ranges whose partial sums are added in `finish`. With the webgpu or auto backend the NTTs and
 * G1 MSMs may run on the GPU instead (stageBackends.ts decides, and falls back to WASM if the GPU fails).
 * Emits progress per stage in stage order, honours an AbortSignal (workers are stopped at once) and never leaves
 * a caller waiting on a dead worker.
 */
import { createHash, randomBytes } from "node:crypto";
import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { ProverError } from "./errors.js";
import { g1ToJson, g2ToJson, leToBigInt, type Groth16Proof, type PublicSignals } from "./proofJson.js";
import { mainWasm, parseWitness, parseZkey, readInput, type WitnessInput, type ZkeyInput } from "./proofInputs.js";
import type { GpuBackend } from "./gpu/backend.js";
import { gpuMsmG1, gpuProblem, openNodeGpu } from "./gpuStages.js";
import { proverOptions, type ProverBackend } from "./options.js";
import type { WasmCall } from "./proverWorker.js";
import { planStages, type Calibration, type StageKind, type StageRunner } from "./stageBackends.js";
import { type ProofEvent, type ProofProgress, type ProofStage, type StageBackend } from "./stages.js";
import { verifyProofBytes } from "./verify.js";
import { proverModule } from "./wasmModule.js";
import { siblingModule } from "../node/moduleWorker.js";
import { WorkerPool } from "./workerPool.js";

export interface ProveOptions {
  backend?: ProverBackend;
  /** Worker threads (default: the machine's parallelism). */
  threads?: number;
  onProgress?: (p: ProofProgress) => void;
  signal?: AbortSignal;
  /** Verify the proof before returning it (default on): a witness that does not satisfy the circuit fails here. */
  selfCheck?: boolean;
  /**
   * The blinding factors r and s as 64 bytes (32 each; default: fresh random bytes per proof). Fixed values make a
   * proof reproducible, which only tests comparing backends need: a production proof must use secret random ones.
   */
  blinding?: Uint8Array;
}

export interface ProveResult {
  proof: Groth16Proof;
  publicSignals: PublicSignals;
  /** Where each NTT and MSM stage ran and why (the backend choice, auto's measurement, a fall back to WASM). */
  events: ProofEvent[];
}

/** Checks a backend name (from a flag or a config file) and returns it; no name means the default. */
export function resolveBackend(b: string | undefined): ProverBackend {
  const want = b ?? proverOptions.backend.default;
  if (want === "wasm" || want === "auto" || want === "webgpu") return want;
  throw new ProverError("INVALID_ARGUMENT", `unknown backend ${String(want)}: expected wasm, webgpu or auto`);
}

export interface Groth16ProverOptions {
  /** Worker threads (default: the machine's parallelism). */
  threads?: number;
  /** Opens the GPU for the webgpu and auto backends (default: Dawn in Node, `openNodeGpu`); called again after a device loss. */
  gpu?: () => Promise<GpuBackend>;
}

/** The stage kinds `Groth16Prover.timeStage` times: the NTTs, a G1 MSM, the G2 MSM. */
export type TimedStageKind = StageKind | "msm-g2";

/** One piece of work, repeatable, and what frees what its runs left in the workers. */
export interface StageRun {
  run: () => Promise<unknown>;
  dispose: () => void;
}

/** A zkey point table range checked, converted and kept in one worker's instance. */
interface ResidentTable {
  slot: number;
  generation: number;
  handle: number;
}

/**
 * A pool of prover workers kept across proofs (the aggregator's prover); `prove()` makes a one-off one.
 * The zkey's point tables stay converted in the workers between proofs with the same zkey.
 */
export class Groth16Prover {
  private pool: WorkerPool | null = null;
  private tables: { zkey: string; ranges: Map<string, ResidentTable> } | null = null;
  /**
   * The last zkey file read, kept while the file is unchanged (same device, inode, size and mtime): an aggregator
   * proves every batch with one zkey, and reading it costs more than any stage but the MSMs (2^16 constraints:
   * 34 MB, ~100 ms of a ~2 s proof on this project's machine, while the workers wait). Released by `close()`.
   */
  private lastZkey: { path: string; stamp: string; zkey: ZkeyInput } | null = null;
  private gpu: Promise<GpuBackend | { problem: string }> | null = null;
  private readonly openGpu: () => Promise<GpuBackend>;
  readonly threads: number;

  constructor(opts: Groth16ProverOptions = {}) {
    const t = opts.threads ?? Math.max(1, availableParallelism());
    if (!Number.isInteger(t) || t < 1 || t > 256) throw new ProverError("INVALID_ARGUMENT", `threads must be 1..256, got ${t}`);
    this.threads = t;
    this.openGpu = opts.gpu ?? openNodeGpu;
  }

  /** The GPU, opened on first use and kept; a lost one is dropped so the next proof opens a new one. */
  private async gpuBackend(): Promise<GpuBackend | { problem: string }> {
    const current = await this.gpu;
    if (current && "isLost" in current && current.isLost) {
      current.destroy();
      this.gpu = null;
    }
    this.gpu ??= this.openGpu().then(
      (g) => g,
      (e: unknown) => ({ problem: gpuProblem(e) }),
    );
    return this.gpu;
  }

  private workers(): WorkerPool {
    if (!this.pool) this.tables = null;
    this.pool ??= new WorkerPool({
      size: this.threads,
      workerUrl: siblingModule(import.meta.url, "proverWorker"),
      workerData: { module: proverModule() },
    });
    return this.pool;
  }

  /** The live pool (tests kill a worker through it to check that a crash rejects the proof). */
  get activePool(): WorkerPool | null {
    return this.pool;
  }

  async close(): Promise<void> {
    const p = this.pool;
    const gpu = this.gpu;
    this.pool = null;
    this.lastZkey = null;
    this.tables = null;
    this.gpu = null;
    await p?.terminate();
    const g = await gpu;
    if (g && "destroy" in g) g.destroy();
  }

  async prove(zkeyFile: string | Uint8Array, witnessFile: string | Uint8Array, opts: ProveOptions = {}): Promise<ProveResult> {
    const want = resolveBackend(opts.backend);
    if (opts.blinding && opts.blinding.byteLength !== 64) {
      throw new ProverError("INVALID_ARGUMENT", `blinding must be 64 bytes (r and s), got ${opts.blinding.byteLength}`);
    }
    const started = Date.now();
    const signal = opts.signal;
    let stages: StageRunner | null = null;
    const emit = (stage: ProofStage, fraction: number) => {
      const backend = stages?.backendOf(stage);
      opts.onProgress?.({ stage, fraction, elapsedMs: Date.now() - started, ...(backend ? { backend } : {}) });
    };
    const cancelled = () => new ProverError("CANCELLED", "the proof was cancelled");
    if (signal?.aborted) throw cancelled();
    const pool = this.workers();
    const onAbort = () => {
      if (this.pool === pool) this.pool = null;
      void pool.terminate(cancelled());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const check = () => {
      if (signal?.aborted) throw cancelled();
    };
    try {
      emit("load", 0);
      const zkey = await this.loadZkey(zkeyFile);
      const wtnsBytes = await readInput(witnessFile, "witness");
      emit("load", 1);
      check();
      emit("witness-check", 0);
      const witness = parseWitness(wtnsBytes, zkey.nVars);
      emit("witness-check", 1);
      check();
      const run = (t: WasmCall, transfer: ArrayBuffer[] = [], urgent = false) => pool.run<Uint8Array>(t, transfer, urgent);
      const tables = this.residentTables(pool, zkey);
      const w = witness.values;
      const pubEnd = (zkey.nPublic + 1) * 32;
      const g1 = (points: Uint8Array) => ({ kind: "msm-g1" as const, n: points.byteLength / 64 });
      stages = await planStages({
        want,
        gpu: want === "wasm" ? { problem: "not asked for" } : await this.gpuBackend(),
        sizes: { ntt: { kind: "ntt", n: zkey.domainSize }, "msm-a": g1(zkey.a), "msm-b1": g1(zkey.b1), "msm-b2": { kind: "msm-g2", n: zkey.b2.byteLength / 128 }, "msm-c": g1(zkey.c), "msm-h": g1(zkey.h) },
        threads: this.threads,
        calibrationMaxLog: proverOptions.calibrationMaxLog.default,
        measure: (kind, log) => this.calibrate(kind, log, zkey, pool),
      });
      check();
      const runner = stages;
      const progress = new InOrderProgress(emit);
      // All stages are independent except MSM H, which needs the H chain; it goes first in the queue.
      const hScalars = this.hPolynomial(zkey, witness, runner, (t, tr) => run(t, tr, true), (f) => progress.report("ntt", f));
      const msm = async (stage: ProofStage, group: 1 | 2, points: Uint8Array, scalars: Uint8Array | Promise<Uint8Array>) => {
        const s = await scalars;
        check();
        progress.report(stage, 0);
        const sums = await runner.run(stage, {
          gpu: (gpu) => gpuMsmG1(gpu, points, s),
          wasm: () => this.msm(stage, group, points, s, pool, tables, (f) => progress.report(stage, f)),
        });
        progress.report(stage, 1);
        return sums;
      };
      // B2 (G2, the longest) is queued first, so the last tasks are short ones that an idle worker can take over.
      const [b2, a, b1, c, h] = await Promise.all([
        msm("msm-b2", 2, zkey.b2, w),
        msm("msm-a", 1, zkey.a, w),
        msm("msm-b1", 1, zkey.b1, w),
        msm("msm-c", 1, zkey.c, w.subarray(pubEnd)),
        msm("msm-h", 1, zkey.h, hScalars),
      ]);
      check();
      const proofBytes = mainWasm().call(
        "finish",
        "proof",
        [zkey.header, a, b1, b2, c, h, opts.blinding?.subarray(0, 32) ?? randomBytes(32), opts.blinding?.subarray(32, 64) ?? randomBytes(32)],
        [6, 7],
      );
      const publicBytes = w.subarray(32, pubEnd);
      if (opts.selfCheck ?? proverOptions.selfCheck.default) {
        if (!verifyProofBytes(zkeyVerificationBytes(zkey), publicBytes, proofBytes)) {
          throw new ProverError(
            "WITNESS_UNSATISFIED",
            "the proof does not verify: the witness does not satisfy the circuit's constraints (or the zkey is not for this circuit)",
          );
        }
      }
      const publicSignals: string[] = [];
      for (let i = 0; i < zkey.nPublic; i++) publicSignals.push(leToBigInt(publicBytes.subarray(i * 32, i * 32 + 32)).toString());
      const proof: Groth16Proof = {
        pi_a: g1ToJson(proofBytes.subarray(0, 64)),
        pi_b: g2ToJson(proofBytes.subarray(64, 192)),
        pi_c: g1ToJson(proofBytes.subarray(192, 256)),
        protocol: "groth16",
        curve: "bn128",
      };
      emit("done", 1);
      return { proof, publicSignals, events: runner.events };
    } catch (e) {
      if (signal?.aborted) throw cancelled();
      throw e;
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  }

  private async loadZkey(file: string | Uint8Array): Promise<ZkeyInput> {
    if (typeof file !== "string") return parseZkey(file);
    const stamp = await stat(file, { bigint: true }).then(
      (s) => `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}`,
      () => null, // readInput says what is wrong with the path
    );
    if (stamp && this.lastZkey?.path === file && this.lastZkey.stamp === stamp) return this.lastZkey.zkey;
    this.lastZkey = null; // the old one goes before the new one is read
    const zkey = parseZkey(await readInput(file, "zkey"));
    if (stamp) this.lastZkey = { path: file, stamp, zkey };
    return zkey;
  }

  /**
   * A·B − C on the odd coset: QAP evaluations on one worker, the three coset transforms on three workers (or one
   * after the other on the GPU), join split.
   */
  private async hPolynomial(
    zkey: ZkeyInput,
    witness: WitnessInput,
    stages: StageRunner,
    run: (t: WasmCall, transfer?: ArrayBuffer[]) => Promise<Uint8Array>,
    progress: (f: number) => void,
  ): Promise<Uint8Array> {
    progress(0);
    const n = zkey.domainSize;
    // Copied and transferred: posting the views themselves would clone their whole backing buffers (the zkey
    // and witness files) on this thread and again on the worker's.
    const coefs = copyOf(zkey.coefs, 0, zkey.coefs.byteLength);
    const values = copyOf(witness.values, 0, witness.values.byteLength);
    const abc = await run({ fn: "build_abc", context: "zkey coefficients", args: [coefs, values, n] }, [coefs.buffer, values.buffer]);
    progress(0.2);
    let done = 0;
    const vectors = [0, 1, 2].map((k) => abc.subarray(k * n * 32, (k + 1) * n * 32));
    // a GPU failure part-way runs all three again on WASM; progress stays monotonic
    const step = <T>(r: T): T => (progress(0.2 + 0.2 * (done = Math.min(done + 1, 3))), r);
    const cosets = await stages.run("ntt", {
      gpu: async (gpu) => {
        const out: Uint8Array[] = [];
        for (const v of vectors) out.push(step(await gpu.oddCoset(v)));
        return out;
      },
      wasm: () =>
        Promise.all(
          vectors.map(async (v) => {
            const evals = copyOf(v, 0, v.byteLength);
            return step(await run({ fn: "odd_coset", context: "NTT", args: [evals] }, [evals.buffer]));
          }),
        ),
    });
    const [ca, cb, cc] = cosets as [Uint8Array, Uint8Array, Uint8Array];
    const chunks = this.ranges(n, 1024);
    const parts = await Promise.all(
      chunks.map(([lo, hi]) => {
        const args = [ca, cb, cc].map((v) => copyOf(v, lo * 32, hi * 32));
        return run({ fn: "join_abc", context: "H", args, ptrOnly: [0, 1] }, args.map((a) => a.buffer));
      }),
    );
    const out = new Uint8Array(n * 32);
    chunks.forEach(([lo], i) => out.set(parts[i]!, lo * 32));
    progress(1);
    return out;
  }

  /**
   * Times one kind of stage alone, as a proof runs it, at a zkey's size: the three odd-coset NTTs of its domain
   * ("ntt"), or one MSM with random scalars over its largest G1 table ("msm-g1") or its B2 table ("msm-g2", WASM
   * only: the GPU has no G2 kernel). One untimed run first (the workers convert and keep the points, the GPU
   * compiles its pipelines), then `reps` timed runs: their milliseconds. `prom-prover bench msm|ntt` prints these.
   */
  async timeStage(zkeyFile: string | Uint8Array, kind: TimedStageKind, opts: { backend?: StageBackend; reps?: number } = {}): Promise<number[]> {
    const reps = opts.reps ?? 1;
    if (!Number.isInteger(reps) || reps < 1) throw new ProverError("INVALID_ARGUMENT", `reps must be a positive integer, got ${reps}`);
    const zkey = await this.loadZkey(zkeyFile);
    const n = kind === "ntt" ? zkey.domainSize : kind === "msm-g2" ? zkey.b2.byteLength / 128 : largestG1Table(zkey).byteLength / 64;
    return timeRuns(await this.stageRun(kind, Math.ceil(Math.log2(Math.max(n, 1))), zkey, this.workers(), opts.backend ?? "wasm"), reps);
  }

  /** auto's measurement of one stage kind at 2^log elements on both backends (`stageRun`), each once untimed first. */
  private async calibrate(kind: StageKind, log: number, zkey: ZkeyInput, pool: WorkerPool): Promise<Calibration> {
    const time = async (backend: StageBackend) => (await timeRuns(await this.stageRun(kind, log, zkey, pool, backend), 1))[0]!;
    const gpuMs = await time("webgpu");
    return { kind, log, gpuMs, wasmMs: await time("wasm") };
  }

  /**
   * One stage kind at 2^log elements on one backend, as a proof runs it: the three odd-coset NTTs (in parallel on
   * WASM, in turn on the GPU), or one MSM over the zkey's points (repeated up to 2^log) with random scalars.
   * `dispose` frees the point tables the workers keep for it.
   */
  private async stageRun(kind: TimedStageKind, log: number, zkey: ZkeyInput, pool: WorkerPool, backend: StageBackend): Promise<StageRun> {
    if (backend === "webgpu" && kind === "msm-g2") throw new ProverError("BACKEND_UNAVAILABLE", "the GPU has no G2 MSM kernel: G2 MSMs run on WASM");
    const gpu = backend === "webgpu" ? await this.gpuBackend() : null;
    if (gpu && "problem" in gpu) throw new ProverError("BACKEND_UNAVAILABLE", gpu.problem);
    const m = 1 << log;
    const nothing = () => undefined;
    if (kind === "ntt") {
      const v = randomBelowR(m);
      if (gpu) {
        const run = async () => {
          for (let k = 0; k < 3; k++) await gpu.oddCoset(v);
        };
        return { run, dispose: nothing };
      }
      return { run: () => Promise.all([0, 1, 2].map(() => pool.run({ fn: "odd_coset", context: "NTT timing", args: [v.slice()] }))), dispose: nothing };
    }
    const group = kind === "msm-g2" ? 2 : 1;
    const size = group === 2 ? 128 : 64;
    const src = group === 2 ? zkey.b2 : largestG1Table(zkey);
    const points = new Uint8Array(m * size);
    for (let at = 0; at < points.byteLength; at += src.byteLength) points.set(src.subarray(0, Math.min(src.byteLength, points.byteLength - at)), at);
    const scalars = randomBelowR(m);
    if (gpu) return { run: () => gpuMsmG1(gpu, points, scalars), dispose: nothing };
    const tables = new Map<string, ResidentTable>();
    return {
      run: () => this.msm(group === 2 ? "msm-b2" : "msm-a", group, points, scalars, pool, tables, nothing),
      dispose: () => {
        for (const t of tables.values()) {
          pool.runOn(t.slot, { fn: "table_free", context: "timing tables", args: [t.handle] }).catch(() => {
            // the worker is gone, and its tables with it
          });
        }
      },
    };
  }

  private ranges(n: number, minChunk: number): [number, number][] {
    const k = Math.max(1, Math.min(this.threads * proverOptions.msmChunksPerThread.default, Math.ceil(n / minChunk)));
    const out: [number, number][] = [];
    for (let i = 0; i < k; i++) {
      const lo = Math.floor((i * n) / k);
      const hi = Math.floor(((i + 1) * n) / k);
      if (hi > lo) out.push([lo, hi]);
    }
    return out;
  }

  /** The tables resident for this zkey; those of another zkey are released first. */
  private residentTables(pool: WorkerPool, zkey: ZkeyInput): Map<string, ResidentTable> {
    const h = createHash("sha256").update(zkey.header);
    for (const t of [zkey.a, zkey.b1, zkey.b2, zkey.c, zkey.h]) h.update(String(t.byteLength));
    const id = h.digest("hex");
    if (this.tables?.zkey === id) return this.tables.ranges;
    for (const t of this.tables?.ranges.values() ?? []) {
      if (pool.generation(t.slot) !== t.generation) continue;
      pool.runOn(t.slot, { fn: "table_free", context: "zkey tables", args: [t.handle] }).catch(() => {
        // the worker is gone, and its tables with it
      });
    }
    this.tables = { zkey: id, ranges: new Map() };
    return this.tables.ranges;
  }

  /**
   * Partial sums of one MSM over point ranges, concatenated (Jacobian, Montgomery) for `finish` to add. Range i
   * runs on worker i mod size, where its points stay converted after the first proof, unless another worker runs
   * out of work first and takes it over (`WorkerPool.runOn`'s stand-in).
   */
  private async msm(
    stage: ProofStage,
    group: 1 | 2,
    points: Uint8Array,
    scalars: Uint8Array,
    pool: WorkerPool,
    tables: Map<string, ResidentTable>,
    progress: (f: number) => void,
  ): Promise<Uint8Array> {
    const size = group === 1 ? 64 : 128;
    const n = points.byteLength / size;
    const chunks = this.ranges(n, 256);
    const context = `MSM ${stage.slice(4).toUpperCase()}`;
    let done = 0;
    const parts = await Promise.all(
      chunks.map(async ([lo, hi], i) => {
        const key = `${stage}:${lo}:${hi}`;
        let t = tables.get(key);
        if (!t || pool.generation(t.slot) !== t.generation) {
          const slot = i % pool.size;
          const generation = pool.generation(slot);
          const p = copyOf(points, lo * size, hi * size);
          const h = await pool.runOn<Uint8Array>(slot, { fn: "table_load", context, args: [group, p] }, [p.buffer]);
          t = { slot, generation, handle: new DataView(h.buffer, h.byteOffset, 4).getUint32(0, true) };
          tables.set(key, t);
        }
        const s = copyOf(scalars, lo * 32, hi * 32);
        // A worker that runs out of work before this one starts takes it over from the zkey's bytes instead.
        const standIn = () => {
          const p = copyOf(points, lo * size, hi * size);
          return { task: { fn: "msm", context, args: [group, p, s] }, transfer: [p.buffer, s.buffer] };
        };
        const r = await pool.runOn<Uint8Array>(t.slot, { fn: "table_msm", context, args: [t.handle, s] }, [s.buffer], standIn);
        progress(++done / chunks.length);
        return r;
      }),
    );
    const out = new Uint8Array(parts.reduce((t, p) => t + p.byteLength, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.byteLength;
    }
    return out;
  }
}

/**
 * Stages run concurrently but are reported in `proofStages` order: a stage's events pass once every earlier
 * running stage has finished; a stage that finished early reports its start and end when its turn comes.
 */
class InOrderProgress {
  private static readonly order: ProofStage[] = ["ntt", "msm-a", "msm-b1", "msm-b2", "msm-c", "msm-h"];
  private at = 0;
  private readonly finished = new Set<ProofStage>();

  constructor(private readonly emit: (stage: ProofStage, fraction: number) => void) {}

  report(stage: ProofStage, fraction: number): void {
    if (fraction >= 1) this.finished.add(stage);
    const order = InOrderProgress.order;
    if (order[this.at] !== stage) return;
    this.emit(stage, fraction);
    while (this.at < order.length && this.finished.has(order[this.at]!)) {
      const next = order[++this.at];
      if (!next) break;
      this.emit(next, 0);
      if (this.finished.has(next)) this.emit(next, 1);
    }
  }
}

/** One untimed run (point conversions, GPU pipeline compiles), then `reps` timed ones: their ms. Frees what they left. */
export async function timeRuns(job: StageRun, reps: number): Promise<number[]> {
  try {
    await job.run();
    const times: number[] = [];
    for (let r = 0; r < reps; r++) {
      const t = performance.now();
      await job.run();
      times.push(performance.now() - t);
    }
    return times;
  } finally {
    job.dispose();
  }
}

/** The zkey's largest G1 point table (A, B1, C or H). */
function largestG1Table(zkey: ZkeyInput): Uint8Array {
  return [zkey.a, zkey.b1, zkey.c, zkey.h].reduce((x, y) => (y.byteLength > x.byteLength ? y : x));
}

/** n random 32-byte little-endian values below 2^253 < r (Fr elements in either form; MSM scalars). */
export function randomBelowR(n: number): Uint8Array {
  const out = new Uint8Array(randomBytes(n * 32));
  for (let i = 31; i < out.length; i += 32) out[i]! &= 0x1f;
  return out;
}

/** A copy with its own ArrayBuffer, safe to transfer (a Node Buffer's `slice` is a view into a shared pool). */
function copyOf(b: Uint8Array, lo: number, hi: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.prototype.slice.call(b, lo, hi) as Uint8Array<ArrayBuffer>;
}

/** The verification key in the byte layout `verifyProofBytes` reads, straight from a zkey's sections. */
export function zkeyVerificationBytes(zkey: ZkeyInput): Uint8Array {
  return mainWasm().call("zkey_vk", "zkey", [zkey.header, zkey.ic]);
}

/** One proof with a one-off worker pool. */
export async function prove(
  zkey: string | Uint8Array,
  witness: string | Uint8Array,
  opts: ProveOptions & Pick<Groth16ProverOptions, "gpu"> = {},
): Promise<ProveResult> {
  const prover = new Groth16Prover({ threads: opts.threads, ...(opts.gpu ? { gpu: opts.gpu } : {}) });
  try {
    return await prover.prove(zkey, witness, opts);
  } finally {
    await prover.close();
  }
}
