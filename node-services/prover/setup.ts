/**
 * The deterministic development ceremony (`prom-prover setup`): an `.r1cs` → a snarkjs-compatible Groth16
 * `.zkey`, in a worker thread. UNSAFE for production: whoever knows the seed can forge proofs.
 */
import { availableParallelism } from "node:os";
import { ProverError } from "./errors.js";
import { mainWasm, readInput } from "./proofInputs.js";
import { proverModule } from "./wasmModule.js";
import { siblingModule } from "../node/moduleWorker.js";
import { WorkerPool } from "./workerPool.js";

export const UNSAFE_SETUP_WARNING =
  "UNSAFE development setup: the keys come from a fixed seed, so anyone who knows it can forge proofs. Never use them in production.";

export const defaultDevSeed = "prom-dev-ceremony";

export interface SetupOptions {
  /** Seed of the ceremony's secrets (default `prom-dev-ceremony`); same seed and circuit → same zkey. */
  seed?: string;
  /** Powers of tau size 2^power the circuit must fit into (default: just large enough). */
  power?: number;
  /** Worker threads that share the point tables (default: the machine's parallelism). */
  threads?: number;
}

export async function setup(r1cs: string | Uint8Array, opts: SetupOptions = {}): Promise<Uint8Array> {
  const power = opts.power ?? 0;
  if (!Number.isInteger(power) || power < 0 || power > 28) {
    throw new ProverError("INVALID_ARGUMENT", `--power must be an integer 1..28, got ${opts.power}`);
  }
  const bytes = await readInput(r1cs, "r1cs");
  const seed = new TextEncoder().encode(opts.seed ?? defaultDevSeed);
  const info = mainWasm().call("setup_info", "r1cs", [bytes, seed, power]);
  const dv = new DataView(info.buffer, info.byteOffset, info.byteLength);
  const counts = [dv.getUint32(0, true), dv.getUint32(4, true)] as const;
  const threads = opts.threads ?? availableParallelism();
  const pool = new WorkerPool({
    size: threads,
    workerUrl: siblingModule(import.meta.url, "proverWorker"),
    workerData: { module: proverModule() },
  });
  try {
    // The point tables are nearly all the work: each table is split into one range per thread.
    const tables = await Promise.all(
      counts.map(async (n, g2) => {
        const k = Math.max(1, Math.min(threads, Math.ceil(n / 512)));
        const parts = await Promise.all(
          Array.from({ length: k }, (_, i) =>
            pool.run<Uint8Array>({
              fn: "setup_points",
              context: "r1cs",
              args: [bytes, seed, power, g2, Math.floor((i * n) / k), Math.floor(((i + 1) * n) / k)],
            }),
          ),
        );
        const out = new Uint8Array(parts.reduce((t, p) => t + p.byteLength, 0));
        let at = 0;
        for (const p of parts) {
          out.set(p, at);
          at += p.byteLength;
        }
        return out;
      }),
    );
    return mainWasm().call("setup_assemble", "r1cs", [bytes, seed, power, tables[0]!, tables[1]!]);
  } finally {
    await pool.terminate();
  }
}
