/**
 * eth_subscribe over WebSocket: `newHeads` and `logs`, pushed when a new L2 block is stored (`onNewBlock`).
 * Blocks are processed one notification at a time and in order, so every subscriber sees each block once.
 */
import { randomBytes } from "node:crypto";
import type { Hex } from "../state/hex.js";
import { serverError } from "./errors.js";
import { blockJson, logJson } from "./format.js";
import { logMatches } from "./logQuery.js";
import type { FilterParams } from "./params.js";
import type { CallContext, RpcContext } from "./rpcContext.js";

type Connection = NonNullable<CallContext["connection"]>;
type Sub = { id: Hex; conn: Connection } & ({ kind: "newHeads" } | { kind: "logs"; filter: FilterParams });

const MAX_BLOCKS_PER_ROUND = 1_000;

export class SubscriptionHub {
  private readonly subs = new Map<Hex, Sub>();
  private readonly perConn = new Map<number, Set<Hex>>();
  /** Last block pushed; null until the first notification sets the starting point. */
  private lastPushed: number | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: RpcContext,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Sets the starting point so blocks stored before the server started are not replayed. */
  async init(): Promise<void> {
    this.lastPushed = (await this.ctx.backend.repo.latestBlockNumber()) ?? -1;
  }

  subscribe(conn: Connection, kind: "newHeads" | "logs", filter?: FilterParams): Hex {
    const mine = this.perConn.get(conn.id) ?? new Set<Hex>();
    if (mine.size >= this.ctx.options.maxSubscriptionsPerConnection) {
      throw serverError(`too many subscriptions on this connection (max ${this.ctx.options.maxSubscriptionsPerConnection})`);
    }
    const id = `0x${randomBytes(16).toString("hex")}` as Hex;
    this.subs.set(id, kind === "logs" ? { id, conn, kind, filter: filter ?? { addresses: [], topics: [] } } : { id, conn, kind });
    mine.add(id);
    this.perConn.set(conn.id, mine);
    return id;
  }

  unsubscribe(conn: Connection, id: string): boolean {
    const key = id.toLowerCase() as Hex;
    const s = this.subs.get(key);
    if (!s || s.conn.id !== conn.id) return false;
    this.subs.delete(key);
    this.perConn.get(conn.id)?.delete(key);
    return true;
  }

  dropConnection(conn: Connection): void {
    for (const id of this.perConn.get(conn.id) ?? []) this.subs.delete(id);
    this.perConn.delete(conn.id);
  }

  get size(): number {
    return this.subs.size;
  }

  /** Queues a push of every block up to `blockNumber` not pushed yet. */
  onNewBlock(blockNumber: number): Promise<void> {
    this.chain = this.chain.then(() => this.push(blockNumber)).catch(this.onError);
    return this.chain;
  }

  private async push(upTo: number): Promise<void> {
    const { repo } = this.ctx.backend;
    if (this.lastPushed === null) await this.init();
    while (this.lastPushed! < upTo) {
      const blocks = await repo.getBlocksAfter(this.lastPushed!, Math.min(MAX_BLOCKS_PER_ROUND, upTo - this.lastPushed!));
      if (blocks.length === 0) return;
      for (const b of blocks) {
        this.lastPushed = b.number;
        if (this.subs.size === 0) continue;
        const wantsLogs = [...this.subs.values()].some((s) => s.kind === "logs");
        const logs = wantsLogs ? await repo.getLogs({ fromBlock: b.number, toBlock: b.number, addresses: [], topics: [] }) : [];
        const head = blockJson(b, []);
        delete head.transactions;
        delete head.uncles;
        for (const s of this.subs.values()) {
          if (s.kind === "newHeads") send(s, head);
          else for (const l of logs) if (logMatches(l, s.filter)) send(s, logJson(l));
        }
      }
    }
  }
}

function send(s: Sub, result: unknown): void {
  s.conn.send(JSON.stringify({ jsonrpc: "2.0", method: "eth_subscription", params: { subscription: s.id, result } }));
}
