import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Contract, ContractFactory, JsonRpcProvider, Wallet } from "ethers";
import * as snarkjs from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileCircom, repoRoot } from "../batchproof/circom.js";
import { WitnessCalculator } from "../batchproof/witnessCalculator.js";
import { startAnvil, type Anvil } from "../l1/anvil.js";
import type { Groth16Proof } from "./proofJson.js";
import { Groth16Prover } from "./prove.js";
import { setup } from "./setup.js";
import { buildSolidityVerifier, compileVerifier } from "./solidityVerifier.js";
import { exportVerificationKey } from "./verificationKey.js";

// anvil's first dev account
const devKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

/** verifyProof's arguments as snarkjs's Solidity calldata orders them (B's Fq2 halves swapped). */
function callArgs(p: Groth16Proof, input: bigint): unknown[] {
  return [
    [p.pi_a[0], p.pi_a[1]],
    [
      [p.pi_b[0][1], p.pi_b[0][0]],
      [p.pi_b[1][1], p.pi_b[1][0]],
    ],
    [p.pi_c[0], p.pi_c[1]],
    [input],
  ];
}

describe("Solidity Groth16 verifier generated from a verification key", () => {
  let anvil: Anvil;
  const verifiers: Record<string, Contract> = {};
  const proofs: { proof: Groth16Proof; input: bigint }[] = [];

  beforeAll(async () => {
    // One public input (the output y), as the rollup's verifier takes.
    const c = await compileCircom({
      name: "square_plus",
      mainSource: "pragma circom 2.0.0;\ntemplate SquarePlus() { signal input x; signal input k; signal output y; y <== x * x + k; }\ncomponent main = SquarePlus();\n",
      cacheRoot: join(repoRoot, ".prom", "circuits"),
    });
    const zkey = await setup(c.r1csPath);
    const wc = await WitnessCalculator.load(c.wasmPath);
    const prover = new Groth16Prover({ threads: 2 });
    try {
      for (const x of [3n, 123456789n]) {
        const { proof, publicSignals } = await prover.prove(zkey, wc.calculate({ x, k: 5n }));
        expect(publicSignals).toEqual([String(x * x + 5n)]);
        proofs.push({ proof, input: x * x + 5n });
      }
    } finally {
      await prover.close();
    }
    const vkey = await exportVerificationKey(zkey);
    for (const { proof, input } of proofs) expect(await snarkjs.groth16.verify(vkey, [String(input)], proof)).toBe(true);

    const ours = buildSolidityVerifier(vkey);
    const template = readFileSync(join(repoRoot, "node_modules", "snarkjs", "templates", "verifier_groth16.sol.ejs"), "utf8");
    const theirs = compileVerifier(await snarkjs.zKey.exportSolidityVerifier(zkey, { groth16: template }), "Groth16Verifier");
    anvil = await startAnvil();
    const signer = new Wallet(devKey, new JsonRpcProvider(anvil.url));
    let nonce = await signer.getNonce();
    for (const [name, v] of Object.entries({ ours, snarkjs: theirs })) {
      const deployed = await new ContractFactory(v.abi as never, v.bytecode, signer).deploy({ nonce: nonce++ });
      await deployed.waitForDeployment();
      verifiers[name] = deployed as Contract;
    }
  }, 600_000);

  afterAll(async () => {
    await anvil?.stop();
  });

  it("accepts the proofs snarkjs accepts, in ours and in snarkjs's exported verifier", async () => {
    for (const v of Object.values(verifiers)) {
      for (const { proof, input } of proofs) expect(await v.getFunction("verifyProof").staticCall(...callArgs(proof, input))).toBe(true);
    }
  });

  it("rejects a wrong public input, a proof of another input, a tampered proof and out-of-range values", async () => {
    const [p0, p1] = proofs as [(typeof proofs)[0], (typeof proofs)[0]];
    const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
    const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
    const tampered: Groth16Proof = { ...p0.proof, pi_a: p1.proof.pi_a };
    const aPlusQ: Groth16Proof = { ...p0.proof, pi_a: [String(BigInt(p0.proof.pi_a[0]) + Q), p0.proof.pi_a[1], "1"] };
    const cases: [string, unknown[]][] = [
      ["wrong input", callArgs(p0.proof, p0.input + 1n)],
      ["other proof's input", callArgs(p0.proof, p1.input)],
      ["tampered A", callArgs(tampered, p0.input)],
      ["input + r", callArgs(p0.proof, p0.input + R)],
      ["A.x + q", callArgs(aPlusQ, p0.input)],
    ];
    for (const [name, v] of Object.entries(verifiers)) {
      for (const [what, args] of cases) expect(await v.getFunction("verifyProof").staticCall(...args), `${name}: ${what}`).toBe(false);
    }
  });
});
