/**
 * The P1 batch proof's circuit (circuits/batch/batchProof.circom) for the aggregator: compile and UNSAFE dev setup
 * once per source+params into a cache, and the witness of a proof request. The proof binds the claimed state roots
 * to exactly the batch data sequenced on L1 (DESIGN.md level P1); it does not prove execution.
 */
import { existsSync, readFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { inputSnark, snarkInputBytes } from "../etherman/rollupHashes.js";
import type { VerificationKey } from "../prover/proofJson.js";
import { setup, UNSAFE_SETUP_WARNING } from "../prover/setup.js";
import { exportVerificationKey } from "../prover/verificationKey.js";
import { withCacheLock } from "./cacheLock.js";
import { compileCircom, repoRoot } from "./circom.js";
import { BatchInputError, buildCircuitInput, type BatchProofRequest } from "./input.js";
import { checkParams, type BatchCircuitParams } from "./params.js";
import { WitnessCalculator, witnessValue } from "./witnessCalculator.js";

export { BatchInputError, accInputHashes, type BatchProofBatch, type BatchProofRequest } from "./input.js";
export { devnetCircuitParams, maxBatchBytes, type BatchCircuitParams } from "./params.js";

/** Where circuits are compiled and set up unless told otherwise (git-ignored). */
export const defaultCircuitCacheDir = join(repoRoot, ".prom", "circuits");

export interface BatchCircuit {
  params: BatchCircuitParams;
  r1csPath: string;
  wasmPath: string;
  /** The UNSAFE development zkey (`prom-prover setup`'s ceremony). */
  zkeyPath: string;
  /** Verification key, in snarkjs's JSON shape. */
  vkey: VerificationKey;
  constraints: number;
}

export function batchCircuitSource(params: BatchCircuitParams): string {
  checkParams(params);
  return `pragma circom 2.0.0;\ninclude "batch/batchProof.circom";\ncomponent main = BatchProof(${params.maxBatches}, ${params.maxBlocksPerBatch});\n`;
}

/** Compiles the circuit and runs the dev ceremony for it, each once (cached under cacheDir by source + params). */
export async function prepareBatchCircuit(opts: { params: BatchCircuitParams; cacheDir: string; onProgress?: (msg: string) => void }): Promise<BatchCircuit> {
  const { params } = opts;
  const name = `batch_${params.maxBatches}x${params.maxBlocksPerBatch}`;
  const waitMsg = () => opts.onProgress?.(`waiting for another process that is building circuit ${name} in ${opts.cacheDir}`);
  return withCacheLock(join(opts.cacheDir, `${name}.lock`), waitMsg, () => buildBatchCircuit(name, opts));
}

async function buildBatchCircuit(name: string, opts: { params: BatchCircuitParams; cacheDir: string; onProgress?: (msg: string) => void }): Promise<BatchCircuit> {
  const { params } = opts;
  const c = await compileCircom({ name, mainSource: batchCircuitSource(params), cacheRoot: opts.cacheDir, onProgress: opts.onProgress });
  const zkeyPath = join(c.dir, `${name}.dev.zkey`);
  const vkeyPath = join(c.dir, `${name}.dev.vkey.json`);
  if (!existsSync(zkeyPath)) {
    opts.onProgress?.(`setting up ${name} (${c.constraints} constraints) with the development ceremony (once). ${UNSAFE_SETUP_WARNING}`);
    const started = Date.now();
    const zkey = await setup(c.r1csPath);
    await writeFile(`${zkeyPath}.tmp`, zkey);
    await rename(`${zkeyPath}.tmp`, zkeyPath);
    opts.onProgress?.(`set up ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  if (!existsSync(vkeyPath)) {
    await writeFile(`${vkeyPath}.tmp`, JSON.stringify(await exportVerificationKey(zkeyPath), null, 1));
    await rename(`${vkeyPath}.tmp`, vkeyPath);
  }
  const vkey = JSON.parse(readFileSync(vkeyPath, "utf8")) as VerificationKey;
  return { params, r1csPath: c.r1csPath, wasmPath: c.wasmPath, zkeyPath, vkey, constraints: c.constraints };
}

const calculators = new Map<string, Promise<WitnessCalculator>>();

/**
 * The `.wtns` of a proof request. Throws BatchInputError when the request does not fit the circuit or is malformed,
 * or when its batches do not lead to its newAccInputHash; the circuit's public output is checked against inputSnark.
 */
export async function computeBatchWitness(circuit: BatchCircuit, req: BatchProofRequest): Promise<Uint8Array> {
  const input = buildCircuitInput(circuit.params, req);
  let calc = calculators.get(circuit.wasmPath);
  if (!calc) {
    calc = WitnessCalculator.load(circuit.wasmPath);
    calculators.set(circuit.wasmPath, calc);
    calc.catch(() => calculators.delete(circuit.wasmPath));
  }
  const wtns = (await calc).calculate(input);
  const want = inputSnark(snarkInputBytes({ ...req, finalNewBatch: req.finalNumBatch }));
  const got = witnessValue(wtns, 1);
  if (got !== want) throw new BatchInputError(`the circuit computed inputSnark ${got}, the request's fields give ${want}`);
  return wtns;
}
