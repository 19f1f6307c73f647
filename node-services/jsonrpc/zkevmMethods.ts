/** The `zkevm_` namespace (reference §2.4): batch numbers, batches with their blocks and txs, block ↔ batch facts. */
import type { Hex } from "../state/hex.js";
import { blockWithTxs, type Handler } from "./ethMethods.js";
import { batchJson, qty, storedTxJson, type TxJson } from "./format.js";
import * as p from "./params.js";
import type { RpcContext } from "./rpcContext.js";

export function zkevmMethods(ctx: RpcContext): Record<string, Handler> {
  const { repo } = ctx.backend;
  const num = (n: number | null) => qty(n ?? 0);

  const blockNumberParam = async (ps: unknown[]) => {
    p.checkArity(ps, 1);
    return ctx.resolveNumber(p.blockNumberOrTag(p.required(ps, 0, "block"), 0));
  };

  return {
    zkevm_batchNumber: async () => num(await repo.lastBatchNumber()),
    zkevm_virtualBatchNumber: async () => num(await repo.lastVirtualBatchNumber()),
    zkevm_verifiedBatchNumber: async () => num(await repo.lastVerifiedBatchNumber()),
    zkevm_consolidatedBlockNumber: async () => num(await repo.lastConsolidatedBlockNumber()),
    zkevm_isBlockVirtualized: async (ps) => repo.isBlockVirtualized(await blockNumberParam(ps)),
    zkevm_isBlockConsolidated: async (ps) => repo.isBlockConsolidated(await blockNumberParam(ps)),
    zkevm_batchNumberByBlockNumber: async (ps) => {
      const n = await repo.batchNumberByBlock(await blockNumberParam(ps));
      return n === null ? null : qty(n);
    },
    zkevm_getBatchByNumber: async (ps) => {
      p.checkArity(ps, 2);
      const v = p.required(ps, 0, "batch");
      let batchNum: number | null;
      switch (v) {
        case "earliest":
          batchNum = 0;
          break;
        case "latest":
          batchNum = await repo.lastClosedBatchNumber();
          break;
        case "pending":
          batchNum = await repo.lastBatchNumber();
          break;
        case "safe":
        case "finalized":
          batchNum = await repo.lastVerifiedBatchNumber();
          break;
        default:
          if (typeof v === "string" && v.startsWith("-")) p.fail(0, "batch", "invalid batch number");
          batchNum = p.smallQuantity(v, 0, "batch");
      }
      const full = p.optionalBool(ps[1], 1, "fullTx");
      if (batchNum === null) return null;
      const batch = await repo.getBatch(batchNum);
      if (!batch) return null;
      const blocks = await repo.getBatchBlocks(batchNum);
      const blockList = full ? await Promise.all(blocks.map((b) => blockWithTxs(ctx, b, false))) : blocks.map((b) => b.hash);
      const txs: Hex[] | TxJson[] = full
        ? (await repo.getBatchTxs(batchNum)).map((t) => storedTxJson(t))
        : blocks.flatMap((b) => b.txHashes);
      const exitRoots = await repo.getExitRootsByGer(batch.globalExitRoot);
      return batchJson(batch, blockList, txs, exitRoots);
    },
  };
}
