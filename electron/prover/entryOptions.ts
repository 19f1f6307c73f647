/**
 * What the prover utility process is told by the main process, through its environment (the token never appears in
 * a process list). Checked here so a bad value stops the process with a message naming the variable.
 */
import { availableParallelism } from "node:os";
import type { ProverBackend } from "../../node-services/prover/options.js";

export interface ProverEntryOptions {
  aggregatorUrl: string;
  token: string;
  name: string;
  threads: number;
  backend: ProverBackend;
  /** Where downloaded proving keys are kept; serveProver's default when absent. */
  cacheDir?: string;
}

export const proverEnv = {
  aggregatorUrl: "PROM_PROVER_AGGREGATOR",
  token: "PROM_PROVER_TOKEN",
  name: "PROM_PROVER_NAME",
  threads: "PROM_PROVER_THREADS",
  backend: "PROM_PROVER_BACKEND",
  cacheDir: "PROM_PROVER_CACHE_DIR",
} as const;

const backends: readonly ProverBackend[] = ["auto", "wasm", "webgpu"];

export class ProverEntryError extends Error {
  readonly code = "PROVER_ENTRY";
  constructor(message: string) {
    super(message);
    this.name = "ProverEntryError";
  }
}

/** The variables `options` becomes (the main process's side of the contract). */
export function proverEntryEnv(o: ProverEntryOptions): Record<string, string> {
  return {
    [proverEnv.aggregatorUrl]: o.aggregatorUrl,
    [proverEnv.token]: o.token,
    [proverEnv.name]: o.name,
    [proverEnv.threads]: String(o.threads),
    [proverEnv.backend]: o.backend,
    ...(o.cacheDir ? { [proverEnv.cacheDir]: o.cacheDir } : {}),
  };
}

export function parseProverEntryEnv(env: Record<string, string | undefined>): ProverEntryOptions {
  const aggregatorUrl = env[proverEnv.aggregatorUrl] ?? "";
  let url: URL;
  try {
    url = new URL(aggregatorUrl);
  } catch {
    throw new ProverEntryError(`${proverEnv.aggregatorUrl} must be the aggregator's ws:// URL, got ${JSON.stringify(aggregatorUrl)}`);
  }
  if (url.protocol !== "ws:" && url.protocol !== "wss:") throw new ProverEntryError(`${proverEnv.aggregatorUrl} must be a ws:// or wss:// URL, got ${aggregatorUrl}`);
  const token = env[proverEnv.token] ?? "";
  if (!token) throw new ProverEntryError(`${proverEnv.token} is empty: the aggregator's prover token is required`);
  const threadsRaw = env[proverEnv.threads] || String(availableParallelism());
  const threads = Number(threadsRaw);
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) throw new ProverEntryError(`${proverEnv.threads} must be an integer from 1 to 256, got ${JSON.stringify(threadsRaw)}`);
  const backend = (env[proverEnv.backend] || "auto") as ProverBackend;
  if (!backends.includes(backend)) throw new ProverEntryError(`${proverEnv.backend} must be one of ${backends.join(", ")}, got ${JSON.stringify(backend)}`);
  const cacheDir = env[proverEnv.cacheDir];
  return { aggregatorUrl, token, name: env[proverEnv.name] || "desktop", threads, backend, ...(cacheDir ? { cacheDir } : {}) };
}
