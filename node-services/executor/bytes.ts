/** Byte and integer helpers shared by the executor's encoders (big-endian, canonical, no padding unless named). */
import { keccak_256 } from "@noble/hashes/sha3.js";

export type Hex = `0x${string}`;
/** A 20-byte address as lowercase 0x-hex. */
export type Address = `0x${string}`;

export function toHex(b: Uint8Array): Hex {
  return `0x${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex")}`;
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) throw new RangeError(`not a hex byte string: ${JSON.stringify(hex)}`);
  return Uint8Array.from(Buffer.from(clean, "hex"));
}

let keccakImpl: (b: Uint8Array) => Uint8Array = keccak_256;

export function keccak(b: Uint8Array): Uint8Array {
  return keccakImpl(b);
}

/** Replaces the process-wide Keccak-256 (`useWasmKeccak`); the replacement must give the same digests. */
export function setKeccakImpl(impl: (b: Uint8Array) => Uint8Array): void {
  keccakImpl = impl;
}

export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Minimal big-endian bytes of a non-negative integer (0 → empty). */
export function bigToMinBytes(x: bigint): Uint8Array {
  if (x < 0n) throw new RangeError("negative integer");
  if (x === 0n) return new Uint8Array(0);
  let hex = x.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Uint8Array.from(Buffer.from(hex, "hex"));
}

/** Big-endian bytes of `x` left-padded to `width`. */
export function bigToFixed(x: bigint, width: number): Uint8Array {
  const m = bigToMinBytes(x);
  if (m.length > width) throw new RangeError(`${x} does not fit in ${width} bytes`);
  const out = new Uint8Array(width);
  out.set(m, width - m.length);
  return out;
}

export function bytesToBig(b: Uint8Array): bigint {
  if (b.length === 0) return 0n;
  return BigInt(toHex(b));
}

/** Normalizes an address to lowercase 0x-hex and checks its width. */
export function normAddress(a: string): Address {
  const b = fromHex(a);
  if (b.length !== 20) throw new RangeError(`not a 20-byte address: ${a}`);
  return toHex(b);
}

/** Canonical RLP of a byte string. */
export function rlpBytes(b: Uint8Array): Uint8Array {
  if (b.length === 1 && b[0]! < 0x80) return b;
  return concat(rlpHeader(0x80, b.length), b);
}

export function rlpInt(x: bigint): Uint8Array {
  return rlpBytes(bigToMinBytes(x));
}

export function rlpList(items: readonly Uint8Array[]): Uint8Array {
  const payload = concat(...items);
  return concat(rlpHeader(0xc0, payload.length), payload);
}

function rlpHeader(base: 0x80 | 0xc0, len: number): Uint8Array {
  if (len <= 55) return Uint8Array.of(base + len);
  const l = bigToMinBytes(BigInt(len));
  return concat(Uint8Array.of(base + 55 + l.length), l);
}
