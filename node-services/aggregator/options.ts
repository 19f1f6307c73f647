/** The aggregator's settings: TOML `[aggregator]`, `PROM_AGGREGATOR_*` variables and `--aggregator-*` flags. */
import { defineSection, type SectionValues } from "../config/option.js";

export const aggregatorSection = defineSection("aggregator", "Aggregator: P1 batch proofs (binding, not execution validity) and their provers", {
  key: {
    type: "string",
    default: "",
    doc: "Private key of the trusted aggregator on L1: it sends verifyBatchesTrustedAggregator, and L1 binds its address into every proof's input.",
  },
  host: {
    type: "string",
    default: "127.0.0.1",
    doc: "Address of the prover endpoint provers dial (prom-prover serve). Loopback by default; use 0.0.0.0 to take remote provers.",
  },
  port: { type: "number", default: 50081, min: 0, max: 65535, doc: "Port of the prover endpoint (0: any free port)." },
  token: {
    type: "string",
    default: "",
    doc: "Token provers must present (prom-prover serve --token). Empty: a random token each start, known only to the local provers.",
  },
  heartbeatMs: { type: "number", default: 5000, min: 100, doc: "Ping interval of the prover endpoint; a prover silent for three intervals is dropped and its job retried." },
  localProvers: {
    type: "number",
    default: 1,
    min: 0,
    max: 64,
    doc: "Prover processes the aggregator starts itself on its endpoint. 0: none (the desktop app starts its own; or remote provers only).",
  },
  proverThreads: { type: "number", default: 0, min: 0, max: 256, doc: "Worker threads of each local prover process (0: one per CPU core)." },
  proverBackend: {
    type: "string",
    default: "auto",
    choices: ["auto", "wasm", "webgpu"],
    doc: "Backend of the local provers: wasm, webgpu, or auto (per stage, the faster one).",
  },
  maxAttempts: { type: "number", default: 3, min: 1, max: 100, doc: "Attempts of a proof job (witness, proof, L1 submission) before it fails for good." },
  maxJobsAhead: { type: "number", default: 4, min: 1, max: 1000, doc: "Proof jobs prepared past the last batch verified on L1 (several provers work on them at once)." },
  maxBatchesPerProof: {
    type: "number",
    default: 1,
    min: 1,
    max: 1000,
    doc: "Batches one P1 proof covers at most (a circuit parameter: changing it builds a new circuit and development key). L1 sequences larger than this cannot be proved: keep sequenceSender.maxBatchesPerSequence at or below it.",
  },
  maxBlocksPerBatch: {
    type: "number",
    default: 1,
    min: 1,
    max: 1000,
    doc: "keccak blocks of 136 bytes per batch the circuit hashes (a circuit parameter): a batch's batchL2Data may hold at most 136 × this − 1 bytes.",
  },
  circuitDir: { type: "string", default: "", doc: "Where the batch circuit, its witness generator and its development key are built and cached. Empty: <data-dir>/circuits." },
  intervalMs: { type: "number", default: 2000, min: 50, doc: "How often the aggregator looks for new virtual batches and for the fate of its L1 txs." },
});

export type AggregatorOptions = SectionValues<(typeof aggregatorSection)["options"]>;

export const defaultAggregatorOptions: AggregatorOptions = Object.fromEntries(
  Object.entries(aggregatorSection.options).map(([k, v]) => [k, v.default]),
) as AggregatorOptions;
