/**
 * The Etrog block-info tree (spec §4.6): header params 0..7 and per-tx hash, status, cumulative gas, logs and
 * effectivePercentage, as a separate SMT whose root goes to slot 3 of 0x…5ca1ab1e at block end.
 */
import { buildRoot, keyBlockInfo, linearPoseidon, poseidon, scalarToFea } from "../merkletree/index.js";
import type { H4 } from "../merkletree/index.js";
import { concat } from "./bytes.js";
import type { EvmLog } from "./receipts.js";

const HEADER = 7;
const TX_HASH = 8;
const TX_STATUS = 9;
const TX_CUMULATIVE_GAS = 10;
const TX_LOG = 11;
const TX_EFFECTIVE_PERCENTAGE = 12;

export const BLOCK_PARAM = {
  previousBlockHash: 0n,
  coinbase: 1n,
  number: 2n,
  gasLimit: 3n,
  timestamp: 4n,
  globalExitRoot: 5n,
  blockHashL1: 6n,
  gasUsed: 7n,
} as const;

export function h4ToScalar(h: H4): bigint {
  return h[0] + (h[1] << 64n) + (h[2] << 128n) + (h[3] << 192n);
}

/** Keys of the fixed (tx index, field) leaves cost a Poseidon each and are the same in every block: keep them. */
const keyCache = new Map<string, H4>();
const KEY_CACHE_MAX = 100_000;

function cachedKey(index: bigint, type: number): H4 {
  const id = `${index}:${type}`;
  let k = keyCache.get(id);
  if (k === undefined) {
    if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
    k = keyBlockInfo(index, type);
    keyCache.set(id, k);
  }
  return k;
}

/** The tree is rebuilt from its leaves for each block and nothing reads its nodes later, so none are stored. */
export class BlockInfoTree {
  private readonly entries: { key: H4; value: bigint }[] = [];

  setParam(param: bigint, value: bigint): void {
    this.entries.push({ key: cachedKey(param, HEADER), value });
  }

  /** Adds one processed tx; `firstLogIndex` counts logs across the whole block. */
  addTx(i: number, t: { l2TxHash: H4; status: 0 | 1; cumulativeGasUsed: bigint; logs: readonly EvmLog[]; firstLogIndex: number; effectivePercentage: number }): void {
    const idx = BigInt(i);
    this.entries.push({ key: cachedKey(idx, TX_HASH), value: h4ToScalar(t.l2TxHash) });
    this.entries.push({ key: cachedKey(idx, TX_STATUS), value: BigInt(t.status) });
    this.entries.push({ key: cachedKey(idx, TX_CUMULATIVE_GAS), value: t.cumulativeGasUsed });
    t.logs.forEach((log, k) => {
      const capacity = poseidon([...scalarToFea(BigInt(t.firstLogIndex + k))], [0n, 0n, 0n, 0n]);
      // Log leaf: linearPoseidon(data ‖ topic0 ‖ topic1 …), as commonjs `fillReceiptTree` hashes it.
      const value = h4ToScalar(linearPoseidon(concat(log.data, ...log.topics)));
      this.entries.push({ key: keyBlockInfo(idx, TX_LOG, capacity), value });
    });
    this.entries.push({ key: cachedKey(idx, TX_EFFECTIVE_PERCENTAGE), value: BigInt(t.effectivePercentage) });
  }

  root(): H4 {
    return buildRoot(this.entries);
  }
}
