/**
 * `prom-node devnet`: everything on this machine. An anvil L1 (state persisted in the data dir), the Prom contracts,
 * an L2 genesis funding the dev accounts, and the trusted-sequencer role on embedded storage. A second start on the
 * same data dir resumes: same contracts, same chain, nothing lost.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Wallet } from "ethers";
import { DATA_DIR_CONFIG_FILE } from "../config/load.js";
import type { PromConfig } from "../config/schema.js";
import type { Db } from "../db/db.js";
import { openDb } from "../db/openDb.js";
import { startAdminServer } from "../api/server/adminServer.js";
import { createNodeApi, type NodeApiService } from "../api/server/createNodeApi.js";
import { createLocalProverBench } from "../api/server/proverBench.js";
import { synchronizerStatus } from "../api/server/syncStatus.js";
import type { SettingSource } from "../api/nodeApi.js";
import { defaultCircuitCacheDir, maxBatchBytes, prepareBatchCircuit, type BatchCircuitParams } from "../batchproof/index.js";
import { createAggregator, type AggregatorService } from "../aggregator/index.js";
import { startAnvil } from "../l1/anvil.js";
import { deployProm } from "../l1/deploy.js";
import type { Logger } from "../log/logger.js";
import { buildSolidityVerifier } from "../prover/solidityVerifier.js";
import { storeGenesis, writeGenesisFile } from "../node/genesis.js";
import { startSequencerNode, type SequencerNode } from "../node/node.js";
import type { Hex } from "../state/hex.js";
import { DEV_ROLES, devAccounts, type DevAccount } from "./devAccounts.js";
import { l1Provider } from "../l1/provider.js";
import { stopSignal } from "../node/service.js";

const DEV_ACCOUNT_COUNT = 10;
const DEV_BALANCE = 10n ** 21n; // 1000 ETH each on L2

/** What a devnet writes once and reads on every later start. */
interface DevnetInfo {
  rollup: string;
  globalExitRoot: string;
  verifier: string;
  /** Which verifier was deployed (absent in devnets made before there was a choice: reject-all). */
  verifierKind?: DevnetVerifier;
  /** The batch circuit the verifier checks (batch-circuit only). */
  circuit?: BatchCircuitParams;
  deployBlock: number;
  genesisRoot: string;
  l1ChainId: number;
  l2ChainId: number;
}

export interface Devnet {
  l1Url: string;
  rpcUrl: string;
  wsUrl: string;
  info: DevnetInfo;
  accounts: DevAccount[];
  node: SequencerNode;
  /** The NodeApi over this devnet (what the UI and Electron use; `runDevnet` serves it with the web UI). */
  api: NodeApiService;
  /** Present when the devnet's L1 verifies the batch circuit. */
  aggregator?: AggregatorService;
  stop(): Promise<void>;
}

/** What the devnet's NodeApi needs beyond the config: how the config was loaded, and the version shown. */
export interface DevnetOptions {
  configSources?: Record<string, SettingSource>;
  /** The TOML file the settings page writes (`loadConfig().configFile`); default <data-dir>/prom.toml. */
  configFile?: string;
  version?: string;
  /**
   * The L1 verifier of a new devnet: "batch-circuit" (what `prom-node devnet` deploys) is our Groth16 verifier for
   * the aggregator's batch circuit (compiled and set up once, then cached: the first time takes minutes), and it caps
   * batches and sequences at what the circuit proves; "reject-all" (default here) deploys RejectAllVerifier (no proof
   * verifies) for devnets that never verify batches and must start in seconds, such as most tests.
   */
  verifier?: DevnetVerifier;
}

type DevnetVerifier = "batch-circuit" | "reject-all";

export class DevnetError extends Error {
  readonly code = "DEVNET";
  constructor(message: string) {
    super(message);
    this.name = "DevnetError";
  }
}

/**
 * The config of a devnet whose batches are proved: the aggregator runs the circuit L1 verifies (its cache shared
 * with `npm run setup`'s build of it, its key the dev aggregator's), batches and sequences are no larger than
 * that circuit can prove, and (unless set) batches without txs do not close on time.
 */
function fitToCircuit(config: PromConfig, params: BatchCircuitParams, aggregatorKey: string, log: Logger, sources: DevnetOptions["configSources"]): PromConfig {
  // An idle devnet makes no batches to prove: a batch closes on time only once it holds a tx (or when its blocks fill
  // it), unless the user asked for zkevm-node's close-on-time of empty batches.
  const chosen = (sources?.["sequencer.closeEmptyBatches"] ?? "default") !== "default";
  const sequencer = { ...config.sequencer, closeEmptyBatches: chosen && config.sequencer.closeEmptyBatches };
  if (sequencer.maxBatchBytes > maxBatchBytes(params)) {
    log.info("devnet: batches capped at the batch circuit's size", { maxBatchBytes: maxBatchBytes(params) });
    sequencer.maxBatchBytes = maxBatchBytes(params);
  }
  return {
    ...config,
    sequencer,
    sequenceSender: { ...config.sequenceSender, maxBatchesPerSequence: Math.min(config.sequenceSender.maxBatchesPerSequence, params.maxBatches) },
    aggregator: {
      ...config.aggregator,
      key: aggregatorKey,
      circuitDir: config.aggregator.circuitDir || defaultCircuitCacheDir,
      maxBatchesPerProof: params.maxBatches,
      maxBlocksPerBatch: params.maxBlocksPerBatch,
    },
  };
}

/** Our Groth16 verifier for the devnet's batch circuit (compiled and set up on first use, then from the cache). */
async function batchCircuitVerifier(params: BatchCircuitParams, cacheDir: string, log: Logger): Promise<{ abi: unknown[]; bytecode: string }> {
  const circuit = await prepareBatchCircuit({ params, cacheDir, onProgress: (msg) => log.info(msg) });
  log.info("batch circuit ready", { ...params, constraints: circuit.constraints, zkey: circuit.zkeyPath });
  return buildSolidityVerifier(circuit.vkey);
}

export async function startDevnet(config: PromConfig, log: Logger, opts: DevnetOptions = {}): Promise<Devnet> {
  mkdirSync(config.dataDir, { recursive: true });
  const infoFile = join(config.dataDir, "devnet.json");
  const accounts = devAccounts(DEV_ACCOUNT_COUNT);
  const sequencer = accounts[DEV_ROLES.sequencer]!;
  const aggregator = accounts[DEV_ROLES.aggregator]!;

  const anvil = await startAnvil({
    port: config.l1.port,
    chainId: config.l1.chainId,
    stateFile: join(config.dataDir, "l1-state.json"),
    stateIntervalSec: 1,
    ...(config.l1.blockTime > 0 ? { blockTime: config.l1.blockTime } : {}),
  });
  let db: Db | undefined;
  try {
    db = await openDb({ dataDir: config.dataDir, dbUrl: config.dbUrl });
    const provider = l1Provider(anvil.url);
    let info: DevnetInfo;
    if (existsSync(infoFile)) {
      info = JSON.parse(readFileSync(infoFile, "utf8")) as DevnetInfo;
      if ((await provider.getCode(info.rollup)) === "0x") {
        throw new DevnetError(
          `the L1 state in ${config.dataDir} has no rollup contract at ${info.rollup} (anvil state lost); remove the data dir to start a new devnet`,
        );
      }
      if (info.l2ChainId !== config.l2.chainId) {
        throw new DevnetError(`this data dir holds a devnet of L2 chain id ${info.l2ChainId}, not ${config.l2.chainId}`);
      }
      if (info.circuit) config = fitToCircuit(config, info.circuit, aggregator.privateKey, log, opts.configSources);
      log.info("devnet resumed", { dataDir: config.dataDir, rollup: info.rollup, verifier: info.verifierKind ?? "reject-all" });
    } else {
      const genesisRoot = await storeGenesis(db, config.l2, accounts.map((a) => ({ address: a.address, balance: DEV_BALANCE })));
      const deployer = new Wallet(sequencer.privateKey, provider);
      const verifierKind = opts.verifier ?? "reject-all";
      const circuit = verifierKind === "batch-circuit" ? { maxBatches: config.aggregator.maxBatchesPerProof, maxBlocksPerBatch: config.aggregator.maxBlocksPerBatch } : undefined;
      if (circuit) config = fitToCircuit(config, circuit, aggregator.privateKey, log, opts.configSources);
      const verifierContract = circuit ? await batchCircuitVerifier(circuit, config.aggregator.circuitDir, log) : "RejectAllVerifier";
      const d = await deployProm(deployer, {
        verifierContract,
        genesisRoot,
        trustedSequencer: sequencer.address,
        trustedAggregator: aggregator.address,
        chainId: config.l2.chainId,
        forkId: config.l2.forkId,
      });
      info = { ...d, verifierKind, ...(circuit ? { circuit } : {}), genesisRoot, l1ChainId: config.l1.chainId, l2ChainId: config.l2.chainId };
      // Written last: its presence means the genesis and the contracts are both in place.
      writeFileSync(infoFile, JSON.stringify(info, null, 2));
      log.info("devnet created", { dataDir: config.dataDir, rollup: d.rollup, genesisRoot });
    }
    provider.destroy();
    // What a second node joining this devnet needs to rebuild the L2 genesis (`prom-node run --genesis`).
    writeGenesisFile(genesisFile(config.dataDir), {
      l2ChainId: info.l2ChainId,
      forkId: config.l2.forkId,
      root: info.genesisRoot as Hex,
      accounts: accounts.map((a) => ({ address: a.address as Hex, balance: DEV_BALANCE.toString() })),
    });
    // A devnet whose L1 verifies the batch circuit runs the aggregator too (role all); one that rejects every proof does not.
    let aggregatorService: AggregatorService | undefined;
    const node = await startSequencerNode(
      {
        config,
        log,
        db,
        l1Url: anvil.url,
        l1: { rollup: info.rollup, globalExitRoot: info.globalExitRoot, deployBlock: info.deployBlock },
        sequencerKey: sequencer.privateKey,
        aggregator: (parts) => (aggregatorService = createAggregator(parts)),
      },
      info.circuit !== undefined,
    );
    const { rpcUrl, wsUrl } = node;
    const openDbRef = db;
    const api = createNodeApi({
      version: opts.version ?? "dev",
      roles: aggregatorService ? ["rpc", "sequencer", "aggregator"] : ["rpc", "sequencer"],
      ...(aggregatorService ? { proofJobs: aggregatorService.aggregator.jobs } : {}),
      log,
      config,
      ...(opts.configSources ? { configSources: opts.configSources } : {}),
      configFile: opts.configFile ?? join(config.dataDir, DATA_DIR_CONFIG_FILE),
      db,
      state: node.state,
      l1: { url: anvil.url, chainId: config.l1.chainId, rollupAddress: info.rollup },
      rpc: { httpUrl: rpcUrl, wsUrl },
      aggregatorAddress: aggregator.address,
      prover: createLocalProverBench(),
      sync: synchronizerStatus(node.synchronizer),
      devAccounts: accounts.map((a, i) => ({
        ...a,
        role: i === DEV_ROLES.sequencer ? "L1 sequencer" : i === DEV_ROLES.aggregator ? "L1 aggregator" : null,
      })),
    });
    return {
      l1Url: anvil.url,
      rpcUrl,
      wsUrl,
      info,
      accounts,
      node,
      api,
      ...(aggregatorService ? { aggregator: aggregatorService } : {}),
      async stop() {
        await api.close();
        await node.stop();
        await openDbRef.close();
        await anvil.stop();
      },
    };
  } catch (err) {
    await db?.close().catch(() => undefined);
    await anvil.stop();
    throw err;
  }
}

/** The L2 genesis file a devnet writes into its data dir. */
export const genesisFile = (dataDir: string): string => join(dataDir, "genesis.json");

/** The command line that starts an RPC node following this devnet (its own PGlite data dir; port 0 picks a free one). */
export function joinCommand(devnet: Devnet, dataDir: string): string {
  return [
    "prom-node run --role rpc",
    `--l1-url ${devnet.l1Url}`,
    `--rollup-address ${devnet.info.rollup}`,
    `--deploy-block ${devnet.info.deployBlock}`,
    `--trusted-rpc ${devnet.rpcUrl}`,
    `--genesis ${genesisFile(dataDir)}`,
    `--l2-chain-id ${devnet.info.l2ChainId}`,
    "--data-dir ~/.prom/rpc1 --rpc-port 0",
  ].join(" ");
}

/** Runs the devnet until SIGINT/SIGTERM, printing what a developer needs to connect. */
export async function runDevnet(config: PromConfig, log: Logger, opts: DevnetOptions = {}): Promise<number> {
  const devnet = await startDevnet(config, log, { verifier: "batch-circuit", ...opts });
  let ui;
  try {
    ui = config.ui.enabled ? await startAdminServer(devnet.api, { host: config.ui.host, port: config.ui.port }, log.child("ui")) : undefined;
  } catch (err) {
    await devnet.stop();
    throw err;
  }
  const lines = [
    "",
    "Prom devnet is running.",
    ...(ui ? [`  Web UI           ${ui.url}`] : []),
    `  L2 JSON-RPC      ${devnet.rpcUrl}   (WebSocket ${devnet.wsUrl})`,
    `  L2 chain id      ${config.l2.chainId}`,
    `  L1 (anvil)       ${devnet.l1Url}   chain id ${config.l1.chainId}`,
    `  PromZkEVM        ${devnet.info.rollup}`,
    ...(devnet.aggregator
      ? [`  Aggregator       P1 proofs (the state roots bound to the batch data sequenced on L1; not execution validity), provers dial ${devnet.aggregator.aggregator.proverUrl}`]
      : ["  Aggregator       none (this devnet's L1 verifier rejects every proof)"]),
    `  Data dir         ${config.dataDir}`,
    "",
    "Dev accounts (funded with 1000 ETH on L2; their keys are public: never use them on a real network):",
    ...devnet.accounts.map((a, i) => `  (${i}) ${a.address}  ${a.privateKey}`),
    "",
    "A second node (JSON-RPC following this devnet; add --db-url postgres://… to share one database between instances):",
    `  ${joinCommand(devnet, config.dataDir)}`,
    "",
    "Ctrl-C stops the devnet; starting it again on the same data dir resumes it.",
    "",
  ];
  process.stdout.write(lines.join("\n"));
  await stopSignal();
  log.info("stopping devnet");
  await ui?.close();
  await devnet.stop();
  return 0;
}
