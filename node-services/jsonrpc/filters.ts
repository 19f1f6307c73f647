/**
 * Polled filters (eth_newFilter / newBlockFilter / newPendingTransactionFilter, getFilterChanges, getFilterLogs):
 * in memory per server instance; a filter not polled for `filterTimeoutMs` is removed.
 */
import { randomBytes } from "node:crypto";
import type { Hex } from "../state/hex.js";
import { serverError } from "./errors.js";
import { logJson } from "./format.js";
import { queryLogs } from "./logQuery.js";
import type { FilterParams } from "./params.js";
import type { RpcContext } from "./rpcContext.js";

type Filter =
  | { kind: "block"; last: number; polledAt: number }
  | { kind: "logs"; last: number; params: FilterParams; polledAt: number }
  | { kind: "pending"; hashes: Hex[]; polledAt: number };

const MAX_PENDING_HASHES = 10_000;
const MAX_BLOCKS_PER_POLL = 1_000;

export class FilterManager {
  private readonly filters = new Map<string, Filter>();
  private readonly onPoolTx = (hash: Hex) => {
    for (const f of this.filters.values()) {
      if (f.kind === "pending" && f.hashes.length < MAX_PENDING_HASHES) f.hashes.push(hash);
    }
  };

  constructor(private readonly ctx: RpcContext) {
    ctx.backend.pool?.on("tx", this.onPoolTx);
  }

  close(): void {
    this.ctx.backend.pool?.off("tx", this.onPoolTx);
    this.filters.clear();
  }

  private sweep(now: number): void {
    for (const [id, f] of this.filters) if (now - f.polledAt > this.ctx.options.filterTimeoutMs) this.filters.delete(id);
  }

  private add(f: Filter): Hex {
    const now = Date.now();
    this.sweep(now);
    if (this.filters.size >= this.ctx.options.maxFilters) throw serverError(`too many filters installed (max ${this.ctx.options.maxFilters})`);
    const id = `0x${randomBytes(16).toString("hex")}` as Hex;
    this.filters.set(id, f);
    return id;
  }

  async newLogFilter(params: FilterParams): Promise<Hex> {
    return this.add({ kind: "logs", params, last: (await this.ctx.latestNumber()), polledAt: Date.now() });
  }

  async newBlockFilter(): Promise<Hex> {
    return this.add({ kind: "block", last: await this.ctx.latestNumber(), polledAt: Date.now() });
  }

  newPendingTxFilter(): Hex {
    if (!this.ctx.backend.pool) throw serverError("this node has no transaction pool");
    return this.add({ kind: "pending", hashes: [], polledAt: Date.now() });
  }

  uninstall(id: string): boolean {
    return this.filters.delete(id.toLowerCase());
  }

  private get(id: string): Filter {
    const now = Date.now();
    this.sweep(now);
    const f = this.filters.get(id.toLowerCase());
    if (!f) throw serverError("filter not found");
    f.polledAt = now;
    return f;
  }

  async changes(id: string): Promise<unknown[]> {
    const f = this.get(id);
    switch (f.kind) {
      case "pending": {
        const out = f.hashes;
        f.hashes = [];
        return out;
      }
      case "block": {
        const blocks = await this.ctx.backend.repo.getBlocksAfter(f.last, MAX_BLOCKS_PER_POLL);
        if (blocks.length > 0) f.last = blocks[blocks.length - 1]!.number;
        return blocks.map((b) => b.hash);
      }
      case "logs": {
        const { logs, to } = await queryLogs(this.ctx, f.params, f.last);
        f.last = Math.max(f.last, to);
        return logs.map(logJson);
      }
    }
  }

  async logs(id: string): Promise<unknown[]> {
    const f = this.get(id);
    if (f.kind !== "logs") throw serverError("filter not found");
    return (await queryLogs(this.ctx, f.params)).logs.map(logJson);
  }
}
