/** The `zkevm_` namespace (reference §2.4): batch numbers, batches with their blocks and txs, block ↔ batch facts. */
import { encodeBatchL2Data, rawTxToL2Tx, type EncodableEntry } from "../executor/index.js";
import { bytesToHex, hexToBytes, type Hex } from "../state/hex.js";
import type { StateRepository } from "../state/stateRepository.js";
import type { L2Block, L2Tx } from "../state/types.js";
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
      const wip = batch.status === "wip";
      // Only the txs of the blocks read above: a block stored since then is not in this answer.
      const lastBlock = blocks.at(-1)?.number ?? -1;
      const stored = full || wip ? (await repo.getBatchTxs(batchNum)).filter((t) => t.blockNumber <= lastBlock) : [];
      const txs: Hex[] | TxJson[] = full ? stored.map((t) => storedTxJson(t)) : blocks.flatMap((b) => b.txHashes);
      const exitRoots = await repo.getExitRootsByGer(batch.globalExitRoot);
      const batchL2Data = wip ? await wipBatchL2Data(repo, blocks, stored) : batch.batchL2Data;
      return batchJson({ ...batch, batchL2Data }, blockList, txs, exitRoots);
    },
  };
}

/**
 * A wip batch has no batchL2Data stored yet; as zkevm-node does, it is served as what its stored blocks encode to so
 * far, so that nodes following the trusted state can execute an open batch block by block as it grows.
 */
async function wipBatchL2Data(repo: StateRepository, blocks: readonly L2Block[], txs: readonly L2Tx[]): Promise<Hex> {
  const first = blocks[0];
  if (!first) return "0x";
  let prevTimestamp = (await repo.getBlockByNumber(first.number - 1))?.timestamp ?? 0;
  const entries: EncodableEntry[] = [];
  let t = 0;
  for (const b of blocks) {
    entries.push({ kind: "changeL2Block", block: { deltaTimestamp: b.timestamp - prevTimestamp, indexL1InfoTree: b.l1InfoTreeIndex } });
    prevTimestamp = b.timestamp;
    for (; t < txs.length && txs[t]!.blockNumber === b.number; t++) {
      entries.push({ kind: "tx", tx: rawTxToL2Tx(hexToBytes(txs[t]!.encoded), txs[t]!.effectivePercentage) });
    }
  }
  return bytesToHex(encodeBatchL2Data(entries));
}
