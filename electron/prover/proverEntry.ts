/**
 * The app's prover: the entry of its Electron utility process, and a plain Node program as well (the tests run it so).
 * It runs `serveProver` against the aggregator named in its environment (entryOptions.ts) until told to stop: a
 * `{type: "stop"}` message from the main process, SIGTERM or SIGINT. Under Electron its log records go to the main
 * process as `{type: "log", record}` messages; under plain Node they are JSON lines on stderr.
 * Exit codes: 0 stopped, 2 bad options, 3 refused by the aggregator (bad token, other protocol), 1 anything else.
 */
import { Logger, type LogRecord } from "../../node-services/log/logger.js";
import { ProverRefusedError, serveProver } from "../../node-services/prover/serve.js";
import { parseProverEntryEnv, ProverEntryError } from "./entryOptions.js";

/** Messages the prover process posts to the main process. */
export type ProverProcessMessage = { type: "log"; record: LogRecord };

/** Electron's `process.parentPort` in a utility process (absent under plain Node). */
interface ParentPort {
  on(event: "message", listener: (e: { data: unknown }) => void): void;
  postMessage(message: ProverProcessMessage): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
const log = new Logger({ level: "info", format: "json", ...(parentPort ? { write: () => undefined } : {}) }, "prover");
if (parentPort) log.subscribe((record) => parentPort.postMessage({ type: "log", record }));

async function main(): Promise<number> {
  let options;
  try {
    options = parseProverEntryEnv(process.env);
  } catch (e) {
    if (e instanceof ProverEntryError) {
      log.error(e.message);
      return 2;
    }
    throw e;
  }
  const stop = new AbortController();
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => stop.abort());
  parentPort?.on("message", (e) => {
    if ((e.data as { type?: unknown } | null)?.type === "stop") stop.abort();
  });
  try {
    await serveProver({ ...options, signal: stop.signal, log });
    log.info("prover stopped");
    return 0;
  } catch (e) {
    if (e instanceof ProverRefusedError) {
      log.error(e.message);
      return 3;
    }
    throw e;
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    log.error("prover failed", { err: e instanceof Error ? e : String(e) });
    process.exit(1);
  },
);
