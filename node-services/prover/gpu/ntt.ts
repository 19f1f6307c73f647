/**
 * NTT over Fr on the GPU (shaders/ntt.wgsl), bit-identical to prover-wasm's ntt/intt/cosetNtt/cosetIntt:
 * twiddle and coset tables are built on the device and kept per size until the backend is destroyed.
 */
/// <reference types="@webgpu/types" />
import { GpuError } from "./errors.js";
import type { GpuContext } from "./context.js";
import { FR_MODULUS, FR_TWO_ADICITY, frFromMontBytes, frInverse, frToMontBytes, rootOfUnity, snarkjsCosetShift } from "./frConstants.js";

export type NttKind = "ntt" | "intt" | "cosetNtt" | "cosetIntt";
const FR_BYTES = 32;

export class GpuNtt {
  private readonly tables = new Map<string, GPUBuffer>();

  constructor(private readonly ctx: GpuContext) {}

  /** n = values.length / 32 Montgomery Fr elements (a power of two); `shift` (Montgomery) only for the coset kinds. */
  async run(values: Uint8Array, kind: NttKind, shift?: Uint8Array): Promise<Uint8Array> {
    const n = values.length / FR_BYTES;
    if (!Number.isInteger(n) || n === 0 || (n & (n - 1)) !== 0) {
      throw new GpuError("BAD_INPUT", `${kind}: ${values.length} bytes is not a power-of-two count of 32-byte Fr elements`);
    }
    const logN = Math.log2(n);
    if (logN > FR_TWO_ADICITY) throw new GpuError("BAD_INPUT", `${kind}: 2^${logN} exceeds Fr's two-adicity (2^28)`);
    const coset = kind === "cosetNtt" || kind === "cosetIntt";
    let s = 1n;
    if (coset) {
      if (shift) s = frFromMontBytes(shift);
      else if (logN < FR_TWO_ADICITY) s = snarkjsCosetShift(logN);
      else throw new GpuError("BAD_INPUT", `${kind}: pass the coset shift explicitly at 2^28`);
      if (s === 0n) throw new GpuError("BAD_INPUT", `${kind}: the coset shift is zero`);
    }
    if (n === 1) return values.slice();
    this.ctx.ensureUsable();
    this.ctx.checkSize(values.length, kind);

    const inverse = kind === "intt" || kind === "cosetIntt";
    const w = rootOfUnity(logN);
    const twiddles = await this.table(n / 2, 1n, inverse ? frInverse(w) : w);
    const ninv = frInverse(BigInt(n));
    // coset forward: a_i·s^i before; coset inverse: a_i·n^-1·s^-i after (the same field values prover-wasm gets)
    const pre = kind === "cosetNtt" ? await this.table(n, 1n, s) : undefined;
    const post = kind === "cosetIntt" ? await this.table(n, ninv, frInverse(s)) : undefined;
    const [bitReverse, butterfly, mulTable, mulConst] = await Promise.all(
      ["bit_reverse", "butterfly", "mul_table", "mul_const"].map((e) => this.ctx.pipeline("ntt", e)),
    );

    const src = this.ctx.storage(values, `${kind} input`);
    const dst = this.ctx.storage(values.length, `${kind} output`);
    const uniforms: GPUBuffer[] = [];
    const params = (half: number, count: number): GPUBuffer => {
      const u = this.ctx.uniform([n, logN, half, count], `${kind} params`);
      uniforms.push(u);
      return u;
    };
    const ninvBuf = kind === "intt" ? this.ctx.storage(frToMontBytes(ninv), "n^-1") : undefined;
    try {
      return await this.ctx.submitAndRead(
        (enc) => {
          const pass = enc.beginComputePass({ label: kind });
          if (pre) this.ctx.dispatch(pass, mulTable!, { 0: src, 1: pre, 2: params(0, n) }, n);
          this.ctx.dispatch(pass, bitReverse!, { 0: dst, 1: src, 2: params(0, n) }, n);
          for (let half = 1; half < n; half *= 2) this.ctx.dispatch(pass, butterfly!, { 0: dst, 1: twiddles, 2: params(half, n / 2) }, n / 2);
          if (ninvBuf) this.ctx.dispatch(pass, mulConst!, { 0: dst, 1: ninvBuf, 2: params(0, n) }, n);
          if (post) this.ctx.dispatch(pass, mulTable!, { 0: dst, 1: post, 2: params(0, n) }, n);
          pass.end();
        },
        dst,
        values.length,
        kind,
      );
    } finally {
      this.ctx.release(src, dst, ...uniforms, ...(ninvBuf ? [ninvBuf] : []));
    }
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
    const u = this.ctx.uniform([count, 0, 0, count], "powers params");
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
