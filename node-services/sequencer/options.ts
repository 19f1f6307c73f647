/** Tunables of the sequencer; the config section `sequencer` feeds them. */
export interface SequencerOptions {
  /** Close an L2 block this long after its first tx. */
  blockTimeMs: number;
  /** Close a batch this long after its first tx. */
  batchTimeMs: number;
  maxBatchBytes: number;
  maxBatchTxs: number;
  maxBatchGas: number;
  /** How often the loop looks at the pool. */
  pollMs: number;
  /** Most pool txs taken in one look. */
  selectLimit: number;
}

export const defaultSequencerOptions: SequencerOptions = {
  blockTimeMs: 1000,
  batchTimeMs: 5000,
  maxBatchBytes: 120_000,
  maxBatchTxs: 1000,
  maxBatchGas: 30_000_000,
  pollMs: 20,
  selectLimit: 256,
};
