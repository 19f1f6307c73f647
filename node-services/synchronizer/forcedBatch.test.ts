/**
 * Forced batches end to end on anvil, and a second node that follows L1 alone: a user forces a batch on L1, the
 * trusted sequencer's node (the sequencer role, PGlite) stores it, sequences it as a batch of its own inside
 * sequenceBatches with the forced GER, timestamp and L1 block hash (L1 accepts it only if they match), and marks it
 * virtual; a sync-only node on PostgreSQL executes everything from L1 data and has the same state root, accInputHash
 * and L2 blocks for every batch as the sequencer's node.
 */
import { JsonRpcProvider, Wallet, ZeroAddress, parseEther } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config/load.js";
import { openTestPglite, openTestPostgres, type TestDb } from "../db/testDb.js";
import { encodeForceBatch, promZkEvmContract } from "../etherman/index.js";
import { encodeBatchL2Data, rawTxToL2Tx } from "../executor/index.js";
import { testLogger } from "../testing/testLogger.js";
import { storeGenesis } from "../node/genesis.js";
import { startSequencerNode, type SequencerNode } from "../node/node.js";
import { derivedStateOf, FORK_ID, genesisAccounts, L2_CHAIN_ID, startTestL1, syncNode, targetOf, type TestL1 } from "./testL1.js";
import { until } from "../testing/until.js";

const log = testLogger("error");


describe("forced batches, and a node synced from L1 alone", () => {
  let l1: TestL1;
  let seqDb: TestDb;
  let pgDb: TestDb;
  let node: SequencerNode;

  beforeAll(async () => {
    l1 = await startTestL1();
    // Forcing is open to anyone once the admin (the deployer, here the sequencer's key) clears the force address.
    const rollup = promZkEvmContract(l1.deployment.rollup, l1.sequencer);
    await (await rollup.setForceBatchAddress(ZeroAddress)).wait();
    seqDb = await openTestPglite();
    await storeGenesis(seqDb.db, { chainId: L2_CHAIN_ID, forkId: FORK_ID }, genesisAccounts);
    const { config } = loadConfig({
      argv: ["--rpc-port", "0", "--sequencer-block-time-ms", "200", "--sequencer-batch-time-ms", "500", "--sequence-sender-interval-ms", "300", "--sync-interval-ms", "200"],
      env: {},
    });
    node = await startSequencerNode({
      config,
      log,
      db: seqDb.db,
      l1Url: l1.anvil.url,
      l1: { rollup: l1.deployment.rollup, globalExitRoot: l1.deployment.globalExitRoot, deployBlock: l1.deployment.deployBlock },
      sequencerKey: l1.accounts[0]!.privateKey,
    });
  }, 90_000);
  afterAll(async () => {
    await node?.stop();
    await seqDb?.dispose();
    await pgDb?.dispose();
    await l1?.stop();
  });

  it("sequences a batch a user forced on L1, and a sync-only node ends with the same roots for every batch", { timeout: 120_000 }, async () => {
    const l2 = new JsonRpcProvider(node.rpcUrl, L2_CHAIN_ID, { staticNetwork: true, pollingInterval: 100, cacheTimeout: -1 });
    const bob = Wallet.createRandom().address;
    const carol = Wallet.createRandom().address;
    try {
      // Ordinary traffic through the pool before and after the forced batch.
      const alice = new Wallet(l1.accounts[2]!.privateKey, l2);
      await (await alice.sendTransaction({ to: bob, value: parseEther("1"), gasPrice: 1_000_000_000n, type: 0 })).wait();

      // The forced batch: one L2 transfer, no changeL2Block (the processor opens the implicit block).
      const forcer = new Wallet(l1.accounts[4]!.privateKey);
      const raw = await forcer.signTransaction({ type: 0, to: carol, value: 5n, gasLimit: 21000, gasPrice: 1_000_000_000n, nonce: 0, chainId: L2_CHAIN_ID });
      const forcedData = `0x${Buffer.from(encodeBatchL2Data([{ kind: "tx", tx: rawTxToL2Tx(Buffer.from(raw.slice(2), "hex"), 0xff) }], FORK_ID)).toString("hex")}`;
      const user = new Wallet(l1.accounts[6]!.privateKey, l1.provider);
      expect((await (await user.sendTransaction({ to: l1.deployment.rollup, data: encodeForceBatch(forcedData) })).wait())?.status).toBe(1);

      await until("the forced transfer on L2", async () => (await l2.getBalance(carol)) === 5n);
      await (await alice.sendTransaction({ to: bob, value: parseEther("1"), gasPrice: 1_000_000_000n, type: 0 })).wait();

      const rollup = promZkEvmContract(l1.deployment.rollup, l1.provider);
      await until("the forced batch sequenced on L1", async () => Number(await rollup.lastForceBatchSequenced()) === 1);
      let forcedBatch = 0;
      for (let n = 1; forcedBatch === 0; n++) if ((await node.state.getBatch(n))?.forcedBatchNum === 1) forcedBatch = n;
      const stored = (await node.state.getBatch(forcedBatch))!;
      expect(stored.batchL2Data).toBe(forcedData);
      await until("the forced batch virtual", async () => (await node.state.getBatch(forcedBatch))!.status === "virtual");
      const lastVirtual = await until("a batch after the forced one virtual", async () => node.synchronizer.status().lastVirtualBatch > forcedBatch).then(() => node.synchronizer.status().lastVirtualBatch);
      expect((await node.state.getBatch(lastVirtual))!.accInputHash).toBe((await rollup.sequencedBatches(lastVirtual))[0]);
      expect(node.synchronizer.status().halted).toBeNull();

      // A second node with only the genesis, on PostgreSQL, executes every batch from L1 data.
      pgDb = await openTestPostgres();
      const follower = await syncNode(pgDb.db, targetOf(l1), log);
      await follower.synchronizer.start();
      await until("the follower at the same virtual batch", () => follower.synchronizer.status().lastVirtualBatch >= lastVirtual);
      await follower.stop();
      const ours = await derivedStateOf(follower.state);
      const theirs = await derivedStateOf(node.state);
      const upTo = (s: typeof ours) => s.batches.filter((b) => b.n <= lastVirtual).map((b) => ({ ...b, status: undefined }));
      expect(upTo(ours)).toEqual(upTo(theirs));
      expect((await follower.state.getBatch(forcedBatch))!.forcedBatchNum).toBe(1);
    } finally {
      l2.destroy();
    }
  });
});
