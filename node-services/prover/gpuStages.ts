/**
 * The proof's NTT and G1 MSM stages on a `GpuBackend`, in the byte layouts the WASM stages use (so `finish` and
 * `join_abc` take their results unchanged), and the GPU the prover opens by default in Node.
 */
import type { GpuBackend } from "./gpu/backend.js";
import { createGpuBackend } from "./gpu/backend.js";
import { GpuError } from "./gpu/errors.js";
import { leBytes } from "./gpu/frConstants.js";
import { createNodeGpu } from "./gpu/nodeGpu.js";
import { gpuOptions } from "./gpu/options.js";

const FQ_MODULUS = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
/** 1 in Montgomery form (2^256 mod q), the z of an affine point and the x, y of prover-wasm's Jacobian identity. */
const FQ_ONE_MONT = leBytes((1n << 256n) % FQ_MODULUS);

/**
 * The GPU's 64-byte affine MSM result (Montgomery, zeros = ∞) as the 96-byte Jacobian partial sum `g16_finish`
 * adds: (x, y, 1), or prover-wasm's identity (1, 1, 0).
 */
export function affineToJacobian(p: Uint8Array): Uint8Array {
  const out = new Uint8Array(96);
  if (p.every((b) => b === 0)) {
    out.set(FQ_ONE_MONT, 0);
    out.set(FQ_ONE_MONT, 32);
  } else {
    out.set(p.subarray(0, 64), 0);
    out.set(FQ_ONE_MONT, 64);
  }
  return out;
}

/** A G1 MSM on the GPU as a Jacobian partial sum (standard-form scalars, zkey points). */
export async function gpuMsmG1(gpu: GpuBackend, points: Uint8Array, scalars: Uint8Array): Promise<Uint8Array> {
  return affineToJacobian(await gpu.msmG1(points, scalars));
}

/** The GPU in Node through Dawn, with the Vulkan driver and adapter preference from the GPU options. */
export async function openNodeGpu(): Promise<GpuBackend> {
  const icd = gpuOptions.vulkanIcd.default;
  const gpu = await createNodeGpu(icd ? { vulkanIcd: icd } : {});
  return createGpuBackend(gpu, { powerPreference: gpuOptions.powerPreference.default });
}

/** Why a GPU could not be opened, in one line for the proof's events. */
export function gpuProblem(e: unknown): string {
  return e instanceof GpuError ? `${e.code}: ${e.message}` : (e as Error).message ?? String(e);
}
