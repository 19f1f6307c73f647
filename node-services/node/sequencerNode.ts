/**
 * Parts of the node every role shares (the world state) and the trusted-sequencer role's own services: pool, L1 tx
 * manager, sequencer and sequence sender. The composition root (node.ts) wires them with JSON-RPC and the synchronizer.
 */
import { Wallet, type JsonRpcProvider } from "ethers";
import type { PromConfig } from "../config/schema.js";
import type { Db } from "../db/db.js";
import { DbProgramStore, Executor } from "../executor/index.js";
import { L1TxManager } from "../l1txmanager/index.js";
import type { Logger } from "../log/logger.js";
import * as mt from "../merkletree/index.js";
import { TxPool } from "../pool/txPool.js";
import { Sequencer } from "../sequencer/sequencer.js";
import { SequenceSender } from "../sequencesender/sequenceSender.js";
import type { Hex } from "../state/hex.js";
import { executorCallFn, smtStateReader } from "../state/stateReader.js";
import type { StateRepository } from "../state/stateRepository.js";

export interface L1Deployment {
  rollup: string;
  globalExitRoot: string;
  /** L1 block the contracts were deployed in, where L1 sync starts (absent: 0, which reads the whole chain). */
  deployBlock?: number;
}

/** Builds the world-state parts shared by every role: tree, bytecode store, executor and reader. */
export function buildWorldState(db: Db, chainId: bigint, forkId: number) {
  const nodes = new mt.DbNodeStore(db);
  const programs = new DbProgramStore(db);
  const smt = new mt.Smt(nodes);
  const executor = new Executor({ smt, programs, chainId, forkId });
  const reader = smtStateReader(smt, mt, db, executorCallFn(executor));
  return {
    smt,
    executor,
    reader,
    programs,
    /** Makes the executor's tree and bytecode writes durable. */
    flush: async () => {
      await programs.flush();
      await nodes.flush();
    },
  };
}

export type WorldState = ReturnType<typeof buildWorldState>;

export interface SequencerParts {
  pool: TxPool;
  txManager: L1TxManager;
  sequencer: Sequencer;
  sequenceSender: SequenceSender;
}

/** The trusted sequencer's services, built on the node's state; `onL2Block` runs after each stored L2 block. */
export function sequencerParts(input: {
  config: PromConfig;
  log: Logger;
  db: Db;
  state: StateRepository;
  world: WorldState;
  provider: JsonRpcProvider;
  l1: L1Deployment;
  /** Key of the trusted sequencer on L1 (signs sequenceBatches). */
  sequencerKey: string;
  onL2Block: (blockNumber: number) => void;
}): SequencerParts {
  const { config, log, db, state, world, provider } = input;
  const pool = new TxPool({
    db,
    state: world.reader,
    latestStateRoot: () => state.latestStateRoot(),
    chainId: BigInt(config.l2.chainId),
    options: {
      minGasPrice: BigInt(config.pool.minGasPrice),
      maxTxBytesSize: config.pool.maxTxBytes,
      maxTxDataBytesSize: config.pool.maxTxDataBytes,
      accountQueue: config.pool.accountQueue,
      priceBumpPercent: config.pool.priceBumpPercent,
    },
  });
  const signer = new Wallet(input.sequencerKey, provider);
  const txManager = new L1TxManager({
    db,
    provider,
    signer,
    options: { confirmations: config.l1.confirmations },
    log: log.child("l1txmanager"),
  });
  // L1 hashes the l2Coinbase of a sequence into each batch and nodes execute the batch with it: the sequencer must
  // have used the same one.
  const coinbase = (config.sequencer.coinbase || signer.address) as Hex;
  const sequenceSender = new SequenceSender({
    state,
    txManager,
    provider,
    rollupAddress: input.l1.rollup,
    l2Coinbase: coinbase,
    options: config.sequenceSender,
    log: log.child("sequencesender"),
  });
  const sequencer = new Sequencer({
    state,
    pool,
    executor: world.executor,
    smt: world.smt,
    stateReader: world.reader,
    flushState: world.flush,
    coinbase,
    forkId: config.l2.forkId,
    options: config.sequencer,
    log: log.child("sequencer"),
    onL2Block: input.onL2Block,
    onBatchClosed: () => sequenceSender.poke(),
  });
  return { pool, txManager, sequencer, sequenceSender };
}
