/**
 * The batch the sequencer is filling: its number, what is left of its budget, and the batchL2Data entries
 * (block markers and txs) it will carry to L1.
 */
import type { EncodableEntry, L2Tx } from "../executor/batchL2Data.js";
import { BatchBudget, type BatchLimits } from "./batchBudget.js";

export class OpenBatch {
  readonly budget: BatchBudget;
  readonly entries: EncodableEntry[] = [];

  constructor(
    readonly batchNum: number,
    /** Wall-clock ms when the batch got its first tx; its close timer runs from there. */
    public firstTxAt: number | undefined,
    limits: BatchLimits,
  ) {
    this.budget = new BatchBudget(limits);
  }

  addBlock(deltaTimestamp: number, indexL1InfoTree: number): void {
    this.entries.push({ kind: "changeL2Block", block: { deltaTimestamp, indexL1InfoTree } });
    this.budget.addBlock();
  }

  addTx(tx: L2Tx, encodedBytes: number, gasUsed: bigint, now: number): void {
    this.entries.push({ kind: "tx", tx });
    this.budget.addTx(encodedBytes, gasUsed);
    this.firstTxAt ??= now;
  }
}
