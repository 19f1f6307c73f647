/** Fixed-width byte helpers for the packed encodings of the L1 interface (big-endian, no padding). */
export const ZERO_HASH = `0x${"00".repeat(32)}`;

export function hexToBytes(hex: string, width: number): Uint8Array {
  const clean = hex.startsWith("0x") ? hex.slice(2) : hex;
  if (clean.length !== width * 2 || !/^[0-9a-fA-F]*$/.test(clean)) {
    throw new RangeError(`expected ${width} bytes of hex, got ${JSON.stringify(hex)}`);
  }
  return Uint8Array.from(Buffer.from(clean, "hex"));
}

export function u64Bytes(v: bigint): Uint8Array {
  if (v < 0n || v >= 1n << 64n) throw new RangeError(`${v} is not a uint64`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, v);
  return out;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
