/**
 * Proof jobs in `state.proof_job` (migration 0007). Every write of a job's state checks the transition against the
 * state read in the same transaction (row locked), and adds the time spent in the state or stage it leaves.
 */
import type { ProofJobQuery, ProofJobState, ProofJobView } from "../api/proofJobs.js";
import type { Db, Queryable } from "../db/db.js";
import type { Groth16Proof, PublicSignals } from "../prover/proofJson.js";
import { assertTransition } from "./jobState.js";

/** A job as stored: the UI's view plus what only the aggregator needs. */
export interface ProofJob extends ProofJobView {
  proof: Groth16Proof | null;
  publicSignals: PublicSignals | null;
  /** Id of the verifyBatchesTrustedAggregator tx in the L1 tx manager, once queued there. */
  l1TxId: string | null;
}

/** Fields a write may set; `undefined` leaves a field as it is, `null` clears it. */
export interface ProofJobPatch {
  stage?: string | null;
  backend?: string | null;
  prover?: string | null;
  error?: string | null;
  proof?: Groth16Proof | null;
  publicSignals?: PublicSignals | null;
  l1TxId?: string | null;
  l1TxHash?: string | null;
  /** Counts one more attempt. */
  newAttempt?: boolean;
  resetAttempts?: boolean;
}

type JobRow = {
  id: number;
  init_batch: number;
  final_batch: number;
  state: ProofJobState;
  stage: string | null;
  backend: string | null;
  prover: string | null;
  attempts: number;
  stage_times: Record<string, number>;
  error: string | null;
  proof: Groth16Proof | null;
  public_signals: PublicSignals | null;
  l1_tx_id: string | null;
  l1_tx_hash: string | null;
  created_at: Date;
  updated_at: Date;
  state_since: Date;
};

function toJob(r: JobRow): ProofJob {
  return {
    id: r.id,
    initBatch: r.init_batch,
    finalBatch: r.final_batch,
    state: r.state,
    stage: r.stage,
    progress: r.state === "verified" ? 1 : 0,
    backend: r.backend,
    prover: r.prover,
    attempts: r.attempts,
    createdAt: r.created_at.getTime(),
    updatedAt: r.updated_at.getTime(),
    stageTimesMs: r.stage_times,
    error: r.error,
    l1TxHash: r.l1_tx_hash,
    proofLevel: "P1",
    proof: r.proof,
    publicSignals: r.public_signals,
    l1TxId: r.l1_tx_id,
  };
}

const columns: Record<keyof Omit<ProofJobPatch, "newAttempt" | "resetAttempts">, string> = {
  stage: "stage",
  backend: "backend",
  prover: "prover",
  error: "error",
  proof: "proof",
  publicSignals: "public_signals",
  l1TxId: "l1_tx_id",
  l1TxHash: "l1_tx_hash",
};
const jsonColumns = new Set(["proof", "public_signals"]);

export class ProofJobStore {
  constructor(private readonly db: Db) {}

  async insert(initBatch: number, finalBatch: number): Promise<ProofJob> {
    const [row] = await this.db.query<JobRow>(
      "INSERT INTO state.proof_job (init_batch, final_batch, state) VALUES ($1, $2, 'queued') RETURNING *",
      [initBatch, finalBatch],
    );
    return toJob(row!);
  }

  async get(id: number): Promise<ProofJob | undefined> {
    const [row] = await this.db.query<JobRow>("SELECT * FROM state.proof_job WHERE id = $1", [id]);
    return row ? toJob(row) : undefined;
  }

  /** Newest first. */
  async list(q: ProofJobQuery): Promise<{ jobs: ProofJob[]; total: number }> {
    const where = q.state ? "WHERE state = $1" : "";
    const params = q.state ? [q.state] : [];
    const rows = await this.db.query<JobRow>(
      `SELECT * FROM state.proof_job ${where} ORDER BY id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.limit, q.offset],
    );
    const [count] = await this.db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM state.proof_job ${where}`, params);
    return { jobs: rows.map(toJob), total: count?.n ?? 0 };
  }

  /** Jobs in any of `states`, lowest first batch first. */
  async inStates(states: readonly ProofJobState[]): Promise<ProofJob[]> {
    const rows = await this.db.query<JobRow>("SELECT * FROM state.proof_job WHERE state = ANY($1::text[]) ORDER BY init_batch, id", [[...states]]);
    return rows.map(toJob);
  }

  /** The highest last batch of a job that is not failed or cancelled: where the next job starts. */
  async lastLiveFinalBatch(): Promise<number | null> {
    const [r] = await this.db.query<{ n: number | null }>(
      "SELECT max(final_batch) AS n FROM state.proof_job WHERE state NOT IN ('failed', 'cancelled')",
    );
    return r?.n ?? null;
  }

  /**
   * Moves job `id` to state `to` (or, with `to` equal to its state, only applies the patch, e.g. a new stage),
   * checking the transition against the stored state. `expect` guards against a concurrent change: when given and the
   * stored state differs, nothing is written and null is returned.
   */
  async update(id: number, to: ProofJobState, patch: ProofJobPatch = {}, expect?: readonly ProofJobState[]): Promise<ProofJob | null> {
    return this.db.transaction(async (tx) => {
      const row = await this.locked(tx, id);
      if (expect && !expect.includes(row.state)) return null;
      if (to !== row.state) assertTransition(id, row.state, to);
      const now = new Date();
      const times = { ...row.stage_times };
      const stageChanges = to !== row.state || (patch.stage !== undefined && patch.stage !== row.stage);
      if (stageChanges) {
        const key = row.stage ?? row.state;
        times[key] = (times[key] ?? 0) + Math.max(0, now.getTime() - row.state_since.getTime());
      }
      const sets = ["state = $2", "stage_times = $3", "updated_at = $4", "state_since = $5"];
      const params: unknown[] = [id, to, JSON.stringify(times), now, stageChanges ? now : row.state_since];
      for (const [key, column] of Object.entries(columns) as [keyof typeof columns, string][]) {
        const v = patch[key];
        if (v === undefined) continue;
        params.push(jsonColumns.has(column) && v !== null ? JSON.stringify(v) : v);
        sets.push(`${column} = $${params.length}`);
      }
      if (patch.resetAttempts) sets.push("attempts = 0");
      else if (patch.newAttempt) sets.push("attempts = attempts + 1");
      const [updated] = await tx.query<JobRow>(`UPDATE state.proof_job SET ${sets.join(", ")} WHERE id = $1 RETURNING *`, params);
      return toJob(updated!);
    });
  }

  private async locked(tx: Queryable, id: number): Promise<JobRow> {
    const [row] = await tx.query<JobRow>("SELECT * FROM state.proof_job WHERE id = $1 FOR UPDATE", [id]);
    if (!row) throw new ProofJobNotFoundError(id);
    return row;
  }
}

export class ProofJobNotFoundError extends Error {
  readonly code = "NOT_FOUND";
  constructor(readonly jobId: number) {
    super(`no proof job ${jobId}`);
    this.name = "ProofJobNotFoundError";
  }
}
