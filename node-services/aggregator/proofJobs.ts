/**
 * The aggregator's proof jobs: persisted (jobStore.ts), moved only along the state machine (jobState.ts), with live
 * stage progress kept in memory and pushed to subscribers. Implements the UI's `ProofJobSource`.
 *
 * The aggregator drives a job through `begin` → `proving` → `progress`… → `proved` → `submitted` → `verified`;
 * `attemptFailed` sends it back to the queue until `maxAttempts` is used up, then fails it with the reason.
 */
import type { ProofJobQuery, ProofJobSource, ProofJobState, ProofJobView } from "../api/proofJobs.js";
import type { Db } from "../db/db.js";
import type { Logger } from "../log/logger.js";
import type { Groth16Proof, PublicSignals } from "../prover/proofJson.js";
import { finalStates, runningStates } from "./jobState.js";
import { ProofJobNotFoundError, ProofJobStore, type ProofJob, type ProofJobPatch } from "./jobStore.js";

export interface ProofJobsOptions {
  /** Attempts (witness + proof + L1 submission) before a job is failed for good. */
  maxAttempts: number;
  log: Logger;
}

/** The stage a job is in once its proof is made and waits for its turn on L1. */
export const PROOF_READY_STAGE = "done";

export class ProofJobs implements ProofJobSource {
  private readonly store: ProofJobStore;
  private readonly listeners = new Set<(job: ProofJobView) => void>();
  /** Progress within the current stage of running jobs (written to the DB only at stage changes). */
  private readonly progressOf = new Map<number, number>();
  /** Aborts the work on a running job (its witness or its prover) when it is cancelled. */
  private readonly aborts = new Map<number, AbortController>();
  /** Writes of one job, in the order they were asked for. */
  private readonly chains = new Map<number, Promise<unknown>>();

  constructor(
    db: Db,
    private readonly opts: ProofJobsOptions,
  ) {
    this.store = new ProofJobStore(db);
  }

  /**
   * After a restart: jobs a dead process left in witness or proving (without a finished proof) go back to the queue.
   * Returns how many.
   */
  async recover(): Promise<number> {
    let n = 0;
    for (const job of await this.store.inStates(runningStates)) {
      if (job.proof) continue;
      const moved = await this.write(job.id, "queued", { stage: null, prover: null, error: `abandoned in ${job.state}: the aggregator stopped` }, runningStates);
      if (moved) n++;
    }
    if (n > 0) this.opts.log.warn("proof jobs left running by a stopped aggregator are queued again", { jobs: n });
    return n;
  }

  async create(initBatch: number, finalBatch: number): Promise<ProofJob> {
    const job = await this.store.insert(initBatch, finalBatch);
    this.opts.log.info("P1 proof job created", { job: job.id, initBatch, finalBatch });
    this.emit(job);
    return job;
  }

  /** Jobs in the given states, lowest first batch first. */
  inStates(states: readonly ProofJobState[]): Promise<ProofJob[]> {
    return this.store.inStates(states);
  }

  lastLiveFinalBatch(): Promise<number | null> {
    return this.store.lastLiveFinalBatch();
  }

  /** queued → witness: a new attempt starts. Null when the job is no longer queued. The signal aborts on cancel. */
  async begin(id: number): Promise<{ job: ProofJob; signal: AbortSignal } | null> {
    const job = await this.write(id, "witness", { newAttempt: true, stage: null, prover: null }, ["queued"]);
    if (!job) return null;
    const abort = new AbortController();
    this.aborts.set(id, abort);
    return { job, signal: abort.signal };
  }

  /** witness → proving on the named prover. */
  async proving(id: number, prover: string, backend: string): Promise<ProofJob | null> {
    return this.write(id, "proving", { prover, backend, stage: null }, ["witness"]);
  }

  /**
   * A prover's progress: a new stage is stored, fractions within a stage only go to subscribers. The prover's own
   * "done" is not stored: a job is in that stage only once its proof has been checked here (`proved`).
   */
  progress(id: number, stage: string, fraction: number): void {
    if (stage === PROOF_READY_STAGE) return;
    const previous = this.progressOf.get(id);
    this.progressOf.set(id, fraction);
    void this.serial(id, async () => {
      const job = await this.store.get(id);
      if (!job || job.state !== "proving") return;
      if (job.stage !== stage) {
        const updated = await this.store.update(id, "proving", { stage }, ["proving"]);
        if (updated) this.emit(updated);
      } else if (previous !== fraction) {
        this.emit(job);
      }
    }).catch((err: unknown) => this.opts.log.warn("cannot record proof progress", { job: id, err: (err as Error).message }));
  }

  /** The proof is made and checked: kept with the job until it is its turn on L1. `backend`: where its stages ran. */
  async proved(id: number, proof: Groth16Proof, publicSignals: PublicSignals, backend?: string): Promise<ProofJob | null> {
    this.progressOf.set(id, 1);
    return this.write(id, "proving", { proof, publicSignals, stage: PROOF_READY_STAGE, ...(backend ? { backend } : {}) }, ["proving"]);
  }

  /** proving → submitted: the verify tx is queued in the L1 tx manager. */
  async submitted(id: number, l1TxId: string): Promise<ProofJob | null> {
    this.aborts.delete(id);
    return this.write(id, "submitted", { l1TxId, stage: null, error: null }, ["proving"]);
  }

  async txSent(id: number, l1TxHash: string): Promise<void> {
    await this.write(id, "submitted", { l1TxHash }, ["submitted"]);
  }

  async verified(id: number): Promise<ProofJob | null> {
    const job = await this.write(id, "verified", { stage: null }, ["submitted"]);
    if (job) this.opts.log.info("P1 proof verified on L1", { job: id, initBatch: job.initBatch, finalBatch: job.finalBatch });
    return job;
  }

  /**
   * An attempt ended without a proof on L1: back to the queue while attempts are left, else failed with the reason.
   * `fatal` fails at once (nothing a retry could change). Null when the job had already moved on (e.g. cancelled).
   */
  async attemptFailed(id: number, reason: string, opts: { fatal?: boolean } = {}): Promise<ProofJob | null> {
    this.aborts.delete(id);
    this.progressOf.delete(id);
    const current = await this.store.get(id);
    if (!current || finalStates.includes(current.state) || current.state === "queued") return null;
    const giveUp = opts.fatal || current.attempts >= this.opts.maxAttempts;
    const patch: ProofJobPatch = { error: reason, stage: null, proof: null, publicSignals: null };
    const expect = [current.state];
    if (giveUp) {
      const why = opts.fatal ? reason : `${reason} (after ${current.attempts} attempts)`;
      this.opts.log.error("P1 proof job failed", { job: id, reason: why });
      return this.write(id, "failed", { ...patch, error: why }, expect);
    }
    this.opts.log.warn("P1 proof attempt failed; the job is queued again", { job: id, attempt: current.attempts, reason });
    return this.write(id, "queued", { ...patch, prover: null }, expect);
  }

  /** The work on a job ended (whatever the outcome): forget its abort handle and live progress. */
  settle(id: number): void {
    this.aborts.delete(id);
    this.progressOf.delete(id);
  }

  // ------------------------------------------------------------ ProofJobSource

  async list(query: ProofJobQuery): Promise<{ jobs: ProofJobView[]; total: number }> {
    const { jobs, total } = await this.store.list(query);
    return { jobs: jobs.map((j) => this.view(j)), total };
  }

  async get(id: number): Promise<ProofJobView | undefined> {
    const job = await this.store.get(id);
    return job ? this.view(job) : undefined;
  }

  async cancel(id: number): Promise<void> {
    const job = await this.store.get(id);
    if (!job) throw new ProofJobNotFoundError(id);
    const updated = await this.write(id, "cancelled", { stage: null, error: "cancelled by the operator" }, ["queued", "witness", "proving"]);
    if (!updated) {
      // Read again: the job may have moved on between the two reads.
      const now = (await this.store.get(id))!;
      throw new ProofJobCancelError(id, now.state);
    }
    this.aborts.get(id)?.abort();
    this.settle(id);
    this.opts.log.info("P1 proof job cancelled", { job: id });
  }

  async retry(id: number): Promise<void> {
    const job = await this.store.get(id);
    if (!job) throw new ProofJobNotFoundError(id);
    if (job.state !== "failed" && job.state !== "cancelled") throw new ProofJobRetryError(id, job.state);
    await this.write(id, "queued", { resetAttempts: true, stage: null, prover: null }, ["failed", "cancelled"]);
    this.opts.log.info("P1 proof job queued again by the operator", { job: id });
  }

  subscribe(listener: (job: ProofJobView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ------------------------------------------------------------ internals

  private async write(id: number, to: ProofJobState, patch: ProofJobPatch, expect: readonly ProofJobState[]): Promise<ProofJob | null> {
    const job = await this.serial(id, () => this.store.update(id, to, patch, expect));
    if (job) this.emit(job);
    return job;
  }

  private serial<T>(id: number, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(id) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.chains.set(id, tail);
    void tail.then(() => {
      if (this.chains.get(id) === tail) this.chains.delete(id);
    });
    return next;
  }

  private view(job: ProofJob): ProofJobView {
    const { proof: _proof, publicSignals: _publicSignals, l1TxId: _l1TxId, ...view } = job;
    const live = this.progressOf.get(job.id);
    return { ...view, progress: job.state === "proving" && live !== undefined ? live : view.progress };
  }

  private emit(job: ProofJob): void {
    const v = this.view(job);
    for (const l of this.listeners) {
      try {
        l(v);
      } catch (err) {
        this.opts.log.warn("proof job listener failed", { err: (err as Error).message });
      }
    }
  }
}

export class ProofJobCancelError extends Error {
  readonly code = "NOT_CANCELLABLE";
  constructor(
    readonly jobId: number,
    readonly state: ProofJobState,
  ) {
    super(`proof job ${jobId} is ${state}: only queued, witness or proving jobs can be cancelled`);
    this.name = "ProofJobCancelError";
  }
}

export class ProofJobRetryError extends Error {
  readonly code = "NOT_RETRYABLE";
  constructor(
    readonly jobId: number,
    readonly state: ProofJobState,
  ) {
    super(`proof job ${jobId} is ${state}: only failed or cancelled jobs can be queued again`);
    this.name = "ProofJobRetryError";
  }
}
