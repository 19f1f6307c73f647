/**
 * Crash safety of the synchronizer as a process: `kill -9` while it applies L1 blocks, then a restart on the same
 * PGlite data dir. It must go on from its checkpoint and end with exactly what a sync that never crashed stores:
 * the same L1 blocks (none skipped, none twice), batches, L2 blocks and roots.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../db/openDb.js";
import { openTestPglite } from "../db/testDb.js";
import { Logger } from "../log/logger.js";
import { StateRepository } from "../state/stateRepository.js";
import { BatchSource, derivedStateOf, startTestL1, syncNode, targetOf, type TestL1 } from "./testL1.js";

const repoRoot = join(import.meta.dirname, "..", "..");
const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null || c.signalCode !== null ? r(c.exitCode) : c.once("exit", (code) => r(code))));

/** Starts the sync process; `onLine` sees each stdout line. */
function startSync(dataDir: string, targetFile: string, untilBlock: number, onLine: (line: string) => void): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", "node-services/synchronizer/testSyncProcess.ts", dataDir, targetFile, String(untilBlock)], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
    const lines = out.split("\n");
    out = lines.pop()!;
    lines.forEach(onLine);
  });
  child.stderr!.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  return { child, stderr: () => err };
}

describe("synchronizer process killed with SIGKILL", () => {
  let l1: TestL1;
  const dir = mkdtempSync(join(tmpdir(), "prom-sync-crash-"));

  beforeAll(async () => {
    l1 = await startTestL1();
  }, 60_000);
  afterAll(async () => {
    await l1?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("resumes from its checkpoint with no gap and no duplicate", { timeout: 240_000 }, async () => {
    const source = new BatchSource(l1);
    for (let i = 0; i < 20; i++) await source.sequence(3, 2);
    const head = Number(await l1.provider.send("eth_blockNumber", []));
    const targetFile = join(dir, "target.json");
    writeFileSync(targetFile, JSON.stringify(targetOf(l1)));
    const dataDir = join(dir, "node");

    let seen = 0;
    const first = startSync(dataDir, targetFile, head, (line) => {
      if (!line.startsWith("virtual ")) return;
      seen = Number(line.slice(8));
      if (seen >= 20) first.child.kill("SIGKILL");
    });
    await exited(first.child);
    expect(first.child.signalCode, `the sync process ended by itself: ${first.stderr()}`).toBe("SIGKILL");
    expect(seen).toBeLessThan(60);

    const resumed: number[] = [];
    const second = startSync(dataDir, targetFile, head, (line) => {
      if (line.startsWith("virtual ")) resumed.push(Number(line.slice(8)));
    });
    expect(await exited(second.child), second.stderr()).toBe(0);
    // It went on where the checkpoint was: every batch it made virtual is after the ones the killed run committed.
    expect(resumed.length).toBeGreaterThan(0);
    expect(resumed[0]).toBeGreaterThan(seen);
    expect(resumed.at(-1)).toBe(60);

    const crashed = await openDb({ dataDir, dbUrl: "" });
    const fresh = await openTestPglite();
    try {
      const log = new Logger({ level: "error", format: "json" });
      const node = await syncNode(fresh.db, targetOf(l1), log, { l1BlockRange: 1, intervalMs: 50 });
      await node.synchronizer.start();
      while (node.synchronizer.status().l1Synced < head) await new Promise((r) => setTimeout(r, 50));
      await node.stop();
      const l1Blocks = "SELECT block_num, block_hash FROM state.l1_block ORDER BY block_num";
      expect(await crashed.query(l1Blocks)).toEqual(await fresh.db.query(l1Blocks));
      expect(await derivedStateOf(new StateRepository(crashed))).toEqual(await derivedStateOf(node.state));
    } finally {
      await crashed.close();
      await fresh.dispose();
    }
  });
});
