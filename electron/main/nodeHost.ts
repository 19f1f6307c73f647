/**
 * The node inside the app's main process: the devnet (everything on this machine, the default) or a node of one role
 * joining a network (`run`), both through node-services' own entry points, plus the NodeApi the window talks to.
 * Where the node runs an aggregator, the app proves for it from its own utility process: the aggregator starts no
 * prover process of its own (`aggregator.localProvers` = 0) and the app gets its endpoint and a fresh token.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import type { NodeRole as ApiRole } from "../../node-services/api/nodeApi.js";
import { createNodeApi, type NodeApiService } from "../../node-services/api/server/createNodeApi.js";
import type { SettingSource } from "../../node-services/api/nodeApi.js";
import type { PromConfig } from "../../node-services/config/schema.js";
import { startDevnet, type DevnetOptions } from "../../node-services/devnet/devnet.js";
import type { Logger } from "../../node-services/log/logger.js";
import { startRunNode } from "../../node-services/node/runNode.js";

export type AppMode = "devnet" | "run";

export interface AppNodeInput {
  mode: AppMode;
  config: PromConfig;
  sources: Record<string, SettingSource>;
  configFile: string;
  version: string;
  log: Logger;
  /** devnet: its other options (the app sets how the config was loaded and the version). */
  devnet?: Omit<DevnetOptions, "configSources" | "configFile" | "version">;
}

/** Where the app's prover dials in. */
export interface ProverEndpoint {
  url: string;
  token: string;
}

export interface AppNode {
  api: NodeApiService;
  /** What the tray shows, e.g. "devnet" or "rpc node". */
  label: string;
  /** Set when the node runs an aggregator. */
  proverEndpoint: ProverEndpoint | null;
  /** Stops every service of the node (the anvil L1 of a devnet included). */
  stop(): Promise<void>;
}

/** The NodeApi's roles of a `--role` (the config schema allows only these four). */
const apiRoles: Record<string, ApiRole[] | undefined> = {
  rpc: ["rpc"],
  sequencer: ["rpc", "sequencer"],
  aggregator: ["aggregator"],
  all: ["rpc", "sequencer", "aggregator"],
};

/** A loopback port free now, for an endpoint configured with port 0 whose URL the app must know before it starts. */
async function freePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, host, resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The config the node starts with: the aggregator's endpoint on a known port with a token only this app knows, and no
 * prover processes of its own (the app's utility process proves instead).
 */
export async function withAppProver(config: PromConfig): Promise<{ config: PromConfig; endpoint: ProverEndpoint }> {
  const host = config.aggregator.host === "0.0.0.0" || config.aggregator.host === "::" ? "127.0.0.1" : config.aggregator.host;
  const port = config.aggregator.port === 0 ? await freePort(host) : config.aggregator.port;
  const token = config.aggregator.token || randomBytes(24).toString("hex");
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    config: { ...config, aggregator: { ...config.aggregator, port, token, localProvers: 0 } },
    endpoint: { url: `ws://${urlHost}:${port}`, token },
  };
}

export async function startAppNode(input: AppNodeInput): Promise<AppNode> {
  const { mode, log } = input;
  const { config, endpoint } = await withAppProver(input.config);
  if (mode === "devnet") {
    const devnet = await startDevnet(config, log, { ...input.devnet, configSources: input.sources, configFile: input.configFile, version: input.version });
    const runsAggregator = devnet.node.services.some((s) => s.startsWith("aggregator"));
    return { api: devnet.api, label: "devnet", proverEndpoint: runsAggregator ? endpoint : null, stop: () => devnet.stop() };
  }
  const roles = apiRoles[config.role];
  if (!roles) throw new Error(`unknown role ${JSON.stringify(config.role)}`);
  const running = await startRunNode(config, log);
  const { node } = running;
  const api = createNodeApi({
    version: input.version,
    roles,
    log,
    config,
    configSources: input.sources,
    configFile: input.configFile,
    db: running.db,
    state: node.state,
    ...(node.rpcUrl && node.wsUrl ? { rpc: { httpUrl: node.rpcUrl, wsUrl: node.wsUrl } } : {}),
  });
  return {
    api,
    label: `${config.role} node`,
    proverEndpoint: roles.includes("aggregator") ? endpoint : null,
    async stop() {
      await api.close();
      await running.stop();
    },
  };
}
