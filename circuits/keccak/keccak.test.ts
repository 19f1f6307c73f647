import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { hexlify, keccak256 } from "ethers";
import { beforeAll, describe, expect, it } from "vitest";
import { compileCircom, repoRoot, type CompiledCircom } from "../../node-services/batchproof/circom.js";
import { WitnessCalculator, witnessValue } from "../../node-services/batchproof/witnessCalculator.js";

const cacheRoot = join(repoRoot, ".prom", "circuits");
const maxBlocks = 2;

/** The digest (outputs 1..256 of the witness, keccak bit order) as hex. */
function digest(wtns: Uint8Array): string {
  const out = new Uint8Array(32);
  for (let i = 0; i < 256; i++) out[i >> 3]! |= Number(witnessValue(wtns, 1 + i)) << (i & 7);
  return hexlify(out);
}

describe("keccak-256 in circom", () => {
  let varLen: CompiledCircom;
  beforeAll(async () => {
    const main = (c: string) => `pragma circom 2.0.0;\ninclude "keccak/keccak.circom";\ncomponent main = ${c};\n`;
    varLen = await compileCircom({ name: "keccak_var2", mainSource: main(`KeccakVar(${maxBlocks})`), cacheRoot });
    // 145,920 constraints per keccak-f permutation, plus the padding and length checks.
    expect(varLen.constraints).toBeLessThan(maxBlocks * 150_000);
  }, 600_000);

  it("matches ethers' keccak256 on lengths 0, 1, 135, 136, 137, 271 and random ones", async () => {
    const wc = await WitnessCalculator.load(varLen.wasmPath);
    const lengths = [0, 1, 135, 136, 137, 271, ...Array.from({ length: 4 }, () => Math.floor(Math.random() * 272))];
    for (const len of lengths) {
      const data = randomBytes(len);
      const input = new Array<bigint>(maxBlocks * 136).fill(0n);
      data.forEach((b, i) => (input[i] = BigInt(b)));
      expect(digest(wc.calculate({ in: input, len: BigInt(len) })), `length ${len}`).toBe(keccak256(data));
    }
  }, 120_000);

  it("refuses data longer than its blocks can pad, and bytes after the length", async () => {
    const wc = await WitnessCalculator.load(varLen.wasmPath);
    const full = Array.from(randomBytes(272), BigInt);
    expect(() => wc.calculate({ in: full, len: 272n })).toThrow(/assert failed/);
    const tail = new Array<bigint>(272).fill(0n);
    tail[10] = 7n;
    expect(() => wc.calculate({ in: tail, len: 10n })).toThrow(/assert failed/);
    tail[10] = 0n;
    tail[9] = 256n; // not a byte
    expect(() => wc.calculate({ in: tail, len: 10n })).toThrow(/assert failed/);
  }, 60_000);
});
