/**
 * An L1 reorg on anvil (evm_snapshot / evm_revert, then a competing fork with other batches) under a synced node:
 * it finds the common ancestor through its stored L1 block hashes, removes what the dropped blocks sequenced (virtual
 * marks and the batches it had executed from them, with their L2 blocks), re-syncs, and ends with the same state as a
 * node that synced the new chain from scratch.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPglite, type TestDb } from "../db/testDb.js";
import { testLogger } from "../testing/testLogger.js";
import { BatchSource, derivedStateOf, startTestL1, syncNode, targetOf, type TestL1 } from "./testL1.js";
import { until } from "../testing/until.js";

const log = testLogger("error");


describe("L1 reorg during sync", () => {
  let l1: TestL1;
  let dbs: TestDb[] = [];

  beforeAll(async () => {
    l1 = await startTestL1();
  }, 60_000);
  afterAll(async () => {
    for (const d of dbs) await d.dispose();
    await l1?.stop();
  });

  it("rewinds to the common ancestor and ends in the same state as a fresh sync", { timeout: 90_000 }, async () => {
    const source = new BatchSource(l1);
    await source.sequence(3, 2);
    const snapshot = (await l1.provider.send("evm_snapshot", [])) as string;
    const rival = source.fork(7n);
    await source.sequence(3, 2);
    await source.sequence(2, 2);

    const [dbA, dbB] = [await openTestPglite(), await openTestPglite()];
    dbs = [dbA, dbB];
    const node = await syncNode(dbA.db, targetOf(l1), log, { l1BlockRange: 2 });
    await node.state.loadHead(); // a repository that keeps the head in memory must see the rewind too
    await node.synchronizer.start();
    await until("8 virtual batches", () => node.synchronizer.status().lastVirtualBatch === 8);
    const before = await derivedStateOf(node.state);
    expect(before.latestBlock).toBe(8);

    // The fork: back to after the first sequence, then other batches (other transfers) and a longer chain.
    expect(await l1.provider.send("evm_revert", [snapshot])).toBe(true);
    l1.sequencer.reset();
    await rival.sequence(2, 3);
    await l1.provider.send("anvil_mine", ["0x5"]);
    await rival.sequence(1, 1);
    // Asked directly: the provider's getBlockNumber may answer from its cache.
    const head = Number(await l1.provider.send("eth_blockNumber", []));
    await until("the new fork synced", async () => {
      const s = node.synchronizer.status();
      return s.l1Synced === head && s.lastVirtualBatch === 6;
    });
    await node.stop();
    const after = await derivedStateOf(node.state);
    expect(after.latestBlock).toBe(6);
    expect(after.batches[4]!.stateRoot).not.toBe(before.batches[4]!.stateRoot);
    const stored = await dbA.db.query<{ n: number }>("SELECT count(*)::INTEGER AS n FROM state.batch WHERE batch_num > 6");
    expect(stored[0]!.n).toBe(0);

    const fresh = await syncNode(dbB.db, targetOf(l1), log, { l1BlockRange: 4 });
    await fresh.synchronizer.start();
    await until("the fresh node synced", async () => fresh.synchronizer.status().l1Synced === head);
    await fresh.stop();
    expect(after).toEqual(await derivedStateOf(fresh.state));
  });
});
