/** The stages of one proof, in order, and the progress event each emits. */
export const proofStages = ["load", "witness-check", "ntt", "msm-a", "msm-b1", "msm-b2", "msm-c", "msm-h", "done"] as const;
export type ProofStage = (typeof proofStages)[number];

/** Where a stage's MSM or NTT ran. */
export type StageBackend = "wasm" | "webgpu";

export interface ProofProgress {
  stage: ProofStage;
  /** Fraction of this stage finished, 0..1. */
  fraction: number;
  /** Milliseconds since the proof started. */
  elapsedMs: number;
  /** The backend running this stage (the NTT and MSM stages only). */
  backend?: StageBackend;
}

/**
 * Where one NTT or MSM stage of a proof ran and why: the backend asked for, auto's measurement, a missing GPU, a
 * device lost mid-job (the stage then ran again on WASM). The aggregator stores these with the proof job.
 */
export interface ProofEvent {
  stage: ProofStage;
  backend: StageBackend;
  reason: string;
  /** True when the stage was started on the GPU and finished on WASM. */
  fallback?: boolean;
  /** Milliseconds the stage took on `backend`. */
  ms?: number;
}
