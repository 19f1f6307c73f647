/**
 * The trusted sequencer: takes executable pool txs, executes them into L2 blocks and batches, and stores them as
 * trusted state. As in zkevm-node, an L2 block closes on time even when empty (clients waiting for a receipt poll for
 * new blocks) and a batch closes on bytes, tx count or gas, or on time once it holds a block. A tx leaves the pool only after the
 * block that holds it is committed, so a crash never loses a tx that was given a hash.
 */
import type { Smt, H4 } from "../merkletree/index.js";
import { h4ToHex, hexToH4 } from "../merkletree/index.js";
import { encodeBatchL2Data, encodeL2Tx, rawTxToL2Tx, type BlockBuilder, type Executor, type L2Tx } from "../executor/index.js";
import type { Logger } from "../log/logger.js";
import type { Service } from "../node/service.js";
import { Ticker } from "../node/service.js";
import type { PoolTx, TxPool } from "../pool/txPool.js";
import type { Hex } from "../state/hex.js";
import type { StateReader } from "../state/stateReader.js";
import type { StateRepository } from "../state/stateRepository.js";
import { l2BlockRecord, l2TxRecords } from "../state/closedBlockRecords.js";
import type { ForcedBatch } from "../state/types.js";
import { executeSequencedBatch } from "../synchronizer/batchExecution.js";
import { OpenBatch } from "./openBatch.js";
import { defaultSequencerOptions, type SequencerOptions } from "./options.js";
import type { ClosingReason } from "./batchBudget.js";

const ZERO32 = `0x${"00".repeat(32)}` as Hex;
/** Smallest legacy transfer in batch encoding, used to tell whether a batch can take any tx at all. */
const MIN_TX_BYTES = 110;
const MIN_TX_GAS = 21_000n;

export interface SequencerDeps {
  state: StateRepository;
  pool: TxPool;
  executor: Executor;
  smt: Smt;
  stateReader: StateReader;
  /** Persists the tree nodes and bytecode the executor wrote (before the block that needs them is stored). */
  flushState: () => Promise<void>;
  coinbase: Hex;
  forkId: number;
  options?: Partial<SequencerOptions>;
  log: Logger;
  now?: () => number;
  /** Called after each L2 block is stored (JSON-RPC subscriptions, UI). */
  onL2Block?: (blockNumber: number) => void;
  /** Called after each batch is closed (the sequence sender wakes up). */
  onBatchClosed?: (batchNum: number) => void;
}

interface OpenBlock {
  builder: BlockBuilder;
  openedAt: number;
  /** The block's txs as the pool gave them and as decoded for execution, in block order. */
  txs: { pool: PoolTx; tx: L2Tx }[];
}

interface Head {
  stateRoot: H4;
  blockNumber: number;
  blockHash: Hex;
  timestamp: bigint;
}

export class Sequencer implements Service {
  readonly name = "sequencer";
  private readonly opts: SequencerOptions;
  private readonly ticker: Ticker;
  private readonly now: () => number;
  private head!: Head;
  private batch: OpenBatch | undefined;
  private block: OpenBlock | undefined;
  /** Set when a step failed: the in-memory head, block and batch are reloaded before the next one. */
  private stale = false;
  /** Next nonce of senders with txs in the open (not yet stored) block. */
  private readonly blockNonces = new Map<string, number>();
  /** Set when L1 may hold forced batches no batch holds yet (at start, and on notifyForcedBatch). */
  private forcedPending = true;

  constructor(private readonly d: SequencerDeps) {
    this.opts = { ...defaultSequencerOptions, ...d.options };
    this.now = d.now ?? Date.now;
    this.ticker = new Ticker(this.opts.pollMs, () => this.tick(), (err) => d.log.error("sequencer step failed", { err }));
  }

  async start(): Promise<void> {
    await this.loadStoredState();
    this.ticker.start();
    this.d.log.info("sequencer started", { head: this.head.blockNumber, batch: this.batch?.batchNum });
  }

  /** Head and open batch as the database has them: at start, and after a step failed halfway. */
  private async loadStoredState(): Promise<void> {
    this.block = undefined;
    this.batch = undefined;
    this.blockNonces.clear();
    // The sequencer is the one writer of L2 blocks: the repository keeps the head from here on.
    const last = await this.d.state.loadHead();
    if (!last) throw new Error("sequencer: no genesis block in the state DB");
    this.head = { stateRoot: hexToH4(last.stateRoot), blockNumber: last.number, blockHash: last.hash, timestamp: BigInt(last.timestamp) };
    await this.resumeBatch();
  }

  /** A batch was forced on L1 (the synchronizer stored it): it is sequenced before any more pool txs. */
  notifyForcedBatch(): void {
    this.forcedPending = true;
    void this.ticker.poke();
  }

  async stop(): Promise<void> {
    await this.ticker.stop();
    // Work in an open block is not lost: its txs are still in the pool and are executed again on restart.
    this.block = undefined;
    this.blockNonces.clear();
  }

  /** A wip batch left by a previous run is continued: its stored blocks are re-encoded into its batchL2Data. */
  private async resumeBatch(): Promise<void> {
    const lastNum = await this.d.state.lastBatchNumber();
    const last = lastNum === null ? null : await this.d.state.getBatch(lastNum);
    if (last && last.status === "wip") {
      const batch = new OpenBatch(last.batchNum, this.opts, BigInt(last.timestamp));
      let prevTs = await this.timestampBefore(last.batchNum);
      for (const b of await this.d.state.getBatchBlocks(last.batchNum)) {
        batch.addBlock(Number(BigInt(b.timestamp) - prevTs), b.l1InfoTreeIndex, this.now());
        prevTs = BigInt(b.timestamp);
        for (const hash of b.txHashes) {
          const t = await this.d.state.getTxByHash(hash);
          if (!t) throw new Error(`sequencer: tx ${hash} of block ${b.number} is missing`);
          const l2 = rawTxToL2Tx(Buffer.from(t.encoded.slice(2), "hex"), t.effectivePercentage);
          const gasUsed = (await this.d.state.getReceipt(hash))?.gasUsed ?? 0;
          batch.addTx(l2, encodeL2Tx(l2, this.d.forkId).length, BigInt(gasUsed));
        }
      }
      this.batch = batch;
    }
  }

  private async timestampBefore(batchNum: number): Promise<bigint> {
    const prev = (await this.d.state.getBatchBlocks(batchNum - 1)).at(-1);
    return prev ? BigInt(prev.timestamp) : this.head.timestamp;
  }

  private async tick(): Promise<void> {
    if (this.stale) {
      await this.loadStoredState();
      this.stale = false;
    }
    try {
      await this.step();
    } catch (err) {
      // What is in memory may no longer match what was stored; the next tick starts over from the database.
      this.stale = true;
      throw err;
    }
  }

  private async step(): Promise<void> {
    if (this.forcedPending) await this.sequenceForcedBatches();
    await this.fill();
    const block = this.block ?? (await this.openBlock(await this.ensureBatch()));
    const now = this.now();
    if (now - block.openedAt >= this.opts.blockTimeMs) {
      await this.closeBlock();
      // Blocks take bytes even when empty: a batch with no room left for one more block closes now.
      const full = this.batch?.budget.wouldExceed(0, 0n, true);
      if (full) return this.closeBatch(full);
    }
    const batch = this.batch;
    const due = batch?.firstBlockAt !== undefined && now - batch.firstBlockAt >= this.opts.batchTimeMs;
    if (due && (this.opts.closeEmptyBatches || !batch.budget.isEmpty)) {
      await this.closeBlock();
      await this.closeBatch("time");
    }
  }

  private async ensureBatch(): Promise<OpenBatch> {
    if (this.batch) return this.batch;
    const batchNum = ((await this.d.state.lastBatchNumber()) ?? 0) + 1;
    const timestamp = this.nextBlockTimestamp();
    await this.d.state.openBatch({ batchNum, coinbase: this.d.coinbase, timestamp: Number(timestamp) });
    this.batch = new OpenBatch(batchNum, this.opts, timestamp);
    this.d.log.debug("batch opened", { batch: batchNum });
    return this.batch;
  }

  private nonceOf = async (address: Hex): Promise<number> => {
    const inBlock = this.blockNonces.get(address.toLowerCase());
    if (inBlock !== undefined) return inBlock;
    return Number(await this.d.stateReader.getNonce(h4ToHex(this.head.stateRoot), address));
  };

  private async fill(): Promise<void> {
    const candidates = await this.d.pool.getSelectable(this.opts.selectLimit, this.nonceOf);
    for (const ptx of candidates) {
      const batch = await this.ensureBatch();
      let tx: L2Tx;
      try {
        tx = rawTxToL2Tx(Buffer.from(ptx.encoded.slice(2), "hex"), 0xff);
      } catch (err) {
        await this.d.pool.markFailed(ptx.hash, `cannot encode for a batch: ${(err as Error).message}`, "invalid");
        continue;
      }
      const size = encodeL2Tx(tx, this.d.forkId).length;
      const full = batch.budget.wouldExceed(size, tx.gasLimit, !this.block);
      if (full) {
        // A batch without txs may still be too full for it: its empty blocks take bytes too. Only a tx that no new
        // batch could take is refused; otherwise this batch closes and the tx goes into the next.
        const never = batch.budget.exceedsEveryBatch(size, tx.gasLimit);
        if (never) {
          await this.d.pool.markFailed(ptx.hash, `transaction does not fit in an empty batch (${never} limit)`, "invalid");
          continue;
        }
        await this.closeBlock();
        await this.closeBatch(full);
        return;
      }
      const block = this.block ?? (await this.openBlock(batch));
      const res = await block.builder.applyTx(tx, ptx.from);
      if (res.rejected) {
        // Intrinsic failures leave no trace in state; the tx cannot become valid by waiting (a nonce gap never gets here).
        await this.d.pool.markFailed(ptx.hash, `rejected by the executor: ${res.reason}`);
        this.d.log.info("tx rejected", { hash: ptx.hash, reason: res.reason });
        continue;
      }
      block.txs.push({ pool: ptx, tx });
      this.blockNonces.set(ptx.from.toLowerCase(), ptx.nonce + 1);
      batch.addTx(tx, size, res.receipt.gasUsed);
      if (batch.budget.isFull(MIN_TX_BYTES, MIN_TX_GAS)) {
        await this.closeBlock();
        await this.closeBatch(batch.budget.wouldExceed(MIN_TX_BYTES, MIN_TX_GAS, false) ?? "bytes");
        return;
      }
    }
  }

  /** Now in seconds, or the head's timestamp if that is later (Etrog: a block's timestamp never goes back). */
  private nextBlockTimestamp(): bigint {
    const nowSec = BigInt(Math.floor(this.now() / 1000));
    return nowSec > this.head.timestamp ? nowSec : this.head.timestamp;
  }

  private async openBlock(batch: OpenBatch): Promise<OpenBlock> {
    const timestamp = batch.firstBlockAt === undefined && batch.timestamp >= this.head.timestamp ? batch.timestamp : this.nextBlockTimestamp();
    const builder = await this.d.executor.openBlock(this.head.stateRoot, {
      timestamp,
      coinbase: this.d.coinbase,
      l1InfoTreeIndex: 0,
      globalExitRoot: ZERO32,
      blockHashL1: ZERO32,
      parentHash: this.head.blockHash,
    });
    batch.addBlock(Number(timestamp - this.head.timestamp), 0, this.now());
    this.block = { builder, openedAt: this.now(), txs: [] };
    return this.block;
  }

  private async closeBlock(): Promise<void> {
    const block = this.block;
    if (!block) return;
    this.block = undefined;
    const closed = await block.builder.close();
    await this.d.flushState();
    await this.d.state.addL2Block(
      l2BlockRecord(closed, this.batch!.batchNum),
      l2TxRecords(closed),
    );
    this.head = { stateRoot: closed.stateRoot, blockNumber: Number(closed.number), blockHash: closed.blockHash, timestamp: closed.timestamp };
    // Readers learn of the block before its txs leave the pool: in between, a pending nonce would be counted from
    // the state before the block without the txs that raised it.
    this.d.onL2Block?.(this.head.blockNumber);
    // Only now may the txs leave the pool: a crash before this line leaves them in both, never in neither.
    if (block.txs.length > 0) await this.d.pool.delete(block.txs.map((t) => t.pool.hash));
    this.blockNonces.clear();
    this.d.log.debug("L2 block stored", { block: this.head.blockNumber, txs: closed.txs.length, gasUsed: closed.gasUsed });
  }

  /**
   * Forced batches go first, each as a batch of its own holding exactly the forced txs (L1 checks the forced-batch
   * hash): the open block and batch are closed, and every forced batch is executed as the prover will (one implicit
   * block with the forced GER, timestamp and L1 block hash) and stored in one DB transaction.
   */
  private async sequenceForcedBatches(): Promise<void> {
    this.forcedPending = false;
    const pending = await this.d.state.pendingForcedBatches();
    if (pending.length === 0) return;
    await this.closeBlock();
    await this.closeBatch("forced");
    for (const f of pending) await this.storeForcedBatch(f);
  }

  private async storeForcedBatch(f: ForcedBatch): Promise<void> {
    const batchNum = ((await this.d.state.lastBatchNumber()) ?? 0) + 1;
    const executed = await executeSequencedBatch(
      this.d.executor,
      { batchNum, batchL2Data: f.rawTxsData, forced: true, coinbase: this.d.coinbase, l1InfoRoot: f.globalExitRoot, timestampLimit: f.timestamp, forcedBlockHashL1: f.blockHashL1 },
      { stateRoot: h4ToHex(this.head.stateRoot), blockNumber: this.head.blockNumber, blockHash: this.head.blockHash },
      {},
    );
    await this.d.flushState();
    await this.d.state.transaction(async (repo) => {
      await repo.openBatch({ batchNum, coinbase: this.d.coinbase, timestamp: f.timestamp, forcedBatchNum: f.forcedBatchNum });
      for (const { block, txs } of executed.blocks) await repo.addL2Block(block, txs);
      await repo.closeBatch(batchNum, {
        stateRoot: executed.stateRoot,
        localExitRoot: executed.localExitRoot,
        batchL2Data: f.rawTxsData,
        closingReason: executed.invalid ? `forced, invalid: ${executed.invalid}` : "forced",
      });
    });
    const last = executed.blocks.at(-1)?.block;
    if (last) this.head = { stateRoot: hexToH4(executed.stateRoot), blockNumber: last.number, blockHash: last.hash, timestamp: BigInt(last.timestamp) };
    else this.head = { ...this.head, stateRoot: hexToH4(executed.stateRoot) };
    this.d.log.info("forced batch sequenced", { batch: batchNum, forcedBatch: f.forcedBatchNum, blocks: executed.blocks.length, invalid: executed.invalid });
    for (const { block } of executed.blocks) this.d.onL2Block?.(block.number);
    this.d.onBatchClosed?.(batchNum);
  }

  private async closeBatch(reason: ClosingReason): Promise<void> {
    const batch = this.batch;
    if (!batch) return;
    this.batch = undefined;
    const batchL2Data = encodeBatchL2Data(batch.entries, this.d.forkId);
    await this.d.state.closeBatch(batch.batchNum, {
      stateRoot: h4ToHex(this.head.stateRoot),
      localExitRoot: await this.d.executor.localExitRoot(this.head.stateRoot),
      batchL2Data: hex(batchL2Data),
      closingReason: reason,
    });
    this.d.log.info("batch closed", { batch: batch.batchNum, reason, txs: batch.budget.used.txs, bytes: batchL2Data.length });
    this.d.onBatchClosed?.(batch.batchNum);
  }
}

const hex = (b: Uint8Array): Hex => `0x${Buffer.from(b).toString("hex")}`;
