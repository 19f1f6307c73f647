import { Transaction, Wallet, keccak256, toUtf8Bytes } from "ethers";
import { describe, expect, it } from "vitest";
import { bytesToHex, hexToBytes, type Hex } from "../state/hex.js";
import { decodeLegacyTx } from "./legacyDecode.js";

const wallet = new Wallet(keccak256(toUtf8Bytes("legacy decode")));

async function samples(): Promise<Hex[]> {
  const base = { type: 0, gasPrice: 1_000_000_000n, gasLimit: 21_000n, to: "0x000000000000000000000000000000000000dEaD" };
  return [
    await wallet.signTransaction({ ...base, chainId: 1001n, nonce: 0, value: 1n }),
    await wallet.signTransaction({ ...base, chainId: 1001n, nonce: 300, value: 10n ** 24n, data: "0x00ff00" }),
    await wallet.signTransaction({ ...base, chainId: 0n, nonce: 5, value: 0n }),
    await wallet.signTransaction({ ...base, chainId: 2n ** 40n, nonce: 7, gasLimit: 90_000n, to: null, data: "0x6000600055" }),
  ] as Hex[];
}

/** What ethers makes of the same bytes, or null when it refuses them or recovers no sender. */
function viaEthers(raw: Uint8Array) {
  try {
    const tx = Transaction.from(bytesToHex(raw));
    let from: string | null;
    try {
      from = tx.from!.toLowerCase();
    } catch {
      from = null;
    }
    return {
      type: tx.type,
      hash: tx.hash,
      chainId: tx.chainId,
      from,
      to: tx.to?.toLowerCase() ?? null,
      nonce: tx.nonce,
      gasPrice: tx.gasPrice,
      gasLimit: tx.gasLimit,
      value: tx.value,
      data: tx.data,
    };
  } catch {
    return null;
  }
}

describe("decodeLegacyTx", () => {
  it("decodes signed legacy txs (EIP-155, pre-155, a deployment with data) exactly as ethers does", async () => {
    for (const raw of await samples()) {
      const fast = decodeLegacyTx(hexToBytes(raw))!;
      expect(fast).toBeDefined();
      expect({ ...viaEthers(hexToBytes(raw)), type: undefined }).toEqual({ ...fast, data: bytesToHex(fast.data), type: undefined });
      expect(fast.from).toBe(wallet.address.toLowerCase());
    }
  });

  it("never accepts bytes ethers refuses or reads differently: 2000 corrupted txs", async () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    let decided = 0;
    for (const raw of await samples()) {
      const good = hexToBytes(raw);
      for (let k = 0; k < 500; k++) {
        const bad = Uint8Array.from(good);
        const edits = 1 + (next() % 3);
        for (let e = 0; e < edits; e++) bad[next() % bad.length] = next() % 256;
        const cut = next() % 10 === 0 ? bad.subarray(0, next() % bad.length) : bad;
        const fast = decodeLegacyTx(cut);
        if (fast === undefined) continue;
        decided++;
        const slow = viaEthers(cut);
        expect(slow, bytesToHex(cut)).not.toBeNull();
        expect(slow!.type).toBe(0);
        expect({ ...slow, type: undefined }).toEqual({ ...fast, data: bytesToHex(fast.data), type: undefined });
      }
    }
    // The corruptions that keep a canonical encoding (most of those in r, s, values and addresses) exercise the comparison.
    expect(decided).toBeGreaterThan(200);
  });
});
