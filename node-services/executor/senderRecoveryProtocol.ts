/** Messages between `SendersAhead` and its thread (senderRecoveryThread.ts). */
import type { Address, Hex } from "./bytes.js";

export interface SendersRequest {
  forkId: number;
  batches: { key: number; data: Hex; forced: boolean }[];
}

/** The senders of batch `key`'s txs in order (null where a signature recovers no address); null if it does not decode. */
export interface SendersReply {
  key: number;
  senders: (Address | null)[] | null;
}
