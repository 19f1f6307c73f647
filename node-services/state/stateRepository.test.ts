import type { Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends, type TestDb } from "../db/testDb.js";
import { StateError } from "./errors.js";
import type { Hex } from "./hex.js";
import { StateRepository } from "./stateRepository.js";
import { blockHeader, h, signLegacy, storedTx, testWallets, TRANSFER_TOPIC, writeSampleChain, ZERO32, type SampleChain } from "./testFixtures.js";

const l1 = (n: number) => ({ number: n, hash: h(`l1 ${n}`), parentHash: h(`l1 ${n - 1}`), receivedAt: new Date() });

describe.each(testBackends)("StateRepository on $name", ({ open }) => {
  let t: TestDb;
  let repo: StateRepository;
  let chain: SampleChain;
  beforeAll(async () => {
    t = await open();
    repo = new StateRepository(t.db, { maxLogsBlockRange: 2, maxLogsCount: 4 });
    chain = await writeSampleChain(repo, { blocks: 3 });
  });
  afterAll(() => t.dispose());

  it("reads back blocks by number and hash with their tx hashes in order", async () => {
    expect(await repo.latestBlockNumber()).toBe(3);
    const b2 = await repo.getBlockByNumber(2);
    expect(b2?.txHashes).toEqual(chain.txsByBlock.get(2));
    expect(b2?.batchNum).toBe(1);
    expect(b2?.gasLimit).toBe(1_125_899_906_842_624n);
    expect(await repo.getBlockByHash(b2!.hash)).toEqual(b2);
    expect(await repo.getBlockByNumber(99)).toBeNull();
    expect((await repo.getBlocksAfter(1, 10)).map((b) => b.number)).toEqual([2, 3]);
  });

  it("reads txs by hash and by block and index, with sender, value and signed encoding", async () => {
    const [hash1] = chain.txsByBlock.get(3)!;
    const tx = await repo.getTxByHash(hash1!);
    expect(tx).toMatchObject({ blockNumber: 3, index: 0, from: chain.wallets[0]!.address.toLowerCase(), value: 3n, nonce: 2 });
    expect(await repo.getTxByBlockAndIndex(3, 0)).toEqual(tx);
    expect(await repo.getTxByBlockAndIndex(3, 5)).toBeNull();
    expect((await repo.getBlockTxs(3)).map((x) => x.hash)).toEqual(chain.txsByBlock.get(3));
  });

  it("reads a receipt with its logs, block hash and sender", async () => {
    const hash2 = chain.txsByBlock.get(1)![1]!;
    const r = await repo.getReceipt(hash2);
    expect(r).toMatchObject({ blockNumber: 1, transactionIndex: 1, gasUsed: 30_000, cumulativeGasUsed: 51_000, status: 1 });
    expect(r?.blockHash).toBe(h("block 1"));
    expect(r?.logs).toHaveLength(1);
    expect(r?.logs[0]).toMatchObject({ address: chain.tokenAddress, logIndex: 0, transactionHash: hash2, blockNumber: 1 });
    expect(r?.logs[0]?.topics[0]).toBe(TRANSFER_TOPIC);
    expect(await repo.getReceipt(h("nope"))).toBeNull();
  });

  it("reads a receipt in one query with the same logs getLogs returns, and one without logs with none", async () => {
    const [first, second] = chain.txsByBlock.get(2)!;
    const withLogs = (await repo.getReceipt(second!))!;
    const blockLogs = await repo.getLogs({ fromBlock: 2, toBlock: 2, addresses: [], topics: [] });
    expect(withLogs.logs.length).toBeGreaterThan(0);
    expect(withLogs.logs).toEqual(blockLogs.filter((l) => l.transactionHash === second));
    const noLogs = (await repo.getReceipt(first!))!;
    expect(blockLogs.some((l) => l.transactionHash === first)).toBe(false);
    expect(noLogs.logs).toEqual([]);
    expect(noLogs).toMatchObject({ transactionHash: first, blockNumber: 2, transactionIndex: 0, blockHash: h("block 2") });
  });

  it("filters logs by range, address and topics, and refuses too wide ranges and too many results", async () => {
    const all = await repo.getLogs({ fromBlock: 1, toBlock: 3, addresses: [], topics: [] });
    expect(all.map((l) => l.blockNumber)).toEqual([1, 2, 3]);
    expect(await repo.getLogs({ fromBlock: 1, toBlock: 3, addresses: [h("x").slice(0, 42) as Hex], topics: [] })).toEqual([]);
    expect(await repo.getLogs({ fromBlock: 2, toBlock: 3, addresses: [chain.tokenAddress], topics: [[TRANSFER_TOPIC]] })).toHaveLength(2);
    expect(await repo.getLogs({ fromBlock: 1, toBlock: 3, addresses: [], topics: [null, [ZERO32]] })).toEqual([]);
    await expect(repo.getLogs({ fromBlock: 0, toBlock: 3, addresses: [], topics: [] })).rejects.toMatchObject({
      code: "LOG_RANGE_TOO_LARGE",
      message: "logs are limited to a 2 block range",
    });
    const tight = new StateRepository(t.db, { maxLogsCount: 2 });
    await expect(tight.getLogs({ fromBlock: 1, toBlock: 3, addresses: [], topics: [] })).rejects.toMatchObject({
      code: "LOG_RESULT_TOO_LARGE",
      message: "query returned more than 2 results",
    });
  });

  it("refuses an L2 block out of order, with a wrong parent, or into a batch that is not open", async () => {
    await expect(repo.addL2Block(blockHeader(9, h("block 3"), 1), [])).rejects.toMatchObject({ code: "BLOCK_ORDER" });
    await expect(repo.addL2Block(blockHeader(4, h("other"), 1), [])).rejects.toMatchObject({ code: "BLOCK_ORDER" });
    await expect(repo.addL2Block(blockHeader(4, h("block 3"), 0), [])).rejects.toThrow("cannot add L2 block 4 to batch 0: it is closed");
    await expect(repo.openBatch({ batchNum: 2, coinbase: "0x000000000000000000000000000000000000c0de", timestamp: 1 })).rejects.toThrow(
      "batch 1 is still open",
    );
  });

  it("stores a block and its txs atomically: a failing tx insert leaves no block behind", async () => {
    const w = testWallets(1)[0]!;
    const tx = storedTx(await signLegacy(w, { nonce: 50 }), { gasUsed: 21_000, cumulativeGasUsed: 21_000 });
    const dup = chain.txsByBlock.get(1)![0]!;
    await expect(repo.addL2Block(blockHeader(4, h("block 3"), 1), [tx, { ...tx, hash: dup }])).rejects.toThrow();
    expect(await repo.latestBlockNumber()).toBe(3);
    expect(await repo.getTxByHash(tx.hash)).toBeNull();
  });

  it("moves a batch wip → closed → virtual → verified and reports each step over the read API", async () => {
    expect((await repo.getBatch(1))?.status).toBe("wip");
    expect(await repo.lastClosedBatchNumber()).toBe(0);
    await expect(repo.markVirtual(1, virtualInfo(10))).rejects.toMatchObject({ code: "BATCH_LIFECYCLE" });
    await repo.closeBatch(1, {
      stateRoot: h("root 3"),
      localExitRoot: ZERO32,
      accInputHash: h("acc 1"),
      batchL2Data: "0x0b0000000100000000",
      closingReason: "Max delta timestamp",
    });
    await expect(repo.closeBatch(1, { stateRoot: ZERO32, localExitRoot: ZERO32, accInputHash: ZERO32, batchL2Data: "0x", closingReason: "x" }))
      .rejects.toThrow("batch 1 is closed; it cannot close");
    expect(await repo.lastBatchNumber()).toBe(1);
    expect(await repo.lastClosedBatchNumber()).toBe(1);
    expect(await repo.isBlockVirtualized(2)).toBe(false);

    await repo.addL1Block(l1(10));
    await repo.markVirtual(0, virtualInfo(10));
    await repo.markVirtual(1, virtualInfo(10));
    await repo.addSequence({ fromBatchNum: 0, toBatchNum: 1, accInputHash: h("acc 1"), l1InfoRoot: ZERO32, l1TxHash: h("seq tx"), l1BlockNum: 10 });
    expect(await repo.getSequences()).toHaveLength(1);
    expect(await repo.lastVirtualBatchNumber()).toBe(1);
    expect(await repo.isBlockVirtualized(2)).toBe(true);
    expect(await repo.isBlockConsolidated(2)).toBe(false);
    expect(await repo.lastConsolidatedBlockNumber()).toBeNull();

    await repo.addL1Block(l1(11));
    const verifiedInfo = { l1TxHash: h("verify tx"), aggregator: h("agg").slice(0, 42) as Hex, isTrusted: true, l1BlockNum: 11 };
    await expect(repo.markVerifiedUpTo(1, { ...verifiedInfo, stateRoot: h("wrong") })).rejects.toMatchObject({ code: "STATE_ROOT_MISMATCH" });
    expect(await repo.markVerifiedUpTo(1, { ...verifiedInfo, stateRoot: h("root 3") })).toEqual([0, 1]);
    await expect(repo.markVerifiedUpTo(1, { ...verifiedInfo, stateRoot: h("root 3") })).rejects.toThrow("verified is final");
    expect(await repo.lastVerifiedBatchNumber()).toBe(1);
    expect(await repo.lastConsolidatedBlockNumber()).toBe(3);
    expect(await repo.isBlockConsolidated(3)).toBe(true);

    const b = await repo.getBatch(1);
    expect(b).toMatchObject({
      status: "verified",
      stateRoot: h("root 3"),
      // the sequence's accInputHash replaces the one known at close (it hashes the sequence's L1 info root and time limit)
      accInputHash: h("acc 10"),
      batchL2Data: "0x0b0000000100000000",
      sendSequencesTxHash: h("seq tx"),
      verifyBatchTxHash: h("verify tx"),
      closingReason: "Max delta timestamp",
      globalExitRoot: ZERO32,
    });
    expect((await repo.getBatchBlocks(1)).map((x) => x.number)).toEqual([1, 2, 3]);
    expect(await repo.getBatchTxs(1)).toHaveLength(6);
    expect(await repo.batchNumberByBlock(0)).toBe(0);
    expect(await repo.batchNumberByBlock(42)).toBeNull();
    expect(await repo.getBatch(42)).toBeNull();
  });

  it("names the missing batch when a transition targets one that does not exist", async () => {
    await expect(repo.closeBatch(77, { stateRoot: ZERO32, localExitRoot: ZERO32, accInputHash: ZERO32, batchL2Data: "0x", closingReason: "x" }))
      .rejects.toEqual(new StateError("BATCH_NOT_FOUND", "batch 77 does not exist"));
  });
});

function virtualInfo(l1BlockNum: number) {
  return {
    l1TxHash: h("seq tx"),
    coinbase: "0x000000000000000000000000000000000000c0de" as Hex,
    sequencerAddr: "0x000000000000000000000000000000000000c0de" as Hex,
    l1InfoRoot: ZERO32,
    timestampLimit: 1_700_000_100,
    l1BlockNum,
    accInputHash: h(`acc ${l1BlockNum}`),
  };
}

describe.each(testBackends)("StateRepository block writes on $name", ({ open }) => {
  let t: TestDb;
  let repo: StateRepository;
  beforeAll(async () => {
    t = await open();
    repo = new StateRepository(t.db);
    await writeSampleChain(repo, { blocks: 1 });
  });
  afterAll(() => t.dispose());

  it("stores every field of a block's txs, receipts and logs in one write and reads them back", async () => {
    const [a, b] = testWallets(2) as [Wallet, Wallet];
    const creation = storedTx(await signLegacy(a, { nonce: 7, to: null, gasLimit: 90_000n, data: "0x6000" }), {
      gasUsed: 60_000,
      cumulativeGasUsed: 60_000,
    });
    creation.receipt.contractAddress = "0x00000000000000000000000000000000c0ffee00";
    const reverted = storedTx(await signLegacy(b, { nonce: 7, value: 0n, gasLimit: 30_000n }), { gasUsed: 25_000, cumulativeGasUsed: 85_000 });
    reverted.receipt.status = 0;
    reverted.receipt.revertReason = "execution reverted: no";
    const topics = [h("t0"), h("t1"), h("t2"), h("t3")];
    const emitter = storedTx(await signLegacy(a, { nonce: 8, gasLimit: 50_000n }), {
      gasUsed: 40_000,
      cumulativeGasUsed: 125_000,
      logs: [0, 1, 2, 3, 4].map((n) => ({ address: "0x00000000000000000000000000000000000070cc" as Hex, topics: topics.slice(0, n), data: `0x0${n}` as Hex })),
    });
    emitter.receipt.logsBloom = `0x${"ff".repeat(256)}`;
    emitter.receipt.postState = h("post");
    await repo.addL2Block(blockHeader(2, h("block 1"), 1, { gasUsed: 125_000 }), [creation, reverted, emitter]);

    for (const [i, s] of [creation, reverted, emitter].entries()) {
      expect(await repo.getTxByHash(s.hash)).toEqual({
        hash: s.hash,
        l2Hash: s.l2Hash,
        blockNumber: 2,
        blockHash: h("block 2"),
        index: i,
        encoded: s.encoded,
        from: s.from,
        to: s.to,
        nonce: s.nonce,
        value: s.value,
        gasPrice: s.gasPrice,
        gasLimit: s.gasLimit,
        data: s.data,
        effectivePercentage: 255,
      });
      const r = await repo.getReceipt(s.hash);
      expect(r).toMatchObject({
        transactionIndex: i,
        status: s.receipt.status,
        cumulativeGasUsed: s.receipt.cumulativeGasUsed,
        gasUsed: s.receipt.gasUsed,
        effectiveGasPrice: s.receipt.effectiveGasPrice,
        contractAddress: s.receipt.contractAddress,
        logsBloom: s.receipt.logsBloom,
        postState: s.receipt.postState,
        revertReason: s.receipt.revertReason ?? null,
      });
    }
    const logs = (await repo.getReceipt(emitter.hash))!.logs;
    expect(logs.map((l) => [l.logIndex, l.transactionIndex, l.topics, l.data])).toEqual(
      [0, 1, 2, 3, 4].map((n) => [n, 2, topics.slice(0, n), `0x0${n}`]),
    );
    expect((await repo.getBlockByNumber(2))?.txHashes).toEqual([creation.hash, reverted.hash, emitter.hash]);
  });

  it("refuses a log with more than four topics and stores nothing of its block", async () => {
    const w = testWallets(1)[0]!;
    const tx = storedTx(await signLegacy(w, { nonce: 60 }), {
      gasUsed: 21_000,
      cumulativeGasUsed: 21_000,
      logs: [{ address: "0x00000000000000000000000000000000000070cc", topics: [ZERO32, ZERO32, ZERO32, ZERO32, ZERO32], data: "0x" }],
    });
    await expect(repo.addL2Block(blockHeader(3, h("block 2"), 1), [tx])).rejects.toMatchObject({ code: "INVALID_FILTER" });
    expect(await repo.getBlockByNumber(3)).toBeNull();
    expect(await repo.getTxByHash(tx.hash)).toBeNull();
  });

  it("keeps the head in memory for the writer that loaded it, following its own blocks; a reader asks the database", async () => {
    const writer = new StateRepository(t.db);
    expect((await writer.loadHead())?.number).toBe(2);
    await expect(writer.addL2Block(blockHeader(9, h("block 2"), 1), [])).rejects.toMatchObject({ code: "BLOCK_ORDER" });
    expect(await writer.latestBlockNumber()).toBe(2);
    await writer.addL2Block(blockHeader(3, h("block 2"), 1, { stateRoot: h("root three") }), []);
    expect(await writer.latestBlockNumber()).toBe(3);
    expect(await writer.latestStateRoot()).toBe(h("root three"));
    const reader = new StateRepository(t.db);
    expect(await reader.latestBlockNumber()).toBe(3);
    expect(await reader.latestStateRoot()).toBe(h("root three"));
  });
});
