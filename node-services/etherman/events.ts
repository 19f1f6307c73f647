/** The typed L1 events of the Prom contracts, grouped per L1 block in log order, as the synchronizer consumes them. */
import type { BatchData } from "./calldata.js";

export interface EventPosition {
  blockNumber: number;
  txHash: string;
  txIndex: number;
  logIndex: number;
}

export interface SequencedBatch extends BatchData {
  batchNumber: number;
}

export interface SequenceBatchesEvent extends EventPosition {
  kind: "SequenceBatches";
  /** Last batch of the sequence (the event's numBatch). */
  lastBatchNumber: number;
  l1InfoRoot: string;
  /** The L1 tx's sender (the trusted sequencer). */
  sender: string;
  maxSequenceTimestamp: number;
  initSequencedBatch: number;
  l2Coinbase: string;
  batches: SequencedBatch[];
}

export interface ForceBatchEvent extends EventPosition {
  kind: "ForceBatch";
  forceBatchNumber: number;
  lastGlobalExitRoot: string;
  /** The caller of forceBatch. */
  sequencer: string;
  /** From the event when a contract forced the batch, else from the L1 tx calldata. */
  transactions: string;
  /** The forced-batch hash fields that come from the L1 block: its timestamp and its parent's hash. */
  forcedTimestamp: number;
  forcedBlockHashL1: string;
}

export interface SequenceForceBatchesEvent extends EventPosition {
  kind: "SequenceForceBatches";
  lastBatchNumber: number;
  /** msg.sender: hashed as the sequencer of these batches. */
  sender: string;
  batches: SequencedBatch[];
}

export interface VerifyBatchesTrustedAggregatorEvent extends EventPosition {
  kind: "VerifyBatchesTrustedAggregator";
  batchNumber: number;
  stateRoot: string;
  aggregator: string;
}

export interface UpdateL1InfoTreeEvent extends EventPosition {
  kind: "UpdateL1InfoTree";
  mainnetExitRoot: string;
  rollupExitRoot: string;
  globalExitRoot: string;
  /** blockhash(block.number - 1) = the parent hash of the block that holds the event. */
  previousBlockHash: string;
  timestamp: number;
  /** keccak(GER ‖ previousBlockHash ‖ uint64 timestamp): the leaf appended to the L1 info tree. */
  leaf: string;
}

export interface UpdateZkEVMVersionEvent extends EventPosition {
  kind: "UpdateZkEVMVersion";
  numBatch: number;
  forkId: number;
  version: string;
}

export type RollupEvent =
  | SequenceBatchesEvent
  | ForceBatchEvent
  | SequenceForceBatchesEvent
  | VerifyBatchesTrustedAggregatorEvent
  | UpdateL1InfoTreeEvent
  | UpdateZkEVMVersionEvent;

export interface L1BlockEvents {
  blockNumber: number;
  blockHash: string;
  parentHash: string;
  timestamp: number;
  /** In log order. */
  events: RollupEvent[];
}
