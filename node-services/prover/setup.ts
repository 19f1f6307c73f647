/**
 * The deterministic development ceremony (`prom-prover setup`): an `.r1cs` → a snarkjs-compatible Groth16
 * `.zkey`, in a worker thread. UNSAFE for production: whoever knows the seed can forge proofs.
 */
import { ProverError } from "./errors.js";
import { readInput } from "./proofInputs.js";
import { proverModule } from "./wasmModule.js";
import { WorkerPool } from "./workerPool.js";

export const UNSAFE_SETUP_WARNING =
  "UNSAFE development setup: the keys come from a fixed seed, so anyone who knows it can forge proofs. Never use them in production.";

export const defaultDevSeed = "prom-dev-ceremony";

export interface SetupOptions {
  /** Seed of the ceremony's secrets (default `prom-dev-ceremony`); same seed and circuit → same zkey. */
  seed?: string;
  /** Powers of tau size 2^power the circuit must fit into (default: just large enough). */
  power?: number;
}

export async function setup(r1cs: string | Uint8Array, opts: SetupOptions = {}): Promise<Uint8Array> {
  const power = opts.power ?? 0;
  if (!Number.isInteger(power) || power < 0 || power > 28) {
    throw new ProverError("INVALID_ARGUMENT", `--power must be an integer 1..28, got ${opts.power}`);
  }
  const bytes = await readInput(r1cs, "r1cs");
  const pool = new WorkerPool({
    size: 1,
    workerUrl: new URL(`./proverWorker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url),
    workerData: { module: proverModule() },
  });
  try {
    const seed = new TextEncoder().encode(opts.seed ?? defaultDevSeed);
    return await pool.run<Uint8Array>({ fn: "setup", context: "r1cs", args: [bytes, seed, power] });
  } finally {
    await pool.terminate();
  }
}
