/** The L2 genesis: accounts written into the state tree and stored as batch 0 / L2 block 0. */
import type { Db } from "../db/db.js";
import { buildGenesis, l2BlockHash, type GenesisAccount } from "../executor/index.js";
import { h4ToHex, ZERO_H4 } from "../merkletree/index.js";
import type { Hex } from "../state/hex.js";
import { StateRepository } from "../state/stateRepository.js";
import { buildWorldState } from "./sequencerNode.js";

const ZERO32 = `0x${"00".repeat(32)}` as Hex;
const ZERO_ADDRESS = `0x${"00".repeat(20)}` as Hex;

/** Returns the genesis state root (what the L1 contract is deployed with). */
export async function storeGenesis(db: Db, chain: { chainId: number; forkId: number }, accounts: readonly GenesisAccount[]): Promise<string> {
  const world = buildWorldState(db, BigInt(chain.chainId), chain.forkId);
  const root = await buildGenesis(world.smt, world.programs, accounts);
  await world.flush();
  const stateRoot = h4ToHex(root);
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
