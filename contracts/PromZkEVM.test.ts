import { BaseContract, ContractFactory, hexlify, randomBytes, ZeroAddress, ZeroHash, type ContractTransactionResponse, type Signer } from "ethers";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppendOnlyMerkleTree, globalExitRoot, l1InfoLeafHash } from "../node-services/etherman/l1InfoTree.js";
import { accInputHash, forcedBatchHash, inputSnark, snarkInputBytes } from "../node-services/etherman/rollupHashes.js";
import { loadArtifact } from "../node-services/l1/artifacts.js";
import { CHAIN_ID, FORK_ID, GENESIS_ROOT, revertName, startTestChain, type TestChain } from "./testChain.js";

const EMPTY_TREE_ROOT = "0x27ae5ba08d7291c96c8cbddcc148bf48a6d68c7974b94356f53754ef6171d757";
const ZERO_PROOF = Array<bigint>(8).fill(0n);

interface Batch {
  transactions: string;
  forcedGlobalExitRoot: string;
  forcedTimestamp: bigint;
  forcedBlockHashL1: string;
}
const batch = (transactions: string): Batch => ({ transactions, forcedGlobalExitRoot: ZeroHash, forcedTimestamp: 0n, forcedBlockHashL1: ZeroHash });
const randomBatch = (len = 64) => batch(hexlify(randomBytes(len)));
const as = <C extends BaseContract>(c: C, s: Signer) => c.connect(s) as C;
const mined = async (p: Promise<ContractTransactionResponse>) => (await (await p).wait())!;
const root = (n: number) => "0x" + n.toString(16).padStart(64, "0");

let t: TestChain;
let sequencerAddr: string;
let aggregatorAddr: string;

beforeAll(async () => {
  t = await startTestChain("TestVerifier");
  sequencerAddr = await t.sequencer.getAddress();
  aggregatorAddr = await t.aggregator.getAddress();
});
afterAll(async () => t?.stop());
beforeEach(async () => t.reset());

/** Sequences `batches` as the trusted sequencer and returns the TS accInputHash chain and the receipt. */
async function sequence(batches: Batch[], coinbase = sequencerAddr) {
  const prevAcc = (await t.rollup.lastAccInputHash()) as string;
  const last = (await t.rollup.lastBatchSequenced()) as bigint;
  const maxTs = (await t.latestTimestamp()) + 10n;
  const l1InfoRoot = (await t.ger.getRoot()) as string;
  const receipt = await mined(as(t.rollup, t.sequencer).sequenceBatches(batches, maxTs, last, coinbase));
  let acc = prevAcc;
  for (const b of batches) {
    acc =
      b.forcedTimestamp > 0n
        ? accInputHash({ oldAccInputHash: acc, transactions: b.transactions, l1InfoRoot: b.forcedGlobalExitRoot, timestampLimit: b.forcedTimestamp, sequencer: coinbase, forcedBlockHashL1: b.forcedBlockHashL1 })
        : accInputHash({ oldAccInputHash: acc, transactions: b.transactions, l1InfoRoot, timestampLimit: maxTs, sequencer: coinbase });
  }
  return { receipt, acc, l1InfoRoot, newLast: last + BigInt(batches.length), maxTs };
}

/** Verifies initNum..finalNum through the TestVerifier, announcing the inputSnark computed in TS. */
async function verify(initNum: bigint, finalNum: bigint, newStateRoot: string, newLocalExitRoot: string) {
  const oldStateRoot = (await t.rollup.batchNumToStateRoot(initNum)) as string;
  const [oldAcc] = (await t.rollup.sequencedBatches(initNum)) as [string];
  const [newAcc] = (await t.rollup.sequencedBatches(finalNum)) as [string];
  const bytes = snarkInputBytes({
    aggregator: aggregatorAddr, oldStateRoot, oldAccInputHash: oldAcc, initNumBatch: initNum, chainId: CHAIN_ID, forkId: FORK_ID,
    newStateRoot, newAccInputHash: newAcc, newLocalExitRoot, finalNewBatch: finalNum,
  });
  await mined(as(t.verifier, t.other).expectInput(inputSnark(bytes)));
  return mined(as(t.rollup, t.aggregator).verifyBatchesTrustedAggregator(0, initNum, finalNum, newLocalExitRoot, newStateRoot, ZeroAddress, ZERO_PROOF));
}

describe("PromZkEVM deployment", () => {
  it("starts at batch 0 with the genesis root, forkID 8, an empty L1 info tree and nothing sequenced", async () => {
    expect(await t.rollup.batchNumToStateRoot(0)).toBe(GENESIS_ROOT);
    expect(await t.rollup.forkID()).toBe(FORK_ID);
    expect(await t.rollup.chainID()).toBe(CHAIN_ID);
    expect(await t.rollup.lastBatchSequenced()).toBe(0n);
    expect(await t.rollup.lastVerifiedBatch()).toBe(0n);
    expect(await t.rollup.trustedSequencer()).toBe(sequencerAddr);
    expect(await t.rollup.forceBatchAddress()).toBe(await t.admin.getAddress());
    expect(await t.ger.getRoot()).toBe(EMPTY_TREE_ROOT);
    const logs = await t.rollup.queryFilter(t.rollup.filters.UpdateZkEVMVersion!(), t.deployment.deployBlock);
    expect(logs.map((l) => ("args" in l ? [...l.args] : []))).toEqual([[0n, FORK_ID, "test-v1"]]);
  });
});

describe("sequenceBatches", () => {
  it("stores the Etrog accInputHash of a multi-batch sequence under its last batch only", async () => {
    const first = await sequence([randomBatch(), randomBatch(0), randomBatch(300)]);
    const second = await sequence([randomBatch(), randomBatch()], "0x000000000000000000000000000000000000c0de");
    expect(first.newLast).toBe(3n);
    expect(second.newLast).toBe(5n);
    const s3 = await t.rollup.sequencedBatches(3);
    const s5 = await t.rollup.sequencedBatches(5);
    expect(s3.accInputHash).toBe(first.acc);
    expect(s5.accInputHash).toBe(second.acc);
    expect(s5.previousLastBatchSequenced).toBe(3n);
    expect((await t.rollup.sequencedBatches(4)).accInputHash).toBe(ZeroHash);
    expect(await t.rollup.lastAccInputHash()).toBe(second.acc);
    const event = t.rollup.interface.parseLog(first.receipt.logs[0]!)!;
    expect(event.name).toBe("SequenceBatches");
    expect([...event.args]).toEqual([3n, EMPTY_TREE_ROOT]);
  });

  it("rejects every malformed sequence with its Polygon error", async () => {
    const ts = await t.latestTimestamp();
    const seq = as(t.rollup, t.sequencer);
    expect(await revertName(as(t.rollup, t.other).sequenceBatches([randomBatch()], ts, 0, sequencerAddr))).toBe("OnlyTrustedSequencer");
    expect(await revertName(seq.sequenceBatches([], ts, 0, sequencerAddr))).toBe("SequenceZeroBatches");
    expect(await revertName(seq.sequenceBatches(Array(1001).fill(batch("0x")), ts, 0, sequencerAddr))).toBe("ExceedMaxVerifyBatches");
    expect(await revertName(seq.sequenceBatches([randomBatch()], ts + 100n, 0, sequencerAddr))).toBe("MaxTimestampSequenceInvalid");
    expect(await revertName(seq.sequenceBatches([randomBatch()], ts, 7, sequencerAddr))).toBe("InitSequencedBatchDoesNotMatch");
    expect(await revertName(seq.sequenceBatches([randomBatch(120001)], ts, 0, sequencerAddr))).toBe("TransactionsLengthAboveMax");
    const fakeForced = { ...randomBatch(), forcedTimestamp: ts };
    expect(await revertName(seq.sequenceBatches([fakeForced], ts, 0, sequencerAddr))).toBe("ForcedDataDoesNotMatch");
    await mined(as(t.rollup, t.admin).activateEmergencyState(0));
    expect(await revertName(seq.sequenceBatches([randomBatch()], ts, 0, sequencerAddr))).toBe("OnlyNotEmergencyState");
  });

  it("accepts maxSequenceTimestamp up to exactly TIMESTAMP_RANGE (36 s) past the including block", async () => {
    expect(await t.rollup.TIMESTAMP_RANGE()).toBe(36n);
    const seq = as(t.rollup, t.sequencer);
    // Fixed block times and gas, so the check runs in the mined block and not in an estimate's pending block.
    const at = (await t.latestTimestamp()) + 100n;
    await t.provider.send("evm_setNextBlockTimestamp", [Number(at)]);
    await mined(seq.sequenceBatches([randomBatch()], at + 36n, 0, sequencerAddr, { gasLimit: 500_000 }));
    expect(await t.rollup.lastBatchSequenced()).toBe(1n);
    await t.provider.send("evm_setNextBlockTimestamp", [Number(at + 10n)]);
    await expect(mined(seq.sequenceBatches([randomBatch()], at + 47n, 1, sequencerAddr, { gasLimit: 500_000 }))).rejects.toThrow(/reverted/);
    expect(await t.rollup.lastBatchSequenced()).toBe(1n);
  });
});

describe("verifyBatchesTrustedAggregator", () => {
  it("getInputSnarkBytes equals the 212 bytes of spec §2.3 computed in TypeScript", async () => {
    const s = await sequence([randomBatch(), randomBatch()]);
    const newStateRoot = root(0xabc);
    const newLer = root(0x1e1);
    const fromContract = (await t.rollup.getInputSnarkBytes.staticCall(0, 2, newLer, GENESIS_ROOT, newStateRoot, { from: aggregatorAddr })) as string;
    const expected = snarkInputBytes({
      aggregator: aggregatorAddr, oldStateRoot: GENESIS_ROOT, oldAccInputHash: ZeroHash, initNumBatch: 0, chainId: CHAIN_ID, forkId: FORK_ID,
      newStateRoot, newAccInputHash: s.acc, newLocalExitRoot: newLer, finalNewBatch: 2,
    });
    expect((expected.length - 2) / 2).toBe(212);
    expect(fromContract).toBe(expected);
  });

  it("consolidates at once, updates the exit roots and emits VerifyBatchesTrustedAggregator", async () => {
    await sequence([randomBatch(), randomBatch()]);
    const newStateRoot = root(0x5157);
    const newLer = root(0x1e1);
    const receipt = await verify(0n, 2n, newStateRoot, newLer);
    expect(await t.rollup.lastVerifiedBatch()).toBe(2n);
    expect(await t.rollup.batchNumToStateRoot(2)).toBe(newStateRoot);
    expect(await t.ger.lastRollupExitRoot()).toBe(newLer);
    expect(await t.ger.getLastGlobalExitRoot()).toBe(globalExitRoot(ZeroHash, newLer));
    const names = receipt.logs.map((l) => (t.rollup.interface.parseLog(l) ?? t.ger.interface.parseLog(l))?.name);
    expect(names).toEqual(["UpdateL1InfoTree", "VerifyBatchesTrustedAggregator"]);
    const ev = t.rollup.interface.parseLog(receipt.logs[1]!)!;
    expect([...ev.args]).toEqual([2n, newStateRoot, aggregatorAddr]);
  });

  it("the L1 info tree root equals a TypeScript tree built from the leaves (GER, parent block hash, timestamp)", async () => {
    const tree = new AppendOnlyMerkleTree();
    let last = 0n;
    for (let i = 1; i <= 3; i++) {
      await sequence([randomBatch()]);
      const ler = root(0x1000 + i);
      const receipt = await verify(last, last + 1n, root(i), ler);
      last += 1n;
      const block = (await t.provider.getBlock(receipt.blockNumber))!;
      const ger = globalExitRoot(ZeroHash, ler);
      expect(BigInt(await t.ger.globalExitRootMap(ger))).toBe(BigInt(block.parentHash));
      tree.add(l1InfoLeafHash(ger, block.parentHash, block.timestamp));
      expect(await t.ger.getRoot()).toBe(tree.root());
    }
    expect(await t.ger.depositCount()).toBe(3n);
    // The next sequence hashes this root.
    const s = await sequence([randomBatch()]);
    expect(s.l1InfoRoot).toBe(tree.root());
    expect((await t.rollup.sequencedBatches(4)).accInputHash).toBe(s.acc);
  });

  it("rejects bad verifications with the Polygon errors", async () => {
    await sequence([randomBatch(), randomBatch()]);
    await sequence([randomBatch()]);
    const agg = as(t.rollup, t.aggregator);
    const call = (pending: number, init: number, final: number, sr = root(1)) =>
      agg.verifyBatchesTrustedAggregator(pending, init, final, ZeroHash, sr, ZeroAddress, ZERO_PROOF);
    expect(await revertName(as(t.rollup, t.other).verifyBatchesTrustedAggregator(0, 0, 2, ZeroHash, root(1), ZeroAddress, ZERO_PROOF))).toBe("OnlyTrustedAggregator");
    expect(await revertName(call(1, 0, 2))).toBe("PendingStateDoesNotExist");
    expect(await revertName(call(0, 2, 3))).toBe("InitNumBatchAboveLastVerifiedBatch");
    expect(await revertName(call(0, 0, 1))).toBe("NewAccInputHashDoesNotExist");
    expect(await revertName(call(0, 0, 2, "0x" + "ff".repeat(32)))).toBe("NewStateRootNotInsidePrime");
    expect(await revertName(call(0, 0, 2))).toBe("InvalidProof"); // TestVerifier expects input 0
    await verify(0n, 2n, root(2), ZeroHash);
    expect(await revertName(call(0, 1, 3))).toBe("OldStateRootDoesNotExist");
    expect(await revertName(call(0, 0, 2))).toBe("FinalNumBatchBelowLastVerifiedBatch");
    const view = (init: number, final: number) => t.rollup.getInputSnarkBytes.staticCall(init, final, ZeroHash, ZeroHash, root(1));
    expect(await revertName(view(1, 3))).toBe("OldAccInputHashDoesNotExist");
    expect(await revertName(view(2, 4))).toBe("NewAccInputHashDoesNotExist");
  });

  it("with RejectAllVerifier every proof reverts InvalidProof", async () => {
    const r = await startTestChain("RejectAllVerifier");
    try {
      const seqAddr = await r.sequencer.getAddress();
      await mined(as(r.rollup, r.sequencer).sequenceBatches([randomBatch()], await r.latestTimestamp(), 0, seqAddr));
      const proof = Array.from({ length: 8 }, (_, i) => BigInt(i + 1));
      const tx = as(r.rollup, r.aggregator).verifyBatchesTrustedAggregator(0, 0, 1, ZeroHash, root(1), ZeroAddress, proof);
      expect(await revertName(tx)).toBe("InvalidProof");
      expect(await r.verifier.verifyProof([1, 2], [[3, 4], [5, 6]], [7, 8], [9])).toBe(false);
    } finally {
      await r.stop();
    }
  });
});

describe("forced batches", () => {
  it("forceBatch stores the Etrog forced hash; the event has no data from an EOA and the data from a contract", async () => {
    const txs = hexlify(randomBytes(100));
    const receipt = await mined(as(t.rollup, t.admin).forceBatch(txs, 0));
    const block = (await t.provider.getBlock(receipt.blockNumber))!;
    const lastGer = (await t.ger.getLastGlobalExitRoot()) as string;
    expect(await t.rollup.forcedBatches(1)).toBe(forcedBatchHash(txs, lastGer, block.timestamp, block.parentHash));
    const ev = t.rollup.interface.parseLog(receipt.logs[0]!)!;
    expect([...ev.args]).toEqual([1n, lastGer, await t.admin.getAddress(), "0x"]);

    expect(await revertName(as(t.rollup, t.other).forceBatch(txs, 0))).toBe("ForceBatchNotAllowed");
    await mined(as(t.rollup, t.admin).setForceBatchAddress(ZeroAddress));
    expect(await revertName(as(t.rollup, t.admin).setForceBatchAddress(ZeroAddress))).toBe("ForceBatchesDecentralized");
    expect(await revertName(as(t.rollup, t.other).forceBatch(hexlify(randomBytes(5001)), 0))).toBe("TransactionsLengthAboveMax");

    const a = loadArtifact("ForceBatchCaller");
    const caller = await new ContractFactory(a.abi as never, a.bytecode, t.other).deploy();
    await caller.waitForDeployment();
    const r2 = await mined(caller.getFunction("callForceBatch")(t.deployment.rollup, txs));
    const ev2 = t.rollup.interface.parseLog(r2.logs[0]!)!;
    expect([...ev2.args]).toEqual([2n, lastGer, await caller.getAddress(), txs]);
  });

  it("the trusted sequencer sequences a forced batch with its forced fields in the accInputHash", async () => {
    const txs = hexlify(randomBytes(40));
    const r = await mined(as(t.rollup, t.admin).forceBatch(txs, 0));
    const block = (await t.provider.getBlock(r.blockNumber))!;
    const forced: Batch = { transactions: txs, forcedGlobalExitRoot: await t.ger.getLastGlobalExitRoot(), forcedTimestamp: BigInt(block.timestamp), forcedBlockHashL1: block.parentHash };
    const s = await sequence([randomBatch(), forced, randomBatch()]);
    expect((await t.rollup.sequencedBatches(3)).accInputHash).toBe(s.acc);
    expect(await t.rollup.lastForceBatchSequenced()).toBe(1n);
    expect(await t.rollup.forcedBatches(1)).toBe(ZeroHash);
  });

  it("sequenceForceBatches waits for forceBatchTimeout, hashes msg.sender and emits SequenceForceBatches", async () => {
    const forcer = as(t.rollup, t.admin);
    const forcedList: Batch[] = [];
    for (let i = 0; i < 2; i++) {
      const txs = hexlify(randomBytes(30 + i));
      const r = await mined(forcer.forceBatch(txs, 0));
      const block = (await t.provider.getBlock(r.blockNumber))!;
      forcedList.push({ transactions: txs, forcedGlobalExitRoot: await t.ger.getLastGlobalExitRoot(), forcedTimestamp: BigInt(block.timestamp), forcedBlockHashL1: block.parentHash });
    }
    expect(await revertName(forcer.sequenceForceBatches([]))).toBe("SequenceZeroBatches");
    expect(await revertName(forcer.sequenceForceBatches(Array(1001).fill(batch("0x"))))).toBe("ExceedMaxVerifyBatches");
    expect(await revertName(forcer.sequenceForceBatches([...forcedList, forcedList[0]!]))).toBe("ForceBatchesOverflow");
    expect(await revertName(forcer.sequenceForceBatches([forcedList[1]!]))).toBe("ForcedDataDoesNotMatch");
    expect(await revertName(forcer.sequenceForceBatches(forcedList))).toBe("ForceBatchTimeoutNotExpired");
    expect(await revertName(as(t.rollup, t.other).sequenceForceBatches(forcedList))).toBe("ForceBatchNotAllowed");

    await t.increaseTime(5 * 24 * 3600);
    const receipt = await mined(forcer.sequenceForceBatches(forcedList));
    const adminAddr = await t.admin.getAddress();
    let acc = ZeroHash;
    for (const b of forcedList) {
      acc = accInputHash({ oldAccInputHash: acc, transactions: b.transactions, l1InfoRoot: b.forcedGlobalExitRoot, timestampLimit: b.forcedTimestamp, sequencer: adminAddr, forcedBlockHashL1: b.forcedBlockHashL1 });
    }
    expect((await t.rollup.sequencedBatches(2)).accInputHash).toBe(acc);
    const ev = t.rollup.interface.parseLog(receipt.logs[0]!)!;
    expect(ev.name).toBe("SequenceForceBatches");
    expect(ev.args[0]).toBe(2n);
    expect(await t.rollup.lastForceBatchSequenced()).toBe(2n);
  });

  it("force batch timeout: at most one week; only decreasing once forcing is open to everyone", async () => {
    const admin = as(t.rollup, t.admin);
    expect(await revertName(admin.setForceBatchTimeout(7 * 24 * 3600 + 1))).toBe("InvalidRangeForceBatchTimeout");
    await mined(admin.setForceBatchTimeout(6 * 24 * 3600));
    await mined(admin.setForceBatchAddress(ZeroAddress));
    expect(await revertName(admin.setForceBatchTimeout(6 * 24 * 3600))).toBe("InvalidRangeForceBatchTimeout");
    await mined(admin.setForceBatchTimeout(3600));
    expect(await t.rollup.forceBatchTimeout()).toBe(3600n);
  });
});

describe("emergency state", () => {
  it("anyone may halt only after a sequenced batch waited a week unverified; forcing then waits a week after the halt ends", async () => {
    const other = as(t.rollup, t.other);
    expect(await revertName(other.activateEmergencyState(1))).toBe("BatchNotSequencedOrNotSequenceEnd");
    await sequence([randomBatch(), randomBatch()]);
    expect(await revertName(other.activateEmergencyState(1))).toBe("BatchNotSequencedOrNotSequenceEnd");
    expect(await revertName(other.activateEmergencyState(2))).toBe("HaltTimeoutNotExpired");
    await verify(0n, 2n, root(9), ZeroHash);
    expect(await revertName(other.activateEmergencyState(2))).toBe("BatchAlreadyVerified");
    await sequence([randomBatch()]);
    await t.increaseTime(7 * 24 * 3600 + 1);
    expect(await revertName(as(t.rollup, t.admin).deactivateEmergencyState())).toBe("OnlyEmergencyState");
    await mined(other.activateEmergencyState(3));
    expect(await t.rollup.isEmergencyState()).toBe(true);
    expect(await revertName(as(t.rollup, t.admin).forceBatch("0x01", 0))).toBe("ForceBatchesNotAllowedOnEmergencyState");
    expect(await revertName(other.deactivateEmergencyState())).toBe("OnlyAdmin");
    await mined(as(t.rollup, t.admin).deactivateEmergencyState());
    await mined(as(t.rollup, t.admin).forceBatch("0x01", 0));
    expect(await revertName(as(t.rollup, t.admin).sequenceForceBatches([batch("0x01")]))).toBe("HaltTimeoutNotExpiredAfterEmergencyState");
  });
});

describe("admin", () => {
  it("two-step admin transfer and the setters are admin-only", async () => {
    const other = as(t.rollup, t.other);
    const otherAddr = await t.other.getAddress();
    expect(await revertName(other.setTrustedSequencer(otherAddr))).toBe("OnlyAdmin");
    await mined(as(t.rollup, t.admin).transferAdminRole(otherAddr));
    expect(await revertName(as(t.rollup, t.sequencer).acceptAdminRole())).toBe("OnlyPendingAdmin");
    await mined(other.acceptAdminRole());
    expect(await t.rollup.admin()).toBe(otherAddr);
    await mined(other.setTrustedSequencer(otherAddr));
    await mined(other.setTrustedSequencerURL("http://sequencer.example:8545"));
    await mined(other.setTrustedAggregator(otherAddr));
    expect(await t.rollup.trustedSequencer()).toBe(otherAddr);
    expect(await t.rollup.trustedSequencerURL()).toBe("http://sequencer.example:8545");
    expect(await t.rollup.trustedAggregator()).toBe(otherAddr);
  });

  it("only the rollup may update the exit root", async () => {
    expect(await revertName(as(t.ger, t.other).updateExitRoot(root(1)))).toBe("OnlyAllowedContracts");
  });
});
