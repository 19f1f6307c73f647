/**
 * The batch circuit's input signals from a proof request, after checking that the request fits the circuit and
 * is well formed (clear errors instead of a failed constraint deep in the witness calculator).
 */
import { hexlify } from "ethers";
import type { Hex } from "../state/hex.js";
import { accInputHash } from "../etherman/rollupHashes.js";
import { maxBatchBytes, type BatchCircuitParams } from "./params.js";
import type { CircuitInput } from "./witnessCalculator.js";

export interface BatchProofBatch {
  batchL2Data: Uint8Array;
  /** Non-forced: the L1 info root; forced: the forced global exit root. */
  l1InfoRoot: Hex;
  timestampLimit: bigint;
  /** l2Coinbase (sequenceBatches) or msg.sender (sequenceForceBatches). */
  sequencer: Hex;
  /** Zero for non-forced batches. */
  forcedBlockHashL1: Hex;
}

export interface BatchProofRequest {
  /** The address that sends verifyBatchesTrustedAggregator (msg.sender on L1). */
  aggregator: Hex;
  oldStateRoot: Hex;
  newStateRoot: Hex;
  oldAccInputHash: Hex;
  newAccInputHash: Hex;
  initNumBatch: bigint;
  finalNumBatch: bigint;
  chainId: bigint;
  forkId: number;
  newLocalExitRoot: Hex;
  /** Batches initNumBatch+1 .. finalNumBatch, in order. */
  batches: BatchProofBatch[];
}

export class BatchInputError extends Error {
  override readonly name = "BatchInputError";
}

function bytesOf(hex: string, n: number, what: string): bigint[] {
  if (typeof hex !== "string" || !new RegExp(`^0x[0-9a-fA-F]{${2 * n}}$`).test(hex)) {
    throw new BatchInputError(`${what} must be 0x and ${n} bytes of hex, got ${JSON.stringify(hex)}`);
  }
  return Array.from({ length: n }, (_, i) => BigInt(parseInt(hex.slice(2 + 2 * i, 4 + 2 * i), 16)));
}

function u64(v: bigint, what: string): bigint[] {
  if (typeof v !== "bigint" || v < 0n || v >= 1n << 64n) throw new BatchInputError(`${what} must be a uint64 bigint, got ${String(v)}`);
  return Array.from({ length: 8 }, (_, i) => (v >> BigInt(8 * (7 - i))) & 0xffn);
}

/** The accInputHash after each batch of the request, starting from its oldAccInputHash (spec §2.2). */
export function accInputHashes(req: BatchProofRequest): Hex[] {
  let acc: string = req.oldAccInputHash;
  return req.batches.map((b, i) => {
    // Malformed fields get the request's own error, not a hashing library's.
    const what = `batch ${req.initNumBatch + BigInt(i) + 1n}`;
    bytesOf(acc, 32, "oldAccInputHash");
    bytesOf(b.l1InfoRoot, 32, `${what} l1InfoRoot`);
    bytesOf(b.sequencer, 20, `${what} sequencer`);
    bytesOf(b.forcedBlockHashL1, 32, `${what} forcedBlockHashL1`);
    acc = accInputHash({ oldAccInputHash: acc, transactions: hexlify(b.batchL2Data), l1InfoRoot: b.l1InfoRoot, timestampLimit: b.timestampLimit, sequencer: b.sequencer, forcedBlockHashL1: b.forcedBlockHashL1 });
    return acc as Hex;
  });
}

export function buildCircuitInput(params: BatchCircuitParams, req: BatchProofRequest): CircuitInput {
  const n = req.batches.length;
  if (n < 1) throw new BatchInputError("a batch proof needs at least one batch");
  if (n > params.maxBatches) throw new BatchInputError(`${n} batches do not fit the circuit: it takes at most ${params.maxBatches} per proof`);
  if (req.finalNumBatch - req.initNumBatch !== BigInt(n)) {
    throw new BatchInputError(`batches ${req.initNumBatch + 1n}..${req.finalNumBatch} are ${req.finalNumBatch - req.initNumBatch}, but the request has ${n}`);
  }
  if (!Number.isInteger(req.forkId) || req.forkId < 0) throw new BatchInputError(`forkId must be a non-negative integer, got ${req.forkId}`);
  const maxBytes = maxBatchBytes(params);
  const dataBytes = 136 * params.maxBlocksPerBatch;
  const perBatch = (f: (b: BatchProofBatch, i: number) => bigint[], width: number) =>
    Array.from({ length: params.maxBatches }, (_, i) => (i < n ? f(req.batches[i]!, i) : new Array<bigint>(width).fill(0n))).flat();
  const batchNum = (i: number) => req.initNumBatch + BigInt(i) + 1n;
  const input: CircuitInput = {
    aggregator: bytesOf(req.aggregator, 20, "aggregator"),
    oldStateRoot: bytesOf(req.oldStateRoot, 32, "oldStateRoot"),
    oldAccInputHash: bytesOf(req.oldAccInputHash, 32, "oldAccInputHash"),
    initNumBatch: u64(req.initNumBatch, "initNumBatch"),
    chainId: u64(req.chainId, "chainId"),
    forkId: u64(BigInt(req.forkId), "forkId"),
    newStateRoot: bytesOf(req.newStateRoot, 32, "newStateRoot"),
    newLocalExitRoot: bytesOf(req.newLocalExitRoot, 32, "newLocalExitRoot"),
    finalNumBatch: u64(req.finalNumBatch, "finalNumBatch"),
    nBatches: BigInt(n),
    batchL2Data: perBatch((b, i) => {
      if (!(b.batchL2Data instanceof Uint8Array)) throw new BatchInputError(`batch ${batchNum(i)}: batchL2Data must be bytes`);
      if (b.batchL2Data.length > maxBytes) {
        throw new BatchInputError(`batch ${batchNum(i)} has ${b.batchL2Data.length} bytes of batchL2Data; the circuit takes at most ${maxBytes} (maxBlocksPerBatch ${params.maxBlocksPerBatch})`);
      }
      const out = new Array<bigint>(dataBytes).fill(0n);
      b.batchL2Data.forEach((v, k) => (out[k] = BigInt(v)));
      return out;
    }, dataBytes),
    batchL2DataLen: perBatch((b) => [BigInt(b.batchL2Data.length)], 1),
    l1InfoRoot: perBatch((b, i) => bytesOf(b.l1InfoRoot, 32, `batch ${batchNum(i)} l1InfoRoot`), 32),
    timestampLimit: perBatch((b, i) => u64(b.timestampLimit, `batch ${batchNum(i)} timestampLimit`), 8),
    sequencer: perBatch((b, i) => bytesOf(b.sequencer, 20, `batch ${batchNum(i)} sequencer`), 20),
    forcedBlockHashL1: perBatch((b, i) => bytesOf(b.forcedBlockHashL1, 32, `batch ${batchNum(i)} forcedBlockHashL1`), 32),
  };
  bytesOf(req.newAccInputHash, 32, "newAccInputHash");
  const got = accInputHashes(req).at(-1)!;
  if (got.toLowerCase() !== req.newAccInputHash.toLowerCase()) {
    throw new BatchInputError(
      `the batches do not lead to the claimed accInputHash: from ${req.oldAccInputHash} they give ${got} after batch ${req.finalNumBatch}, the request says ${req.newAccInputHash}`,
    );
  }
  return input;
}
