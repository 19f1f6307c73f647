/** The one configuration schema of the node: every section, in the order the help and the docs list them. */
import { defineSection, type SectionValues } from "./option.js";

export const nodeSection = defineSection("", "Node", {
  dataDir: { type: "string", default: "~/.prom/devnet", doc: "Directory that holds everything the node writes (database, L1 state, logs)." },
  dbUrl: {
    type: "string",
    default: "",
    doc: "PostgreSQL connection URL (postgres://user@host:5432/db). Empty: embedded PGlite in <data-dir>/db.",
  },
  config: { type: "string", default: "", doc: "TOML config file. Values there are overridden by PROM_* variables and flags." },
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
  maxBatchBytes: { type: "number", default: 120_000, min: 1024, max: 120_000, doc: "Close a batch before its batchL2Data passes this size." },
  maxBatchTxs: { type: "number", default: 300, min: 1, doc: "Close a batch at this many transactions." },
  maxBatchGas: { type: "number", default: 30_000_000, min: 21_000, doc: "Close a batch at this much gas used." },
  coinbase: { type: "string", default: "", doc: "L2 coinbase receiving fees. Empty: the sequencer's address." },
});

export const sequenceSenderSection = defineSection("sequenceSender", "Sequence sender", {
  intervalMs: { type: "number", default: 2000, min: 100, doc: "How often closed batches are checked and sent to L1." },
  maxBatchesPerSequence: { type: "number", default: 100, min: 1, max: 1000, doc: "Most batches in one sequenceBatches call." },
  maxSequenceBytes: { type: "number", default: 120_000, min: 1024, doc: "Most batchL2Data bytes in one sequenceBatches call." },
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
] as const;

type Sections = (typeof sections)[number];
type TopLevel = SectionValues<typeof nodeSection.options>;
export type PromConfig = TopLevel & {
  [S in Exclude<Sections, typeof nodeSection> as S["name"]]: SectionValues<S["options"]>;
};
