/**
 * `prom-node run`: a node of the chosen role joining an existing network (for example a running devnet). Opens its
 * storage, checks the L2 genesis and the chain against the rollup contract on L1, then starts the role's services.
 */
import { Contract } from "ethers";
import type { PromConfig } from "../config/schema.js";
import type { Db } from "../db/db.js";
import { openDb } from "../db/openDb.js";
import { promZkEvmAbi } from "../etherman/abi.js";
import type { Logger } from "../log/logger.js";
import { StateRepository } from "../state/stateRepository.js";
import { ensureGenesis, GenesisError, readGenesisFile } from "./genesis.js";
import { NodeConfigError, startNode, type NodeInput, type PromNode } from "./node.js";
import { l1Provider } from "../l1/provider.js";
import { stopSignal } from "./service.js";

export interface RunningNode {
  node: PromNode;
  db: Db;
  stop(): Promise<void>;
}

/** What the rollup contract says about the network: checked against the config before anything is written. */
interface RollupFacts {
  genesisRoot: string;
  chainId: number;
  forkId: number;
  globalExitRoot: string;
  trustedSequencerUrl: string;
}

async function readRollup(l1Url: string, rollupAddress: string): Promise<RollupFacts> {
  const provider = l1Provider(l1Url);
  try {
    if ((await provider.getCode(rollupAddress)) === "0x") {
      throw new NodeConfigError(`no contract at --rollup-address ${rollupAddress} on the L1 at ${l1Url}`);
    }
    const rollup = new Contract(rollupAddress, promZkEvmAbi, provider);
    const [genesisRoot, chainId, forkId, globalExitRoot, trustedSequencerUrl] = await Promise.all([
      rollup.getFunction("batchNumToStateRoot")(0) as Promise<string>,
      rollup.getFunction("chainID")() as Promise<bigint>,
      rollup.getFunction("forkID")() as Promise<bigint>,
      rollup.getFunction("globalExitRootManager")() as Promise<string>,
      rollup.getFunction("trustedSequencerURL")() as Promise<string>,
    ]);
    return { genesisRoot, chainId: Number(chainId), forkId: Number(forkId), globalExitRoot, trustedSequencerUrl };
  } catch (err) {
    if (err instanceof NodeConfigError) throw err;
    throw new NodeConfigError(`cannot read the rollup contract ${rollupAddress} on the L1 at ${l1Url}: ${(err as Error).message}`);
  } finally {
    provider.destroy();
  }
}

/** A read-only instance writes nothing: the writing instance must have stored the genesis already. */
async function checkStoredGenesis(db: Db, l1Root: string): Promise<void> {
  const genesis = await new StateRepository(db).getBatch(0);
  if (!genesis) throw new GenesisError("the database holds no genesis yet: start the instance that syncs it (without --read-only) first");
  if (genesis.stateRoot !== l1Root.toLowerCase()) {
    throw new GenesisError(`this database holds a genesis of root ${genesis.stateRoot}, not the rollup's ${l1Root}: it belongs to another network`);
  }
}

export async function startRunNode(config: PromConfig, log: Logger): Promise<RunningNode> {
  const role = config.role as NodeInput["role"];
  if (!config.l1.url) throw new NodeConfigError("--l1-url is required: the JSON-RPC URL of the L1 node");
  if (!config.l1.rollupAddress) throw new NodeConfigError("--rollup-address is required: the PromZkEVM contract on L1");
  if (config.readOnly && role !== "rpc") throw new NodeConfigError("--read-only is for --role rpc only");
  if (config.readOnly && !config.dbUrl) {
    throw new NodeConfigError("--read-only serves a database another instance syncs: give that PostgreSQL database with --db-url");
  }
  const facts = await readRollup(config.l1.url, config.l1.rollupAddress);
  if (facts.chainId !== config.l2.chainId) {
    throw new NodeConfigError(`the rollup is L2 chain ${facts.chainId}, but this node is configured for ${config.l2.chainId} (--l2-chain-id)`);
  }
  if (facts.forkId !== config.l2.forkId) throw new NodeConfigError(`the rollup runs fork ${facts.forkId}; this node supports fork ${config.l2.forkId}`);

  const db = await openDb({ dataDir: config.dataDir, dbUrl: config.dbUrl });
  try {
    if (config.readOnly) {
      await checkStoredGenesis(db, facts.genesisRoot);
    } else {
      if (!config.genesis && !(await new StateRepository(db).getBatch(0))) {
        throw new NodeConfigError("--genesis is required on the first start: the L2 genesis file (a devnet writes <data-dir>/genesis.json)");
      }
      if (config.genesis) {
        const file = readGenesisFile(config.genesis);
        if (file.l2ChainId !== config.l2.chainId) throw new GenesisError(`${config.genesis} is the genesis of L2 chain ${file.l2ChainId}, not ${config.l2.chainId}`);
        await ensureGenesis(db, file, facts.genesisRoot);
      } else {
        await checkStoredGenesis(db, facts.genesisRoot);
      }
    }
    const trustedRpcUrl = config.trustedSync.url || facts.trustedSequencerUrl;
    if (role === "rpc" && !config.readOnly && !trustedRpcUrl) {
      throw new NodeConfigError("--trusted-rpc is required: the rollup contract stores no trusted sequencer URL");
    }
    const node = await startNode({
      role,
      config,
      log,
      db,
      l1Url: config.l1.url,
      l1: { rollup: config.l1.rollupAddress, globalExitRoot: facts.globalExitRoot, deployBlock: config.l1.deployBlock },
      readOnly: config.readOnly,
      ...(trustedRpcUrl ? { trustedRpcUrl } : {}),
      ...(config.l1.sequencerKey ? { sequencerKey: config.l1.sequencerKey } : {}),
    });
    return {
      node,
      db,
      async stop() {
        await node.stop();
        await db.close();
      },
    };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

/** Runs the node until SIGINT/SIGTERM, printing where it serves. */
export async function runNode(config: PromConfig, log: Logger): Promise<number> {
  const running = await startRunNode(config, log);
  const { node } = running;
  const lines = [
    "",
    `Prom node (${node.role}${config.readOnly ? ", read-only" : ""}) is running: ${node.services.join(", ")}.`,
    ...(node.rpcUrl ? [`  L2 JSON-RPC      ${node.rpcUrl}   (WebSocket ${node.wsUrl})`] : []),
    `  L1               ${config.l1.url}   PromZkEVM ${config.l1.rollupAddress}`,
    "",
  ];
  process.stdout.write(lines.join("\n"));
  await stopSignal();
  log.info("stopping node");
  await running.stop();
  return 0;
}
