/**
 * Re-executes one batch as L1 sequenced it and turns the result into the records the state stores: the batch's L2
 * blocks with their txs, receipts and logs, and its final roots.
 */
import type { Executor, L1InfoLeaf, RecoveredSender } from "../executor/index.js";
import { h4ToHex, hexToH4 } from "../merkletree/index.js";
import { l2BlockRecord, l2TxRecords } from "../state/closedBlockRecords.js";
import type { Hex } from "../state/hex.js";
import type { NewL2Block, NewL2Tx } from "../state/types.js";

/** Where the L2 chain stands before the batch: its state root and last L2 block. */
export interface L2Cursor {
  stateRoot: Hex;
  blockNumber: number;
  blockHash: Hex;
}

export interface SequencedBatchInput {
  batchNum: number;
  batchL2Data: Hex;
  forced: boolean;
  coinbase: Hex;
  /** Non-forced: the sequence's L1 info root; forced: the forced GER. */
  l1InfoRoot: Hex;
  timestampLimit: number;
  forcedBlockHashL1?: Hex;
  /** The txs' senders and l2TxHashes if they were computed ahead (SendersAhead). */
  senders?: readonly RecoveredSender[] | undefined;
}

export interface ExecutedBatch {
  blocks: { block: NewL2Block; txs: NewL2Tx[] }[];
  stateRoot: Hex;
  localExitRoot: Hex;
  /** Set when L1 sequenced an invalid batch (its state changes are rolled back). */
  invalid?: string;
  cursor: L2Cursor;
}

export async function executeSequencedBatch(
  executor: Executor,
  b: SequencedBatchInput,
  before: L2Cursor,
  l1InfoTree: Readonly<Record<number, L1InfoLeaf>>,
): Promise<ExecutedBatch> {
  const bytes = Buffer.from(b.batchL2Data.slice(2), "hex");
  const result = await executor.processBatch({
    oldStateRoot: hexToH4(before.stateRoot),
    batchL2Data: bytes,
    forced: b.forced,
    timestampLimit: BigInt(b.timestampLimit),
    coinbase: b.coinbase,
    l1InfoRoot: b.l1InfoRoot,
    ...(b.forcedBlockHashL1 ? { forcedBlockHashL1: b.forcedBlockHashL1 } : {}),
    l1InfoTree,
    parentBlockHash: before.blockHash,
    ...(b.senders ? { senders: b.senders } : {}),
  });
  const blocks = result.blocks.map((closed) => ({ block: l2BlockRecord(closed, b.batchNum), txs: l2TxRecords(closed) }));
  const last = blocks.at(-1)?.block;
  const stateRoot = h4ToHex(result.newStateRoot);
  return {
    blocks,
    stateRoot,
    localExitRoot: result.newLocalExitRoot,
    ...(result.invalid ? { invalid: `${result.invalid.code}: ${result.invalid.message}` } : {}),
    cursor: last ? { stateRoot, blockNumber: last.number, blockHash: last.hash } : { ...before, stateRoot },
  };
}
