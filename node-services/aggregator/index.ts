/**
 * The aggregator component: `createAggregator` wires the service for a node (its own L1 key and L1 tx manager, the
 * etherman, the batch circuit); the rest is exported for tests and the desktop app.
 */
import { join } from "node:path";
import { JsonRpcProvider, Wallet } from "ethers";
import type { PromConfig } from "../config/schema.js";
import type { Db } from "../db/db.js";
import { Etherman } from "../etherman/etherman.js";
import { L1TxManager } from "../l1txmanager/index.js";
import type { Logger } from "../log/logger.js";
import type { Service } from "../node/service.js";
import type { StateRepository } from "../state/stateRepository.js";
import { Aggregator, type BatchCircuitPort } from "./aggregator.js";
import { batchCircuitPort } from "./batchCircuit.js";
import { l1Provider } from "../l1/provider.js";

export { Aggregator, AGGREGATOR_OWNER, proofWords, type BatchCircuitPort } from "./aggregator.js";
export { batchCircuitPort } from "./batchCircuit.js";
export { aggregatorSection, defaultAggregatorOptions, type AggregatorOptions } from "./options.js";
export { ProofJobs } from "./proofJobs.js";
export type { ProverInfo } from "./proverHub.js";

export interface AggregatorInput {
  config: PromConfig;
  log: Logger;
  db: Db;
  state: StateRepository;
  l1Url: string;
  l1: { rollup: string; globalExitRoot: string };
  /** The trusted aggregator's L1 key (default: config.aggregator.key). */
  key?: string;
  /** Default: the P1 batch circuit with config.aggregator's parameters, cached in aggregator.circuitDir. */
  circuit?: BatchCircuitPort;
}

export class AggregatorConfigError extends Error {
  readonly code = "AGGREGATOR_CONFIG";
  constructor(message: string) {
    super(message);
    this.name = "AggregatorConfigError";
  }
}

/** The aggregator as a node service: its L1 tx manager (owner "aggregator", its own key) starts before it and stops after it. */
export class AggregatorService implements Service {
  readonly name = "aggregator";

  constructor(
    readonly aggregator: Aggregator,
    private readonly txManager: L1TxManager,
    private readonly provider: JsonRpcProvider,
  ) {}

  async start(): Promise<void> {
    await this.txManager.start();
    try {
      await this.aggregator.start();
    } catch (err) {
      await this.txManager.stop();
      throw err;
    }
  }

  async stop(): Promise<void> {
    await this.aggregator.stop();
    await this.txManager.stop();
    this.provider.destroy();
  }
}

export function createAggregator(input: AggregatorInput): AggregatorService {
  const key = input.key ?? input.config.aggregator.key;
  if (!key) throw new AggregatorConfigError("the aggregator needs the trusted aggregator's L1 key (--aggregator-key or PROM_AGGREGATOR_KEY)");
  const provider = l1Provider(input.l1Url, 500);
  const signer = new Wallet(key, provider);
  const log = input.log.child("aggregator");
  const txManager = new L1TxManager({ db: input.db, provider, signer, options: { confirmations: input.config.l1.confirmations }, log: log.child("l1txmanager") });
  const aggregator = new Aggregator({
    db: input.db,
    state: input.state,
    etherman: new Etherman(provider, input.l1),
    txManager,
    address: signer.address,
    chainId: input.config.l2.chainId,
    forkId: input.config.l2.forkId,
    circuit:
      input.circuit ??
      batchCircuitPort(
        { maxBatches: input.config.aggregator.maxBatchesPerProof, maxBlocksPerBatch: input.config.aggregator.maxBlocksPerBatch },
        input.config.aggregator.circuitDir || join(input.config.dataDir, "circuits"),
      ),
    options: input.config.aggregator,
    log,
  });
  return new AggregatorService(aggregator, txManager, provider);
}
