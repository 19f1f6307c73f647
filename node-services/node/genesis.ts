/**
 * The L2 genesis: accounts written into the state tree and stored as batch 0 / L2 block 0; and the genesis file a node
 * joining a network is started with, checked against the root the rollup contract holds for batch 0.
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { Db } from "../db/db.js";
import { buildGenesis, l2BlockHash, type GenesisAccount } from "../executor/index.js";
import { h4ToHex, ZERO_H4 } from "../merkletree/index.js";
import type { Hex } from "../state/hex.js";
import { StateRepository } from "../state/stateRepository.js";
import { buildWorldState } from "./sequencerNode.js";

const ZERO32 = `0x${"00".repeat(32)}` as Hex;
const ZERO_ADDRESS = `0x${"00".repeat(20)}` as Hex;

/**
 * Returns the genesis state root (what the L1 contract is deployed with). With `expectedRoot`, a different root stores
 * nothing (tree nodes aside, which nothing refers to) and throws.
 */
export async function storeGenesis(
  db: Db,
  chain: { chainId: number; forkId: number },
  accounts: readonly GenesisAccount[],
  expectedRoot?: string,
): Promise<string> {
  const world = buildWorldState(db, BigInt(chain.chainId), chain.forkId);
  const root = await buildGenesis(world.smt, world.programs, accounts);
  await world.flush();
  const stateRoot = h4ToHex(root);
  if (expectedRoot !== undefined && stateRoot !== expectedRoot.toLowerCase()) {
    throw new GenesisError(`the genesis accounts build root ${stateRoot}, not the ${expectedRoot} expected`);
  }
  const state = new StateRepository(db);
  await state.openBatch({ batchNum: 0, coinbase: ZERO_ADDRESS, timestamp: 0 });
  const { blockHash, transactionsRoot, receiptsRoot } = await l2BlockHash({
    parentHash: ZERO32,
    coinbase: ZERO_ADDRESS,
    stateRoot,
    number: 0n,
    gasLimit: 0n,
    gasUsed: 0n,
    timestamp: 0n,
    logsBloom: new Uint8Array(256),
    rawTxs: [],
    receipts: [],
  });
  await state.addL2Block(
    {
      number: 0,
      hash: blockHash,
      transactionsRoot,
      receiptsRoot,
      parentHash: ZERO32,
      stateRoot,
      blockInfoRoot: h4ToHex(ZERO_H4),
      batchNum: 0,
      timestamp: 0,
      coinbase: ZERO_ADDRESS,
      gasLimit: 0n,
      gasUsed: 0,
      globalExitRoot: ZERO32,
      l1BlockHash: ZERO32,
      l1InfoTreeIndex: 0,
      logsBloom: `0x${"00".repeat(256)}`,
    },
    [],
  );
  // Batch 0 carries the zero accInputHash L1 starts from.
  await state.closeBatch(0, { stateRoot, localExitRoot: ZERO32, accInputHash: ZERO32, batchL2Data: "0x", closingReason: "genesis" });
  return stateRoot;
}

/** What a joining node needs to rebuild the L2 genesis (a devnet writes it as <data-dir>/genesis.json). */
export interface GenesisFile {
  l2ChainId: number;
  forkId: number;
  /** The genesis state root: batch 0's on L1. */
  root: Hex;
  accounts: { address: Hex; balance: string }[];
}

export class GenesisError extends Error {
  readonly code = "GENESIS";
  constructor(message: string) {
    super(message);
    this.name = "GenesisError";
  }
}

export function writeGenesisFile(path: string, g: GenesisFile): void {
  writeFileSync(path, `${JSON.stringify(g, null, 2)}\n`);
}

export function readGenesisFile(path: string): GenesisFile {
  let g: Partial<GenesisFile>;
  try {
    g = JSON.parse(readFileSync(path, "utf8")) as Partial<GenesisFile>;
  } catch (err) {
    throw new GenesisError(`cannot read the genesis file ${path}: ${(err as Error).message}`);
  }
  const hex = (v: unknown, bytes: number) => typeof v === "string" && new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`).test(v);
  if (!Number.isSafeInteger(g.l2ChainId) || !Number.isSafeInteger(g.forkId) || !hex(g.root, 32) || !Array.isArray(g.accounts)) {
    throw new GenesisError(`${path} is not a genesis file: it needs l2ChainId, forkId, root (32-byte hex) and accounts`);
  }
  g.accounts.forEach((a, i) => {
    if (!hex(a?.address, 20) || typeof a.balance !== "string" || !/^[0-9]+$/.test(a.balance)) {
      throw new GenesisError(`${path}: account ${i} needs an address (20-byte hex) and a balance (decimal wei string)`);
    }
  });
  return g as GenesisFile;
}

/**
 * Stores the genesis of `file` unless batch 0 is already there, and checks that its root is both the file's and
 * `l1Root` (the rollup contract's batch-0 state root). Returns the root.
 */
export async function ensureGenesis(db: Db, file: GenesisFile, l1Root: string): Promise<Hex> {
  if (file.root.toLowerCase() !== l1Root.toLowerCase()) {
    throw new GenesisError(`the genesis file's root ${file.root} is not the rollup contract's batch-0 state root ${l1Root}: wrong genesis file or wrong rollup`);
  }
  const stored = await new StateRepository(db).getBatch(0);
  if (!stored) {
    const accounts = file.accounts.map((a) => ({ address: a.address, balance: BigInt(a.balance) }));
    return (await storeGenesis(db, { chainId: file.l2ChainId, forkId: file.forkId }, accounts, file.root)) as Hex;
  }
  if (stored.stateRoot !== file.root.toLowerCase()) {
    throw new GenesisError(`this database holds a genesis of root ${stored.stateRoot}, not ${file.root}: it belongs to another network`);
  }
  return stored.stateRoot;
}
