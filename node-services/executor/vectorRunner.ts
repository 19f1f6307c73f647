/** Loads a zkevm-testvectors `inputs-executor` file (db dump, bytecodes, batch) and runs it through the Executor. */
import { readFileSync } from "node:fs";
import { MemoryNodeStore, Smt, hexToH4 } from "../merkletree/index.js";
import { fromHex } from "./bytes.js";
import type { Hex } from "./bytes.js";
import { Executor } from "./executor.js";
import type { BatchResult } from "./executor.js";
import { MemoryProgramStore } from "./programStore.js";

export interface ExecutorVector {
  oldStateRoot: Hex;
  newStateRoot: Hex;
  newLocalExitRoot: Hex;
  chainID: number;
  forkID: number;
  forcedBlockHashL1: Hex;
  batchL2Data: Hex;
  l1InfoRoot: Hex;
  timestampLimit: string;
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

export async function runVector(v: ExecutorVector): Promise<BatchResult> {
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
  const forced = BigInt(v.forcedBlockHashL1) !== 0n;
  const l1InfoTree: Record<number, { globalExitRoot: Hex; blockHash: Hex; timestamp: bigint }> = {};
  for (const [i, leaf] of Object.entries(v.l1InfoTree ?? {})) {
    if (/^\d+$/.test(i)) l1InfoTree[Number(i)] = { globalExitRoot: leaf.globalExitRoot, blockHash: leaf.blockHash, timestamp: BigInt(leaf.timestamp) };
  }
  return ex.processBatch({
    oldStateRoot: hexToH4(v.oldStateRoot),
    batchL2Data: fromHex(v.batchL2Data),
    forced,
    timestampLimit: BigInt(v.timestampLimit),
    coinbase: v.sequencerAddr,
    l1InfoRoot: v.l1InfoRoot,
    forcedBlockHashL1: v.forcedBlockHashL1,
    l1InfoTree,
  });
}
