/**
 * A second node follows a running devnet's trusted sequencer over JSON-RPC: it re-executes every trusted batch, follows
 * the open batch block by block, and then answers the same RPC calls with the same results as the sequencer's node.
 * A node whose execution differs from the trusted node's stops syncing with a clear error.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonRpcProvider, Wallet, parseEther, type TransactionResponse } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config/load.js";
import type { PromConfig } from "../config/schema.js";
import { openDb } from "../db/openDb.js";
import { openTestPglite } from "../db/testDb.js";
import { genesisFile, startDevnet, type Devnet } from "../devnet/devnet.js";
import { freePort } from "../l1/anvil.js";
import { testLogger } from "../testing/testLogger.js";
import { buildWorldState } from "../node/sequencerNode.js";
import { buildGenesis } from "../executor/index.js";
import { h4ToHex } from "../merkletree/index.js";
import { ensureGenesis, readGenesisFile } from "../node/genesis.js";
import { startRunNode, type RunningNode } from "../node/runNode.js";
import { hexToBytes } from "../state/hex.js";
import { StateRepository } from "../state/stateRepository.js";
import type { L2Block } from "../state/types.js";
import { TrustedRpc } from "./trustedRpc.js";
import { TrustedSync } from "./trustedSync.js";
import { until } from "../testing/until.js";

const log = testLogger("warn");


const hexNum = (n: number) => `0x${n.toString(16)}`;

describe("trusted-state sync from a devnet", () => {
  const dirs: string[] = [];
  let devDir: string;
  let devConfig: PromConfig;
  let devnet: Devnet;
  let follower: RunningNode;
  let seq: JsonRpcProvider;
  let rpc: JsonRpcProvider;

  beforeAll(async () => {
    devDir = mkdtempSync(join(tmpdir(), "prom-devnet-"));
    const nodeDir = mkdtempSync(join(tmpdir(), "prom-rpc-"));
    dirs.push(devDir, nodeDir);
    // Fixed ports (free ones): the devnet is restarted on the same URLs below.
    const { config } = loadConfig({
      argv: ["--data-dir", devDir, "--rpc-port", String(await freePort()), "--l1-port", String(await freePort()), "--l1-block-time", "0",
        // Long batches: the follower must see the open batch's blocks before the batch closes.
        "--sequencer-block-time-ms", "200", "--sequencer-batch-time-ms", "2500", "--sequence-sender-interval-ms", "300"],
      env: {},
    });
    devConfig = config;
    devnet = await startDevnet(config, log);
    const run = loadConfig({
      argv: ["--role", "rpc", "--data-dir", nodeDir, "--rpc-port", "0", "--l1-url", devnet.l1Url, "--rollup-address", devnet.info.rollup,
        "--trusted-rpc", devnet.rpcUrl, "--genesis", genesisFile(devDir), "--trusted-sync-interval-ms", "100"],
      env: {},
    });
    follower = await startRunNode(run.config, log);
    seq = new JsonRpcProvider(devnet.rpcUrl, undefined, { staticNetwork: true, pollingInterval: 100 });
    rpc = new JsonRpcProvider(follower.node.rpcUrl!, undefined, { staticNetwork: true, pollingInterval: 100 });
  });
  afterAll(async () => {
    seq?.destroy();
    rpc?.destroy();
    await follower?.stop();
    await devnet?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("re-executes the trusted batches, follows the open one, and answers like the sequencer's node", async () => {
    const alice = new Wallet(devnet.accounts[2]!.privateKey, seq);
    const bob = Wallet.createRandom().address;
    // The sequencer pauses while the batch holding the first tx is open: the follower must take that open batch's blocks.
    let first: TransactionResponse | undefined;
    let batchOfFirst = -1;
    let nonce = 0;
    while (!first) {
      const tx = await alice.sendTransaction({ to: bob, value: parseEther("1"), gasPrice: 1_000_000_000n, nonce: nonce++, type: 0 });
      const receipt = await tx.wait();
      await devnet.node.sequencer.stop();
      batchOfFirst = Number(await seq.send("zkevm_batchNumberByBlockNumber", [hexNum(receipt!.blockNumber)]));
      if ((await devnet.node.state.getBatch(batchOfFirst))?.status === "wip") first = tx;
      else await devnet.node.sequencer.start();
    }
    await until("the follower's copy of the first tx", async () => (await rpc.getTransactionReceipt(first.hash)) ?? undefined);
    expect((await follower.node.state.getBatch(batchOfFirst))?.status).toBe("wip");
    await devnet.node.sequencer.start();

    // A contract creation with a log (init code: LOG1 with topic 0x2a, then return empty runtime code), and a transfer.
    const hashes = [first.hash];
    const create = await alice.sendTransaction({ data: "0x602a60006000a1600060005260006000f3", gasPrice: 1_000_000_000n, nonce: nonce++, type: 0, gasLimit: 100_000 });
    const second = await alice.sendTransaction({ to: bob, value: parseEther("2"), gasPrice: 1_000_000_000n, nonce, type: 0 });
    hashes.push(create.hash, second.hash);
    const last = await second.wait();
    const lastBatch = Number(await seq.send("zkevm_batchNumberByBlockNumber", [hexNum(last!.blockNumber)]));
    await until("the sequencer to close the batch", async () => (await seq.send("zkevm_getBatchByNumber", [hexNum(lastBatch), false]))?.closed);
    await until("the follower to close it too", async () => (await rpc.send("zkevm_getBatchByNumber", [hexNum(lastBatch), false]))?.closed);

    const same = async (method: string, params: unknown[]) => expect(await rpc.send(method, params), `${method} ${JSON.stringify(params)}`).toEqual(await seq.send(method, params));
    for (let b = 0; b <= last!.blockNumber; b++) await same("eth_getBlockByNumber", [hexNum(b), true]);
    for (const h of hashes) {
      await same("eth_getTransactionReceipt", [h]);
      await same("eth_getTransactionByHash", [h]);
    }
    const tag = hexNum(last!.blockNumber);
    for (const who of [alice.address, bob, devnet.accounts[0]!.address]) {
      await same("eth_getBalance", [who, tag]);
      await same("eth_getTransactionCount", [who, tag]);
    }
    await same("eth_getLogs", [{ fromBlock: "0x0", toBlock: tag }]);
    expect((await rpc.send("eth_getLogs", [{ fromBlock: "0x0", toBlock: tag }])).length).toBe(1);
    // Once L1 has sequenced them, both nodes' L1 synchronizers agree too (virtual, accInputHash, L1 tx).
    for (const p of [rpc, seq]) await until("the batches to be virtual", async () => Number(await p.send("zkevm_virtualBatchNumber", [])) >= lastBatch);
    for (let n = 0; n <= lastBatch; n++) {
      const [ours, theirs] = await Promise.all([rpc.send("zkevm_getBatchByNumber", [hexNum(n), true]), seq.send("zkevm_getBatchByNumber", [hexNum(n), true])]);
      expect(ours.stateRoot, `batch ${n}`).toBe(theirs.stateRoot);
      // A batch's own timestamp is when the sequencer opened it: neither batchL2Data nor L1 carries it, so a batch the
      // follower executed from L1 (L1 sequenced it before the trusted sync got to it) has another one.
      expect({ ...ours, timestamp: undefined }, `batch ${n}`).toEqual({ ...theirs, timestamp: undefined });
    }
    expect(await follower.node.trustedSync!.status()).toMatchObject({ halted: null });
  });

  it("stops with a clear error when executing the trusted batch here gives another state", async () => {
    const { db, dispose } = await openTestPglite();
    try {
      const file = readGenesisFile(genesisFile(devDir));
      await ensureGenesis(db, file, file.root);
      // Our copy is corrupt: block 0 names another state (a real tree, so block 1 executes on it).
      const world = buildWorldState(db, 1001n, 8);
      const other = await buildGenesis(world.smt, world.programs, [{ address: devnet.accounts[0]!.address, balance: 1n }]);
      await world.flush();
      await db.query("UPDATE state.l2_block SET state_root = $1 WHERE block_num = 0", [hexToBytes(h4ToHex(other))]);
      const state = new StateRepository(db);
      const sync = new TrustedSync({ state, executor: world.executor, flushState: world.flush, trustedRpc: new TrustedRpc(devnet.rpcUrl), log });
      await sync.syncOnce();
      const status = await sync.status();
      expect(status.halted).toMatch(/^trusted batch 1 block 1: executed here to hash 0x[0-9a-f]{64} and state root 0x[0-9a-f]{64}; the trusted node reported 0x[0-9a-f]{64} and 0x[0-9a-f]{64}$/);
      expect(await state.latestBlockNumber()).toBe(0);
      // Stopped: a later round changes nothing.
      await sync.syncOnce();
      expect(await state.latestBlockNumber()).toBe(0);
    } finally {
      await dispose();
    }
  });

  it("discards a trusted batch the trusted node changed (trusted-state reorg) and syncs the new one", async () => {
    // The sequencer stops while its open batch has blocks; the follower takes them all.
    let lost: L2Block | undefined;
    while (!lost) {
      await until("an open batch with two blocks at the sequencer", async () => {
        const b = await seq.send("zkevm_getBatchByNumber", ["pending", false]);
        return !b.closed && b.blocks.length >= 2;
      });
      await devnet.node.sequencer.stop();
      const last = (await devnet.node.state.getBlockByNumber((await devnet.node.state.latestBlockNumber())!))!;
      if ((await devnet.node.state.getBatch(last.batchNum))?.status === "wip") lost = last;
      else await devnet.node.sequencer.start();
    }
    await until("the follower's copy of the open batch", async () => (await follower.node.state.getBlockByNumber(lost.number))?.hash === lost.hash);
    // The sequencer goes down and comes back without the open batch's last block: it builds another block there.
    await devnet.stop();
    const db = await openDb({ dataDir: devDir, dbUrl: "" });
    await db.query("DELETE FROM state.l2_block WHERE block_num >= $1", [lost.number]);
    await db.close();
    devnet = await startDevnet(devConfig, log);
    const replaced = await until("the sequencer's new block at that height", async () => (await devnet.node.state.getBlockByNumber(lost.number)) ?? undefined);
    expect(replaced.hash).not.toBe(lost.hash);
    await until("the follower to take the new block", async () => (await follower.node.state.getBlockByNumber(lost.number))?.hash === replaced.hash);
    const n = await seq.getBlockNumber();
    await until("the follower to catch up", async () => (await rpc.getBlockNumber()) >= n);
    expect(await rpc.send("eth_getBlockByNumber", [hexNum(n), true])).toEqual(await seq.send("eth_getBlockByNumber", [hexNum(n), true]));
    expect(await follower.node.trustedSync!.status()).toMatchObject({ halted: null });
  });

  it("continues from the L1 state when L1 sequenced a batch other than the trusted one it synced", async () => {
    // The sequencer closes a batch the follower syncs as trusted, but that batch never reaches L1 ...
    await devnet.node.sequenceSender.stop();
    const k = Number((await seq.send("zkevm_getBatchByNumber", ["pending", false])).number);
    await until("the sequencer to close the batch", async () => (await devnet.node.state.getBatch(k))?.status === "closed");
    await until("the follower's trusted copy", async () => (await follower.node.state.getBatch(k))?.status === "closed");
    const trusted = (await follower.node.state.getBatch(k))!;
    await follower.node.trustedSync!.stop();
    // ... the sequencer comes back without it, and L1 gets another batch k.
    await devnet.stop();
    const db = await openDb({ dataDir: devDir, dbUrl: "" });
    await db.query("DELETE FROM state.batch WHERE batch_num >= $1", [k]);
    await db.close();
    devnet = await startDevnet(devConfig, log);
    await until("L1 to sequence the new batch", async () => (await devnet.node.state.getBatch(k))?.status === "virtual");
    const onL1 = (await devnet.node.state.getBatch(k))!;
    expect(onL1.stateRoot).not.toBe(trusted.stateRoot);
    // The follower's L1 synchronizer replaced its trusted batch with L1's (a trusted-state reorg) ...
    await until("the follower to take L1's batch", async () => (await follower.node.state.getBatch(k))?.status === "virtual");
    expect((await follower.node.state.getBatch(k))!.stateRoot).toBe(onL1.stateRoot);
    const [reorg] = await follower.db.query<{ batch_num: number }>("SELECT batch_num FROM state.trusted_reorg ORDER BY id DESC LIMIT 1");
    expect(reorg?.batch_num).toBe(k);
    // ... and the trusted sync goes on from there.
    await follower.node.trustedSync!.start();
    const n = await seq.getBlockNumber();
    await until("the follower to catch up", async () => (await rpc.getBlockNumber()) >= n);
    expect(await rpc.send("eth_getBlockByNumber", [hexNum(n), true])).toEqual(await seq.send("eth_getBlockByNumber", [hexNum(n), true]));
    expect(await follower.node.trustedSync!.status()).toMatchObject({ halted: null });
  });
});
