import { beforeAll, describe, expect, it } from "vitest";
import { ProverError } from "./errors.js";
import { Groth16Wasm } from "./groth16Wasm.js";
import { parseZkey, type ZkeyInput } from "./proofInputs.js";
import { randomBelowR } from "./prove.js";
import { setup } from "./setup.js";
import { syntheticCircuit } from "./syntheticCircuit.js";
import { proverModule } from "./wasmModule.js";

describe("g16_msm: a range's MSM from the zkey's bytes, for a worker that takes over another's range", () => {
  let zkey: ZkeyInput;
  const wasm = new Groth16Wasm(proverModule());

  beforeAll(async () => {
    zkey = parseZkey(await setup(syntheticCircuit(7).r1cs));
  });

  for (const [group, name] of [
    [1, "a"],
    [2, "b2"],
  ] as const) {
    it(`gives the resident table's sums (G${group})`, () => {
      const points = zkey[name];
      const s = randomBelowR(points.byteLength / (group === 1 ? 64 : 128));
      const handle = new DataView(wasm.call("table_load", "test", [group, points]).buffer).getUint32(0, true);
      const resident = wasm.call("table_msm", "test", [handle, s]);
      wasm.call("table_free", "test", [handle]);
      expect(wasm.call("msm", "test", [group, points, s])).toEqual(resident);
    });
  }

  it("rejects a group other than 1 and 2, a point off the curve and a scalar count that does not match", () => {
    const points = zkey.a.slice();
    const s = randomBelowR(points.byteLength / 64);
    const error = (args: (Uint8Array | number)[]) => {
      try {
        wasm.call("msm", "MSM A", args);
      } catch (e) {
        expect(e).toBeInstanceOf(ProverError);
        return (e as ProverError).message;
      }
      throw new Error("no error");
    };
    expect(error([3, points, s])).toMatch(/group 3 is neither G1 nor G2/);
    expect(error([1, points, s.subarray(32)])).toMatch(/points but .* scalars/);
    points[64 + 5]! ^= 1;
    expect(error([1, points, s])).toMatch(/G1 point 1 is not a point of the curve/);
  });
});
