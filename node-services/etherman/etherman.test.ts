import { ContractFactory, hexlify, randomBytes, ZeroAddress, ZeroHash } from "ethers";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CHAIN_ID, FORK_ID, GENESIS_ROOT, startTestChain, type TestChain } from "../../contracts/testChain.js";
import { loadArtifact } from "../l1/artifacts.js";
import { encodeForceBatch, encodeSequenceBatches, encodeSequenceForceBatches, encodeVerifyBatchesTrustedAggregator, type BatchData } from "./calldata.js";
import { Etherman } from "./etherman.js";
import type { ForceBatchEvent, RollupEvent, SequenceBatchesEvent } from "./events.js";
import { AppendOnlyMerkleTree } from "./l1InfoTree.js";
import { decodeRevert } from "./revert.js";
import { accInputHash, inputSnark, snarkInputBytes } from "./rollupHashes.js";

let t: TestChain;
let eth: Etherman;
let seqAddr: string;
let aggAddr: string;
let adminAddr: string;

const plain = (transactions: string): BatchData => ({ transactions, forcedGlobalExitRoot: ZeroHash, forcedTimestamp: 0, forcedBlockHashL1: ZeroHash });
const root = (n: number) => "0x" + n.toString(16).padStart(64, "0");

beforeAll(async () => {
  t = await startTestChain("TestVerifier");
  eth = new Etherman(t.provider, { rollup: t.deployment.rollup, globalExitRoot: t.deployment.globalExitRoot });
  [seqAddr, aggAddr, adminAddr] = await Promise.all([t.sequencer.getAddress(), t.aggregator.getAddress(), t.admin.getAddress()]);
});
afterAll(async () => t?.stop());
beforeEach(async () => t.reset());

async function send(from: TestChain["admin"], to: string, data: string) {
  const receipt = await (await from.sendTransaction({ to, data })).wait();
  return receipt!;
}

async function sequence(batches: BatchData[]) {
  const initSequencedBatch = await eth.lastBatchSequenced();
  const maxSequenceTimestamp = Number(await t.latestTimestamp()) + 5;
  return send(t.sequencer, t.deployment.rollup, encodeSequenceBatches({ batches, maxSequenceTimestamp, initSequencedBatch, l2Coinbase: seqAddr }));
}

async function verify(initNumBatch: number, finalNewBatch: number, newStateRoot: string, newLocalExitRoot: string) {
  const oldStateRoot = await eth.batchNumToStateRoot(initNumBatch);
  const bytes = await eth.getInputSnarkBytes({ aggregator: aggAddr, initNumBatch, finalNewBatch, newLocalExitRoot, oldStateRoot, newStateRoot });
  await (await t.verifier.connect(t.other).getFunction("expectInput")(inputSnark(bytes))).wait();
  const data = encodeVerifyBatchesTrustedAggregator({ initNumBatch, finalNewBatch, newLocalExitRoot, newStateRoot, beneficiary: aggAddr, proof: Array(8).fill(0n) });
  return send(t.aggregator, t.deployment.rollup, data);
}

describe("Etherman reads", () => {
  it("reads the rollup's configuration and counters", async () => {
    expect(await eth.chainId()).toBe(Number(CHAIN_ID));
    expect(await eth.forkId()).toBe(Number(FORK_ID));
    expect(await eth.trustedSequencer()).toBe(seqAddr);
    expect(await eth.trustedAggregator()).toBe(aggAddr);
    expect(await eth.trustedSequencerURL()).toBe("http://127.0.0.1:8545");
    expect(await eth.batchNumToStateRoot(0)).toBe(GENESIS_ROOT);
    expect(await eth.forceBatchAddress()).toBe(adminAddr);
    expect(await eth.forceBatchTimeout()).toBe(5 * 24 * 3600);
    expect(await eth.isEmergencyState()).toBe(false);
    await sequence([plain("0x0b01"), plain("0x0b02")]);
    expect(await eth.lastBatchSequenced()).toBe(2);
    expect(await eth.lastVerifiedBatch()).toBe(0);
    const info = await eth.sequencedBatch(2);
    expect(info.accInputHash).toBe(await eth.lastAccInputHash());
    expect(info.previousLastBatchSequenced).toBe(0);
    expect(info.sequencedTimestamp).toBeGreaterThan(0);
  });

  it("getInputSnarkBytes is the contract's view for the given aggregator and matches §2.3", async () => {
    await sequence([plain("0x0b03")]);
    const q = { aggregator: aggAddr, initNumBatch: 0, finalNewBatch: 1, newLocalExitRoot: root(5), oldStateRoot: GENESIS_ROOT, newStateRoot: root(6) };
    const expected = snarkInputBytes({ ...q, oldAccInputHash: ZeroHash, chainId: CHAIN_ID, forkId: FORK_ID, newAccInputHash: (await eth.sequencedBatch(1)).accInputHash });
    expect(await eth.getInputSnarkBytes(q)).toBe(expected);
    const err = await eth.getInputSnarkBytes({ ...q, finalNewBatch: 7 }).catch((e: unknown) => e);
    expect(decodeRevert(err)?.name).toBe("NewAccInputHashDoesNotExist");
  });
});

describe("Etherman.getRollupEvents", () => {
  it("decodes every Prom event per L1 block, with batches from calldata, and rebuilds accInputHash and the L1 info tree", async () => {
    const from = t.deployment.deployBlock;
    // 1: a sequence of three batches
    const batches = [plain(hexlify(randomBytes(50))), plain("0x"), plain(hexlify(randomBytes(7)))];
    await sequence(batches);
    // 2: a forced batch from the admin EOA (no data in the event) and one from a contract (data in the event)
    const forcedTxs = hexlify(randomBytes(20));
    await send(t.admin, t.deployment.rollup, encodeForceBatch(forcedTxs));
    await send(t.admin, t.deployment.rollup, t.rollup.interface.encodeFunctionData("setForceBatchAddress", [ZeroAddress]));
    const a = loadArtifact("ForceBatchCaller");
    const caller = await new ContractFactory(a.abi as never, a.bytecode, t.other).deploy();
    await caller.waitForDeployment();
    const contractTxs = hexlify(randomBytes(33));
    await (await caller.getFunction("callForceBatch")(t.deployment.rollup, contractTxs)).wait();
    // 3: verify batches 1..3 (adds an L1 info tree leaf)
    await verify(0, 3, root(0x33), root(0x44));
    // 4: sequence both forced batches through sequenceForceBatches after the timeout
    let events = (await eth.getRollupEvents(from, await eth.latestBlockNumber())).flatMap((b) => b.events);
    const forcedEvents = events.filter((e): e is ForceBatchEvent => e.kind === "ForceBatch");
    const forcedBatches: BatchData[] = forcedEvents.map((e) => ({
      transactions: e.transactions, forcedGlobalExitRoot: e.lastGlobalExitRoot, forcedTimestamp: e.forcedTimestamp, forcedBlockHashL1: e.forcedBlockHashL1,
    }));
    await t.increaseTime(5 * 24 * 3600);
    await send(t.other, t.deployment.rollup, encodeSequenceForceBatches(forcedBatches));
    // 5: a sequence that hashes the new L1 info root
    await sequence([plain("0x0b")]);
    await verify(3, 6, root(0x66), root(0x77));

    const blocks = await eth.getRollupEvents(from, await eth.latestBlockNumber());
    for (let i = 1; i < blocks.length; i++) expect(blocks[i]!.blockNumber).toBeGreaterThan(blocks[i - 1]!.blockNumber);
    events = blocks.flatMap((b) => b.events);
    expect(events.map((e) => e.kind)).toEqual([
      "UpdateZkEVMVersion", "SequenceBatches", "ForceBatch", "ForceBatch", "UpdateL1InfoTree", "VerifyBatchesTrustedAggregator",
      "SequenceForceBatches", "SequenceBatches", "UpdateL1InfoTree", "VerifyBatchesTrustedAggregator",
    ]);
    expect(forcedEvents.map((e) => [e.forceBatchNumber, e.transactions])).toEqual([[1, forcedTxs], [2, contractTxs]]);
    expect(forcedEvents[1]!.sequencer).toBe(await caller.getAddress());

    // accInputHash rebuilt from the decoded events equals what L1 stored at each sequence end
    const tree = new AppendOnlyMerkleTree();
    let acc = ZeroHash;
    for (const e of events as RollupEvent[]) {
      if (e.kind === "UpdateL1InfoTree") tree.add(e.leaf);
      if (e.kind === "SequenceBatches") {
        expect(e.l1InfoRoot).toBe(tree.root());
        expect(e.sender).toBe(seqAddr);
        for (const b of e.batches) {
          acc = accInputHash({ oldAccInputHash: acc, transactions: b.transactions, l1InfoRoot: e.l1InfoRoot, timestampLimit: e.maxSequenceTimestamp, sequencer: e.l2Coinbase });
        }
        expect((await eth.sequencedBatch(e.lastBatchNumber)).accInputHash).toBe(acc);
      }
      if (e.kind === "SequenceForceBatches") {
        expect(e.batches.map((b) => b.batchNumber)).toEqual([4, 5]);
        for (const b of e.batches) {
          acc = accInputHash({ oldAccInputHash: acc, transactions: b.transactions, l1InfoRoot: b.forcedGlobalExitRoot, timestampLimit: b.forcedTimestamp, sequencer: e.sender, forcedBlockHashL1: b.forcedBlockHashL1 });
        }
        expect((await eth.sequencedBatch(e.lastBatchNumber)).accInputHash).toBe(acc);
      }
    }
    expect(tree.root()).toBe(await eth.l1InfoRoot());
    const seq = events.find((e): e is SequenceBatchesEvent => e.kind === "SequenceBatches")!;
    expect(seq.batches.map((b) => [b.batchNumber, b.transactions])).toEqual(batches.map((b, i) => [i + 1, b.transactions]));
    const verified = events.filter((e) => e.kind === "VerifyBatchesTrustedAggregator");
    expect(verified.map((e) => [e.batchNumber, e.stateRoot, e.aggregator])).toEqual([[3, root(0x33), aggAddr], [6, root(0x66), aggAddr]]);
  });

  it("returns nothing for a range without Prom events", async () => {
    await t.provider.send("evm_mine", []);
    const latest = await eth.latestBlockNumber();
    expect(await eth.getRollupEvents(latest, latest)).toEqual([]);
  });
});

describe("revert decoding", () => {
  it("names the custom error of a failed call, including the exit-root manager's", async () => {
    const ts = Number(await t.latestTimestamp());
    const bad = encodeSequenceBatches({ batches: [plain("0x")], maxSequenceTimestamp: ts, initSequencedBatch: 9, l2Coinbase: seqAddr });
    const err = await t.sequencer.call({ to: t.deployment.rollup, data: bad }).catch((e: unknown) => e);
    expect(decodeRevert(err)?.name).toBe("InitSequencedBatchDoesNotMatch");
    const err2 = await t.other.call({ to: t.deployment.globalExitRoot, data: t.ger.interface.encodeFunctionData("updateExitRoot", [ZeroHash]) }).catch((e: unknown) => e);
    expect(decodeRevert(err2)?.name).toBe("OnlyAllowedContracts");
  });
});
