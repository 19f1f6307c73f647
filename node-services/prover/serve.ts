/**
 * `prom-prover serve`: a prover that dials an aggregator, takes one P1 proof job at a time, streams stage progress
 * and returns the proof (protocol in remote/protocol.ts). It reconnects when the connection drops (the job it was
 * on is abandoned: the aggregator gives it to another prover) and stops for good on a refused token or another
 * protocol version. The aggregator's local prover process and the desktop app's utility process run this same code.
 */
import WebSocket from "ws";
import type { Logger } from "../log/logger.js";
import { ProverError, toWire } from "./errors.js";
import type { ProverBackend } from "./options.js";
import { Groth16Prover, resolveBackend } from "./prove.js";
import type { ProofEvent } from "./stages.js";
import {
  asBuffer,
  CloseCode,
  decodeAggregatorMessage,
  encodeFrame,
  PROTOCOL_VERSION,
  ProtocolError,
  type AggregatorMessage,
  type ProverMessage,
  type ZkeyRef,
} from "./remote/protocol.js";
import { defaultZkeyCacheDir, ZkeyCache } from "./remote/zkeyCache.js";

export interface ServeProverOptions {
  /** ws://host:port of the aggregator's prover endpoint. */
  aggregatorUrl: string;
  token: string;
  /** Shown in the aggregator's logs and the UI's job list. */
  name: string;
  backend: ProverBackend;
  threads: number;
  /** Aborting it stops the prover (a job in progress is dropped; the aggregator requeues it). */
  signal: AbortSignal;
  log: Logger;
  /** Where downloaded proving keys are kept (default ~/.prom/prover-cache). */
  cacheDir?: string;
}

/** The aggregator will not have this prover: bad token, other protocol version. Reconnecting cannot help. */
export class ProverRefusedError extends Error {
  readonly code = "PROVER_REFUSED";
  constructor(message: string) {
    super(message);
    this.name = "ProverRefusedError";
  }
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;
/** Largest frame accepted from the aggregator (a zkey of a 2^21-constraint circuit is about 1.5 GB). */
const MAX_FRAME_BYTES = 2 ** 32 - 1;

/** Runs until `signal` aborts (then resolves) or the aggregator refuses this prover (then rejects). */
export async function serveProver(opts: ServeProverOptions): Promise<void> {
  resolveBackend(opts.backend);
  const prover = new Groth16Prover({ threads: opts.threads });
  const cache = new ZkeyCache(opts.cacheDir ?? defaultZkeyCacheDir);
  let delay = RECONNECT_MIN_MS;
  try {
    while (!opts.signal.aborted) {
      const { welcomed, reason } = await session(opts, prover, cache);
      if (opts.signal.aborted) break;
      if (welcomed) delay = RECONNECT_MIN_MS;
      opts.log.warn("not connected to the aggregator; retrying", { aggregator: opts.aggregatorUrl, reason, retryInMs: delay });
      await sleep(delay, opts.signal);
      delay = Math.min(RECONNECT_MAX_MS, delay * 2);
    }
  } finally {
    await prover.close();
  }
}

/** One connection: resolves when it closes (with why), rejects when the aggregator refuses this prover. */
function session(opts: ServeProverOptions, prover: Groth16Prover, cache: ZkeyCache): Promise<{ welcomed: boolean; reason: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(opts.aggregatorUrl, { headers: { authorization: `Bearer ${opts.token}` }, maxPayload: MAX_FRAME_BYTES });
    let welcomed = false;
    let refused: Error | null = null;
    let lastError = "";
    let watchdog: NodeJS.Timeout | undefined;
    let job: { id: number; abort: AbortController } | null = null;
    const zkeyWaiters = new Map<string, (bytes: Uint8Array) => void>();

    const send = (msg: ProverMessage) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(encodeFrame(msg));
    };
    const onStop = () => ws.close(CloseCode.SHUTDOWN, "prover stopping");
    opts.signal.addEventListener("abort", onStop, { once: true });

    const armWatchdog = (heartbeatMs: number) => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        lastError = `no heartbeat from the aggregator for ${3 * heartbeatMs} ms`;
        ws.terminate();
      }, 3 * heartbeatMs);
    };

    const runJob = async (jobId: number, zkey: ZkeyRef, witness: Uint8Array) => {
      const abort = new AbortController();
      job = { id: jobId, abort };
      const started = Date.now();
      opts.log.info("P1 proof job taken", { job: jobId, aggregator: opts.aggregatorUrl });
      try {
        let zkeyPath = await cache.find(zkey);
        if (!zkeyPath) {
          opts.log.info("downloading the proving key", { sha256: zkey.hash, bytes: zkey.size });
          const bytes = await new Promise<Uint8Array>((res, rej) => {
            zkeyWaiters.set(zkey.hash, res);
            abort.signal.addEventListener("abort", () => rej(new ProverError("CANCELLED", "the proof was cancelled")), { once: true });
            send({ type: "zkey-request", hash: zkey.hash });
          });
          zkeyPath = cache.store(zkey, bytes);
        }
        const { proof, publicSignals, events } = await prover.prove(zkeyPath, witness, {
          backend: opts.backend,
          signal: abort.signal,
          onProgress: (p) => send({ type: "progress", jobId, stage: p.stage, fraction: p.fraction, elapsedMs: Math.round(p.elapsedMs) }),
        });
        const elapsedMs = Date.now() - started;
        send({ type: "result", jobId, proof, publicSignals, backend: backendsUsed(events), elapsedMs });
        opts.log.info("P1 proof sent to the aggregator", { job: jobId, ms: elapsedMs });
      } catch (e) {
        const w = toWire(e);
        if (w.code !== "CANCELLED") opts.log.error("P1 proof job failed", { job: jobId, code: w.code, err: w.message });
        send({ type: "job-error", jobId, code: w.code, message: w.message });
      } finally {
        job = null;
        send({ type: "ready" });
      }
    };

    const handle = (msg: AggregatorMessage, bytes: Uint8Array | undefined) => {
      switch (msg.type) {
        case "welcome":
          welcomed = true;
          armWatchdog(msg.heartbeatMs);
          ws.on("ping", () => armWatchdog(msg.heartbeatMs));
          opts.log.info("connected to the aggregator", { aggregator: opts.aggregatorUrl, proverId: msg.proverId });
          send({ type: "ready" });
          return;
        case "job":
          if (job || !bytes) throw new ProtocolError(job ? `job ${msg.jobId} sent while job ${job.id} runs` : `job ${msg.jobId} came without its witness`);
          void runJob(msg.jobId, msg.zkey, bytes);
          return;
        case "zkey": {
          const waiter = zkeyWaiters.get(msg.hash);
          if (!waiter || !bytes) throw new ProtocolError(`zkey ${msg.hash} was not asked for, or came without bytes`);
          zkeyWaiters.delete(msg.hash);
          waiter(bytes);
          return;
        }
        case "cancel":
          if (job?.id === msg.jobId) job.abort.abort();
          return;
      }
    };

    ws.on("unexpected-response", (_req, res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => {
        const why = body.trim() || res.statusMessage || "";
        refused =
          res.statusCode === 401
            ? new ProverRefusedError(`the aggregator at ${opts.aggregatorUrl} refused the token (HTTP 401${why ? `: ${why}` : ""}); check --token`)
            : null;
        lastError = `HTTP ${res.statusCode ?? "?"} ${why}`;
        ws.terminate();
      });
    });
    ws.on("open", () => {
      send({ type: "hello", protocol: PROTOCOL_VERSION, name: opts.name, threads: prover.threads, backend: opts.backend });
    });
    ws.on("message", (data, isBinary) => {
      try {
        const { msg, bytes } = decodeAggregatorMessage(asBuffer(data), isBinary);
        handle(msg, bytes);
      } catch (e) {
        lastError = (e as Error).message;
        opts.log.error("bad message from the aggregator", { err: lastError });
        ws.close(CloseCode.BAD_MESSAGE, lastError.slice(0, 120));
      }
    });
    ws.on("error", (e) => {
      lastError = e.message;
    });
    ws.on("close", (code, reasonBuf) => {
      clearTimeout(watchdog);
      opts.signal.removeEventListener("abort", onStop);
      job?.abort.abort();
      const reason = reasonBuf.toString() || lastError || `closed (${code})`;
      if (code === CloseCode.PROTOCOL_MISMATCH) refused = new ProverRefusedError(`the aggregator refused this prover: ${reason}`);
      if (refused) reject(refused);
      else resolve({ welcomed, reason });
    });
  });
}

/** "wasm" or "webgpu" when every stage ran there, else each stage's choice ("ntt=webgpu,msm-a=wasm,…"). */
function backendsUsed(events: readonly ProofEvent[]): string {
  const kinds = new Set(events.map((e) => e.backend));
  if (kinds.size <= 1) return [...kinds][0] ?? "wasm";
  return events.map((e) => `${e.stage}=${e.backend}`).join(",");
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
