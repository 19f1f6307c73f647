#!/usr/bin/env node
/**
 * `prom-prover`: Groth16 proving, development setup, verification-key export, verification and benchmarks,
 * on snarkjs's file formats. Exit code 0 on success (and a valid proof for `verify`), 1 otherwise.
 */
import { readFile, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { parseArgs } from "node:util";
import { defaultCircuitCacheDir, devnetCircuitParams, prepareBatchCircuit } from "../batchproof/index.js";
import { Logger } from "../log/logger.js";
import { ProverError } from "../prover/errors.js";
import { proverOptions } from "../prover/options.js";
import { Groth16Prover, resolveBackend, timeRuns } from "../prover/prove.js";
import { ProverRefusedError, serveProver } from "../prover/serve.js";
import { proofStages, type ProofProgress, type StageBackend } from "../prover/stages.js";
import { setup, UNSAFE_SETUP_WARNING } from "../prover/setup.js";
import { syntheticCircuit } from "../prover/syntheticCircuit.js";
import { exportVerificationKey } from "../prover/verificationKey.js";
import { verify } from "../prover/verify.js";
import { proverBuildChoice } from "../prover/wasmModule.js";

const help: Record<string, string> = {
  prove: `Usage: prom-prover prove <zkey> <wtns> <proof.json> <public.json> [--threads N] [--backend wasm|webgpu|auto]

Proves with a snarkjs Groth16 .zkey and a circom .wtns; writes snarkjs-shaped proof.json and public.json.
  --threads N     worker threads (default: ${proverOptions.threads.default})
  --backend B     wasm | webgpu (G1 MSMs and NTTs on the GPU) | auto (per stage, the faster one measured) (default: auto)`,
  setup: `Usage: prom-prover setup <r1cs> <out.zkey> [--power N] [--seed S]
       prom-prover setup --batch-circuit [--max-batches N] [--max-blocks-per-batch M] [--cache-dir D]

Deterministic DEVELOPMENT ceremony (powers of tau + phase 2 from a fixed seed) → a snarkjs-compatible .zkey.
${UNSAFE_SETUP_WARNING}
  --power N       size 2^N of the powers of tau the circuit must fit (default: just large enough)
  --seed S        seed of the ceremony's secrets (default: prom-dev-ceremony)
  --batch-circuit compile the P1 batch circuit (circuits/batch) and set it up, once, in the cache the devnet and the
                  aggregator read (default sizes: the devnet's, ${devnetCircuitParams.maxBatches} batch(es) of ${devnetCircuitParams.maxBlocksPerBatch} keccak block(s))
  --max-batches N, --max-blocks-per-batch M   the circuit's sizes
  --cache-dir D   where circuits are cached (default: .prom/circuits in the repo)`,
  "export-vkey": `Usage: prom-prover export-vkey <zkey> <vkey.json>

Writes the verification key, in the shape of \`snarkjs zkey export verificationkey\`.`,
  verify: `Usage: prom-prover verify <vkey.json> <public.json> <proof.json>

Checks a Groth16 proof (pairing check). Exit code 0 if it is valid, 1 if not.`,
  serve: `Usage: prom-prover serve --aggregator ws://host:port --token T [--name N] [--threads N] [--backend wasm|webgpu|auto]

Connects to an aggregator's prover endpoint and proves P1 batch proofs for it, one job at a time, until stopped
(Ctrl-C). The proving key is read from the aggregator's path when on the same machine, else downloaded once and
cached in --cache-dir. A dropped connection is retried; a refused token ends the command with exit code 1.
  --aggregator U  WebSocket URL of the aggregator's prover endpoint
  --token T       the aggregator's prover token (or PROM_PROVER_TOKEN)
  --name N        name shown in the aggregator's logs and UI (default: this host's name)
  --threads N     worker threads (default: ${proverOptions.threads.default})
  --backend B     wasm | webgpu (G1 MSMs and NTTs on the GPU) | auto (per stage, the faster one measured) (default: auto)
  --cache-dir D   where downloaded proving keys are kept (default: ~/.prom/prover-cache)
  --exit-with-stdin  stop when stdin closes (the aggregator's own prover process uses it to end with its parent)`,
  bench: `Usage: prom-prover bench msm|ntt|prove [--sizes 12,14,16] [--threads N] [--backend wasm|webgpu] [--reps N]

Times our prover on synthetic circuits of 2^k constraints (set up with the dev ceremony first, not timed), after
one untimed run (the workers convert and keep the zkey's points, as an aggregator's prover does):
  msm     a G1 MSM of 2^k points (the zkey's largest G1 table) and the G2 MSM (B2), random scalars
  ntt     the three odd-coset NTTs of the 2^k domain that a proof runs
  prove   a whole proof
  --sizes   list of k, 4..22 (default 12,14,16)
  --threads worker threads (default: ${proverOptions.threads.default})
  --backend wasm | webgpu: where msm and ntt run (default wasm; the G2 MSM runs on WASM either way)
  --reps N  timed runs per case, the fastest printed (default 1)`,
};

function usage(): string {
  return [
    "Usage: prom-prover <command> [options]",
    "",
    "Commands:",
    "  prove        prove with a .zkey and a .wtns",
    "  setup        UNSAFE development setup: .r1cs → .zkey",
    "  export-vkey  verification key of a .zkey",
    "  verify       verify a proof",
    "  serve        prove for an aggregator (remote prover)",
    "  bench        time msm, ntt or whole proofs",
    "",
    "Run `prom-prover <command> --help` for its options.",
  ].join("\n");
}

function progressPrinter(): (p: ProofProgress) => void {
  const tty = process.stderr.isTTY;
  let lastStage = "";
  return (p) => {
    const idx = proofStages.indexOf(p.stage);
    if (tty) {
      const width = 30;
      const total = (idx + p.fraction) / proofStages.length;
      const filled = Math.round(total * width);
      process.stderr.write(
        `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${p.stage.padEnd(13)} ${(p.fraction * 100).toFixed(0).padStart(3)}% ${(p.elapsedMs / 1000).toFixed(1)}s`,
      );
      if (p.stage === "done") process.stderr.write("\n");
    } else if (p.fraction === 1 && p.stage !== lastStage) {
      lastStage = p.stage;
      process.stderr.write(`${p.stage} done at ${p.elapsedMs} ms\n`);
    }
  };
}

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new ProverError("FILE_NOT_FOUND", `${what} ${file} cannot be read`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ProverError("INVALID_PROOF_FORMAT", `${what} ${file} is not JSON: ${(e as Error).message}`);
  }
}

function intOption(v: string | undefined, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new ProverError("INVALID_ARGUMENT", `--${name} must be a non-negative integer, got ${v}`);
  return n;
}

function need(pos: string[], n: number, command: string): void {
  if (pos.length !== n) throw new ProverError("INVALID_ARGUMENT", `${command} takes ${n} arguments, got ${pos.length}\n\n${help[command]}`);
}

async function bench(kind: string, sizes: number[], threads: number, backend: StageBackend, reps: number): Promise<void> {
  if (!["msm", "ntt", "prove"].includes(kind)) throw new ProverError("INVALID_ARGUMENT", `bench what? msm, ntt or prove, got ${kind}`);
  const prover = new Groth16Prover({ threads });
  const build = proverBuildChoice();
  if (build) console.log(`WASM build: ${build.file} (the faster Fq product here, ns: ${JSON.stringify(build.fqMulNs)})`);
  const print = (what: string, k: number, runs: number[], where = "") =>
    console.log(
      `${what} 2^${k} (${threads} threads${where}): ${Math.min(...runs).toFixed(0)} ms` +
        (runs.length > 1 ? ` (best of ${runs.length}: ${runs.map((r) => r.toFixed(0)).join(", ")})` : ""),
    );
  try {
    for (const k of sizes) {
      const { r1cs, wtns } = syntheticCircuit(k);
      const zkey = await setup(r1cs);
      if (kind === "prove") {
        // the untimed first proof converts the zkey's points in the workers
        print("prove", k, await timeRuns({ run: () => prover.prove(zkey, wtns, { backend }), dispose: () => undefined }, reps));
      } else if (kind === "ntt") {
        print("ntt (3 odd-coset transforms)", k, await prover.timeStage(zkey, "ntt", { backend, reps }), `, ${backend}`);
      } else {
        print("msm G1", k, await prover.timeStage(zkey, "msm-g1", { backend, reps }), `, ${backend}`);
        print("msm G2", k, await prover.timeStage(zkey, "msm-g2", { backend: "wasm", reps }), backend === "webgpu" ? ", wasm: no G2 kernel on the GPU" : ", wasm");
      }
    }
  } finally {
    await prover.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: "boolean", short: "h" },
      threads: { type: "string" },
      backend: { type: "string" },
      power: { type: "string" },
      seed: { type: "string" },
      sizes: { type: "string" },
      reps: { type: "string" },
      aggregator: { type: "string" },
      token: { type: "string" },
      name: { type: "string" },
      "cache-dir": { type: "string" },
      "exit-with-stdin": { type: "boolean" },
      "batch-circuit": { type: "boolean" },
      "max-batches": { type: "string" },
      "max-blocks-per-batch": { type: "string" },
    },
  });
  const [command, ...pos] = positionals;
  if (!command || !(command in help)) {
    if (command) console.error(`prom-prover: unknown command ${JSON.stringify(command)}\n`);
    console.log(usage());
    return command || !values.help ? 1 : 0;
  }
  if (values.help) {
    console.log(help[command]);
    return 0;
  }
  const threads = intOption(values.threads, "threads", proverOptions.threads.default);
  switch (command) {
    case "prove": {
      need(pos, 4, command);
      const [zkey, wtns, proofOut, publicOut] = pos as [string, string, string, string];
      const backend = resolveBackend(values.backend);
      const prover = new Groth16Prover({ threads });
      try {
        const { proof, publicSignals, events } = await prover.prove(zkey, wtns, { backend, onProgress: progressPrinter() });
        await writeFile(proofOut, JSON.stringify(proof, null, 1));
        await writeFile(publicOut, JSON.stringify(publicSignals, null, 1));
        for (const e of events) console.log(`${e.stage}: ${e.backend} (${e.reason})`);
      } finally {
        await prover.close();
      }
      console.log(`proof written to ${proofOut}, public signals to ${publicOut}`);
      return 0;
    }
    case "setup": {
      if (values["batch-circuit"]) {
        need(pos, 0, command);
        const params = {
          maxBatches: intOption(values["max-batches"], "max-batches", devnetCircuitParams.maxBatches),
          maxBlocksPerBatch: intOption(values["max-blocks-per-batch"], "max-blocks-per-batch", devnetCircuitParams.maxBlocksPerBatch),
        };
        console.error(`WARNING: ${UNSAFE_SETUP_WARNING}`);
        const c = await prepareBatchCircuit({ params, cacheDir: values["cache-dir"] ?? defaultCircuitCacheDir, onProgress: (m) => console.error(m) });
        console.log(`batch circuit ${params.maxBatches}x${params.maxBlocksPerBatch}: ${c.constraints} constraints\n  r1cs ${c.r1csPath}\n  wasm ${c.wasmPath}\n  zkey ${c.zkeyPath} (UNSAFE development key)`);
        return 0;
      }
      need(pos, 2, command);
      const [r1cs, out] = pos as [string, string];
      console.error(`WARNING: ${UNSAFE_SETUP_WARNING}`);
      const zkey = await setup(r1cs, { power: intOption(values.power, "power", 0), seed: values.seed });
      await writeFile(out, zkey);
      console.log(`zkey written to ${out} (UNSAFE development key)`);
      return 0;
    }
    case "export-vkey": {
      need(pos, 2, command);
      const [zkey, out] = pos as [string, string];
      await writeFile(out, JSON.stringify(await exportVerificationKey(zkey), null, 1));
      console.log(`verification key written to ${out}`);
      return 0;
    }
    case "verify": {
      need(pos, 3, command);
      const [vk, pub, proof] = pos as [string, string, string];
      const ok = verify(await readJson(vk, "verification key"), await readJson(pub, "public signals"), await readJson(proof, "proof"));
      console.log(ok ? "OK: the proof is valid" : "INVALID: the proof does not verify");
      return ok ? 0 : 1;
    }
    case "serve": {
      need(pos, 0, command);
      const token = values.token ?? process.env.PROM_PROVER_TOKEN ?? "";
      if (!values.aggregator) throw new ProverError("INVALID_ARGUMENT", `serve needs --aggregator ws://host:port\n\n${help.serve}`);
      if (!token) throw new ProverError("INVALID_ARGUMENT", `serve needs --token (or PROM_PROVER_TOKEN)\n\n${help.serve}`);
      const stop = new AbortController();
      for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => stop.abort());
      if (values["exit-with-stdin"]) {
        process.stdin.on("close", () => stop.abort()).on("end", () => stop.abort()).resume();
      }
      await serveProver({
        aggregatorUrl: values.aggregator,
        token,
        name: values.name ?? hostname(),
        backend: resolveBackend(values.backend),
        threads,
        signal: stop.signal,
        log: new Logger({ level: "info", format: "auto" }, "prover"),
        ...(values["cache-dir"] ? { cacheDir: values["cache-dir"] } : {}),
      });
      return 0;
    }
    case "bench": {
      need(pos, 1, command);
      const sizes = (values.sizes ?? "12,14,16").split(",").map((s) => {
        const k = intOption(s.trim(), "sizes", 0);
        if (k < 4 || k > 22) throw new ProverError("INVALID_ARGUMENT", `--sizes takes k from 4 to 22 (circuits of 2^k − 2 constraints), got ${k}`);
        return k;
      });
      const backend = resolveBackend(values.backend ?? "wasm");
      if (backend === "auto") throw new ProverError("INVALID_ARGUMENT", "bench takes --backend wasm or webgpu: it times one backend");
      const reps = intOption(values.reps, "reps", 1);
      if (reps < 1) throw new ProverError("INVALID_ARGUMENT", "--reps must be at least 1");
      await bench(pos[0]!, sizes, threads, backend, reps);
      return 0;
    }
  }
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof ProverError || e instanceof ProverRefusedError) console.error(`prom-prover: ${e.message} [${e.code}]`);
    // node:util's parseArgs on an unknown or malformed flag: its message names the flag, its stack helps nobody
    else if (String((e as { code?: unknown })?.code).startsWith("ERR_PARSE_ARGS")) console.error(`prom-prover: ${(e as Error).message.split(". ")[0]} (see prom-prover --help)`);
    else console.error(`prom-prover: ${(e as Error)?.stack ?? String(e)}`);
    process.exit(1);
  },
);
