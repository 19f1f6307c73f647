/**
 * The 4-element hash/key type of the state tree and its encodings (spec §4.2):
 * the scalar is h0 + h1·2^64 + h2·2^128 + h3·2^192, written as 0x h3‖h2‖h1‖h0 or 32 big-endian bytes.
 */
import { MerkleTreeError } from "./errors.js";

/** 4 Goldilocks elements, h0 least significant. */
export type H4 = readonly [bigint, bigint, bigint, bigint];

export const ZERO_H4: H4 = Object.freeze([0n, 0n, 0n, 0n]) as H4;

const M64 = 0xffffffffffffffffn;
const M32 = 0xffffffffn;
const MAX256 = (1n << 256n) - 1n;

export function isZeroH4(h: H4): boolean {
  return h[0] === 0n && h[1] === 0n && h[2] === 0n && h[3] === 0n;
}

export function h4Equal(a: H4, b: H4): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}

export function h4ToScalar(h: H4): bigint {
  return h[0] | (h[1] << 64n) | (h[2] << 128n) | (h[3] << 192n);
}

export function scalarToH4(s: bigint): H4 {
  if (s < 0n || s > MAX256) throw new MerkleTreeError("INVALID_HASH", `a 256-bit hash scalar is out of range: ${s}`);
  return [s & M64, (s >> 64n) & M64, (s >> 128n) & M64, s >> 192n];
}

export function h4ToHex(h: H4): `0x${string}` {
  let out = "0x";
  for (let i = 3; i >= 0; i--) out += h[i]!.toString(16).padStart(16, "0");
  return out as `0x${string}`;
}

/** Accepts `0x` + up to 64 hex digits (shorter strings are left-padded, as the vector files write small numbers). */
export function hexToH4(hex: string): H4 {
  if (typeof hex !== "string" || !/^0x[0-9a-fA-F]{1,64}$/.test(hex)) {
    throw new MerkleTreeError("INVALID_HASH", `expected 0x followed by 1 to 64 hex digits, got ${JSON.stringify(hex)}`);
  }
  return scalarToH4(BigInt(hex));
}

export function h4ToBytes(h: H4): Uint8Array {
  const out = new Uint8Array(32);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) view.setBigUint64(8 * (3 - i), h[i]!);
  return out;
}

export function bytesToH4(b: Uint8Array): H4 {
  if (b.length !== 32) throw new MerkleTreeError("INVALID_HASH", `a hash is 32 bytes, got ${b.length}`);
  const view = new DataView(b.buffer, b.byteOffset, 32);
  return [view.getBigUint64(24), view.getBigUint64(16), view.getBigUint64(8), view.getBigUint64(0)];
}

/** 8 × 32-bit limbs, least significant first (`scalar2fea`). Values must fit in 256 bits. */
export function scalarToFea(x: bigint): bigint[] {
  if (typeof x !== "bigint" || x < 0n || x > MAX256) {
    throw new MerkleTreeError("INVALID_VALUE", `a state value must be an unsigned 256-bit integer, got ${String(x)}`);
  }
  const out = new Array<bigint>(8);
  for (let i = 0; i < 8; i++) out[i] = (x >> BigInt(32 * i)) & M32;
  return out;
}

/** Inverse of scalarToFea; each limb must be below 2^32. */
export function feaToScalar(fea: readonly bigint[]): bigint {
  let s = 0n;
  for (let i = 7; i >= 0; i--) {
    const limb = fea[i] ?? 0n;
    if (limb < 0n || limb > M32) throw new MerkleTreeError("CORRUPT_NODE", `a value limb must be below 2^32, got ${limb}`);
    s = (s << 32n) | limb;
  }
  return s;
}
