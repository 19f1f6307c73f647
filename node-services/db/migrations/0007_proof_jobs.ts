import type { Migration } from "../migrate.js";

/**
 * The aggregator's proof jobs: one row per P1 proof over a range of whole L1 sequences, with its state machine
 * (aggregator/jobState.ts), the stage a prover is in, attempts, per-stage wall times, the proof once made and the
 * verifyBatchesTrustedAggregator tx. A job that is not failed or cancelled owns its first batch: no two live jobs
 * prove the same range.
 */
export const proofJobsSchema: Migration = {
  id: 7,
  name: "proof_jobs",
  sql: `
CREATE TABLE state.proof_job (
  id              BIGSERIAL PRIMARY KEY,
  init_batch      BIGINT NOT NULL,
  final_batch     BIGINT NOT NULL CHECK (final_batch >= init_batch),
  state           TEXT NOT NULL CHECK (state IN ('queued', 'witness', 'proving', 'submitted', 'verified', 'failed', 'cancelled')),
  stage           TEXT,
  backend         TEXT,
  prover          TEXT,
  attempts        INTEGER NOT NULL DEFAULT 0,
  stage_times     JSONB NOT NULL DEFAULT '{}'::jsonb,
  error           TEXT,
  proof           JSONB,
  public_signals  JSONB,
  l1_tx_id        TEXT,
  l1_tx_hash      TEXT,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  state_since     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX proof_job_state_idx ON state.proof_job (state);
CREATE UNIQUE INDEX proof_job_live_range_idx ON state.proof_job (init_batch) WHERE state NOT IN ('failed', 'cancelled');
`,
};
