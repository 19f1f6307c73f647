import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as snarkjs from "snarkjs";
import { beforeAll, describe, expect, it } from "vitest";
import { circuits, compile, snarkjsZkey, type CompiledCircuit } from "../../circuits/test/fixtures.js";
import { ProverError } from "./errors.js";
import { GpuError } from "./gpu/errors.js";
import { Groth16Prover, prove, resolveBackend } from "./prove.js";
import { setup } from "./setup.js";
import { proofStages, type ProofStage } from "./stages.js";
import { exportVerificationKey } from "./verificationKey.js";
import { verify } from "./verify.js";

async function rejection(p: Promise<unknown>): Promise<ProverError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ProverError);
  return e as ProverError;
}

describe("Groth16 prover", () => {
  const compiled: Record<string, CompiledCircuit> = {};
  const zkeys: Record<string, Uint8Array> = {};

  beforeAll(async () => {
    for (const name of ["poseidon1", "comparators20", "poseidon24"] as const) {
      compiled[name] = await compile(circuits[name]);
      zkeys[name] = await setup(compiled[name].r1cs);
    }
  }, 600_000);

  it.each([
    ["poseidon1", 10],
    ["comparators20", 12],
    ["poseidon24", 14],
  ] as const)(
    "proves %s (domain 2^%i) with our dev setup, and snarkjs verifies the proof and agrees on the public signals",
    async (name, _log) => {
      const c = compiled[name]!;
      const { proof, publicSignals } = await prove(zkeys[name]!, c.wtns, { threads: 2 });
      const vk = await snarkjs.zKey.exportVerificationKey(zkeys[name]!);
      expect(await snarkjs.groth16.verify(vk, publicSignals, proof)).toBe(true);
      expect(proof.protocol).toBe("groth16");
      expect(proof.curve).toBe("bn128");
      expect(proof.pi_a[2]).toBe("1");
      expect(proof.pi_b[2]).toEqual(["1", "0"]);
      const snark = await snarkjs.groth16.prove(zkeys[name]!, c.wtns);
      expect(publicSignals).toEqual(snark.publicSignals);
    },
  );

  // sha256 of one block is 2^15 constraints: about 20 s on two cores, so it runs only in the full suite.
  it.runIf(process.env.PROM_PROVER_FULL === "1")("proves sha256 of a 64-bit message (2^15) and snarkjs verifies it", async () => {
    const c = await compile(circuits.sha256);
    const zkey = await setup(c.r1cs);
    const { proof, publicSignals } = await prove(zkey, c.wtns, { threads: 2 });
    expect(publicSignals).toHaveLength(256);
    expect(await snarkjs.groth16.verify(await snarkjs.zKey.exportVerificationKey(zkey), publicSignals, proof)).toBe(true);
  });

  it("gives the same proof on 1, 2, 3 and 4 workers (MSMs cut into different point ranges) for fixed blinding", async () => {
    const c = compiled.comparators20!;
    const blinding = new Uint8Array(64).map((_, i) => i + 1);
    const proofs = [];
    for (const threads of [1, 2, 3, 4]) proofs.push((await prove(zkeys.comparators20!, c.wtns, { threads, blinding })).proof);
    const vk = await snarkjs.zKey.exportVerificationKey(zkeys.comparators20!);
    expect(await snarkjs.groth16.verify(vk, (await prove(zkeys.comparators20!, c.wtns, { threads: 1 })).publicSignals, proofs[0]!)).toBe(true);
    for (const p of proofs.slice(1)) expect(p).toEqual(proofs[0]);
  });

  it("snarkjs proves and verifies with a zkey from our setup", async () => {
    const c = compiled.poseidon1!;
    const { proof, publicSignals } = await snarkjs.groth16.prove(zkeys.poseidon1!, c.wtns);
    expect(await snarkjs.groth16.verify(await exportVerificationKey(zkeys.poseidon1!), publicSignals, proof)).toBe(true);
  });

  it("proves with a zkey from snarkjs's own ceremony (powers of tau + phase 2 contribution)", async () => {
    const c = compiled.poseidon1!;
    const zkey = await snarkjsZkey(c);
    const { proof, publicSignals } = await prove(zkey, c.wtns, { threads: 2 });
    const vk = await snarkjs.zKey.exportVerificationKey(zkey);
    expect(await snarkjs.groth16.verify(vk, publicSignals, proof)).toBe(true);
    expect(verify(vk, publicSignals, proof)).toBe(true);
  });

  it("exports exactly snarkjs's verification key, vk_alphabeta_12 included, for snarkjs's zkey and for ours", async () => {
    for (const zkey of [await snarkjsZkey(compiled.poseidon1!), zkeys.comparators20!]) {
      const ours = await exportVerificationKey(zkey);
      const theirs = await snarkjs.zKey.exportVerificationKey(zkey);
      expect(ours).toEqual(theirs);
    }
  });

  it("reports every stage in order and ends with done", async () => {
    const seen: ProofStage[] = [];
    await prove(zkeys.poseidon1!, compiled.poseidon1!.wtns, {
      threads: 2,
      onProgress: (p) => {
        if (seen.at(-1) !== p.stage) seen.push(p.stage);
        expect(p.fraction).toBeGreaterThanOrEqual(0);
        expect(p.fraction).toBeLessThanOrEqual(1);
      },
    });
    expect(seen).toEqual([...proofStages]);
  });

  it("stops mid-proof on abort with CANCELLED and can prove again afterwards", async () => {
    const prover = new Groth16Prover({ threads: 2 });
    try {
      const ctl = new AbortController();
      const run = prover.prove(zkeys.poseidon24!, compiled.poseidon24!.wtns, {
        signal: ctl.signal,
        onProgress: (p) => {
          if (p.stage === "msm-a" && p.fraction === 0) ctl.abort();
        },
      });
      expect((await rejection(run)).code).toBe("CANCELLED");
      const again = await prover.prove(zkeys.poseidon1!, compiled.poseidon1!.wtns);
      expect(again.publicSignals).toHaveLength(2);
    } finally {
      await prover.close();
    }
  });

  it("rejects with WORKER_CRASHED when a worker dies during a task, and the pool recovers", async () => {
    const prover = new Groth16Prover({ threads: 2 });
    try {
      const run = prover.prove(zkeys.poseidon24!, compiled.poseidon24!.wtns, {
        onProgress: (p) => {
          if (p.stage === "msm-b2" && p.fraction === 0) void prover.activePool!.workers[0]!.terminate();
        },
      });
      expect((await rejection(run)).code).toBe("WORKER_CRASHED");
      const again = await prover.prove(zkeys.poseidon1!, compiled.poseidon1!.wtns);
      expect(again.proof.protocol).toBe("groth16");
    } finally {
      await prover.close();
    }
  });

  it("keeps zkey tables in the workers across proofs, switches zkeys and reloads after a worker is replaced", async () => {
    const prover = new Groth16Prover({ threads: 2 });
    const check = async (name: "poseidon1" | "comparators20") => {
      const { proof, publicSignals } = await prover.prove(zkeys[name]!, compiled[name]!.wtns, { selfCheck: false });
      const vk = await snarkjs.zKey.exportVerificationKey(zkeys[name]!);
      expect(await snarkjs.groth16.verify(vk, publicSignals, proof)).toBe(true);
    };
    try {
      await check("poseidon1");
      await check("poseidon1"); // resident tables
      await check("comparators20"); // other zkey: tables replaced
      const exited = new Promise((r) => prover.activePool!.workers[1]!.once("exit", r));
      await prover.activePool!.workers[1]!.terminate();
      await exited;
      await check("comparators20"); // the new worker loads its ranges again
    } finally {
      await prover.close();
    }
  });

  it("keeps the zkey file it read while the file is unchanged, and reads it again once it is rewritten", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prom-zkey-"));
    const file = join(dir, "circuit.zkey");
    const prover = new Groth16Prover({ threads: 2 });
    const check = async (name: "poseidon1" | "comparators20") => {
      const { proof, publicSignals } = await prover.prove(file, compiled[name]!.wtns, { selfCheck: false });
      const vk = await snarkjs.zKey.exportVerificationKey(zkeys[name]!);
      expect(await snarkjs.groth16.verify(vk, publicSignals, proof)).toBe(true);
    };
    try {
      writeFileSync(file, zkeys.poseidon1!);
      await check("poseidon1");
      await check("poseidon1"); // the kept zkey
      writeFileSync(file, zkeys.comparators20!); // same path, another circuit: a kept poseidon1 key would refuse this witness
      await check("comparators20");
    } finally {
      await prover.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a witness that does not satisfy the circuit (WITNESS_UNSATISFIED)", async () => {
    const w = new Uint8Array(readFileSync(compiled.poseidon1!.wtns));
    // The last value is an internal signal of the hash: change it and the constraints no longer hold.
    w[w.byteLength - 32]! ^= 1;
    expect((await rejection(prove(zkeys.poseidon1!, w, { threads: 1 }))).code).toBe("WITNESS_UNSATISFIED");
  });

  it("times the NTTs, a G1 MSM and the G2 MSM alone (timeStage), refuses what it cannot time, and proves afterwards", async () => {
    const gpu = () => Promise.reject(new GpuError("NO_ADAPTER", "WebGPU found no adapter"));
    const prover = new Groth16Prover({ threads: 2, gpu });
    try {
      for (const kind of ["ntt", "msm-g1", "msm-g2"] as const) {
        const runs = await prover.timeStage(zkeys.poseidon1!, kind, { reps: 2 });
        expect(runs).toHaveLength(2);
        for (const ms of runs) expect(ms).toBeGreaterThan(0);
      }
      expect((await rejection(prover.timeStage(zkeys.poseidon1!, "ntt", { backend: "webgpu" }))).message).toMatch(/NO_ADAPTER/);
      expect((await rejection(prover.timeStage(zkeys.poseidon1!, "msm-g2", { backend: "webgpu" }))).message).toMatch(/no G2 MSM kernel/);
      expect((await rejection(prover.timeStage(zkeys.poseidon1!, "ntt", { reps: 0 }))).code).toBe("INVALID_ARGUMENT");
      // the timing's point tables were freed without touching the proof's
      const { proof, publicSignals } = await prover.prove(zkeys.poseidon1!, compiled.poseidon1!.wtns);
      expect(await snarkjs.groth16.verify(await snarkjs.zKey.exportVerificationKey(zkeys.poseidon1!), publicSignals, proof)).toBe(true);
    } finally {
      await prover.close();
    }
  });

  it("without a GPU: webgpu is BACKEND_UNAVAILABLE with the reason, auto runs on WASM and its events say why", async () => {
    const gpu = () => Promise.reject(new GpuError("NO_ADAPTER", "WebGPU found no adapter"));
    const err = await rejection(prove(zkeys.poseidon1!, compiled.poseidon1!.wtns, { backend: "webgpu", gpu }));
    expect(err.code).toBe("BACKEND_UNAVAILABLE");
    expect(err.message).toMatch(/no usable GPU: NO_ADAPTER: WebGPU found no adapter/);
    const ok = await prove(zkeys.poseidon1!, compiled.poseidon1!.wtns, { backend: "auto", threads: 1, gpu });
    expect(ok.events.map((e) => e.stage)).toEqual(["ntt", "msm-a", "msm-b1", "msm-b2", "msm-c", "msm-h"]);
    for (const e of ok.events) expect(e).toMatchObject({ backend: "wasm", reason: "auto: no WebGPU (NO_ADAPTER: WebGPU found no adapter)" });
    expect(() => resolveBackend("cuda")).toThrow(/unknown backend cuda/);
  });
});
