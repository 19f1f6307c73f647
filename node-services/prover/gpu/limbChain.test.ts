import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GpuBackend } from "./backend.js";
import { GpuError } from "./errors.js";
import { FR_MODULUS, leToBigint, modPow } from "./frConstants.js";
import { testGpuBackend } from "./testGpu.js";

const p = FR_MODULUS;
// values whose 13-bit limbs are all set or all clear, the largest operands, and R's of both representations
const edges = [0n, 1n, 2n, p - 1n, p - 2n, (p - 1n) / 2n, (1n << 253n) - 1n, (1n << 256n) % p, (1n << 260n) % p, ((1n << 260n) - 1n) % p];

describe("Fr Montgomery multiplication in 8×32-bit and 20×13-bit limbs (limb_bench.wgsl)", () => {
  let gpu: GpuBackend;
  beforeAll(async () => {
    gpu = await testGpuBackend();
  });
  afterAll(() => gpu?.destroy());

  for (const limbs of ["32x8", "13x20"] as const) {
    it(`${limbs}: a·b^k equals BigInt for every pair of edge values and random ones, k = 1 and 17`, async () => {
      const rand = Array.from({ length: 6 }, () => leToBigint(randomBytes(32)) % p);
      const vals = [...edges, ...rand];
      const a = vals.flatMap((x) => vals.map(() => x));
      const b = vals.flatMap(() => vals);
      for (const k of [1, 17]) {
        const got = await gpu.frMulChain(limbs, a, b, k);
        const want = a.map((x, i) => (x * modPow(b[i]!, BigInt(k))) % p);
        expect(got).toEqual(want);
      }
    });
  }

  it("refuses operands not below r and a non-u32 count", async () => {
    await expect(gpu.frMulChain("13x20", [p], [1n], 1)).rejects.toSatisfy((e) => e instanceof GpuError && e.code === "BAD_INPUT");
    await expect(gpu.frMulChain("13x20", [1n], [1n], -1)).rejects.toSatisfy((e) => e instanceof GpuError && e.code === "BAD_INPUT");
  });
});
