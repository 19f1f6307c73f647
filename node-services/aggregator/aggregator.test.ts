/**
 * The aggregator in a running node (role all: sequencer, synchronizer, JSON-RPC, aggregator with a local prover
 * process) on a real anvil L1 with real Groth16 proofs. The circuit here is testdata/inputEcho (its public input is
 * the snark input) and L1's verifier is the contract tests' TestVerifier, told the input L1 itself computes for each
 * job's range: so this checks jobs from whole sequences, the proof request and the L1 submission and verification
 * path. The batch circuit's own L1 tests (real verifier, wrong root, other aggregator) are in batchCircuit.test.ts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Contract, JsonRpcProvider, parseEther, Wallet, ZeroHash, type InterfaceAbi } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProofJobView } from "../api/proofJobs.js";
import { loadConfig } from "../config/load.js";
import type { Db } from "../db/db.js";
import { openTestPglite } from "../db/testDb.js";
import { DEV_ROLES, devAccounts } from "../devnet/devAccounts.js";
import { Etherman } from "../etherman/etherman.js";
import { inputSnark } from "../etherman/rollupHashes.js";
import { loadArtifact } from "../l1/artifacts.js";
import { startAnvil, type Anvil } from "../l1/anvil.js";
import { deployProm } from "../l1/deploy.js";
import { testLogger } from "../testing/testLogger.js";
import { storeGenesis } from "../node/genesis.js";
import { startNode, type PromNode } from "../node/node.js";
import { createAggregator, type AggregatorService } from "./index.js";
import { echoCircuit } from "./testdata/echoCircuit.js";

const log = testLogger("error");
const accounts = devAccounts(5);
const sequencer = accounts[DEV_ROLES.sequencer]!;
const aggregatorKey = accounts[DEV_ROLES.aggregator]!;

let dir: string;
let anvil: Anvil;
let db: Db;
let disposeDb: () => Promise<void>;
let node: PromNode;
let agg: AggregatorService;
let l1: JsonRpcProvider;
let l2: JsonRpcProvider;
let verifier: Contract;
let etherman: Etherman;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "prom-aggregator-"));
  anvil = await startAnvil({ port: 0, chainId: 31337 });
  ({ db, dispose: disposeDb } = await openTestPglite());
  const { config } = loadConfig({
    argv: [
      "--data-dir", dir, "--rpc-port", "0", "--l1-block-time", "0",
      "--sequencer-block-time-ms", "500", "--sequencer-batch-time-ms", "2500", "--sequence-sender-interval-ms", "300",
      "--sequence-sender-max-batches-per-sequence", "3",
      "--aggregator-port", "0", "--aggregator-local-provers", "1", "--aggregator-prover-threads", "1",
      "--aggregator-interval-ms", "300", "--aggregator-max-batches-per-proof", "9", "--aggregator-max-jobs-ahead", "1",
    ],
    env: {},
  });
  const genesisRoot = await storeGenesis(db, config.l2, accounts.map((a) => ({ address: a.address, balance: parseEther("1000") })));
  l1 = new JsonRpcProvider(anvil.url, undefined, { staticNetwork: true, pollingInterval: 100 });
  const d = await deployProm(new Wallet(sequencer.privateKey, l1), {
    genesisRoot,
    trustedSequencer: sequencer.address,
    trustedAggregator: aggregatorKey.address,
    chainId: config.l2.chainId,
    forkId: config.l2.forkId,
    verifierContract: "TestVerifier",
  });
  etherman = new Etherman(l1, d);
  verifier = new Contract(d.verifier, loadArtifact("TestVerifier").abi as InterfaceAbi, new Wallet(accounts[4]!.privateKey, l1));
  node = await startNode({
    role: "all",
    config,
    log,
    db,
    l1Url: anvil.url,
    l1: d,
    sequencerKey: sequencer.privateKey,
    aggregator: (parts) => (agg = createAggregator({ ...parts, key: aggregatorKey.privateKey, circuit: echoCircuit(dir, 9) })),
  });
  l2 = new JsonRpcProvider(node.rpcUrl!, undefined, { staticNetwork: true, pollingInterval: 100 });
}, 180_000);

afterAll(async () => {
  l2?.destroy();
  await node?.stop();
  l1?.destroy();
  await disposeDb?.();
  await anvil?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("aggregator in a node", () => {
  it("proves whole sequences, verifies them on L1 in order, and zkevm_verifiedBatchNumber follows", async () => {
    const jobs = agg.aggregator.jobs;
    // TestVerifier accepts exactly the input it was told: L1's own snark input for the job's range and our address.
    const told = new Set<number>();
    const tell = async (j: ProofJobView) => {
      if (told.has(j.id)) return;
      told.add(j.id);
      const prev = (await node.state.getBatch(j.initBatch - 1))!;
      const last = (await node.state.getBatch(j.finalBatch))!;
      const bytes = await etherman.getInputSnarkBytes({
        aggregator: aggregatorKey.address,
        initNumBatch: j.initBatch - 1,
        finalNewBatch: j.finalBatch,
        newLocalExitRoot: last.localExitRoot ?? ZeroHash,
        oldStateRoot: prev.stateRoot!,
        newStateRoot: last.stateRoot!,
      });
      await (await verifier.getFunction("expectInput")(inputSnark(bytes))).wait();
    };
    const off = jobs.subscribe((j) => {
      if (j.state === "witness") void tell(j).catch((e: unknown) => log.error("expectInput failed", { err: String(e) }));
    });

    const alice = new Wallet(accounts[2]!.privateKey, l2);
    let target = 0;
    for (let i = 0; i < 3; i++) {
      const receipt = await (await alice.sendTransaction({ to: accounts[3]!.address, value: parseEther("1"), gasPrice: 1_000_000_000n, nonce: i, type: 0 })).wait();
      target = (await node.state.batchNumberByBlock(receipt!.blockNumber))!;
      await new Promise((r) => setTimeout(r, 2500)); // spread the txs over several batches and sequences
    }
    expect(target).toBeGreaterThanOrEqual(2);
    const deadline = Date.now() + 150_000;
    while (Number(await l2.send("zkevm_verifiedBatchNumber", [])) < target) {
      if (Date.now() > deadline) throw new Error(`not verified up to ${target}: ${JSON.stringify((await jobs.list({ limit: 10, offset: 0 })).jobs)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    off();
    const { jobs: all } = await jobs.list({ limit: 100, offset: 0 });
    const verified = all.filter((j) => j.state === "verified").sort((a, b) => a.initBatch - b.initBatch);
    expect(verified.length).toBeGreaterThanOrEqual(1);
    // Consecutive ranges from batch 1, each ending where L1 stored an accInputHash (a sequence end).
    let next = 1;
    for (const j of verified) {
      expect(j.initBatch).toBe(next);
      expect(j.finalBatch - j.initBatch + 1).toBeLessThanOrEqual(9);
      expect((await etherman.sequencedBatch(j.finalBatch)).accInputHash).not.toMatch(/^0x0+$/);
      expect(j).toMatchObject({ proofLevel: "P1", prover: "local-1", attempts: 1 });
      expect(j.backend).toMatch(/^(wasm|webgpu|[a-z0-9-]+=(wasm|webgpu)(,|$))/);
      expect(j.l1TxHash).toMatch(/^0x[0-9a-f]{64}$/);
      const receipt = await l1.getTransactionReceipt(j.l1TxHash!);
      expect(receipt?.status).toBe(1);
      expect(receipt?.from).toBe(aggregatorKey.address);
      next = j.finalBatch + 1;
    }
    expect(await etherman.lastVerifiedBatch()).toBeGreaterThanOrEqual(target);
    expect(Object.keys(verified[0]!.stageTimesMs)).toEqual(expect.arrayContaining(["queued", "witness", "msm-a", "done", "submitted"]));
  }, 240_000);
});
