import { keccak256, sha256, solidityPacked } from "ethers";
import { describe, expect, it } from "vitest";
import { accInputHash } from "./accInputHash.js";
import { hexToBytes, ZERO_HASH } from "./bytes.js";
import { BN254_R, inputSnark, snarkInputBytes } from "./snarkInput.js";

const addr = "0x617b3a3528F9cDd6630fd3301B9c8911F7Bf063D";
const h = (n: number) => `0x${n.toString(16).padStart(64, "0")}`;

describe("accInputHash", () => {
  it("hashes the 156 packed bytes of spec §2.2 in field order", () => {
    const data = Uint8Array.from([0x0b, 0, 0, 0, 1, 0, 0, 0, 0]);
    const got = accInputHash({ oldAccInputHash: h(1), batchL2Data: data, l1InfoRoot: h(2), timestampLimit: 1700000000n, sequencer: addr, forcedBlockHashL1: ZERO_HASH });
    // Independent encoding through ethers' abi.encodePacked.
    const packed = solidityPacked(["bytes32", "bytes32", "bytes32", "uint64", "address", "bytes32"], [h(1), keccak256(data), h(2), 1700000000n, addr, ZERO_HASH]);
    expect((packed.length - 2) / 2).toBe(156);
    expect(got).toBe(keccak256(packed));
  });

  it("changes with every field", () => {
    const base = { oldAccInputHash: h(1), batchL2Data: new Uint8Array([1]), l1InfoRoot: h(2), timestampLimit: 5n, sequencer: addr, forcedBlockHashL1: ZERO_HASH };
    const variants = [
      { ...base, oldAccInputHash: h(9) },
      { ...base, batchL2Data: new Uint8Array([2]) },
      { ...base, l1InfoRoot: h(9) },
      { ...base, timestampLimit: 6n },
      { ...base, sequencer: "0x0000000000000000000000000000000000000001" },
      { ...base, forcedBlockHashL1: h(9) },
    ];
    const all = new Set([base, ...variants].map(accInputHash));
    expect(all.size).toBe(7);
  });
});

describe("snark input", () => {
  const fields = {
    aggregator: addr, oldStateRoot: h(3), oldAccInputHash: h(4), initNumBatch: 1n, chainId: 1001n, forkId: 8n,
    newStateRoot: h(5), newAccInputHash: h(6), newLocalExitRoot: h(7), finalNewBatch: 3n,
  };
  it("packs 212 bytes at the offsets of spec §2.3", () => {
    const b = snarkInputBytes(fields);
    expect(b.length).toBe(212);
    expect(b.slice(0, 20)).toEqual(hexToBytes(addr, 20));
    expect(b[91]).toBe(1); // initNumBatch, last byte at offset 84+7
    expect(b[99]).toBe(0xe9); // chainId 1001 = 0x03e9
    expect(b[107]).toBe(8); // forkId
    expect(b[211]).toBe(3); // finalNewBatch
  });
  it("reduces sha256 modulo the BN254 scalar field", () => {
    const v = inputSnark(fields);
    expect(v).toBe(BigInt(sha256(snarkInputBytes(fields))) % BN254_R);
    expect(v < BN254_R).toBe(true);
  });
  it("refuses a field of the wrong width instead of mis-packing it", () => {
    expect(() => snarkInputBytes({ ...fields, oldStateRoot: "0x1234" })).toThrow(/expected 32 bytes/);
    expect(() => snarkInputBytes({ ...fields, finalNewBatch: 1n << 64n })).toThrow(/not a uint64/);
  });
});
