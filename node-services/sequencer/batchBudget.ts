/**
 * What is left of the open batch: batchL2Data bytes, transactions and gas. The sequencer asks it before adding a
 * transaction and closes the batch when the next one would not fit (closing rules of the zkEVM finalizer).
 */
export type ClosingReason = "bytes" | "txs" | "gas" | "time" | "shutdown" | "forced";

export interface BatchLimits {
  maxBatchBytes: number;
  maxBatchTxs: number;
  maxBatchGas: number;
}

/** A changeL2Block marker: 0x0b ‖ deltaTimestamp(4) ‖ indexL1InfoTree(4). */
export const CHANGE_L2_BLOCK_BYTES = 9;

export class BatchBudget {
  private bytes = 0;
  private txs = 0;
  private gas = 0n;

  constructor(private readonly limits: BatchLimits) {}

  get used(): { bytes: number; txs: number; gas: bigint } {
    return { bytes: this.bytes, txs: this.txs, gas: this.gas };
  }

  get isEmpty(): boolean {
    return this.txs === 0;
  }

  /** Why a tx of `txBytes` (its batch encoding) with `gasLimit` would not fit, counting a new block marker if one is needed. */
  wouldExceed(txBytes: number, gasLimit: bigint, opensBlock: boolean): ClosingReason | undefined {
    const extra = txBytes + (opensBlock ? CHANGE_L2_BLOCK_BYTES : 0);
    if (this.bytes + extra > this.limits.maxBatchBytes) return "bytes";
    if (this.txs + 1 > this.limits.maxBatchTxs) return "txs";
    if (this.gas + gasLimit > BigInt(this.limits.maxBatchGas)) return "gas";
    return undefined;
  }

  /** Why a tx would not fit even in a new batch (its first block marker and the tx alone), or undefined when it would. */
  exceedsEveryBatch(txBytes: number, gasLimit: bigint): ClosingReason | undefined {
    return new BatchBudget(this.limits).wouldExceed(txBytes, gasLimit, true);
  }

  addBlock(): void {
    this.bytes += CHANGE_L2_BLOCK_BYTES;
  }

  addTx(txBytes: number, gasUsed: bigint): void {
    this.bytes += txBytes;
    this.txs += 1;
    this.gas += gasUsed;
  }

  /** True once no transaction at all can be added (a full batch closes without waiting for its timer). */
  isFull(minTxBytes: number, minGas: bigint): boolean {
    return this.wouldExceed(minTxBytes, minGas, false) !== undefined;
  }
}
