/**
 * The app's prover entry, run as a plain Node child process (what Electron's utility process runs, minus Electron)
 * against a real aggregator prover endpoint: it connects with the token, proves a real job whose proof verifies, stops
 * cleanly on SIGTERM, and exits with a distinct code and a clear message on a refused token or bad options.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { circuits, compile } from "../../circuits/test/fixtures.js";
import { ProverHub } from "../../node-services/aggregator/proverHub.js";
import { setup } from "../../node-services/prover/setup.js";
import type { ZkeyRef } from "../../node-services/prover/remote/protocol.js";
import { exportVerificationKey } from "../../node-services/prover/verificationKey.js";
import { verify } from "../../node-services/prover/verify.js";
import { parseProverEntryEnv, proverEntryEnv, type ProverEntryOptions } from "./entryOptions.js";
import { until } from "../../node-services/testing/until.js";
import { testLogger } from "../../node-services/testing/testLogger.js";

const TOKEN = "entry-test-token-0123456789";
const entry = fileURLToPath(new URL("./proverEntry.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const log = testLogger("error");

let dir: string;
let zkey: ZkeyRef;
let vkey: unknown;
let wtns: Uint8Array;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "prom-prover-entry-"));
  const c = await compile(circuits.poseidon24);
  const bytes = await setup(c.r1cs);
  const path = join(dir, "circuit.zkey");
  writeFileSync(path, bytes);
  zkey = { hash: createHash("sha256").update(bytes).digest("hex"), size: bytes.byteLength, path };
  vkey = await exportVerificationKey(bytes);
  wtns = readFileSync(c.wtns);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The entry as a child process; `output` collects its JSON log lines. */
function runEntry(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", entry], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}


const options = (url: string, o: Partial<ProverEntryOptions> = {}): ProverEntryOptions => ({
  aggregatorUrl: url,
  token: TOKEN,
  name: "desktop-test",
  threads: 1,
  backend: "wasm",
  cacheDir: join(dir, "cache"),
  ...o,
});

describe("prover entry against a real prover endpoint", () => {
  it("connects, proves a job whose proof verifies, and stops cleanly on SIGTERM", async () => {
    const hub = new ProverHub({ host: "127.0.0.1", port: 0, token: TOKEN, heartbeatMs: 500, log, zkey: () => zkey });
    const url = await hub.start();
    const p = runEntry(proverEntryEnv(options(url)));
    try {
      await until("the prover to connect", () => hub.provers().length === 1);
      expect(hub.provers()[0]).toMatchObject({ name: "desktop-test", threads: 1, backend: "wasm" });
      const stages: string[] = [];
      const result = await hub.prove(1, wtns, { onProgress: (stage) => stages.push(stage) }, new AbortController().signal);
      expect(result.prover).toBe("desktop-test");
      expect(verify(vkey, result.publicSignals, result.proof)).toBe(true);
      expect(stages).toContain("msm-c");
      p.child.kill("SIGTERM");
      expect(await p.exited).toBe(0);
      await until("the hub to see the prover go", () => hub.provers().length === 0);
    } finally {
      p.child.kill("SIGKILL");
      await hub.stop();
    }
  }, 120_000);

  it("exits with code 3 and says why when the aggregator refuses its token", async () => {
    const hub = new ProverHub({ host: "127.0.0.1", port: 0, token: TOKEN, heartbeatMs: 500, log, zkey: () => zkey });
    const url = await hub.start();
    const p = runEntry(proverEntryEnv(options(url, { token: "not-the-token" })));
    try {
      expect(await p.exited).toBe(3);
      expect(p.output()).toMatch(/refused the token \(HTTP 401/);
      expect(hub.provers()).toEqual([]);
    } finally {
      p.child.kill("SIGKILL");
      await hub.stop();
    }
  }, 60_000);

  it("exits with code 2 naming the variable when its options are bad", async () => {
    const p = runEntry({ PROM_PROVER_AGGREGATOR: "http://127.0.0.1:1", PROM_PROVER_TOKEN: TOKEN });
    expect(await p.exited).toBe(2);
    expect(p.output()).toContain("PROM_PROVER_AGGREGATOR must be a ws:// or wss:// URL");
  }, 60_000);
});

describe("parseProverEntryEnv", () => {
  it("reads back what proverEntryEnv wrote", () => {
    const o = options("ws://127.0.0.1:50081", { threads: 3, backend: "auto" });
    expect(parseProverEntryEnv(proverEntryEnv(o))).toEqual(o);
  });

  it("names the bad variable", () => {
    const ok = proverEntryEnv(options("ws://127.0.0.1:1"));
    expect(() => parseProverEntryEnv({ ...ok, PROM_PROVER_AGGREGATOR: "" })).toThrow(/PROM_PROVER_AGGREGATOR must be the aggregator's ws:\/\/ URL/);
    expect(() => parseProverEntryEnv({ ...ok, PROM_PROVER_TOKEN: "" })).toThrow(/PROM_PROVER_TOKEN is empty/);
    expect(() => parseProverEntryEnv({ ...ok, PROM_PROVER_THREADS: "0" })).toThrow(/PROM_PROVER_THREADS must be an integer from 1 to 256, got "0"/);
    expect(() => parseProverEntryEnv({ ...ok, PROM_PROVER_THREADS: "2.5" })).toThrow(/PROM_PROVER_THREADS/);
    expect(() => parseProverEntryEnv({ ...ok, PROM_PROVER_BACKEND: "cuda" })).toThrow(/PROM_PROVER_BACKEND must be one of auto, wasm, webgpu/);
  });
});
