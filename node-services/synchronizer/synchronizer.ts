/**
 * The synchronizer: follows the rollup on L1 from its deployment block, in block ranges, and makes the State DB say
 * what L1 says. Sequenced batches become virtual (compared with the trusted batch when the node has one, else
 * re-executed from their L1 data), forced batches and L1 info tree leaves are stored, verified batches are checked
 * against our state roots. Each L1 block is applied in one DB transaction together with the block itself, and the
 * newest stored L1 block is the checkpoint: a kill at any point resumes with no gap and nothing applied twice.
 * Before each round the checkpoint's hash is checked against L1; on an L1 reorg everything derived from the dropped
 * blocks is removed (cascade from `state.l1_block`) and read again.
 * Writes are behind execution by one L1 block: block N commits while block N+1 executes (the embedded database runs
 * on its own thread), and anything planning reads from the database waits for that commit first.
 */
import type { Block } from "ethers";
import type { Etherman, L1BlockEvents, RollupEvent, SequencedBatch } from "../etherman/index.js";
import { accInputHash, AppendOnlyMerkleTree, EthermanError, l1InfoLeafHash } from "../etherman/index.js";
import { SendersAhead, type Executor, type L1InfoLeaf } from "../executor/index.js";
import type { Logger } from "../log/logger.js";
import { Ticker, type Service, type WriteLock } from "../node/service.js";
import type { Hex } from "../state/hex.js";
import type { StateRepository } from "../state/stateRepository.js";
import type { Batch, SequencedBatchRecord } from "../state/types.js";
import { executeSequencedBatch, type L2Cursor, type SequencedBatchInput } from "./batchExecution.js";
import { SyncHaltError } from "./errors.js";
import { defaultSynchronizerOptions, type SynchronizerOptions } from "./options.js";

export interface SynchronizerDeps {
  state: StateRepository;
  /** The world state the batches are executed on (see buildWorldState); `flush` makes tree writes durable. */
  world: { executor: Executor; flush: () => Promise<void> };
  etherman: Etherman;
  /** First L1 block to read: the rollup's deployment block. */
  deployBlock: number;
  options?: Partial<SynchronizerOptions>;
  log: Logger;
  /**
   * The node holds trusted batches (the trusted sequencer's own node, or an RPC node that pulls them from the
   * trusted sequencer): a sequenced batch the node already has is compared with L1 instead of executed again.
   */
  hasTrustedState: boolean;
  /**
   * What to do when L1 sequenced a batch differently from our trusted one. false (default): discard our trusted
   * batches from there and execute L1's (a trusted-state reorg). true: stop with an error (the trusted sequencer's
   * own node, whose sequencer is writing those batches).
   */
  haltOnTrustedMismatch?: boolean;
  /** Shared with the other writers of this state in the process (the trusted-state sync): a round holds it throughout. */
  writeLock?: WriteLock;
}

export interface SyncStatus {
  /** Newest L1 block applied (the checkpoint); deployBlock - 1 before the first. */
  l1Synced: number;
  /** Newest L1 block seen on the L1 node. */
  l1Head: number;
  lastVirtualBatch: number;
  lastVerifiedBatch: number;
  /** Behind L1 and still reading. */
  syncing: boolean;
  /** Set when the synchronizer stopped for good (see SyncHaltError); it says why. */
  halted: string | null;
}

export type BatchesEvent = { kind: "virtual" | "verified"; batches: number[] };

type Listener<T> = (e: T) => void;

/** One write of an L1 block's plan; all run in the block's DB transaction. */
type Write = (repo: StateRepository) => Promise<void>;

/** What applying one L1 block changes, gathered before its DB transaction and announced after it commits. */
interface BlockPlan {
  writes: Write[];
  /** Consecutive batches executed from L1 data, stored by one write (a few multi-row statements for all of them). */
  run?: SequencedBatchRecord[];
  runWrite?: Write;
  virtual: number[];
  verified: number[];
  forced: number[];
  trustedReorgFrom: number | null;
}

/**
 * The chain as the last planned block leaves it, so later events (of this block and the round's next ones) build on it
 * without a query.
 */
interface PlanCursor {
  l2: L2Cursor;
  batchNum: number;
  accInputHash: Hex;
  /** Our batches from here on were discarded (trusted-state reorg): later batches are executed from L1. */
  discardedFrom: number | null;
  lastSequencedForced: number;
  /** State roots of batches planned this round, for a verification in a later event. */
  roots: Map<number, Hex>;
}

export class Synchronizer implements Service {
  readonly name = "synchronizer";
  private readonly opts: SynchronizerOptions;
  private readonly ticker: Ticker;
  private readonly virtualListeners = new Set<Listener<BatchesEvent>>();
  private readonly reorgListeners = new Set<Listener<number>>();
  private readonly forcedListeners = new Set<Listener<number>>();
  /** The L1 info tree as the exit-root manager holds it, rebuilt from the DB after a failure or a rewind. */
  private infoTree: { tree: AppendOnlyMerkleTree; leaves: Record<number, L1InfoLeaf> } | undefined;
  private current: SyncStatus;
  private stopped = true;
  /** Where the last planned block left the chain, carried from block to block within a round. */
  private cursor: PlanCursor | undefined;
  /** The previous L1 block's commit, running while the next block executes. */
  private committing: Promise<void> | null = null;
  /** Senders of the block's batches, recovered on another thread while the batches before them execute. */
  private readonly senders: SendersAhead;

  constructor(private readonly d: SynchronizerDeps) {
    this.opts = { ...defaultSynchronizerOptions, ...d.options };
    this.senders = new SendersAhead(d.world.executor.forkId);
    this.current = { l1Synced: d.deployBlock - 1, l1Head: 0, lastVirtualBatch: 0, lastVerifiedBatch: 0, syncing: true, halted: null };
    const round = () => this.round();
    this.ticker = new Ticker(this.opts.intervalMs, d.writeLock ? () => d.writeLock!.run(round) : round, (err) => this.onRoundError(err));
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.refreshStatus();
    this.ticker.start();
    this.d.log.info("synchronizer started", { from: this.current.l1Synced + 1, deployBlock: this.d.deployBlock });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.ticker.stop();
  }

  status(): SyncStatus {
    return { ...this.current };
  }

  /** Batches became virtual or verified (the aggregator picks virtual batches; the UI shows both). Returns an unsubscribe. */
  onBatches(fn: Listener<BatchesEvent>): () => void {
    this.virtualListeners.add(fn);
    return () => this.virtualListeners.delete(fn);
  }

  /** Our trusted batches from `fromBatch` on were discarded for L1's (a trusted-state reorg). */
  onTrustedReorg(fn: Listener<number>): () => void {
    this.reorgListeners.add(fn);
    return () => this.reorgListeners.delete(fn);
  }

  /** A batch was forced on L1 (the trusted sequencer must sequence it). */
  onForcedBatch(fn: Listener<number>): () => void {
    this.forcedListeners.add(fn);
    return () => this.forcedListeners.delete(fn);
  }

  /** Runs one round now (after the running one): reads L1 up to its head. Resolves when the round is over. */
  syncNow(): Promise<void> {
    return this.ticker.poke();
  }

  private onRoundError(err: unknown): void {
    this.infoTree = undefined;
    if (err instanceof SyncHaltError) {
      this.current.halted = err.message;
      this.d.log.error("synchronizer halted: an operator must look at this node", { code: err.code, err: err.message });
      return;
    }
    this.d.log.warn("sync round failed; retrying", { err });
  }

  // ---------------------------------------------------------------- the round

  private async round(): Promise<void> {
    if (this.current.halted !== null) return;
    // other writers (the trusted-state sync) may have moved the chain since the last round
    this.cursor = undefined;
    try {
      await this.syncToHead();
    } finally {
      // a round that failed while a commit was running must not overlap the next round; its own error is the one to report
      await this.settled().catch(() => undefined);
    }
  }

  private async syncToHead(): Promise<void> {
    const head = await this.d.etherman.latestBlockNumber();
    this.current.l1Head = head;
    let checkpoint = await this.d.state.lastL1Block();
    if (checkpoint && !(await this.stillOnL1(checkpoint))) {
      await this.rewindToCommonAncestor(checkpoint.number);
      checkpoint = await this.d.state.lastL1Block();
    }
    let from = checkpoint ? checkpoint.number + 1 : this.d.deployBlock;
    while (from <= head && !this.stopped) {
      const to = Math.min(from + this.opts.l1BlockRange - 1, head);
      await this.syncRange(from, to, checkpoint);
      checkpoint = await this.d.state.lastL1Block();
      from = to + 1;
      this.current.l1Synced = to;
      if (from <= head) this.d.log.info("L1 sync progress", { l1Synced: to, l1Head: head, lastVirtualBatch: this.current.lastVirtualBatch });
    }
    await this.refreshStatus();
  }

  private async stillOnL1(b: { number: number; hash: Hex }): Promise<boolean> {
    const onL1 = await this.d.etherman.provider.getBlock(b.number);
    return onL1 !== null && onL1.hash === b.hash;
  }

  /** Reads [from, to] and applies it block by block; the range's last block is stored even without events. */
  private async syncRange(from: number, to: number, checkpoint: { number: number; hash: Hex } | null): Promise<void> {
    const end = await this.block(to);
    const blocks = await this.d.etherman.getRollupEvents(from, to);
    // The events must belong to the chain the checkpoint and the range end are on; a reorg while reading is read again.
    if ((await this.block(to)).hash !== end.hash || (checkpoint && !(await this.stillOnL1(checkpoint)))) {
      throw new EthermanError("REORGED_DURING_READ", `L1 reorganised while blocks ${from}..${to} were read; reading them again`);
    }
    for (const b of blocks) {
      if (this.stopped) break;
      await this.applyBlock(b);
    }
    await this.settled();
    if (this.stopped) return;
    if (blocks.at(-1)?.blockNumber !== to) {
      await this.d.state.addL1Block({ number: to, hash: end.hash as Hex, parentHash: end.parentHash as Hex, receivedAt: new Date(end.timestamp * 1000) });
    }
  }

  private async block(n: number): Promise<Block> {
    const b = await this.d.etherman.provider.getBlock(n);
    if (!b || !b.hash) throw new EthermanError("RPC_FAILED", `the L1 node has no block ${n}`);
    return b;
  }

  // ---------------------------------------------------------------- L1 reorgs

  /** Walks back over the stored L1 blocks to the newest one L1 still has, and removes everything above it. */
  private async rewindToCommonAncestor(mismatch: number): Promise<void> {
    let keep = this.d.deployBlock - 1;
    let before = mismatch;
    search: for (let walked = 0; walked < this.opts.reorgSearchDepth; ) {
      const stored = await this.d.state.l1BlocksBefore(before, 50);
      if (stored.length === 0) break;
      for (const b of stored) {
        walked++;
        if (await this.stillOnL1(b)) {
          keep = b.number;
          break search;
        }
      }
      before = stored.at(-1)!.number;
    }
    const removedL2 = await this.d.state.transaction((repo) => repo.rewindL1(keep));
    this.infoTree = undefined;
    this.d.log.warn("L1 reorg: rewound to the common ancestor", { droppedFrom: keep + 1, storedTip: mismatch, l2BlocksRemoved: removedL2 });
    await this.refreshStatus();
  }

  // ---------------------------------------------------------------- one L1 block

  /** Waits for the previous block's commit (and fails with its error). */
  private async settled(): Promise<void> {
    const c = this.committing;
    this.committing = null;
    await c;
  }

  /** The state as committed so far: planning reads it only after the previous block's writes. */
  private async committedState(): Promise<StateRepository> {
    await this.settled();
    return this.d.state;
  }

  /** Plans (executes) the block, then starts its commit once the previous one is done; the commit runs on. */
  private async applyBlock(b: L1BlockEvents): Promise<void> {
    const plan: BlockPlan = { writes: [], virtual: [], verified: [], forced: [], trustedReorgFrom: null };
    let executed = false;
    try {
      const info = await this.l1InfoTree();
      const cursorFor = async () => {
        executed = true;
        return (this.cursor ??= await this.loadCursor());
      };
      for (const e of b.events) await this.planEvent(e, b, plan, cursorFor, info);
      await this.settled();
    } catch (err) {
      this.infoTree = undefined; // the plan added leaves that were not stored
      this.cursor = undefined;
      throw err;
    }
    const commit = this.commitBlock(b, plan, executed);
    commit.catch(() => undefined); // awaited by the next block or the range's end
    this.committing = commit;
  }

  private async commitBlock(b: L1BlockEvents, plan: BlockPlan, executed: boolean): Promise<void> {
    try {
      // Tree nodes and bytecode of executed batches must be durable before the blocks that point at them.
      if (executed) await this.d.world.flush();
      await this.d.state.transaction(async (repo) => {
        await repo.addL1Block({ number: b.blockNumber, hash: b.blockHash as Hex, parentHash: b.parentHash as Hex, receivedAt: new Date(b.timestamp * 1000) });
        for (const w of plan.writes) await w(repo);
      });
    } catch (err) {
      this.infoTree = undefined;
      this.cursor = undefined;
      throw err;
    }
    this.current.l1Synced = b.blockNumber;
    if (plan.trustedReorgFrom !== null) for (const fn of this.reorgListeners) fn(plan.trustedReorgFrom);
    if (plan.virtual.length > 0) {
      this.current.lastVirtualBatch = Math.max(this.current.lastVirtualBatch, ...plan.virtual);
      for (const fn of this.virtualListeners) fn({ kind: "virtual", batches: plan.virtual });
    }
    if (plan.verified.length > 0) {
      this.current.lastVerifiedBatch = Math.max(this.current.lastVerifiedBatch, ...plan.verified);
      for (const fn of this.virtualListeners) fn({ kind: "verified", batches: plan.verified });
    }
    for (const n of plan.forced) for (const fn of this.forcedListeners) fn(n);
  }

  private async planEvent(
    e: RollupEvent,
    b: L1BlockEvents,
    plan: BlockPlan,
    cursorFor: () => Promise<PlanCursor>,
    info: { tree: AppendOnlyMerkleTree; leaves: Record<number, L1InfoLeaf> },
  ): Promise<void> {
    switch (e.kind) {
      case "UpdateL1InfoTree": {
        const index = info.tree.count;
        info.tree.add(e.leaf);
        info.leaves[index] = { globalExitRoot: e.globalExitRoot as Hex, blockHash: e.previousBlockHash as Hex, timestamp: BigInt(e.timestamp) };
        const l1InfoRoot = info.tree.root() as Hex;
        plan.writes.push((repo) =>
          repo.addL1InfoLeaf({
            index,
            l1BlockNum: b.blockNumber,
            timestamp: e.timestamp,
            mainnetExitRoot: e.mainnetExitRoot as Hex,
            rollupExitRoot: e.rollupExitRoot as Hex,
            globalExitRoot: e.globalExitRoot as Hex,
            previousBlockHash: e.previousBlockHash as Hex,
            l1InfoRoot,
          }),
        );
        return;
      }
      case "ForceBatch":
        plan.forced.push(e.forceBatchNumber);
        plan.writes.push((repo) =>
          repo.addForcedBatch({
            forcedBatchNum: e.forceBatchNumber,
            globalExitRoot: e.lastGlobalExitRoot as Hex,
            timestamp: e.forcedTimestamp,
            rawTxsData: e.transactions as Hex,
            coinbase: e.sequencer as Hex,
            blockHashL1: e.forcedBlockHashL1 as Hex,
            l1BlockNum: b.blockNumber,
          }),
        );
        return;
      case "SequenceBatches":
        this.recoverSendersAhead(e.batches, (sb) => sb.forcedTimestamp > 0);
        for (const sb of e.batches) {
          const forced = sb.forcedTimestamp > 0;
          await this.planSequencedBatch(plan, await cursorFor(), info.leaves, b, {
            l1TxHash: e.txHash as Hex,
            sequencerAddr: e.sender as Hex,
            batch: sb,
            forced,
            coinbase: e.l2Coinbase as Hex,
            l1InfoRoot: (forced ? sb.forcedGlobalExitRoot : e.l1InfoRoot) as Hex,
            timestampLimit: forced ? sb.forcedTimestamp : e.maxSequenceTimestamp,
          });
        }
        return;
      case "SequenceForceBatches":
        this.recoverSendersAhead(e.batches, () => true);
        for (const sb of e.batches) {
          await this.planSequencedBatch(plan, await cursorFor(), info.leaves, b, {
            l1TxHash: e.txHash as Hex,
            sequencerAddr: e.sender as Hex,
            batch: sb,
            forced: true,
            coinbase: e.sender as Hex,
            l1InfoRoot: sb.forcedGlobalExitRoot as Hex,
            timestampLimit: sb.forcedTimestamp,
          });
        }
        return;
      case "VerifyBatchesTrustedAggregator": {
        const cursor = await cursorFor();
        const ours = cursor.roots.get(e.batchNumber) ?? (await (await this.committedState()).getBatch(e.batchNumber))?.stateRoot ?? null;
        if (ours === null || ours.toLowerCase() !== e.stateRoot.toLowerCase()) {
          throw new SyncHaltError(
            "VERIFIED_ROOT_MISMATCH",
            `L1 block ${b.blockNumber} verified batch ${e.batchNumber} with state root ${e.stateRoot}, but our state root for it is ${ours ?? "(no such batch)"}`,
          );
        }
        plan.writes.push(async (repo) => {
          const done = await repo.markVerifiedUpTo(e.batchNumber, {
            l1TxHash: e.txHash as Hex,
            aggregator: e.aggregator as Hex,
            stateRoot: e.stateRoot as Hex,
            isTrusted: true,
            l1BlockNum: b.blockNumber,
          });
          plan.verified.push(...done);
        });
        return;
      }
      case "UpdateZkEVMVersion":
        this.d.log.info("rollup fork id", { forkId: e.forkId, fromBatch: e.numBatch, version: e.version });
        return;
    }
  }

  /** Batches a node without trusted state executes from L1 data: their senders are recovered ahead, on another thread. */
  private recoverSendersAhead(batches: readonly SequencedBatch[], forced: (sb: SequencedBatch) => boolean): void {
    if (this.d.hasTrustedState) return;
    this.senders.request(batches.map((sb) => ({ data: sb.transactions as Hex, forced: forced(sb) })));
  }

  /** One batch of a sequence: marked virtual when our trusted copy matches, else executed from its L1 data. */
  private async planSequencedBatch(
    plan: BlockPlan,
    cursor: PlanCursor,
    leaves: Readonly<Record<number, L1InfoLeaf>>,
    b: L1BlockEvents,
    s: { l1TxHash: Hex; sequencerAddr: Hex; batch: SequencedBatch; forced: boolean; coinbase: Hex; l1InfoRoot: Hex; timestampLimit: number },
  ): Promise<void> {
    const n = s.batch.batchNumber;
    if (n !== cursor.batchNum + 1) {
      throw new SyncHaltError("INCONSISTENT_L1", `L1 block ${b.blockNumber} sequences batch ${n} but the last virtual batch is ${cursor.batchNum}`);
    }
    const batchL2Data = s.batch.transactions.toLowerCase() as Hex;
    const acc = accInputHash({
      oldAccInputHash: cursor.accInputHash,
      transactions: batchL2Data,
      l1InfoRoot: s.l1InfoRoot,
      timestampLimit: s.timestampLimit,
      sequencer: s.coinbase,
      ...(s.forced ? { forcedBlockHashL1: s.batch.forcedBlockHashL1 } : {}),
    }) as Hex;
    const forcedBatchNum = s.forced ? cursor.lastSequencedForced + 1 : undefined;
    const virtual = {
      l1TxHash: s.l1TxHash,
      coinbase: s.coinbase,
      sequencerAddr: s.sequencerAddr,
      l1InfoRoot: s.l1InfoRoot,
      timestampLimit: s.timestampLimit,
      l1BlockNum: b.blockNumber,
      accInputHash: acc,
    };

    const trusted = this.d.hasTrustedState && cursor.discardedFrom === null ? await (await this.committedState()).getBatch(n) : null;
    const mismatch = trusted ? trustedMismatch(trusted, batchL2Data) : null;
    if (trusted && mismatch === null) {
      const blocks = await this.d.state.getBatchBlocks(n);
      const last = blocks.at(-1);
      cursor.l2 = last ? { stateRoot: trusted.stateRoot!, blockNumber: last.number, blockHash: last.hash } : { ...cursor.l2, stateRoot: trusted.stateRoot! };
      plan.writes.push((repo) => repo.markVirtual(n, virtual));
    } else {
      if (trusted && mismatch !== null) {
        const reason = `L1 block ${b.blockNumber} sequenced batch ${n} differently from our trusted batch: ${mismatch}`;
        if (this.d.haltOnTrustedMismatch) throw new SyncHaltError("TRUSTED_STATE_MISMATCH", reason);
        this.d.log.warn("trusted-state reorg: discarding our trusted batches for L1's", { fromBatch: n, reason });
        cursor.discardedFrom = n;
        plan.trustedReorgFrom = n;
        plan.writes.push((repo) => repo.discardBatchesFrom(n, reason));
      }
      const input: SequencedBatchInput = {
        batchNum: n,
        batchL2Data,
        forced: s.forced,
        coinbase: s.coinbase,
        l1InfoRoot: s.l1InfoRoot,
        timestampLimit: s.timestampLimit,
        ...(s.forced ? { forcedBlockHashL1: s.batch.forcedBlockHashL1 as Hex } : {}),
        senders: this.senders.take(batchL2Data, s.forced),
      };
      const executed = await executeSequencedBatch(this.d.world.executor, input, cursor.l2, leaves);
      // Between batches the event loop takes the other threads' messages: the answers to the previous block's commit
      // (its statements run on the database's thread) and the senders recovered ahead.
      await new Promise(setImmediate);
      if (executed.invalid) this.d.log.warn("L1 sequenced an invalid batch; its changes are rolled back", { batch: n, reason: executed.invalid });
      cursor.l2 = executed.cursor;
      const record: SequencedBatchRecord = {
        batchNum: n,
        coinbase: s.coinbase,
        // as the sequencer dates a batch: its first block's timestamp
        timestamp: executed.blocks[0]?.block.timestamp ?? s.timestampLimit,
        l1BlockNum: b.blockNumber,
        ...(forcedBatchNum !== undefined ? { forcedBatchNum } : {}),
        close: {
          stateRoot: executed.stateRoot,
          localExitRoot: executed.localExitRoot,
          accInputHash: acc,
          batchL2Data,
          closingReason: executed.invalid ? `invalid on L1: ${executed.invalid}` : "sequenced on L1",
          l1InfoRoot: s.l1InfoRoot,
        },
        blocks: executed.blocks,
        virtual,
      };
      if (plan.run && plan.writes.at(-1) === plan.runWrite) plan.run.push(record);
      else {
        const run = [record];
        plan.run = run;
        plan.runWrite = (repo) => repo.addSequencedBatches(run);
        plan.writes.push(plan.runWrite);
      }
    }
    cursor.batchNum = n;
    cursor.accInputHash = acc;
    cursor.roots.set(n, cursor.l2.stateRoot);
    if (forcedBatchNum !== undefined) cursor.lastSequencedForced = forcedBatchNum;
    plan.virtual.push(n);
  }

  /** Where the chain stands after the last virtual batch, read once per L1 block that needs it. */
  private async loadCursor(): Promise<PlanCursor> {
    await this.settled();
    const batchNum = (await this.d.state.lastVirtualBatchNumber()) ?? 0;
    const batch = await this.d.state.getBatch(batchNum);
    if (!batch || batch.stateRoot === null || batch.accInputHash === null) {
      throw new SyncHaltError("INCONSISTENT_L1", `batch ${batchNum} (the last virtual one, or genesis) is missing or has no roots: is the genesis stored?`);
    }
    const block = await this.d.state.lastBlockUpToBatch(batchNum);
    if (!block) throw new SyncHaltError("INCONSISTENT_L1", `no L2 block up to batch ${batchNum}: is the genesis stored?`);
    return {
      l2: { stateRoot: batch.stateRoot, blockNumber: block.number, blockHash: block.hash },
      batchNum,
      accInputHash: batch.accInputHash,
      discardedFrom: null,
      lastSequencedForced: (await this.d.state.lastSequencedForcedBatchNumber()) ?? 0,
      roots: new Map(),
    };
  }

  private async l1InfoTree(): Promise<{ tree: AppendOnlyMerkleTree; leaves: Record<number, L1InfoLeaf> }> {
    if (this.infoTree) return this.infoTree;
    await this.settled();
    const tree = new AppendOnlyMerkleTree();
    const leaves: Record<number, L1InfoLeaf> = {};
    for (const l of await this.d.state.getL1InfoLeaves()) {
      if (l.index !== tree.count) throw new SyncHaltError("INCONSISTENT_L1", `stored L1 info tree leaf ${l.index} follows leaf ${tree.count - 1}`);
      tree.add(l1InfoLeafHash(l.globalExitRoot, l.previousBlockHash, l.timestamp));
      leaves[l.index] = { globalExitRoot: l.globalExitRoot, blockHash: l.previousBlockHash, timestamp: BigInt(l.timestamp) };
    }
    this.infoTree = { tree, leaves };
    return this.infoTree;
  }

  private async refreshStatus(): Promise<void> {
    const cp = await this.d.state.lastL1Block();
    this.current.l1Synced = cp ? cp.number : this.d.deployBlock - 1;
    this.current.lastVirtualBatch = (await this.d.state.lastVirtualBatchNumber()) ?? 0;
    this.current.lastVerifiedBatch = (await this.d.state.lastVerifiedBatchNumber()) ?? 0;
    this.current.syncing = this.current.l1Synced < this.current.l1Head;
  }
}

/** Why our trusted batch is not the one L1 sequenced, or null when it is. */
function trustedMismatch(trusted: Batch, l1Data: Hex): string | null {
  if (trusted.status === "wip") return "our batch is still open";
  if (trusted.status !== "closed") return `our batch is already ${trusted.status}`;
  if ((trusted.batchL2Data ?? "").toLowerCase() !== l1Data) return "different batchL2Data";
  if (trusted.stateRoot === null) return "our batch has no state root";
  return null;
}
