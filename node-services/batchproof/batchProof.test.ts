import { Contract, ContractFactory, JsonRpcProvider, Signature, Transaction, Wallet, ZeroHash, hexlify, randomBytes } from "ethers";
import * as snarkjs from "snarkjs";
import { beforeAll, describe, expect, it } from "vitest";
import { inputSnark, snarkInputBytes } from "../etherman/rollupHashes.js";
import { encodeBatchL2Data } from "../executor/batchL2Data.js";
import { startAnvil } from "../l1/anvil.js";
import { Groth16Prover } from "../prover/prove.js";
import { buildSolidityVerifier } from "../prover/solidityVerifier.js";
import type { Hex } from "../state/hex.js";
import {
  accInputHashes,
  BatchInputError,
  computeBatchWitness,
  defaultCircuitCacheDir,
  devnetCircuitParams,
  maxBatchBytes,
  prepareBatchCircuit,
  type BatchCircuit,
  type BatchProofRequest,
} from "./index.js";

const chainId = 1001n;
const hex = (n: number) => hexlify(randomBytes(n)) as Hex;

/** A batch as the sequencer encodes it: a changeL2Block and one signed legacy transfer. */
async function transferBatch(nonce: number): Promise<Uint8Array> {
  const wallet = Wallet.createRandom();
  const signed = Transaction.from(
    await wallet.signTransaction({ type: 0, nonce, gasPrice: 1_000_000_000n, gasLimit: 21_000n, to: Wallet.createRandom().address, value: 10n ** 15n, chainId }),
  );
  const sig = Signature.from(signed.signature!);
  return encodeBatchL2Data([
    { kind: "changeL2Block", block: { deltaTimestamp: 2, indexL1InfoTree: 1 } },
    {
      kind: "tx",
      tx: { nonce: BigInt(nonce), gasPrice: signed.gasPrice!, gasLimit: signed.gasLimit, to: signed.to as Hex, value: signed.value, data: new Uint8Array(), chainId, r: BigInt(sig.r), s: BigInt(sig.s), v: sig.v, effectivePercentage: 255 },
    },
  ]);
}

function request(batches: BatchProofRequest["batches"]): BatchProofRequest {
  const base = { aggregator: Wallet.createRandom().address as Hex, oldStateRoot: hex(32), newStateRoot: hex(32), oldAccInputHash: hex(32), initNumBatch: 41n, chainId, forkId: 12, newLocalExitRoot: hex(32), batches };
  const req = { ...base, newAccInputHash: ZeroHash as Hex, finalNumBatch: base.initNumBatch + BigInt(batches.length) };
  return { ...req, newAccInputHash: accInputHashes(req).at(-1)! };
}

describe("the P1 batch circuit at the devnet size", () => {
  let circuit: BatchCircuit;
  beforeAll(async () => {
    circuit = await prepareBatchCircuit({ params: devnetCircuitParams, cacheDir: defaultCircuitCacheDir, onProgress: (m) => console.log(m) });
    console.log(`batch circuit ${JSON.stringify(devnetCircuitParams)}: ${circuit.constraints} constraints`);
  }, 1_800_000);

  it("proves a real transfer batch: the public output is rollupHashes' inputSnark, snarkjs and our Solidity verifier accept it", async () => {
    const data = await transferBatch(0);
    expect(data.length).toBeLessThanOrEqual(maxBatchBytes(devnetCircuitParams));
    const req = request([{ batchL2Data: data, l1InfoRoot: hex(32), timestampLimit: 1_700_000_000n, sequencer: Wallet.createRandom().address as Hex, forcedBlockHashL1: ZeroHash as Hex }]);
    const wtns = await computeBatchWitness(circuit, req);
    const prover = new Groth16Prover({ threads: 2 });
    let proof;
    let publicSignals: string[];
    const t0 = Date.now();
    try {
      ({ proof, publicSignals } = await prover.prove(circuit.zkeyPath, wtns, { backend: "wasm" }));
    } finally {
      await prover.close();
    }
    console.log(`proof at ${circuit.constraints} constraints, 2 threads: ${Date.now() - t0} ms`);
    const want = inputSnark(snarkInputBytes({ ...req, finalNewBatch: req.finalNumBatch }));
    expect(publicSignals).toEqual([want.toString()]);
    expect(await snarkjs.groth16.verify(circuit.vkey, publicSignals, proof)).toBe(true);

    const anvil = await startAnvil();
    try {
      const signer = new Wallet("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", new JsonRpcProvider(anvil.url));
      const v = buildSolidityVerifier(circuit.vkey);
      const verifier = (await (await new ContractFactory(v.abi as never, v.bytecode, signer).deploy()).waitForDeployment()) as Contract;
      const args = (input: bigint) => [
        [proof.pi_a[0], proof.pi_a[1]],
        [[proof.pi_b[0][1], proof.pi_b[0][0]], [proof.pi_b[1][1], proof.pi_b[1][0]]],
        [proof.pi_c[0], proof.pi_c[1]],
        [input],
      ];
      expect(await verifier.getFunction("verifyProof").staticCall(...args(want))).toBe(true);
      // The same proof for another aggregator's snark bytes does not verify.
      const other = inputSnark(snarkInputBytes({ ...req, aggregator: signer.address, finalNewBatch: req.finalNumBatch }));
      expect(await verifier.getFunction("verifyProof").staticCall(...args(other))).toBe(false);
    } finally {
      await anvil.stop();
    }
  }, 900_000);

  it("explains requests that do not fit the circuit or do not add up", async () => {
    const batch = { batchL2Data: new Uint8Array(10), l1InfoRoot: hex(32), timestampLimit: 5n, sequencer: hex(20), forcedBlockHashL1: ZeroHash as Hex };
    const max = maxBatchBytes(devnetCircuitParams);
    await expect(computeBatchWitness(circuit, request([{ ...batch, batchL2Data: new Uint8Array(max + 1) }]))).rejects.toThrow(
      new RegExp(`batch 42 has ${max + 1} bytes of batchL2Data; the circuit takes at most ${max}`),
    );
    await expect(computeBatchWitness(circuit, request([batch, batch]))).rejects.toThrow(/2 batches do not fit the circuit: it takes at most 1/);
    await expect(computeBatchWitness(circuit, { ...request([batch]), batches: [{ ...batch, l1InfoRoot: "0x1234" as Hex }] })).rejects.toThrow(/batch 42 l1InfoRoot must be 0x and 32 bytes of hex/);
    await expect(computeBatchWitness(circuit, { ...request([batch]), aggregator: "0xzz" as Hex })).rejects.toThrow(/aggregator must be 0x and 20 bytes/);
    await expect(computeBatchWitness(circuit, { ...request([batch]), newAccInputHash: hex(32) })).rejects.toThrow(/do not lead to the claimed accInputHash/);
    await expect(computeBatchWitness(circuit, { ...request([batch]), finalNumBatch: 50n })).rejects.toThrow(BatchInputError);
    await expect(computeBatchWitness(circuit, request([]))).rejects.toThrow(/at least one batch/);
  });
});
