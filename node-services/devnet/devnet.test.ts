/**
 * The devnet end to end, as a wallet developer sees it: an ethers v6 client sends transfers, deploys and calls a
 * contract, reads receipts and logs, subscribes over WebSocket; the txs end up in batches sequenced on L1 whose
 * accInputHash the contract stored equals ours.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Contract, ContractFactory, JsonRpcProvider, Wallet, WebSocketProvider, parseEther, type Log } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config/load.js";
import { createTestPostgresDatabase } from "../db/testDb.js";
import { promZkEvmAbi } from "../etherman/abi.js";
import { freePort } from "../l1/anvil.js";
import { compileContract } from "../testing/solidity.js";
import { testLogger } from "../testing/testLogger.js";
import { startDevnet, type Devnet } from "./devnet.js";
import { until } from "../testing/until.js";

const COUNTER = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;
contract Counter {
  event Inc(address indexed by, uint256 value);
  uint256 public n;
  function inc() external { n += 1; emit Inc(msg.sender, n); }
  function fail() external pure { revert("nope"); }
}`;


const storage = [
  { name: "PGlite", dbArgs: async () => ({ args: [] as string[], drop: async () => undefined }) },
  {
    name: "PostgreSQL",
    dbArgs: async () => {
      const created = await createTestPostgresDatabase();
      return { args: ["--db-url", created.url], drop: created.drop };
    },
  },
];

describe.each(storage)("devnet on $name with an ethers v6 client", ({ dbArgs }) => {
  let dir: string;
  let devnet: Devnet;
  let provider: JsonRpcProvider;
  let dropDb: () => Promise<void>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "prom-devnet-"));
    const db = await dbArgs();
    dropDb = db.drop;
    const { config } = loadConfig({
      argv: [...db.args, "--data-dir", dir, "--rpc-port", "0", "--l1-port", String(await freePort()), "--l1-block-time", "0",
        "--sequencer-block-time-ms", "200", "--sequencer-batch-time-ms", "600", "--sequence-sender-interval-ms", "300"],
      env: {},
    });
    devnet = await startDevnet(config, testLogger("warn"));
    provider = new JsonRpcProvider(devnet.rpcUrl, undefined, { staticNetwork: true, pollingInterval: 100 });
  });
  afterAll(async () => {
    provider?.destroy();
    await devnet?.stop();
    await dropDb?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs transfers, a deployment, calls, receipts, logs and a WS subscription, and sequences them on L1", async () => {
    expect(Number((await provider.getNetwork()).chainId)).toBe(1001);
    const alice = new Wallet(devnet.accounts[2]!.privateKey, provider);
    const bob = Wallet.createRandom().address;

    // Transfers.
    const sent = [];
    for (let i = 0; i < 3; i++) sent.push(await alice.sendTransaction({ to: bob, value: parseEther("1"), gasPrice: 1_000_000_000n, nonce: i }));
    const receipts = await Promise.all(sent.map((t) => t.wait()));
    expect(receipts.every((r) => r?.status === 1)).toBe(true);
    expect(await provider.getBalance(bob)).toBe(parseEther("3"));

    // Deployment and calls.
    const { abi, bytecode } = compileContract(COUNTER, "Counter");
    const counter = (await new ContractFactory(abi as never, bytecode, alice).deploy({ gasPrice: 1_000_000_000n })) as unknown as Contract;
    await counter.waitForDeployment();
    const address = await counter.getAddress();
    expect((await provider.getCode(address)).length).toBeGreaterThan(2);

    const ws = new WebSocketProvider(devnet.wsUrl);
    const seen: Log[] = [];
    const filter = { address, topics: [counter.interface.getEvent("Inc")!.topicHash] };
    await ws.on(filter, (log: Log) => seen.push(log));

    const incTx = await counter.getFunction("inc")({ gasPrice: 1_000_000_000n });
    const incReceipt = await incTx.wait();
    expect(incReceipt?.logs).toHaveLength(1);
    expect(await counter.getFunction("n")()).toBe(1n);
    await expect(counter.getFunction("fail").staticCall()).rejects.toThrow(/nope/);

    const logs = await provider.getLogs({ ...filter, fromBlock: 0 });
    expect(logs).toHaveLength(1);
    expect(counter.interface.parseLog(logs[0]!)?.args.value).toBe(1n);
    await until("the WebSocket log", async () => seen.length === 1);
    expect(seen[0]!.transactionHash).toBe(incTx.hash);
    await ws.destroy();

    // The block commits to its txs and receipts like an Ethereum header, and links to its parent.
    const blockNum = incReceipt!.blockNumber;
    const block = await provider.send("eth_getBlockByNumber", [`0x${blockNum.toString(16)}`, false]);
    const parent = await provider.send("eth_getBlockByNumber", [`0x${(blockNum - 1).toString(16)}`, false]);
    expect(block.transactions).toContain(incTx.hash);
    expect(block.parentHash).toBe(parent.hash);
    for (const root of [block.transactionsRoot, block.receiptsRoot]) {
      expect(root).toMatch(/^0x[0-9a-f]{64}$/);
      expect(root).not.toBe(`0x${"00".repeat(32)}`);
      expect(root).not.toBe("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"); // the empty trie
    }

    // Sequenced on L1: the batch holding the last tx becomes virtual and the accInputHash L1 stored is ours.
    const batchNum = Number(await provider.send("zkevm_batchNumberByBlockNumber", [`0x${blockNum.toString(16)}`]));
    await until("the batch to become virtual", async () => Number(await provider.send("zkevm_virtualBatchNumber", [])) >= batchNum);
    expect(await provider.send("zkevm_isBlockVirtualized", [`0x${blockNum.toString(16)}`])).toBe(true);
    const lastVirtual = Number(await provider.send("zkevm_virtualBatchNumber", []));
    const batch = await provider.send("zkevm_getBatchByNumber", [`0x${lastVirtual.toString(16)}`, false]);
    const l1 = new JsonRpcProvider(devnet.l1Url, undefined, { staticNetwork: true });
    const rollup = new Contract(devnet.info.rollup, promZkEvmAbi, l1);
    const onChain = await rollup.getFunction("sequencedBatches")(lastVirtual);
    l1.destroy();
    expect(onChain.accInputHash).not.toBe(`0x${"00".repeat(32)}`);
    expect(batch.accInputHash).toBe(onChain.accInputHash);
    expect(batch.sendSequencesTxHash).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it("keeps closing L2 blocks on time without traffic, so clients waiting for new blocks progress", async () => {
    const n = await provider.getBlockNumber();
    await until("an empty L2 block", async () => (await provider.getBlockNumber()) > n + 1);
    const empty = await provider.getBlock(n + 1);
    expect(empty?.transactions).toEqual([]);
  });
});
