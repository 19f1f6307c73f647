import { JsonRpcProvider, WebSocketProvider, Wallet, zeroPadValue, type Log as EthersLog } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends, type TestDb } from "../db/testDb.js";
import { decodeBatchL2Data, ethTxHash } from "../executor/index.js";
import { buildGenesis } from "../executor/genesis.js";
import { Executor } from "../executor/executor.js";
import { DbProgramStore } from "../executor/programStore.js";
import * as mt from "../merkletree/index.js";
import { TxPool } from "../pool/txPool.js";
import type { Hex } from "../state/hex.js";
import { executorCallFn, smtStateReader } from "../state/stateReader.js";
import { StateRepository } from "../state/stateRepository.js";
import { blockHeader, h, signLegacy, storedTx, TEST_CHAIN_ID, testWallets, TRANSFER_TOPIC, writeSampleChain, type SampleChain } from "../state/testFixtures.js";
import { JsonRpcServer } from "./server.js";

const ETH = 10n ** 18n;
const READER: Hex = "0x00000000000000000000000000000000000000aa";
const REVERTER: Hex = "0x00000000000000000000000000000000000000bb";
// SLOAD(0) returned as one word; and a contract that always reverts with 4 bytes of data.
const READER_CODE = "60005460005260206000f3";
const REVERTER_CODE = "63deadbeef6000526004601cfd";

describe.each(testBackends)("JSON-RPC server with ethers v6 on $name", ({ open }) => {
  let t: TestDb;
  let repo: StateRepository;
  let server: JsonRpcServer;
  let provider: JsonRpcProvider;
  let url: string;
  let wsUrl: string;
  let chain: SampleChain;
  let sender: Wallet;
  let backend: ConstructorParameters<typeof JsonRpcServer>[0];

  beforeAll(async () => {
    t = await open();
    repo = new StateRepository(t.db);
    const store = new mt.DbNodeStore(t.db);
    const smt = new mt.Smt(store);
    const programs = new DbProgramStore(t.db);
    sender = testWallets(3)[2]!;
    const [w0, w1] = testWallets(2) as [Wallet, Wallet];
    const root = await buildGenesis(smt, programs, [
      { address: w0.address, balance: 100n * ETH },
      { address: w1.address, balance: 100n * ETH, nonce: 3n },
      { address: sender.address, balance: 5n * ETH },
      { address: READER, balance: 0n, code: Buffer.from(READER_CODE, "hex"), storage: new Map([[0n, 42n]]) },
      { address: REVERTER, balance: 0n, code: Buffer.from(REVERTER_CODE, "hex") },
    ]);
    await store.flush();
    const stateRoot = mt.h4ToHex(root) as Hex;
    chain = await writeSampleChain(repo, { blocks: 3, stateRoot });
    const executor = new Executor({ smt, programs, chainId: TEST_CHAIN_ID, forkId: 8 });
    const state = smtStateReader(smt, mt, t.db, executorCallFn(executor));
    const pool = new TxPool({ db: t.db, state, latestStateRoot: () => repo.latestStateRoot(), chainId: TEST_CHAIN_ID });
    backend = { repo, state, pool, chainId: TEST_CHAIN_ID };
    server = new JsonRpcServer(backend, { port: 0 });
    ({ url, wsUrl } = await server.start());
    provider = new JsonRpcProvider(url, undefined, { staticNetwork: true, batchMaxCount: 1, cacheTimeout: -1 });
  });
  afterAll(async () => {
    provider?.destroy();
    await server?.stop();
    await t?.dispose();
  });

  it("serves chain id, block number, balances, nonces, code and storage from the SMT", async () => {
    expect((await provider.getNetwork()).chainId).toBe(TEST_CHAIN_ID);
    expect(await provider.getBlockNumber()).toBe(3);
    expect(await provider.getBalance(chain.wallets[0]!.address)).toBe(100n * ETH);
    expect(await provider.getBalance(chain.wallets[1]!.address, 2)).toBe(100n * ETH);
    expect(await provider.getTransactionCount(chain.wallets[1]!.address)).toBe(3);
    expect(await provider.getCode(READER)).toBe(`0x${READER_CODE}`);
    expect(await provider.getCode(chain.wallets[0]!.address)).toBe("0x");
    expect(BigInt(await provider.getStorage(READER, 0))).toBe(42n);
    expect(await provider.send("net_version", [])).toBe("1001");
    expect(await provider.send("web3_sha3", ["0x68656c6c6f"])).toBe("0x1c8aff950685c2ed4bc3174f3472287b56d9517b9c948127319a09a7a36deac8");
  });

  it("runs eth_call on the executor, surfaces reverts with their data, and estimates gas", async () => {
    expect(BigInt(await provider.call({ to: READER, data: "0x" }))).toBe(42n);
    await expect(provider.call({ to: REVERTER })).rejects.toMatchObject({ code: "CALL_EXCEPTION", data: "0xdeadbeef" });
    expect(await provider.estimateGas({ from: sender.address, to: chain.wallets[0]!.address, value: 1n })).toBe(21_000n);
    const g = await provider.estimateGas({ from: sender.address, to: READER });
    expect(g).toBeGreaterThan(21_000n + 2_000n);
    expect(g).toBeLessThan(30_000n);
  });

  it("returns blocks, txs and receipts that ethers parses", async () => {
    const b = await provider.getBlock(2, true);
    expect(b?.number).toBe(2);
    expect(b?.hash).toBe(h("block 2"));
    expect(b?.parentHash).toBe(h("block 1"));
    expect(b?.transactions).toEqual(chain.txsByBlock.get(2));
    expect(b?.prefetchedTransactions[0]?.from).toBe(chain.wallets[0]!.address);
    expect((await provider.getBlock(h("block 2")))?.number).toBe(2);
    expect(await provider.getBlock(99)).toBeNull();

    const [hash1, hash2] = chain.txsByBlock.get(2)! as [Hex, Hex];
    const tx = await provider.getTransaction(hash1);
    expect(tx).toMatchObject({ blockNumber: 2, index: 0, nonce: 1, value: 2n, from: chain.wallets[0]!.address, chainId: TEST_CHAIN_ID });
    expect(tx?.signature.r).toMatch(/^0x[0-9a-f]{64}$/);
    const rc = await provider.getTransactionReceipt(hash2);
    expect(rc).toMatchObject({ blockNumber: 2, index: 1, status: 1, gasUsed: 30_000n, cumulativeGasUsed: 51_000n, from: chain.wallets[1]!.address });
    expect(rc?.logs[0]?.topics[0]).toBe(TRANSFER_TOPIC);
    expect(await provider.getTransactionReceipt(h("missing"))).toBeNull();
    expect(await provider.send("eth_getBlockTransactionCountByNumber", ["0x2"])).toBe("0x2");
    expect((await provider.send("eth_getTransactionByBlockNumberAndIndex", ["0x2", "0x1"])).hash).toBe(hash2);
    expect((await provider.send("eth_getTransactionByBlockHashAndIndex", [h("block 2"), "0x0"])).hash).toBe(hash1);
  });

  it("filters logs by range, address and topic, and refuses a range over the limit with -32602", async () => {
    const logs = await provider.getLogs({ fromBlock: 1, toBlock: "latest", address: chain.tokenAddress, topics: [TRANSFER_TOPIC] });
    expect(logs.map((l) => l.blockNumber)).toEqual([1, 2, 3]);
    const to0 = await provider.getLogs({ fromBlock: 0, toBlock: 3, topics: [null, null, zeroPadValue(chain.wallets[0]!.address, 32)] });
    expect(to0).toHaveLength(3);
    expect(await provider.getLogs({ blockHash: h("block 2") })).toHaveLength(1);
    await expect(provider.send("eth_getLogs", [{ fromBlock: "0x0", toBlock: "0x4e21" }])).rejects.toMatchObject({
      error: { code: -32602, message: "logs are limited to a 10000 block range" },
    });
  });

  it("accepts a wallet's transfer into the pool, serves it as pending and counts the pending nonce", async () => {
    const w = sender.connect(provider);
    const sent = await w.sendTransaction({ to: chain.wallets[0]!.address, value: 1234n });
    expect(sent.type).toBe(0);
    const pending = await provider.getTransaction(sent.hash);
    expect(pending).toMatchObject({ hash: sent.hash, blockNumber: null, value: 1234n, from: sender.address });
    expect(await provider.getTransactionCount(sender.address, "pending")).toBe(1);
    expect(await provider.getTransactionCount(sender.address, "latest")).toBe(0);
    expect(await provider.send("txpool_status", [])).toEqual({ pending: "0x1", queued: "0x0" });
    const content = await provider.send("txpool_content", []);
    expect(content.pending[sender.address.toLowerCase()]["0"].hash).toBe(sent.hash);
    await expect(provider.broadcastTransaction(await signLegacy(sender, { nonce: 0, value: 1234n, to: chain.wallets[0]!.address }))).rejects.toThrow(
      /replacement transaction underpriced|already known/,
    );
    await expect(provider.send("eth_sendRawTransaction", [await signLegacy(sender, { nonce: 0, chainId: 7n })])).rejects.toMatchObject({
      error: { code: -32000, message: "invalid chain id" },
    });
  });

  it("serves zkevm_ batch facts with the zkevm-node field names", async () => {
    expect(await provider.send("zkevm_batchNumber", [])).toBe("0x1");
    expect(await provider.send("zkevm_virtualBatchNumber", [])).toBe("0x0");
    expect(await provider.send("zkevm_batchNumberByBlockNumber", ["0x2"])).toBe("0x1");
    expect(await provider.send("zkevm_batchNumberByBlockNumber", ["0x63"])).toBeNull();
    expect(await provider.send("zkevm_isBlockVirtualized", ["0x2"])).toBe(false);
    const b = await provider.send("zkevm_getBatchByNumber", ["0x1", false]);
    expect(b).toMatchObject({ number: "0x1", closed: false, sendSequencesTxHash: null, verifyBatchTxHash: null });
    expect(b.blocks).toEqual([h("block 1"), h("block 2"), h("block 3")]);
    expect(b.transactions).toHaveLength(6);
    // An open batch serves the batchL2Data its blocks encode to so far (nodes following the trusted state execute it).
    const entries = decodeBatchL2Data(Buffer.from(b.batchL2Data.slice(2), "hex"), { forced: false });
    expect(entries.map((e) => e.kind)).toEqual(["changeL2Block", "tx", "tx", "changeL2Block", "tx", "tx", "changeL2Block", "tx", "tx"]);
    expect(entries.filter((e) => e.kind === "tx").map((e) => e.kind === "tx" && ethTxHash(e.tx))).toEqual(b.transactions);
    for (const k of ["coinbase", "stateRoot", "globalExitRoot", "localExitRoot", "accInputHash", "timestamp", "mainnetExitRoot", "rollupExitRoot"]) {
      expect(b).toHaveProperty(k);
    }
    const full = await provider.send("zkevm_getBatchByNumber", ["0x1", true]);
    expect(full.transactions[0].hash).toBe(chain.txsByBlock.get(1)![0]);
    expect((await provider.send("zkevm_getBatchByNumber", ["latest", false])).number).toBe("0x0");
    expect(await provider.send("zkevm_getBatchByNumber", ["0x9", false])).toBeNull();
  });

  it("polls block, log and pending-tx filters", async () => {
    const blockFilter = await provider.send("eth_newBlockFilter", []);
    const logFilter = await provider.send("eth_newFilter", [{ address: chain.tokenAddress }]);
    const pendingFilter = await provider.send("eth_newPendingTransactionFilter", []);
    expect(await provider.send("eth_getFilterChanges", [blockFilter])).toEqual([]);
    await addBlock(4);
    expect(await provider.send("eth_getFilterChanges", [blockFilter])).toEqual([h("block 4")]);
    expect(await provider.send("eth_getFilterChanges", [blockFilter])).toEqual([]);
    const changes = await provider.send("eth_getFilterChanges", [logFilter]);
    expect(changes.map((l: { blockNumber: string }) => l.blockNumber)).toEqual(["0x4"]);
    expect(await provider.send("eth_getFilterLogs", [logFilter])).toHaveLength(1);
    const raw = await signLegacy(sender, { nonce: 1, to: chain.wallets[0]!.address });
    const hash = await provider.send("eth_sendRawTransaction", [raw]);
    expect(await provider.send("eth_getFilterChanges", [pendingFilter])).toEqual([hash]);
    expect(await provider.send("eth_uninstallFilter", [blockFilter])).toBe(true);
    await expect(provider.send("eth_getFilterChanges", [blockFilter])).rejects.toMatchObject({ error: { message: "filter not found" } });
  });

  it("pushes newHeads and logs to WebSocket subscribers when a block is stored", async () => {
    const ws = new WebSocketProvider(wsUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
    try {
      expect(await ws.getBlockNumber()).toBe(await provider.getBlockNumber());
      const heads: number[] = [];
      const logs: EthersLog[] = [];
      const gotHead = new Promise<void>((resolve) => ws.on("block", (n: number) => (heads.push(n), resolve())));
      const gotLog = new Promise<void>((resolve) => ws.on({ address: chain.tokenAddress, topics: [TRANSFER_TOPIC] }, (l: EthersLog) => (logs.push(l), resolve())));
      // give the subscriptions time to be installed
      await waitFor(() => server.ctx && (server as unknown as { subs: { size: number } }).subs.size === 2);
      const next = (await repo.latestBlockNumber())! + 1;
      await addBlock(next);
      await Promise.all([gotHead, gotLog]);
      expect(heads).toContain(next);
      expect(logs[0]?.blockNumber).toBe(next);
      expect(logs[0]?.address.toLowerCase()).toBe(chain.tokenAddress);
    } finally {
      await ws.destroy();
    }
  });

  it("never answers `latest` older than a receipt it has served (a client's next nonce comes after its mined tx)", async () => {
    // A head kept for a minute and no notification: only the receipt's block can move `latest` on.
    const lagging = new JsonRpcServer(backend, { port: 0, headCacheMs: 60_000 });
    const { url: laggingUrl } = await lagging.start();
    const client = new JsonRpcProvider(laggingUrl, undefined, { staticNetwork: true, batchMaxCount: 1, cacheTimeout: -1 });
    try {
      const before = await client.getBlockNumber();
      const hash = await addBlock(before + 1, { notify: false });
      expect(await client.getBlockNumber()).toBe(before);
      expect((await client.getTransactionReceipt(hash))?.blockNumber).toBe(before + 1);
      expect(await client.getBlockNumber()).toBe(before + 1);
    } finally {
      client.destroy();
      await lagging.stop();
    }
  });

  /** Stores the next block (one token transfer with a log) the way the sequencer would, then notifies the server. */
  async function addBlock(n: number, { notify } = { notify: true }): Promise<Hex> {
    const [, b] = chain.wallets as [Wallet, Wallet];
    const prev = await repo.getBlockByNumber(n - 1);
    const tx = storedTx(await signLegacy(b, { nonce: 100 + n, to: chain.tokenAddress, gasLimit: 60_000n, data: "0xa9059cbb" }), {
      gasUsed: 30_000,
      cumulativeGasUsed: 30_000,
      logs: [{ address: chain.tokenAddress, topics: [TRANSFER_TOPIC], data: "0x" }],
    });
    await repo.addL2Block(blockHeader(n, prev!.hash, 1, { stateRoot: prev!.stateRoot }), [tx]);
    if (notify) await server.notifyNewBlock(n);
    return tx.hash;
  }
});

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}
