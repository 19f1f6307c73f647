/**
 * The one contract between the node and its UI. Plain async methods taking at most one JSON object, plus `subscribe`
 * for live events, so any transport carries it: the `prom_` admin JSON-RPC over WebSocket/HTTP (browser), Electron
 * IPC (desktop), or a direct call (tests). Every value is JSON: numbers, strings, null; wei and other 256-bit
 * quantities as decimal strings; hashes and addresses as 0x hex.
 *
 * Types only (plus the method list): this folder is the one part of node-services the renderer may import.
 */
import type { ProofJobQuery, ProofJobView, ProofLevel } from "./proofJobs.js";

export type Hex = `0x${string}`;

/** The roles of DESIGN.md; a node runs one or more (the devnet runs all). */
export type NodeRole = "rpc" | "sequencer" | "aggregator";

// ------------------------------------------------------------------ overview

/** One source of truth for "is the node healthy": the same values `/health` answers (200 ok, 206 syncing, 503 down). */
export interface Health {
  status: "ok" | "syncing" | "down";
  /** Why the status is not "ok", one reason per line; empty when ok. */
  reasons: string[];
}

export interface SyncState {
  /** "unknown" when this node runs no synchronizer (the state comes only from its own sequencer). */
  state: "synced" | "syncing" | "unknown";
  /** Last L1 block whose events the node has processed, or null when unknown. */
  lastL1Block: number | null;
  /** What the state means, in a sentence the UI shows in a tooltip. */
  detail: string;
}

export interface DevAccountView {
  address: Hex;
  /** Public development key (anvil's mnemonic); shown so a user can import it in a wallet. Null outside a devnet. */
  privateKey: Hex | null;
  /** L2 balance in wei (decimal string), or null when it could not be read. */
  l2Balance: string | null;
  /** Role the devnet gives this account on L1 (sequencer, aggregator), if any. */
  role: string | null;
}

/** How many batches are at each step of the pipeline, and the last batch number of each. */
export interface PipelineCounts {
  trusted: number;
  virtual: number;
  verified: number;
  lastTrusted: number | null;
  lastVirtual: number | null;
  lastVerified: number | null;
}

export interface Overview {
  version: string;
  roles: NodeRole[];
  /** Milliseconds since the epoch when this node started. */
  startedAt: number;
  l1: { chainId: number | null; height: number | null; url: string | null; rollupAddress: Hex | null };
  l2: { chainId: number; height: number | null; pipeline: PipelineCounts };
  sync: SyncState;
  health: Health;
  devAccounts: DevAccountView[];
}

// ------------------------------------------------------------------ batches

/** Where a batch is in the pipeline: trusted (closed or open on the sequencer), virtual (sequenced on L1), verified (proof accepted on L1). */
export type BatchStage = "trusted" | "virtual" | "verified";

/** What a proof of a verified batch attests, in words the UI shows verbatim (DESIGN.md "What a proof attests"). */
export interface ProofAttestation {
  level: ProofLevel;
  attests: string;
  doesNotAttest: string;
  /** L1 tx of verifyBatchesTrustedAggregator. */
  l1TxHash: Hex | null;
  /** The aggregator that sent the proof; "this node" when it is ours. */
  aggregator: Hex | null;
  /** True when our own aggregator produced the proof (then level is P1); false when another aggregator verified it on L1. */
  ours: boolean;
}

export interface BatchSummary {
  number: number;
  stage: BatchStage;
  /** A trusted batch still open on the sequencer (more L2 blocks may join it). */
  open: boolean;
  /** Unix seconds. */
  timestamp: number;
  blockCount: number;
  txCount: number;
  stateRoot: Hex | null;
  /** L1 tx of sequenceBatches, once virtual. */
  sequenceTxHash: Hex | null;
  /** L1 tx of verifyBatchesTrustedAggregator, once verified. */
  verifyTxHash: Hex | null;
  /** Proof level reached by the batch's proof; null until a proof of ours verifies it. */
  proofLevel: ProofLevel | null;
}

export interface BatchQuery {
  /** Only batches at this stage. */
  stage?: BatchStage;
  /** Only batches numbered from..to (inclusive). */
  from?: number;
  to?: number;
  /** Newest first. */
  limit: number;
  offset: number;
}

export interface Page<T> {
  items: T[];
  /** Items matching the query, over all pages. */
  total: number;
}

export interface TxView {
  hash: Hex;
  l2Hash: Hex;
  blockNumber: number;
  index: number;
  from: Hex;
  to: Hex | null;
  nonce: number;
  /** Wei, decimal. */
  value: string;
  gasPrice: string;
  gasLimit: number;
  /** Receipt status: 1 success, 0 reverted, null when no receipt exists. */
  status: number | null;
  gasUsed: number | null;
}

export interface BlockView {
  number: number;
  hash: Hex;
  parentHash: Hex;
  stateRoot: Hex;
  timestamp: number;
  gasUsed: number;
  txCount: number;
  globalExitRoot: Hex;
  l1InfoTreeIndex: number;
}

export interface BatchDetail extends BatchSummary {
  coinbase: Hex;
  localExitRoot: Hex | null;
  /** Known once the batch is sequenced. */
  accInputHash: Hex | null;
  l1InfoRoot: Hex | null;
  globalExitRoot: Hex;
  closingReason: string | null;
  forcedBatchNum: number | null;
  /** Size of the batchL2Data sent to L1, in bytes. */
  batchL2DataBytes: number | null;
  blocks: BlockView[];
  txs: TxView[];
  /** What the proof attests, once the batch is verified; null before. */
  proof: ProofAttestation | null;
}

// ------------------------------------------------------------------ proofs and prover

/** Proof jobs exist only where an aggregator runs; elsewhere the UI says so instead of showing an empty list. */
export type ProofJobsPage = { available: false; reason: string } | { available: true; jobs: ProofJobView[]; total: number };

export type ProverBackendName = "wasm" | "webgpu";

export interface ProverBackendInfo {
  name: ProverBackendName;
  available: boolean;
  /** The adapter (WebGPU) or the worker pool (WASM) behind it, or why it is unavailable. */
  detail: string;
  /** WASM worker threads. */
  threads: number | null;
}

export interface ProverInfo {
  /** The GPU adapter the WebGPU backend would use, or null without one. */
  adapter: string | null;
  backends: ProverBackendInfo[];
  /** Logical CPUs of this machine. */
  cpus: number;
}

export interface BenchmarkRequest {
  backend: ProverBackendName;
  /** MSM sizes as powers of two, ascending (each 8..18). */
  log2Sizes: number[];
}

export interface BenchmarkPoint {
  log2Size: number;
  ms: number;
  /** Points per second. */
  pointsPerSec: number;
}

export interface BenchmarkResult {
  backend: ProverBackendName;
  kernel: "msm-g1";
  points: BenchmarkPoint[];
}

// ------------------------------------------------------------------ logs

export type LogLevelName = "debug" | "info" | "warn" | "error";

export interface LogEntry {
  /** Increasing per node run; the UI uses it as a key and to drop duplicates. */
  seq: number;
  time: string;
  level: LogLevelName;
  component: string;
  msg: string;
  /** The record's other fields. */
  fields: Record<string, unknown>;
}

export interface LogQuery {
  /** Least severe level returned. */
  minLevel?: LogLevelName;
  component?: string;
  /** Most recent entries, up to this many. */
  limit: number;
}

export interface LogsPage {
  entries: LogEntry[];
  /** Every component that has logged so far, for the filter. */
  components: string[];
}

// ------------------------------------------------------------------ settings

export type SettingValue = string | number | boolean;

/** Where a running value came from (later wins): defaults, the TOML file, PROM_* environment, CLI flags. */
export type SettingSource = "default" | "file" | "env" | "flag";

export interface SettingView {
  /** TOML path, e.g. "sequencer.blockTimeMs" (top-level settings have no section). */
  path: string;
  key: string;
  type: "string" | "number" | "boolean";
  doc: string;
  default: SettingValue;
  /** Value the node runs with now. */
  value: SettingValue;
  source: SettingSource;
  /** Value saved in the config file (applies at the next start), or null when the file does not set it. */
  saved: SettingValue | null;
  min: number | null;
  max: number | null;
  choices: string[] | null;
  flag: string;
  env: string;
  /** False for settings that choose the file itself (data dir, config path). */
  editable: boolean;
}

export interface SettingSectionView {
  /** TOML table; "" for top-level settings. */
  name: string;
  doc: string;
  settings: SettingView[];
}

export interface SettingsView {
  /** The TOML file changes are written to. */
  file: string;
  sections: SettingSectionView[];
}

export interface SettingsUpdate {
  /** TOML path → new value. A value equal to the default still gets written, so it survives a default change. */
  changes: Record<string, SettingValue>;
}

export type SettingsUpdateResult =
  | { ok: true; settings: SettingsView; restartRequired: boolean }
  /** Nothing was written: every rejected setting with the loader's message. */
  | { ok: false; errors: { path: string; message: string }[] };

// ------------------------------------------------------------------ RPC

export interface RpcInfo {
  httpUrl: string | null;
  wsUrl: string | null;
  chainId: number;
}

export interface RpcConsoleRequest {
  method: string;
  params: unknown[];
}

export interface RpcConsoleResult {
  /** The JSON-RPC response object as the server sent it. */
  response: unknown;
  ms: number;
}

// ------------------------------------------------------------------ live events

export type NodeEvent =
  | { topic: "blocks"; number: number }
  | { topic: "batches"; batch: BatchSummary }
  | { topic: "proofJobs"; job: ProofJobView }
  | { topic: "logs"; entry: LogEntry };

export type EventTopic = NodeEvent["topic"];
export const eventTopics: readonly EventTopic[] = ["blocks", "batches", "proofJobs", "logs"];

// ------------------------------------------------------------------ the API

export interface NodeApi {
  overview(): Promise<Overview>;
  batches(query: BatchQuery): Promise<Page<BatchSummary>>;
  /** Null when the node has no such batch. */
  batch(query: { number: number }): Promise<BatchDetail | null>;
  proofJobs(query: ProofJobQuery): Promise<ProofJobsPage>;
  cancelProofJob(query: { id: number }): Promise<void>;
  retryProofJob(query: { id: number }): Promise<void>;
  proverInfo(): Promise<ProverInfo>;
  runBenchmark(request: BenchmarkRequest): Promise<BenchmarkResult>;
  logs(query: LogQuery): Promise<LogsPage>;
  settings(): Promise<SettingsView>;
  updateSettings(update: SettingsUpdate): Promise<SettingsUpdateResult>;
  rpcInfo(): Promise<RpcInfo>;
  rpcRequest(request: RpcConsoleRequest): Promise<RpcConsoleResult>;
  /** Live events of the given topics until the returned function is called. */
  subscribe(topics: readonly EventTopic[], listener: (event: NodeEvent) => void): () => void;
}

/** Every request/response method (all but `subscribe`); a transport maps `prom_<name>` onto them. */
export type NodeApiMethod = Exclude<keyof NodeApi, "subscribe">;
export type NodeApiParams<M extends NodeApiMethod> = Parameters<NodeApi[M]> extends [infer P] ? P : undefined;
export type NodeApiResult<M extends NodeApiMethod> = Awaited<ReturnType<NodeApi[M]>>;

export const nodeApiMethods = [
  "overview",
  "batches",
  "batch",
  "proofJobs",
  "cancelProofJob",
  "retryProofJob",
  "proverInfo",
  "runBenchmark",
  "logs",
  "settings",
  "updateSettings",
  "rpcInfo",
  "rpcRequest",
] as const satisfies readonly NodeApiMethod[];

/** The admin JSON-RPC namespace: `prom_overview`, `prom_batches`, …, plus `prom_subscribe` / `prom_unsubscribe`. */
export const adminNamespace = "prom_";

/** Compile-time check that the list above names every method of NodeApi. */
type Unlisted = Exclude<NodeApiMethod, (typeof nodeApiMethods)[number]>;
export const _everyMethodListed: [Unlisted] extends [never] ? true : Unlisted = true;

/** Where Electron's preload exposes a NodeApi in the renderer (`contextBridge.exposeInMainWorld(nodeApiGlobal, …)`). */
export const nodeApiGlobal = "promNodeApi";

/** The prover's stages in order (job views name the current one), so the UI can draw one bar per stage. */
export { proofStages } from "../prover/stages.js";
