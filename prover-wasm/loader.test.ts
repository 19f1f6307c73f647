import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { buildBn128, type FfjsCurve } from "ffjavascript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FQ_MODULUS,
  FR_MODULUS,
  G1_BYTES,
  G2_BYTES,
  GOLDILOCKS_P,
  ProverWasmError,
  WASM_FILE,
  WASM_SCALAR_FILE,
  compileProverWasm,
  defaultBuildChoice,
  leToScalar,
  loadProverWasm,
  scalarToLe,
  wasmSimdSupported,
  type ProverWasm,
} from "./loader.js";

let w: ProverWasm;
let curve: FfjsCurve;

beforeAll(async () => {
  if (![WASM_FILE, WASM_SCALAR_FILE].every((f) => existsSync(new URL(`./pkg/${f}`, import.meta.url)))) {
    execFileSync("npx", ["tsx", fileURLToPath(new URL("./build.ts", import.meta.url))], { stdio: "inherit" });
  }
  w = await loadProverWasm();
  curve = await buildBn128(true);
});

afterAll(async () => {
  await curve?.terminate();
});

const rand = (m: bigint): bigint => leToScalar(randomBytes(40)) % m;
const modPow = (b: bigint, e: bigint, m: bigint): bigint => {
  let x = 1n;
  b %= m;
  for (; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) x = (x * b) % m;
  return x;
};

function scalars(values: bigint[]): Uint8Array {
  const out = new Uint8Array(values.length * 32);
  values.forEach((v, i) => out.set(scalarToLe(v), 32 * i));
  return out;
}

/** n points k·G through ffjavascript, in snarkjs's affine LE Montgomery layout. */
function ffjsPoints(n: number): Uint8Array {
  const out = new Uint8Array(n * G1_BYTES);
  for (let i = 0; i < n; i++) curve.G1.toRprLEM(out, i * G1_BYTES, curve.G1.timesScalar(curve.G1.g, rand(FR_MODULUS)));
  return out;
}

function frMontVector(values: bigint[]): Uint8Array {
  return w.toMont("fr", scalars(values));
}

function readFr(bytes: Uint8Array): bigint[] {
  const canon = w.fromMont("fr", bytes);
  return Array.from({ length: bytes.length / 32 }, (_, i) => leToScalar(canon.subarray(32 * i, 32 * i + 32)));
}

describe("engine", () => {
  it("detects WebAssembly SIMD, which the module's field arithmetic needs (a malformed probe would read as missing)", () => {
    expect(wasmSimdSupported()).toBe(true);
  });
});

describe("builds", () => {
  it("loads the build that multiplies faster here, and both builds compute the same products and MSMs", async () => {
    const choice = defaultBuildChoice();
    expect(choice && Object.keys(choice.fqMulNs).sort()).toEqual([WASM_FILE, WASM_SCALAR_FILE].sort());
    expect(choice!.fqMulNs[choice!.file]).toBe(Math.min(...Object.values(choice!.fqMulNs)));
    const [vector, scalar] = await Promise.all([WASM_FILE, WASM_SCALAR_FILE].map((f) => loadProverWasm(new URL(`./pkg/${f}`, import.meta.url))));
    for (const [field, m] of [
      ["fr", FR_MODULUS],
      ["fq", FQ_MODULUS],
    ] as const) {
      for (const [a, b] of [[m - 1n, m - 1n], [0n, m - 1n], ...Array.from({ length: 300 }, () => [rand(m), rand(m)])] as [bigint, bigint][]) {
        expect(scalar!.fieldOp(field, "mul", a, b)).toBe((a * b) % m);
        expect(vector!.fieldOp(field, "mul", a, b)).toBe((a * b) % m);
      }
    }
    const n = 300;
    const g1 = ffjsPoints(n);
    const { g2 } = w.generators();
    const g2s = new Uint8Array(n * G2_BYTES);
    for (let i = 0; i < n; i++) g2s.set(w.g2Mul(g2, rand(FR_MODULUS)), i * G2_BYTES);
    const k = scalars([0n, 1n, FR_MODULUS - 1n, ...Array.from({ length: n - 3 }, () => rand(FR_MODULUS))]);
    expect(scalar!.msmG1(g1, k)).toEqual(vector!.msmG1(g1, k));
    expect(scalar!.msmG2(g2s, k)).toEqual(vector!.msmG2(g2s, k));
  });
});

describe("fields", () => {
  it("multiplies, adds, subtracts and inverts like BigInt modular arithmetic in Fr and Fq", () => {
    for (const [field, m] of [
      ["fr", FR_MODULUS],
      ["fq", FQ_MODULUS],
    ] as const) {
      for (const [a, b] of [[0n, 5n], [m - 1n, m - 1n], [rand(m), rand(m)], [rand(m), 1n]] as const) {
        expect(w.fieldOp(field, "mul", a, b)).toBe((a * b) % m);
        expect(w.fieldOp(field, "add", a, b)).toBe((a + b) % m);
        expect(w.fieldOp(field, "sub", a, b)).toBe((a - b + m) % m);
        if (a !== 0n) expect(w.fieldOp(field, "inverse", a)).toBe(modPow(a, m - 2n, m));
      }
      expect(() => w.fieldOp(field, "inverse", 0n)).toThrowError(expect.objectContaining({ code: "NOT_INVERTIBLE" }));
      expect(() => w.fieldOp(field, "mul", m, 1n)).toThrowError(expect.objectContaining({ code: "OUT_OF_RANGE" }));
    }
    const sq = rand(FQ_MODULUS) ** 2n % FQ_MODULUS;
    const root = w.fieldOp("fq", "sqrt", sq);
    expect((root * root) % FQ_MODULUS).toBe(sq);
  });

  // The built module multiplies with the vector/scalar split product (src/field/mont_simd.rs), which native
  // `cargo test` never runs: this is its check against BigInt, on operands whose limbs sit at the edges.
  it("multiplies and squares like BigInt on 2,000 random operands and the edge values, in Fr and Fq", () => {
    for (const [field, m] of [
      ["fr", FR_MODULUS],
      ["fq", FQ_MODULUS],
    ] as const) {
      // Edge limb patterns in the Montgomery form the module computes on (x·2^261): the value is E·2^-261.
      const fromMontgomery = modPow(1n << 261n, m - 2n, m);
      const limbEdges = [m - 1n, m - 2n, (1n << 253n) - 1n, (1n << 232n) + (1n << 29n) - 1n, m >> 29n];
      for (let k = 0n; k < 9n; k++) limbEdges.push(((1n << 29n) - 1n) << (29n * k));
      const edges = [0n, 1n, 2n, m - 1n, (m - 1n) / 2n, ...limbEdges.filter((e) => e < m).map((e) => (e * fromMontgomery) % m)];
      const operands = [...edges, ...Array.from({ length: 2000 }, () => rand(m))];
      for (let i = 0; i < operands.length; i++) {
        const a = operands[i]!;
        const b = i < edges.length ? operands[(i * 7) % operands.length]! : operands[operands.length - 1 - i]!;
        expect(w.fieldOp(field, "mul", a, b)).toBe((a * b) % m);
        if (i < edges.length) for (const e of edges) expect(w.fieldOp(field, "mul", a, e)).toBe((a * e) % m);
        expect(w.fieldOp(field, "square", a)).toBe((a * a) % m);
      }
    }
  });

  it("uses the same Montgomery form as ffjavascript (snarkjs zkey layout)", () => {
    const v = rand(FR_MODULUS);
    expect(w.toMont("fr", scalarToLe(v))).toEqual(curve.Fr.e(v));
    const q = rand(FQ_MODULUS);
    expect(w.toMont("fq", scalarToLe(q))).toEqual(curve.F1.e(q));
  });
});

describe("MSM", () => {
  it("matches ffjavascript's multiExpAffine, including zero scalars, infinity, repeated points and r-1", async () => {
    const n = 600;
    const pts = ffjsPoints(n);
    const ks = Array.from({ length: n }, () => rand(FR_MODULUS));
    ks[0] = 0n;
    pts.fill(0, G1_BYTES, 2 * G1_BYTES); // point at infinity
    ks[2] = FR_MODULUS - 1n;
    for (let i = 10; i < 60; i++) {
      pts.copyWithin(i * G1_BYTES, 9 * G1_BYTES, 10 * G1_BYTES);
      ks[i] = i % 2 === 0 ? 1n : ks[9]!;
    }
    const sc = scalars(ks);
    const ours = w.msmG1(pts, sc);
    const peer = await curve.G1.multiExpAffine(pts, sc);
    expect(curve.G1.eq(curve.G1.fromRprLEM(ours, 0), peer)).toBe(true);
    expect(w.msmG1(pts, scalars(ks.map(() => 0n)))).toEqual(new Uint8Array(G1_BYTES));
  });

  it("picks window widths by its cost model: 13 bits from 2^15 to 2^17 GLV halves, 16 from 2^18 up", () => {
    expect(w.msmWindowBits(16, 128)).toBe(3);
    expect([15, 16, 17, 18, 20].map((log) => w.msmWindowBits(2 ** log, 128))).toEqual([13, 13, 13, 16, 16]);
  });

  it("splits by point ranges on resident buffers, and partial sums add up to the whole", () => {
    const n = 300;
    const pts = ffjsPoints(n);
    const sc = scalars(Array.from({ length: n }, () => rand(FR_MODULUS)));
    const whole = w.msmG1(pts, sc);
    const p = w.put(pts);
    const s = w.put(sc);
    const out = w.alloc(2 * G1_BYTES);
    try {
      w.msmAt(1, p.ptr, s.ptr, 100, out.ptr);
      w.msmAt(1, p.ptr + 100 * G1_BYTES, s.ptr + 100 * 32, n - 100, out.ptr + G1_BYTES, { window: 5 });
      const both = w.read(out);
      expect(w.g1Add(both.subarray(0, G1_BYTES), both.subarray(G1_BYTES))).toEqual(whole);
    } finally {
      [p, s, out].forEach((b) => w.free(b));
    }
  });

  it("computes G2 MSMs that agree with scalar multiplication", () => {
    const { g2 } = w.generators();
    const a = rand(FR_MODULUS);
    const b = rand(FR_MODULUS);
    const pts = new Uint8Array(2 * G2_BYTES);
    pts.set(w.g2Mul(g2, 3n), 0);
    pts.set(w.g2Mul(g2, 5n), G2_BYTES);
    expect(w.msmG2(pts, scalars([a, b]))).toEqual(w.g2Mul(g2, (3n * a + 5n * b) % FR_MODULUS));
    const ffG2 = new Uint8Array(G2_BYTES);
    curve.G2.toRprLEM(ffG2, 0, curve.G2.timesScalar(curve.G2.g, 7n));
    expect(w.g2Mul(g2, 7n)).toEqual(ffG2);
  });

  it("rejects a point off the curve with its index and mismatched lengths", () => {
    const pts = ffjsPoints(4);
    pts[2 * G1_BYTES + 3]! ^= 1;
    expect(() => w.msmG1(pts, scalars([1n, 2n, 3n, 4n]))).toThrowError(expect.objectContaining({ code: "INVALID_POINT", index: 2 }));
    expect(() => w.msmG1(pts, scalars([1n]))).toThrowError(ProverWasmError);
  });
});

describe("NTT", () => {
  it("agrees with ffjavascript's fft/ifft and inverts itself", async () => {
    const n = 64;
    const v = frMontVector(Array.from({ length: n }, () => rand(FR_MODULUS)));
    const ours = w.ntt(v);
    expect(ours).toEqual(await curve.Fr.fft(v));
    expect(w.intt(v)).toEqual(await curve.Fr.ifft(v));
    expect(w.intt(ours)).toEqual(v);
    expect(w.frDomainConstant(6, "rootOfUnity")).toEqual(curve.Fr.w[6]);
    expect(w.frDomainConstant(6, "snarkjsCosetShift")).toEqual(curve.Fr.w[7]);
    expect(w.frDomainConstant(28, "snarkjsCosetShift")).toEqual(curve.Fr.shift);
  });

  it("coset NTT evaluates the polynomial at shift·ω^k (BigInt Horner reference)", () => {
    const n = 16;
    const coeffs = Array.from({ length: n }, () => rand(FR_MODULUS));
    const evals = readFr(w.cosetNtt(frMontVector(coeffs)));
    const omega = readFr(w.frDomainConstant(4, "rootOfUnity"))[0]!;
    const shift = readFr(w.frDomainConstant(4, "snarkjsCosetShift"))[0]!;
    evals.forEach((e, k) => {
      const x = (shift * modPow(omega, BigInt(k), FR_MODULUS)) % FR_MODULUS;
      expect(e).toBe(coeffs.reduceRight((acc, c) => (acc * x + c) % FR_MODULUS, 0n));
    });
    expect(readFr(w.cosetIntt(w.cosetNtt(frMontVector(coeffs))))).toEqual(coeffs);
    expect(() => w.ntt(new Uint8Array(3 * 32))).toThrowError(expect.objectContaining({ code: "BAD_LENGTH" }));
  });
});

describe("pairing", () => {
  it("accepts e(aP, bQ)·e(-abP, Q) = 1 and agrees with ffjavascript's pairingEq on a tampered product", async () => {
    const { g1, g2 } = w.generators();
    const a = rand(FR_MODULUS);
    const b = rand(FR_MODULUS);
    const pa = w.g1Mul(g1, a);
    const qb = w.g2Mul(g2, b);
    const negAb = w.g1Mul(g1, FR_MODULUS - ((a * b) % FR_MODULUS));
    expect(w.pairingCheck([{ g1: pa, g2: qb }, { g1: negAb, g2 }])).toBe(true);
    const bad = w.g1Mul(g1, (a * b) % FR_MODULUS);
    expect(w.pairingCheck([{ g1: pa, g2: qb }, { g1: bad, g2 }])).toBe(false);
    const ff = (p: Uint8Array, g: typeof curve.G1) => g.fromRprLEM(p, 0);
    expect(await curve.pairingEq(ff(pa, curve.G1), ff(qb, curve.G2), ff(bad, curve.G1), ff(g2, curve.G2))).toBe(false);
    expect(await curve.pairingEq(ff(pa, curve.G1), ff(qb, curve.G2), ff(negAb, curve.G1), ff(g2, curve.G2))).toBe(true);
  });
});

describe("Goldilocks Poseidon", () => {
  it("reproduces the spec V1 vectors, one at a time and batched", () => {
    const p1 = GOLDILOCKS_P - 1n;
    expect(w.poseidonGoldilocks(Array(8).fill(0n), Array(4).fill(0n))).toEqual([
      4330397376401421145n, 14124799381142128323n, 8742572140681234676n, 14345658006221440202n,
    ]);
    expect(w.poseidonGoldilocks(Array(8).fill(p1), Array(4).fill(p1))).toEqual([
      13691089994624172887n, 15662102337790434313n, 14940024623104903507n, 10772674582659927682n,
    ]);
    const batch = w.poseidonGoldilocksBatch(
      BigUint64Array.from([...Array(12).fill(1n), 923978n, 235763497586n, 9827635653498n, 112870n, 289273673480943876n, 230295874986745876n, 6254867324987n, 2087n, 0n, 0n, 0n, 0n]),
    );
    expect(Array.from(batch)).toEqual([
      16428316519797902711n, 13351830238340666928n, 682362844289978626n, 12150588177266359240n,
      1892171027578617759n, 984732815927439256n, 7866041765487844082n, 8161503938059336191n,
    ]);
    expect(() => w.poseidonGoldilocks([1n], [])).toThrowError(expect.objectContaining({ code: "BAD_LENGTH" }));
  });
});

describe("Keccak-256", () => {
  it("equals @noble/hashes on every length from 0 to 600 bytes (the 136-byte rate and its multiples included)", () => {
    for (let len = 0; len <= 600; len++) {
      const data = randomBytes(len);
      expect(Buffer.from(w.keccak256(data)).toString("hex"), `length ${len}`).toBe(Buffer.from(keccak_256(data)).toString("hex"));
    }
    // a large input grows the scratch buffer; the next small one still hashes right
    const big = randomBytes(100_000);
    expect(w.keccak256(big)).toEqual(keccak_256(big));
    expect(Buffer.from(w.keccak256(new Uint8Array(0))).toString("hex")).toBe("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  });
});

describe("loading", () => {
  it("instantiates independent instances from one compiled module (what each worker does)", async () => {
    const module = await compileProverWasm();
    const [a, b] = await Promise.all([loadProverWasm(module), loadProverWasm(module)]);
    const buf = a.alloc(1 << 20);
    expect(a.memoryBytes()).toBeGreaterThan(b.memoryBytes() - 1);
    expect(a.fieldOp("fr", "mul", 3n, 4n)).toBe(12n);
    expect(b.fieldOp("fr", "mul", 5n, 4n)).toBe(20n);
    a.free(buf);
    await expect(loadProverWasm("/nonexistent/prover.wasm")).rejects.toMatchObject({ code: "WASM_NOT_BUILT" });
  });
});
