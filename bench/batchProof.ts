/**
 * `npm run bench -- batch-proof [--sizes 1x1,2x1,1x2] [--backends wasm,webgpu] [--threads N] [--no-peer]`: time of one
 * P1 batch proof (binding, not execution validity) per circuit size (batches × keccak blocks per batch) and prover
 * backend, with the circuit's constraint count, against `snarkjs.groth16.prove` on the same zkey and witness. Each
 * batch is filled to the circuit's largest batchL2Data. The circuits are compiled and set up once (cached).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { hexlify, randomBytes, Wallet, ZeroHash } from "ethers";
import * as snarkjs from "snarkjs";
import {
  accInputHashes,
  computeBatchWitness,
  defaultCircuitCacheDir,
  maxBatchBytes,
  prepareBatchCircuit,
  type BatchCircuitParams,
  type BatchProofRequest,
} from "../node-services/batchproof/index.js";
import type { ProverBackend } from "../node-services/prover/options.js";
import { Groth16Prover } from "../node-services/prover/prove.js";
import { verify } from "../node-services/prover/verify.js";
import type { Hex } from "../node-services/state/hex.js";
import { report } from "./report.js";

const hex = (n: number) => hexlify(randomBytes(n)) as Hex;

/** A request over `params.maxBatches` full batches whose claimed hashes are consistent (the circuit checks them). */
function fullRequest(params: BatchCircuitParams): BatchProofRequest {
  const batches = Array.from({ length: params.maxBatches }, () => ({
    batchL2Data: randomBytes(maxBatchBytes(params)),
    l1InfoRoot: hex(32),
    timestampLimit: 1_700_000_000n,
    sequencer: Wallet.createRandom().address as Hex,
    forcedBlockHashL1: ZeroHash as Hex,
  }));
  // A state root whose every 64-bit limb is below the Goldilocks prime, as L1 requires.
  const root = `0x7fffffff${"00".repeat(28)}` as Hex;
  const req: BatchProofRequest = {
    aggregator: Wallet.createRandom().address as Hex,
    oldStateRoot: root,
    newStateRoot: root,
    oldAccInputHash: hex(32),
    newAccInputHash: ZeroHash as Hex,
    initNumBatch: 100n,
    finalNumBatch: 100n + BigInt(params.maxBatches),
    chainId: 1001n,
    forkId: 8,
    newLocalExitRoot: hex(32),
    batches,
  };
  return { ...req, newAccInputHash: accInputHashes(req).at(-1)! };
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { sizes: { type: "string" }, backends: { type: "string" }, threads: { type: "string" }, "no-peer": { type: "boolean" } },
  });
  const sizes = (values.sizes ?? "1x1").split(",").map((s) => {
    const [b, k] = s.split("x").map(Number);
    return { maxBatches: b!, maxBlocksPerBatch: k! };
  });
  const backends = (values.backends ?? "wasm").split(",") as ProverBackend[];
  const threads = Number(values.threads ?? availableParallelism());
  const dir = mkdtempSync(join(tmpdir(), "prom-bench-batch-"));
  const prover = new Groth16Prover({ threads });
  try {
    for (const params of sizes) {
      const circuit = await prepareBatchCircuit({ params, cacheDir: defaultCircuitCacheDir, onProgress: (m) => console.error(m) });
      const wtns = await computeBatchWitness(circuit, fullRequest(params));
      const wtnsFile = join(dir, "batch.wtns");
      writeFileSync(wtnsFile, wtns);
      let peerMs: number | undefined;
      if (!values["no-peer"]) {
        const t = performance.now();
        const theirs = await snarkjs.groth16.prove(circuit.zkeyPath, wtnsFile);
        peerMs = performance.now() - t;
        if (!verify(circuit.vkey, theirs.publicSignals, theirs.proof)) throw new Error("snarkjs's proof does not verify");
      }
      for (const backend of backends) {
        await prover.prove(circuit.zkeyPath, wtns, { backend, selfCheck: false }); // start and warm the workers
        const t = performance.now();
        const ours = await prover.prove(circuit.zkeyPath, wtns, { backend });
        const oursMs = performance.now() - t;
        report({
          bench: "batch-proof",
          case: `${params.maxBatches}x${params.maxBlocksPerBatch}`,
          level: "P1",
          batches: params.maxBatches,
          batchBytes: maxBatchBytes(params),
          constraints: circuit.constraints,
          backend,
          ranOn: [...new Set(ours.events.map((e) => e.backend))].join(",") || "wasm",
          threads,
          ours: Math.round(oursMs),
          perBatchMs: Math.round(oursMs / params.maxBatches),
          ...(peerMs !== undefined ? { peer: Math.round(peerMs), ratio: Number((peerMs / oursMs).toFixed(2)) } : {}),
          unit: "ms",
          verifies: verify(circuit.vkey, ours.publicSignals, ours.proof),
        });
      }
    }
  } finally {
    await prover.close();
    rmSync(dir, { recursive: true, force: true });
    const curve = (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128;
    await curve?.terminate();
  }
}
