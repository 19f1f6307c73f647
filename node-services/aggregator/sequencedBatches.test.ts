import { describe, expect, it } from "vitest";
import type { BatchProofRequest } from "../batchproof/index.js";
import { inputSnark, snarkInputBytes } from "../etherman/rollupHashes.js";
import { inputSnarkOf, nextRange, ProofInputError, sequencesOf, type VirtualBatchRow } from "./sequencedBatches.js";

const ZERO: `0x${string}` = `0x${"00".repeat(32)}`;

const row = (batchNum: number, tx: string): VirtualBatchRow => ({
  batchNum,
  l1TxHash: tx,
  batch: { batchL2Data: new Uint8Array(), l1InfoRoot: ZERO, timestampLimit: 0n, sequencer: `0x${"11".repeat(20)}`, forcedBlockHashL1: ZERO },
  stateRoot: null,
  localExitRoot: null,
  accInputHash: null,
});

describe("sequences of virtual batches", () => {
  const rows = [row(1, "0xa"), row(2, "0xa"), row(3, "0xb"), row(4, "0xc"), row(5, "0xc")];

  it("groups batches by the L1 tx that sequenced them; the last run only when L1 says it ends there", () => {
    expect(sequencesOf(rows, () => false)).toEqual([
      { fromBatch: 1, toBatch: 2 },
      { fromBatch: 3, toBatch: 3 },
    ]);
    expect(sequencesOf(rows, (n) => n === 5).at(-1)).toEqual({ fromBatch: 4, toBatch: 5 });
  });

  it("stops at a gap (batches not synced yet)", () => {
    expect(sequencesOf([row(1, "0xa"), row(2, "0xb"), row(4, "0xc")], () => true)).toEqual([{ fromBatch: 1, toBatch: 1 }]);
  });

  it("takes as many whole sequences as the circuit fits, and says what to change when one never fits", () => {
    const seqs = sequencesOf(rows, () => true);
    expect(nextRange(seqs, 2)).toEqual({ fromBatch: 1, toBatch: 2 });
    expect(nextRange(seqs, 3)).toEqual({ fromBatch: 1, toBatch: 3 });
    expect(nextRange(seqs, 5)).toEqual({ fromBatch: 1, toBatch: 5 });
    expect(nextRange([], 5)).toBeNull();
    expect(() => nextRange(seqs, 1)).toThrow(ProofInputError);
    expect(() => nextRange(seqs, 1)).toThrow(/batches 1\.\.2 were sequenced together \(2 batches\) but the batch circuit takes at most 1/);
  });

  it("computes the public input over the request's fields in the contract's order", () => {
    const r: BatchProofRequest = {
      aggregator: `0x${"22".repeat(20)}`,
      oldStateRoot: `0x${"01".repeat(32)}`,
      newStateRoot: `0x${"02".repeat(32)}`,
      oldAccInputHash: `0x${"03".repeat(32)}`,
      newAccInputHash: `0x${"04".repeat(32)}`,
      initNumBatch: 7n,
      finalNumBatch: 9n,
      chainId: 1001n,
      forkId: 8,
      newLocalExitRoot: `0x${"05".repeat(32)}`,
      batches: [],
    };
    const bytes = snarkInputBytes({ ...r, finalNewBatch: 9 });
    expect((bytes.length - 2) / 2).toBe(212);
    expect(inputSnarkOf(r)).toBe(inputSnark(bytes));
    expect(inputSnarkOf({ ...r, aggregator: `0x${"33".repeat(20)}` })).not.toBe(inputSnark(bytes));
  });
});
