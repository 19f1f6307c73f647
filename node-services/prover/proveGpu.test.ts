/**
 * Whole Groth16 proofs with the GPU backend on one shared device (SwiftShader without a GPU): snarkjs verifies them,
 * they equal the WASM backend's proof byte for byte for the same blinding, auto records its measurement, and a
 * device lost mid-job still gives a valid proof whose events say the stages ran on WASM.
 */
import * as snarkjs from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { circuits, compile, type CompiledCircuit } from "../../circuits/test/fixtures.js";
import type { GpuBackend } from "./gpu/backend.js";
import { testGpuBackend } from "./gpu/testGpu.js";
import { Groth16Prover } from "./prove.js";
import { setup } from "./setup.js";
import type { ProofProgress } from "./stages.js";

describe("Groth16 prover on the WebGPU backend", () => {
  let circuit: CompiledCircuit;
  let zkey: Uint8Array;
  let vk: unknown;
  let gpu: GpuBackend;
  let prover: Groth16Prover;
  const blinding = new Uint8Array(64).map((_, i) => (i * 37 + 11) & 0xff);

  beforeAll(async () => {
    circuit = await compile(circuits.poseidon1);
    zkey = await setup(circuit.r1cs);
    vk = await snarkjs.zKey.exportVerificationKey(zkey);
    gpu = await testGpuBackend();
    // one device for the file (shader compiles are the slow part on SwiftShader)
    prover = new Groth16Prover({ threads: 2, gpu: () => Promise.resolve(gpu) });
  }, 600_000);

  afterAll(async () => {
    await prover?.close();
  });

  it("proves with backend webgpu: G1 MSMs and NTTs on the GPU, B2 on WASM, snarkjs verifies, and the proof equals the WASM backend's", async () => {
    const progress: ProofProgress[] = [];
    const onGpu = await prover.prove(zkey, circuit.wtns, { backend: "webgpu", blinding, onProgress: (p) => progress.push(p) });
    expect(await snarkjs.groth16.verify(vk, onGpu.publicSignals, onGpu.proof)).toBe(true);
    expect(onGpu.events.map((e) => [e.stage, e.backend])).toEqual([
      ["ntt", "webgpu"],
      ["msm-a", "webgpu"],
      ["msm-b1", "webgpu"],
      ["msm-b2", "wasm"],
      ["msm-c", "webgpu"],
      ["msm-h", "webgpu"],
    ]);
    expect(onGpu.events.find((e) => e.stage === "msm-b2")?.reason).toMatch(/no G2/);
    expect(progress.filter((p) => p.stage === "msm-a").every((p) => p.backend === "webgpu")).toBe(true);
    expect(progress.filter((p) => p.stage === "load").every((p) => p.backend === undefined)).toBe(true);

    const onWasm = await prover.prove(zkey, circuit.wtns, { backend: "wasm", blinding });
    expect(onWasm.events.every((e) => e.backend === "wasm" && /wasm was asked for/.test(e.reason))).toBe(true);
    expect(onGpu.proof).toEqual(onWasm.proof);
    expect(onGpu.publicSignals).toEqual(onWasm.publicSignals);
  }, 600_000);

  it("auto measures each stage kind once per adapter and size and records what it measured", async () => {
    const first = await prover.prove(zkey, circuit.wtns, { backend: "auto" });
    expect(await snarkjs.groth16.verify(vk, first.publicSignals, first.proof)).toBe(true);
    for (const e of first.events.filter((x) => x.stage !== "msm-b2")) {
      expect(e.reason).toMatch(new RegExp(`^auto: (ntt|msm-g1) at 2\\^\\d+ measured webgpu [\\d.]+ ms, wasm \\(2 threads\\) [\\d.]+ ms on ${escape(gpu.adapterInfo.name)}`));
      const [, g, w] = /webgpu ([\d.]+) ms, wasm \(2 threads\) ([\d.]+) ms/.exec(e.reason)!;
      expect(e.backend).toBe(Number(g) < Number(w) ? "webgpu" : "wasm");
    }
    // the second proof reuses the measurements (same numbers in the reasons)
    const second = await prover.prove(zkey, circuit.wtns, { backend: "auto" });
    expect(second.events.map((e) => e.reason)).toEqual(first.events.map((e) => e.reason));
  }, 600_000);

  it("timeStage on webgpu runs the NTTs and the G1 MSM on the device, once untimed and then per rep", async () => {
    const calls = { msmG1: 0, oddCoset: 0 };
    const counted = new Proxy(gpu, {
      get(target, key, receiver) {
        if (key === "msmG1" || key === "oddCoset") calls[key]++;
        if (key === "destroy") return () => undefined; // close() would destroy the device the other tests share
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const timing = new Groth16Prover({ threads: 2, gpu: () => Promise.resolve(counted) });
    try {
      expect(await timing.timeStage(zkey, "ntt", { backend: "webgpu", reps: 2 })).toHaveLength(2);
      expect(calls.oddCoset).toBe(9); // three transforms, three runs
      expect(await timing.timeStage(zkey, "msm-g1", { backend: "webgpu" })).toHaveLength(1);
      expect(calls.msmG1).toBe(2);
    } finally {
      await timing.close();
    }
  }, 600_000);

  it("a device lost mid-job: the proof still verifies and its events say the GPU stages ran on WASM", async () => {
    // the first GPU MSM of the job destroys the device while it runs (as a driver reset would)
    const lossy = new Proxy(gpu, {
      get(target, key, receiver) {
        if (key !== "msmG1") return Reflect.get(target, key, receiver) as unknown;
        return (points: Uint8Array, scalars: Uint8Array) => {
          const job = target.msmG1(points, scalars);
          target.device.destroy();
          return job;
        };
      },
    });
    const lossyProver = new Groth16Prover({ threads: 2, gpu: () => Promise.resolve(lossy) });
    const r = await lossyProver.prove(zkey, circuit.wtns, { backend: "webgpu" }).finally(() => lossyProver.close());
    expect(await snarkjs.groth16.verify(vk, r.publicSignals, r.proof)).toBe(true);
    expect(r.events.every((e) => e.backend === "wasm")).toBe(true);
    const gpuStages = r.events.filter((e) => e.stage !== "msm-b2");
    expect(gpuStages.every((e) => e.fallback === true)).toBe(true);
    expect(gpuStages.some((e) => /DEVICE_LOST/.test(e.reason))).toBe(true);
    expect(gpuStages.every((e) => /DEVICE_LOST|lost earlier/.test(e.reason))).toBe(true);
  }, 600_000);
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
