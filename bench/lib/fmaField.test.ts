import { describe, expect, it } from "vitest";
import { FQ_MODULUS as P } from "../../prover-wasm/loader.js";
import { ACC_AT, PAIR_BYTES, R, affineBlock, affineSum, fmaKernels, montProduct as mont, pairs, randomElement, relaxedFmaAvailable } from "./fmaField.js";

const available = await relaxedFmaAvailable();

describe.runIf(available)("FMA field prototype (relaxed SIMD)", () => {
  it("multiplies like BigInt on edge cases and random inputs, in both lanes and every chain", async () => {
    const k = await fmaKernels(2);
    const m = pairs(k.memory);
    const edges = [0n, 1n, 2n, P - 1n, P - 2n, R % P, (1n << 253n) % P];
    const cases: [bigint, bigint][] = edges.flatMap((x) => edges.map((y) => [x, y] as [bigint, bigint]));
    for (let i = 0; i < 300; i++) cases.push([randomElement(), randomElement()]);
    for (const [x, y] of cases) {
      const z = randomElement();
      m.put(ACC_AT + 0, x, z);
      m.put(ACC_AT + PAIR_BYTES, y, x);
      m.put(ACC_AT + 2 * PAIR_BYTES, y, y);
      k.chain(ACC_AT, ACC_AT + 2 * PAIR_BYTES, ACC_AT + 4 * PAIR_BYTES, 2);
      expect(m.get(ACC_AT + 4 * PAIR_BYTES, 0)).toBe(mont(mont(x, y), y));
      expect(m.get(ACC_AT + 4 * PAIR_BYTES, 1)).toBe(mont(mont(z, y), y));
      expect(m.get(ACC_AT + 5 * PAIR_BYTES, 0)).toBe(mont(mont(y, y), y));
      expect(m.get(ACC_AT + 5 * PAIR_BYTES, 1)).toBe(mont(mont(x, y), y));
    }
  });

  it("adds affine pairs with one shared inversion per lane like BigInt", async () => {
    const block = await affineBlock(64);
    const inputs = Array.from({ length: 2 * 64 }, () => {
      const xp = randomElement();
      const edge = [0n, 1n, P - 1n][Math.floor(Math.random() * 4)];
      return { xp, yp: edge ?? randomElement(), xq: (xp + 1n + randomElement() % (P - 1n)) % P, yq: randomElement() };
    });
    const sums = block.run(inputs);
    inputs.forEach((input, i) => expect(sums[i]).toEqual(affineSum(input)));
  });
});
