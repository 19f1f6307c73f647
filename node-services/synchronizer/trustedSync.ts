/**
 * Trusted state for nodes that are not the trusted sequencer (zkevm-node's L2 sync): polls the trusted sequencer's
 * JSON-RPC, rebuilds each trusted batch's L2 blocks from its batchL2Data, executes them here and stores them only when
 * every block hash and state root equals what the sequencer reported. An open batch is followed block by block as it
 * grows. A trusted batch that no longer matches the trusted node (it reorged) is discarded and synced again; batches L1
 * has sequenced (virtual) belong to the L1 synchronizer and are never touched here, so after a trusted-state reorg made
 * by L1 this continues from the L1 state.
 */
import { decodeBatchL2Data, type BlockContext, type DecodedL2Tx, type Executor } from "../executor/index.js";
import type { Logger } from "../log/logger.js";
import { h4ToHex, hexToH4 } from "../merkletree/index.js";
import { Ticker, type Service, type WriteLock } from "../node/service.js";
import { l2BlockRecord, l2TxRecords } from "../state/closedBlockRecords.js";
import { hexToBytes, type Hex } from "../state/hex.js";
import type { StateRepository } from "../state/stateRepository.js";
import type { L2Block } from "../state/types.js";
import { TrustedRpc, type TrustedBatch, type TrustedBlock } from "./trustedRpc.js";

const ZERO32 = `0x${"00".repeat(32)}` as Hex;

export interface TrustedSyncOptions {
  /** How often the trusted node is asked for new batches and blocks. */
  intervalMs: number;
}

export const defaultTrustedSyncOptions: TrustedSyncOptions = { intervalMs: 1000 };

export interface TrustedSyncDeps {
  state: StateRepository;
  executor: Executor;
  /** Persists the tree nodes and bytecode the executor wrote (before the block that needs them is stored). */
  flushState: () => Promise<void>;
  trustedRpc: TrustedRpc;
  log: Logger;
  options?: Partial<TrustedSyncOptions>;
  /** Called after each L2 block is stored (JSON-RPC subscriptions). */
  onL2Block?: (blockNumber: number) => void;
  /** Shared with the L1 synchronizer of the same node: a round holds it throughout, so the two never write at once. */
  writeLock?: WriteLock;
}

/** Our execution of a trusted batch does not give what the trusted sequencer reported: syncing stops. */
export class TrustedStateMismatch extends Error {
  readonly code = "TRUSTED_STATE_MISMATCH";
  constructor(message: string) {
    super(message);
    this.name = "TrustedStateMismatch";
  }
}

export interface TrustedSyncStatus {
  /** Last batch number the trusted node reported, null before the first answer. */
  trustedBatch: number | null;
  /** Last batch stored here (trusted or from L1). */
  localBatch: number | null;
  /** Set when syncing stopped on a mismatch; the node keeps serving what it has. */
  halted: string | null;
}

interface BlockPlan {
  deltaTimestamp: number;
  indexL1InfoTree: number;
  txs: DecodedL2Tx[];
}

/** The changeL2Block markers of a batchL2Data with the txs each block carries. */
function blockPlans(batchL2Data: Hex, batchNum: number): BlockPlan[] {
  const plans: BlockPlan[] = [];
  for (const e of decodeBatchL2Data(hexToBytes(batchL2Data), { forced: false })) {
    if (e.kind === "changeL2Block") plans.push({ ...e.block, txs: [] });
    else if (plans.length === 0) throw new TrustedStateMismatch(`trusted batch ${batchNum} has a tx before its first changeL2Block`);
    else plans.at(-1)!.txs.push(e.tx);
  }
  return plans;
}

export class TrustedSync implements Service {
  readonly name = "trusted-sync";
  private readonly ticker: Ticker;
  private trustedBatch: number | null = null;
  private halted: TrustedStateMismatch | null = null;
  /** Batch whose "waits for L1" was already logged, so a long wait logs once. */
  private waitingFor: number | null = null;
  private lastError: string | null = null;

  constructor(private readonly d: TrustedSyncDeps) {
    const opts = { ...defaultTrustedSyncOptions, ...d.options };
    const round = () => this.syncOnce();
    this.ticker = new Ticker(opts.intervalMs, d.writeLock ? () => d.writeLock!.run(round) : round, (err) => this.onRoundError(err));
  }

  /** A failure repeating round after round (the trusted node is down) is logged once, until it changes. */
  private onRoundError(err: unknown): void {
    const message = String(err);
    if (message !== this.lastError) this.d.log.warn("trusted sync failed; retrying", { err: message });
    this.lastError = message;
  }

  async start(): Promise<void> {
    // This service writes L2 blocks: the repository keeps the head from here on.
    if (!(await this.d.state.loadHead())) throw new Error("trusted sync: no genesis block in the state DB");
    this.ticker.start();
    this.d.log.info("trusted sync started", { trustedRpc: this.d.trustedRpc.url });
  }

  stop(): Promise<void> {
    return this.ticker.stop();
  }

  /** Runs one sync round now (after the running one, if any). */
  poke(): Promise<void> {
    return this.ticker.poke();
  }

  async status(): Promise<TrustedSyncStatus> {
    return { trustedBatch: this.trustedBatch, localBatch: await this.d.state.lastBatchNumber(), halted: this.halted?.message ?? null };
  }

  /** Brings the local trusted state up to the trusted node's, batch by batch; stops at a batch still open there. */
  async syncOnce(): Promise<void> {
    if (this.halted) return;
    try {
      await this.syncBatches();
      this.lastError = null;
    } catch (err) {
      if (!(err instanceof TrustedStateMismatch)) throw err;
      this.halted = err;
      this.d.log.error("trusted sync stopped: our execution differs from the trusted sequencer's", { err: err.message });
    }
  }

  private async syncBatches(): Promise<void> {
    const last = await this.d.trustedRpc.batchNumber();
    this.trustedBatch = last;
    for (let n = await this.firstBatchToSync(); n <= last; n++) {
      const remote = await this.d.trustedRpc.batch(n);
      if (!remote || !(await this.syncBatch(remote))) return;
    }
  }

  /** The last local batch when it is still trusted (it may have grown or changed there), else the one after it. */
  private async firstBatchToSync(): Promise<number> {
    const last = await this.d.state.lastBatchNumber();
    if (last === null) throw new Error("trusted sync: no genesis batch in the state DB");
    const batch = await this.d.state.getBatch(last);
    return last === 0 || batch?.status === "virtual" || batch?.status === "verified" ? last + 1 : last;
  }

  /** Returns true when the batch is complete here (closed, or owned by L1) and the next one may follow. */
  private async syncBatch(remote: TrustedBatch): Promise<boolean> {
    const n = remote.number;
    if (remote.forcedBatchNumber !== null) {
      // A forced batch is executed from its L1 data by the L1 synchronizer.
      if (this.waitingFor !== n) this.d.log.info("trusted batch is forced: waiting for it from L1", { batch: n });
      this.waitingFor = n;
      return false;
    }
    const local = await this.d.state.getBatch(n);
    if (local && (local.status === "virtual" || local.status === "verified")) return true;
    const plans = blockPlans(remote.batchL2Data, n);
    if (plans.length !== remote.blocks.length) {
      throw new Error(`trusted batch ${n}: batchL2Data holds ${plans.length} blocks but the batch lists ${remote.blocks.length} (read during a change; retrying)`);
    }
    let have: L2Block[] = [];
    if (local) {
      have = await this.d.state.getBatchBlocks(n);
      const diverged =
        have.length > remote.blocks.length || have.some((b, i) => b.hash !== remote.blocks[i]!.hash) || (local.status === "closed" && !remote.closed);
      if (!diverged && local.status === "closed") return true;
      if (diverged) {
        this.d.log.warn("trusted state reorg: the trusted node's batch differs from ours; syncing it again", { batch: n });
        await this.d.state.discardTrustedBatchesFrom(n, "the trusted node's batch changed");
        return this.syncBatch(remote);
      }
    }
    let head = await this.head();
    const first = remote.blocks[have.length];
    if (first && first.parentHash !== head.hash) {
      if (have.length > 0) throw new Error(`trusted batch ${n}: block ${first.number} does not follow block ${head.number} (read during a change; retrying)`);
      return this.previousBatchDiverged(n, first, head);
    }
    if (!local) await this.d.state.openBatch({ batchNum: n, coinbase: remote.coinbase, timestamp: remote.timestamp });
    for (let i = have.length; i < plans.length; i++) {
      head = await this.executeBlock(remote, remote.blocks[i]!, plans[i]!, head);
    }
    if (!remote.closed) return false;
    if (head.stateRoot !== remote.stateRoot) {
      throw new TrustedStateMismatch(`trusted batch ${n}: state root ${head.stateRoot} here, ${remote.stateRoot} at the trusted node`);
    }
    const localExitRoot = await this.d.executor.localExitRoot(hexToH4(head.stateRoot));
    if (localExitRoot !== remote.localExitRoot) {
      throw new TrustedStateMismatch(`trusted batch ${n}: local exit root ${localExitRoot} here, ${remote.localExitRoot} at the trusted node`);
    }
    await this.d.state.closeBatch(n, { stateRoot: head.stateRoot, localExitRoot, batchL2Data: remote.batchL2Data, closingReason: "trusted" });
    this.d.log.info("trusted batch synced", { batch: n, blocks: plans.length });
    return true;
  }

  /**
   * The trusted node's batch `n` does not start on our last block: the batch before it changed there. A trusted batch
   * is discarded and synced again. An L1-sequenced one is what L1 says: the trusted node has not followed L1 (yet), so
   * this waits for it, retrying each round.
   */
  private async previousBatchDiverged(n: number, first: TrustedBlock, head: L2Block): Promise<boolean> {
    const prev = n - 1;
    const batch = await this.d.state.getBatch(prev);
    if (prev > 0 && batch && (batch.status === "wip" || batch.status === "closed")) {
      this.d.log.warn("trusted state reorg: the trusted node's previous batch changed; syncing it again", { batch: prev });
      await this.d.state.discardTrustedBatchesFrom(prev, "the trusted node's batch changed (its next batch does not follow ours)");
      return false;
    }
    throw new Error(
      `the trusted node's batch ${n} starts on block ${first.parentHash}, but our block ${head.number} of batch ${prev} (${batch?.status ?? "missing"}) is ${head.hash}: waiting for the trusted node to follow L1`,
    );
  }

  private async head(): Promise<L2Block> {
    const n = await this.d.state.latestBlockNumber();
    const block = n === null ? null : await this.d.state.getBlockByNumber(n);
    if (!block) throw new Error("trusted sync: no L2 block in the state DB");
    return block;
  }

  private async executeBlock(remote: TrustedBatch, expected: TrustedBlock, plan: BlockPlan, head: L2Block): Promise<L2Block> {
    const at = `trusted batch ${remote.number} block ${expected.number}`;
    const timestamp = head.timestamp + plan.deltaTimestamp;
    if (timestamp !== expected.timestamp) throw new TrustedStateMismatch(`${at}: timestamp ${timestamp} from batchL2Data, ${expected.timestamp} reported`);
    const ctx: BlockContext = {
      timestamp: BigInt(timestamp),
      coinbase: remote.coinbase,
      l1InfoTreeIndex: plan.indexL1InfoTree,
      globalExitRoot: ZERO32,
      blockHashL1: ZERO32,
      parentHash: head.hash,
    };
    if (plan.indexL1InfoTree !== 0) {
      const leaf = await this.d.state.getL1InfoLeaf(plan.indexL1InfoTree);
      // Not a mismatch: the L1 synchronizer has not reached that L1 info tree leaf yet.
      if (!leaf) throw new Error(`${at} uses L1 info tree leaf ${plan.indexL1InfoTree}, not synced from L1 yet`);
      ctx.globalExitRoot = leaf.globalExitRoot;
      ctx.blockHashL1 = leaf.blockHashL1;
    }
    const builder = await this.d.executor.openBlock(hexToH4(head.stateRoot), ctx);
    for (const [i, tx] of plan.txs.entries()) {
      const res = await builder.applyTx(tx);
      if (res.rejected) throw new TrustedStateMismatch(`${at}: tx ${i} was rejected here (${res.reason})`);
    }
    const closed = await builder.close();
    const stateRoot = h4ToHex(closed.stateRoot);
    if (closed.blockHash !== expected.hash || stateRoot !== expected.stateRoot) {
      throw new TrustedStateMismatch(
        `${at}: executed here to hash ${closed.blockHash} and state root ${stateRoot}; the trusted node reported ${expected.hash} and ${expected.stateRoot}`,
      );
    }
    await this.d.flushState();
    const record = l2BlockRecord(closed, remote.number);
    await this.d.state.addL2Block(record, l2TxRecords(closed));
    this.d.onL2Block?.(record.number);
    return { ...record, transactionsRoot: record.transactionsRoot ?? null, receiptsRoot: record.receiptsRoot ?? null, txHashes: closed.txs.map((t) => t.txHash) };
  }
}
