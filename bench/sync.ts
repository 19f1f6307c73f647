/**
 * `npm run bench -- sync [batches=300] [txsPerBatch=10]`: batches per second the synchronizer re-executes from L1. A real
 * anvil L1 holds `batches` batches of plain transfers sequenced by someone else (50 per sequenceBatches); a node with
 * only the genesis (PGlite in a temp data dir) reads them with eth_getLogs and the txs' calldata, executes every batch
 * over the Goldilocks SMT and stores its L2 blocks, txs, receipts and virtual marks, one DB transaction per L1 block.
 * No peer runs here: the bar (PERF.md) is 200 batches/s of 10 transfers; `ratio` is ours / 200.
 * The node's hashes run on prover-wasm (Poseidon and Keccak), as `startNode` sets them up.
 * `PROM_BENCH_CPU_PROFILE=<file>` writes a V8 CPU profile of the timed part only.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDb } from "../node-services/db/openDb.js";
import { Logger } from "../node-services/log/logger.js";
import { useWasmKeccak } from "../node-services/executor/index.js";
import { useWasmPoseidon } from "../node-services/merkletree/index.js";
import { BatchSource, startTestL1, syncNode, targetOf } from "../node-services/synchronizer/testL1.js";
import { startProfile } from "./lib/cpuProfile.js";
import { report } from "./report.js";

const GOAL_BATCHES_PER_S = 200;
const BATCHES_PER_SEQUENCE = 50;

export async function run(args: string[]): Promise<void> {
  const batches = Number(args[0] ?? 300);
  const txsPerBatch = Number(args[1] ?? 10);
  if (!(batches > 0 && txsPerBatch >= 0)) throw new Error("usage: npm run bench -- sync [batches>0] [txsPerBatch>=0]");
  const l1 = await startTestL1();
  const dir = mkdtempSync(join(tmpdir(), "prom-bench-sync-"));
  try {
    const source = new BatchSource(l1);
    for (let done = 0; done < batches; done += BATCHES_PER_SEQUENCE) await source.sequence(Math.min(BATCHES_PER_SEQUENCE, batches - done), txsPerBatch);
    // the state tree's hash as a node runs it (startNode plugs in the same)
    const hash = await useWasmPoseidon();
    const keccak = await useWasmKeccak();
    const db = await openDb({ dataDir: dir, dbUrl: "" });
    const node = await syncNode(db, targetOf(l1), new Logger({ level: "error", format: "json" }), { intervalMs: 20 });
    try {
      const profile = await startProfile(process.env.PROM_BENCH_CPU_PROFILE);
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
      const rate = (batches * 1000) / (t1 - t0);
      report({
        bench: "sync",
        case: `${batches} batches x ${txsPerBatch} transfers`,
        ours: Math.round(rate),
        unit: "batches/s",
        peer: GOAL_BATCHES_PER_S,
        peerName: "PERF.md bar",
        ratio: Number((rate / GOAL_BATCHES_PER_S).toFixed(2)),
        txsPerS: Math.round(rate * txsPerBatch),
        // This process's CPU per batch (sync runs on one thread): comparable across runs on a machine others load.
        cpuMsPerBatch: Number(((cpu.user + cpu.system) / 1000 / batches).toFixed(2)),
        poseidon: hash.name,
        keccak: keccak.name,
      });
    } finally {
      await node.stop();
      await db.close();
    }
  } finally {
    await l1.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
