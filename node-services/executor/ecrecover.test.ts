import { Wallet, keccak256, toUtf8Bytes } from "ethers";
import { describe, expect, it } from "vitest";
import { ecrecoverBackend, recoverAddress, recoverAddressNoble } from "./ecrecover.js";

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex.slice(2), "hex"));

/** Signatures by ethers (its own secp256k1), so both our paths are checked against a third implementation. */
function signed(i: number) {
  const w = new Wallet(keccak256(toUtf8Bytes(`ecrecover key ${i}`)));
  const msg = keccak256(toUtf8Bytes(`message ${i}`));
  const sig = w.signingKey.sign(msg);
  return { address: w.address.toLowerCase(), msg: bytes(msg), r: BigInt(sig.r), s: BigInt(sig.s), recovery: sig.yParity };
}

describe("recoverAddress", () => {
  it("uses libsecp256k1 where the secp256k1 package ships a prebuilt addon, noble elsewhere", () => {
    const prebuilt = ["linux-x64", "darwin-arm64", "win32-x64"].includes(`${process.platform}-${process.arch}`);
    expect(ecrecoverBackend).toBe(prebuilt ? "libsecp256k1" : "noble");
  });

  it("recovers the signer of 50 signatures, the same through libsecp256k1 and noble", () => {
    for (let i = 0; i < 50; i++) {
      const { address, msg, r, s, recovery } = signed(i);
      expect(recoverAddress(msg, r, s, recovery)).toBe(address);
      expect(recoverAddressNoble(msg, r, s, recovery)).toBe(address);
    }
  });

  it("recovers another key, not an error, when the recovery bit is flipped", () => {
    const { address, msg, r, s, recovery } = signed(1);
    const other = recoverAddress(msg, r, s, recovery === 0 ? 1 : 0);
    expect(other).not.toBe(address);
    expect(other).toBe(recoverAddressNoble(msg, r, s, recovery === 0 ? 1 : 0));
  });

  it("accepts a high s (EIP-2 is the caller's rule) and recovers the same key as its low twin with the other parity", () => {
    const { address, msg, r, s, recovery } = signed(2);
    expect(recoverAddress(msg, r, N - s, recovery === 0 ? 1 : 0)).toBe(address);
  });

  it("returns null for r or s of zero or not below n, and for an r that is no x coordinate on the curve", () => {
    const { msg, r, s } = signed(3);
    for (const [rr, ss] of [[0n, s], [r, 0n], [N, s], [r, N], [N + 1n, s]] as const) {
      expect(recoverAddress(msg, rr, ss, 0)).toBeNull();
      expect(recoverAddressNoble(msg, rr, ss, 0)).toBeNull();
    }
    // x = 5 gives x^3 + 7 = 132, which is not a square mod p: no point has it.
    expect(recoverAddress(msg, 5n, s, 0)).toBeNull();
    expect(recoverAddressNoble(msg, 5n, s, 0)).toBeNull();
  });
});
