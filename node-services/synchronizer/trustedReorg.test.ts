/**
 * A node that holds trusted batches (as an RPC node pulling them from the trusted sequencer does): a trusted batch L1
 * sequenced with the same data is marked virtual as it is (not executed again); one L1 sequenced differently is a
 * trusted-state reorg: our trusted batches from there are discarded, L1's are executed, the reorg is recorded and
 * announced, and the node ends with what a node without trusted state derives from L1.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPglite, type TestDb } from "../db/testDb.js";
import { testLogger } from "../testing/testLogger.js";
import type { BatchData } from "../etherman/index.js";
import type { Hex } from "../state/hex.js";
import type { StateRepository } from "../state/stateRepository.js";
import { executeSequencedBatch } from "./batchExecution.js";
import { BatchSource, derivedStateOf, sendSequence, startTestL1, syncNode, targetOf, type TestL1 } from "./testL1.js";
import { until } from "../testing/until.js";

const log = testLogger("error");


describe("trusted-state reorg", () => {
  let l1: TestL1;
  let dbs: TestDb[] = [];

  beforeAll(async () => {
    l1 = await startTestL1();
  }, 60_000);
  afterAll(async () => {
    for (const d of dbs) await d.dispose();
    await l1?.stop();
  });

  it("keeps a matching trusted batch, replaces a different one with L1's, and ends like a node without trusted state", { timeout: 90_000 }, async () => {
    const [trustedDb, plainDb] = [await openTestPglite(), await openTestPglite()];
    dbs = [trustedDb, plainDb];
    const node = await syncNode(trustedDb.db, targetOf(l1), log, {}, true);

    const ts = (await l1.provider.getBlock("latest"))!.timestamp;
    const source = new BatchSource(l1);
    const batch1 = await source.makeBatch(2, ts);
    const ours2 = await source.fork(9n).makeBatch(2, ts);
    const l1Batch2 = await source.makeBatch(2, ts);

    // Our trusted batches 1 and 2, as the trusted sequencer's RPC would have given them.
    await storeTrusted(node, 1, batch1, ts);
    await storeTrusted(node, 2, ours2, ts);
    const trustedBlock1 = (await node.state.getBatchBlocks(1))[0]!;
    const trustedRoot2 = (await node.state.getBatch(2))!.stateRoot;

    await sendSequence(l1, [batch1, l1Batch2], ts);
    const reorgs: number[] = [];
    node.synchronizer.onTrustedReorg((n) => reorgs.push(n));
    await node.synchronizer.start();
    await until("2 virtual batches", () => node.synchronizer.status().lastVirtualBatch === 2);
    await node.stop();

    expect(reorgs).toEqual([2]);
    expect((await node.state.getBatchBlocks(1))[0]).toEqual(trustedBlock1);
    const b2 = (await node.state.getBatch(2))!;
    expect(b2.status).toBe("virtual");
    expect(b2.batchL2Data).toBe(l1Batch2.transactions);
    expect(b2.stateRoot).not.toBe(trustedRoot2);
    const [row] = await trustedDb.db.query<{ batch_num: number; reason: string }>("SELECT batch_num, reason FROM state.trusted_reorg");
    expect(row!.batch_num).toBe(2);
    expect(row!.reason).toContain("different batchL2Data");

    const plain = await syncNode(plainDb.db, targetOf(l1), log);
    await plain.synchronizer.start();
    await until("the plain node at batch 2", () => plain.synchronizer.status().lastVirtualBatch === 2);
    await plain.stop();
    expect(await derivedStateOf(node.state)).toEqual(await derivedStateOf(plain.state));
  });
});

/** Executes `data` on the node's state and stores it as a closed trusted batch (not sequenced). */
async function storeTrusted(node: Awaited<ReturnType<typeof syncNode>>, batchNum: number, data: BatchData, timestampLimit: number): Promise<void> {
  const state: StateRepository = node.state;
  const last = (await state.getBlockByNumber((await state.latestBlockNumber())!))!;
  const executed = await executeSequencedBatch(
    node.world.executor,
    { batchNum, batchL2Data: data.transactions as Hex, forced: false, coinbase: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", l1InfoRoot: `0x${"00".repeat(32)}`, timestampLimit },
    { stateRoot: last.stateRoot, blockNumber: last.number, blockHash: last.hash },
    {},
  );
  await node.world.flush();
  await state.openBatch({ batchNum, coinbase: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", timestamp: timestampLimit });
  for (const { block, txs } of executed.blocks) await state.addL2Block(block, txs);
  await state.closeBatch(batchNum, { stateRoot: executed.stateRoot, localExitRoot: executed.localExitRoot, batchL2Data: data.transactions as Hex, closingReason: "test" });
}
