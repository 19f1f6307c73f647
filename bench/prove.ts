/**
 * `npm run bench -- prove [--sizes 16,17,18] [--threads N] [--reps N]`: Groth16 proof time (median of N, default 1),
 * ours vs `snarkjs.groth16.prove`,
 * on the same zkey (our dev ceremony) and witness, for synthetic circuits of 2^k − 2 constraints. Also reports the
 * largest WASM memory of any worker after the proof (an instance's memory only grows, so that is its peak):
 * `--sizes 21 --threads 1 --no-peer` shows a 2^21-constraint proof inside one 4 GB WASM instance.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as snarkjs from "snarkjs";
import { Groth16Prover } from "../node-services/prover/prove.js";
import { setup } from "../node-services/prover/setup.js";
import { proverBuildChoice } from "../node-services/prover/wasmModule.js";
import { syntheticCircuit } from "../node-services/prover/syntheticCircuit.js";
import { medianBy } from "./lib/median.js";
import { report } from "./report.js";

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { sizes: { type: "string" }, threads: { type: "string" }, reps: { type: "string" }, "no-peer": { type: "boolean" } },
  });
  const reps = Number(values.reps ?? 1);
  if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps takes a positive integer, got ${values.reps}`);
  const sizes = (values.sizes ?? "16").split(",").map(Number);
  const threads = Number(values.threads ?? availableParallelism());
  const dir = mkdtempSync(join(tmpdir(), "prom-bench-prove-"));
  const prover = new Groth16Prover({ threads });
  const build = proverBuildChoice();
  if (build) console.log(`prover WASM build: ${build.file} (Fq product, ns: ${JSON.stringify(build.fqMulNs)})`);
  try {
    // snarkjs builds its curve and starts its worker threads on its first proof (~0.9 s at 2^16 on 2 cores):
    // one small proof first, so both sides are timed warm, as an aggregator proving batch after batch runs them.
    if (!values["no-peer"]) {
      const small = syntheticCircuit(8);
      const zkeyFile = join(dir, "warm.zkey");
      const wtnsFile = join(dir, "warm.wtns");
      writeFileSync(zkeyFile, await setup(small.r1cs));
      writeFileSync(wtnsFile, small.wtns);
      await snarkjs.groth16.prove(zkeyFile, wtnsFile);
    }
    for (const k of sizes) {
      const { r1cs, wtns, constraints } = syntheticCircuit(k);
      const t0 = performance.now();
      const zkey = await setup(r1cs);
      const setupMs = performance.now() - t0;
      const zkeyFile = join(dir, `c${k}.zkey`);
      const wtnsFile = join(dir, `c${k}.wtns`);
      writeFileSync(zkeyFile, zkey);
      writeFileSync(wtnsFile, wtns);
      // The first proof with a zkey also reads it and converts each worker's points; the timed one is the next,
      // as an aggregator proves batch after batch with one zkey. Both are reported.
      const tf = performance.now();
      await prover.prove(zkeyFile, wtnsFile);
      const firstMs = Math.round(performance.now() - tf);

      // Each side's median of --reps proofs, alternating (this kind of machine's neighbours move a single run by ±15%).
      const oursRuns: number[] = [];
      const peerRuns: number[] = [];
      let ours: Awaited<ReturnType<typeof prover.prove>> | undefined;
      let theirs: Awaited<ReturnType<typeof snarkjs.groth16.prove>> | undefined;
      for (let r = 0; r < reps; r++) {
        const t1 = performance.now();
        ours = await prover.prove(zkeyFile, wtnsFile);
        oursRuns.push(performance.now() - t1);
        if (values["no-peer"]) continue;
        const t2 = performance.now();
        theirs = await snarkjs.groth16.prove(zkeyFile, wtnsFile);
        peerRuns.push(performance.now() - t2);
      }
      const oursMs = medianBy(oursRuns, (x) => x);

      const wasmPeakMiB = await peakWasmMiB(prover);

      const vk = await snarkjs.zKey.exportVerificationKey(zkeyFile);
      const oursValid = await snarkjs.groth16.verify(vk, ours!.publicSignals, ours!.proof);
      if (values["no-peer"]) {
        report({ bench: "prove", case: `2^${k}`, constraints, threads, ours: Math.round(oursMs), oursRuns: oursRuns.map(Math.round), firstMs, unit: "ms", verifies: oursValid, wasmPeakMiB, setupMs: Math.round(setupMs) });
        continue;
      }
      const peerMs = medianBy(peerRuns, (x) => x);
      const valid = oursValid && (await snarkjs.groth16.verify(vk, theirs!.publicSignals, theirs!.proof));
      report({
        bench: "prove",
        case: `2^${k}`,
        constraints,
        threads,
        ours: Math.round(oursMs),
        oursRuns: oursRuns.map(Math.round),
        firstMs,
        peer: Math.round(peerMs),
        peerRuns: peerRuns.map(Math.round),
        unit: "ms",
        ratio: Number((peerMs / oursMs).toFixed(2)),
        bothVerify: valid,
        wasmPeakMiB,
        setupMs: Math.round(setupMs),
      });
    }
  } finally {
    await prover.close();
    rmSync(dir, { recursive: true, force: true });
    const curve = (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128;
    await curve?.terminate();
  }
}

/** The largest linear memory among the prover's WASM instances (each worker's memory only grows). */
async function peakWasmMiB(prover: Groth16Prover): Promise<number> {
  const pool = prover.activePool;
  if (!pool) return 0;
  const sizes = await Promise.all(
    Array.from({ length: pool.size }, (_, i) => pool.runOn<Uint8Array>(i, { fn: "memory_bytes", context: "memory", args: [] })),
  );
  return Math.max(...sizes.map((b) => Number(new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true)) / 2 ** 20));
}
