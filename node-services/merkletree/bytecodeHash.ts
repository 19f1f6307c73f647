/** The contract bytecode hash of the state tree ("linear Poseidon", spec §4.4). */
import { h4ToHex, ZERO_H4, type H4 } from "./h4.js";
import { poseidon } from "./poseidon.js";

const CHUNK = 56;
const ELEMENT_BYTES = 7;

/** Pads `bytes ‖ 0x01` with zeros to a multiple of 56 bytes, sets the top bit of the last byte, and chains H over 56-byte chunks. */
export function linearPoseidon(bytes: Uint8Array): H4 {
  const len = Math.ceil((bytes.length + 1) / CHUNK) * CHUNK;
  const padded = new Uint8Array(len);
  padded.set(bytes);
  padded[bytes.length] = 0x01;
  padded[len - 1]! |= 0x80;
  let h: H4 = ZERO_H4;
  const elements = new Array<bigint>(8);
  for (let off = 0; off < len; off += CHUNK) {
    for (let e = 0; e < 8; e++) {
      // 7 bytes little-endian: the chunk's first byte is the least significant byte of element 0
      // (56 bits do not fit a double: low 4 and high 3 bytes separately)
      const at = off + e * ELEMENT_BYTES;
      const lo = (padded[at]! | (padded[at + 1]! << 8) | (padded[at + 2]! << 16) | (padded[at + 3]! << 24)) >>> 0;
      const hi = padded[at + 4]! | (padded[at + 5]! << 8) | (padded[at + 6]! << 16);
      elements[e] = (BigInt(hi) << 32n) | BigInt(lo);
    }
    h = poseidon(elements, h);
  }
  return h;
}

export function hashContractBytecode(code: Uint8Array): `0x${string}` {
  return h4ToHex(linearPoseidon(code));
}
