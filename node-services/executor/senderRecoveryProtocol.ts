/** Messages between `SendersAhead` and its thread (senderRecoveryThread.ts). */
import type { H4 } from "../merkletree/index.js";
import type { Address, Hex } from "./bytes.js";

export interface SendersRequest {
  forkId: number;
  batches: { key: number; data: Hex; forced: boolean }[];
}

/** A tx's sender and its l2TxHash (which hashes the sender in), or null when no sender recovers from its signature. */
export type RecoveredSender = { from: Address; l2TxHash: H4 } | null;

/** Batch `key`'s txs in order; null when the batch does not decode. */
export interface SendersReply {
  key: number;
  senders: RecoveredSender[] | null;
}
