/** Tunables of the prover; the config layer wires them to TOML, PROM_* environment and flags. */
import { availableParallelism } from "node:os";

export type ProverBackend = "wasm" | "webgpu" | "auto";

export const proverOptions = {
  backend: {
    default: "auto" as ProverBackend,
    doc: "Where MSM and NTT run: wasm (worker threads), webgpu (G1 MSMs and NTTs on the GPU, G2 on WASM), auto (per stage, what a calibration on this adapter and size measured as faster)",
  },
  calibrationMaxLog: { default: 16, doc: "auto backend: the calibration of a stage measures both backends on min(stage size, 2^this) elements, once per adapter and size" },
  threads: { default: availableParallelism(), doc: "Number of WASM worker threads (each its own WASM instance)" },
  msmChunksPerThread: { default: 1, doc: "MSM point ranges per worker thread; more chunks give finer progress and cancellation" },
  selfCheck: { default: true, doc: "Verify every proof with a pairing check before returning it (catches witnesses that do not satisfy the circuit)" },
};
