/** The direct BatchData[] decoders against ethers' generic ABI decoder, and their refusal of malformed calldata. */
import { getAddress, hexlify, randomBytes, ZeroHash } from "ethers";
import { describe, expect, it } from "vitest";
import { promZkEvmInterface } from "./abi.js";
import { decodeSequenceBatches, decodeSequenceForceBatches, encodeSequenceBatches, encodeSequenceForceBatches, type BatchData } from "./calldata.js";
import { EthermanError } from "./errors.js";

function batches(n: number): BatchData[] {
  return Array.from({ length: n }, (_, i) =>
    i % 3 === 1
      ? { transactions: hexlify(randomBytes(i * 7)), forcedGlobalExitRoot: hexlify(randomBytes(32)), forcedTimestamp: 1_700_000_000 + i, forcedBlockHashL1: hexlify(randomBytes(32)) }
      : { transactions: hexlify(randomBytes(31 + i * 13)), forcedGlobalExitRoot: ZeroHash, forcedTimestamp: 0, forcedBlockHashL1: ZeroHash },
  );
}

const viaEthers = (b: unknown[]) =>
  (b as [string, string, bigint, string][]).map(([transactions, forcedGlobalExitRoot, forcedTimestamp, forcedBlockHashL1]) => ({
    transactions: hexlify(transactions),
    forcedGlobalExitRoot,
    forcedTimestamp: Number(forcedTimestamp),
    forcedBlockHashL1,
  }));

describe("sequence calldata decoding", () => {
  it("reads sequenceBatches and sequenceForceBatches as ethers' ABI decoder does", () => {
    for (const n of [0, 1, 2, 5, 17]) {
      const args = { batches: batches(n), maxSequenceTimestamp: 1_700_000_123, initSequencedBatch: 42 + n, l2Coinbase: getAddress(hexlify(randomBytes(20))) };
      const data = encodeSequenceBatches(args);
      const ours = decodeSequenceBatches(data);
      const [b, maxTs, init, coinbase] = promZkEvmInterface.decodeFunctionData("sequenceBatches", data);
      expect(ours).toEqual({ batches: viaEthers(b as unknown[]), maxSequenceTimestamp: Number(maxTs), initSequencedBatch: Number(init), l2Coinbase: coinbase });
      expect(ours).toEqual(args);
      const forced = encodeSequenceForceBatches(args.batches);
      expect(decodeSequenceForceBatches(forced)).toEqual(viaEthers(promZkEvmInterface.decodeFunctionData("sequenceForceBatches", forced)[0] as unknown[]));
    }
  });

  it("refuses truncated calldata, offsets out of bounds and values out of range (Solidity's decoder reverts on them; ethers truncates)", () => {
    const data = encodeSequenceBatches({ batches: batches(3), maxSequenceTimestamp: 1, initSequencedBatch: 0, l2Coinbase: ZeroHash.slice(0, 42) });
    const bad = [
      data.slice(0, data.length - 200), // the last batch's bytes cut short
      data.slice(0, 10 + 64 * 3), // the head only
      `${data.slice(0, 10)}${"ff".repeat(32)}${data.slice(74)}`, // the array offset past the end
      `${data.slice(0, 74)}${"01".repeat(32)}${data.slice(138)}`, // maxSequenceTimestamp beyond uint64
      `${data}0`, // not whole bytes
    ];
    for (const d of bad) expect(() => decodeSequenceBatches(d)).toThrow(EthermanError);
    expect(() => decodeSequenceBatches(encodeSequenceForceBatches(batches(1)))).toThrow(/is not sequenceBatches/);
  });
});
