/**
 * Loads a zkevm-testvectors `inputs-executor` file (db dump, bytecodes, batch) and runs it through the Executor.
 * Reads the Etrog/Elderberry layout (forkID 7/8: `timestampLimit`, `l1InfoRoot`, `forcedBlockHashL1`) and the
 * non-forced batches of the later per-batch layout (forkID 9+: `newTimestamp`, `newL1InfoTreeRoot`, `forcedHashData`).
 */
import { readFileSync } from "node:fs";
import { MemoryNodeStore, Smt, hexToH4 } from "../merkletree/index.js";
import { fromHex } from "./bytes.js";
import type { Hex } from "./bytes.js";
import { Executor } from "./executor.js";
import type { BatchResult } from "./executor.js";
import { ExecutorError } from "./errors.js";
import type { RecoveredSender } from "./senderRecoveryProtocol.js";
import { MemoryProgramStore } from "./programStore.js";

const ZERO32 = `0x${"00".repeat(32)}` as Hex;

export interface ExecutorVector {
  oldStateRoot: Hex;
  newStateRoot: Hex;
  newLocalExitRoot: Hex;
  chainID: number;
  forkID: number;
  forcedBlockHashL1?: Hex;
  batchL2Data: Hex;
  l1InfoRoot?: Hex;
  timestampLimit?: string;
  /** forkID 9+ layout: the batch's timestamp limit, its L1 info root and (forced batches only) the forced data hash. */
  newTimestamp?: string;
  newL1InfoTreeRoot?: Hex;
  forcedHashData?: Hex;
  sequencerAddr: string;
  contractsBytecode: Record<string, Hex>;
  db: Record<string, string[]>;
  l1InfoTree?: Record<string, { globalExitRoot: Hex; blockHash: Hex; timestamp: string }>;
  /** Ours, not upstream: the block gas limit the vector was generated with when it differs from its forkID's. */
  generatedWithBlockGasLimit?: string;
}

export function loadVector(path: string): ExecutorVector {
  return JSON.parse(readFileSync(path, "utf8")) as ExecutorVector;
}

/** `senders`: handed to the executor as recovered ahead (BatchInput.senders). */
export async function runVector(v: ExecutorVector, senders?: readonly RecoveredSender[]): Promise<BatchResult> {
  const store = new MemoryNodeStore();
  for (const [hash, data] of Object.entries(v.db)) store.put(hexToH4(hash), data.map((x) => BigInt(`0x${x}`)));
  const programs = new MemoryProgramStore();
  // Entries keyed by an address map address → hash; only hash → code entries are bytecode.
  for (const [hash, code] of Object.entries(v.contractsBytecode)) if (hash.length === 66) programs.put(hash as Hex, fromHex(code));
  const ex = new Executor({
    smt: new Smt(store),
    programs,
    chainId: BigInt(v.chainID),
    forkId: v.forkID,
    ...(v.generatedWithBlockGasLimit ? { blockGasLimit: BigInt(v.generatedWithBlockGasLimit) } : {}),
  });
  const timestampLimit = v.timestampLimit ?? v.newTimestamp;
  const l1InfoRoot = v.l1InfoRoot ?? v.newL1InfoTreeRoot;
  if (timestampLimit === undefined || l1InfoRoot === undefined) {
    throw new ExecutorError("BAD_INPUT", "vector has neither timestampLimit/l1InfoRoot (forkID 7/8) nor newTimestamp/newL1InfoTreeRoot (forkID 9+)");
  }
  if (v.forcedHashData !== undefined && BigInt(v.forcedHashData) !== 0n) {
    throw new ExecutorError("BAD_INPUT", "forced batches in the forkID 9+ layout are not supported by this runner");
  }
  const forcedBlockHashL1 = v.forcedBlockHashL1 ?? ZERO32;
  const forced = BigInt(forcedBlockHashL1) !== 0n;
  const l1InfoTree: Record<number, { globalExitRoot: Hex; blockHash: Hex; timestamp: bigint }> = {};
  for (const [i, leaf] of Object.entries(v.l1InfoTree ?? {})) {
    if (/^\d+$/.test(i)) l1InfoTree[Number(i)] = { globalExitRoot: leaf.globalExitRoot, blockHash: leaf.blockHash, timestamp: BigInt(leaf.timestamp) };
  }
  return ex.processBatch({
    oldStateRoot: hexToH4(v.oldStateRoot),
    batchL2Data: fromHex(v.batchL2Data),
    forced,
    timestampLimit: BigInt(timestampLimit),
    coinbase: v.sequencerAddr,
    l1InfoRoot,
    forcedBlockHashL1,
    l1InfoTree,
    ...(senders ? { senders } : {}),
  });
}
