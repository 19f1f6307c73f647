import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import * as snarkjs from "snarkjs";
import { beforeAll, describe, expect, it } from "vitest";
import { circuits, compile, repoRoot, type CompiledCircuit } from "../../circuits/test/fixtures.js";

const run = promisify(execFile);
const cli = join(repoRoot, "node-services", "cli", "promProver.ts");
const tsx = join(repoRoot, "node_modules", ".bin", "tsx");

async function promProver(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(tsx, [cli, ...args], { cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe("prom-prover CLI", () => {
  let c: CompiledCircuit;
  let dir: string;

  beforeAll(async () => {
    c = await compile(circuits.poseidon1);
    dir = mkdtempSync(join(tmpdir(), "prom-prover-"));
  }, 300_000);

  it("runs setup → export-vkey → prove → verify, and snarkjs accepts the files", async () => {
    const zkey = join(dir, "k.zkey");
    const vk = join(dir, "vk.json");
    const proof = join(dir, "proof.json");
    const pub = join(dir, "public.json");
    const s = await promProver("setup", c.r1cs, zkey);
    expect(s.code).toBe(0);
    expect(s.stderr).toMatch(/UNSAFE/);
    expect((await promProver("export-vkey", zkey, vk)).code).toBe(0);
    const p = await promProver("prove", zkey, c.wtns, proof, pub, "--threads", "2");
    expect(p.code).toBe(0);
    expect(p.stderr).toMatch(/msm-h done/);
    expect((await promProver("verify", vk, pub, proof)).code).toBe(0);
    const json = (f: string) => JSON.parse(readFileSync(f, "utf8")) as unknown;
    expect(await snarkjs.groth16.verify(json(vk), json(pub), json(proof))).toBe(true);

    writeFileSync(pub, JSON.stringify(["1", "2"]));
    const bad = await promProver("verify", vk, pub, proof);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/INVALID/);
  });

  it("exits 1 with a clear message on bad files and unknown backends", async () => {
    const truncated = join(dir, "t.zkey");
    writeFileSync(truncated, readFileSync(c.r1cs).subarray(0, 100));
    const r = await promProver("prove", truncated, c.wtns, join(dir, "p.json"), join(dir, "q.json"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a \.zkey file.*FILE_CORRUPT/);
    const g = await promProver("prove", truncated, c.wtns, "p", "q", "--backend", "cuda");
    expect(g.code).toBe(1);
    expect(g.stderr).toMatch(/unknown backend cuda: expected wasm, webgpu or auto/);
    const m = await promProver("verify", "/nonexistent.json", "a", "b");
    expect(m.code).toBe(1);
    expect(m.stderr).toMatch(/FILE_NOT_FOUND/);
  });

  it("bench times msm (G1 and G2), ntt and prove, and refuses sizes and flags it does not take", async () => {
    const msm = await promProver("bench", "msm", "--sizes", "6", "--reps", "2", "--threads", "2");
    expect(msm.code).toBe(0);
    expect(msm.stdout).toMatch(/msm G1 2\^6 \(2 threads, wasm\): \d+ ms \(best of 2: \d+, \d+\)/);
    expect(msm.stdout).toMatch(/msm G2 2\^6 \(2 threads, wasm\): \d+ ms/);
    const ntt = await promProver("bench", "ntt", "--sizes", "6");
    expect(ntt.stdout).toMatch(/ntt \(3 odd-coset transforms\) 2\^6 \(\d+ threads, wasm\): \d+ ms\n/);
    const whole = await promProver("bench", "prove", "--sizes", "6,7");
    expect(whole.stdout).toMatch(/prove 2\^6 .*\nprove 2\^7 \(\d+ threads\): \d+ ms/);
    const small = await promProver("bench", "msm", "--sizes", "3");
    expect(small.code).toBe(1);
    expect(small.stderr).toMatch(/--sizes takes k from 4 to 22.*got 3 \[INVALID_ARGUMENT\]/);
    const flag = await promProver("bench", "msm", "--rounds", "3");
    expect(flag.code).toBe(1);
    expect(flag.stderr).toBe("prom-prover: Unknown option '--rounds' (see prom-prover --help)\n");
  }, 120_000);

  it("prints help for each command", async () => {
    for (const cmd of ["prove", "setup", "export-vkey", "verify", "bench"]) {
      const h = await promProver(cmd, "--help");
      expect(h.code).toBe(0);
      expect(h.stdout).toMatch(new RegExp(`Usage: prom-prover ${cmd}`));
    }
  });
});
