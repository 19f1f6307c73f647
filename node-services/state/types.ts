/**
 * The records the state repository writes and reads: batches, L2 blocks, transactions, receipts and logs.
 * Hashes and addresses are 0x hex; wei amounts and block gas limits bigint; counters and numbers plain numbers.
 */
import type { BatchStatus } from "./batchLifecycle.js";
import type { Hex } from "./hex.js";

export interface NewBatch {
  batchNum: number;
  coinbase: Hex;
  /** Unix seconds. */
  timestamp: number;
  l1InfoRoot?: Hex;
  forcedBatchNum?: number;
  /** Set for a batch executed from L1 data (no trusted copy): an L1 reorg past this block removes it. */
  l1BlockNum?: number;
}

export interface BatchClose {
  stateRoot: Hex;
  localExitRoot: Hex;
  /** Known only once the batch is sequenced (fork 8: the sequence's maxSequenceTimestamp and L1 info root are hashed). */
  accInputHash?: Hex;
  /** The batchL2Data as it goes to L1. */
  batchL2Data: Hex;
  closingReason: string;
  l1InfoRoot?: Hex;
}

export interface Batch {
  batchNum: number;
  status: BatchStatus;
  coinbase: Hex;
  timestamp: number;
  stateRoot: Hex | null;
  localExitRoot: Hex | null;
  accInputHash: Hex | null;
  l1InfoRoot: Hex | null;
  batchL2Data: Hex | null;
  forcedBatchNum: number | null;
  closingReason: string | null;
  /** Global exit root of the batch's last L2 block (zero hash when it has none). */
  globalExitRoot: Hex;
  /** L1 tx that sequenced the batch, once virtual. */
  sendSequencesTxHash: Hex | null;
  /** L1 tx that verified the batch, once verified. */
  verifyBatchTxHash: Hex | null;
}

export interface NewLog {
  address: Hex;
  topics: Hex[];
  data: Hex;
}

export interface NewReceipt {
  status: 0 | 1;
  cumulativeGasUsed: number;
  gasUsed: number;
  effectiveGasPrice: bigint;
  contractAddress: Hex | null;
  logsBloom: Hex;
  postState: Hex;
  revertReason?: string;
  logs: NewLog[];
}

/** The fields of a stored L2 tx, as written and as read back. */
export interface L2TxFields {
  hash: Hex;
  /** zkEVM L2 tx hash (spec §3.4); differs from the Ethereum hash. */
  l2Hash: Hex;
  /** Signed RLP of the legacy tx. */
  encoded: Hex;
  from: Hex;
  to: Hex | null;
  nonce: number;
  value: bigint;
  gasPrice: bigint;
  gasLimit: number;
  data: Hex;
  effectivePercentage: number;
}

export interface NewL2Tx extends L2TxFields {
  receipt: NewReceipt;
}

export interface NewL2Block {
  number: number;
  hash: Hex;
  parentHash: Hex;
  stateRoot: Hex;
  blockInfoRoot: Hex;
  batchNum: number;
  /** Unix seconds. */
  timestamp: number;
  coinbase: Hex;
  gasLimit: bigint;
  gasUsed: number;
  globalExitRoot: Hex;
  l1BlockHash: Hex;
  l1InfoTreeIndex: number;
  logsBloom: Hex;
  transactionsRoot?: Hex;
  receiptsRoot?: Hex;
}

export interface L2Block extends Required<Omit<NewL2Block, "transactionsRoot" | "receiptsRoot">> {
  transactionsRoot: Hex | null;
  receiptsRoot: Hex | null;
  txHashes: Hex[];
}

export interface L2Tx extends L2TxFields {
  blockNumber: number;
  blockHash: Hex;
  index: number;
}

export interface Log {
  address: Hex;
  topics: Hex[];
  data: Hex;
  blockNumber: number;
  blockHash: Hex;
  transactionHash: Hex;
  transactionIndex: number;
  logIndex: number;
}

export interface Receipt {
  transactionHash: Hex;
  transactionIndex: number;
  blockNumber: number;
  blockHash: Hex;
  from: Hex;
  to: Hex | null;
  status: number;
  cumulativeGasUsed: number;
  gasUsed: number;
  effectiveGasPrice: bigint;
  contractAddress: Hex | null;
  logsBloom: Hex;
  postState: Hex;
  revertReason: string | null;
  logs: Log[];
}

export interface LogFilter {
  fromBlock: number;
  toBlock: number;
  /** Empty = any address. */
  addresses: Hex[];
  /** Per position: null = any, else one of the listed topics. */
  topics: (Hex[] | null)[];
}

export interface L1BlockRef {
  number: number;
  hash: Hex;
  parentHash: Hex;
  receivedAt: Date;
}

export interface SequenceRecord {
  fromBatchNum: number;
  toBatchNum: number;
  accInputHash: Hex;
  l1InfoRoot: Hex;
  l1TxHash: Hex;
  l1BlockNum: number;
}

export interface VirtualBatchInfo {
  l1TxHash: Hex;
  coinbase: Hex;
  sequencerAddr: Hex;
  l1InfoRoot: Hex;
  /** Unix seconds. */
  timestampLimit: number;
  l1BlockNum: number;
  /** The batch's accInputHash, computed with the sequence's L1 info root and timestamp limit. */
  accInputHash: Hex;
}

export interface VerifiedBatchInfo {
  l1TxHash: Hex;
  aggregator: Hex;
  stateRoot: Hex;
  isTrusted: boolean;
  l1BlockNum: number;
}

/** A batch forced on L1 (ForceBatch), with the fields its forced-batch hash commits to. */
export interface ForcedBatch {
  forcedBatchNum: number;
  /** The exit-root manager's last GER when it was forced. */
  globalExitRoot: Hex;
  /** Unix seconds: the forcing L1 block's timestamp. */
  timestamp: number;
  /** batchL2Data without changeL2Block markers. */
  rawTxsData: Hex;
  /** Who forced it. */
  coinbase: Hex;
  /** Parent hash of the forcing L1 block. */
  blockHashL1: Hex;
  l1BlockNum: number;
}

/** One leaf of the L1 info tree (an UpdateL1InfoTree event), with the tree root after it was appended. */
export interface L1InfoLeafRecord {
  index: number;
  l1BlockNum: number;
  /** Unix seconds. */
  timestamp: number;
  mainnetExitRoot: Hex;
  rollupExitRoot: Hex;
  globalExitRoot: Hex;
  previousBlockHash: Hex;
  l1InfoRoot: Hex;
}

/** A batch executed from its L1 data: stored closed and virtual at once, with its L2 blocks (the synchronizer's write). */
export interface SequencedBatchRecord {
  batchNum: number;
  coinbase: Hex;
  /** Unix seconds. */
  timestamp: number;
  forcedBatchNum?: number;
  /** The L1 block that sequenced it: an L1 reorg past it removes the batch. */
  l1BlockNum: number;
  close: BatchClose & { accInputHash: Hex };
  blocks: { block: NewL2Block; txs: NewL2Tx[] }[];
  virtual: VirtualBatchInfo;
}
