/**
 * The WebGPU prover backend: `createGpuBackend(gpu)` with a `GPU` object from Chromium/Electron (`navigator.gpu`) or
 * Node (`createNodeGpu()`), giving G1 MSM and Fr NTTs with the same byte layouts and results as prover-wasm.
 * Any failure is a `GpuError`; `DEVICE_LOST` (also reported through `onLost`) means: run the job on WASM.
 */
/// <reference types="@webgpu/types" />
import { GpuContext, type ContextOptions, type GpuAdapterSummary, type LimitsReport } from "./context.js";
import { GpuError } from "./errors.js";
import { batchFieldOp, type GpuField, type GpuFieldOp } from "./fieldKernels.js";
import { frMulChain, type FrLimbs } from "./limbChain.js";
import { GpuMsm, type GpuMsmOptions } from "./msm.js";
import { GpuNtt, type GpuNttOptions, type NttStep } from "./ntt.js";

export interface GpuBackendOptions extends ContextOptions {
  msm?: GpuMsmOptions;
  ntt?: GpuNttOptions;
  /** Called once if the device is lost while the backend is alive (not on `destroy()`). */
  onLost?: (err: GpuError) => void;
}

export interface GpuBackend {
  readonly adapterInfo: GpuAdapterSummary;
  readonly limits: LimitsReport;
  /** The device itself (tests use it to simulate a loss with `device.destroy()`). */
  readonly device: GPUDevice;
  /** True once the device is lost; every later call rejects with DEVICE_LOST. */
  readonly isLost: boolean;
  /** Σ kᵢ·Pᵢ: 64-byte snarkjs G1 points (LE Montgomery, zeros = ∞), 32-byte LE scalars → 64-byte affine point. */
  msmG1(pointsMontBytes: Uint8Array, scalarsLeBytes: Uint8Array, opts?: GpuMsmOptions): Promise<Uint8Array>;
  /** Evaluations at ω^k (snarkjs's Fr.w[log n]) of n Montgomery Fr elements. */
  ntt(frMontBytes: Uint8Array): Promise<Uint8Array>;
  intt(frMontBytes: Uint8Array): Promise<Uint8Array>;
  /** Evaluations at shift·ω^k; the default shift is snarkjs's Groth16 coset shift for the size. */
  cosetNtt(frMontBytes: Uint8Array, shiftMont?: Uint8Array): Promise<Uint8Array>;
  cosetIntt(frMontBytes: Uint8Array, shiftMont?: Uint8Array): Promise<Uint8Array>;
  /** Inverse NTT then the forward NTT on snarkjs's Groth16 coset in one submission (prover-wasm's `odd_coset`). */
  oddCoset(frMontBytes: Uint8Array): Promise<Uint8Array>;
  /** Any sequence of the transforms above in one submission; `opts` overrides the backend's NTT options for this call. */
  nttSequence(frMontBytes: Uint8Array, steps: NttStep[], opts?: GpuNttOptions): Promise<Uint8Array>;
  /** Element-wise field operation on Montgomery bytes (the field layer's check). */
  fieldOp(field: GpuField, op: GpuFieldOp, a: Uint8Array, b: Uint8Array): Promise<Uint8Array>;
  /** a[i]·b[i]^iters mod r (canonical in and out) in a limb representation: the limb-size check and benchmark. */
  frMulChain(limbs: FrLimbs, a: readonly bigint[], b: readonly bigint[], iters: number): Promise<bigint[]>;
  /** Frees every buffer and the device. */
  destroy(): void;
}

export async function createGpuBackend(gpu: GPU | undefined, opts: GpuBackendOptions = {}): Promise<GpuBackend> {
  const ctx = await GpuContext.create(gpu, opts);
  const msm = new GpuMsm(ctx);
  const ntt = new GpuNtt(ctx, opts.ntt);
  if (opts.onLost) {
    const onLost = opts.onLost;
    ctx.device.lost.then(() => {
      if (ctx.isLost) onLost(new GpuError("DEVICE_LOST", "WebGPU device lost; jobs fall back to WASM"));
    });
  }
  return {
    adapterInfo: ctx.adapterInfo,
    limits: ctx.limits,
    device: ctx.device,
    get isLost() {
      return ctx.isLost;
    },
    msmG1: (p, s, o) => msm.g1(p, s, { ...opts.msm, ...o }),
    ntt: (v) => ntt.run(v, "ntt"),
    intt: (v) => ntt.run(v, "intt"),
    cosetNtt: (v, s) => ntt.run(v, "cosetNtt", s),
    cosetIntt: (v, s) => ntt.run(v, "cosetIntt", s),
    oddCoset: (v) => ntt.sequence(v, [{ kind: "intt" }, { kind: "cosetNtt" }]),
    nttSequence: (v, steps, o) => ntt.sequence(v, steps, o),
    fieldOp: (f, op, a, b) => batchFieldOp(ctx, f, op, a, b),
    frMulChain: (limbs, a, b, iters) => frMulChain(ctx, limbs, a, b, iters),
    destroy: () => ctx.destroy(),
  };
}
