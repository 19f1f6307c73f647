/** Key arithmetic of the tree path (spec §4.5): the bit at level l is bit floor(l/4) of key[l mod 4]. */
import type { H4 } from "./h4.js";

export const MAX_LEVELS = 256;

export function keyBit(key: H4, level: number): 0 | 1 {
  return ((key[level & 3]! >> BigInt(level >> 2)) & 1n) === 1n ? 1 : 0;
}

/** The part of the key a leaf at `level` stores: limb i loses the bits the path above it already fixed. */
export function removeKeyBits(key: H4, level: number): H4 {
  const full = level >> 2;
  const shift = (i: number) => BigInt(full + (full * 4 + i < level ? 1 : 0));
  return [key[0] >> shift(0), key[1] >> shift(1), key[2] >> shift(2), key[3] >> shift(3)];
}

/** Rebuilds the full key of a leaf at `level` from its stored remainder and the key bits of the path to it (taken from `pathKey`). */
export function joinKey(rkey: readonly bigint[], level: number, pathKey: H4): H4 {
  const full = level >> 2;
  const out: bigint[] = [];
  for (let i = 0; i < 4; i++) {
    const n = BigInt(full + (full * 4 + i < level ? 1 : 0));
    out.push((rkey[i]! << n) | (pathKey[i]! & ((1n << n) - 1n)));
  }
  return out as unknown as H4;
}
