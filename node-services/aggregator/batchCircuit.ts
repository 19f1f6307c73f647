/**
 * The P1 batch circuit (node-services/batchproof) as the aggregator uses it. A request the circuit cannot take (a
 * batch larger than its keccak blocks, more batches than it has) fails its job at once with the circuit's reason.
 */
import { BatchInputError, computeBatchWitness, prepareBatchCircuit, type BatchCircuit, type BatchCircuitParams } from "../batchproof/index.js";
import type { BatchCircuitPort } from "./aggregator.js";
import { JobInputError } from "./jobRunner.js";

export function batchCircuitPort(params: BatchCircuitParams, cacheDir: string): BatchCircuitPort & { circuit(): BatchCircuit | null } {
  let circuit: BatchCircuit | null = null;
  return {
    maxBatches: params.maxBatches,
    circuit: () => circuit,
    async prepare(onProgress) {
      circuit = await prepareBatchCircuit({ params, cacheDir, onProgress });
      onProgress(`P1 batch circuit ${params.maxBatches} batch(es) × ${params.maxBlocksPerBatch} keccak block(s): ${circuit.constraints} constraints`);
      return { zkeyPath: circuit.zkeyPath, vkey: circuit.vkey };
    },
    async witness(request) {
      if (!circuit) throw new Error("the P1 batch circuit is not prepared yet");
      try {
        return await computeBatchWitness(circuit, request);
      } catch (e) {
        if (e instanceof BatchInputError) throw new JobInputError(`the P1 batch circuit cannot take batches ${request.initNumBatch + 1n}..${request.finalNumBatch}: ${e.message}`);
        throw e;
      }
    },
  };
}
