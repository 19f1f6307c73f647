/** Tunables of the sequencer; the config section `sequencer` feeds them. */
export interface SequencerOptions {
  /** Close an L2 block this long after it opened, even when empty. */
  blockTimeMs: number;
  /** Close a batch this long after its first L2 block. */
  batchTimeMs: number;
  /** Whether a batch whose blocks hold no tx closes on time too (zkevm-node does); if not, it closes when full. */
  closeEmptyBatches: boolean;
  maxBatchBytes: number;
  maxBatchTxs: number;
  maxBatchGas: number;
  /** How often the loop looks at the pool. */
  pollMs: number;
  /** Most pool txs taken in one look. */
  selectLimit: number;
}

export const defaultSequencerOptions: SequencerOptions = {
  blockTimeMs: 3000,
  batchTimeMs: 10_000,
  closeEmptyBatches: true,
  maxBatchBytes: 120_000,
  maxBatchTxs: 300,
  maxBatchGas: 30_000_000,
  pollMs: 20,
  selectLimit: 256,
};
