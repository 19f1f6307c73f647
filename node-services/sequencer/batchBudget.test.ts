import { describe, expect, it } from "vitest";
import { BatchBudget, CHANGE_L2_BLOCK_BYTES } from "./batchBudget.js";

describe("BatchBudget", () => {
  const limits = { maxBatchBytes: 300, maxBatchTxs: 3, maxBatchGas: 100_000 };

  it("counts the block marker against the byte limit", () => {
    const b = new BatchBudget(limits);
    expect(b.wouldExceed(300 - CHANGE_L2_BLOCK_BYTES, 21000n, true)).toBeUndefined();
    expect(b.wouldExceed(300 - CHANGE_L2_BLOCK_BYTES + 1, 21000n, true)).toBe("bytes");
    expect(b.wouldExceed(300, 21000n, false)).toBeUndefined();
  });

  it("closes on tx count, then on gas", () => {
    const b = new BatchBudget(limits);
    b.addBlock();
    for (let i = 0; i < 3; i++) {
      expect(b.wouldExceed(50, 21000n, false)).toBeUndefined();
      b.addTx(50, 21000n);
    }
    expect(b.wouldExceed(50, 21000n, false)).toBe("txs");
    const g = new BatchBudget(limits);
    g.addTx(10, 90_000n);
    expect(g.wouldExceed(10, 21000n, false)).toBe("gas");
    expect(g.isFull(10, 21000n)).toBe(true);
    expect(g.used).toEqual({ bytes: 10, txs: 1, gas: 90_000n });
  });

  it("tells a tx that no new batch can take from one that only this batch's empty blocks leave no room for", () => {
    const b = new BatchBudget(limits);
    for (let i = 0; i < 20; i++) b.addBlock(); // 180 bytes of block markers, no tx
    expect(b.isEmpty).toBe(true);
    expect(b.wouldExceed(200, 21000n, true)).toBe("bytes");
    expect(b.exceedsEveryBatch(200, 21000n)).toBeUndefined();
    expect(b.exceedsEveryBatch(300, 21000n)).toBe("bytes");
    expect(b.exceedsEveryBatch(10, 200_000n)).toBe("gas");
  });
});
