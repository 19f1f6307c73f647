/**
 * Provers sharing the aggregator's proof jobs over the prover endpoint, with real proofs of a real circuit
 * (circuits/test poseidon24, ~2^14 constraints): a refused token, two provers splitting the queue, and a local prover
 * process killed with SIGKILL mid-proof whose job is retried by its restarted process and finishes, and a prover
 * that goes silent mid-job (no heartbeat) whose job finishes on another prover.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { circuits, compile } from "../../circuits/test/fixtures.js";
import type { ProofJobView } from "../api/proofJobs.js";
import type { Db } from "../db/db.js";
import { openTestPglite } from "../db/testDb.js";
import { encodeFrame, PROTOCOL_VERSION } from "../prover/remote/protocol.js";
import { ProverRefusedError, serveProver } from "../prover/serve.js";
import { setup } from "../prover/setup.js";
import { exportVerificationKey } from "../prover/verificationKey.js";
import { verify } from "../prover/verify.js";
import { JobRunner, type ProvingKey } from "./jobRunner.js";
import { LocalProvers } from "./localProvers.js";
import { ProofJobs } from "./proofJobs.js";
import { ProverHub } from "./proverHub.js";
import { testLogger } from "../testing/testLogger.js";

const log = testLogger("error");
const TOKEN = "test-token-0123456789";

let dir: string;
let key: ProvingKey;
let wtns: Uint8Array;
let db: Db;
let dispose: () => Promise<void>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "prom-provers-"));
  const c = await compile(circuits.poseidon24);
  const zkey = await setup(c.r1cs);
  const zkeyPath = join(dir, "circuit.zkey");
  writeFileSync(zkeyPath, zkey);
  key = { zkey: { hash: createHash("sha256").update(zkey).digest("hex"), size: zkey.byteLength, path: zkeyPath }, vkey: await exportVerificationKey(zkey) };
  wtns = readFileSync(c.wtns);
  ({ db, dispose } = await openTestPglite());
}, 120_000);

afterAll(async () => {
  await dispose?.();
  rmSync(dir, { recursive: true, force: true });
});

/** A hub, jobs and a runner wired as the aggregator wires them. */
async function pipeline(opts: { maxAttempts?: number; heartbeatMs?: number } = {}) {
  const jobs = new ProofJobs(db, { maxAttempts: opts.maxAttempts ?? 3, log });
  const hub: ProverHub = new ProverHub({ host: "127.0.0.1", port: 0, token: TOKEN, heartbeatMs: opts.heartbeatMs ?? 5000, log, zkey: () => key.zkey, onIdle: () => void runner.fill() });
  const runner: JobRunner = new JobRunner({ jobs, hub, key: () => key, witness: async () => ({ wtns }), log, onSettled: () => void runner.fill() });
  const url = await hub.start();
  return { jobs, hub, runner, url };
}

function until(jobs: ProofJobs, id: number, pred: (j: ProofJobView) => boolean, timeoutMs: number): Promise<ProofJobView> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      off();
      void jobs.get(id).then((j) => reject(new Error(`job ${id} timed out in ${JSON.stringify(j)}`)));
    }, timeoutMs);
    const off = jobs.subscribe((j) => {
      if (j.id === id && pred(j)) {
        clearTimeout(t);
        off();
        resolve(j);
      }
    });
    void jobs.get(id).then((j) => {
      if (j && pred(j)) {
        clearTimeout(t);
        off();
        resolve(j);
      }
    });
  });
}

describe("prover endpoint", () => {
  it("refuses a prover with a wrong or missing token, saying so", async () => {
    const { hub, url } = await pipeline();
    try {
      const stop = new AbortController();
      const base = { aggregatorUrl: url, name: "intruder", backend: "wasm" as const, threads: 1, signal: stop.signal, log };
      await expect(serveProver({ ...base, token: "wrong" })).rejects.toThrow(ProverRefusedError);
      await expect(serveProver({ ...base, token: "wrong" })).rejects.toThrow(/refused the token \(HTTP 401: wrong prover token\); check --token/);
      await expect(serveProver({ ...base, token: " " })).rejects.toThrow(/HTTP 401/);
      expect(hub.provers()).toEqual([]);
    } finally {
      await hub.stop();
    }
  });

  it("two provers share the queue, one job each at a time, and every proof verifies", async () => {
    const { jobs, hub, url } = await pipeline();
    const stop = new AbortController();
    const cacheDir = join(dir, "cache");
    const provers = ["prover-a", "prover-b"].map((name) =>
      serveProver({ aggregatorUrl: url, token: TOKEN, name, backend: "wasm", threads: 1, signal: stop.signal, log, cacheDir }),
    );
    try {
      const created: ProofJobView[] = [];
      for (let i = 0; i < 4; i++) created.push(await jobs.create(100 + i * 10, 105 + i * 10));
      let busyAtOnce = 0;
      const off = jobs.subscribe(() => (busyAtOnce = Math.max(busyAtOnce, hub.provers().filter((p) => p.job !== null).length)));
      const done = await Promise.all(created.map((j) => until(jobs, j.id, (v) => v.stage === "done", 90_000)));
      off();
      expect(new Set(done.map((j) => j.prover))).toEqual(new Set(["prover-a", "prover-b"]));
      expect(done.every((j) => j.backend === "wasm")).toBe(true);
      expect(busyAtOnce).toBe(2);
      for (const p of hub.provers()) expect(p.jobsDone).toBeGreaterThanOrEqual(1);
      const stored = await jobs.inStates(["proving"]);
      for (const j of stored.filter((s) => created.some((c) => c.id === s.id))) {
        expect(verify(key.vkey, j.publicSignals, j.proof)).toBe(true);
        expect(j.attempts).toBe(1);
        expect(j.stageTimesMs).toHaveProperty("msm-h");
      }
    } finally {
      stop.abort();
      await Promise.all(provers);
      await hub.stop();
    }
  }, 120_000);

  it("a local prover process killed mid-proof: its job is retried by the restarted process and finishes", async () => {
    const { jobs, hub, url } = await pipeline();
    const local = new LocalProvers({ count: 1, url, token: TOKEN, threads: 1, backend: "wasm", log, cacheDir: join(dir, "cache-local") });
    local.start();
    try {
      const job = await jobs.create(1000, 1002);
      const running = await until(jobs, job.id, (j) => j.state === "proving" && j.stage !== null, 60_000);
      expect(running.prover).toBe("local-1");
      const [pid] = local.pids();
      process.kill(pid!, "SIGKILL");
      const requeued = await until(jobs, job.id, (j) => j.state === "queued" || (j.attempts === 2 && j.state !== "proving"), 30_000);
      expect(requeued.error).toMatch(/prover local-1 went away during job/);
      const done = await until(jobs, job.id, (j) => j.stage === "done", 90_000);
      expect(done.attempts).toBe(2);
      expect(local.pids()[0]).not.toBe(pid);
      const stored = (await jobs.inStates(["proving"])).find((j) => j.id === job.id)!;
      expect(verify(key.vkey, stored.publicSignals, stored.proof)).toBe(true);
    } finally {
      await local.stop();
      await hub.stop();
    }
  }, 180_000);

  it("a prover that goes silent mid-job (no pongs) is dropped and its job finishes on another prover", async () => {
    const { jobs, hub, url } = await pipeline({ heartbeatMs: 1000 });
    const stop = new AbortController();
    // A prover that takes a job and then stops reading its socket: it answers no ping from then on.
    const silent = new WebSocket(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    silent.on("open", () => silent.send(encodeFrame({ type: "hello", protocol: PROTOCOL_VERSION, name: "silent", threads: 1, backend: "wasm" })));
    silent.on("message", (data) => {
      const text = data.toString();
      if (text.includes('"welcome"')) silent.send(encodeFrame({ type: "ready" }));
      else silent.pause();
    });
    let real: Promise<void> | undefined;
    try {
      const job = await jobs.create(2000, 2000);
      const taken = await until(jobs, job.id, (j) => j.prover === "silent", 20_000);
      expect(taken.state).toBe("proving");
      const requeued = await until(jobs, job.id, (j) => j.state === "queued", 20_000);
      expect(requeued.error).toMatch(/prover silent went away during job .*no heartbeat/);
      real = serveProver({ aggregatorUrl: url, token: TOKEN, name: "steady", backend: "wasm", threads: 1, signal: stop.signal, log, cacheDir: join(dir, "cache") });
      const done = await until(jobs, job.id, (j) => j.stage === "done", 90_000);
      expect(done).toMatchObject({ prover: "steady", attempts: 2 });
    } finally {
      silent.terminate();
      stop.abort();
      await real;
      await hub.stop();
    }
  }, 150_000);
});
