/**
 * Calldata of the rollup's state-changing calls: builders for what the node sends (sequenceBatches,
 * verifyBatchesTrustedAggregator, forcing) and decoders for what the synchronizer reads back from L1 txs.
 */
import { hexlify, type BytesLike } from "ethers";
import { promZkEvmInterface } from "./abi.js";
import { EthermanError } from "./errors.js";

export interface BatchData {
  /** batchL2Data, hex. */
  transactions: string;
  /** Zero for non-forced batches. */
  forcedGlobalExitRoot: string;
  /** 0 for non-forced batches; > 0 marks a forced batch. */
  forcedTimestamp: number;
  forcedBlockHashL1: string;
}

export interface SequenceBatchesArgs {
  batches: BatchData[];
  maxSequenceTimestamp: number;
  initSequencedBatch: number;
  l2Coinbase: string;
}

export interface VerifyBatchesArgs {
  /** Must be 0: Prom keeps no pending state. */
  pendingStateNum?: number;
  initNumBatch: number;
  finalNewBatch: number;
  newLocalExitRoot: string;
  newStateRoot: string;
  beneficiary: string;
  /** [a0, a1, b00, b01, b10, b11, c0, c1] as snarkjs's Solidity calldata prints them. */
  proof: readonly (bigint | string)[];
}

export const SELECTORS = {
  sequenceBatches: promZkEvmInterface.getFunction("sequenceBatches")!.selector,
  sequenceForceBatches: promZkEvmInterface.getFunction("sequenceForceBatches")!.selector,
  forceBatch: promZkEvmInterface.getFunction("forceBatch")!.selector,
  verifyBatchesTrustedAggregator: promZkEvmInterface.getFunction("verifyBatchesTrustedAggregator")!.selector,
} as const;

const toBatchTuple = (b: BatchData) => [b.transactions, b.forcedGlobalExitRoot, b.forcedTimestamp, b.forcedBlockHashL1];

function toSafeNumber(v: unknown, what: string): number {
  const n = Number(v as bigint);
  if (!Number.isSafeInteger(n)) throw new EthermanError("BAD_CALLDATA", `${what} ${String(v)} does not fit a JS number`);
  return n;
}

function fromBatchTuple(t: unknown): BatchData {
  const [transactions, forcedGlobalExitRoot, forcedTimestamp, forcedBlockHashL1] = t as [string, string, bigint, string];
  return { transactions: hexlify(transactions), forcedGlobalExitRoot, forcedTimestamp: toSafeNumber(forcedTimestamp, "forcedTimestamp"), forcedBlockHashL1 };
}

export function encodeSequenceBatches(a: SequenceBatchesArgs): string {
  return promZkEvmInterface.encodeFunctionData("sequenceBatches", [a.batches.map(toBatchTuple), a.maxSequenceTimestamp, a.initSequencedBatch, a.l2Coinbase]);
}

export function encodeSequenceForceBatches(batches: BatchData[]): string {
  return promZkEvmInterface.encodeFunctionData("sequenceForceBatches", [batches.map(toBatchTuple)]);
}

export function encodeForceBatch(transactions: BytesLike): string {
  return promZkEvmInterface.encodeFunctionData("forceBatch", [transactions, 0]);
}

export function encodeVerifyBatchesTrustedAggregator(a: VerifyBatchesArgs): string {
  if (a.proof.length !== 8) throw new EthermanError("BAD_PROOF", `a proof has 8 words, got ${a.proof.length}`);
  return promZkEvmInterface.encodeFunctionData("verifyBatchesTrustedAggregator", [
    a.pendingStateNum ?? 0, a.initNumBatch, a.finalNewBatch, a.newLocalExitRoot, a.newStateRoot, a.beneficiary, a.proof,
  ]);
}

function decode(name: keyof typeof SELECTORS, data: string) {
  if (!data.toLowerCase().startsWith(SELECTORS[name])) {
    throw new EthermanError("BAD_CALLDATA", `calldata ${data.slice(0, 10)} is not ${name} (${SELECTORS[name]}): was the rollup called through another contract?`);
  }
  try {
    return promZkEvmInterface.decodeFunctionData(name, data);
  } catch (e) {
    throw new EthermanError("BAD_CALLDATA", `malformed ${name} calldata: ${(e as Error).message}`);
  }
}

export function decodeSequenceBatches(data: string): SequenceBatchesArgs {
  const [batches, maxSequenceTimestamp, initSequencedBatch, l2Coinbase] = decode("sequenceBatches", data);
  return {
    batches: (batches as unknown[]).map(fromBatchTuple),
    maxSequenceTimestamp: toSafeNumber(maxSequenceTimestamp, "maxSequenceTimestamp"),
    initSequencedBatch: toSafeNumber(initSequencedBatch, "initSequencedBatch"),
    l2Coinbase: l2Coinbase as string,
  };
}

export function decodeSequenceForceBatches(data: string): BatchData[] {
  const [batches] = decode("sequenceForceBatches", data);
  return (batches as unknown[]).map(fromBatchTuple);
}

export function decodeForceBatch(data: string): { transactions: string } {
  const [transactions] = decode("forceBatch", data);
  return { transactions: hexlify(transactions as string) };
}

export function decodeVerifyBatchesTrustedAggregator(data: string): Required<VerifyBatchesArgs> {
  const [pendingStateNum, initNumBatch, finalNewBatch, newLocalExitRoot, newStateRoot, beneficiary, proof] = decode("verifyBatchesTrustedAggregator", data);
  return {
    pendingStateNum: toSafeNumber(pendingStateNum, "pendingStateNum"),
    initNumBatch: toSafeNumber(initNumBatch, "initNumBatch"),
    finalNewBatch: toSafeNumber(finalNewBatch, "finalNewBatch"),
    newLocalExitRoot: newLocalExitRoot as string,
    newStateRoot: newStateRoot as string,
    beneficiary: beneficiary as string,
    proof: [...(proof as bigint[])],
  };
}
