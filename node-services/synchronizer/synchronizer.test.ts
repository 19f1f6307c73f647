/**
 * The synchronizer against a real anvil L1 on PGlite: batches sequenced on L1 by someone else are executed from their
 * L1 data alone, chained to the accInputHash the contract stored, resumed from the checkpoint by a new instance
 * without gap or duplicate, and verified batches are checked against our state roots (a wrong root halts the sync).
 */
import { Contract, ZeroHash } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPglite, type TestDb } from "../db/testDb.js";
import { encodeVerifyBatchesTrustedAggregator, Etherman, inputSnark, promZkEvmContract } from "../etherman/index.js";
import { testLogger } from "../testing/testLogger.js";
import { hexToH4 } from "../merkletree/index.js";
import { BatchSource, startTestL1, syncNode, targetOf, type TestL1 } from "./testL1.js";
import { until } from "../testing/until.js";

const log = testLogger("error");


describe("synchronizer on PGlite following an anvil L1", () => {
  let l1: TestL1;
  let tdb: TestDb;
  let source: BatchSource;

  beforeAll(async () => {
    l1 = await startTestL1({ verifier: "TestVerifier" });
    tdb = await openTestPglite();
    source = new BatchSource(l1);
  }, 60_000);
  afterAll(async () => {
    await tdb?.dispose();
    await l1?.stop();
  });

  it("executes sequenced batches from L1 data, matches L1's accInputHash, and resumes from its checkpoint", { timeout: 60_000 }, async () => {
    for (let i = 0; i < 3; i++) await source.sequence(4, 3);
    const node = await syncNode(tdb.db, targetOf(l1), log, { l1BlockRange: 3 });
    const virtualEvents: number[] = [];
    node.synchronizer.onBatches((e) => e.kind === "virtual" && virtualEvents.push(...e.batches));
    await node.synchronizer.start();
    await until("12 virtual batches", async () => node.synchronizer.status().lastVirtualBatch === 12);
    await node.stop();
    expect(virtualEvents).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);

    const rollup = promZkEvmContract(l1.deployment.rollup, l1.provider);
    const batch12 = (await node.state.getBatch(12))!;
    expect(batch12.status).toBe("virtual");
    expect(batch12.accInputHash).toBe((await rollup.sequencedBatches(12))[0]);
    const recipient = await node.world.executor.getAccount(hexToH4(batch12.stateRoot!), source.recipient);
    expect(recipient.balance).toBe(source.value * BigInt(source.transfers));
    expect(await node.state.latestBlockNumber()).toBe(12);
    const head = await l1.provider.getBlockNumber();
    expect((await node.state.lastL1Block())?.number).toBe(head);

    // A new instance on the same database goes on from the checkpoint.
    await source.sequence(2, 3);
    const again = await syncNode(tdb.db, targetOf(l1), log, { l1BlockRange: 2 });
    await again.synchronizer.start();
    expect(again.synchronizer.status().lastVirtualBatch).toBe(12);
    await until("14 virtual batches", async () => again.synchronizer.status().lastVirtualBatch === 14);
    await again.stop();
    const batch14 = (await again.state.getBatch(14))!;
    expect(batch14.accInputHash).toBe((await rollup.sequencedBatches(14))[0]);
    const blocks = await tdb.db.query<{ n: number; max: number }>("SELECT count(*)::INTEGER AS n, max(block_num)::INTEGER AS max FROM state.l2_block");
    expect(blocks[0]).toEqual({ n: 15, max: 14 });
    const balance = await again.world.executor.getAccount(hexToH4(batch14.stateRoot!), source.recipient);
    expect(balance.balance).toBe(source.value * BigInt(source.transfers));
  });

  it("marks batches verified when L1 verifies our state root, and halts naming both roots when it does not", { timeout: 60_000 }, async () => {
    const node = await syncNode(tdb.db, targetOf(l1), log);
    const verified: number[] = [];
    node.synchronizer.onBatches((e) => e.kind === "verified" && verified.push(...e.batches));
    await node.synchronizer.start();
    const etherman = new Etherman(l1.provider, { rollup: l1.deployment.rollup, globalExitRoot: l1.deployment.globalExitRoot });
    const aggAddress = await l1.aggregator.getAddress();
    const verify = async (final: number, stateRoot: string) => {
      const args = { initNumBatch: 0, finalNewBatch: final, newLocalExitRoot: ZeroHash, newStateRoot: stateRoot, beneficiary: aggAddress };
      const bytes = await etherman.getInputSnarkBytes({ aggregator: aggAddress, initNumBatch: 0, finalNewBatch: final, newLocalExitRoot: ZeroHash, oldStateRoot: l1.genesisRoot, newStateRoot: stateRoot });
      const verifier = new Contract(l1.deployment.verifier, ["function expectInput(uint256)"], l1.aggregator);
      await (await verifier.getFunction("expectInput")(inputSnark(bytes))).wait();
      const tx = await l1.aggregator.sendTransaction({ to: l1.deployment.rollup, data: encodeVerifyBatchesTrustedAggregator({ ...args, proof: new Array(8).fill(0n) }) });
      expect((await tx.wait())?.status).toBe(1);
    };
    const root4 = (await node.state.getBatch(4))!.stateRoot!;
    await verify(4, root4);
    await until("batches 1..4 verified", async () => node.synchronizer.status().lastVerifiedBatch === 4);
    expect(verified).toEqual([1, 2, 3, 4]);
    expect((await node.state.getBatch(4))!.status).toBe("verified");
    // verifyBatches updates the exit roots: the L1 info tree leaf is stored with the root the contract has.
    const leaves = await node.state.getL1InfoLeaves();
    expect(leaves).toHaveLength(1);
    expect(leaves[0]!.l1InfoRoot).toBe(await etherman.l1InfoRoot());

    const ours8 = (await node.state.getBatch(8))!.stateRoot!;
    const wrong = `0x${"00".repeat(31)}07`;
    await verify(8, wrong);
    const halted = await until("the halt", async () => node.synchronizer.status().halted ?? undefined);
    expect(halted).toContain("batch 8");
    expect(halted).toContain(wrong);
    expect(halted).toContain(ours8);
    expect((await node.state.getBatch(8))!.status).toBe("virtual");
    await node.stop();
  });
});
