/**
 * `npm run bench -- sync [batches=300] [txsPerBatch=10]`: batches per second the synchronizer re-executes from L1. A real
 * anvil L1 holds `batches` batches of plain transfers sequenced by someone else (50 per sequenceBatches); a node with
 * only the genesis (PGlite in a temp data dir) reads them with eth_getLogs and the txs' calldata, executes every batch
 * over the Goldilocks SMT and stores its L2 blocks, txs, receipts and virtual marks, one DB transaction per L1 block.
 * Nodes sync the same L1 one after the other, each into a fresh data dir: a first pass warms the process up (JIT, the
 * sender-recovery thread) and is not counted, then the median of three passes is reported (runs of the same code
 * differ by ±10% on a shared machine), with every counted pass's rate in `passes` and the warm-up's in `warmup`.
 * No peer runs here: the bar (PERF.md) is 200 batches/s of 10 transfers; `ratio` is ours / 200.
 * The node's hashes run on prover-wasm (Poseidon and Keccak), as `startNode` sets them up.
 * `PROM_BENCH_CPU_PROFILE=<file>` writes a V8 CPU profile of the first counted pass's timed part (main thread).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDb } from "../node-services/db/openDb.js";
import { Logger } from "../node-services/log/logger.js";
import { useWasmKeccak } from "../node-services/executor/index.js";
import { setPoseidonImpl, wasmPoseidon } from "../node-services/merkletree/index.js";
import { BatchSource, startTestL1, syncNode, targetOf, type TestL1 } from "../node-services/synchronizer/testL1.js";
import { startProfile } from "./lib/cpuProfile.js";
import { medianBy } from "./lib/median.js";
import { report } from "./report.js";

const GOAL_BATCHES_PER_S = 200;
const BATCHES_PER_SEQUENCE = 50;

/** Syncs the same L1 this many times, each into a fresh database: the median pass is reported. */
const PASSES = 3;

/** One node syncing `batches` from L1 into a fresh PGlite data dir: batches/s and this process's CPU per batch. */
async function syncPass(l1: TestL1, batches: number, profileTo: string | undefined): Promise<{ rate: number; cpuMsPerBatch: number }> {
  // a fresh Poseidon instance per pass: nothing the previous pass hashed (buildRoot's leaf memo) carries over
  setPoseidonImpl(await wasmPoseidon());
  const dir = mkdtempSync(join(tmpdir(), "prom-bench-sync-"));
  const db = await openDb({ dataDir: dir, dbUrl: "" });
  const node = await syncNode(db, targetOf(l1), new Logger({ level: "error", format: "json" }), { intervalMs: 20 });
  try {
    const profile = await startProfile(profileTo);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await node.synchronizer.start();
    while (node.synchronizer.status().lastVirtualBatch < batches) {
      const halted = node.synchronizer.status().halted;
      if (halted) throw new Error(`the synchronizer halted: ${halted}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const t1 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    await profile?.();
    return { rate: (batches * 1000) / (t1 - t0), cpuMsPerBatch: (cpu.user + cpu.system) / 1000 / batches };
  } finally {
    await node.stop();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(args: string[]): Promise<void> {
  const batches = Number(args[0] ?? 300);
  const txsPerBatch = Number(args[1] ?? 10);
  if (!(batches > 0 && txsPerBatch >= 0)) throw new Error("usage: npm run bench -- sync [batches>0] [txsPerBatch>=0]");
  const l1 = await startTestL1();
  try {
    const source = new BatchSource(l1);
    for (let done = 0; done < batches; done += BATCHES_PER_SEQUENCE) await source.sequence(Math.min(BATCHES_PER_SEQUENCE, batches - done), txsPerBatch);
    // the node's hashes (startNode plugs in the same); each pass takes its own Poseidon instance
    const keccak = await useWasmKeccak();
    const warmup = await syncPass(l1, batches, undefined);
    const passes = [];
    for (let i = 0; i < PASSES; i++) passes.push(await syncPass(l1, batches, i === 0 ? process.env.PROM_BENCH_CPU_PROFILE : undefined));
    const median = medianBy(passes, (p) => p.rate);
    report({
      bench: "sync",
      case: `${batches} batches x ${txsPerBatch} transfers`,
      ours: Math.round(median.rate),
      unit: "batches/s",
      peer: GOAL_BATCHES_PER_S,
      peerName: "PERF.md bar",
      ratio: Number((median.rate / GOAL_BATCHES_PER_S).toFixed(2)),
      txsPerS: Math.round(median.rate * txsPerBatch),
      // This process's CPU per batch over all its threads (main, PGlite's, sender recovery): comparable across runs on a
      // machine others load.
      cpuMsPerBatch: Number(median.cpuMsPerBatch.toFixed(2)),
      passes: passes.map((p) => Math.round(p.rate)).join(" "),
      warmup: Math.round(warmup.rate),
      poseidon: "wasm",
      keccak: keccak.name,
    });
  } finally {
    await l1.stop();
  }
}
