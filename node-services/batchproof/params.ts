/** Sizes of the batch circuit; a proof covers 1..maxBatches batches of at most maxBatchBytes(params) bytes each. */
export interface BatchCircuitParams {
  /** Batches one proof covers at most. */
  maxBatches: number;
  /** keccak blocks (136 bytes) per batch's batchL2Data. */
  maxBlocksPerBatch: number;
}

/**
 * The devnet's circuit: one batch of one keccak block per proof, about 563k constraints (a 2^20 domain), so a proof
 * takes well under a minute on 2 cores. A batch then holds one 9-byte changeL2Block and one transfer (~115 bytes).
 */
export const devnetCircuitParams: BatchCircuitParams = { maxBatches: 1, maxBlocksPerBatch: 1 };

/** The largest batchL2Data the circuit takes: its blocks less the one byte that padding always needs. */
export function maxBatchBytes(params: BatchCircuitParams): number {
  return 136 * params.maxBlocksPerBatch - 1;
}

export function checkParams(params: BatchCircuitParams): void {
  for (const [k, v] of Object.entries(params)) {
    if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 1000) throw new RangeError(`batch circuit ${k} must be an integer 1..1000, got ${String(v)}`);
  }
}
