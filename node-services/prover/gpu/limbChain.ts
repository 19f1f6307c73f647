/**
 * Fr Montgomery multiplication in two limb representations (shaders/limb_bench.wgsl): field.wgsl's 8 x 32-bit limbs,
 * which every kernel uses, and field13.wgsl's 20 x 13-bit limbs, which public WebGPU MSM work found fastest.
 * `frMulChain` computes a[i]·b[i]^iters on the GPU from canonical values and back, so one call both checks a
 * representation against BigInt and, timed with many iterations, measures it (`npm run bench -- gpu`).
 */
import { GpuError } from "./errors.js";
import type { GpuContext } from "./context.js";
import { FR_MODULUS, frInverse, modPow } from "./frConstants.js";

export type FrLimbs = "32x8" | "13x20";

const layouts: Record<FrLimbs, { bits: number; count: number; entry: string }> = {
  "32x8": { bits: 32, count: 8, entry: "chain_32x8" },
  "13x20": { bits: 13, count: 20, entry: "chain_13x20" },
};

/** x·R mod r (R = 2^(bits·count)) as `count` little-endian limbs of `bits` bits, each in a u32. */
function toMontLimbs(x: bigint, limbs: FrLimbs, out: Uint32Array, at: number): void {
  const { bits, count } = layouts[limbs];
  const mask = (1n << BigInt(bits)) - 1n;
  let m = (x * modPow(2n, BigInt(bits * count))) % FR_MODULUS;
  for (let j = 0; j < count; j++, m >>= BigInt(bits)) out[at + j] = Number(m & mask);
}

function fromMontLimbs(words: Uint32Array, limbs: FrLimbs, at: number): bigint {
  const { bits, count } = layouts[limbs];
  let m = 0n;
  for (let j = count - 1; j >= 0; j--) m = (m << BigInt(bits)) | BigInt(words[at + j]!);
  return (m * frInverse(modPow(2n, BigInt(bits * count)))) % FR_MODULUS;
}

/** a[i]·b[i]^iters mod r for canonical inputs below r, computed on the GPU in the given limb representation. */
export async function frMulChain(ctx: GpuContext, limbs: FrLimbs, a: readonly bigint[], b: readonly bigint[], iters: number): Promise<bigint[]> {
  const { count, entry } = layouts[limbs];
  if (a.length !== b.length) throw new GpuError("BAD_INPUT", `fr mul chain: ${a.length} and ${b.length} operands`);
  if (!Number.isInteger(iters) || iters < 0 || iters > 0xffffffff) throw new GpuError("BAD_INPUT", `fr mul chain: iters ${iters} is not a u32`);
  for (const x of [...a, ...b]) {
    if (x < 0n || x >= FR_MODULUS) throw new GpuError("BAD_INPUT", `fr mul chain: operand ${x} is not below r`);
  }
  const n = a.length;
  if (n === 0) return [];
  const aw = new Uint32Array(n * count);
  const bw = new Uint32Array(n * count);
  for (let i = 0; i < n; i++) {
    toMontLimbs(a[i]!, limbs, aw, i * count);
    toMontLimbs(b[i]!, limbs, bw, i * count);
  }
  const bytes = (w: Uint32Array) => new Uint8Array(w.buffer, w.byteOffset, w.byteLength);
  const pipeline = await ctx.pipeline("limbBench", entry);
  const ab = ctx.storage(bytes(aw), "chain a");
  const bb = ctx.storage(bytes(bw), "chain b");
  const out = ctx.storage(aw.byteLength, "chain out");
  const u = ctx.uniform([n, iters, 0, 0], "chain params");
  try {
    const got = await ctx.submitAndRead(
      (enc) => {
        const pass = enc.beginComputePass();
        ctx.dispatch(pass, pipeline, { 0: ab, 1: bb, 2: out, 3: u }, n);
        pass.end();
      },
      out,
      aw.byteLength,
      `fr mul chain ${limbs}`,
    );
    const words = new Uint32Array(got.buffer, got.byteOffset, got.byteLength / 4);
    return Array.from({ length: n }, (_, i) => fromMontLimbs(words, limbs, i * count));
  } finally {
    ctx.release(ab, bb, out, u);
  }
}
