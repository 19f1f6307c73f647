import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FR_MODULUS, leToScalar, loadProverWasm, scalarToLe, type ProverWasm } from "../../../prover-wasm/loader.js";
import type { GpuBackend } from "./backend.js";
import { frToMontBytes, rootOfUnity, snarkjsCosetShift } from "./frConstants.js";
import { testGpuBackend } from "./testGpu.js";

function randomMont(wasm: ProverWasm, n: number, edges = true): Uint8Array {
  const canon = new Uint8Array(n * 32);
  for (let i = 0; i < n; i++) canon.set(scalarToLe(leToScalar(randomBytes(32)) % FR_MODULUS), i * 32);
  if (edges && n >= 4) {
    canon.set(scalarToLe(0n), 0);
    canon.set(scalarToLe(1n), 32);
    canon.set(scalarToLe(FR_MODULUS - 1n), 64);
  }
  return wasm.toMont("fr", canon);
}

describe("WGSL NTT over Fr vs prover-wasm (bit for bit)", () => {
  let gpu: GpuBackend;
  let wasm: ProverWasm;
  beforeAll(async () => {
    gpu = await testGpuBackend();
    wasm = await loadProverWasm();
  });
  afterAll(() => gpu?.destroy());

  it("domain constants (root of unity, snarkjs coset shift) equal prover-wasm's", () => {
    for (const log of [1, 4, 10, 20, 27]) {
      expect(Buffer.from(frToMontBytes(rootOfUnity(log)))).toEqual(Buffer.from(wasm.frDomainConstant(log, "rootOfUnity")));
      expect(Buffer.from(frToMontBytes(snarkjsCosetShift(log)))).toEqual(Buffer.from(wasm.frDomainConstant(log, "snarkjsCosetShift")));
    }
  });

  for (const log of [1, 2, 5, 10]) {
    it(`ntt, intt, cosetNtt and cosetIntt at 2^${log} equal the WASM output`, async () => {
      const v = randomMont(wasm, 1 << log);
      expect(Buffer.from(await gpu.ntt(v))).toEqual(Buffer.from(wasm.ntt(v)));
      expect(Buffer.from(await gpu.intt(v))).toEqual(Buffer.from(wasm.intt(v)));
      expect(Buffer.from(await gpu.cosetNtt(v))).toEqual(Buffer.from(wasm.cosetNtt(v)));
      expect(Buffer.from(await gpu.cosetIntt(v))).toEqual(Buffer.from(wasm.cosetIntt(v)));
    });
  }

  it("a caller's coset shift is honoured, and intt inverts ntt", async () => {
    const v = randomMont(wasm, 64);
    const shift = wasm.toMont("fr", scalarToLe(7n));
    expect(Buffer.from(await gpu.cosetNtt(v, shift))).toEqual(Buffer.from(wasm.cosetNtt(v, shift)));
    expect(Buffer.from(await gpu.intt(await gpu.ntt(v)))).toEqual(Buffer.from(v));
  });

  it("oddCoset (intt, then cosetNtt, one submission) equals prover-wasm's two steps", async () => {
    const v = randomMont(wasm, 1 << 9);
    expect(Buffer.from(await gpu.oddCoset(v))).toEqual(Buffer.from(wasm.cosetNtt(wasm.intt(v))));
  });

  // a device binding fewer bytes than the vector: the same transforms over chunk buffers (forced small here)
  for (const chunk of [32, 128]) {
    it(`split into chunks of ${chunk} elements at 2^10: every kind, and a sequence, equal the WASM output`, async () => {
      const v = randomMont(wasm, 1 << 10);
      const split = { maxChunkElements: chunk };
      const shift = wasm.toMont("fr", scalarToLe(7n));
      const cases: [Parameters<GpuBackend["nttSequence"]>[1], Uint8Array][] = [
        [[{ kind: "ntt" }], wasm.ntt(v)],
        [[{ kind: "intt" }], wasm.intt(v)],
        [[{ kind: "cosetNtt" }], wasm.cosetNtt(v)],
        [[{ kind: "cosetIntt", shift }], wasm.cosetIntt(v, shift)],
        [[{ kind: "intt" }, { kind: "cosetNtt" }], wasm.cosetNtt(wasm.intt(v))],
      ];
      for (const [steps, want] of cases) expect(Buffer.from(await gpu.nttSequence(v, steps, split))).toEqual(Buffer.from(want));
    });
  }

  it("chunks smaller than √n cannot hold the split and say so (LIMITS)", async () => {
    await expect(gpu.nttSequence(randomMont(wasm, 1 << 10), [{ kind: "ntt" }], { maxChunkElements: 16 })).rejects.toMatchObject({ code: "LIMITS" });
  });

  it("size 1 is the identity and bad sizes are BAD_INPUT", async () => {
    const v = randomMont(wasm, 1, false);
    expect(Buffer.from(await gpu.ntt(v))).toEqual(Buffer.from(wasm.ntt(v)));
    await expect(gpu.ntt(new Uint8Array(96))).rejects.toMatchObject({ code: "BAD_INPUT" });
    await expect(gpu.ntt(new Uint8Array(33))).rejects.toMatchObject({ code: "BAD_INPUT" });
  });
});
