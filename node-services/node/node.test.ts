/**
 * RPC nodes scale out on one PostgreSQL database: one instance syncs it (L1 synchronizer + trusted-state sync), others
 * run `--read-only` (JSON-RPC alone, heads read from the database). Both answer like each other and like the devnet's
 * sequencer node; a read-only instance refuses a database nobody has synced yet.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonRpcProvider, Wallet, parseEther } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config/load.js";
import { createTestPostgresDatabase } from "../db/testDb.js";
import { genesisFile, startDevnet, type Devnet } from "../devnet/devnet.js";
import { freePort } from "../l1/anvil.js";
import { testLogger } from "../testing/testLogger.js";
import { startRunNode, type RunningNode } from "./runNode.js";
import { until } from "../testing/until.js";

const log = testLogger("warn");


const hexNum = (n: number) => `0x${n.toString(16)}`;

describe("two RPC instances on one PostgreSQL database", () => {
  const dirs: string[] = [];
  let devnet: Devnet;
  let devDir: string;
  let pg: { url: string; drop(): Promise<void> };
  const running: RunningNode[] = [];
  const providers: JsonRpcProvider[] = [];
  let runArgs: (dir: string, ...extra: string[]) => string[];

  beforeAll(async () => {
    devDir = mkdtempSync(join(tmpdir(), "prom-devnet-"));
    dirs.push(devDir);
    const { config } = loadConfig({
      argv: ["--data-dir", devDir, "--rpc-port", "0", "--l1-port", String(await freePort()), "--l1-block-time", "0",
        "--sequencer-block-time-ms", "300", "--sequencer-batch-time-ms", "900", "--sequence-sender-interval-ms", "300"],
      env: {},
    });
    devnet = await startDevnet(config, log);
    pg = await createTestPostgresDatabase();
    runArgs = (dir, ...extra) => ["--role", "rpc", "--data-dir", dir, "--db-url", pg.url, "--rpc-port", "0", "--l1-url", devnet.l1Url,
      "--rollup-address", devnet.info.rollup, "--deploy-block", String(devnet.info.deployBlock), "--trusted-rpc", devnet.rpcUrl,
      "--trusted-sync-interval-ms", "100", "--sync-interval-ms", "200", ...extra];
  });
  afterAll(async () => {
    for (const p of providers) p.destroy();
    for (const r of running.reverse()) await r.stop();
    await devnet?.stop();
    await pg?.drop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const start = async (...extra: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), "prom-rpc-"));
    dirs.push(dir);
    const r = await startRunNode(loadConfig({ argv: runArgs(dir, ...extra), env: {} }).config, log);
    running.push(r);
    const p = new JsonRpcProvider(r.node.rpcUrl!, undefined, { staticNetwork: true });
    providers.push(p);
    return { r, p };
  };

  it("a read-only instance refuses a database nobody has synced yet", async () => {
    await expect(start("--read-only")).rejects.toThrow(/the database holds no genesis yet: start the instance that syncs it/);
  });

  it("the syncing and the read-only instance answer identically, and like the sequencer's node", async () => {
    const writer = await start("--genesis", genesisFile(devDir));
    const reader = await start("--read-only");
    expect(writer.r.node.services).toEqual(["synchronizer", "trusted-sync", "jsonrpc"]);
    expect(reader.r.node.services).toEqual(["jsonrpc"]);

    const seq = new JsonRpcProvider(devnet.rpcUrl, undefined, { staticNetwork: true });
    providers.push(seq);
    const alice = new Wallet(devnet.accounts[3]!.privateKey, seq);
    const bob = Wallet.createRandom().address;
    const txs = [];
    for (let i = 0; i < 3; i++) txs.push(await alice.sendTransaction({ to: bob, value: parseEther("1"), gasPrice: 1_000_000_000n, nonce: i, type: 0 }));
    const last = (await txs.at(-1)!.wait())!;
    const tag = hexNum(last.blockNumber);
    const lastBatch = Number(await seq.send("zkevm_batchNumberByBlockNumber", [tag]));
    // The batch is closed, sequenced on L1, and the syncing instance has seen both.
    for (const p of [writer.p, seq]) await until("the batch to be virtual", async () => Number(await p.send("zkevm_virtualBatchNumber", [])) >= lastBatch);
    await until("the read-only instance to serve the block", async () => (await reader.p.getBlockNumber()) >= last.blockNumber);

    const calls: [string, unknown[]][] = [
      ["eth_getBalance", [bob, tag]],
      ["eth_getBalance", [alice.address, tag]],
      ["eth_getTransactionCount", [alice.address, tag]],
      ["eth_getBlockByNumber", [tag, true]],
      ["eth_getBlockByNumber", ["0x1", false]],
      ["zkevm_batchNumberByBlockNumber", [tag]],
      ["zkevm_getBatchByNumber", [hexNum(lastBatch), true]],
      ["eth_getLogs", [{ fromBlock: "0x0", toBlock: tag }]],
      ...txs.flatMap((t): [string, unknown[]][] => [
        ["eth_getTransactionReceipt", [t.hash]],
        ["eth_getTransactionByHash", [t.hash]],
      ]),
    ];
    for (const [method, params] of calls) {
      const [w, r, s] = await Promise.all([writer.p.send(method, params), reader.p.send(method, params), seq.send(method, params)]);
      expect(r, `${method} read-only vs syncing`).toEqual(w);
      expect(w, `${method} syncing vs sequencer`).toEqual(s);
    }
    expect(await reader.p.getBalance(bob, last.blockNumber)).toBe(parseEther("3"));
    // Every batch has the same state root on both instances and at the sequencer.
    for (let n = 0; n <= lastBatch; n++) {
      const roots = await Promise.all([writer.p, reader.p, seq].map(async (p) => (await p.send("zkevm_getBatchByNumber", [hexNum(n), false])).stateRoot));
      expect(new Set(roots).size, `batch ${n}: ${roots.join(" ")}`).toBe(1);
    }
  });
});
