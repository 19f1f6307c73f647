/**
 * The batch the sequencer is filling: its number, what is left of its budget, and the batchL2Data entries
 * (block markers and txs) it will carry to L1.
 */
import type { EncodableEntry, L2Tx } from "../executor/batchL2Data.js";
import { BatchBudget, type BatchLimits } from "./batchBudget.js";

export class OpenBatch {
  readonly budget: BatchBudget;
  readonly entries: EncodableEntry[] = [];

  /** Wall-clock ms when the batch got its first L2 block; its close timer runs from there. */
  firstBlockAt: number | undefined;

  constructor(
    readonly batchNum: number,
    limits: BatchLimits,
    /** The batch's timestamp (seconds), which its first L2 block takes too: a node that sees the batch only on L1 reads it there. */
    readonly timestamp: bigint,
  ) {
    this.budget = new BatchBudget(limits);
  }

  addBlock(deltaTimestamp: number, indexL1InfoTree: number, now: number): void {
    this.entries.push({ kind: "changeL2Block", block: { deltaTimestamp, indexL1InfoTree } });
    this.budget.addBlock();
    this.firstBlockAt ??= now;
  }

  addTx(tx: L2Tx, encodedBytes: number, gasUsed: bigint): void {
    this.entries.push({ kind: "tx", tx });
    this.budget.addTx(encodedBytes, gasUsed);
  }
}
