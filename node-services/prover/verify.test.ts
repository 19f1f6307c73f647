import * as snarkjs from "snarkjs";
import { beforeAll, describe, expect, it } from "vitest";
import { circuits, compile, snarkjsZkey } from "../../circuits/test/fixtures.js";
import { ProverError } from "./errors.js";
import { verify } from "./verify.js";

describe("Groth16 verifier", () => {
  let vk: Record<string, unknown>;
  let proof: snarkjs.SnarkjsProof;
  let publicSignals: string[];

  beforeAll(async () => {
    const c = await compile(circuits.poseidon1);
    const zkey = await snarkjsZkey(c);
    vk = await snarkjs.zKey.exportVerificationKey(zkey);
    ({ proof, publicSignals } = await snarkjs.groth16.prove(zkey, c.wtns));
  }, 300_000);

  it("accepts a proof made by snarkjs", () => {
    expect(verify(vk, publicSignals, proof)).toBe(true);
  });

  it("rejects the proof for other public signals", () => {
    expect(verify(vk, [publicSignals[0]!, "8"], proof)).toBe(false);
  });

  it("rejects a proof whose points were swapped for other curve points", () => {
    const swapped = { ...proof, pi_a: proof.pi_c, pi_c: proof.pi_a };
    expect(verify(vk, publicSignals, swapped)).toBe(false);
    // −A is still on the curve: negate y.
    const q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
    const negA = { ...proof, pi_a: [proof.pi_a[0]!, (q - BigInt(proof.pi_a[1]!)).toString(), "1"] };
    expect(verify(vk, publicSignals, negA)).toBe(false);
  });

  it("refuses malformed input with typed errors", () => {
    const offCurve = { ...proof, pi_a: [proof.pi_a[0]!, "5", "1"] };
    expect(() => verify(vk, publicSignals, offCurve)).toThrow(ProverError);
    expect(() => verify(vk, publicSignals.slice(1), proof)).toThrow(/expects 2 public signals/);
    expect(() => verify({ ...vk, protocol: "plonk" }, publicSignals, proof)).toThrow(/not groth16/);
    expect(() => verify(vk, ["x", "1"], proof)).toThrow(/not a decimal number/);
  });
});
