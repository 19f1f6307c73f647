/** Tunables of the prover; the config layer wires them to TOML, PROM_* environment and flags. */
import { availableParallelism } from "node:os";

export type ProverBackend = "wasm" | "webgpu" | "auto";

export const proverOptions = {
  backend: { default: "auto" as ProverBackend, doc: "Where MSM and NTT run: wasm (worker threads), webgpu (not available yet), auto (the fastest available)" },
  threads: { default: availableParallelism(), doc: "Number of WASM worker threads (each its own WASM instance)" },
  msmChunksPerThread: { default: 1, doc: "MSM point ranges per worker thread; more chunks give finer progress and cancellation" },
  selfCheck: { default: true, doc: "Verify every proof with a pairing check before returning it (catches witnesses that do not satisfy the circuit)" },
};
