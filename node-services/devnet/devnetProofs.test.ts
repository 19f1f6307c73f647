/**
 * `prom-node devnet` as it runs by default: L1 verifies the P1 batch circuit with our generated Groth16 verifier,
 * and the aggregator proves the batches with a local prover process. With traffic, batches become verified on L1 by
 * real proofs and zkevm_verifiedBatchNumber follows. L1 then rejects the same proof for another new state root, and
 * from another aggregator address (the address is part of the proof's public input).
 *
 * The circuit comes from the cache `npm run setup` fills (built here, minutes, if it is missing).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonRpcProvider, Wallet, getAddress, parseEther, toBeHex, zeroPadValue, type TransactionResponse } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config/load.js";
import { promZkEvmInterface } from "../etherman/abi.js";
import { freePort } from "../l1/anvil.js";
import { testLogger } from "../testing/testLogger.js";
import { DEV_ROLES } from "./devAccounts.js";
import { startDevnet, type Devnet } from "./devnet.js";
import { until } from "../testing/until.js";

const log = testLogger("warn");


/** The custom error an eth_call reverted with, by the rollup's ABI. */
async function revertName(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (e) {
    const data = (e as { data?: string; info?: { error?: { data?: string } } }).data ?? (e as { info?: { error?: { data?: string } } }).info?.error?.data;
    return data ? (promZkEvmInterface.parseError(data)?.name ?? `unknown revert ${data}`) : `no revert data: ${(e as Error).message}`;
  }
  return "no revert";
}

describe("devnet with the batch circuit's verifier and the aggregator", () => {
  let dir: string;
  let devnet: Devnet;
  let l1: JsonRpcProvider;
  let l2: JsonRpcProvider;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "prom-devnet-proofs-"));
    const { config } = loadConfig({
      argv: ["--data-dir", dir, "--rpc-port", "0", "--l1-port", String(await freePort()), "--l1-block-time", "0",
        "--sequencer-block-time-ms", "300", "--sequencer-batch-time-ms", "3000", "--sequence-sender-interval-ms", "500",
        "--aggregator-port", "0", "--aggregator-interval-ms", "500", "--aggregator-prover-backend", "wasm", "--aggregator-max-jobs-ahead", "1"],
      env: {},
    });
    devnet = await startDevnet(config, log, { verifier: "batch-circuit" });
    l1 = new JsonRpcProvider(devnet.l1Url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    l2 = new JsonRpcProvider(devnet.rpcUrl, undefined, { staticNetwork: true, pollingInterval: 200, cacheTimeout: -1 });
  }, 1_200_000);

  afterAll(async () => {
    l2?.destroy();
    l1?.destroy();
    await devnet?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("verifies the batches of sent transfers on L1 with real P1 proofs; L1 rejects a wrong state root and another aggregator", async () => {
    expect(devnet.aggregator).toBeDefined();
    const jobs = devnet.aggregator!.aggregator.jobs;
    const alice = new Wallet(devnet.accounts[3]!.privateKey, l2);
    let target = 0;
    for (let i = 0; i < 2; i++) {
      const tx: TransactionResponse = await alice.sendTransaction({ to: devnet.accounts[4]!.address, value: parseEther("1"), gasPrice: 1_000_000_000n, type: 0, nonce: i });
      const receipt = (await tx.wait())!;
      target = Math.max(target, Number(await l2.send("zkevm_batchNumberByBlockNumber", [toBeHex(receipt.blockNumber)])));
    }
    expect(target).toBeGreaterThanOrEqual(2); // the circuit takes one transfer per batch

    await until(`zkevm_verifiedBatchNumber ${target}`, async () => Number(await l2.send("zkevm_verifiedBatchNumber", [])) >= target, 900_000);
    const rollup = devnet.info.rollup;
    const lastVerified = BigInt(await l1.call({ to: rollup, data: promZkEvmInterface.encodeFunctionData("lastVerifiedBatch") }));
    expect(lastVerified).toBeGreaterThanOrEqual(BigInt(target));
    const { jobs: all } = await jobs.list({ limit: 100, offset: 0 });
    const verified = all.filter((j) => j.state === "verified");
    expect(verified.length).toBeGreaterThanOrEqual(1);
    for (const j of verified) {
      // L1 holds the state root we computed for the last batch of every verified job.
      const [l1Root] = promZkEvmInterface.decodeFunctionResult("batchNumToStateRoot", await l1.call({ to: rollup, data: promZkEvmInterface.encodeFunctionData("batchNumToStateRoot", [j.finalBatch]) }));
      const ours = (await l2.send("zkevm_getBatchByNumber", [toBeHex(j.finalBatch), false])) as { stateRoot: string; verifyBatchTxHash: string | null };
      expect(l1Root).toBe(ours.stateRoot);
      expect(j).toMatchObject({ proofLevel: "P1", attempts: 1 });
    }

    // Replay the last verify tx as an eth_call on the L1 state just before it was mined.
    const last = verified.sort((a, b) => b.finalBatch - a.finalBatch)[0]!;
    const sent = (await l1.getTransaction(last.l1TxHash!))!;
    const mined = (await l1.getTransactionReceipt(last.l1TxHash!))!;
    expect(mined.status).toBe(1);
    const before = toBeHex(mined.blockNumber - 1);
    const aggregator = devnet.accounts[DEV_ROLES.aggregator]!.address;
    const call = (from: string, data: string, overrides?: object) => l1.send("eth_call", [{ from, to: rollup, data }, before, ...(overrides ? [overrides] : [])]);
    await call(aggregator, sent.data); // the proof as sent passes there

    const args = promZkEvmInterface.decodeFunctionData("verifyBatchesTrustedAggregator", sent.data);
    const wrongRoot = promZkEvmInterface.encodeFunctionData("verifyBatchesTrustedAggregator", [args[0], args[1], args[2], args[3], zeroPadValue("0x01", 32), args[5], args[6]]);
    expect(await revertName(call(aggregator, wrongRoot))).toBe("InvalidProof");

    // Another trusted aggregator sending our proof: the rollup's trustedAggregator storage slot, overridden for the call.
    const other = getAddress(Wallet.createRandom().address);
    let slot = -1;
    for (let s = 0; s < 256 && slot < 0; s++) {
      const word = await l1.getStorage(rollup, s, mined.blockNumber - 1);
      if (word.slice(-40).toLowerCase() === aggregator.slice(2).toLowerCase()) slot = s;
    }
    expect(slot).toBeGreaterThanOrEqual(0);
    const word = await l1.getStorage(rollup, slot, mined.blockNumber - 1);
    const replaced = `${word.slice(0, -40)}${other.slice(2).toLowerCase()}`;
    const asOther = { [rollup]: { stateDiff: { [toBeHex(slot, 32)]: replaced } } };
    expect(await revertName(call(aggregator, sent.data, asOther))).toBe("OnlyTrustedAggregator"); // the override took
    expect(await revertName(call(other, sent.data, asOther))).toBe("InvalidProof");
  }, 1_200_000);
});
