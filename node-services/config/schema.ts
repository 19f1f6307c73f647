/** The one configuration schema of the node: every section, in the order the help and the docs list them. */
import { aggregatorSection } from "../aggregator/options.js";
import { defineSection, type SectionValues } from "./option.js";

export const nodeSection = defineSection("", "Node", {
  dataDir: { type: "string", default: "~/.prom/devnet", doc: "Directory that holds everything the node writes (database, L1 state, logs)." },
  dbUrl: {
    type: "string",
    default: "",
    doc: "PostgreSQL connection URL (postgres://user@host:5432/db). Empty: embedded PGlite in <data-dir>/db.",
  },
  config: { type: "string", default: "", doc: "TOML config file. Values there are overridden by PROM_* variables and flags." },
  role: {
    type: "string",
    default: "rpc",
    choices: ["rpc", "sequencer", "aggregator", "all"],
    doc: "run: the services this node runs. rpc: JSON-RPC + L1 sync + trusted-state sync; sequencer: + pool, sequencer, sequence sender; aggregator: L1 sync + aggregator; all: every one.",
  },
  genesis: {
    type: "string",
    default: "",
    doc: "run: L2 genesis file (JSON; a devnet writes <data-dir>/genesis.json). Its root must equal the rollup contract's batch-0 state root.",
  },
  readOnly: {
    type: "boolean",
    default: false,
    doc: "run --role rpc: serve JSON-RPC from a database another instance keeps in sync (no sync, no writes; needs --db-url).",
  },
});

export const l2Section = defineSection("l2", "L2 chain", {
  chainId: { type: "number", default: 1001, min: 1, max: 2 ** 53 - 1, doc: "Chain id of the Prom L2." },
  forkId: { type: "number", default: 8, min: 8, max: 8, doc: "Fork id (8: Etrog encoding with Elderberry sequencing)." },
});

export const l1Section = defineSection("l1", "L1 (Ethereum)", {
  port: { type: "number", default: 8546, min: 1, max: 65535, doc: "devnet: loopback port of the anvil L1." },
  chainId: { type: "number", default: 31337, min: 1, max: 2 ** 53 - 1, doc: "devnet: chain id of the anvil L1." },
  blockTime: { type: "number", default: 1, min: 0, max: 60, doc: "devnet: anvil block time in seconds (0 mines on every tx)." },
  confirmations: { type: "number", default: 1, min: 1, max: 64, doc: "Confirmations before an L1 tx of ours counts as final." },
  url: { type: "string", default: "", doc: "run: JSON-RPC URL of the L1 node." },
  rollupAddress: { type: "string", default: "", flag: "rollup-address", doc: "run: address of the PromZkEVM contract on L1." },
  deployBlock: { type: "number", default: 0, min: 0, flag: "deploy-block", doc: "run: L1 block the rollup was deployed in, where L1 sync starts." },
  sequencerKey: { type: "string", default: "", flag: "sequencer-key", doc: "run --role sequencer|all: private key of the trusted sequencer on L1 (signs sequenceBatches)." },
});

export const trustedSyncSection = defineSection("trustedSync", "Trusted-state sync (nodes that are not the trusted sequencer)", {
  url: {
    type: "string",
    default: "",
    flag: "trusted-rpc",
    doc: "JSON-RPC URL of the trusted sequencer the trusted state is pulled from. Empty: the URL the rollup contract stores.",
  },
  intervalMs: { type: "number", default: 1000, min: 50, doc: "How often the trusted sequencer is asked for new batches and blocks." },
});

export const rpcSection = defineSection("rpc", "JSON-RPC", {
  host: { type: "string", default: "127.0.0.1", doc: "Address the JSON-RPC server listens on (HTTP and WebSocket)." },
  port: { type: "number", default: 8545, min: 0, max: 65535, doc: "Port of the JSON-RPC server (HTTP and WebSocket)." },
  maxRequestBytes: { type: "number", default: 1_048_576, min: 1024, doc: "Largest accepted request body in bytes." },
  batchLimit: { type: "number", default: 100, min: 1, doc: "Most requests in one JSON-RPC batch." },
  maxLogsBlockRange: { type: "number", default: 10_000, min: 1, doc: "Widest block range of one eth_getLogs." },
});

export const logSection = defineSection("log", "Logging", {
  level: { type: "string", default: "info", choices: ["debug", "info", "warn", "error"], doc: "Least severe level written." },
  format: { type: "string", default: "auto", choices: ["auto", "json", "pretty"], doc: "JSON lines, pretty text, or pretty on a terminal." },
});

export const poolSection = defineSection("pool", "Transaction pool", {
  minGasPrice: { type: "string", default: "1000000000", doc: "Lowest accepted gas price in wei." },
  maxTxBytes: { type: "number", default: 100_132, min: 1, doc: "Largest accepted raw transaction in bytes." },
  maxTxDataBytes: { type: "number", default: 100_000, min: 0, doc: "Largest accepted transaction data in bytes." },
  accountQueue: { type: "number", default: 64, min: 1, doc: "How far ahead of the account nonce a transaction may be." },
  priceBumpPercent: { type: "number", default: 10, min: 0, max: 1000, doc: "Gas price increase a replacement needs, in percent." },
});

export const sequencerSection = defineSection("sequencer", "Sequencer", {
  blockTimeMs: { type: "number", default: 3000, min: 10, doc: "Close an L2 block this many milliseconds after it opened, even when empty." },
  batchTimeMs: { type: "number", default: 10_000, min: 10, doc: "Close a batch this many milliseconds after its first L2 block." },
  closeEmptyBatches: {
    type: "boolean",
    default: true,
    doc: "Close a batch on time even when its L2 blocks hold no transaction, as zkevm-node does. Off: such a batch closes only when a transaction joins it and its time is up, or when its blocks fill it. A devnet that proves its batches turns it off, so an idle devnet does not prove an empty batch every batch time.",
  },
  maxBatchBytes: {
    type: "number",
    default: 120_000,
    // Low minimum: the devnet's batch circuit proves batches of 135 bytes (one changeL2Block and one transfer).
    min: 64,
    max: 120_000,
    doc: "Close a batch before its batchL2Data passes this size (at most the batch circuit's 136 × aggregator.maxBlocksPerBatch − 1 bytes when this node's batches are proved).",
  },
  maxBatchTxs: { type: "number", default: 300, min: 1, doc: "Close a batch at this many transactions." },
  maxBatchGas: { type: "number", default: 30_000_000, min: 21_000, doc: "Close a batch at this much gas used." },
  coinbase: { type: "string", default: "", doc: "L2 coinbase receiving fees. Empty: the sequencer's address." },
});

export const sequenceSenderSection = defineSection("sequenceSender", "Sequence sender", {
  intervalMs: { type: "number", default: 2000, min: 100, doc: "How often closed batches are checked and sent to L1." },
  maxBatchesPerSequence: { type: "number", default: 100, min: 1, max: 1000, doc: "Most batches in one sequenceBatches call." },
  maxSequenceBytes: { type: "number", default: 120_000, min: 1024, doc: "Most batchL2Data bytes in one sequenceBatches call." },
});

export const uiSection = defineSection("ui", "Web UI and admin API", {
  enabled: { type: "boolean", default: true, doc: "Serve the web UI and the prom_ admin JSON-RPC (HTTP and WebSocket)." },
  host: {
    type: "string",
    default: "127.0.0.1",
    choices: ["127.0.0.1", "::1", "localhost"],
    doc: "Loopback address of the UI and admin API; only loopback is allowed, since the admin API changes settings and cancels jobs.",
  },
  port: { type: "number", default: 8550, min: 0, max: 65535, doc: "Port of the web UI and the admin API (0: any free port)." },
});

export const syncSection = defineSection("sync", "L1 synchronizer", {
  l1BlockRange: { type: "number", default: 1000, min: 1, max: 100_000, doc: "L1 blocks read per eth_getLogs range while catching up." },
  intervalMs: { type: "number", default: 1000, min: 50, doc: "Pause between L1 sync rounds once the node has caught up with L1." },
  reorgSearchDepth: {
    type: "number",
    default: 1000,
    min: 1,
    doc: "Stored L1 blocks an L1 reorg search walks back for a common ancestor before resyncing from the deployment block.",
  },
});

export const sections = [
  nodeSection,
  l2Section,
  l1Section,
  rpcSection,
  logSection,
  poolSection,
  sequencerSection,
  sequenceSenderSection,
  syncSection,
  trustedSyncSection,
  aggregatorSection,
  uiSection,
] as const;

type Sections = (typeof sections)[number];
type TopLevel = SectionValues<typeof nodeSection.options>;
export type PromConfig = TopLevel & {
  [S in Exclude<Sections, typeof nodeSection> as S["name"]]: SectionValues<S["options"]>;
};
