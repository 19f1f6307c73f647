/**
 * `prom-node devnet`: everything on this machine. An anvil L1 (state persisted in the data dir), the Prom contracts,
 * an L2 genesis funding the dev accounts, and the trusted-sequencer role on embedded storage. A second start on the
 * same data dir resumes: same contracts, same chain, nothing lost.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { JsonRpcProvider, Wallet } from "ethers";
import type { PromConfig } from "../config/schema.js";
import type { Db } from "../db/db.js";
import { openDb } from "../db/openDb.js";
import { startAnvil } from "../l1/anvil.js";
import { deployProm } from "../l1/deploy.js";
import type { Logger } from "../log/logger.js";
import { storeGenesis } from "../node/genesis.js";
import { startSequencerNode, type SequencerNode } from "../node/sequencerNode.js";
import { DEV_ROLES, devAccounts, type DevAccount } from "./devAccounts.js";

const DEV_ACCOUNT_COUNT = 10;
const DEV_BALANCE = 10n ** 21n; // 1000 ETH each on L2

/** What a devnet writes once and reads on every later start. */
interface DevnetInfo {
  rollup: string;
  globalExitRoot: string;
  verifier: string;
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
  stop(): Promise<void>;
}

export class DevnetError extends Error {
  readonly code = "DEVNET";
  constructor(message: string) {
    super(message);
    this.name = "DevnetError";
  }
}

export async function startDevnet(config: PromConfig, log: Logger): Promise<Devnet> {
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
    const provider = new JsonRpcProvider(anvil.url, undefined, { staticNetwork: true });
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
      log.info("devnet resumed", { dataDir: config.dataDir, rollup: info.rollup });
    } else {
      const genesisRoot = await storeGenesis(db, config.l2, accounts.map((a) => ({ address: a.address, balance: DEV_BALANCE })));
      const deployer = new Wallet(sequencer.privateKey, provider);
      const d = await deployProm(deployer, {
        genesisRoot,
        trustedSequencer: sequencer.address,
        trustedAggregator: aggregator.address,
        chainId: config.l2.chainId,
        forkId: config.l2.forkId,
      });
      info = { ...d, genesisRoot, l1ChainId: config.l1.chainId, l2ChainId: config.l2.chainId };
      // Written last: its presence means the genesis and the contracts are both in place.
      writeFileSync(infoFile, JSON.stringify(info, null, 2));
      log.info("devnet created", { dataDir: config.dataDir, rollup: d.rollup, genesisRoot });
    }
    provider.destroy();
    const node = await startSequencerNode({
      config,
      log,
      db,
      l1Url: anvil.url,
      l1: { rollup: info.rollup, globalExitRoot: info.globalExitRoot },
      sequencerKey: sequencer.privateKey,
    });
    const openDbRef = db;
    return {
      l1Url: anvil.url,
      rpcUrl: node.rpcUrl,
      wsUrl: node.wsUrl,
      info,
      accounts,
      node,
      async stop() {
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

/** Runs the devnet until SIGINT/SIGTERM, printing what a developer needs to connect. */
export async function runDevnet(config: PromConfig, log: Logger): Promise<number> {
  const devnet = await startDevnet(config, log);
  const lines = [
    "",
    "Prom devnet is running.",
    `  L2 JSON-RPC      ${devnet.rpcUrl}   (WebSocket ${devnet.wsUrl})`,
    `  L2 chain id      ${config.l2.chainId}`,
    `  L1 (anvil)       ${devnet.l1Url}   chain id ${config.l1.chainId}`,
    `  PromZkEVM        ${devnet.info.rollup}`,
    `  Data dir         ${config.dataDir}`,
    "",
    "Dev accounts (funded with 1000 ETH on L2; their keys are public: never use them on a real network):",
    ...devnet.accounts.map((a, i) => `  (${i}) ${a.address}  ${a.privateKey}`),
    "",
    "Ctrl-C stops the devnet; starting it again on the same data dir resumes it.",
    "",
  ];
  process.stdout.write(lines.join("\n"));
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
  });
  log.info("stopping devnet");
  await devnet.stop();
  return 0;
}
