/**
 * A fixed pool of worker threads running tasks one at a time each. A worker that dies (crash, out of memory,
 * terminate) rejects its task with a typed error and is replaced, so no caller is ever left waiting.
 * A task pinned to one worker may name a stand-in that any worker can run; an idle worker with nothing of its own
 * takes the last such task queued on another, so one slow core does not hold back a proof split into equal parts.
 */
import type { Worker } from "node:worker_threads";
import { startModuleWorker } from "../node/moduleWorker.js";
import { ProverError, fromWire, type WireError } from "./errors.js";

/** What an idle worker runs instead of a pinned task it takes over: built only when it is taken. */
export type StandIn = () => { task: unknown; transfer: ArrayBuffer[] };

interface Job {
  task: unknown;
  transfer: ArrayBuffer[];
  standIn?: StandIn;
  resolve: (v: unknown) => void;
  reject: (e: ProverError) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  id: number;
  /** Tasks that must run on this worker (they use state resident in its instance). */
  pinned: Job[];
  /** Bumped when the worker is replaced: state resident in the old one is gone. */
  generation: number;
}

export type WorkerReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: WireError };

export interface WorkerPoolOptions {
  size: number;
  /** The worker script (a `.ts` file is run through tsx, for tests and `tsx` runs). */
  workerUrl: URL;
  workerData?: unknown;
}

export class WorkerPool {
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly urgent: Job[] = [];
  private nextId = 1;
  private closed: ProverError | null = null;

  constructor(private readonly opts: WorkerPoolOptions) {
    if (!Number.isInteger(opts.size) || opts.size < 1) {
      throw new ProverError("INVALID_ARGUMENT", `thread count must be a positive integer, got ${opts.size}`);
    }
    this.size = opts.size;
    for (let i = 0; i < opts.size; i++) this.slots.push(this.spawn());
  }

  /**
   * Runs a task on the next free worker; `transfer` buffers move to the worker (and become unusable here).
   * `urgent` tasks go ahead of all others, pinned ones included (a dependency chain that other stages wait on).
   */
  run<T>(task: unknown, transfer: ArrayBuffer[] = [], urgent = false): Promise<T> {
    if (this.closed) return Promise.reject(this.closed);
    return new Promise<T>((resolve, reject) => {
      const job = { task, transfer, resolve: resolve as (v: unknown) => void, reject };
      (urgent ? this.urgent : this.queue).push(job);
      this.dispatch();
    });
  }

  /**
   * Runs a task on worker `slot` (0..size-1), after that worker's earlier pinned tasks. With `standIn`, another
   * worker that has nothing else to do may run the stand-in's task instead (it must give the same result).
   */
  runOn<T>(slot: number, task: unknown, transfer: ArrayBuffer[] = [], standIn?: StandIn): Promise<T> {
    if (this.closed) return Promise.reject(this.closed);
    const s = this.slots[slot];
    if (!s) return Promise.reject(new ProverError("INVALID_ARGUMENT", `no worker ${slot} in a pool of ${this.size}`));
    return new Promise<T>((resolve, reject) => {
      s.pinned.push({ task, transfer, standIn, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Changes whenever worker `slot` is replaced, so callers can tell that what they left in it is gone. */
  generation(slot: number): number {
    return this.slots[slot]?.generation ?? -1;
  }

  /** Threads of the workers, for tests that need to kill one mid-task. */
  get workers(): readonly Worker[] {
    return this.slots.map((s) => s.worker);
  }

  /** Stops every worker now; running and queued tasks reject with `reason`. */
  async terminate(reason = new ProverError("CANCELLED", "the worker pool was closed")): Promise<void> {
    if (this.closed) return;
    this.closed = reason;
    for (const j of [...this.urgent.splice(0), ...this.queue.splice(0)]) j.reject(reason);
    for (const s of this.slots) for (const j of s.pinned.splice(0)) j.reject(reason);
    await Promise.all(
      this.slots.map((s) => {
        const job = s.job;
        s.job = null;
        job?.reject(reason);
        return s.worker.terminate();
      }),
    );
  }

  private nextGeneration = 1;

  private spawn(): Slot {
    const worker = startModuleWorker(this.opts.workerUrl, this.opts.workerData);
    const slot: Slot = { worker, job: null, id: 0, pinned: [], generation: this.nextGeneration++ };
    worker.on("message", (m: WorkerReply) => {
      const job = slot.job;
      if (!job || m.id !== slot.id) return;
      slot.job = null;
      worker.unref();
      if (m.ok) job.resolve(m.result);
      else job.reject(fromWire(m.error));
      this.dispatch();
    });
    const died = (err: Error | null, exitCode?: number) => {
      const job = slot.job;
      slot.job = null;
      if (this.closed) return;
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots[i] = this.spawn();
      const lost = new ProverError("WORKER_CRASHED", "a prover worker stopped before its pinned task ran");
      for (const j of slot.pinned.splice(0)) j.reject(lost);
      if (job) {
        const oom = err && "code" in err && (err as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY";
        job.reject(
          oom
            ? new ProverError("OUT_OF_MEMORY", `a prover worker ran out of memory: ${err.message}`)
            : new ProverError(
                "WORKER_CRASHED",
                `a prover worker stopped during a task (${err ? err.message : `exit code ${exitCode ?? "unknown"}`})`,
              ),
        );
      }
      this.dispatch();
    };
    worker.on("error", (err) => died(err));
    worker.on("exit", (code) => died(null, code));
    worker.unref();
    return slot;
  }

  private takeOverPending = false;

  private dispatch(takeOver = false): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (slot.job) continue;
      const job = this.urgent.shift() ?? slot.pinned.shift() ?? this.queue.shift() ?? (takeOver ? this.takeOver() : undefined);
      if (!job) {
        // Taking over waits one turn of the event loop, so that tasks queued together (an MSM's ranges) are all in
        // place first: an idle worker takes only what another has left waiting, not its own task's twin.
        if (!takeOver && !this.takeOverPending && this.slots.some(hasStandIn)) {
          this.takeOverPending = true;
          setImmediate(() => {
            this.takeOverPending = false;
            this.dispatch(true);
          });
        }
        continue;
      }
      slot.job = job;
      slot.id = this.nextId++;
      // Idle workers do not keep the process alive; busy ones do, so an awaited task always settles.
      slot.worker.ref();
      slot.worker.postMessage({ id: slot.id, task: job.task }, job.transfer);
    }
  }

  /** The last task with a stand-in queued on the worker with the most pinned tasks waiting, as its stand-in. */
  private takeOver(): Job | undefined {
    let from: Job[] | undefined;
    for (const s of this.slots) {
      if (hasStandIn(s) && (!from || s.pinned.length > from.length)) from = s.pinned;
    }
    if (!from) return undefined;
    const i = from.findLastIndex((j) => j.standIn);
    const job = from[i]!;
    try {
      const { task, transfer } = job.standIn!();
      from.splice(i, 1);
      return { ...job, task, transfer };
    } catch {
      // The stand-in could not be built (its copy did not fit in memory): the task stays with its own worker.
      job.standIn = undefined;
      return undefined;
    }
  }
}

/** Whether a task that another worker could take over is waiting on this one. */
function hasStandIn(s: Slot): boolean {
  return s.pinned.some((j) => j.standIn);
}
