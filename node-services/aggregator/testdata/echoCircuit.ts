/**
 * Aggregator tests only: `BatchCircuitPort` over inputEcho.circom, whose one public input is the request's snark input
 * (what L1 computes). Real circuit, real witness (circom's calculator via snarkjs), real Groth16 key from our dev
 * ceremony; it binds nothing about the batches, which is why it lives in testdata/.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as snarkjs from "snarkjs";
import { compile } from "../../../circuits/test/fixtures.js";
import { setup } from "../../prover/setup.js";
import { exportVerificationKey } from "../../prover/verificationKey.js";
import type { BatchCircuitPort } from "../aggregator.js";
import { inputSnarkOf } from "../sequencedBatches.js";

export function echoCircuit(dir: string, maxBatches: number): BatchCircuitPort {
  let wasm = "";
  return {
    maxBatches,
    async prepare() {
      const c = await compile({ name: "inputEcho", source: "../../node-services/aggregator/testdata/inputEcho.circom", main: "", input: { inputSnark: 1 } });
      wasm = c.wasm;
      const zkey = await setup(c.r1cs);
      const zkeyPath = join(dir, "inputEcho.zkey");
      writeFileSync(zkeyPath, zkey);
      return { zkeyPath, vkey: await exportVerificationKey(zkey) };
    },
    async witness(request) {
      const file = join(dir, `echo-${request.initNumBatch}-${request.finalNumBatch}-${process.hrtime.bigint()}.wtns`);
      await snarkjs.wtns.calculate({ inputSnark: inputSnarkOf(request).toString() }, wasm, file);
      const wtns = readFileSync(file);
      rmSync(file);
      return wtns;
    },
  };
}
