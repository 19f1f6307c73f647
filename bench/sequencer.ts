/**
 * `npm run bench -- sequencer [transfers=3000]`: plain transfers per second through the trusted sequencer of a real
 * devnet (PGlite, anvil L1): pool admission, execution over the Goldilocks SMT, L2 blocks and batches closed and stored.
 * The bar (PERF.md) is 500 transfers/s on 2 cores; `ratio` is ours / 500.
 * Every sender submits its txs in nonce order, all senders concurrently. The default of ten full batches (300 txs each)
 * measures a sequencer under load, where batches close on tx count; a count that leaves a part-filled last batch adds
 * the batch time (1 s here) to the run.
 * `executedPerS` stops the clock at the last tx's block instead; `cpuMsPerTx` is this process's CPU time per tx.
 * `PROM_BENCH_CPU_PROFILE=<file>` writes a V8 CPU profile of the timed part only (startup and signing left out).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Wallet } from "ethers";
import { loadConfig } from "../node-services/config/load.js";
import { startDevnet } from "../node-services/devnet/devnet.js";
import { freePort } from "../node-services/l1/anvil.js";
import { Logger } from "../node-services/log/logger.js";
import { PoolError } from "../node-services/pool/errors.js";
import { startProfile } from "./lib/cpuProfile.js";
import { report } from "./report.js";

const GOAL_TPS = 500;

export async function run(args: string[]): Promise<void> {
  const count = Number(args[0] ?? 3000);
  const dir = mkdtempSync(join(tmpdir(), "prom-bench-seq-"));
  const { config } = loadConfig({
    argv: ["--data-dir", dir, "--rpc-port", "0", "--l1-port", String(await freePort()), "--l1-block-time", "0",
      "--sequencer-block-time-ms", "250", "--sequencer-batch-time-ms", "1000", "--pool-account-queue", String(count)],
    env: {},
  });
  const devnet = await startDevnet(config, new Logger({ level: "error", format: "json" }));
  try {
    const senders = devnet.accounts.slice(2).map((a) => new Wallet(a.privateKey));
    const to = Wallet.createRandom().address;
    // Signed up front: signing is the wallet's cost, not the node's.
    const raws: string[] = [];
    for (let i = 0; i < count; i++) {
      const w = senders[i % senders.length]!;
      raws.push(await w.signTransaction({ type: 0, to, value: 1n, gasLimit: 21000, gasPrice: 1_000_000_000n, nonce: Math.floor(i / senders.length), chainId: config.l2.chainId }));
    }
    const { pool, state } = devnet.node;
    const profile = await startProfile(process.env.PROM_BENCH_CPU_PROFILE);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    // Each sender is a wallet sending its txs one after another (the next once the node answered), all senders at
    // once, as clients behind JSON-RPC would: the pool sees up to `senders` concurrent submissions.
    const hashes: string[] = new Array<string>(count);
    let poolFull = 0;
    const sendAll = async (first: number): Promise<void> => {
      for (let i = first; i < count; i += senders.length) {
        for (;;) {
          try {
            hashes[i] = await pool.addTx(raws[i]!);
            break;
          } catch (err) {
            // More txs than the pool holds (globalQueue): back off as a wallet would, while the sequencer drains it.
            if (!(err instanceof PoolError && err.code === "TXPOOL_FULL")) throw err;
            poolFull++;
            await new Promise((res) => setTimeout(res, 5));
          }
        }
        // Txs arrive as separate requests: the sequencer's timers run between them, as they would behind JSON-RPC.
        await new Promise(setImmediate);
      }
    };
    await Promise.all(senders.map((_, s) => sendAll(s)));
    const tAdmitted = performance.now();
    // Done when each sender's last tx has a receipt and the batch holding the latest of them is closed. The head
    // block number is in memory (the sequencer's repository keeps it), so waiting costs no query until a block is stored.
    const lastOfEach = hashes.slice(-senders.length) as `0x${string}`[];
    let seenHead: number | null = null;
    let lastBlock: number | undefined;
    let tExecuted = 0;
    for (;;) {
      const head = await state.latestBlockNumber();
      if (lastBlock === undefined && head !== seenHead) {
        seenHead = head;
        const blocks = await Promise.all(lastOfEach.map(async (h) => (await state.getReceipt(h))?.blockNumber));
        if (blocks.every((b) => b !== undefined)) {
          lastBlock = Math.max(...blocks);
          tExecuted = performance.now();
        }
      }
      if (lastBlock !== undefined) {
        const batchNum = await state.batchNumberByBlock(lastBlock);
        const batch = batchNum === null ? null : await state.getBatch(batchNum);
        if (batch && batch.status !== "wip") break;
      }
      await new Promise((res) => setTimeout(res, lastBlock === undefined ? 5 : 20));
    }
    const t1 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    await profile?.();
    for (const h of hashes) if (!(await state.getReceipt(h as `0x${string}`))) throw new Error(`tx ${h} has no receipt`);
    const tps = (count * 1000) / (t1 - t0);
    report({ bench: "sequencer", case: `${count} transfers`, ours: Math.round(tps), unit: "transfers/s", peer: GOAL_TPS, ratio: Number((tps / GOAL_TPS).toFixed(2)),
      executedPerS: Math.round((count * 1000) / (tExecuted - t0)), admissionPerS: Math.round((count * 1000) / (tAdmitted - t0)), poolFullRetries: poolFull,
      // This process's CPU per tx (the node runs on one thread): comparable across runs on a machine others load.
      cpuMsPerTx: Number(((cpu.user + cpu.system) / 1000 / count).toFixed(3)) });
  } finally {
    await devnet.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
