/**
 * The composition root of the trusted-sequencer role: wires storage, state tree, executor, pool, JSON-RPC,
 * sequencer, L1 tx manager and sequence sender; starts them in dependency order and stops them in reverse.
 */
import { JsonRpcProvider, Wallet } from "ethers";
import type { PromConfig } from "../config/schema.js";
import type { Db } from "../db/db.js";
import { DbProgramStore, Executor } from "../executor/index.js";
import { JsonRpcServer } from "../jsonrpc/index.js";
import { L1TxManager } from "../l1txmanager/index.js";
import type { Logger } from "../log/logger.js";
import * as mt from "../merkletree/index.js";
import { TxPool } from "../pool/txPool.js";
import { Sequencer } from "../sequencer/sequencer.js";
import { SequenceSender } from "../sequencesender/sequenceSender.js";
import type { Hex } from "../state/hex.js";
import { executorCallFn, smtStateReader } from "../state/stateReader.js";
import { StateRepository } from "../state/stateRepository.js";
import { ServiceStack, type Service } from "./service.js";

export interface L1Deployment {
  rollup: string;
  globalExitRoot: string;
}

export interface SequencerNodeInput {
  config: PromConfig;
  log: Logger;
  db: Db;
  l1Url: string;
  l1: L1Deployment;
  /** Key of the trusted sequencer on L1 (signs sequenceBatches). */
  sequencerKey: string;
}

export interface SequencerNode {
  rpcUrl: string;
  wsUrl: string;
  sequencer: Sequencer;
  sequenceSender: SequenceSender;
  state: StateRepository;
  pool: TxPool;
  stop(): Promise<void>;
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

export async function startSequencerNode(input: SequencerNodeInput): Promise<SequencerNode> {
  const { config, log, db } = input;
  const chainId = BigInt(config.l2.chainId);
  const world = buildWorldState(db, chainId, config.l2.forkId);
  const state = new StateRepository(db);
  const pool = new TxPool({
    db,
    state: world.reader,
    latestStateRoot: () => state.latestStateRoot(),
    chainId,
    options: {
      minGasPrice: BigInt(config.pool.minGasPrice),
      maxTxBytesSize: config.pool.maxTxBytes,
      maxTxDataBytesSize: config.pool.maxTxDataBytes,
      accountQueue: config.pool.accountQueue,
      priceBumpPercent: config.pool.priceBumpPercent,
    },
  });
  const rpc = new JsonRpcServer(
    { repo: state, state: world.reader, pool, chainId },
    {
      host: config.rpc.host,
      port: config.rpc.port,
      maxBodyBytes: config.rpc.maxRequestBytes,
      batchRequestsLimit: config.rpc.batchLimit,
    },
    log.child("jsonrpc"),
  );
  const provider = new JsonRpcProvider(input.l1Url, undefined, { staticNetwork: true, pollingInterval: 500 });
  const signer = new Wallet(input.sequencerKey, provider);
  const txManager = new L1TxManager({
    db,
    provider,
    signer,
    options: { confirmations: config.l1.confirmations },
    log: log.child("l1txmanager"),
  });
  const sequenceSender = new SequenceSender({
    state,
    txManager,
    provider,
    rollupAddress: input.l1.rollup,
    l2Coinbase: signer.address,
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
    coinbase: (config.sequencer.coinbase || signer.address) as Hex,
    forkId: config.l2.forkId,
    options: config.sequencer,
    log: log.child("sequencer"),
    onL2Block: (n) => void rpc.notifyNewBlock(n),
    onBatchClosed: () => sequenceSender.poke(),
  });

  let urls = { url: "", wsUrl: "" };
  const services: Service[] = [
    { name: "l1-tx-manager", start: () => txManager.start(), stop: () => txManager.stop() },
    {
      name: "jsonrpc",
      start: async () => {
        urls = await rpc.start();
      },
      stop: () => rpc.stop(),
    },
    sequencer,
    sequenceSender,
  ];
  const stack = new ServiceStack();
  await stack.start(services);
  return {
    rpcUrl: urls.url,
    wsUrl: urls.wsUrl,
    sequencer,
    sequenceSender,
    state,
    pool,
    async stop() {
      const errors = await stack.stop();
      provider.destroy();
      for (const e of errors) log.error(e.message);
    },
  };
}
