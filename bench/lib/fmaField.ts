/**
 * Prototype: BN254 base-field arithmetic on f64x2 lanes with relaxed-SIMD FMA, emitted as WebAssembly code.
 * Not used by the prover: Debian's Rust 1.63 (our WASM toolchain) cannot emit relaxed SIMD, and Node 20 enables it
 * only behind a V8 flag. `npm run bench -- fma-field` measures it against the prover in one run, to size that route
 * (node-services/prover/README.md).
 *
 * Why FMA: the prover's product (9×29-bit limbs) is bound by WASM's 64-bit multiplies; an FMA gives a 52×52-bit
 * product exactly as two doubles, two lanes per instruction. Elements are 5 limbs of 52 bits held in doubles
 * (exact integers), Montgomery form with R = 2^260; each of the two lanes is an independent element.
 *
 * A limb product x·y (x, y < 2^52) splits exactly as hi = fma(x, y, C) with C = 2^104 (so hi ∈ [2^104, 2^105] and
 * its bits − bits(C) = h/2^52, h = hi − C a multiple of 2^52), and lo = fma(x, y, M − h) = x·y − h + M ∈ [2^52, 2^53]
 * with M = 1.5·2^52 (bits − bits(M) = x·y − h). Both bit patterns are added to 64-bit integer columns; the constant
 * parts (bits(C), bits(M) per term) are subtracted once per column, wrapping. Signed products m·p ∈ [−2^103, 2^103]
 * take C = 1.5·2^104 instead.
 */
import { randomBytes } from "node:crypto";
import v8 from "node:v8";
import { FQ_MODULUS as P } from "../../prover-wasm/loader.js";
import { f64Bits, f64x2Splat, i64x2Splat, moduleWithFunctions, op, type WasmFunction } from "./wasmAssembler.js";

const LIMBS = 5;
const RADIX = 52n;
const MASK = (1n << RADIX) - 1n;
export const R = 1n << (RADIX * BigInt(LIMBS));
/** Bytes of one element pair (lane 0 and lane 1 of each limb). */
export const PAIR_BYTES = 16 * LIMBS;

/** A random element of Fq (plain value). */
export const randomElement = () => BigInt(`0x${randomBytes(32).toString("hex")}`) % P;

function limbs52(x: bigint): bigint[] {
  return Array.from({ length: LIMBS }, (_, i) => (x >> (RADIX * BigInt(i))) & MASK);
}

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [((a % m) + m) % m, m, 1n, 0n];
  while (r1) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

/** BigInt references the kernels are checked against: a·b·R⁻¹ mod p, and the affine sum of (xp, yp) and (xq, yq). */
const rInverse = modInverse(R, P);
export function montProduct(a: bigint, b: bigint): bigint {
  return (a * b * rInverse) % P;
}

export interface PairInput {
  xp: bigint;
  yp: bigint;
  xq: bigint;
  yq: bigint;
}

export function affineSum({ xp, yp, xq, yq }: PairInput): { x: bigint; y: bigint } {
  const lambda = (((yq - yp + P) % P) * modInverse((xq - xp + P) % P, P)) % P;
  const x = (((lambda * lambda - xp - xq) % P) + 2n * P) % P;
  return { x, y: (((lambda * ((xp - x + P) % P) - yp) % P) + P) % P };
}

/** The WebAssembly JS API slice used here (the project's TS lib set has no DOM types). */
const wasmApi = (
  globalThis as unknown as {
    WebAssembly: { instantiate(bytes: Uint8Array): Promise<{ instance: { exports: Record<string, unknown> } }> };
  }
).WebAssembly;

/** Element pairs in a kernel's memory: place and read two field elements (lanes 0 and 1). */
export function pairs(memory: { buffer: ArrayBuffer }) {
  const f64 = () => new Float64Array(memory.buffer);
  return {
    put(at: number, lane0: bigint, lane1: bigint) {
      const [l0, l1] = [limbs52(lane0), limbs52(lane1)];
      for (let i = 0; i < LIMBS; i++) f64().set([Number(l0[i]), Number(l1[i])], at / 8 + 2 * i);
    },
    get(at: number, lane: 0 | 1): bigint {
      let v = 0n;
      for (let i = LIMBS - 1; i >= 0; i--) v = (v << RADIX) + BigInt(f64()[at / 8 + 2 * i + lane]!);
      return v;
    },
  };
}

/** Enables relaxed SIMD in this process (Node 20: behind a flag; on by default from V8 11.4) and checks that
 * `f64x2.relaxed_madd` rounds once: the splits above are exact only with a fused multiply-add. */
export async function relaxedFmaAvailable(): Promise<boolean> {
  v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
  const code = [
    ...op.localGet(0),
    ...op.localGet(0), ...op.v128Load(0),
    ...op.localGet(0), ...op.v128Load(16),
    ...op.localGet(0), ...op.v128Load(32),
    ...op.f64x2RelaxedMadd,
    ...op.v128Store(48),
  ];
  try {
    const { instance } = await wasmApi.instantiate(moduleWithFunctions([{ name: "madd", params: 1, v128Locals: 0, code }]));
    const exports = instance.exports as { madd(ptr: number): void; memory: { buffer: ArrayBuffer } };
    const f = new Float64Array(exports.memory.buffer, 0, 8);
    // (1 + 2^-30)² − 1 = 2^-29 + 2^-60: the 2^-60 survives only a single rounding.
    f.set([1 + 2 ** -30, 1 + 2 ** -30, 1 + 2 ** -30, 1 + 2 ** -30, -1, -1]);
    exports.madd(0);
    return f[6] === 2 ** -29 + 2 ** -60;
  } catch {
    return false;
  }
}

type Element = number[];

/**
 * Emits one function's code: field operations on elements held in v128 locals (5 each). The constants are locals
 * set once at the top (V8 keeps or spills them; loading them from memory at each use measured slower).
 */
class FmaFunction {
  private readonly code: number[] = [];
  private next: number;
  private readonly pInv = (R - modInverse(P, 1n << RADIX)) & MASK;
  private readonly c = { unsigned: 2 ** 104, signed: 1.5 * 2 ** 104, lo: 1.5 * 2 ** 52 };
  private readonly k;

  constructor(private readonly params: number) {
    this.next = params;
    const l = () => this.local();
    this.k = {
      unsigned: l(), signed: l(), lo: l(), mask: l(), two52Bits: l(), two52: l(), negTwo52: l(), twoMinus52: l(), pInv: l(),
      p: this.element(), pInt: this.element(),
    };
    const k = this.k;
    const { localSet: set } = op;
    this.emit(f64x2Splat(this.c.unsigned), set(k.unsigned), f64x2Splat(this.c.signed), set(k.signed), f64x2Splat(this.c.lo), set(k.lo));
    this.emit(i64x2Splat(MASK), set(k.mask), i64x2Splat(f64Bits(2 ** 52)), set(k.two52Bits), f64x2Splat(2 ** 52), set(k.two52));
    this.emit(f64x2Splat(-(2 ** 52)), set(k.negTwo52), f64x2Splat(2 ** -52), set(k.twoMinus52), f64x2Splat(Number(this.pInv)), set(k.pInv));
    limbs52(P).forEach((limb, j) => this.emit(f64x2Splat(Number(limb)), set(k.p[j]!), i64x2Splat(limb), set(k.pInt[j]!)));
  }

  local(): number {
    return this.next++;
  }

  element(): Element {
    return Array.from({ length: LIMBS }, () => this.local());
  }

  emit(...parts: number[][]): void {
    for (const p of parts) this.code.push(...p);
  }

  /** dst ← the pair at `ptr` (an i32 local) + offset. */
  load(dst: Element, ptr: number, offset: number): void {
    dst.forEach((l, i) => this.emit(op.localGet(ptr), op.v128Load(offset + 16 * i), op.localSet(l)));
  }

  store(src: Element, ptr: number, offset: number): void {
    src.forEach((l, i) => this.emit(op.localGet(ptr), op.localGet(l), op.v128Store(offset + 16 * i)));
  }

  /** out ← a·b·R⁻¹ mod p, below p, for a·b < 2^260·p/2 (a, b below 2p, for instance). out may be a or b.
   *
   * Operand scanning (CIOS): for each a_i, t += a_i·b; m = t₀·p' mod 2^52 (p' = −p⁻¹), signed; t += m·p; t₀, now a
   * multiple of 2^52, is carried into t₁ and the positions shift down. With |m| ≤ 2^51 the result V lies in
   * (−p/2, p): one conditional addition of p. Carries shift t + 2^63 right logically (x86 has no 64-bit arithmetic
   * vector shift): (t + 2^63) >> 52 = t/2^52 + 2^11, the 2^11 booked with the column's constants. */
  mul(a: Element, b: Element, out: Element): void {
    const { localGet: get, localSet: set, localTee: tee } = op;
    const k = this.k;
    const bias = 1n << 63n;
    const carryBias = 1n << 11n;
    const bits = { unsigned: f64Bits(this.c.unsigned), signed: f64Bits(this.c.signed), lo: f64Bits(this.c.lo) };
    this.temps ??= { t: Array.from({ length: LIMBS + 1 }, () => this.local()), hi: this.local(), x: this.local(), m: this.local(), carry: this.local(), sign: this.local() };
    const { t, hi, x, m, carry, sign } = this.temps;
    let pos = [...t];
    let pending = pos.map(() => 0n); // the constant parts each position still carries
    let empty = pos.map(() => true);
    const accumulate = (q: number, value: number[]) => {
      if (empty[q]) this.emit(value, set(pos[q]!));
      else this.emit(get(pos[q]!), value, op.i64x2Add, set(pos[q]!));
      empty[q] = false;
    };
    // position q += x·y's lo, q + 1 += its hi
    const split = (xl: number, yl: number, q: number, signed: boolean) => {
      const c = signed ? k.signed : k.unsigned;
      this.emit(get(xl), get(yl), get(c), op.f64x2RelaxedMadd, set(hi));
      accumulate(q, [...get(xl), ...get(yl), ...get(k.lo), ...get(hi), ...get(c), ...op.f64x2Sub, ...op.f64x2Sub, ...op.f64x2RelaxedMadd]);
      pending[q]! += bits.lo;
      if (q + 1 < pos.length) {
        accumulate(q + 1, get(hi));
        pending[q + 1]! += signed ? bits.signed : bits.unsigned;
      }
    };
    const settle = (q: number, extra = 0n) => {
      const c = BigInt.asUintN(64, pending[q]! - extra);
      if (c !== 0n) this.emit(get(pos[q]!), i64x2Splat(c), op.i64x2Sub, set(pos[q]!));
      pending[q] = 0n;
    };
    for (let i = 0; i < LIMBS; i++) {
      for (let j = 0; j < LIMBS; j++) split(a[i]!, b[j]!, j, false);
      settle(0);
      // m = (t₀ mod 2^52)·p' mod 2^52, the lo half of that split (signed)
      this.emit(get(pos[0]!), get(k.mask), op.v128And, get(k.two52Bits), op.v128Or, get(k.two52), op.f64x2Sub, set(x));
      this.emit(get(x), get(k.pInv), get(k.unsigned), op.f64x2RelaxedMadd, set(hi));
      this.emit(get(x), get(k.pInv), get(k.unsigned), get(hi), op.f64x2Sub, op.f64x2RelaxedMadd, set(m));
      for (let j = 0; j < LIMBS; j++) split(m, k.p[j]!, j, true);
      settle(0, bias);
      this.emit(get(pos[1]!), get(pos[0]!), op.i32Const(52), op.i64x2ShrU, op.i64x2Add, set(pos[1]!));
      pending[1]! += carryBias;
      pos = [...pos.slice(1), pos[0]!];
      pending = [...pending.slice(1), 0n];
      empty = [...empty.slice(1), true];
    }
    // V = Σ pos[q]·2^(52q): normalise; the last carry is −1 where V < 0, and there V + p is taken
    this.emit(i64x2Splat(0n), set(carry));
    for (let q = 0; q < LIMBS; q++) {
      settle(q, bias);
      this.emit(get(pos[q]!), get(carry), op.i64x2Add, tee(x), get(k.mask), op.v128And, set(pos[q]!));
      this.emit(get(x), op.i32Const(52), op.i64x2ShrU, i64x2Splat(carryBias), op.i64x2Sub, set(carry));
    }
    this.emit(get(carry), set(sign), i64x2Splat(0n), set(carry));
    for (let q = 0; q < LIMBS; q++) {
      // pos[q] + p[q] + carry, normalised into pos[q] when V < 0; back to doubles either way
      this.emit(get(pos[q]!), get(k.pInt[q]!), op.i64x2Add, get(carry), op.i64x2Add, i64x2Splat(bias), op.i64x2Add, set(x));
      this.emit(get(x), op.i32Const(52), op.i64x2ShrU, i64x2Splat(carryBias), op.i64x2Sub, set(carry));
      this.emit(get(x), get(k.mask), op.v128And, get(pos[q]!), get(sign), op.v128Bitselect);
      this.emit(get(k.two52Bits), op.v128Or, get(k.two52), op.f64x2Sub, set(out[q]!));
    }
  }

  private temps?: { t: number[]; hi: number; x: number; m: number; carry: number; sign: number };

  /** With `reduce`, out ← a − b mod p for a, b below p; without, out ← a − b + p in (0, 2p) for a, b below p, a
   * product operand only. Limb carries are floor(v·2^-52), exact in doubles; out may be a or b. */
  sub(a: Element, b: Element, out: Element, reduce: boolean): void {
    const { localGet: get, localSet: set, localTee: tee } = op;
    const k = this.k;
    this.subTemps ??= { v: this.local(), carry: this.local(), mask: this.local() };
    const { v, carry, mask } = this.subTemps;
    // v = (limb expression) + carry; carry = floor(v/2^52); dst = v − carry·2^52
    const limb = (dst: number, value: number[], first: boolean) => {
      this.emit(value);
      if (!first) this.emit(get(carry), op.f64x2Add);
      this.emit(tee(v), get(k.twoMinus52), op.f64x2Mul, op.f64x2Floor, tee(carry));
      this.emit(get(k.negTwo52), get(v), op.f64x2RelaxedMadd, set(dst));
    };
    for (let i = 0; i < LIMBS; i++) {
      const value = [...get(a[i]!), ...get(b[i]!), ...op.f64x2Sub];
      limb(out[i]!, reduce ? value : [...value, ...get(k.p[i]!), ...op.f64x2Add], i === 0);
    }
    if (!reduce) return;
    // carry is −1 where a < b: add p there (the carry out of that addition is dropped)
    this.emit(get(carry), f64x2Splat(0), op.f64x2Lt, set(mask));
    for (let i = 0; i < LIMBS; i++) {
      limb(out[i]!, [...get(out[i]!), ...get(k.p[i]!), ...get(mask), ...op.v128And, ...op.f64x2Add], i === 0);
    }
  }

  private subTemps?: { v: number; carry: number; mask: number };

  /** Emits `body` to run `counter` times (an i32 parameter, at least 1; counted down to 0). */
  repeat(counter: number, body: () => void): void {
    this.emit([0x03, 0x40]); // loop (no result)
    body();
    this.emit(op.localGet(counter), op.i32Const(1), op.i32Sub, op.localTee(counter), [0x0d, 0, 0x0b]); // br_if 0; end
  }

  /** dst ← the pair at a fixed address. */
  loadAt(dst: Element, address: number): void {
    dst.forEach((l, i) => this.emit(op.i32Const(address), op.v128Load(16 * i), op.localSet(l)));
  }

  storeAt(src: Element, address: number): void {
    src.forEach((l, i) => this.emit(op.i32Const(address), op.localGet(l), op.v128Store(16 * i)));
  }

  /** ptr += (n − 1)·stride: from the first of n elements to the last. */
  toLast(ptr: number, n: number, stride: number): void {
    this.emit(op.localGet(ptr), op.localGet(n), op.i32Const(1), op.i32Sub, op.i32Const(stride), op.i32Mul, op.i32Add, op.localSet(ptr));
  }

  /** ptr += bytes for each [ptr, bytes] (ptr an i32 parameter). */
  advance(...steps: [number, number][]): void {
    for (const [ptr, bytes] of steps) this.emit(op.localGet(ptr), op.i32Const(bytes), op.i32Add, op.localSet(ptr));
  }

  function(name: string): WasmFunction {
    return { name, params: this.params, v128Locals: this.next - this.params, code: this.code };
  }
}

/** `chain(a, b, out, n)`: for each of `chains` element pairs at a (PAIR_BYTES apart), n times a ← a·b·R⁻¹, then the
 * results to out. The chains are independent: one measures a product's latency, two or more its throughput. */
function chainFunction(chains: number): WasmFunction {
  const f = new FmaFunction(4);
  const a = Array.from({ length: chains }, () => f.element());
  const b = f.element();
  f.load(b, 1, 0);
  a.forEach((e, k) => f.load(e, 0, PAIR_BYTES * k));
  f.repeat(3, () => a.forEach((e) => f.mul(e, b, e)));
  a.forEach((e, k) => f.store(e, 2, PAIR_BYTES * k));
  return f.function("chain");
}

/** Where the batch inversion keeps its running product (forward) and takes its inverse (backward). */
export const ACC_AT = 0;
/** Bytes of one point pair (x then y, lanes 0 and 1). */
export const POINT_PAIR_BYTES = 2 * PAIR_BYTES;

/**
 * The MSM's inner step, affine P + Q for n point pairs (two additions each, one per lane), as three passes:
 * `forward(p, q, d, s, n)`: d ← x_q − x_p (+p), s ← the running product before it, the running product at ACC_AT;
 * the caller inverts ACC_AT (one inversion per lane for the whole block, Montgomery's trick);
 * `backward(d, s, n)`: d ← 1/d from the last pair down;
 * `add(p, q, d, out, n)`: λ = (y_q − y_p)·d, x = λ² − x_p − x_q, y = λ·(x_p − x) − y_p.
 * Points are in Montgomery form, x_p ≠ x_q in every pair (the prover handles the rest apart).
 */
function pairAddFunctions(): WasmFunction[] {
  const forward = new FmaFunction(5);
  {
    const [p, q, d, s, n] = [0, 1, 2, 3, 4];
    const [xp, xq, den, acc] = [forward.element(), forward.element(), forward.element(), forward.element()];
    forward.loadAt(acc, ACC_AT);
    forward.repeat(n, () => {
      forward.load(xp, p, 0);
      forward.load(xq, q, 0);
      forward.sub(xq, xp, den, false);
      forward.store(den, d, 0);
      forward.store(acc, s, 0);
      forward.mul(acc, den, acc);
      forward.advance([p, POINT_PAIR_BYTES], [q, POINT_PAIR_BYTES], [d, PAIR_BYTES], [s, PAIR_BYTES]);
    });
    forward.storeAt(acc, ACC_AT);
  }
  const backward = new FmaFunction(3);
  {
    const [d, s, n] = [0, 1, 2];
    const [den, before, inv] = [backward.element(), backward.element(), backward.element()];
    backward.loadAt(inv, ACC_AT);
    backward.toLast(d, n, PAIR_BYTES);
    backward.toLast(s, n, PAIR_BYTES);
    backward.repeat(n, () => {
      backward.load(den, d, 0);
      backward.load(before, s, 0);
      backward.mul(inv, before, before);
      backward.store(before, d, 0);
      backward.mul(inv, den, inv);
      backward.advance([d, -PAIR_BYTES], [s, -PAIR_BYTES]);
    });
  }
  const add = new FmaFunction(5);
  {
    const [p, q, d, out, n] = [0, 1, 2, 3, 4];
    const [xp, yp, xq, yq, lambda, x, y] = [add.element(), add.element(), add.element(), add.element(), add.element(), add.element(), add.element()];
    add.repeat(n, () => {
      add.load(xp, p, 0);
      add.load(yp, p, PAIR_BYTES);
      add.load(xq, q, 0);
      add.load(yq, q, PAIR_BYTES);
      add.load(x, d, 0);
      add.sub(yq, yp, lambda, false);
      add.mul(lambda, x, lambda);
      add.mul(lambda, lambda, x);
      add.sub(x, xp, x, true);
      add.sub(x, xq, x, true);
      add.sub(xp, x, y, false);
      add.mul(lambda, y, y);
      add.sub(y, yp, y, true);
      add.store(x, out, 0);
      add.store(y, out, PAIR_BYTES);
      add.advance([p, POINT_PAIR_BYTES], [q, POINT_PAIR_BYTES], [d, PAIR_BYTES], [out, POINT_PAIR_BYTES]);
    });
  }
  return [forward.function("forward"), backward.function("backward"), add.function("add")];
}

export async function fmaKernels(chains: number) {
  const { instance } = await wasmApi.instantiate(moduleWithFunctions([chainFunction(chains), ...pairAddFunctions()], 16));
  return instance.exports as {
    chain(a: number, b: number, out: number, n: number): void;
    forward(p: number, q: number, d: number, s: number, n: number): void;
    backward(d: number, s: number, n: number): void;
    add(p: number, q: number, d: number, out: number, n: number): void;
    memory: { buffer: ArrayBuffer };
  };
}

/**
 * `affineBlock(n)`: P + Q for 2n pairs of field elements (plain values, not Montgomery) through the three kernels,
 * with the two lanes' running products inverted in BigInt between the passes (the prover would invert in WASM).
 * `run` returns the sums in input order (pair 2k in lane 0, 2k + 1 in lane 1).
 */
export async function affineBlock(n: number) {
  const k = await fmaKernels(1);
  const m = pairs(k.memory);
  const at = { p: PAIR_BYTES, q: PAIR_BYTES + n * POINT_PAIR_BYTES, d: PAIR_BYTES + 2 * n * POINT_PAIR_BYTES };
  const s = at.d + n * PAIR_BYTES;
  const out = s + n * PAIR_BYTES;
  const toMont = (x: bigint) => (x * R) % P;
  const fromMont = (x: bigint) => montProduct(x, 1n);
  const r2 = (R * R) % P;
  const kernels = () => {
    m.put(ACC_AT, R % P, R % P);
    k.forward(at.p, at.q, at.d, s, n);
    // Montgomery form: (aR)⁻¹·R = R²/(aR)
    m.put(ACC_AT, (r2 * modInverse(m.get(ACC_AT, 0), P)) % P, (r2 * modInverse(m.get(ACC_AT, 1), P)) % P);
    k.backward(at.d, s, n);
    k.add(at.p, at.q, at.d, out, n);
  };
  return {
    /** The passes alone, on what `run` placed last (for timing). */
    kernels,
    run(inputs: PairInput[]): { x: bigint; y: bigint }[] {
      for (let i = 0; i < n; i++) {
        const [a, b] = [inputs[2 * i]!, inputs[2 * i + 1]!];
        m.put(at.p + i * POINT_PAIR_BYTES, toMont(a.xp), toMont(b.xp));
        m.put(at.p + i * POINT_PAIR_BYTES + PAIR_BYTES, toMont(a.yp), toMont(b.yp));
        m.put(at.q + i * POINT_PAIR_BYTES, toMont(a.xq), toMont(b.xq));
        m.put(at.q + i * POINT_PAIR_BYTES + PAIR_BYTES, toMont(a.yq), toMont(b.yq));
      }
      kernels();
      return inputs.map((_, j) => {
        const [i, lane] = [Math.floor(j / 2), (j % 2) as 0 | 1];
        return { x: fromMont(m.get(out + i * POINT_PAIR_BYTES, lane)), y: fromMont(m.get(out + i * POINT_PAIR_BYTES + PAIR_BYTES, lane)) };
      });
    },
  };
}
