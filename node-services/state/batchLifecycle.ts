/**
 * The batch lifecycle as a typed state machine: wip (open, trusted) → closed (trusted) → virtual (sequenced on L1)
 * → verified (proof accepted on L1). Every repository write that moves a batch goes through `transition`.
 */
import { StateError } from "./errors.js";

export type BatchStatus = "wip" | "closed" | "virtual" | "verified";

export type BatchEvent = "close" | "sequence" | "verify";

const next: Record<BatchStatus, Partial<Record<BatchEvent, BatchStatus>>> = {
  wip: { close: "closed" },
  closed: { sequence: "virtual" },
  virtual: { verify: "verified" },
  verified: {},
};

/** The status after `event`, or a BATCH_LIFECYCLE error naming the batch, its status and what was attempted. */
export function transition(batchNum: number, from: BatchStatus, event: BatchEvent): BatchStatus {
  const to = next[from][event];
  if (to === undefined) {
    const allowed = Object.keys(next[from]);
    throw new StateError(
      "BATCH_LIFECYCLE",
      `batch ${batchNum} is ${from}; it cannot ${event}` +
        (allowed.length ? ` (a ${from} batch can only ${allowed.join(", ")})` : ` (${from} is final)`),
    );
  }
  return to;
}

/** Status from the stored facts: verified_batch row, virtual_batch row, batch.closed. */
export function batchStatusOf(row: { closed: boolean; virtual: boolean; verified: boolean }): BatchStatus {
  if (row.verified) return "verified";
  if (row.virtual) return "virtual";
  return row.closed ? "closed" : "wip";
}
