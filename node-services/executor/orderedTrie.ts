/**
 * Root of Ethereum's ordered trie (key rlp(i) → value i), the transactions and receipts roots of a block header,
 * built bottom-up from the sorted keys in one pass: no trie database, which @ethereumjs/mpt needs per insert.
 */
import { keccak, rlpBytes, rlpInt, rlpList } from "./bytes.js";

const EMPTY = Uint8Array.of(0x80);

interface Item {
  key: number[];
  value: Uint8Array;
}

export function orderedTrieRoot(values: readonly Uint8Array[]): Uint8Array {
  if (values.length === 0) return keccak(EMPTY);
  const items = values.map((value, i) => ({ key: nibbles(rlpInt(BigInt(i))), value }));
  items.sort((a, b) => compareNibbles(a.key, b.key));
  // The root is hashed even when its encoding is under 32 bytes.
  return keccak(node(items, 0));
}

/** The RLP of the node holding `items` (sorted, sharing their first `depth` nibbles). */
function node(items: readonly Item[], depth: number): Uint8Array {
  const first = items[0]!;
  if (items.length === 1) return rlpList([rlpBytes(hexPrefix(first.key.slice(depth), true)), rlpBytes(first.value)]);
  const last = items[items.length - 1]!;
  let shared = depth;
  while (shared < first.key.length && shared < last.key.length && first.key[shared] === last.key[shared]) shared++;
  if (shared > depth) return rlpList([rlpBytes(hexPrefix(first.key.slice(depth, shared), false)), ref(node(items, shared))]);
  const slots: Uint8Array[] = new Array<Uint8Array>(17).fill(EMPTY);
  let i = 0;
  // Sorted order puts a key that ends here first: it is the branch's value.
  if (first.key.length === depth) {
    slots[16] = rlpBytes(first.value);
    i = 1;
  }
  while (i < items.length) {
    const nib = items[i]!.key[depth]!;
    let j = i + 1;
    while (j < items.length && items[j]!.key[depth] === nib) j++;
    slots[nib] = ref(node(items.slice(i, j), depth + 1));
    i = j;
  }
  return rlpList(slots);
}

/** How a parent refers to a child: inline when its encoding is under 32 bytes, else by hash. */
function ref(encoded: Uint8Array): Uint8Array {
  return encoded.length < 32 ? encoded : rlpBytes(keccak(encoded));
}

/** Hex-prefix encoding of a path (Yellow Paper appendix C). */
function hexPrefix(path: readonly number[], leaf: boolean): Uint8Array {
  const odd = path.length % 2;
  const flag = (leaf ? 2 : 0) + odd;
  const out = new Uint8Array(1 + (path.length >> 1));
  out[0] = odd ? (flag << 4) | path[0]! : flag << 4;
  for (let k = odd, o = 1; k < path.length; k += 2, o++) out[o] = (path[k]! << 4) | path[k + 1]!;
  return out;
}

function nibbles(b: Uint8Array): number[] {
  const out: number[] = [];
  for (const x of b) out.push(x >> 4, x & 15);
  return out;
}

function compareNibbles(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
  return a.length - b.length;
}

