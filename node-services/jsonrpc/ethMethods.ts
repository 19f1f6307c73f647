/** The `eth_` namespace (reference §2.1), served from the state repository, the world state and the pool. */
import { RLP } from "@ethereumjs/rlp";
import { PoolError } from "../pool/errors.js";
import { intrinsicGas } from "../pool/intrinsicGas.js";
import { bytesToHex, hexToBytes, type Hex } from "../state/hex.js";
import type { CallRequest, CallResult } from "../state/stateReader.js";
import type { L2Block } from "../state/types.js";
import { RpcCode, RpcError, serverError } from "./errors.js";
import type { FilterManager } from "./filters.js";
import { blockJson, logJson, qty, receiptJson, storedTxJson, txJson, type TxJson } from "./format.js";
import { queryLogs } from "./logQuery.js";
import * as p from "./params.js";
import { RpcContext, type CallContext } from "./rpcContext.js";
import type { SubscriptionHub } from "./subscriptions.js";

export type Handler = (params: unknown[], call: CallContext) => Promise<unknown>;

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000" as Hex;
const pad32 = (n: bigint): Hex => `0x${n.toString(16).padStart(64, "0")}`;

function revertOrError(r: Pick<CallResult, "returnData" | "error">): never {
  if (r.error?.startsWith("execution reverted")) {
    throw new RpcError(RpcCode.reverted, r.error, bytesToHex(r.returnData));
  }
  throw serverError(r.error ?? "execution failed");
}

export async function blockWithTxs(ctx: RpcContext, b: L2Block, full: boolean, extraInfo = false): Promise<Record<string, unknown>> {
  const txs: Hex[] | TxJson[] = full ? (await ctx.backend.repo.getBlockTxs(b.number)).map((t) => storedTxJson(t, extraInfo)) : b.txHashes;
  return blockJson(b, txs, extraInfo);
}

export function ethMethods(ctx: RpcContext, filters: FilterManager, subs: SubscriptionHub): Record<string, Handler> {
  const { repo, state } = ctx.backend;
  const pool = () => {
    const pl = ctx.backend.pool;
    if (!pl) throw serverError("this node does not accept transactions (no pool)");
    return pl;
  };

  const callRequest = (c: p.CallObject, b: L2Block): CallRequest => ({
    from: c.from ?? ZERO_ADDRESS,
    to: c.to ?? null,
    data: c.data ?? "0x",
    value: c.value ?? 0n,
    gas: c.gas ?? (ctx.options.rpcGasCap < b.gasLimit ? ctx.options.rpcGasCap : b.gasLimit),
    gasPrice: c.gasPrice ?? 0n,
  });

  const blockByRef = async (ref: p.BlockRef, full: boolean, extra: boolean) => {
    if ("tag" in ref && ref.tag === "pending") {
      const latest = await ctx.latestBlock();
      // zkevm-node: the pending block is a skeleton on top of the latest one.
      return { ...blockJson({ ...(latest ?? emptyBlock()), number: (latest?.number ?? -1) + 1, txHashes: [] }, [], extra), hash: null, miner: null, nonce: null };
    }
    const b = await ctx.resolveBlock(ref);
    return b ? blockWithTxs(ctx, b, full, extra) : null;
  };

  const txAt = async (b: L2Block | null, index: number, extra: boolean) => {
    if (!b) return null;
    const t = await repo.getTxByBlockAndIndex(b.number, index);
    return t ? storedTxJson(t, extra) : null;
  };

  const estimateGas = async (c: p.CallObject, b: L2Block): Promise<bigint> => {
    const req = callRequest(c, b);
    const blk = RpcContext.blockContext(b);
    const data = hexToBytes(req.data ?? "0x");
    let lo = intrinsicGas(data, req.to == null) - 1n;
    let hi = c.gas ?? (ctx.options.rpcGasCap < b.gasLimit ? ctx.options.rpcGasCap : b.gasLimit);
    const price = req.gasPrice ?? 0n;
    if (price > 0n && req.from) {
      const balance = await state.getBalance(b.stateRoot, req.from);
      const allowance = balance > (req.value ?? 0n) ? (balance - (req.value ?? 0n)) / price : 0n;
      if (allowance < hi) hi = allowance;
    }
    // A plain transfer to an account without code costs exactly 21000.
    if (req.to && data.length === 0 && (await state.getCode(b.stateRoot, req.to)).length === 0) return 21_000n;
    const run = (gas: bigint) => state.call({ ...req, gas }, blk);
    const first = await run(hi);
    if (first.error) revertOrError(first);
    // Optimistic probe: most calls succeed with a little more than what they used (63/64 rule for inner calls).
    const guess = (first.gasUsed * 64n) / 63n + 1n;
    if (guess > lo && guess < hi) {
      if (!(await run(guess)).error) hi = guess;
      else lo = guess;
    }
    while (hi - lo > 1n && (hi - lo) * 1000n > hi * 15n) {
      const mid = (hi + lo) / 2n;
      if ((await run(mid)).error) lo = mid;
      else hi = mid;
    }
    return hi;
  };

  return {
    eth_chainId: async () => qty(ctx.backend.chainId),
    eth_blockNumber: async () => qty(await ctx.latestNumber()),
    eth_syncing: async () => {
      const s = ctx.backend.syncStatus ? await ctx.backend.syncStatus() : false;
      return s === false ? false : { startingBlock: qty(s.startingBlock), currentBlock: qty(s.currentBlock), highestBlock: qty(s.highestBlock) };
    },
    eth_gasPrice: async () => qty(ctx.backend.pool?.minGasPrice ?? 0n),
    eth_getBalance: async (ps) => {
      p.checkArity(ps, 2);
      const a = p.address(p.required(ps, 0, "address"), 0);
      const b = await ctx.stateBlock(p.blockRef(ps[1] ?? "latest", 1));
      return qty(await state.getBalance(b.stateRoot, a));
    },
    eth_getCode: async (ps) => {
      p.checkArity(ps, 2);
      const a = p.address(p.required(ps, 0, "address"), 0);
      const b = await ctx.stateBlock(p.blockRef(ps[1] ?? "latest", 1));
      return bytesToHex(await state.getCode(b.stateRoot, a));
    },
    eth_getStorageAt: async (ps) => {
      p.checkArity(ps, 3);
      const a = p.address(p.required(ps, 0, "address"), 0);
      const slot = p.quantity(p.required(ps, 1, "position"), 1, "position");
      const b = await ctx.stateBlock(p.blockRef(ps[2] ?? "latest", 2));
      return pad32(await state.getStorageAt(b.stateRoot, a, slot));
    },
    eth_getTransactionCount: async (ps) => {
      p.checkArity(ps, 2);
      const a = p.address(p.required(ps, 0, "address"), 0);
      const ref = p.blockRef(ps[1] ?? "latest", 1);
      const b = await ctx.stateBlock(ref);
      const nonce = Number(await state.getNonce(b.stateRoot, a));
      if ("tag" in ref && ref.tag === "pending" && ctx.backend.pool) return qty(await ctx.backend.pool.pendingNonce(a, nonce));
      return qty(nonce);
    },
    eth_call: async (ps) => {
      p.checkArity(ps, 2);
      const c = p.callObject(p.required(ps, 0, "transaction"), 0);
      const b = await ctx.stateBlock(p.blockRef(p.required(ps, 1, "block"), 1));
      const req = callRequest(c, b);
      // A call's result is fixed by the block it runs on: key by block hash and the full request.
      const key = `${b.hash}|${req.from}|${req.to}|${req.data}|${req.value}|${req.gas}|${req.gasPrice}`;
      let r = ctx.callCache.get(key);
      if (!r) {
        r = await state.call(req, RpcContext.blockContext(b));
        ctx.callCache.set(key, r);
      }
      if (r.error) revertOrError(r);
      return bytesToHex(r.returnData);
    },
    eth_estimateGas: async (ps) => {
      p.checkArity(ps, 2);
      const c = p.callObject(p.required(ps, 0, "transaction"), 0);
      const b = await ctx.stateBlock(p.blockRef(ps[1] ?? "latest", 1));
      return qty(await estimateGas(c, b));
    },
    eth_sendRawTransaction: async (ps, call) => {
      p.checkArity(ps, 1);
      const raw = p.required(ps, 0, "data");
      if (typeof raw !== "string") p.fail(0, "data", "hex string expected");
      try {
        return await pool().addTx(raw, call.ip);
      } catch (err) {
        if (err instanceof PoolError) throw new RpcError(err.rpcCode, err.message);
        throw err;
      }
    },
    eth_getTransactionByHash: async (ps) => {
      p.checkArity(ps, 2);
      const h = p.hash32(p.required(ps, 0, "hash"), 0);
      const extra = p.optionalBool(ps[1], 1, "includeExtraInfo");
      const t = await repo.getTxByHash(h);
      if (t) return storedTxJson(t, extra);
      const pt = await ctx.backend.pool?.getTx(h);
      if (!pt || pt.status !== "pending") return null;
      return txJson({ ...pt, data: dataOf(pt.encoded) }, null);
    },
    eth_getTransactionReceipt: async (ps) => {
      p.checkArity(ps, 1);
      const r = await ctx.receipt(p.hash32(p.required(ps, 0, "hash"), 0));
      return r ? receiptJson(r) : null;
    },
    eth_getBlockByNumber: async (ps) => {
      p.checkArity(ps, 3);
      const ref = p.blockNumberOrTag(p.required(ps, 0, "block"), 0);
      return blockByRef(ref, p.bool(p.required(ps, 1, "fullTx"), 1, "fullTx"), p.optionalBool(ps[2], 2, "includeExtraInfo"));
    },
    eth_getBlockByHash: async (ps) => {
      p.checkArity(ps, 3);
      const h = p.hash32(p.required(ps, 0, "hash"), 0);
      return blockByRef({ hash: h }, p.bool(p.required(ps, 1, "fullTx"), 1, "fullTx"), p.optionalBool(ps[2], 2, "includeExtraInfo"));
    },
    eth_getBlockTransactionCountByNumber: async (ps) => {
      p.checkArity(ps, 1);
      const ref = p.blockNumberOrTag(p.required(ps, 0, "block"), 0);
      if ("tag" in ref && ref.tag === "pending") return qty(ctx.backend.pool ? (await ctx.backend.pool.counts()).pending : 0);
      const b = await ctx.resolveBlock(ref);
      return b ? qty(b.txHashes.length) : null;
    },
    eth_getBlockTransactionCountByHash: async (ps) => {
      p.checkArity(ps, 1);
      const b = await repo.getBlockByHash(p.hash32(p.required(ps, 0, "hash"), 0));
      return b ? qty(b.txHashes.length) : null;
    },
    eth_getTransactionByBlockNumberAndIndex: async (ps) => {
      p.checkArity(ps, 3);
      const ref = p.blockNumberOrTag(p.required(ps, 0, "block"), 0);
      const i = p.smallQuantity(p.required(ps, 1, "index"), 1, "index");
      return txAt(await ctx.resolveBlock(ref), i, p.optionalBool(ps[2], 2, "includeExtraInfo"));
    },
    eth_getTransactionByBlockHashAndIndex: async (ps) => {
      p.checkArity(ps, 3);
      const b = await repo.getBlockByHash(p.hash32(p.required(ps, 0, "hash"), 0));
      const i = p.smallQuantity(p.required(ps, 1, "index"), 1, "index");
      return txAt(b, i, p.optionalBool(ps[2], 2, "includeExtraInfo"));
    },
    eth_getLogs: async (ps) => {
      p.checkArity(ps, 1);
      return (await queryLogs(ctx, p.logFilter(p.required(ps, 0, "filter"), 0))).logs.map(logJson);
    },
    eth_newFilter: async (ps) => {
      p.checkArity(ps, 1);
      return filters.newLogFilter(p.logFilter(p.required(ps, 0, "filter"), 0));
    },
    eth_newBlockFilter: async (ps) => {
      p.checkArity(ps, 0);
      return filters.newBlockFilter();
    },
    eth_newPendingTransactionFilter: async (ps) => {
      p.checkArity(ps, 0);
      return filters.newPendingTxFilter();
    },
    eth_getFilterChanges: async (ps) => {
      p.checkArity(ps, 1);
      return filters.changes(p.data(p.required(ps, 0, "id"), 0, "id"));
    },
    eth_getFilterLogs: async (ps) => {
      p.checkArity(ps, 1);
      return filters.logs(p.data(p.required(ps, 0, "id"), 0, "id"));
    },
    eth_uninstallFilter: async (ps) => {
      p.checkArity(ps, 1);
      return filters.uninstall(p.data(p.required(ps, 0, "id"), 0, "id"));
    },
    eth_subscribe: async (ps, call) => {
      if (!call.connection) throw new RpcError(RpcCode.methodNotFound, "notifications not supported: eth_subscribe needs a WebSocket connection");
      p.checkArity(ps, 2);
      const kind = p.required(ps, 0, "subscription");
      if (kind === "newHeads") return subs.subscribe(call.connection, "newHeads");
      if (kind === "logs") return subs.subscribe(call.connection, "logs", p.logFilter(ps[1], 1));
      if (kind === "newPendingTransactions" || kind === "syncing") throw serverError(`${kind} subscriptions are not supported yet`);
      p.fail(0, "subscription", "one of newHeads, logs expected");
    },
    eth_unsubscribe: async (ps, call) => {
      if (!call.connection) throw new RpcError(RpcCode.methodNotFound, "notifications not supported: eth_unsubscribe needs a WebSocket connection");
      p.checkArity(ps, 1);
      return subs.unsubscribe(call.connection, p.data(p.required(ps, 0, "id"), 0, "id"));
    },
    eth_getCompilers: async () => [],
    eth_protocolVersion: async () => "0x0",
    eth_getUncleCountByBlockHash: async () => "0x0",
    eth_getUncleCountByBlockNumber: async () => "0x0",
    eth_getUncleByBlockHashAndIndex: async () => null,
    eth_getUncleByBlockNumberAndIndex: async () => null,
  };
}

function emptyBlock(): L2Block {
  const z = `0x${"00".repeat(32)}` as Hex;
  return {
    number: 0, hash: z, parentHash: z, stateRoot: z, blockInfoRoot: z, batchNum: 0, timestamp: Math.floor(Date.now() / 1000),
    coinbase: ZERO_ADDRESS, gasLimit: 0n, gasUsed: 0, globalExitRoot: z, l1BlockHash: z, l1InfoTreeIndex: 0,
    logsBloom: `0x${"00".repeat(256)}`, transactionsRoot: null, receiptsRoot: null, txHashes: [],
  };
}

/** The data field of a signed legacy tx (pool rows keep only the encoding). */
function dataOf(encoded: Hex): Hex {
  const fields = RLP.decode(hexToBytes(encoded)) as Uint8Array[];
  return bytesToHex(fields[5] ?? new Uint8Array(0));
}
