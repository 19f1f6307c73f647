/**
 * Typed repository over the state tables: the writes the sequencer and synchronizer make (batches through their
 * lifecycle, L2 blocks with txs, receipts and logs, L1 blocks, sequences) and the reads JSON-RPC serves.
 */
import type { Db, Queryable } from "../db/db.js";
import { batchStatusOf, transition, type BatchStatus } from "./batchLifecycle.js";
import { StateError } from "./errors.js";
import { bytesToHex, hexToBytes, optBytesToHex, optHexToBytes, type Hex } from "./hex.js";
import { defaultStateOptions, type StateOptions } from "./options.js";
import type {
  Batch,
  BatchClose,
  ForcedBatch,
  L1BlockRef,
  L1InfoLeafRecord,
  L2Block,
  L2Tx,
  Log,
  LogFilter,
  NewBatch,
  NewL2Block,
  NewL2Tx,
  Receipt,
  SequenceRecord,
  SequencedBatchRecord,
  VerifiedBatchInfo,
  VirtualBatchInfo,
} from "./types.js";

const ZERO_HASH: Hex = `0x${"00".repeat(32)}`;

interface BlockRow {
  [k: string]: unknown;
  block_num: number;
  block_hash: Uint8Array;
  parent_hash: Uint8Array;
  state_root: Uint8Array;
  block_info_root: Uint8Array;
  batch_num: number;
  timestamp: number;
  coinbase: Uint8Array;
  gas_limit: string;
  gas_used: number;
  global_exit_root: Uint8Array;
  l1_block_hash: Uint8Array;
  l1_info_tree_index: number;
  logs_bloom: Uint8Array;
  transactions_root: Uint8Array | null;
  receipts_root: Uint8Array | null;
  tx_hashes: Uint8Array[] | null;
}

interface TxRow {
  [k: string]: unknown;
  hash: Uint8Array;
  l2_hash: Uint8Array;
  l2_block_num: number;
  block_hash: Uint8Array;
  tx_index: number;
  encoded: Uint8Array;
  from_address: Uint8Array;
  to_address: Uint8Array | null;
  nonce: number;
  value: string;
  gas_price: string;
  gas_limit: number;
  data: Uint8Array;
  effective_percentage: number;
}

interface LogRow {
  [k: string]: unknown;
  block_num: number;
  log_index: number;
  tx_hash: Uint8Array;
  tx_index: number;
  address: Uint8Array;
  data: Uint8Array;
  topic0: Uint8Array | null;
  topic1: Uint8Array | null;
  topic2: Uint8Array | null;
  topic3: Uint8Array | null;
  block_hash: Uint8Array;
}

interface BatchRow {
  [k: string]: unknown;
  batch_num: number;
  coinbase: Uint8Array;
  timestamp: Date;
  state_root: Uint8Array | null;
  local_exit_root: Uint8Array | null;
  acc_input_hash: Uint8Array | null;
  l1_info_root: Uint8Array | null;
  raw_txs_data: Uint8Array | null;
  forced_batch_num: number | null;
  closing_reason: string | null;
  closed: boolean;
  seq_tx: Uint8Array | null;
  ver_tx: Uint8Array | null;
  ger: Uint8Array | null;
}

const BLOCK_COLS = `b.block_num, b.block_hash, b.parent_hash, b.state_root, b.block_info_root, b.batch_num, b.timestamp,
  b.coinbase, b.gas_limit::TEXT AS gas_limit, b.gas_used, b.global_exit_root, b.l1_block_hash, b.l1_info_tree_index,
  b.logs_bloom, b.transactions_root, b.receipts_root,
  ARRAY(SELECT t.hash FROM state.transaction t WHERE t.l2_block_num = b.block_num ORDER BY t.tx_index) AS tx_hashes`;

const TX_COLS = `t.hash, t.l2_hash, t.l2_block_num, b.block_hash, t.tx_index, t.encoded, t.from_address, t.to_address,
  t.nonce, t.value::TEXT AS value, t.gas_price::TEXT AS gas_price, t.gas_limit, t.data, t.effective_percentage`;

interface ReceiptLogRow {
  [k: string]: unknown;
  tx_hash: Uint8Array;
  tx_index: number;
  block_num: number;
  block_hash: Uint8Array;
  from_address: Uint8Array;
  to_address: Uint8Array | null;
  status: number;
  cumulative_gas_used: number;
  gas_used: number;
  effective_gas_price: string;
  contract_address: Uint8Array | null;
  logs_bloom: Uint8Array;
  post_state: Uint8Array;
  revert_reason: string | null;
  log_index: number | null;
  address: Uint8Array | null;
  data: Uint8Array | null;
  topic0: Uint8Array | null;
  topic1: Uint8Array | null;
  topic2: Uint8Array | null;
  topic3: Uint8Array | null;
}

/** Constant text, one parameter (the tx hash): the same statement every call, so a driver can keep it prepared. */
const RECEIPT_SELECT = `SELECT r.tx_hash, r.tx_index, r.block_num, b.block_hash, t.from_address, t.to_address, r.status,
  r.cumulative_gas_used, r.gas_used, r.effective_gas_price::TEXT AS effective_gas_price, r.contract_address, r.logs_bloom,
  r.post_state, r.revert_reason, l.log_index, l.address, l.data, l.topic0, l.topic1, l.topic2, l.topic3
  FROM state.receipt r
  JOIN state.transaction t ON t.hash = r.tx_hash
  JOIN state.l2_block b ON b.block_num = r.block_num
  LEFT JOIN state.log l ON l.tx_hash = r.tx_hash AND l.block_num = r.block_num
  WHERE r.tx_hash = $1
  ORDER BY l.log_index`;

const BATCH_SELECT = `SELECT bt.batch_num, bt.coinbase, bt.timestamp, bt.state_root, bt.local_exit_root, bt.acc_input_hash,
  bt.l1_info_root, bt.raw_txs_data, bt.forced_batch_num, bt.closing_reason, bt.closed,
  vb.l1_tx_hash AS seq_tx, vf.l1_tx_hash AS ver_tx,
  (SELECT l.global_exit_root FROM state.l2_block l WHERE l.batch_num = bt.batch_num ORDER BY l.block_num DESC LIMIT 1) AS ger
  FROM state.batch bt
  LEFT JOIN state.virtual_batch vb ON vb.batch_num = bt.batch_num
  LEFT JOIN state.verified_batch vf ON vf.batch_num = bt.batch_num`;

function toBlock(r: BlockRow): L2Block {
  return {
    number: r.block_num,
    hash: bytesToHex(r.block_hash),
    parentHash: bytesToHex(r.parent_hash),
    stateRoot: bytesToHex(r.state_root),
    blockInfoRoot: bytesToHex(r.block_info_root),
    batchNum: r.batch_num,
    timestamp: r.timestamp,
    coinbase: bytesToHex(r.coinbase),
    gasLimit: BigInt(r.gas_limit),
    gasUsed: r.gas_used,
    globalExitRoot: bytesToHex(r.global_exit_root),
    l1BlockHash: bytesToHex(r.l1_block_hash),
    l1InfoTreeIndex: r.l1_info_tree_index,
    logsBloom: bytesToHex(r.logs_bloom),
    transactionsRoot: optBytesToHex(r.transactions_root),
    receiptsRoot: optBytesToHex(r.receipts_root),
    txHashes: (r.tx_hashes ?? []).map(bytesToHex),
  };
}

function toTx(r: TxRow): L2Tx {
  return {
    hash: bytesToHex(r.hash),
    l2Hash: bytesToHex(r.l2_hash),
    blockNumber: r.l2_block_num,
    blockHash: bytesToHex(r.block_hash),
    index: r.tx_index,
    encoded: bytesToHex(r.encoded),
    from: bytesToHex(r.from_address),
    to: optBytesToHex(r.to_address),
    nonce: r.nonce,
    value: BigInt(r.value),
    gasPrice: BigInt(r.gas_price),
    gasLimit: r.gas_limit,
    data: bytesToHex(r.data),
    effectivePercentage: r.effective_percentage,
  };
}

function topicsOf(r: Pick<LogRow, "topic0" | "topic1" | "topic2" | "topic3">): Hex[] {
  const topics: Hex[] = [];
  for (const t of [r.topic0, r.topic1, r.topic2, r.topic3]) {
    if (t === null) break;
    topics.push(bytesToHex(t));
  }
  return topics;
}

function toLog(r: LogRow): Log {
  return {
    address: bytesToHex(r.address),
    topics: topicsOf(r),
    data: bytesToHex(r.data),
    blockNumber: r.block_num,
    blockHash: bytesToHex(r.block_hash),
    transactionHash: bytesToHex(r.tx_hash),
    transactionIndex: r.tx_index,
    logIndex: r.log_index,
  };
}

function toBatch(r: BatchRow): Batch {
  return {
    batchNum: r.batch_num,
    status: batchStatusOf({ closed: r.closed, virtual: r.seq_tx !== null, verified: r.ver_tx !== null }),
    coinbase: bytesToHex(r.coinbase),
    timestamp: Math.floor(r.timestamp.getTime() / 1000),
    stateRoot: optBytesToHex(r.state_root),
    localExitRoot: optBytesToHex(r.local_exit_root),
    accInputHash: optBytesToHex(r.acc_input_hash),
    l1InfoRoot: optBytesToHex(r.l1_info_root),
    batchL2Data: optBytesToHex(r.raw_txs_data),
    forcedBatchNum: r.forced_batch_num,
    closingReason: r.closing_reason,
    globalExitRoot: r.ger === null ? ZERO_HASH : bytesToHex(r.ger),
    sendSequencesTxHash: optBytesToHex(r.seq_tx),
    verifyBatchTxHash: optBytesToHex(r.ver_tx),
  };
}

/** The txs, receipts and logs of some blocks, one multi-row statement per table (UNNEST over column arrays). */
async function insertTxs(q: Queryable, blocks: readonly { number: number; txs: readonly NewL2Tx[] }[]): Promise<void> {
  const rows = blocks.flatMap((b) => b.txs.map((t, i) => ({ blockNum: b.number, index: i, t, hash: hexToBytes(t.hash) })));
  if (rows.length === 0) return;
  const hashes = rows.map((r) => r.hash);
  const blockNums = rows.map((r) => r.blockNum);
  const indexes = rows.map((r) => r.index);
  const txs = rows.map((r) => r.t);
  await q.query(
    `INSERT INTO state.transaction (hash, l2_hash, l2_block_num, tx_index, encoded, from_address, to_address, nonce,
       value, gas_price, gas_limit, data, effective_percentage)
     SELECT h, l2, b, i, e, f, t, n, v, gp, gl, d, ep FROM UNNEST($1::BYTEA[], $2::BYTEA[], $3::BIGINT[], $4::INTEGER[], $5::BYTEA[],
       $6::BYTEA[], $7::BYTEA[], $8::BIGINT[], $9::NUMERIC[], $10::NUMERIC[], $11::BIGINT[], $12::BYTEA[], $13::SMALLINT[])
       AS x(h, l2, b, i, e, f, t, n, v, gp, gl, d, ep)`,
    [
      hashes,
      txs.map((t) => hexToBytes(t.l2Hash)),
      blockNums,
      indexes,
      txs.map((t) => hexToBytes(t.encoded)),
      txs.map((t) => hexToBytes(t.from)),
      txs.map((t) => optHexToBytes(t.to)),
      txs.map((t) => t.nonce),
      txs.map((t) => t.value.toString()),
      txs.map((t) => t.gasPrice.toString()),
      txs.map((t) => t.gasLimit),
      txs.map((t) => hexToBytes(t.data)),
      txs.map((t) => t.effectivePercentage),
    ],
  );
  await q.query(
    `INSERT INTO state.receipt (tx_hash, block_num, tx_index, status, cumulative_gas_used, gas_used, effective_gas_price,
       contract_address, logs_bloom, post_state, revert_reason)
     SELECT h, b, i, st, cg, g, egp, ca, lb, ps, rr FROM UNNEST($1::BYTEA[], $2::BIGINT[], $3::INTEGER[], $4::SMALLINT[], $5::BIGINT[],
       $6::BIGINT[], $7::NUMERIC[], $8::BYTEA[], $9::BYTEA[], $10::BYTEA[], $11::TEXT[])
       AS x(h, b, i, st, cg, g, egp, ca, lb, ps, rr)`,
    [
      hashes,
      blockNums,
      indexes,
      txs.map((t) => t.receipt.status),
      txs.map((t) => t.receipt.cumulativeGasUsed),
      txs.map((t) => t.receipt.gasUsed),
      txs.map((t) => t.receipt.effectiveGasPrice.toString()),
      txs.map((t) => optHexToBytes(t.receipt.contractAddress)),
      txs.map((t) => hexToBytes(t.receipt.logsBloom)),
      txs.map((t) => hexToBytes(t.receipt.postState)),
      txs.map((t) => t.receipt.revertReason ?? null),
    ],
  );
  const logs: { blockNum: number; logIndex: number; txHash: Uint8Array; txIndex: number; log: NewL2Tx["receipt"]["logs"][number] }[] = [];
  let logIndex = 0;
  rows.forEach((r, k) => {
    if (k === 0 || rows[k - 1]!.blockNum !== r.blockNum) logIndex = 0;
    for (const log of r.t.receipt.logs) logs.push({ blockNum: r.blockNum, logIndex: logIndex++, txHash: r.hash, txIndex: r.index, log });
  });
  if (logs.length === 0) return;
  for (const { log } of logs) {
    if (log.topics.length > 4) throw new StateError("INVALID_FILTER", `a log has ${log.topics.length} topics; at most 4`);
  }
  const topic = (k: number) => logs.map(({ log }) => optHexToBytes(log.topics[k]));
  await q.query(
    `INSERT INTO state.log (block_num, log_index, tx_hash, tx_index, address, data, topic0, topic1, topic2, topic3)
     SELECT b, li, h, i, a, d, t0, t1, t2, t3 FROM UNNEST($1::BIGINT[], $2::INTEGER[], $3::BYTEA[], $4::INTEGER[], $5::BYTEA[], $6::BYTEA[],
       $7::BYTEA[], $8::BYTEA[], $9::BYTEA[], $10::BYTEA[]) AS x(b, li, h, i, a, d, t0, t1, t2, t3)`,
    [
      logs.map((l) => l.blockNum),
      logs.map((l) => l.logIndex),
      logs.map((l) => l.txHash),
      logs.map((l) => l.txIndex),
      logs.map(({ log }) => hexToBytes(log.address)),
      logs.map(({ log }) => hexToBytes(log.data)),
      topic(0),
      topic(1),
      topic(2),
      topic(3),
    ],
  );
}

const secondsToDate = (s: number): Date => new Date(s * 1000);

interface L1BlockRow {
  [k: string]: unknown;
  block_num: number;
  block_hash: Uint8Array;
  parent_hash: Uint8Array;
  received_at: Date;
}

const toL1Block = (r: L1BlockRow): L1BlockRef => ({
  number: r.block_num,
  hash: bytesToHex(r.block_hash),
  parentHash: bytesToHex(r.parent_hash),
  receivedAt: r.received_at,
});

interface ForcedBatchRow {
  [k: string]: unknown;
  forced_batch_num: number;
  global_exit_root: Uint8Array;
  timestamp: Date;
  raw_txs_data: Uint8Array;
  coinbase: Uint8Array;
  block_hash_l1: Uint8Array;
  block_num: number;
}

const toForcedBatch = (r: ForcedBatchRow): ForcedBatch => ({
  forcedBatchNum: r.forced_batch_num,
  globalExitRoot: bytesToHex(r.global_exit_root),
  timestamp: Math.floor(r.timestamp.getTime() / 1000),
  rawTxsData: bytesToHex(r.raw_txs_data),
  coinbase: bytesToHex(r.coinbase),
  blockHashL1: bytesToHex(r.block_hash_l1),
  l1BlockNum: r.block_num,
});

export class StateRepository {
  readonly options: StateOptions;
  /**
   * The latest L2 block, kept by the one writer of blocks (see `loadHead`) so that `latest` costs no query. Blocks
   * are only added through `addL2Block`, which checks that each follows the stored head, so a second writer fails
   * loudly; an instance that never writes keeps none and always asks the database. Whatever removes blocks must clear it.
   */
  private head: { number: number; stateRoot: Hex } | undefined;
  /** Set once this instance added or removed L2 blocks (see `transaction`). */
  private blocksChanged = false;

  constructor(
    private readonly db: Db,
    options: Partial<StateOptions> = {},
  ) {
    this.options = { ...defaultStateOptions, ...options };
  }

  // ---------------------------------------------------------------- writes: batches

  /** Opens the next trusted batch (wip). It must follow the last batch, which must be closed. */
  async openBatch(b: NewBatch): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [last] = await tx.query<{ batch_num: number; closed: boolean }>(
        "SELECT batch_num, closed FROM state.batch ORDER BY batch_num DESC LIMIT 1",
      );
      if (last && last.batch_num + 1 !== b.batchNum) {
        throw new StateError("BATCH_ORDER", `cannot open batch ${b.batchNum}: the next batch is ${last.batch_num + 1}`);
      }
      if (last && !last.closed) {
        throw new StateError("BATCH_ORDER", `cannot open batch ${b.batchNum}: batch ${last.batch_num} is still open`);
      }
      await tx.query(
        `INSERT INTO state.batch (batch_num, coinbase, timestamp, l1_info_root, forced_batch_num, l1_block_num, wip, closed)
         VALUES ($1, $2, $3, $4, $5, $6, true, false)`,
        [
          b.batchNum,
          hexToBytes(b.coinbase),
          secondsToDate(b.timestamp),
          optHexToBytes(b.l1InfoRoot),
          b.forcedBatchNum ?? null,
          b.l1BlockNum ?? null,
        ],
      );
    });
  }

  /** Closes a wip batch with its final roots and the batchL2Data that goes to L1. */
  async closeBatch(batchNum: number, c: BatchClose): Promise<void> {
    await this.db.transaction(async (tx) => {
      transition(batchNum, await this.statusIn(tx, batchNum), "close");
      await tx.query(
        `UPDATE state.batch SET wip = false, closed = true, state_root = $2, local_exit_root = $3, acc_input_hash = $4,
           raw_txs_data = $5, closing_reason = $6, l1_info_root = COALESCE($7, l1_info_root) WHERE batch_num = $1`,
        [
          batchNum,
          hexToBytes(c.stateRoot),
          hexToBytes(c.localExitRoot),
          optHexToBytes(c.accInputHash),
          hexToBytes(c.batchL2Data),
          c.closingReason,
          optHexToBytes(c.l1InfoRoot),
        ],
      );
    });
  }

  /**
   * `discardBatchesFrom` for a node following the trusted sequencer: refuses when one of the batches is already
   * virtual (L1 data goes only with an L1 reorg), checked in the same DB transaction. The kept head follows.
   */
  async discardTrustedBatchesFrom(batchNum: number, reason: string): Promise<void> {
    await this.transaction(async (repo) => {
      const [v] = await repo.db.query<{ n: number | null }>("SELECT min(batch_num) AS n FROM state.virtual_batch WHERE batch_num >= $1", [batchNum]);
      if (v && v.n !== null) throw new StateError("BATCH_LIFECYCLE", `cannot discard trusted batches from ${batchNum}: batch ${v.n} is virtual`);
      await repo.discardBatchesFrom(batchNum, reason);
    });
  }

  /** Stores an L2 block with its txs, receipts and logs in one DB transaction; the block's batch must be open. */
  async addL2Block(block: NewL2Block, txs: readonly NewL2Tx[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      const status = await this.statusIn(tx, block.batchNum);
      if (status !== "wip") {
        throw new StateError("BATCH_LIFECYCLE", `cannot add L2 block ${block.number} to batch ${block.batchNum}: it is ${status}`);
      }
      const [last] = await tx.query<{ block_num: number; block_hash: Uint8Array }>(
        "SELECT block_num, block_hash FROM state.l2_block ORDER BY block_num DESC LIMIT 1",
      );
      if (last && last.block_num + 1 !== block.number) {
        throw new StateError("BLOCK_ORDER", `cannot add L2 block ${block.number}: the next block is ${last.block_num + 1}`);
      }
      if (last && bytesToHex(last.block_hash) !== block.parentHash.toLowerCase()) {
        throw new StateError(
          "BLOCK_ORDER",
          `L2 block ${block.number} has parent ${block.parentHash} but block ${last.block_num} is ${bytesToHex(last.block_hash)}`,
        );
      }
      await tx.query(
        `INSERT INTO state.l2_block (block_num, block_hash, parent_hash, state_root, block_info_root, batch_num, timestamp,
           coinbase, gas_limit, gas_used, global_exit_root, l1_block_hash, l1_info_tree_index, logs_bloom,
           transactions_root, receipts_root)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        [
          block.number,
          hexToBytes(block.hash),
          hexToBytes(block.parentHash),
          hexToBytes(block.stateRoot),
          hexToBytes(block.blockInfoRoot),
          block.batchNum,
          block.timestamp,
          hexToBytes(block.coinbase),
          block.gasLimit.toString(),
          block.gasUsed,
          hexToBytes(block.globalExitRoot),
          hexToBytes(block.l1BlockHash),
          block.l1InfoTreeIndex,
          hexToBytes(block.logsBloom),
          optHexToBytes(block.transactionsRoot),
          optHexToBytes(block.receiptsRoot),
        ],
      );
      await insertTxs(tx, [{ number: block.number, txs }]);
    });
    this.blocksChanged = true;
    if (this.head) this.head = { number: block.number, stateRoot: block.stateRoot.toLowerCase() as Hex };
  }

  /**
   * Stores batches executed from L1 data, closed and virtual, with their L2 blocks, txs, receipts and logs: a few
   * multi-row statements for all of them. They must follow the last (closed) batch and the last L2 block in order.
   */
  async addSequencedBatches(list: readonly SequencedBatchRecord[]): Promise<void> {
    if (list.length === 0) return;
    const blocks = list.flatMap((b) => b.blocks);
    await this.db.transaction(async (tx) => {
      const [last] = await tx.query<{ batch_num: number; closed: boolean }>(
        "SELECT batch_num, closed FROM state.batch ORDER BY batch_num DESC LIMIT 1",
      );
      list.forEach((b, i) => {
        const expected = (last?.batch_num ?? -1) + 1 + i;
        if (b.batchNum !== expected) throw new StateError("BATCH_ORDER", `cannot add batch ${b.batchNum}: the next batch is ${expected}`);
      });
      if (last && !last.closed) throw new StateError("BATCH_ORDER", `cannot add batch ${list[0]!.batchNum}: batch ${last.batch_num} is still open`);
      const [lastBlock] = await tx.query<{ block_num: number; block_hash: Uint8Array }>(
        "SELECT block_num, block_hash FROM state.l2_block ORDER BY block_num DESC LIMIT 1",
      );
      let prev = lastBlock ? { number: lastBlock.block_num, hash: bytesToHex(lastBlock.block_hash) } : undefined;
      for (const { block } of blocks) {
        if (prev && (block.number !== prev.number + 1 || block.parentHash.toLowerCase() !== prev.hash)) {
          throw new StateError("BLOCK_ORDER", `L2 block ${block.number} (parent ${block.parentHash}) does not follow block ${prev.number} (${prev.hash})`);
        }
        prev = { number: block.number, hash: block.hash.toLowerCase() as Hex };
      }
      await tx.query(
        `INSERT INTO state.batch (batch_num, coinbase, timestamp, l1_info_root, forced_batch_num, l1_block_num, wip, closed,
           state_root, local_exit_root, acc_input_hash, raw_txs_data, closing_reason)
         SELECT n, cb, to_timestamp(ts), lir, f, l1, false, true, sr, ler, acc, d, cr FROM UNNEST($1::BIGINT[], $2::BYTEA[],
           $3::DOUBLE PRECISION[], $4::BYTEA[], $5::BIGINT[], $6::BIGINT[], $7::BYTEA[], $8::BYTEA[], $9::BYTEA[], $10::BYTEA[], $11::TEXT[])
           AS x(n, cb, ts, lir, f, l1, sr, ler, acc, d, cr)`,
        [
          list.map((b) => b.batchNum),
          list.map((b) => hexToBytes(b.coinbase)),
          list.map((b) => b.timestamp),
          list.map((b) => optHexToBytes(b.close.l1InfoRoot)),
          list.map((b) => b.forcedBatchNum ?? null),
          list.map((b) => b.l1BlockNum),
          list.map((b) => hexToBytes(b.close.stateRoot)),
          list.map((b) => hexToBytes(b.close.localExitRoot)),
          list.map((b) => hexToBytes(b.close.accInputHash)),
          list.map((b) => hexToBytes(b.close.batchL2Data)),
          list.map((b) => b.close.closingReason),
        ],
      );
      if (blocks.length > 0) {
        const col = <T>(f: (b: SequencedBatchRecord["blocks"][number]["block"]) => T) => blocks.map(({ block }) => f(block));
        await tx.query(
          `INSERT INTO state.l2_block (block_num, block_hash, parent_hash, state_root, block_info_root, batch_num, timestamp,
             coinbase, gas_limit, gas_used, global_exit_root, l1_block_hash, l1_info_tree_index, logs_bloom,
             transactions_root, receipts_root)
           SELECT * FROM UNNEST($1::BIGINT[], $2::BYTEA[], $3::BYTEA[], $4::BYTEA[], $5::BYTEA[], $6::BIGINT[], $7::BIGINT[],
             $8::BYTEA[], $9::NUMERIC[], $10::BIGINT[], $11::BYTEA[], $12::BYTEA[], $13::BIGINT[], $14::BYTEA[], $15::BYTEA[], $16::BYTEA[])`,
          [
            col((b) => b.number),
            col((b) => hexToBytes(b.hash)),
            col((b) => hexToBytes(b.parentHash)),
            col((b) => hexToBytes(b.stateRoot)),
            col((b) => hexToBytes(b.blockInfoRoot)),
            col((b) => b.batchNum),
            col((b) => b.timestamp),
            col((b) => hexToBytes(b.coinbase)),
            col((b) => b.gasLimit.toString()),
            col((b) => b.gasUsed),
            col((b) => hexToBytes(b.globalExitRoot)),
            col((b) => hexToBytes(b.l1BlockHash)),
            col((b) => b.l1InfoTreeIndex),
            col((b) => hexToBytes(b.logsBloom)),
            col((b) => optHexToBytes(b.transactionsRoot)),
            col((b) => optHexToBytes(b.receiptsRoot)),
          ],
        );
        await insertTxs(tx, blocks.map(({ block, txs }) => ({ number: block.number, txs })));
      }
      await tx.query(
        `INSERT INTO state.virtual_batch (batch_num, l1_tx_hash, coinbase, sequencer_addr, l1_info_root, timestamp_limit, block_num)
         SELECT n, h, cb, sa, lir, to_timestamp(tl), l1 FROM UNNEST($1::BIGINT[], $2::BYTEA[], $3::BYTEA[], $4::BYTEA[], $5::BYTEA[],
           $6::DOUBLE PRECISION[], $7::BIGINT[]) AS x(n, h, cb, sa, lir, tl, l1)`,
        [
          list.map((b) => b.batchNum),
          list.map((b) => hexToBytes(b.virtual.l1TxHash)),
          list.map((b) => hexToBytes(b.virtual.coinbase)),
          list.map((b) => hexToBytes(b.virtual.sequencerAddr)),
          list.map((b) => hexToBytes(b.virtual.l1InfoRoot)),
          list.map((b) => b.virtual.timestampLimit),
          list.map((b) => b.virtual.l1BlockNum),
        ],
      );
    });
    if (blocks.length > 0) {
      this.blocksChanged = true;
      const last = blocks.at(-1)!.block;
      if (this.head) this.head = { number: last.number, stateRoot: last.stateRoot.toLowerCase() as Hex };
    }
  }

  /**
   * Runs `fn` on a repository bound to one DB transaction: everything it writes commits together or not at all
   * (the synchronizer applies an L1 block with its checkpoint this way). A head kept by this repository is
   * re-read afterwards when `fn` added or removed L2 blocks.
   */
  async transaction<T>(fn: (repo: StateRepository) => Promise<T>): Promise<T> {
    let bound: StateRepository | undefined;
    const out = await this.db.transaction((tx) => {
      const txDb: Db = {
        kind: this.db.kind,
        query: (sql, params) => tx.query(sql, params),
        exec: (sql) => tx.exec(sql),
        transaction: (inner) => inner(tx),
        close: () => Promise.reject(new Error("a transaction-bound repository cannot close the database")),
      };
      bound = new StateRepository(txDb, this.options);
      return fn(bound);
    });
    if (this.head && bound?.blocksChanged) await this.loadHead();
    return out;
  }

  // ---------------------------------------------------------------- writes: L1-derived

  async addL1Block(b: L1BlockRef): Promise<void> {
    await this.db.query(
      `INSERT INTO state.l1_block (block_num, block_hash, parent_hash, received_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (block_num) DO NOTHING`,
      [b.number, hexToBytes(b.hash), hexToBytes(b.parentHash), b.receivedAt],
    );
  }

  async addSequence(s: SequenceRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO state.sequence (from_batch_num, to_batch_num, acc_input_hash, l1_info_root, l1_tx_hash, block_num)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [s.fromBatchNum, s.toBatchNum, hexToBytes(s.accInputHash), hexToBytes(s.l1InfoRoot), hexToBytes(s.l1TxHash), s.l1BlockNum],
    );
  }

  async getSequences(fromBatchNum = 0): Promise<SequenceRecord[]> {
    const rows = await this.db.query<{
      from_batch_num: number;
      to_batch_num: number;
      acc_input_hash: Uint8Array;
      l1_info_root: Uint8Array;
      l1_tx_hash: Uint8Array;
      block_num: number;
    }>("SELECT * FROM state.sequence WHERE to_batch_num >= $1 ORDER BY from_batch_num", [fromBatchNum]);
    return rows.map((r) => ({
      fromBatchNum: r.from_batch_num,
      toBatchNum: r.to_batch_num,
      accInputHash: bytesToHex(r.acc_input_hash),
      l1InfoRoot: bytesToHex(r.l1_info_root),
      l1TxHash: bytesToHex(r.l1_tx_hash),
      l1BlockNum: r.block_num,
    }));
  }

  /** The newest stored L1 block: the synchronizer's checkpoint (it stores the last block of every range it read). */
  async lastL1Block(): Promise<L1BlockRef | null> {
    const [r] = await this.db.query<L1BlockRow>("SELECT * FROM state.l1_block ORDER BY block_num DESC LIMIT 1");
    return r ? toL1Block(r) : null;
  }

  /** Stored L1 blocks below `beforeBlock`, newest first, at most `limit` (walking back to a common ancestor). */
  async l1BlocksBefore(beforeBlock: number, limit: number): Promise<L1BlockRef[]> {
    const rows = await this.db.query<L1BlockRow>(
      "SELECT * FROM state.l1_block WHERE block_num < $1 ORDER BY block_num DESC LIMIT $2",
      [beforeBlock, limit],
    );
    return rows.map(toL1Block);
  }

  /**
   * L1 reorg: removes every L1 block above `keepBlock` and, by cascade, what was derived from them (sequences,
   * virtual and verified marks, forced batches, exit roots, batches executed from L1 data with their L2 blocks).
   * Trusted batches stay. Returns the number of L2 blocks removed.
   */
  async rewindL1(keepBlock: number): Promise<number> {
    const [before] = await this.db.query<{ n: number }>("SELECT count(*)::INTEGER AS n FROM state.l2_block");
    await this.db.query("DELETE FROM state.l1_block WHERE block_num > $1", [keepBlock]);
    const [after] = await this.db.query<{ n: number }>("SELECT count(*)::INTEGER AS n FROM state.l2_block");
    const removed = (before?.n ?? 0) - (after?.n ?? 0);
    if (removed > 0) this.blocksChanged = true;
    return removed;
  }

  /** Trusted-state reorg: removes batch `fromBatch` and every later one with their L2 blocks, and records why. */
  async discardBatchesFrom(fromBatch: number, reason: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query("DELETE FROM state.batch WHERE batch_num >= $1", [fromBatch]);
      await tx.query("INSERT INTO state.trusted_reorg (batch_num, reason) VALUES ($1, $2)", [fromBatch, reason]);
    });
    this.blocksChanged = true;
  }

  async addForcedBatch(f: ForcedBatch): Promise<void> {
    await this.db.query(
      `INSERT INTO state.forced_batch (forced_batch_num, global_exit_root, timestamp, raw_txs_data, coinbase, block_hash_l1, block_num)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        f.forcedBatchNum,
        hexToBytes(f.globalExitRoot),
        secondsToDate(f.timestamp),
        hexToBytes(f.rawTxsData),
        hexToBytes(f.coinbase),
        hexToBytes(f.blockHashL1),
        f.l1BlockNum,
      ],
    );
  }

  async getForcedBatch(forcedBatchNum: number): Promise<ForcedBatch | null> {
    const [r] = await this.db.query<ForcedBatchRow>("SELECT * FROM state.forced_batch WHERE forced_batch_num = $1", [forcedBatchNum]);
    return r ? toForcedBatch(r) : null;
  }

  /** Forced batches no batch holds yet, oldest first: what the trusted sequencer must sequence next. */
  async pendingForcedBatches(): Promise<ForcedBatch[]> {
    const rows = await this.db.query<ForcedBatchRow>(
      `SELECT f.* FROM state.forced_batch f
        WHERE NOT EXISTS (SELECT 1 FROM state.batch b WHERE b.forced_batch_num = f.forced_batch_num)
        ORDER BY f.forced_batch_num`,
    );
    return rows.map(toForcedBatch);
  }

  async addL1InfoLeaf(l: L1InfoLeafRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO state.exit_root (l1_info_tree_index, block_num, timestamp, mainnet_exit_root, rollup_exit_root,
         global_exit_root, prev_block_hash, l1_info_root) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        l.index,
        l.l1BlockNum,
        secondsToDate(l.timestamp),
        hexToBytes(l.mainnetExitRoot),
        hexToBytes(l.rollupExitRoot),
        hexToBytes(l.globalExitRoot),
        hexToBytes(l.previousBlockHash),
        hexToBytes(l.l1InfoRoot),
      ],
    );
  }

  /** Every stored L1 info tree leaf, in index order (the synchronizer rebuilds the tree from them). */
  async getL1InfoLeaves(): Promise<L1InfoLeafRecord[]> {
    const rows = await this.db.query<{
      l1_info_tree_index: number;
      block_num: number;
      timestamp: Date;
      mainnet_exit_root: Uint8Array;
      rollup_exit_root: Uint8Array;
      global_exit_root: Uint8Array;
      prev_block_hash: Uint8Array;
      l1_info_root: Uint8Array;
    }>("SELECT * FROM state.exit_root ORDER BY l1_info_tree_index");
    return rows.map((r) => ({
      index: r.l1_info_tree_index,
      l1BlockNum: r.block_num,
      timestamp: Math.floor(r.timestamp.getTime() / 1000),
      mainnetExitRoot: bytesToHex(r.mainnet_exit_root),
      rollupExitRoot: bytesToHex(r.rollup_exit_root),
      globalExitRoot: bytesToHex(r.global_exit_root),
      previousBlockHash: bytesToHex(r.prev_block_hash),
      l1InfoRoot: bytesToHex(r.l1_info_root),
    }));
  }

  /** Closed → virtual: the batch was sequenced on L1 (its L1 block must be stored first). */
  async markVirtual(batchNum: number, v: VirtualBatchInfo): Promise<void> {
    await this.db.transaction(async (tx) => {
      transition(batchNum, await this.statusIn(tx, batchNum), "sequence");
      await tx.query(
        `INSERT INTO state.virtual_batch (batch_num, l1_tx_hash, coinbase, sequencer_addr, l1_info_root, timestamp_limit, block_num)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          batchNum,
          hexToBytes(v.l1TxHash),
          hexToBytes(v.coinbase),
          hexToBytes(v.sequencerAddr),
          hexToBytes(v.l1InfoRoot),
          secondsToDate(v.timestampLimit),
          v.l1BlockNum,
        ],
      );
      await tx.query("UPDATE state.batch SET acc_input_hash = $2, l1_info_root = $3 WHERE batch_num = $1", [
        batchNum,
        hexToBytes(v.accInputHash),
        hexToBytes(v.l1InfoRoot),
      ]);
    });
  }

  /**
   * Virtual → verified for every virtual, unverified batch up to `batchNum` (one L1 verification covers a range).
   * The stored state root of `batchNum` must equal the verified one. Returns the batch numbers it verified.
   */
  async markVerifiedUpTo(batchNum: number, v: VerifiedBatchInfo): Promise<number[]> {
    return this.db.transaction(async (tx) => {
      transition(batchNum, await this.statusIn(tx, batchNum), "verify");
      const [row] = await tx.query<{ state_root: Uint8Array | null }>("SELECT state_root FROM state.batch WHERE batch_num = $1", [
        batchNum,
      ]);
      if (row?.state_root && bytesToHex(row.state_root) !== v.stateRoot.toLowerCase()) {
        throw new StateError(
          "STATE_ROOT_MISMATCH",
          `batch ${batchNum} was verified on L1 with state root ${v.stateRoot} but ours is ${bytesToHex(row.state_root)}`,
        );
      }
      const rows = await tx.query<{ batch_num: number }>(
        `INSERT INTO state.verified_batch (batch_num, l1_tx_hash, aggregator, state_root, is_trusted, block_num)
         SELECT vb.batch_num, $2, $3, COALESCE(b.state_root, $4), $5, $6
           FROM state.virtual_batch vb JOIN state.batch b ON b.batch_num = vb.batch_num
          WHERE vb.batch_num <= $1 AND NOT EXISTS (SELECT 1 FROM state.verified_batch f WHERE f.batch_num = vb.batch_num)
         RETURNING batch_num`,
        [batchNum, hexToBytes(v.l1TxHash), hexToBytes(v.aggregator), hexToBytes(v.stateRoot), v.isTrusted, v.l1BlockNum],
      );
      return rows.map((r) => r.batch_num).sort((a, b) => a - b);
    });
  }

  private async statusIn(q: Queryable, batchNum: number): Promise<BatchStatus> {
    const [row] = await q.query<{ closed: boolean; virtual: boolean; verified: boolean }>(
      `SELECT b.closed,
         EXISTS (SELECT 1 FROM state.virtual_batch v WHERE v.batch_num = b.batch_num) AS virtual,
         EXISTS (SELECT 1 FROM state.verified_batch v WHERE v.batch_num = b.batch_num) AS verified
       FROM state.batch b WHERE b.batch_num = $1`,
      [batchNum],
    );
    if (!row) throw new StateError("BATCH_NOT_FOUND", `batch ${batchNum} does not exist`);
    return batchStatusOf(row);
  }

  // ---------------------------------------------------------------- reads: blocks and txs

  /**
   * For the writer of L2 blocks (the sequencer): reads the latest block and from then on serves `latestBlockNumber`
   * and `latestStateRoot` from memory, following its own `addL2Block` calls.
   */
  async loadHead(): Promise<L2Block | null> {
    this.head = undefined;
    const n = await this.latestBlockNumber();
    const block = n === null ? null : await this.getBlockByNumber(n);
    if (block) this.head = { number: block.number, stateRoot: block.stateRoot.toLowerCase() as Hex };
    return block;
  }

  async latestBlockNumber(): Promise<number | null> {
    if (this.head) return this.head.number;
    const [r] = await this.db.query<{ n: number | null }>("SELECT max(block_num) AS n FROM state.l2_block");
    return r?.n ?? null;
  }

  /** State root of the latest L2 block: the state `latest` reads run on. Null before genesis is stored. */
  async latestStateRoot(): Promise<Hex | null> {
    if (this.head) return this.head.stateRoot;
    const [r] = await this.db.query<{ state_root: Uint8Array }>(
      "SELECT state_root FROM state.l2_block ORDER BY block_num DESC LIMIT 1",
    );
    return r ? bytesToHex(r.state_root) : null;
  }

  async getBlockByNumber(n: number): Promise<L2Block | null> {
    const [r] = await this.db.query<BlockRow>(`SELECT ${BLOCK_COLS} FROM state.l2_block b WHERE b.block_num = $1`, [n]);
    return r ? toBlock(r) : null;
  }

  async getBlockByHash(hash: Hex): Promise<L2Block | null> {
    const [r] = await this.db.query<BlockRow>(`SELECT ${BLOCK_COLS} FROM state.l2_block b WHERE b.block_hash = $1`, [
      hexToBytes(hash),
    ]);
    return r ? toBlock(r) : null;
  }

  /** Blocks with number > `after`, oldest first, at most `limit` (filters and subscriptions). */
  async getBlocksAfter(after: number, limit: number): Promise<L2Block[]> {
    const rows = await this.db.query<BlockRow>(
      `SELECT ${BLOCK_COLS} FROM state.l2_block b WHERE b.block_num > $1 ORDER BY b.block_num LIMIT $2`,
      [after, limit],
    );
    return rows.map(toBlock);
  }

  async getBlockTxs(blockNum: number): Promise<L2Tx[]> {
    const rows = await this.db.query<TxRow>(
      `SELECT ${TX_COLS} FROM state.transaction t JOIN state.l2_block b ON b.block_num = t.l2_block_num
       WHERE t.l2_block_num = $1 ORDER BY t.tx_index`,
      [blockNum],
    );
    return rows.map(toTx);
  }

  async getTxByHash(hash: Hex): Promise<L2Tx | null> {
    const [r] = await this.db.query<TxRow>(
      `SELECT ${TX_COLS} FROM state.transaction t JOIN state.l2_block b ON b.block_num = t.l2_block_num WHERE t.hash = $1`,
      [hexToBytes(hash)],
    );
    return r ? toTx(r) : null;
  }

  async getTxByBlockAndIndex(blockNum: number, index: number): Promise<L2Tx | null> {
    const [r] = await this.db.query<TxRow>(
      `SELECT ${TX_COLS} FROM state.transaction t JOIN state.l2_block b ON b.block_num = t.l2_block_num
       WHERE t.l2_block_num = $1 AND t.tx_index = $2`,
      [blockNum, index],
    );
    return r ? toTx(r) : null;
  }

  /** One round trip: the receipt row repeated once per log (log columns null when it has none), logs in order. */
  async getReceipt(txHash: Hex): Promise<Receipt | null> {
    const rows = await this.db.query<ReceiptLogRow>(RECEIPT_SELECT, [hexToBytes(txHash)]);
    const r = rows[0];
    if (!r) return null;
    const blockHash = bytesToHex(r.block_hash);
    const transactionHash = bytesToHex(r.tx_hash);
    const logs: Log[] = [];
    for (const l of rows) {
      if (l.log_index === null) break;
      logs.push({
        address: bytesToHex(l.address!),
        topics: topicsOf(l),
        data: bytesToHex(l.data!),
        blockNumber: r.block_num,
        blockHash,
        transactionHash,
        transactionIndex: r.tx_index,
        logIndex: l.log_index,
      });
    }
    return {
      transactionHash,
      transactionIndex: r.tx_index,
      blockNumber: r.block_num,
      blockHash,
      from: bytesToHex(r.from_address),
      to: optBytesToHex(r.to_address),
      status: r.status,
      cumulativeGasUsed: r.cumulative_gas_used,
      gasUsed: r.gas_used,
      effectiveGasPrice: BigInt(r.effective_gas_price),
      contractAddress: optBytesToHex(r.contract_address),
      logsBloom: bytesToHex(r.logs_bloom),
      postState: bytesToHex(r.post_state),
      revertReason: r.revert_reason,
      logs,
    };
  }

  /**
   * Logs in [fromBlock, toBlock] matching the address and topic filters, in chain order. Refuses ranges wider than
   * `maxLogsBlockRange` and results larger than `maxLogsCount` (LOG_RANGE_TOO_LARGE / LOG_RESULT_TOO_LARGE).
   */
  async getLogs(f: LogFilter): Promise<Log[]> {
    if (f.toBlock < f.fromBlock) return [];
    if (f.toBlock - f.fromBlock > this.options.maxLogsBlockRange) {
      throw new StateError("LOG_RANGE_TOO_LARGE", `logs are limited to a ${this.options.maxLogsBlockRange} block range`);
    }
    if (f.topics.length > 4) throw new StateError("INVALID_FILTER", `a log filter has at most 4 topic positions, got ${f.topics.length}`);
    const where = ["l.block_num >= $1", "l.block_num <= $2"];
    const params: unknown[] = [f.fromBlock, f.toBlock];
    if (f.addresses.length > 0) {
      params.push(f.addresses.map(hexToBytes));
      where.push(`l.address = ANY($${params.length}::BYTEA[])`);
    }
    f.topics.forEach((alts, i) => {
      if (alts === null || alts.length === 0) return;
      params.push(alts.map(hexToBytes));
      where.push(`l.topic${i} = ANY($${params.length}::BYTEA[])`);
    });
    params.push(this.options.maxLogsCount + 1);
    const rows = await this.db.query<LogRow>(
      `SELECT l.*, b.block_hash FROM state.log l JOIN state.l2_block b ON b.block_num = l.block_num
       WHERE ${where.join(" AND ")} ORDER BY l.block_num, l.log_index LIMIT $${params.length}`,
      params,
    );
    if (rows.length > this.options.maxLogsCount) {
      throw new StateError("LOG_RESULT_TOO_LARGE", `query returned more than ${this.options.maxLogsCount} results`);
    }
    return rows.map(toLog);
  }

  // ---------------------------------------------------------------- reads: batches

  async getBatch(batchNum: number): Promise<Batch | null> {
    const [r] = await this.db.query<BatchRow>(`${BATCH_SELECT} WHERE bt.batch_num = $1`, [batchNum]);
    return r ? toBatch(r) : null;
  }

  async getBatchBlocks(batchNum: number): Promise<L2Block[]> {
    const rows = await this.db.query<BlockRow>(
      `SELECT ${BLOCK_COLS} FROM state.l2_block b WHERE b.batch_num = $1 ORDER BY b.block_num`,
      [batchNum],
    );
    return rows.map(toBlock);
  }

  async getBatchTxs(batchNum: number): Promise<L2Tx[]> {
    const rows = await this.db.query<TxRow>(
      `SELECT ${TX_COLS} FROM state.transaction t JOIN state.l2_block b ON b.block_num = t.l2_block_num
       WHERE b.batch_num = $1 ORDER BY t.l2_block_num, t.tx_index`,
      [batchNum],
    );
    return rows.map(toTx);
  }

  /** The L1 info tree leaf a changeL2Block refers to by index (its GER and L1 block hash), or null when not synced yet. */
  async getL1InfoLeaf(index: number): Promise<{ globalExitRoot: Hex; blockHashL1: Hex; timestamp: number } | null> {
    const [r] = await this.db.query<{ global_exit_root: Uint8Array; prev_block_hash: Uint8Array; timestamp: Date }>(
      "SELECT global_exit_root, prev_block_hash, timestamp FROM state.exit_root WHERE l1_info_tree_index = $1",
      [index],
    );
    return r
      ? { globalExitRoot: bytesToHex(r.global_exit_root), blockHashL1: bytesToHex(r.prev_block_hash), timestamp: Math.floor(r.timestamp.getTime() / 1000) }
      : null;
  }

  /** Mainnet and rollup exit roots behind a global exit root (latest L1 info leaf with it), or null. */
  async getExitRootsByGer(ger: Hex): Promise<{ mainnetExitRoot: Hex; rollupExitRoot: Hex } | null> {
    const [r] = await this.db.query<{ mainnet_exit_root: Uint8Array; rollup_exit_root: Uint8Array }>(
      `SELECT mainnet_exit_root, rollup_exit_root FROM state.exit_root WHERE global_exit_root = $1
       ORDER BY l1_info_tree_index DESC LIMIT 1`,
      [hexToBytes(ger)],
    );
    return r ? { mainnetExitRoot: bytesToHex(r.mainnet_exit_root), rollupExitRoot: bytesToHex(r.rollup_exit_root) } : null;
  }

  async batchNumberByBlock(blockNum: number): Promise<number | null> {
    const [r] = await this.db.query<{ batch_num: number }>("SELECT batch_num FROM state.l2_block WHERE block_num = $1", [blockNum]);
    return r?.batch_num ?? null;
  }

  /** Last trusted batch, open (wip) or closed. */
  async lastBatchNumber(): Promise<number | null> {
    return this.maxOf("SELECT max(batch_num) AS n FROM state.batch");
  }

  async lastClosedBatchNumber(): Promise<number | null> {
    return this.maxOf("SELECT max(batch_num) AS n FROM state.batch WHERE closed");
  }

  async lastVirtualBatchNumber(): Promise<number | null> {
    return this.maxOf("SELECT max(batch_num) AS n FROM state.virtual_batch");
  }

  async lastVerifiedBatchNumber(): Promise<number | null> {
    return this.maxOf("SELECT max(batch_num) AS n FROM state.verified_batch");
  }

  /** Number of the last forced batch that a virtual batch holds (what L1 calls lastForceBatchSequenced). */
  async lastSequencedForcedBatchNumber(): Promise<number | null> {
    return this.maxOf(
      "SELECT max(b.forced_batch_num) AS n FROM state.batch b JOIN state.virtual_batch v ON v.batch_num = b.batch_num",
    );
  }

  /** The newest L2 block of batch `batchNum` or of an earlier one (a batch may hold none). */
  async lastBlockUpToBatch(batchNum: number): Promise<L2Block | null> {
    const [r] = await this.db.query<BlockRow>(
      `SELECT ${BLOCK_COLS} FROM state.l2_block b WHERE b.batch_num <= $1 ORDER BY b.block_num DESC LIMIT 1`,
      [batchNum],
    );
    return r ? toBlock(r) : null;
  }

  /** Last L2 block of a verified batch. */
  async lastConsolidatedBlockNumber(): Promise<number | null> {
    return this.maxOf(
      "SELECT max(b.block_num) AS n FROM state.l2_block b JOIN state.verified_batch v ON v.batch_num = b.batch_num",
    );
  }

  async isBlockVirtualized(blockNum: number): Promise<boolean> {
    const [r] = await this.db.query<{ ok: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM state.l2_block b JOIN state.virtual_batch v ON v.batch_num = b.batch_num
        WHERE b.block_num = $1) AS ok`,
      [blockNum],
    );
    return r?.ok ?? false;
  }

  async isBlockConsolidated(blockNum: number): Promise<boolean> {
    const [r] = await this.db.query<{ ok: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM state.l2_block b JOIN state.verified_batch v ON v.batch_num = b.batch_num
        WHERE b.block_num = $1) AS ok`,
      [blockNum],
    );
    return r?.ok ?? false;
  }

  private async maxOf(sql: string): Promise<number | null> {
    const [r] = await this.db.query<{ n: number | null }>(sql);
    return r?.n ?? null;
  }
}
