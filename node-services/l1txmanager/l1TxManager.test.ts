import { HDNodeWallet, hexlify, randomBytes, Wallet, ZeroHash, type JsonRpcProvider } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureContractsBuilt } from "../../contracts/build.js";
import { fastProvider } from "../../contracts/testChain.js";
import { openTestPglite, testBackends, type TestDb } from "../db/testDb.js";
import { promZkEvmContract } from "../etherman/abi.js";
import { encodeSequenceBatches } from "../etherman/calldata.js";
import { startAnvil, type Anvil } from "../l1/anvil.js";
import { deployProm } from "../l1/deploy.js";
import { L1TxManager, type L1TxResult } from "./l1TxManager.js";
import type { L1TxManagerOptions } from "./options.js";
import { until } from "../testing/until.js";

const MNEMONIC = "test test test test test test test test test test test junk";
let anvil: Anvil;
let provider: JsonRpcProvider;
let nextAccount = 4;

/** A funded account of its own per test, so tests never share nonces. */
async function freshWallet(): Promise<Wallet> {
  const hd = HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${nextAccount++}`);
  await provider.send("anvil_setBalance", [hd.address, "0x3635c9adc5dea00000"]);
  return new Wallet(hd.privateKey, provider);
}

const fast: Partial<L1TxManagerOptions> = { pollIntervalMs: 50, resubmitAfterMs: 60_000, confirmations: 1 };


const automine = (on: boolean) => provider.send("evm_setAutomine", [on]);
const mine = (n = 1) => provider.send("anvil_mine", [n]);
const randomAddress = () => hexlify(randomBytes(20));

beforeAll(async () => {
  anvil = await startAnvil();
  provider = fastProvider(anvil.url);
});
afterAll(async () => {
  provider?.destroy();
  await anvil?.stop();
});

describe.each(testBackends)("L1TxManager on $name", ({ open }) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => t?.dispose());

  it("sends a tx, waits for the configured confirmations, then reports it confirmed", async () => {
    const m = new L1TxManager({ db: t.db, provider, signer: await freshWallet(), options: { ...fast, confirmations: 3 } });
    await m.start();
    const results: L1TxResult[] = [];
    m.onResult((r) => results.push(r));
    try {
      const to = randomAddress();
      await m.add({ id: "transfer-1", owner: "test", to, data: "0x", value: 12345n });
      const mined = await until("mined", async () => ((await m.status("transfer-1"))?.status === "mined" ? m.status("transfer-1") : null));
      expect(mined!.sentHashes).toHaveLength(1);
      expect(results).toEqual([]);
      await mine(2);
      const r = await m.waitFor("transfer-1");
      expect(r).toMatchObject({ id: "transfer-1", owner: "test", status: "confirmed", minedHash: mined!.sentHashes[0]!.hash, error: null });
      expect(results.map((x) => x.id)).toEqual(["transfer-1"]);
      expect(await provider.getBalance(to)).toBe(12345n);
      // Adding the same tx again is a no-op; the same id with other content is refused.
      await m.add({ id: "transfer-1", owner: "test", to, data: "0x", value: 12345n });
      await expect(m.add({ id: "transfer-1", owner: "test", to, data: "0x01" })).rejects.toMatchObject({ code: "DUPLICATE_ID" });
    } finally {
      await m.stop();
    }
  });
});

describe("L1TxManager", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestPglite();
  });
  afterAll(async () => t?.dispose());

  it("gives consecutive nonces to txs added back to back", async () => {
    const wallet = await freshWallet();
    const m = new L1TxManager({ db: t.db, provider, signer: wallet, options: fast });
    await m.start();
    try {
      const start = await provider.getTransactionCount(wallet.address);
      await Promise.all([1, 2, 3].map((i) => m.add({ id: `seq-${i}`, owner: "test", to: randomAddress(), data: "0x" })));
      const results = await Promise.all([1, 2, 3].map((i) => m.waitFor(`seq-${i}`)));
      expect(results.map((r) => r.status)).toEqual(["confirmed", "confirmed", "confirmed"]);
      const nonces = await Promise.all([1, 2, 3].map(async (i) => (await m.status(`seq-${i}`))!.nonce));
      expect([...nonces].sort()).toEqual([start, start + 1, start + 2]);
    } finally {
      await m.stop();
    }
  });

  it("bumps the fees of a tx that is not mined in time and resubmits it; the replacement is mined", async () => {
    const m = new L1TxManager({ db: t.db, provider, signer: await freshWallet(), options: { ...fast, resubmitAfterMs: 300, feeBumpPercent: 25 } });
    await automine(false);
    await m.start();
    try {
      await m.add({ id: "stuck-1", owner: "test", to: randomAddress(), data: "0x" });
      const rec = await until("two sent versions", async () => {
        const r = await m.status("stuck-1");
        return r && r.sentHashes.length >= 2 ? r : null;
      });
      const [first, second] = rec.sentHashes;
      expect(second!.hash).not.toBe(first!.hash);
      expect(BigInt(second!.maxFee)).toBeGreaterThanOrEqual((BigInt(first!.maxFee) * 125n) / 100n);
      expect(BigInt(second!.priorityFee!)).toBeGreaterThanOrEqual((BigInt(first!.priorityFee!) * 125n) / 100n);
      await automine(true);
      await mine();
      const r = await m.waitFor("stuck-1");
      expect(r.status).toBe("confirmed");
      const final = (await m.status("stuck-1"))!;
      expect(final.sentHashes.map((a) => a.hash)).toContain(r.minedHash);
      expect(r.minedHash).not.toBe(first!.hash);
    } finally {
      await automine(true);
      await m.stop();
    }
  });

  it("a restarted manager over the same database finishes the txs the previous one sent", async () => {
    const wallet = await freshWallet();
    await automine(false);
    const a = new L1TxManager({ db: t.db, provider, signer: wallet, options: fast });
    await a.start();
    try {
      await a.add({ id: "restart-1", owner: "seq", to: randomAddress(), data: "0x" });
      await a.add({ id: "restart-2", owner: "seq", to: randomAddress(), data: "0x" });
      await until("both sent", async () => (await a.list({ owner: "seq", statuses: ["sent"] })).length === 2);
    } finally {
      await a.stop();
    }
    const b = new L1TxManager({ db: t.db, provider, signer: wallet, options: fast });
    await b.start();
    try {
      await automine(true);
      await mine();
      const results = await Promise.all([b.waitFor("restart-1"), b.waitFor("restart-2")]);
      expect(results.map((r) => r.status)).toEqual(["confirmed", "confirmed"]);
      const recs = await b.list({ owner: "seq" });
      expect(recs.every((r) => r.sentHashes.length === 1)).toBe(true);
    } finally {
      await automine(true);
      await b.stop();
    }
  });

  it("when its nonce is used outside the manager, the tx is sent again with the next free nonce", async () => {
    const wallet = await freshWallet();
    const m = new L1TxManager({ db: t.db, provider, signer: wallet, options: { ...fast, resubmitAfterMs: 300 } });
    await automine(false);
    await m.start();
    try {
      await m.add({ id: "nonce-1", owner: "test", to: randomAddress(), data: "0x" });
      const sent = await until("sent", async () => {
        const r = await m.status("nonce-1");
        return r?.status === "sent" ? r : null;
      });
      // Another user of the key took the nonce: the pending tx can never be mined.
      await provider.send("anvil_dropTransaction", [sent.sentHashes[0]!.hash]);
      await provider.send("anvil_setNonce", [wallet.address, "0x" + (sent.nonce! + 1).toString(16)]);
      await automine(true);
      const r = await m.waitFor("nonce-1");
      expect(r.status).toBe("confirmed");
      expect((await m.status("nonce-1"))!.nonce).toBe(sent.nonce! + 1);
    } finally {
      await automine(true);
      await m.stop();
    }
  });

  it("a reverting tx fails with the contract's error name, at estimation or once mined", async () => {
    ensureContractsBuilt();
    const deployer = await provider.getSigner(0);
    const me = await deployer.getAddress();
    const d = await deployProm(deployer, { genesisRoot: "0x" + "33".repeat(32), trustedSequencer: me, trustedAggregator: me, chainId: 1001, forkId: 8 });
    const m = new L1TxManager({ db: t.db, provider, signer: await freshWallet(), options: fast });
    await m.start();
    try {
      const data = encodeSequenceBatches({
        batches: [{ transactions: "0x", forcedGlobalExitRoot: ZeroHash, forcedTimestamp: 0, forcedBlockHashL1: ZeroHash }],
        maxSequenceTimestamp: 0,
        initSequencedBatch: 0,
        l2Coinbase: me,
      });
      await m.add({ id: "revert-estimate", owner: "seq", to: d.rollup, data });
      const r1 = await m.waitFor("revert-estimate");
      expect(r1).toMatchObject({ status: "failed", revertName: "OnlyTrustedSequencer", minedHash: null });
      expect(r1.error).toMatch(/^ESTIMATE_REVERTED OnlyTrustedSequencer: /);
      expect((await m.status("revert-estimate"))!.sentHashes).toEqual([]);

      await m.add({ id: "revert-mined", owner: "seq", to: d.rollup, data, gasLimit: 300_000 });
      const r2 = await m.waitFor("revert-mined");
      expect(r2).toMatchObject({ status: "failed", revertName: "OnlyTrustedSequencer" });
      expect(r2.error).toMatch(/^REVERTED OnlyTrustedSequencer: L1 tx 0x[0-9a-f]{64} reverted in block \d+/);
      expect((await provider.getTransactionReceipt(r2.minedHash!))!.status).toBe(0);
    } finally {
      await m.stop();
    }
  });

  it("a tx that depends on an earlier one of the same sender is estimated only once that one is mined", async () => {
    ensureContractsBuilt();
    const wallet = await freshWallet();
    const d = await deployProm(await provider.getSigner(0), {
      genesisRoot: "0x" + "44".repeat(32), trustedSequencer: wallet.address, trustedAggregator: wallet.address, chainId: 1001, forkId: 8,
    });
    const m = new L1TxManager({ db: t.db, provider, signer: wallet, options: fast });
    await m.start();
    try {
      const ts = (await provider.getBlock("latest"))!.timestamp + 30;
      const batch = { transactions: "0x0b", forcedGlobalExitRoot: ZeroHash, forcedTimestamp: 0, forcedBlockHashL1: ZeroHash };
      const seq = (init: number) => encodeSequenceBatches({ batches: [batch], maxSequenceTimestamp: ts, initSequencedBatch: init, l2Coinbase: wallet.address });
      await m.add({ id: "dep-1", owner: "seq", to: d.rollup, data: seq(0) });
      await m.add({ id: "dep-2", owner: "seq", to: d.rollup, data: seq(1) });
      const results = await Promise.all([m.waitFor("dep-1"), m.waitFor("dep-2")]);
      expect(results.map((r) => r.status)).toEqual(["confirmed", "confirmed"]);
      expect(await promZkEvmContract(d.rollup, provider).lastBatchSequenced()).toBe(2n);
    } finally {
      await m.stop();
    }
  });

  it("a mined tx whose block is reorged away is watched and sent again until it is confirmed", async () => {
    const m = new L1TxManager({ db: t.db, provider, signer: await freshWallet(), options: { ...fast, confirmations: 3 } });
    const snapshot = (await provider.send("evm_snapshot", [])) as string;
    await m.start();
    try {
      await m.add({ id: "reorg-1", owner: "test", to: randomAddress(), data: "0x" });
      const mined = await until("mined", async () => {
        const r = await m.status("reorg-1");
        return r?.status === "mined" ? r : null;
      });
      await provider.send("evm_revert", [snapshot]);
      await until("re-mined after the reorg", async () => {
        const r = await m.status("reorg-1");
        return r?.status === "mined" && (await provider.getTransactionReceipt(r.minedHash!)) ? r : null;
      });
      await mine(2);
      const r = await m.waitFor("reorg-1");
      expect(r.status).toBe("confirmed");
      expect(r.minedHash).toBe(mined.minedHash);
    } finally {
      await m.stop();
    }
  });

  it("uses legacy gas prices when told to", async () => {
    const m = new L1TxManager({ db: t.db, provider, signer: await freshWallet(), options: { ...fast, feeMode: "legacy" } });
    await m.start();
    try {
      await m.add({ id: "legacy-1", owner: "test", to: randomAddress(), data: "0x" });
      const r = await m.waitFor("legacy-1");
      expect(r.status).toBe("confirmed");
      expect((await provider.getTransaction(r.minedHash!))!.type).toBe(0);
      expect((await m.status("legacy-1"))!.priorityFee).toBeNull();
    } finally {
      await m.stop();
    }
  });
});
