import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FR_MODULUS, G1_BYTES, leToScalar, loadProverWasm, scalarToLe, type ProverWasm } from "../../../prover-wasm/loader.js";
import type { GpuBackend } from "./backend.js";
import { leBytes } from "./frConstants.js";
import { testGpuBackend } from "./testGpu.js";

/** n distinct random points: a walk P, P+R, P+2R, ... over WASM additions. */
function randomPoints(w: ProverWasm, n: number): Uint8Array[] {
  const { g1 } = w.generators();
  const step = w.g1Mul(g1, leToScalar(randomBytes(32)) % FR_MODULUS);
  let p = w.g1Mul(g1, leToScalar(randomBytes(32)) % FR_MODULUS);
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    out.push(p);
    p = w.g1Add(p, step);
  }
  return out;
}

function randomScalar(): bigint {
  return leToScalar(randomBytes(32)) % FR_MODULUS;
}

function join(parts: Uint8Array[]): Uint8Array {
  const size = parts[0]?.length ?? 0;
  const out = new Uint8Array(parts.length * size);
  parts.forEach((p, i) => out.set(p, i * size));
  return out;
}

/** -P in snarkjs layout (y → q - y, through the WASM: P·(r-1)). */
function negate(w: ProverWasm, p: Uint8Array): Uint8Array {
  return w.g1Mul(p, FR_MODULUS - 1n);
}

describe("WGSL G1 MSM (bucket method) vs prover-wasm msmG1", () => {
  let gpu: GpuBackend;
  let wasm: ProverWasm;
  beforeAll(async () => {
    gpu = await testGpuBackend();
    wasm = await loadProverWasm();
    // compiles the MSM pipelines (minutes on SwiftShader on a busy machine), so each test times only its MSMs
    await gpu.msmG1(randomPoints(wasm, 1)[0]!, scalarToLe(1n));
  }, 600_000);
  afterAll(() => gpu?.destroy());

  async function expectSame(points: Uint8Array[], scalars: bigint[], window?: number): Promise<Uint8Array> {
    const p = join(points);
    const s = join(scalars.map(scalarToLe));
    const got = await gpu.msmG1(p, s, window ? { window } : {});
    expect(Buffer.from(got)).toEqual(Buffer.from(wasm.msmG1(p, s)));
    return got;
  }

  it("random points and scalars (2^8) give the WASM result, for several window widths", async () => {
    const pts = randomPoints(wasm, 256);
    const sc = pts.map(randomScalar);
    for (const window of [4, 9]) await expectSame(pts, sc, window);
  });

  it("edge scalars (0, 1, 2, r-1, 2^255-ish, all-ones windows) and the point at infinity", async () => {
    const pts = randomPoints(wasm, 12);
    pts[3] = new Uint8Array(G1_BYTES); // ∞ in snarkjs layout
    const sc = [0n, 1n, 2n, FR_MODULUS - 1n, FR_MODULUS - 1n, (1n << 253n) - 1n, 0xffffn, 1n << 200n, 0n, randomScalar(), FR_MODULUS - 2n, 3n];
    await expectSame(pts, sc, 8);
    await expectSame(pts, sc);
  });

  it("scalars of all 256 bits (at or above r: the top signed window carries) give the reduced scalars' result", async () => {
    const pts = randomPoints(wasm, 6);
    const big = [(1n << 256n) - 1n, FR_MODULUS, FR_MODULUS + 5n, 1n << 255n, 1n << 254n, (1n << 256n) - FR_MODULUS];
    for (const window of [4, 7]) {
      const got = await gpu.msmG1(join(pts), join(big.map((k) => leBytes(k))), { window });
      expect(Buffer.from(got)).toEqual(Buffer.from(wasm.msmG1(join(pts), join(big.map((k) => scalarToLe(k % FR_MODULUS))))));
    }
  });

  it("repeated and negated points (bucket additions that double or cancel)", async () => {
    const [a, b] = randomPoints(wasm, 2) as [Uint8Array, Uint8Array];
    const na = negate(wasm, a);
    // same point with the same digits: a bucket doubles; a and -a with equal scalars: the sum cancels to b's term
    const pts = [a, a, a, na, b, na, a];
    const k = randomScalar();
    await expectSame(pts, [k, k, 5n, k, 9n, 5n, 1n], 5);
    // the whole MSM is ∞: a·k + (-a)·k
    const inf = await expectSame([a, na], [k, k], 6);
    expect(inf.every((x) => x === 0)).toBe(true);
  });

  it("all scalars equal (one bucket holds every point of its window: segments must merge)", async () => {
    const pts = randomPoints(wasm, 300);
    const k = randomScalar();
    await expectSame(pts, pts.map(() => k), 6);
  });

  it("empty input is ∞ and mismatched lengths are BAD_INPUT", async () => {
    expect(Buffer.from(await gpu.msmG1(new Uint8Array(), new Uint8Array()))).toEqual(Buffer.from(new Uint8Array(64)));
    await expect(gpu.msmG1(new Uint8Array(64), new Uint8Array(64))).rejects.toMatchObject({ code: "BAD_INPUT" });
  });

  it("inputs split over several passes sum to the same result", async () => {
    const pts = randomPoints(wasm, 100);
    const sc = pts.map(randomScalar);
    const p = join(pts);
    const s = join(sc.map(scalarToLe));
    const got = await gpu.msmG1(p, s, { maxPointsPerPass: 33 });
    expect(Buffer.from(got)).toEqual(Buffer.from(wasm.msmG1(p, s)));
  });
});
