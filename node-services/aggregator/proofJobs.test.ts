import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProofJobView } from "../api/proofJobs.js";
import { migrate } from "../db/migrate.js";
import { openPgliteWorker } from "../db/pgliteWorkerDb.js";
import { testBackends, type TestDb } from "../db/testDb.js";
import { Logger } from "../log/logger.js";
import { ProofJobStateError } from "./jobState.js";
import { ProofJobStore } from "./jobStore.js";
import { ProofJobCancelError, ProofJobRetryError, ProofJobs } from "./proofJobs.js";

const log = new Logger({ level: "error", format: "json", write: () => undefined });
const proof = { pi_a: ["1", "2", "1"], pi_b: [["1", "2"], ["3", "4"], ["1", "0"]], pi_c: ["5", "6", "1"], protocol: "groth16", curve: "bn128" } as const;

describe.each(testBackends)("proof jobs on $name", ({ open }) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await open();
  }, 60_000);
  afterAll(() => t?.dispose());

  it("walks queued → witness → proving stages → submitted → verified, timing each and counting the attempt", async () => {
    const jobs = new ProofJobs(t.db, { maxAttempts: 3, log });
    const seen: ProofJobView[] = [];
    const off = jobs.subscribe((j) => seen.push(j));
    const job = await jobs.create(1, 3);
    expect(job).toMatchObject({ state: "queued", attempts: 0, initBatch: 1, finalBatch: 3, proofLevel: "P1" });
    const begun = await jobs.begin(job.id);
    expect(begun?.job).toMatchObject({ state: "witness", attempts: 1 });
    expect(await jobs.begin(job.id)).toBeNull(); // no longer queued
    await jobs.proving(job.id, "local-1", "wasm");
    jobs.progress(job.id, "ntt", 0.5);
    jobs.progress(job.id, "msm-a", 0.25);
    await jobs.proved(job.id, structuredClone(proof) as never, ["123"]);
    const mid = await jobs.get(job.id);
    expect(mid).toMatchObject({ state: "proving", stage: "done", progress: 1, prover: "local-1", backend: "wasm" });
    expect(Object.keys(mid!.stageTimesMs)).toEqual(expect.arrayContaining(["queued", "witness", "proving", "ntt", "msm-a"]));
    expect(mid).not.toHaveProperty("proof");
    await jobs.submitted(job.id, "proof-1-3");
    await jobs.txSent(job.id, "0xabc");
    const done = await jobs.verified(job.id);
    expect(done).toMatchObject({ state: "verified", l1TxHash: "0xabc", l1TxId: "proof-1-3" });
    off();
    expect(seen.map((j) => `${j.state}:${j.stage ?? ""}`)).toEqual([
      "queued:",
      "witness:",
      "proving:",
      "proving:ntt",
      "proving:msm-a",
      "proving:done",
      "submitted:",
      "submitted:",
      "verified:",
    ]);
  });

  it("requeues failed attempts until the limit, then fails with the reason; the operator can queue it again", async () => {
    const jobs = new ProofJobs(t.db, { maxAttempts: 2, log });
    const job = await jobs.create(10, 12);
    await jobs.begin(job.id);
    await jobs.proving(job.id, "remote-a", "wasm");
    expect(await jobs.attemptFailed(job.id, "prover remote-a disconnected")).toMatchObject({ state: "queued", attempts: 1, prover: null });
    await jobs.begin(job.id);
    const failed = await jobs.attemptFailed(job.id, "witness: boom");
    expect(failed).toMatchObject({ state: "failed", attempts: 2, error: "witness: boom (after 2 attempts)" });
    await expect(jobs.cancel(job.id)).rejects.toThrow(ProofJobCancelError);
    await jobs.retry(job.id);
    expect(await jobs.get(job.id)).toMatchObject({ state: "queued", attempts: 0 });
    await expect(jobs.retry(job.id)).rejects.toThrow(ProofJobRetryError);
  });

  it("cancels a running job (aborting its work) and refuses illegal moves", async () => {
    const jobs = new ProofJobs(t.db, { maxAttempts: 3, log });
    const job = await jobs.create(20, 20);
    const begun = await jobs.begin(job.id);
    await jobs.cancel(job.id);
    expect(begun!.signal.aborted).toBe(true);
    expect(await jobs.get(job.id)).toMatchObject({ state: "cancelled" });
    // The work that was running reports back late: nothing changes.
    expect(await jobs.attemptFailed(job.id, "cancelled")).toBeNull();
    await expect(jobs.submitted(job.id, "x")).resolves.toBeNull();
    const other = await jobs.create(30, 31);
    await expect(jobs.verified(other.id)).resolves.toBeNull();
    await expect(new ProofJobStore(t.db).update(other.id, "verified")).rejects.toThrow(ProofJobStateError);
  });

  it("one live job per first batch", async () => {
    const jobs = new ProofJobs(t.db, { maxAttempts: 3, log });
    await jobs.create(40, 41);
    await expect(jobs.create(40, 42)).rejects.toThrow();
    expect(await jobs.lastLiveFinalBatch()).toBeGreaterThanOrEqual(41);
  });

  it("lists newest first, filtered by state, with the total", async () => {
    const jobs = new ProofJobs(t.db, { maxAttempts: 3, log });
    const all = await jobs.list({ limit: 2, offset: 0 });
    expect(all.jobs).toHaveLength(2);
    expect(all.total).toBeGreaterThan(2);
    expect(all.jobs[0]!.id).toBeGreaterThan(all.jobs[1]!.id);
    const verified = await jobs.list({ limit: 10, offset: 0, state: "verified" });
    expect(verified.jobs.every((j) => j.state === "verified")).toBe(true);
    expect(verified.total).toBe(verified.jobs.length);
  });
});

describe("proof jobs across a restart", () => {
  it("jobs a dead process left in witness or proving go back to the queue; a finished proof is kept", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prom-jobs-"));
    let db = await openPgliteWorker(dir);
    await migrate(db);
    let jobs = new ProofJobs(db, { maxAttempts: 3, log });
    const a = await jobs.create(1, 2);
    const b = await jobs.create(3, 4);
    const c = await jobs.create(5, 6);
    await jobs.begin(a.id);
    await jobs.begin(b.id);
    await jobs.proving(b.id, "p", "wasm");
    await jobs.begin(c.id);
    await jobs.proving(c.id, "p", "wasm");
    await jobs.proved(c.id, structuredClone(proof) as never, ["1"]);
    await db.close();

    db = await openPgliteWorker(dir);
    jobs = new ProofJobs(db, { maxAttempts: 3, log });
    expect(await jobs.recover()).toBe(2);
    expect(await jobs.get(a.id)).toMatchObject({ state: "queued", attempts: 1, error: "abandoned in witness: the aggregator stopped" });
    expect(await jobs.get(b.id)).toMatchObject({ state: "queued", attempts: 1, error: "abandoned in proving: the aggregator stopped" });
    const kept = (await jobs.inStates(["proving"]))[0]!;
    expect(kept).toMatchObject({ id: c.id, stage: "done", publicSignals: ["1"] });
    expect(kept.proof?.pi_a).toEqual(proof.pi_a);
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
