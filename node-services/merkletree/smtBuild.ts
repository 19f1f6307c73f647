/**
 * The root of a tree computed directly from its set of leaves, without a store: root(S, l) = 0 if S is empty,
 * leaf(rkey(key, l), v) if |S| = 1, else H(root(S0, l+1) ‖ root(S1, l+1), 0) (spec §4.5). Used to check Smt and for genesis.
 */
import { MerkleTreeError } from "./errors.js";
import { h4Equal, scalarToFea, ZERO_H4, type H4 } from "./h4.js";
import { getPoseidonImpl, poseidon, type PoseidonFn, type PoseidonImpl } from "./poseidon.js";
import type { SmtEntry } from "./smt.js";
import { keyBit, MAX_LEVELS, removeKeyBits } from "./treePath.js";

/** Root of the tree holding `entries` (zero values are absent leaves; a later entry for the same key wins). */
export function buildRoot(entries: readonly SmtEntry[], hash: PoseidonFn = poseidon): H4 {
  const last = new Map<string, SmtEntry>();
  for (const e of entries) last.set(e.key.join(","), e);
  const leaves = [...last.values()].filter((e) => e.value !== 0n);
  return subtree(leaves, 0, hash);
}

/**
 * Leaf hashes by (key, level, value) under the process-wide Poseidon. Why: the block-info tree is rebuilt for every
 * block, and most of its leaves (each tx's status, effective percentage, often its cumulative gas; the coinbase, the
 * gas limit) sit at the same place with the same value block after block: two permutations each, saved.
 */
const leafMemo = new Map<string, H4>();
const LEAF_MEMO_MAX = 50_000;
/** The implementation the memo's hashes came from: a process that swaps it starts the memo over. */
let memoImpl: PoseidonImpl | undefined;

function leafHash(key: H4, value: bigint, level: number, hash: PoseidonFn): H4 {
  if (memoImpl !== getPoseidonImpl()) {
    leafMemo.clear();
    memoImpl = getPoseidonImpl();
  }
  const memoKey = hash === poseidon ? `${key[0]},${key[1]},${key[2]},${key[3]}|${level}|${value}` : undefined;
  const known = memoKey === undefined ? undefined : leafMemo.get(memoKey);
  if (known) return known;
  const vh = hash(scalarToFea(value), [0n, 0n, 0n, 0n]);
  const h = hash([...removeKeyBits(key, level), ...vh], [1n, 0n, 0n, 0n]);
  if (memoKey !== undefined) {
    if (leafMemo.size >= LEAF_MEMO_MAX) leafMemo.clear();
    leafMemo.set(memoKey, h);
  }
  return h;
}

function subtree(leaves: readonly SmtEntry[], level: number, hash: PoseidonFn): H4 {
  if (leaves.length === 0) return ZERO_H4;
  if (leaves.length === 1) {
    const { key, value } = leaves[0]!;
    return leafHash(key, value, level, hash);
  }
  if (level >= MAX_LEVELS) {
    const [a, b] = leaves;
    if (h4Equal(a!.key, b!.key)) throw new MerkleTreeError("INVALID_INPUT", "duplicate key in buildRoot");
  }
  const left = leaves.filter((e) => keyBit(e.key, level) === 0);
  const right = leaves.filter((e) => keyBit(e.key, level) === 1);
  return hash([...subtree(left, level + 1, hash), ...subtree(right, level + 1, hash)], [0n, 0n, 0n, 0n]);
}
