/**
 * NTT over Fr on the GPU (shaders/ntt.wgsl), bit-identical to prover-wasm's ntt/intt/cosetNtt/cosetIntt:
 * twiddle and coset tables are built on the device and kept per size until the backend is destroyed.
 * A vector larger than the device binds in one buffer (2^24 elements are 512 MiB) is held in K chunks of m
 * elements; the transforms run over the chunks (see ntt.wgsl), so the size is bounded by memory, not by a binding.
 */
/// <reference types="@webgpu/types" />
import { GpuError } from "./errors.js";
import type { GpuContext } from "./context.js";
import { FR_MODULUS, FR_TWO_ADICITY, frFromMontBytes, frInverse, frToMontBytes, modPow, rootOfUnity, snarkjsCosetShift } from "./frConstants.js";

export type NttKind = "ntt" | "intt" | "cosetNtt" | "cosetIntt";
const FR_BYTES = 32;

export interface GpuNttOptions {
  /** Elements per chunk buffer (a power of two); absent: the largest the device binds. Smaller values test the split. */
  maxChunkElements?: number;
}

/** One transform of a sequence run in one submission; `shift` (Montgomery) only for the coset kinds. */
export interface NttStep {
  kind: NttKind;
  shift?: Uint8Array;
}

interface Params {
  n: number;
  logN: number;
  half?: number;
  count: number;
  logM?: number;
  src?: number;
  dst?: number;
}

export class GpuNtt {
  private readonly tables = new Map<string, GPUBuffer>();

  constructor(
    private readonly ctx: GpuContext,
    private readonly opts: GpuNttOptions = {},
  ) {}

  /** n = values.length / 32 Montgomery Fr elements (a power of two). */
  run(values: Uint8Array, kind: NttKind, shift?: Uint8Array): Promise<Uint8Array> {
    return this.sequence(values, [{ kind, ...(shift ? { shift } : {}) }]);
  }

  /** Several transforms one after the other, on the device without a read back in between. */
  async sequence(values: Uint8Array, steps: NttStep[], opts: GpuNttOptions = this.opts): Promise<Uint8Array> {
    const label = steps.map((s) => s.kind).join("+");
    const n = values.length / FR_BYTES;
    if (!Number.isInteger(n) || n === 0 || (n & (n - 1)) !== 0) {
      throw new GpuError("BAD_INPUT", `${label}: ${values.length} bytes is not a power-of-two count of 32-byte Fr elements`);
    }
    const logN = Math.log2(n);
    if (logN > FR_TWO_ADICITY) throw new GpuError("BAD_INPUT", `${label}: 2^${logN} exceeds Fr's two-adicity (2^28)`);
    const shifts = steps.map((s) => this.shiftOf(s, logN));
    if (n === 1) return values.slice();
    this.ctx.ensureUsable();
    const m = this.chunkElements(n, label, opts.maxChunkElements);
    const logM = Math.log2(m);
    const chunks = n / m;

    const ninv = frInverse(BigInt(n));
    const plans = await Promise.all(steps.map((s, i) => this.plan(s.kind, shifts[i]!, n, m, ninv)));
    const [bitReverse, butterfly, butterflyCross, mulTable, mulConst] = await Promise.all(
      ["bit_reverse", "butterfly", "butterfly_cross", "mul_table", "mul_const"].map((e) => this.ctx.pipeline("ntt", e)),
    );
    const owned: GPUBuffer[] = [];
    const own = (b: GPUBuffer): GPUBuffer => (owned.push(b), b);
    const params = (p: Params): GPUBuffer => own(this.ctx.uniform([p.n, p.logN, p.half ?? 0, p.count, p.logM ?? 0, p.src ?? 0, p.dst ?? 0, 0], `${label} params`));
    try {
      const input = Array.from({ length: chunks }, (_, c) => own(this.ctx.storage(values.subarray(c * m * FR_BYTES, (c + 1) * m * FR_BYTES), `${label} chunk ${c}`)));
      const spare = Array.from({ length: chunks }, (_, c) => own(this.ctx.storage(m * FR_BYTES, `${label} chunk ${c}'`)));
      // each step's bit reversal moves the vector to the other set of chunks
      const result = steps.length % 2 === 1 ? spare : input;
      let [cur, other] = [input, spare];
      const ninvBuf = own(this.ctx.storage(frToMontBytes(ninv), "n^-1"));
      const konsts = plans.map((p) => p.cross.map((stage) => stage.pairs.map(([, , k]) => own(this.ctx.storage(frToMontBytes(k), "twiddle base")))));
      const whole = params({ n: m, logN: logM, count: m });
      return await this.ctx.submitAndReadAll(
        (enc) => {
          const pass = enc.beginComputePass({ label });
          plans.forEach((plan, s) => {
            if (plan.pre) plan.pre.forEach((t, c) => this.ctx.dispatch(pass, mulTable!, { 0: cur[c]!, 1: t, 2: whole }, m));
            for (let dst = 0; dst < chunks; dst++) {
              for (let src = 0; src < chunks; src++) {
                const u = params({ n, logN, count: m / chunks, logM, src, dst });
                this.ctx.dispatch(pass, bitReverse!, { 0: other[dst]!, 1: cur[src]!, 2: u }, m / chunks);
              }
            }
            [cur, other] = [other, cur];
            for (let half = 1; half < m; half *= 2) {
              const u = params({ n: m, logN: logM, half, count: m / 2 });
              for (const c of cur) this.ctx.dispatch(pass, butterfly!, { 0: c, 1: plan.local, 2: u }, m / 2);
            }
            plan.cross.forEach((stage, i) => {
              stage.pairs.forEach(([lo, hi], j) => {
                this.ctx.dispatch(pass, butterflyCross!, { 0: cur[lo]!, 3: cur[hi]!, 1: stage.table, 4: konsts[s]![i]![j]!, 2: whole }, m);
              });
            });
            if (plan.scale) for (const c of cur) this.ctx.dispatch(pass, mulConst!, { 0: c, 1: ninvBuf, 2: whole }, m);
            if (plan.post) plan.post.forEach((t, c) => this.ctx.dispatch(pass, mulTable!, { 0: cur[c]!, 1: t, 2: whole }, m));
          });
          pass.end();
        },
        result.map((buffer) => ({ buffer, size: m * FR_BYTES })),
        label,
      );
    } finally {
      this.ctx.release(...owned);
    }
  }

  private shiftOf(step: NttStep, logN: number): bigint {
    if (step.kind !== "cosetNtt" && step.kind !== "cosetIntt") return 1n;
    let s: bigint;
    if (step.shift) s = frFromMontBytes(step.shift);
    else if (logN < FR_TWO_ADICITY) s = snarkjsCosetShift(logN);
    else throw new GpuError("BAD_INPUT", `${step.kind}: pass the coset shift explicitly at 2^28`);
    if (s === 0n) throw new GpuError("BAD_INPUT", `${step.kind}: the coset shift is zero`);
    return s;
  }

  /** The chunk size: the largest power of two the device binds (or the caller's cap), at least √n so K ≤ m. */
  private chunkElements(n: number, label: string, cap = Infinity): number {
    const g = this.ctx.limits.granted;
    const bytes = Math.min(g.maxStorageBufferBindingSize, g.maxBufferSize);
    let m = Math.min(n, 2 ** Math.floor(Math.log2(bytes / FR_BYTES)), cap);
    m = 2 ** Math.floor(Math.log2(m));
    if (m * m < n) {
      throw new GpuError("LIMITS", `${label}: 2^${Math.log2(n)} elements need chunks of at least 2^${Math.ceil(Math.log2(n) / 2)} (${m} fit one binding)`);
    }
    return m;
  }

  /**
   * The tables of one transform: coset factors per chunk (c0·g^i with c0 the chunk's first power), the m-th root's
   * powers for the per-chunk stages, and for each wider stage of span h the powers of its 2h-th root with, per pair of
   * chunks (lower, upper), the lower chunk's first twiddle w^((lower·m) mod h).
   */
  private async plan(kind: NttKind, shift: bigint, n: number, m: number, ninv: bigint) {
    const inverse = kind === "intt" || kind === "cosetIntt";
    const root = (log: number) => (inverse ? frInverse(rootOfUnity(log)) : rootOfUnity(log));
    const chunks = n / m;
    const perChunk = (c0: bigint, g: bigint) => Promise.all(Array.from({ length: chunks }, (_, c) => this.table(m, (c0 * modPow(g, BigInt(c * m))) % FR_MODULUS, g)));
    const cross: { table: GPUBuffer; pairs: [number, number, bigint][] }[] = [];
    for (let h = m; h < n; h *= 2) {
      const w = root(Math.log2(2 * h));
      const pairs: [number, number, bigint][] = [];
      for (let lo = 0; lo < chunks; lo++) if ((lo & (h / m)) === 0) pairs.push([lo, lo + h / m, modPow(w, BigInt((lo * m) % h))]);
      cross.push({ table: await this.table(m, 1n, w), pairs });
    }
    return {
      pre: kind === "cosetNtt" ? await perChunk(1n, shift) : undefined,
      local: await this.table(Math.max(m / 2, 1), 1n, root(Math.log2(m))),
      cross,
      scale: kind === "intt",
      post: kind === "cosetIntt" ? await perChunk(ninv, frInverse(shift)) : undefined,
    };
  }

  /** c0·g^i for i < count, on the device; cached by (count, c0, g). */
  private async table(count: number, c0: bigint, g: bigint): Promise<GPUBuffer> {
    const key = `${count}:${c0}:${g}`;
    const hit = this.tables.get(key);
    if (hit) return hit;
    const powers = await this.ctx.pipeline("ntt", "powers");
    const consts = new Uint8Array(64);
    consts.set(frToMontBytes(c0 % FR_MODULUS), 0);
    consts.set(frToMontBytes(g % FR_MODULUS), 32);
    const constBuf = this.ctx.storage(consts, "powers consts");
    const out = this.ctx.storage(count * FR_BYTES, `table ${count}`);
    const u = this.ctx.uniform([count, 0, 0, count, 0, 0, 0, 0], "powers params");
    try {
      const enc = this.ctx.device.createCommandEncoder({ label: "powers" });
      const pass = enc.beginComputePass();
      this.ctx.dispatch(pass, powers, { 0: out, 1: constBuf, 2: u }, count);
      pass.end();
      this.ctx.device.queue.submit([enc.finish()]);
    } finally {
      this.ctx.release(constBuf, u);
    }
    this.tables.set(key, out);
    return out;
  }
}
