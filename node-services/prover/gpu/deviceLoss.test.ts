import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { FR_MODULUS, leToScalar, loadProverWasm, scalarToLe } from "../../../prover-wasm/loader.js";
import { createGpuBackend } from "./backend.js";
import { GpuError } from "./errors.js";
import { createNodeGpu, findSwiftShaderIcd } from "./nodeGpu.js";
import { testGpuBackend } from "./testGpu.js";

describe("GPU backend lifecycle", () => {
  it("a device destroyed mid-job rejects the job and every later one with DEVICE_LOST (no hang) and calls onLost", async () => {
    const wasm = await loadProverWasm();
    const icd = process.env.VK_ICD_FILENAMES ? undefined : findSwiftShaderIcd();
    const lost: GpuError[] = [];
    const gpu = await createGpuBackend(await createNodeGpu(icd ? { vulkanIcd: icd } : {}), { onLost: (e) => lost.push(e) });
    const canon = new Uint8Array(1024 * 32);
    for (let i = 0; i < 1024; i++) canon.set(scalarToLe(leToScalar(randomBytes(32)) % FR_MODULUS), i * 32);
    const v = wasm.toMont("fr", canon);
    // warm: the job itself works on this device
    expect(Buffer.from(await gpu.ntt(v))).toEqual(Buffer.from(wasm.ntt(v)));
    const job = gpu.ntt(v);
    gpu.device.destroy();
    await expect(job).rejects.toMatchObject({ code: "DEVICE_LOST" });
    expect(gpu.isLost).toBe(true);
    await expect(gpu.intt(v)).rejects.toMatchObject({ code: "DEVICE_LOST" });
    await expect(gpu.msmG1(new Uint8Array(64), new Uint8Array(32))).rejects.toMatchObject({ code: "DEVICE_LOST" });
    expect(lost.map((e) => e.code)).toEqual(["DEVICE_LOST"]);
    gpu.destroy();
  });

  it("reports the adapter and the limits it asked for and got; destroy frees buffers and refuses later jobs", async () => {
    const gpu = await testGpuBackend();
    expect(gpu.adapterInfo.name.length).toBeGreaterThan(0);
    expect(gpu.limits.granted.maxStorageBufferBindingSize).toBe(gpu.limits.requested.maxStorageBufferBindingSize);
    expect(gpu.limits.granted.maxComputeWorkgroupsPerDimension).toBeGreaterThanOrEqual(65535);
    gpu.destroy();
    expect(gpu.isLost).toBe(false);
    await expect(gpu.ntt(new Uint8Array(64))).rejects.toMatchObject({ code: "DESTROYED" });
  });

  it("no GPU object is NO_WEBGPU", async () => {
    await expect(createGpuBackend(undefined)).rejects.toMatchObject({ code: "NO_WEBGPU" });
  });
});
