import { Wallet } from "ethers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestPglite, type TestDb } from "../db/testDb.js";
import { Logger, type LogRecord } from "../log/logger.js";
import { storeGenesis } from "../node/genesis.js";
import { buildWorldState } from "../node/sequencerNode.js";
import { TxPool } from "../pool/txPool.js";
import type { Hex } from "../state/hex.js";
import { StateRepository } from "../state/stateRepository.js";
import type { SequencerOptions } from "./options.js";
import { Sequencer } from "./sequencer.js";
import { until } from "../testing/until.js";

const CHAIN = { chainId: 1001, forkId: 8 };
const senders = [0, 1].map(() => new Wallet(Wallet.createRandom().privateKey));
const to = Wallet.createRandom().address;


describe("Sequencer", () => {
  let t: TestDb;
  let state: StateRepository;
  let pool: TxPool;
  let sequencer: Sequencer;
  let makeSequencer: (options: Partial<SequencerOptions>) => Sequencer;
  const logs: LogRecord[] = [];

  beforeEach(async () => {
    t = await openTestPglite();
    await storeGenesis(t.db, CHAIN, senders.map((w) => ({ address: w.address, balance: 10n ** 20n })));
    const world = buildWorldState(t.db, BigInt(CHAIN.chainId), CHAIN.forkId);
    state = new StateRepository(t.db);
    pool = new TxPool({ db: t.db, state: world.reader, latestStateRoot: () => state.latestStateRoot(), chainId: BigInt(CHAIN.chainId) });
    const log = new Logger({ level: "error", format: "json", write: () => undefined });
    log.subscribe((r) => logs.push(r));
    makeSequencer = (options) =>
      new Sequencer({
        state, pool, executor: world.executor, smt: world.smt, stateReader: world.reader, flushState: world.flush,
        coinbase: senders[0]!.address as Hex, forkId: CHAIN.forkId, log, options,
      });
    sequencer = makeSequencer({ blockTimeMs: 100, batchTimeMs: 300, pollMs: 10 });
    await sequencer.start();
  });
  afterEach(async () => {
    await sequencer.stop();
    await t.dispose();
  });

  const send = async (w: Wallet, nonce: number) =>
    pool.addTx(await w.signTransaction({ type: 0, to, value: 1n, gasLimit: 21000, gasPrice: 1_000_000_000n, nonce, chainId: CHAIN.chainId }));

  async function chainIsConsistent(): Promise<void> {
    const head = (await state.latestBlockNumber())!;
    for (let n = 1; n <= head; n++) {
      const [b, parent] = [await state.getBlockByNumber(n), await state.getBlockByNumber(n - 1)];
      expect(b?.parentHash).toBe(parent?.hash);
    }
  }

  it("executes pool txs into blocks and closes batches on time, removing included txs from the pool", async () => {
    const hashes = [await send(senders[0]!, 0), await send(senders[1]!, 0), await send(senders[0]!, 1)];
    await until("all receipts", async () => (await Promise.all(hashes.map((h) => state.getReceipt(h)))).every(Boolean));
    for (const h of hashes) expect(await pool.getTx(h)).toBeNull();
    const r = (await state.getReceipt(hashes[2]!))!;
    const batchNum = (await state.batchNumberByBlock(r.blockNumber))!;
    await until("the batch to close", async () => (await state.getBatch(batchNum))?.status === "closed");
    const batch = (await state.getBatch(batchNum))!;
    expect(batch.batchL2Data?.startsWith("0x0b")).toBe(true);
    await chainIsConsistent();
  });

  it("with closeEmptyBatches off, a batch of empty blocks outlives its time until blocks fill it; one with a tx closes on time", async () => {
    await sequencer.stop();
    sequencer = makeSequencer({ blockTimeMs: 40, batchTimeMs: 150, pollMs: 5, closeEmptyBatches: false, maxBatchBytes: 400 });
    await sequencer.start();
    // 44 empty blocks of 9 bytes fill 400 bytes: far more than the 4 that fit in its 150 ms.
    const first = 1;
    await until("the idle batch to close", async () => (await state.getBatch(first))?.status === "closed", 30_000);
    const idle = (await state.getBatch(first))!;
    expect(idle.closingReason).toBe("bytes");
    const blocks = await state.getBatchBlocks(first);
    expect(blocks.length).toBe(44);
    expect(blocks.every((b) => b.txHashes.length === 0)).toBe(true);

    const hash = await send(senders[0]!, 0);
    await until("the tx", async () => (await state.getReceipt(hash)) !== null);
    const withTx = (await state.batchNumberByBlock((await state.getReceipt(hash))!.blockNumber))!;
    await until("the tx's batch to close", async () => (await state.getBatch(withTx))?.status === "closed");
    expect((await state.getBatch(withTx))!.closingReason).toBe("time");
    await chainIsConsistent();
  });

  it("a tx that empty blocks left no room for goes into the next batch instead of being refused", async () => {
    await sequencer.stop();
    // The devnet's circuit size: 135 bytes hold a transfer and a few block markers, not a transfer and 4 of them.
    sequencer = makeSequencer({ blockTimeMs: 20, batchTimeMs: 10_000, pollMs: 5, closeEmptyBatches: false, maxBatchBytes: 135 });
    await sequencer.start();
    await until("4 empty blocks in the open batch", async () => {
      const n = await state.lastBatchNumber();
      return n !== null && (await state.getBatch(n))?.status === "wip" && (await state.getBatchBlocks(n)).length >= 4;
    });
    const hash = await send(senders[1]!, 0);
    await until("the tx in a block", async () => (await state.getReceipt(hash)) !== null, 10_000);
    expect(await pool.getTx(hash)).toBeNull();
    await chainIsConsistent();
  });

  it("recovers when a step fails after its block was stored, and resumes from what was stored", async () => {
    const first = await send(senders[0]!, 0);
    await until("the first tx", async () => (await state.getReceipt(first)) !== null);
    // Removing included txs from the pool fails: the block is already stored when the step breaks.
    await t.db.exec(`
      CREATE FUNCTION pool.refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$;
      CREATE TRIGGER refuse_delete BEFORE DELETE ON pool.transaction FOR EACH ROW EXECUTE FUNCTION pool.refuse_delete();`);
    const second = await send(senders[0]!, 1);
    await until("a failed step", async () => logs.some((l) => l.level === "error"));
    await t.db.exec("DROP TRIGGER refuse_delete ON pool.transaction");
    expect(await state.getReceipt(second)).not.toBeNull();
    const third = await send(senders[0]!, 2);
    await until("a tx after recovery", async () => (await state.getReceipt(third)) !== null);
    await chainIsConsistent();
    const blocks = await Promise.all([first, second, third].map(async (h) => (await state.getReceipt(h))!.blockNumber));
    expect(new Set(blocks).size).toBe(3);
  });
});
