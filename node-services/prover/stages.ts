/** The stages of one proof, in order, and the progress event each emits. */
export const proofStages = ["load", "witness-check", "ntt", "msm-a", "msm-b1", "msm-b2", "msm-c", "msm-h", "done"] as const;
export type ProofStage = (typeof proofStages)[number];

export interface ProofProgress {
  stage: ProofStage;
  /** Fraction of this stage finished, 0..1. */
  fraction: number;
  /** Milliseconds since the proof started. */
  elapsedMs: number;
}
