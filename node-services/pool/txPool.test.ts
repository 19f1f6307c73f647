import { Signature, Transaction, Wallet, keccak256, toUtf8Bytes } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/db.js";
import { testBackends, type TestDb } from "../db/testDb.js";
import type { Hex } from "../state/hex.js";
import { MemoryStateReader } from "../state/memoryStateReader.js";
import { StateRepository } from "../state/stateRepository.js";
import { blockHeader, signLegacy, TEST_CHAIN_ID, ZERO32 } from "../state/testFixtures.js";
import type { PoolOptions } from "./options.js";
import { TxPool } from "./txPool.js";

const ETH = 10n ** 18n;
let walletSeq = 0;
/** A fresh funded sender per test so rules do not interact. */
function freshWallet(): Wallet {
  return new Wallet(keccak256(toUtf8Bytes(`pool test ${walletSeq++}`)));
}

describe.each(testBackends)("TxPool on $name", ({ open }) => {
  let t: TestDb;
  let repo: StateRepository;
  let state: MemoryStateReader;
  let root: Hex;
  const poolWith = (options: Partial<PoolOptions> = {}, db: Db = t.db) =>
    new TxPool({ db, state, latestStateRoot: () => repo.latestStateRoot(), chainId: TEST_CHAIN_ID, options });
  const funded = (balance = ETH, nonce = 0n) => {
    const w = freshWallet();
    state.setAccount(root, w.address as Hex, { balance, nonce });
    return w;
  };

  beforeAll(async () => {
    t = await open();
    repo = new StateRepository(t.db);
    state = new MemoryStateReader();
    await repo.openBatch({ batchNum: 0, coinbase: "0x000000000000000000000000000000000000c0de", timestamp: 1 });
    const genesis = blockHeader(0, ZERO32, 0);
    await repo.addL2Block(genesis, []);
    root = genesis.stateRoot;
  });
  afterAll(() => t.dispose());

  it("accepts a valid legacy EIP-155 tx, returns its hash and serves it back as pending", async () => {
    const pool = poolWith();
    const w = funded();
    const raw = await signLegacy(w, { nonce: 0 });
    const hash = await pool.addTx(raw, "127.0.0.1");
    expect(hash).toBe(Transaction.from(raw).hash);
    expect(await pool.getTx(hash)).toMatchObject({ status: "pending", nonce: 0, from: w.address.toLowerCase(), encoded: raw });
  });

  it("accepts a pre-EIP-155 tx (chain id 0)", async () => {
    const w = funded();
    await expect(poolWith().addTx(await signLegacy(w, { nonce: 0, chainId: 0n }))).resolves.toMatch(/^0x/);
  });

  it("rejects undecodable input with -32602 'invalid tx input'", async () => {
    for (const raw of ["0xzz", "0x1234", "0x", "hello"]) {
      await expect(poolWith().addTx(raw)).rejects.toMatchObject({ message: "invalid tx input", rpcCode: -32602 });
    }
  });

  it("rejects an unparseable X-Forwarded-For IP with 'invalid IP address'", async () => {
    await expect(poolWith().addTx(await signLegacy(funded(), { nonce: 0 }), "999.1.1")).rejects.toThrow("invalid IP address");
  });

  it("rejects a signature that recovers no sender with 'invalid sender'", async () => {
    const tx = Transaction.from(await signLegacy(funded(), { nonce: 0 }));
    const bad = tx.clone();
    bad.signature = Signature.from({ r: `0x${"ff".repeat(32)}`, s: tx.signature!.s, v: tx.signature!.v });
    await expect(poolWith().addTx(bad.serialized)).rejects.toMatchObject({ message: "invalid sender", rpcCode: -32000 });
  });

  it("rejects another chain's id with 'invalid chain id', before any later rule", async () => {
    const broke = freshWallet(); // no balance and a bad nonce too: the chain id is checked first
    await expect(poolWith().addTx(await signLegacy(broke, { nonce: 9, chainId: 5n }))).rejects.toThrow("invalid chain id");
  });

  it("rejects typed (EIP-1559 and EIP-2930) txs with 'transaction type not supported'", async () => {
    const w = funded();
    const base = { chainId: TEST_CHAIN_ID, nonce: 0, to: w.address, gasLimit: 21_000n };
    const eip1559 = await w.signTransaction({ ...base, type: 2, maxFeePerGas: 10n ** 9n, maxPriorityFeePerGas: 1n });
    const eip2930 = await w.signTransaction({ ...base, type: 1, gasPrice: 10n ** 9n });
    await expect(poolWith().addTx(eip1559)).rejects.toThrow("transaction type not supported");
    await expect(poolWith().addTx(eip2930)).rejects.toThrow("transaction type not supported");
  });

  it("rejects a signed tx over maxTxBytesSize with 'oversized data'", async () => {
    const raw = await signLegacy(funded(), { nonce: 0, gasLimit: 100_000n, data: `0x${"11".repeat(300)}` });
    await expect(poolWith({ maxTxBytesSize: 200 }).addTx(raw)).rejects.toThrow("oversized data");
  });

  it("rejects a blocked sender with 'blocked sender' until it is unblocked", async () => {
    const pool = poolWith();
    const w = funded();
    await pool.blockSender(w.address as Hex);
    const raw = await signLegacy(w, { nonce: 0 });
    await expect(pool.addTx(raw)).rejects.toThrow("blocked sender");
    await pool.unblockSender(w.address as Hex);
    await expect(pool.addTx(raw)).resolves.toMatch(/^0x/);
  });

  it("rejects a nonce below the account nonce with 'nonce too low'", async () => {
    const w = funded(ETH, 5n);
    await expect(poolWith().addTx(await signLegacy(w, { nonce: 4 }))).rejects.toThrow("nonce too low");
  });

  it("rejects a nonce at or past account nonce + accountQueue with 'nonce too high'", async () => {
    const pool = poolWith({ accountQueue: 4 });
    const w = funded(ETH, 5n);
    await expect(pool.addTx(await signLegacy(w, { nonce: 9 }))).rejects.toThrow("nonce too high");
    await expect(pool.addTx(await signLegacy(w, { nonce: 8 }))).resolves.toMatch(/^0x/);
  });

  it("rejects any tx once globalQueue txs are pending with 'txpool is full'", async () => {
    await poolWith().addTx(await signLegacy(funded(), { nonce: 0 }));
    await expect(poolWith({ globalQueue: 1 }).addTx(await signLegacy(funded(), { nonce: 0 }))).rejects.toThrow("txpool is full");
  });

  it("rejects a gas price under the minimum with 'gas price too low' and follows a raised minimum", async () => {
    const pool = poolWith({ minGasPrice: 2n });
    await expect(pool.addTx(await signLegacy(funded(), { nonce: 0, gasPrice: 1n }))).rejects.toThrow("gas price too low");
    pool.minGasPrice = 10n ** 10n;
    await expect(pool.addTx(await signLegacy(funded(), { nonce: 0 }))).rejects.toThrow("gas price too low");
  });

  it("rejects value + gas * price above the balance with 'insufficient funds for gas * price + value'", async () => {
    const w = funded(21_000n * 10n ** 9n + 99n);
    await expect(poolWith().addTx(await signLegacy(w, { nonce: 0, value: 100n }))).rejects.toThrow(
      "insufficient funds for gas * price + value",
    );
    await expect(poolWith().addTx(await signLegacy(w, { nonce: 0, value: 99n }))).resolves.toMatch(/^0x/);
  });

  it("rejects gas below 21000 + calldata cost (53000 for a deployment) with 'intrinsic gas too low'", async () => {
    const pool = poolWith();
    await expect(pool.addTx(await signLegacy(funded(), { nonce: 0, gasLimit: 21_015n, data: "0x01" }))).rejects.toThrow(
      "intrinsic gas too low",
    );
    await expect(pool.addTx(await signLegacy(funded(), { nonce: 0, to: null, gasLimit: 52_999n }))).rejects.toThrow(
      "intrinsic gas too low",
    );
    await expect(pool.addTx(await signLegacy(funded(), { nonce: 0, gasLimit: 21_020n, data: "0x0100" }))).resolves.toMatch(/^0x/);
  });

  it("rejects the same tx twice with 'already known'", async () => {
    const pool = poolWith();
    const raw = await signLegacy(funded(), { nonce: 0 });
    await pool.addTx(raw);
    await expect(pool.addTx(raw)).rejects.toThrow("already known");
  });

  it("replaces a pending tx only for priceBumpPercent more gas price, else 'replacement transaction underpriced'", async () => {
    const pool = poolWith({ priceBumpPercent: 10 });
    const w = funded();
    const first = await pool.addTx(await signLegacy(w, { nonce: 0, gasPrice: 100n * 10n ** 9n }));
    await expect(pool.addTx(await signLegacy(w, { nonce: 0, gasPrice: 109n * 10n ** 9n }))).rejects.toThrow(
      "replacement transaction underpriced",
    );
    const second = await pool.addTx(await signLegacy(w, { nonce: 0, gasPrice: 110n * 10n ** 9n }));
    expect(await pool.getTx(first)).toMatchObject({ status: "failed", failedReason: "replaced transaction" });
    expect(await pool.getTx(second)).toMatchObject({ status: "pending" });
  });

  it("rejects data over maxTxDataBytesSize with the sizes in the message", async () => {
    const raw = await signLegacy(funded(), { nonce: 0, gasLimit: 100_000n, data: `0x${"11".repeat(11)}` });
    await expect(poolWith({ maxTxDataBytesSize: 10 }).addTx(raw)).rejects.toThrow(
      "data size bigger than allowed, current size is 11 bytes and max allowed is 10 bytes",
    );
  });

  it("rejects a gas limit above the block gas limit with 'exceeds block gas limit'", async () => {
    const raw = await signLegacy(funded(), { nonce: 0, gasLimit: 200_000n });
    await expect(poolWith({ blockGasLimit: 100_000n }).addTx(raw)).rejects.toThrow("exceeds block gas limit");
  });

  it("selects executable txs by gas price across senders and by nonce within a sender, skipping nonce gaps", async () => {
    await t.db.query("DELETE FROM pool.transaction");
    const pool = poolWith();
    const a = funded(ETH, 3n);
    const b = funded();
    const gwei = 10n ** 9n;
    const a3 = await pool.addTx(await signLegacy(a, { nonce: 3, gasPrice: 2n * gwei }));
    const a4 = await pool.addTx(await signLegacy(a, { nonce: 4, gasPrice: 9n * gwei }));
    const a6 = await pool.addTx(await signLegacy(a, { nonce: 6, gasPrice: 50n * gwei })); // gap at 5: not executable
    const b0 = await pool.addTx(await signLegacy(b, { nonce: 0, gasPrice: 5n * gwei }));
    const b1 = await pool.addTx(await signLegacy(b, { nonce: 1, gasPrice: 1n * gwei }));
    expect((await pool.getSelectable(10)).map((x) => x.hash)).toEqual([b0, a3, a4, b1]);
    expect((await pool.getSelectable(2)).map((x) => x.hash)).toEqual([b0, a3]);
    expect(await pool.counts()).toEqual({ pending: 4, queued: 1 });
    expect(await pool.pendingNonce(a.address.toLowerCase() as Hex, 3)).toBe(5);

    // The sequencer's in-flight nonces override the stored state.
    expect((await pool.getSelectable(10, (addr) => (addr === b.address.toLowerCase() ? 1 : 3))).map((x) => x.hash)).toEqual([
      a3,
      a4,
      b1,
    ]);

    await pool.markSelected([b0, a3]);
    await pool.markFailed(a4, "out of counters", "invalid");
    expect(await pool.getTx(a4)).toMatchObject({ status: "invalid", failedReason: "out of counters" });
    await expect(pool.markFailed(keccak256("0x00") as Hex, "x")).rejects.toMatchObject({ code: "TX_NOT_FOUND" });
    await pool.delete([a6]);
    expect(await pool.getTx(a6)).toBeNull();
    expect(await pool.getTx(b0)).toMatchObject({ status: "selected" });
  });

  /** What the sequencer and JSON-RPC read from a pool; two pools over the same table must agree on it. */
  const view = async (pool: TxPool, senders: readonly Wallet[]) => ({
    selectable: (await pool.getSelectable(1000)).map((x) => x.hash),
    counts: await pool.counts(),
    pendingNonces: await Promise.all(senders.map((w) => pool.pendingNonce(w.address as Hex, 0))),
  });

  it("keeps its in-memory view equal to a pool loaded afresh from the table across replacement, failure, selection, deletion and re-admission", async () => {
    await t.db.query("DELETE FROM pool.transaction");
    const live = poolWith();
    const a = funded();
    const b = funded();
    const gwei = 10n ** 9n;
    const expectSameAsFresh = async (step: string) => {
      expect(await view(live, [a, b]), step).toEqual(await view(poolWith(), [a, b]));
    };
    const a0 = await live.addTx(await signLegacy(a, { nonce: 0, gasPrice: 10n * gwei }));
    await live.addTx(await signLegacy(a, { nonce: 1, gasPrice: 11n * gwei }));
    const a2raw = await signLegacy(a, { nonce: 2, gasPrice: 12n * gwei });
    const a2 = await live.addTx(a2raw);
    const b0 = await live.addTx(await signLegacy(b, { nonce: 0, gasPrice: 20n * gwei }));
    await expectSameAsFresh("admitted");
    expect((await live.getSelectable(10)).length).toBe(4);

    await live.addTx(await signLegacy(a, { nonce: 1, gasPrice: 13n * gwei }));
    await expectSameAsFresh("replaced");
    await live.markFailed(a2, "nonce too low at execution");
    await expectSameAsFresh("failed");
    await live.markSelected([b0]);
    await expectSameAsFresh("selected");
    expect(await live.counts()).toEqual({ pending: 2, queued: 0 });
    await live.delete([a0]);
    await expectSameAsFresh("deleted");
    await expect(live.addTx(a2raw)).resolves.toBe(a2);
    await expectSameAsFresh("failed tx admitted again");
    await live.markPending([b0]);
    await expectSameAsFresh("selected tx back to pending");
    expect(await live.pendingNonce(b.address as Hex, 0)).toBe(1);
    expect(await live.getTx(a2)).toMatchObject({ status: "pending", failedReason: null });
  });

  it("admits one of two concurrent txs with the same sender, nonce and price; the other is 'replacement transaction underpriced'", async () => {
    const pool = poolWith();
    const w = funded();
    const results = await Promise.allSettled([
      pool.addTx(await signLegacy(w, { nonce: 0, value: 1n })),
      pool.addTx(await signLegacy(w, { nonce: 0, value: 2n })),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.reason).toMatchObject({ message: "replacement transaction underpriced" });
    expect(await poolWith().pendingNonce(w.address as Hex, 0)).toBe(1);
  });

  /** The test database with its pool inserts counted, and failing while `failInserts` is set. */
  const countingDb = () => {
    const seen = { inserts: 0, failInserts: false };
    const db = new Proxy(t.db, {
      get(target, prop, receiver) {
        if (prop !== "query") return Reflect.get(target, prop, receiver) as unknown;
        return async (sql: string, params?: readonly unknown[]) => {
          if (sql.includes("INSERT INTO pool.transaction")) {
            seen.inserts++;
            if (seen.failInserts) throw new Error("connection lost");
          }
          return target.query(sql, params);
        };
      },
    });
    return { db, seen };
  };

  it("stores a burst of concurrent submissions in a few group writes, judging each in arrival order", async () => {
    await t.db.query("DELETE FROM pool.transaction");
    const { db, seen } = countingDb();
    const pool = poolWith({}, db);
    const senders = Array.from({ length: 8 }, () => funded());
    const gwei = 10n ** 9n;
    const raws = await Promise.all(senders.flatMap((w) => [0, 1, 2].map((nonce) => signLegacy(w, { nonce, gasPrice: 10n * gwei }))));
    const duplicate = raws[0]!;
    const cheapRival = await signLegacy(senders[1]!, { nonce: 0, gasPrice: 10n * gwei, value: 5n });
    const replacement = await signLegacy(senders[2]!, { nonce: 0, gasPrice: 20n * gwei });
    const results = await Promise.allSettled([...raws, duplicate, cheapRival, replacement].map((r) => pool.addTx(r)));
    const reasons = results.map((r) => (r.status === "rejected" ? (r.reason as Error).message : "ok"));
    // Arrival order is the order decoding finished, so which of two rivals came first is not fixed; the outcomes are.
    const [dup, rival, repl] = reasons.slice(raws.length);
    expect([reasons[0], dup].sort()).toEqual(["already known", "ok"]);
    expect([reasons[3], rival].sort()).toEqual(["ok", "replacement transaction underpriced"]);
    expect(repl).toBe("ok");
    expect(["ok", "replacement transaction underpriced"]).toContain(reasons[6]);
    expect(reasons.filter((r, i) => i < raws.length && ![0, 3, 6].includes(i) && r !== "ok")).toEqual([]);
    // The first arrival is written at once and the rest queue behind it (a replacement goes alone): with PGlite that
    // is two or three statements, with a server a few more as answers trickle in; either way far fewer than txs.
    expect(seen.inserts).toBeLessThanOrEqual(raws.length / 3);
    expect(await view(pool, senders)).toEqual(await view(poolWith(), senders));
    expect((await pool.getSelectable(100)).map((x) => x.hash)).toContain(Transaction.from(replacement).hash);
  });

  it("rejects every tx of a group whose write fails, keeps none of them, and takes them when they are sent again", async () => {
    await t.db.query("DELETE FROM pool.transaction");
    const { db, seen } = countingDb();
    const pool = poolWith({}, db);
    const senders = [funded(), funded(), funded()];
    const raws = await Promise.all(senders.map((w) => signLegacy(w, { nonce: 0 })));
    seen.failInserts = true;
    const failed = await Promise.allSettled(raws.map((r) => pool.addTx(r)));
    expect(failed.map((r) => r.status === "rejected" && (r.reason as Error).message)).toEqual(raws.map(() => "connection lost"));
    expect(await pool.counts()).toEqual({ pending: 0, queued: 0 });
    seen.failInserts = false;
    await expect(Promise.all(raws.map((r) => pool.addTx(r)))).resolves.toHaveLength(3);
    expect(await view(pool, senders)).toEqual(await view(poolWith(), senders));
  });

  it("after a restart, rules that look at other txs see what the previous pool stored: known txs, replacements, blocked senders", async () => {
    const before = poolWith();
    const w = funded();
    const blocked = funded();
    const raw = await signLegacy(w, { nonce: 0, gasPrice: 100n * 10n ** 9n });
    await before.addTx(raw);
    await before.blockSender(blocked.address as Hex);
    const after = poolWith();
    await expect(after.addTx(raw)).rejects.toThrow("already known");
    await expect(after.addTx(await signLegacy(w, { nonce: 0, gasPrice: 105n * 10n ** 9n }))).rejects.toThrow("replacement transaction underpriced");
    await expect(after.addTx(await signLegacy(blocked, { nonce: 0 }))).rejects.toThrow("blocked sender");
    await after.unblockSender(blocked.address as Hex);
    await expect(poolWith().addTx(await signLegacy(blocked, { nonce: 0 }))).resolves.toMatch(/^0x/);
  });
});
