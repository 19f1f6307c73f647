/** eth_getLogs semantics shared by eth_getLogs, log filters and `logs` subscriptions: range resolution, limits, matching. */
import { StateError } from "../state/errors.js";
import type { Hex } from "../state/hex.js";
import type { Log } from "../state/types.js";
import { invalidParams, serverError } from "./errors.js";
import type { FilterParams } from "./params.js";
import type { RpcContext } from "./rpcContext.js";

/** Logs for a filter, optionally starting no earlier than `after + 1` (filters poll from where they left off). */
export async function queryLogs(ctx: RpcContext, f: FilterParams, after?: number): Promise<{ logs: Log[]; to: number }> {
  let from: number;
  let to: number;
  if (f.blockHash) {
    const b = await ctx.backend.repo.getBlockByHash(f.blockHash);
    if (!b) throw serverError("unknown block");
    from = to = b.number;
  } else {
    const latest = await ctx.latestNumber();
    from = f.fromBlock ? await ctx.resolveNumber(f.fromBlock) : latest;
    to = f.toBlock ? await ctx.resolveNumber(f.toBlock) : latest;
    // The asked range counts, not what exists of it: a client must not learn the limit only once the chain grows.
    const max = ctx.backend.repo.options.maxLogsBlockRange;
    if (to - from > max) throw invalidParams(`logs are limited to a ${max} block range`);
    to = Math.min(to, latest);
  }
  if (after !== undefined) from = Math.max(from, after + 1);
  if (to < from) return { logs: [], to: Math.max(after ?? -1, to) };
  try {
    return { logs: await ctx.backend.repo.getLogs({ fromBlock: from, toBlock: to, addresses: f.addresses, topics: f.topics }), to };
  } catch (err) {
    if (err instanceof StateError) throw invalidParams(err.message);
    throw err;
  }
}

export function logMatches(l: Log, f: { addresses: Hex[]; topics: (Hex[] | null)[] }): boolean {
  if (f.addresses.length > 0 && !f.addresses.includes(l.address)) return false;
  for (let i = 0; i < f.topics.length; i++) {
    const alts = f.topics[i];
    if (!alts || alts.length === 0) continue;
    const t = l.topics[i];
    if (t === undefined || !alts.includes(t)) return false;
  }
  return true;
}
