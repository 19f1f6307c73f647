/**
 * The composition root (DESIGN.md): wires, for the chosen role, exactly the services that role runs, starts them in
 * dependency order and stops them in reverse.
 *
 * | role       | services, in start order                                                                  |
 * |------------|-------------------------------------------------------------------------------------------|
 * | rpc        | L1 synchronizer, trusted-state sync, JSON-RPC (read-only: JSON-RPC alone, on a DB another instance syncs) |
 * | sequencer  | L1 tx manager, JSON-RPC with the pool, sequencer, sequence sender, L1 synchronizer          |
 * | aggregator | L1 synchronizer, aggregator (`NodeInput.aggregator`)                                      |
 * | all        | the sequencer's, then the aggregator                                                      |
 */
import { createAggregator } from "../aggregator/index.js";
import type { PromConfig } from "../config/schema.js";
import type { Db } from "../db/db.js";
import { Etherman } from "../etherman/index.js";
import { JsonRpcServer, type RpcBackend } from "../jsonrpc/index.js";
import type { Logger } from "../log/logger.js";
import { useWasmKeccak } from "../executor/index.js";
import { useWasmPoseidon } from "../merkletree/index.js";
import type { TxPool } from "../pool/txPool.js";
import type { Sequencer } from "../sequencer/sequencer.js";
import type { SequenceSender } from "../sequencesender/sequenceSender.js";
import { StateRepository } from "../state/stateRepository.js";
import { Synchronizer } from "../synchronizer/synchronizer.js";
import { TrustedRpc } from "../synchronizer/trustedRpc.js";
import { TrustedSync } from "../synchronizer/trustedSync.js";
import { buildWorldState, sequencerParts, type L1Deployment, type WorldState } from "./sequencerNode.js";
import { ServiceStack, WriteLock, type Service } from "./service.js";
import { l1Provider } from "../l1/provider.js";

export const NODE_ROLES = ["rpc", "sequencer", "aggregator", "all"] as const;
export type NodeRole = (typeof NODE_ROLES)[number];

/** The parts of a running node a role-specific service is built on. */
export interface NodeParts {
  config: PromConfig;
  log: Logger;
  db: Db;
  state: StateRepository;
  world: WorldState;
  l1Url: string;
  l1: L1Deployment;
}

export interface NodeInput {
  role: NodeRole;
  config: PromConfig;
  log: Logger;
  db: Db;
  l1Url: string;
  l1: L1Deployment;
  /** sequencer, all: key of the trusted sequencer on L1 (signs sequenceBatches). */
  sequencerKey?: string;
  /** rpc: JSON-RPC URL of the trusted sequencer the trusted state is pulled from. */
  trustedRpcUrl?: string;
  /** rpc: only serve JSON-RPC; another instance keeps the database in sync. */
  readOnly?: boolean;
  /** aggregator, all: builds the aggregator service (default: `createAggregator`, the trusted aggregator's key from config.aggregator.key). */
  aggregator?: (parts: NodeParts) => Service;
}

export interface PromNode {
  role: NodeRole;
  /** Null for a role without JSON-RPC (aggregator). */
  rpcUrl: string | null;
  wsUrl: string | null;
  state: StateRepository;
  /** Names of the running services, in start order. */
  services: string[];
  /** Absent on a read-only RPC instance. */
  synchronizer?: Synchronizer;
  trustedSync?: TrustedSync;
  sequencer?: Sequencer;
  sequenceSender?: SequenceSender;
  pool?: TxPool;
  stop(): Promise<void>;
}

export class NodeConfigError extends Error {
  readonly code = "NODE_CONFIG";
  constructor(message: string) {
    super(message);
    this.name = "NodeConfigError";
  }
}

/** The JSON-RPC server of a node, configured from the `rpc` settings. */
export function jsonRpcServer(config: PromConfig, backend: RpcBackend, log: Logger): JsonRpcServer {
  return new JsonRpcServer(
    backend,
    { host: config.rpc.host, port: config.rpc.port, maxBodyBytes: config.rpc.maxRequestBytes, batchRequestsLimit: config.rpc.batchLimit },
    log.child("jsonrpc"),
  );
}

/** A started JSON-RPC server as a service, and the URLs it listens on once started. */
function jsonRpcService(rpc: JsonRpcServer): { service: Service; urls: { url: string; wsUrl: string } } {
  const urls = { url: "", wsUrl: "" };
  return {
    urls,
    service: {
      name: "jsonrpc",
      start: async () => {
        Object.assign(urls, await rpc.start());
      },
      stop: () => rpc.stop(),
    },
  };
}

export async function startNode(input: NodeInput): Promise<PromNode> {
  const { role, config, log, db } = input;
  const sequencing = role === "sequencer" || role === "all";
  if (sequencing && !input.sequencerKey) throw new NodeConfigError(`the ${role} role needs the trusted sequencer's L1 key (--sequencer-key)`);
  if (input.readOnly && role !== "rpc") throw new NodeConfigError("only the rpc role can be read-only");
  if (role === "rpc" && !input.readOnly && !input.trustedRpcUrl) {
    throw new NodeConfigError("the rpc role needs the trusted sequencer's JSON-RPC URL (--trusted-rpc)");
  }

  const hash = await useWasmPoseidon();
  if (hash.fallbackReason) log.warn("state tree hashes with the slower TypeScript Poseidon", { reason: hash.fallbackReason });
  const keccak = await useWasmKeccak();
  if (keccak.fallbackReason) log.warn("Keccak-256 runs on the slower JavaScript implementation", { reason: keccak.fallbackReason });
  const world = buildWorldState(db, BigInt(config.l2.chainId), config.l2.forkId);
  const state = new StateRepository(db, { maxLogsBlockRange: config.rpc.maxLogsBlockRange });
  const provider = l1Provider(input.l1Url, 500);
  let server: JsonRpcServer | undefined;
  const onL2Block = (n: number) => void server?.notifyNewBlock(n);

  // The L1 synchronizer and the trusted-state sync both write batches and blocks: one at a time.
  const writeLock = new WriteLock();
  const seq = sequencing ? sequencerParts({ config, log, db, state, world, provider, l1: input.l1, sequencerKey: input.sequencerKey!, onL2Block }) : undefined;
  const synchronizer = input.readOnly
    ? undefined
    : new Synchronizer({
        state,
        world,
        etherman: new Etherman(provider, input.l1),
        deployBlock: input.l1.deployBlock ?? 0,
        options: config.sync,
        log: log.child("synchronizer"),
        // The aggregator role executes every batch from L1; the others hold trusted batches and compare them.
        hasTrustedState: role !== "aggregator",
        // The trusted sequencer's own node stops on a difference (its sequencer is still writing those batches);
        // an RPC node discards its trusted batches for L1's (a trusted-state reorg).
        haltOnTrustedMismatch: sequencing,
        writeLock,
      });
  // A batch forced on L1 is sequenced by the trusted sequencer before more pool txs.
  if (seq && synchronizer) synchronizer.onForcedBatch(() => seq.sequencer.notifyForcedBatch());
  const trustedSync =
    role === "rpc" && !input.readOnly
      ? new TrustedSync({
          state,
          executor: world.executor,
          flushState: world.flush,
          trustedRpc: new TrustedRpc(input.trustedRpcUrl!),
          log: log.child("trusted-sync"),
          options: config.trustedSync,
          onL2Block,
          writeLock,
        })
      : undefined;
  if (role !== "aggregator") {
    server = jsonRpcServer(config, { repo: state, state: world.reader, chainId: BigInt(config.l2.chainId), ...(seq ? { pool: seq.pool } : {}) }, log);
  }
  const rpc = server ? jsonRpcService(server) : undefined;
  const makeAggregator = input.aggregator ?? createAggregator;
  const aggregator = role === "aggregator" || role === "all" ? makeAggregator({ config, log, db, state, world, l1Url: input.l1Url, l1: input.l1 }) : undefined;

  const services: Service[] = seq
    ? [
        { name: "l1-tx-manager", start: () => seq.txManager.start(), stop: () => seq.txManager.stop() },
        rpc!.service,
        seq.sequencer,
        seq.sequenceSender,
        synchronizer!,
      ]
    : [synchronizer, trustedSync, rpc?.service].filter((s): s is Service => s !== undefined);
  if (aggregator) services.push(aggregator);

  const stack = new ServiceStack();
  try {
    await stack.start(services);
  } catch (err) {
    provider.destroy();
    throw err;
  }
  log.info("node started", { role, services: services.map((s) => s.name), readOnly: input.readOnly ?? false });
  return {
    role,
    rpcUrl: rpc ? rpc.urls.url : null,
    wsUrl: rpc ? rpc.urls.wsUrl : null,
    state,
    services: services.map((s) => s.name),
    ...(synchronizer ? { synchronizer } : {}),
    ...(trustedSync ? { trustedSync } : {}),
    ...(seq ? { sequencer: seq.sequencer, sequenceSender: seq.sequenceSender, pool: seq.pool } : {}),
    async stop() {
      const errors = await stack.stop();
      provider.destroy();
      for (const e of errors) log.error(e.message);
    },
  };
}

/** A node of the sequencer role: its JSON-RPC URLs and sequencer services are always there. */
export type SequencerNode = PromNode &
  Required<Pick<PromNode, "sequencer" | "sequenceSender" | "pool" | "synchronizer">> & { rpcUrl: string; wsUrl: string };

/** `startNode` for the sequencer role, or role all (the devnet's), typed with the parts that role always has. */
export async function startSequencerNode(input: Omit<NodeInput, "role" | "readOnly" | "trustedRpcUrl">, withAggregator = false): Promise<SequencerNode> {
  const node = await startNode({ ...input, role: withAggregator ? "all" : "sequencer" });
  const { rpcUrl, wsUrl, sequencer, sequenceSender, pool, synchronizer } = node;
  if (rpcUrl === null || wsUrl === null || !sequencer || !sequenceSender || !pool || !synchronizer) {
    await node.stop();
    throw new Error("the sequencer role started without its JSON-RPC or sequencer services");
  }
  return { ...node, rpcUrl, wsUrl, sequencer, sequenceSender, pool, synchronizer };
}
