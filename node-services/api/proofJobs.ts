/**
 * The proof-job view shared by the aggregator (which owns the jobs) and the UI (which shows them).
 * Types only: `node-services/api/` is the one part of node-services the renderer may import.
 */

/** A proof job's life: queued → witness → proving → submitted → verified, or failed / cancelled. */
export type ProofJobState = "queued" | "witness" | "proving" | "submitted" | "verified" | "failed" | "cancelled";

/** What every proof of this node attests (DESIGN.md "What a proof attests"): P1 binding, never execution validity. */
export type ProofLevel = "P1";

export interface ProofJobView {
  id: number;
  /** First and last batch number the proof covers (whole L1 sequences). */
  initBatch: number;
  finalBatch: number;
  state: ProofJobState;
  /** Current prover stage (names from prover/stages.ts) while state is "proving", else null. */
  stage: string | null;
  /** Progress within the current stage, 0..1. */
  progress: number;
  /** Backend that ran the proving stages so far ("wasm", "webgpu", or per-stage choices joined by ","). */
  backend: string | null;
  /** Name of the prover that holds or held the job (the local prover process or a remote `prom-prover serve`). */
  prover: string | null;
  attempts: number;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
  /** Wall time spent per state/stage, in milliseconds. */
  stageTimesMs: Record<string, number>;
  error: string | null;
  /** Hash of the verifyBatchesTrustedAggregator transaction on L1, once sent. */
  l1TxHash: string | null;
  proofLevel: ProofLevel;
}

export interface ProofJobQuery {
  limit: number;
  offset: number;
  state?: ProofJobState;
}

/** Implemented by the aggregator; read by the node API. */
export interface ProofJobSource {
  list(query: ProofJobQuery): Promise<{ jobs: ProofJobView[]; total: number }>;
  get(id: number): Promise<ProofJobView | undefined>;
  /** Stops a queued or running job; it ends "cancelled". */
  cancel(id: number): Promise<void>;
  /** Queues a failed or cancelled job again. */
  retry(id: number): Promise<void>;
  /** Called on every change of any job; returns the unsubscribe function. */
  subscribe(listener: (job: ProofJobView) => void): () => void;
}
