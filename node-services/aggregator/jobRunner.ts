/**
 * Runs proof jobs from the queue to a checked proof: the witness (computed here), then the next idle prover, then
 * the pairing check with the verification key and the check that the proof's public input is the one L1 will
 * compute. An attempt that fails goes back to the queue (proofJobs.ts counts and limits attempts). Jobs begin only
 * as provers become idle, so witnesses are not built for work nobody can take.
 */
import type { Logger } from "../log/logger.js";
import { ProverError } from "../prover/errors.js";
import type { VerificationKey } from "../prover/proofJson.js";
import type { ZkeyRef } from "../prover/remote/protocol.js";
import { verify } from "../prover/verify.js";
import type { ProofJob } from "./jobStore.js";
import type { ProofJobs } from "./proofJobs.js";
import { RemoteProofError, type ProverHub } from "./proverHub.js";

export interface ProvingKey {
  zkey: ZkeyRef;
  vkey: VerificationKey;
}

export interface JobWitness {
  /** The circom .wtns bytes. */
  wtns: Uint8Array;
  /** The public input the proof must carry (decimal), when the caller knows it (L1's inputSnark). */
  expectedPublicSignals?: string[];
}

export interface JobRunnerDeps {
  jobs: ProofJobs;
  hub: ProverHub;
  key: () => ProvingKey | null;
  witness: (job: ProofJob, signal: AbortSignal) => Promise<JobWitness>;
  log: Logger;
  /** A job got its proof (or its attempt ended): the caller may submit or start more. */
  onSettled?: () => void;
}

/** A job whose input can never be proved with this circuit (a batch too large for it, say): no retry. */
export class JobInputError extends Error {
  readonly code = "JOB_INPUT";
  constructor(message: string) {
    super(message);
    this.name = "JobInputError";
  }
}

/** Prover errors a new attempt cannot fix: the witness does not fit the circuit. */
const fatalCodes = new Set(["WITNESS_UNSATISFIED", "WITNESS_MISMATCH"]);

export class JobRunner {
  /** Jobs begun here and not handed to a prover yet. */
  private preparing = 0;
  private readonly running = new Map<number, Promise<void>>();

  constructor(private readonly d: JobRunnerDeps) {}

  /** Begins queued jobs (lowest batches first) while idle provers outnumber the jobs already preparing. */
  async fill(): Promise<void> {
    if (!this.d.key()) return;
    for (const job of await this.d.jobs.inStates(["queued"])) {
      if (this.preparing >= this.d.hub.idleCount()) return;
      if (this.running.has(job.id)) continue;
      this.preparing++;
      const run = this.run(job.id).finally(() => {
        this.running.delete(job.id);
        this.d.onSettled?.();
      });
      this.running.set(job.id, run);
    }
  }

  /** Waits for every job begun here to settle (they are aborted by cancelling them or stopping the hub). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }

  private async run(id: number): Promise<void> {
    let assigned = false;
    const assignedNow = () => {
      if (!assigned) this.preparing--;
      assigned = true;
    };
    try {
      const begun = await this.d.jobs.begin(id);
      if (!begun) return;
      const { job, signal } = begun;
      try {
        const key = this.d.key();
        if (!key) throw new ProverError("INVALID_ARGUMENT", "the proving key is not ready");
        const w = await this.d.witness(job, signal);
        const r = await this.d.hub.prove(
          id,
          w.wtns,
          {
            onAssigned: (p) => {
              assignedNow();
              void this.d.jobs.proving(id, p.name, p.backend).catch((e: unknown) => this.d.log.warn("cannot record the prover", { job: id, err: String(e) }));
            },
            onProgress: (stage, fraction) => this.d.jobs.progress(id, stage, fraction),
          },
          signal,
        );
        if (!verify(key.vkey, r.publicSignals, r.proof)) {
          throw new Error(`the proof from prover ${r.prover} does not verify with the verification key`);
        }
        if (w.expectedPublicSignals && r.publicSignals.join() !== w.expectedPublicSignals.join()) {
          throw new Error(`prover ${r.prover} proved public input ${r.publicSignals.join()} instead of ${w.expectedPublicSignals.join()}`);
        }
        await this.d.jobs.proved(id, r.proof, r.publicSignals, r.backend);
        this.d.log.info("P1 proof made and checked", { job: id, prover: r.prover, ms: r.elapsedMs, batches: `${job.initBatch}..${job.finalBatch}` });
      } catch (e) {
        if (signal.aborted) return; // cancelled: the job already says so
        const fatal = e instanceof JobInputError || (e instanceof RemoteProofError && fatalCodes.has(e.code));
        await this.d.jobs.attemptFailed(id, (e as Error).message, { fatal });
      }
    } finally {
      assignedNow();
    }
  }
}
