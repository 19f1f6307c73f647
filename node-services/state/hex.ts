/** Hex <-> bytes at the storage boundary: the repository speaks 0x-prefixed lowercase hex, the database BYTEA. */
export type Hex = `0x${string}`;

export function hexToBytes(hex: string): Uint8Array {
  const body = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  if (body.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(body)) throw new TypeError(`not an even-length hex string: ${hex}`);
  return new Uint8Array(Buffer.from(body, "hex"));
}

export function bytesToHex(bytes: Uint8Array): Hex {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")}`;
}

export function optBytesToHex(bytes: Uint8Array | null | undefined): Hex | null {
  return bytes == null ? null : bytesToHex(bytes);
}

export function optHexToBytes(hex: string | null | undefined): Uint8Array | null {
  return hex == null ? null : hexToBytes(hex);
}
