/**
 * The proof job's state machine. Every change of state goes through `assertTransition`, so a job can only move along
 * the edges below; anything else is a bug in the caller and throws.
 *
 *   queued → witness → proving → submitted → verified
 *   witness | proving | submitted → queued      (an attempt failed or was abandoned: retried)
 *   queued | witness | proving → cancelled      (the operator stopped it)
 *   witness | proving | submitted → failed      (out of attempts, or nothing a retry can fix)
 *   failed | cancelled → queued                 (the operator queued it again)
 */
import type { ProofJobState } from "../api/proofJobs.js";

export const proofJobStates: readonly ProofJobState[] = ["queued", "witness", "proving", "submitted", "verified", "failed", "cancelled"];

const allowed: Record<ProofJobState, readonly ProofJobState[]> = {
  queued: ["witness", "cancelled"],
  witness: ["proving", "queued", "failed", "cancelled"],
  proving: ["submitted", "queued", "failed", "cancelled"],
  submitted: ["verified", "queued", "failed"],
  verified: [],
  failed: ["queued"],
  cancelled: ["queued"],
};

/** States a prover or the aggregator is working in: a process that dies leaves its jobs here. */
export const runningStates: readonly ProofJobState[] = ["witness", "proving"];

/** States a job never leaves without the operator. */
export const finalStates: readonly ProofJobState[] = ["verified", "failed", "cancelled"];

export class ProofJobStateError extends Error {
  readonly code = "ILLEGAL_TRANSITION";
  constructor(
    readonly jobId: number,
    readonly from: ProofJobState,
    readonly to: ProofJobState,
  ) {
    super(`proof job ${jobId} cannot go from ${from} to ${to} (allowed from ${from}: ${allowed[from].join(", ") || "none"})`);
    this.name = "ProofJobStateError";
  }
}

export function canTransition(from: ProofJobState, to: ProofJobState): boolean {
  return allowed[from].includes(to);
}

export function assertTransition(jobId: number, from: ProofJobState, to: ProofJobState): void {
  if (!canTransition(from, to)) throw new ProofJobStateError(jobId, from, to);
}

export function isProofJobState(s: unknown): s is ProofJobState {
  return typeof s === "string" && (proofJobStates as readonly string[]).includes(s);
}
