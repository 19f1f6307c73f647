/**
 * G1 MSM on the GPU (shaders/msm.wgsl): plans the window width, segment size and bucket groups, allocates the
 * pass buffers, records the eight passes in one submission and reads back the 64-byte affine result. Inputs larger
 * than `maxPointsPerPass` run as several passes whose affine results are summed by one more MSM with scalars 1.
 */
/// <reference types="@webgpu/types" />
import { GpuError } from "./errors.js";
import type { GpuContext } from "./context.js";

const G1_BYTES = 64;
const SCALAR_BYTES = 32;
const JAC_BYTES = 96;

export interface GpuMsmOptions {
  /** Window width in bits (4..16); absent: chosen from the point count. */
  window?: number;
  /** Sorted entries each accumulate thread adds; bounds the longest thread whatever the scalar distribution. */
  segment?: number;
  /** Points per GPU pass; larger inputs are split (bounds buffer sizes and dispatch length). */
  maxPointsPerPass?: number;
}

export const gpuMsmDefaults = { segment: 32, maxPointsPerPass: 1 << 20 };

export function windowBits(n: number): number {
  return Math.max(4, Math.min(16, Math.floor(Math.log2(Math.max(n, 1))) - 3));
}

/** 254 when every scalar is below 2^254 (Fr elements), else 256. */
function scalarBits(scalars: Uint8Array): number {
  for (let i = SCALAR_BYTES - 1; i < scalars.length; i += SCALAR_BYTES) if (scalars[i]! >= 0x40) return 256;
  return 254;
}

export class GpuMsm {
  constructor(private readonly ctx: GpuContext) {}

  /** Σ kᵢ·Pᵢ: points in snarkjs's G1 layout (64 bytes LE Montgomery, zeros = ∞), scalars 32-byte LE (all 256 bits used). */
  async g1(points: Uint8Array, scalars: Uint8Array, opts: GpuMsmOptions = {}): Promise<Uint8Array> {
    const n = points.length / G1_BYTES;
    if (!Number.isInteger(n) || scalars.length !== n * SCALAR_BYTES) {
      throw new GpuError("BAD_INPUT", `msmG1: ${points.length} point bytes and ${scalars.length} scalar bytes do not describe the same count`);
    }
    if (n === 0) return new Uint8Array(G1_BYTES);
    const chunk = opts.maxPointsPerPass ?? gpuMsmDefaults.maxPointsPerPass;
    if (n <= chunk) return this.pass(points, scalars, opts);
    const parts: Uint8Array[] = [];
    for (let start = 0; start < n; start += chunk) {
      const end = Math.min(n, start + chunk);
      parts.push(await this.pass(points.subarray(start * G1_BYTES, end * G1_BYTES), scalars.subarray(start * SCALAR_BYTES, end * SCALAR_BYTES), opts));
    }
    const ones = new Uint8Array(parts.length * SCALAR_BYTES);
    for (let i = 0; i < parts.length; i++) ones[i * SCALAR_BYTES] = 1;
    const joined = new Uint8Array(parts.length * G1_BYTES);
    parts.forEach((p, i) => joined.set(p, i * G1_BYTES));
    return this.pass(joined, ones, { ...opts, window: 4 });
  }

  private async pass(points: Uint8Array, scalars: Uint8Array, opts: GpuMsmOptions): Promise<Uint8Array> {
    const ctx = this.ctx;
    ctx.ensureUsable();
    const n = points.length / G1_BYTES;
    const c = opts.window ?? windowBits(n);
    if (!Number.isInteger(c) || c < 4 || c > 16) throw new GpuError("BAD_INPUT", `msmG1: window ${c} is outside 4..16`);
    const seg = opts.segment ?? gpuMsmDefaults.segment;
    // signed digits carry into the window above: enough windows that the top one never carries out
    const windows = Math.ceil((scalarBits(scalars) + 1) / c);
    const buckets = (1 << (c - 1)) + 1;
    const keys = windows * buckets;
    const groups = 1 << Math.floor((c - 1) / 2);
    const entriesMax = n * windows;
    const segments = Math.ceil(entriesMax / seg);

    const names = ["histogram", "scan", "scatter", "accumulate", "combine", "reduce", "window_sum", "finalize"] as const;
    const p = Object.fromEntries(await Promise.all(names.map(async (e) => [e, await ctx.pipeline("msm", e)] as const))) as Record<(typeof names)[number], GPUComputePipeline>;

    const owned: GPUBuffer[] = [];
    const own = (b: GPUBuffer): GPUBuffer => (owned.push(b), b);
    try {
      const pts = own(ctx.storage(points, "msm points"));
      const scs = own(ctx.storage(scalars, "msm scalars"));
      const counts = own(ctx.storage(keys * 4, "msm counts"));
      const offsets = own(ctx.storage((keys + 1) * 4, "msm offsets"));
      const entryPoint = own(ctx.storage(entriesMax * 4, "msm entry points"));
      const entryKey = own(ctx.storage(entriesMax * 4, "msm entry keys"));
      const segParts = own(ctx.storage(segments * 2 * JAC_BYTES, "msm segment partials"));
      const bucketSums = own(ctx.storage(keys * JAC_BYTES, "msm buckets"));
      const windowParts = own(ctx.storage(windows * groups * JAC_BYTES, "msm window partials"));
      const result = own(ctx.storage(G1_BYTES, "msm result"));
      const params = (count: number): GPUBuffer => own(ctx.uniform([n, c, windows, buckets, seg, groups, count, entriesMax], "msm params"));

      return await ctx.submitAndRead(
        (enc) => {
          const pass = enc.beginComputePass({ label: "msm" });
          ctx.dispatch(pass, p.histogram, { 0: pts, 1: scs, 2: counts, 10: params(n) }, n);
          ctx.dispatch(pass, p.scan, { 2: counts, 3: offsets, 10: params(1) }, 256, 256);
          ctx.dispatch(pass, p.scatter, { 0: pts, 1: scs, 2: counts, 3: offsets, 4: entryPoint, 5: entryKey, 10: params(n) }, n);
          ctx.dispatch(pass, p.accumulate, { 0: pts, 3: offsets, 4: entryPoint, 5: entryKey, 6: segParts, 7: bucketSums, 10: params(segments) }, segments);
          ctx.dispatch(pass, p.combine, { 3: offsets, 6: segParts, 7: bucketSums, 10: params(keys) }, keys);
          ctx.dispatch(pass, p.reduce, { 7: bucketSums, 8: windowParts, 10: params(windows * groups) }, windows * groups);
          ctx.dispatch(pass, p.window_sum, { 8: windowParts, 10: params(windows) }, windows);
          ctx.dispatch(pass, p.finalize, { 8: windowParts, 9: result, 10: params(1) }, 1, 1);
          pass.end();
        },
        result,
        G1_BYTES,
        "msmG1",
      );
    } finally {
      ctx.release(...owned);
    }
  }
}
