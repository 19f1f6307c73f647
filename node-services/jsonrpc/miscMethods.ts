/** The `net_`, `web3_` and `txpool_` namespaces (reference §2.2); txpool_ is served from the pool, not stubbed. */
import { keccak256 } from "ethers";
import { bytesToHex, type Hex } from "../state/hex.js";
import type { Handler } from "./ethMethods.js";
import { txJson } from "./format.js";
import { RLP } from "@ethereumjs/rlp";
import * as p from "./params.js";
import type { RpcContext } from "./rpcContext.js";
import type { PoolTx } from "../pool/txPool.js";

function poolTxJson(t: PoolTx) {
  const fields = RLP.decode(Buffer.from(t.encoded.slice(2), "hex")) as Uint8Array[];
  return txJson({ ...t, data: bytesToHex(fields[5] ?? new Uint8Array(0)) }, null);
}

export function miscMethods(ctx: RpcContext): Record<string, Handler> {
  return {
    net_version: async () => ctx.backend.chainId.toString(10),
    net_listening: async () => true,
    net_peerCount: async () => "0x0",
    web3_clientVersion: async () => ctx.options.clientVersion,
    web3_sha3: async (ps) => {
      p.checkArity(ps, 1);
      return keccak256(p.data(p.required(ps, 0, "data"), 0)) as Hex;
    },
    txpool_status: async () => {
      const c = ctx.backend.pool ? await ctx.backend.pool.counts() : { pending: 0, queued: 0 };
      return { pending: `0x${c.pending.toString(16)}`, queued: `0x${c.queued.toString(16)}` };
    },
    txpool_content: async () => {
      const pending: Record<string, Record<string, unknown>> = {};
      const queued: Record<string, Record<string, unknown>> = {};
      if (ctx.backend.pool) {
        for (const [from, part] of await ctx.backend.pool.partition()) {
          if (part.ready.length) pending[from] = Object.fromEntries(part.ready.map((t) => [String(t.nonce), poolTxJson(t)]));
          if (part.queued.length) queued[from] = Object.fromEntries(part.queued.map((t) => [String(t.nonce), poolTxJson(t)]));
        }
      }
      return { pending, queued };
    },
  };
}
