import { createMPT } from "@ethereumjs/mpt";
import { describe, expect, it } from "vitest";
import { rlpInt, toHex } from "./bytes.js";
import { orderedTrieRoot } from "./orderedTrie.js";

/** The reference: @ethereumjs/mpt, one put per index. */
async function mptRoot(values: readonly Uint8Array[]): Promise<string> {
  const trie = await createMPT();
  for (let i = 0; i < values.length; i++) await trie.put(rlpInt(BigInt(i)), values[i]!);
  return toHex(trie.root());
}

/** Deterministic bytes of varied lengths, short ones included so that small nodes are inlined in their parent. */
function values(n: number, seed: number): Uint8Array[] {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: n }, () => Uint8Array.from({ length: [1, 2, 5, 31, 33, 120][next() % 6]! }, () => next() % 256));
}

describe("orderedTrieRoot", () => {
  it("equals @ethereumjs/mpt's root for 0 to 1000 entries, across the 1-, 2- and 3-byte RLP keys", async () => {
    for (const n of [0, 1, 2, 3, 15, 16, 17, 127, 128, 129, 130, 255, 256, 300, 1000]) {
      for (const seed of [1, 7]) {
        const v = values(n, seed + n);
        expect(toHex(orderedTrieRoot(v)), `n=${n} seed=${seed}`).toBe(await mptRoot(v));
      }
    }
  });

  it("gives the empty-trie root for no entries", () => {
    expect(toHex(orderedTrieRoot([]))).toBe("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
  });
});
