/** How the synchronizer reads L1 (defaults; the `sync` config section documents each). */
export interface SynchronizerOptions {
  /** L1 blocks per eth_getLogs range. */
  l1BlockRange: number;
  /** Pause between sync rounds once caught up with L1. */
  intervalMs: number;
  /** How many stored L1 blocks a reorg search walks back before it gives up and resyncs from the deployment block. */
  reorgSearchDepth: number;
}

export const defaultSynchronizerOptions: SynchronizerOptions = {
  l1BlockRange: 1000,
  intervalMs: 1000,
  reorgSearchDepth: 1000,
};
