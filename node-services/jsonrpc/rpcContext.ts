/** What every method handler reads through: the repository, world state, pool, a short-lived head cache and block resolution. */
import type { Hex } from "../state/hex.js";
import type { TxPool } from "../pool/txPool.js";
import type { BlockContext, StateReader } from "../state/stateReader.js";
import type { StateRepository } from "../state/stateRepository.js";
import type { L2Block, Receipt } from "../state/types.js";
import { ReadCache } from "./readCache.js";
import { serverError } from "./errors.js";
import type { JsonRpcOptions } from "./options.js";
import type { BlockRef } from "./params.js";

export interface SyncStatus {
  startingBlock: number;
  currentBlock: number;
  highestBlock: number;
}

/** The node parts the server serves from; `pool` is absent on RPC nodes that do not accept transactions. */
export interface RpcBackend {
  repo: StateRepository;
  state: StateReader;
  pool?: TxPool;
  chainId: bigint;
  syncStatus?: () => Promise<false | SyncStatus>;
}

export interface CallContext {
  /** Client IP (X-Forwarded-For first hop when present), for the pool's IP rule. */
  ip?: string;
  /** Set for WebSocket requests: subscriptions bind to it. */
  connection?: { id: number; send(payload: string): void };
}

export class RpcContext {
  private head: { block: L2Block | null; at: number } | null = null;
  /** The head read in flight, shared so a burst of requests after expiry costs one read, not one each. */
  private headRead: Promise<L2Block | null> | null = null;
  private headGeneration = 0;
  readonly callCache: ReadCache<{ returnData: Uint8Array; error?: string }>;
  private readonly receipts: ReadCache<Receipt>;

  constructor(
    readonly backend: RpcBackend,
    readonly options: JsonRpcOptions,
  ) {
    this.callCache = new ReadCache(options.callCacheEntries);
    this.receipts = new ReadCache(options.receiptCacheEntries, options.receiptCacheMs);
  }

  /** A receipt by tx hash; found receipts are kept for `receiptCacheMs` (absent ones are not: they appear soon). */
  async receipt(hash: Hex): Promise<Receipt | null> {
    const hit = this.receipts.get(hash);
    if (hit) return hit;
    const r = await this.backend.repo.getReceipt(hash);
    if (r) {
      this.receipts.set(hash, r);
      this.seenBlock(r.blockNumber);
    }
    return r;
  }

  /**
   * A block read from the database directly: `latest` must not stay behind it. A client that got a receipt and
   * then asks for its pending nonce would otherwise be answered from the cached older head, after the pool let go
   * of the mined tx, and be handed a nonce that is already used.
   */
  private seenBlock(blockNumber: number): void {
    if (this.head && (this.head.block?.number ?? -1) < blockNumber) this.invalidateHead();
  }

  /** Drops the cached head so the next `latest` re-reads it (a new block was stored). */
  invalidateHead(): void {
    this.head = null;
    this.headRead = null;
    this.headGeneration++;
  }

  async latestBlock(): Promise<L2Block | null> {
    if (this.head && Date.now() - this.head.at < this.options.headCacheMs) return this.head.block;
    this.headRead ??= this.readHead(this.headGeneration).finally(() => (this.headRead = null));
    return this.headRead;
  }

  private async readHead(generation: number): Promise<L2Block | null> {
    const at = Date.now();
    const n = await this.backend.repo.latestBlockNumber();
    const block = n === null ? null : await this.backend.repo.getBlockByNumber(n);
    // A block stored while this read ran must not be hidden behind the older head it found.
    if (generation === this.headGeneration) this.head = { block, at };
    return block;
  }

  async latestNumber(): Promise<number> {
    return (await this.latestBlock())?.number ?? 0;
  }

  /** Resolves a tag/number/hash to a stored block, or null when there is none (yet). */
  async resolveBlock(ref: BlockRef): Promise<L2Block | null> {
    const { repo } = this.backend;
    if ("hash" in ref) return repo.getBlockByHash(ref.hash);
    if ("number" in ref) {
      const head = this.head?.block;
      if (head && head.number === ref.number) return head;
      return repo.getBlockByNumber(ref.number);
    }
    switch (ref.tag) {
      case "latest":
      case "pending":
        return this.latestBlock();
      case "earliest":
        return repo.getBlockByNumber(0);
      case "safe":
      case "finalized": {
        const n = await repo.lastConsolidatedBlockNumber();
        return n === null ? repo.getBlockByNumber(0) : repo.getBlockByNumber(n);
      }
    }
  }

  /** Block number a tag/number means, for ranges (a number past the head is kept as asked). */
  async resolveNumber(ref: BlockRef): Promise<number> {
    if ("number" in ref) return ref.number;
    const b = await this.resolveBlock(ref);
    return b?.number ?? 0;
  }

  /** The block state reads run on; -32000 "header not found" when it does not exist. */
  async stateBlock(ref: BlockRef): Promise<L2Block> {
    const b = await this.resolveBlock(ref);
    if (!b) throw serverError("header not found");
    return b;
  }

  static blockContext(b: L2Block): BlockContext {
    return { number: b.number, timestamp: b.timestamp, coinbase: b.coinbase, gasLimit: b.gasLimit, stateRoot: b.stateRoot as Hex };
  }
}
