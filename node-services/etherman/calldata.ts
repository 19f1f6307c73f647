/**
 * Calldata of the rollup's state-changing calls: builders for what the node sends (sequenceBatches,
 * verifyBatchesTrustedAggregator, forcing) and decoders for what the synchronizer reads back from L1 txs.
 */
import { getAddress, hexlify, type BytesLike } from "ethers";
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
  const args = argsOf("sequenceBatches", data);
  return {
    batches: readBatchArray(args, "sequenceBatches"),
    maxSequenceTimestamp: toSafeNumber(readUint(args, 32, 8, "sequenceBatches"), "maxSequenceTimestamp"),
    initSequencedBatch: toSafeNumber(readUint(args, 64, 8, "sequenceBatches"), "initSequencedBatch"),
    l2Coinbase: getAddress(`0x${readUint(args, 96, 20, "sequenceBatches").toString(16).padStart(40, "0")}`),
  };
}

export function decodeSequenceForceBatches(data: string): BatchData[] {
  return readBatchArray(argsOf("sequenceForceBatches", data), "sequenceForceBatches");
}

/*
 * The BatchData[] decoders read the ABI layout directly: ethers' generic decoder takes about a second for one
 * 130 kB sequence, as long as executing its batches. Every offset and length is bounds-checked and every value
 * range-checked as Solidity's ABI decoder requires (ethers would truncate an oversized uint64 instead).
 */

function argsOf(name: "sequenceBatches" | "sequenceForceBatches", data: string): Uint8Array {
  if (!data.toLowerCase().startsWith(SELECTORS[name])) {
    throw new EthermanError("BAD_CALLDATA", `calldata ${data.slice(0, 10)} is not ${name} (${SELECTORS[name]}): was the rollup called through another contract?`);
  }
  const hex = data.slice(10);
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new EthermanError("BAD_CALLDATA", `malformed ${name} calldata: not hex bytes`);
  return Buffer.from(hex, "hex");
}

/** The 32-byte word at `at` as an unsigned integer that must fit `bytes` bytes. */
function readUint(args: Uint8Array, at: number, bytes: number, name: string): bigint {
  if (!Number.isSafeInteger(at) || at < 0 || at + 32 > args.length) throw new EthermanError("BAD_CALLDATA", `malformed ${name} calldata: a word at ${at} is out of bounds`);
  for (let i = at; i < at + 32 - bytes; i++) {
    if (args[i] !== 0) throw new EthermanError("BAD_CALLDATA", `malformed ${name} calldata: the value at ${at} does not fit ${bytes} bytes`);
  }
  let v = 0n;
  for (let i = at + 32 - bytes; i < at + 32; i++) v = (v << 8n) | BigInt(args[i]!);
  return v;
}

const readOffset = (args: Uint8Array, at: number, name: string): number => Number(readUint(args, at, 6, name));
const readWord = (args: Uint8Array, at: number, name: string): string => `0x${readUint(args, at, 32, name).toString(16).padStart(64, "0")}`;

/** The BatchData[] whose offset is the first argument. */
function readBatchArray(args: Uint8Array, name: string): BatchData[] {
  const array = readOffset(args, 0, name);
  const count = readOffset(args, array, name);
  const body = array + 32;
  if (body + count * 32 > args.length) throw new EthermanError("BAD_CALLDATA", `malformed ${name} calldata: ${count} batches do not fit`);
  const out: BatchData[] = [];
  for (let i = 0; i < count; i++) {
    const tuple = body + readOffset(args, body + i * 32, name);
    const txs = tuple + readOffset(args, tuple, name);
    const length = readOffset(args, txs, name);
    if (txs + 32 + length > args.length) throw new EthermanError("BAD_CALLDATA", `malformed ${name} calldata: batch ${i}'s transactions run past the end`);
    out.push({
      transactions: `0x${Buffer.from(args.buffer, args.byteOffset + txs + 32, length).toString("hex")}`,
      forcedGlobalExitRoot: readWord(args, tuple + 32, name),
      forcedTimestamp: toSafeNumber(readUint(args, tuple + 64, 8, name), "forcedTimestamp"),
      forcedBlockHashL1: readWord(args, tuple + 96, name),
    });
  }
  return out;
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
