/**
 * The server side of the NodeApi over the node's parts. Every part a role may lack is optional, and a missing one
 * gives an honest answer (an "unavailable" page or an UNAVAILABLE error naming what is absent), never made-up data.
 * Every call's payload is validated here, so each transport (admin JSON-RPC, Electron IPC) gets the same checks.
 */
import { availableParallelism } from "node:os";
import type { PromConfig } from "../../config/schema.js";
import type { Db } from "../../db/db.js";
import type { Logger } from "../../log/logger.js";
import type { Hex as StateHex } from "../../state/hex.js";
import type { StateRepository } from "../../state/stateRepository.js";
import { ApiError } from "../apiError.js";
import {
  nodeApiMethods,
  type BatchDetail,
  type BatchSummary,
  type DevAccountView,
  type EventTopic,
  type Health,
  type Hex,
  type NodeApi,
  type NodeApiMethod,
  type NodeApiParams,
  type NodeEvent,
  type NodeRole,
  type Overview,
  type ProofAttestation,
  type ProverInfo,
  type BenchmarkRequest,
  type BenchmarkResult,
  type SettingSource,
  type SyncState,
} from "../nodeApi.js";
import type { ProofJobSource } from "../proofJobs.js";
import { validateRequest, validateTopics } from "../validate.js";
import { batchRow, listBatches, pipelineCounts, type BatchRowView } from "./batchQueries.js";
import { jsonRpcCall, jsonRpcResult } from "./jsonRpcCall.js";
import { LogBuffer } from "./logBuffer.js";
import { PipelineWatcher } from "./pipelineWatcher.js";
import { proofAttestation } from "./proofAttestation.js";
import { SettingsStore } from "./settingsStore.js";

/** What the synchronizer reports; the composition root adapts the synchronizer's own status to it. */
export interface SyncStatusSource {
  /** `halted`: why the synchronizer stopped for good (the node is then down), or null. */
  status(): Promise<{ synced: boolean; lastL1Block: number | null; detail?: string; halted?: string | null }>;
}

/** The prover as the UI sees it: its backends and a kernel benchmark. */
export interface ProverBenchSource {
  info(): Promise<ProverInfo>;
  benchmark(request: BenchmarkRequest): Promise<BenchmarkResult>;
  /** Frees what the source holds (a worker); called when the API closes. */
  close?(): Promise<void>;
}

export interface NodeApiDeps {
  version: string;
  roles: NodeRole[];
  log: Logger;
  config: PromConfig;
  /** Where each running setting came from (`loadConfig().sources`). */
  configSources?: Record<string, SettingSource>;
  /** The TOML file the settings page writes (`loadConfig().configFile`). */
  configFile: string;
  /** The node's storage; absent, every state read answers UNAVAILABLE. */
  db?: Db;
  state?: StateRepository;
  l1?: { url: string; chainId: number; rollupAddress: string };
  rpc?: { httpUrl: string; wsUrl: string };
  sync?: SyncStatusSource;
  proofJobs?: ProofJobSource;
  /** L1 address our aggregator sends proofs from: batches it verified carry proof level P1. */
  aggregatorAddress?: string;
  prover?: ProverBenchSource;
  devAccounts?: { address: string; privateKey: string | null; role: string | null }[];
  /** How often live batch and block events are looked for, in ms (default 500). */
  pollIntervalMs?: number;
}

/** The NodeApi plus what its owner needs to stop it. */
export interface NodeApiService extends NodeApi {
  close(): Promise<void>;
}

export function createNodeApi(deps: NodeApiDeps): NodeApiService {
  const startedAt = Date.now();
  const logs = new LogBuffer(deps.log);
  const settings = new SettingsStore({ config: deps.config, file: deps.configFile, ...(deps.configSources ? { sources: deps.configSources } : {}) });
  const apiLog = deps.log.child("api");
  const ourAggregator = deps.aggregatorAddress?.toLowerCase();
  const listeners = new Map<EventTopic, Set<(e: NodeEvent) => void>>();

  const need = <T>(part: T | undefined, what: string): T => {
    if (part === undefined) throw new ApiError("UNAVAILABLE", `${what} does not run in this node (roles: ${deps.roles.join(", ") || "none"})`);
    return part;
  };

  const emit = (e: NodeEvent) => {
    for (const l of listeners.get(e.topic) ?? []) l(e);
  };

  const summary = (r: BatchRowView): BatchSummary => {
    const { aggregator, ...rest } = r;
    return { ...rest, proofLevel: r.stage === "verified" && aggregator !== null && aggregator === ourAggregator ? "P1" : null };
  };

  const watcher = deps.db
    ? new PipelineWatcher(
        deps.db,
        deps.pollIntervalMs ?? 500,
        { block: (number) => emit({ topic: "blocks", number }), batch: (r) => emit({ topic: "batches", batch: summary(r) }) },
        (e) => apiLog.warn("live batch events: reading the state failed", { err: e }),
      )
    : undefined;
  let unsubscribeJobs: (() => void) | undefined;
  let unsubscribeLogs: (() => void) | undefined;

  /** Starts or stops the sources of each topic as the first listener comes and the last one goes. */
  const sync = () => {
    const has = (t: EventTopic) => (listeners.get(t)?.size ?? 0) > 0;
    if (watcher) {
      if (has("blocks") || has("batches")) watcher.start();
      else void watcher.stop();
    }
    if (has("logs") && !unsubscribeLogs) unsubscribeLogs = logs.onEntry((entry) => emit({ topic: "logs", entry }));
    if (!has("logs") && unsubscribeLogs) {
      unsubscribeLogs();
      unsubscribeLogs = undefined;
    }
    if (deps.proofJobs && has("proofJobs") && !unsubscribeJobs) unsubscribeJobs = deps.proofJobs.subscribe((job) => emit({ topic: "proofJobs", job }));
    if (!has("proofJobs") && unsubscribeJobs) {
      unsubscribeJobs();
      unsubscribeJobs = undefined;
    }
  };

  async function l1Height(): Promise<number | null> {
    if (!deps.l1) return null;
    return Number(await jsonRpcResult(deps.l1.url, "eth_blockNumber", [], 2000));
  }

  async function syncState(): Promise<SyncState> {
    if (!deps.sync) {
      return { state: "unknown", lastL1Block: null, detail: "No synchronizer runs in this node: its L2 state is what its own sequencer wrote." };
    }
    const s = await deps.sync.status();
    if (s.halted) throw new Error(s.halted);
    return {
      state: s.synced ? "synced" : "syncing",
      lastL1Block: s.lastL1Block,
      detail: s.detail ?? (s.synced ? "Every L1 event up to the L1 head is processed." : "Catching up with L1 events."),
    };
  }

  async function devAccounts(): Promise<DevAccountView[]> {
    return Promise.all(
      (deps.devAccounts ?? []).map(async (a) => {
        let l2Balance: string | null = null;
        if (deps.rpc) {
          const r = await jsonRpcCall(deps.rpc.httpUrl, "eth_getBalance", [a.address, "latest"], 5000).catch(() => undefined);
          if (typeof r?.result === "string") l2Balance = BigInt(r.result).toString();
        }
        return { address: a.address as Hex, privateKey: a.privateKey as Hex | null, role: a.role, l2Balance };
      }),
    );
  }

  /** Cancel or retry; a job in a state that does not allow it is a CONFLICT the UI shows with the job's state. */
  async function jobAction(id: number, action: "cancel" | "retry"): Promise<void> {
    const jobs = need(deps.proofJobs, "An aggregator");
    if (!(await jobs.get(id))) throw new ApiError("NOT_FOUND", `no proof job ${id}`);
    try {
      await jobs[action](id);
    } catch (e) {
      throw new ApiError("CONFLICT", (e as Error).message);
    }
  }

  const impl: { [M in NodeApiMethod]: (p: NodeApiParams<M>) => ReturnType<NodeApi[M]> } = {
    async overview(): Promise<Overview> {
      const reasons: string[] = [];
      /** Records why a part could not be read and answers `fallback` in its place. */
      const noted = <T>(reason: string, fallback: T): T => {
        reasons.push(reason);
        return fallback;
      };
      const [l1, l2, pipeline, syncS, accounts] = await Promise.all([
        l1Height().catch((e: Error) => noted(`L1 unreachable: ${e.message}`, null)),
        deps.state ? deps.state.latestBlockNumber().catch((e: Error) => noted(`database: ${e.message}`, null)) : null,
        deps.db ? pipelineCounts(deps.db).catch(() => null) : null,
        syncState().catch((e: Error) => noted<SyncState>(`synchronizer: ${e.message}`, { state: "unknown", lastL1Block: null, detail: e.message })),
        devAccounts(),
      ]);
      if (syncS.state === "syncing") reasons.push(syncS.detail);
      const health: Health = {
        status: reasons.some((r) => /^(L1 unreachable|database|synchronizer)/.test(r)) ? "down" : syncS.state === "syncing" ? "syncing" : "ok",
        reasons,
      };
      return {
        version: deps.version,
        roles: deps.roles,
        startedAt,
        l1: { chainId: deps.l1?.chainId ?? null, height: l1, url: deps.l1?.url ?? null, rollupAddress: (deps.l1?.rollupAddress as Hex | undefined) ?? null },
        l2: {
          chainId: deps.config.l2.chainId,
          height: l2,
          pipeline: pipeline ?? { trusted: 0, virtual: 0, verified: 0, lastTrusted: null, lastVirtual: null, lastVerified: null },
        },
        sync: syncS,
        health,
        devAccounts: accounts,
      };
    },

    async batches(q) {
      const page = await listBatches(need(deps.db, "storage"), q);
      return { items: page.items.map(summary), total: page.total };
    },

    async batch({ number }): Promise<BatchDetail | null> {
      const db = need(deps.db, "storage");
      const state = need(deps.state, "storage");
      const [row, b, blocks, txs] = await Promise.all([batchRow(db, number), state.getBatch(number), state.getBatchBlocks(number), state.getBatchTxs(number)]);
      if (!row || !b) return null;
      const receipts = await Promise.all(txs.map((t) => state.getReceipt(t.hash as StateHex)));
      const s = summary(row);
      let proof: ProofAttestation | null = null;
      if (s.stage === "verified") proof = proofAttestation({ ours: s.proofLevel === "P1", l1TxHash: s.verifyTxHash, aggregator: row.aggregator });
      return {
        ...s,
        coinbase: b.coinbase,
        localExitRoot: b.localExitRoot,
        accInputHash: b.accInputHash,
        l1InfoRoot: b.l1InfoRoot,
        globalExitRoot: b.globalExitRoot,
        closingReason: b.closingReason,
        forcedBatchNum: b.forcedBatchNum,
        batchL2DataBytes: b.batchL2Data ? (b.batchL2Data.length - 2) / 2 : null,
        blocks: blocks.map((k) => ({
          number: k.number,
          hash: k.hash,
          parentHash: k.parentHash,
          stateRoot: k.stateRoot,
          timestamp: k.timestamp,
          gasUsed: k.gasUsed,
          txCount: k.txHashes.length,
          globalExitRoot: k.globalExitRoot,
          l1InfoTreeIndex: k.l1InfoTreeIndex,
        })),
        txs: txs.map((t, i) => ({
          hash: t.hash,
          l2Hash: t.l2Hash,
          blockNumber: t.blockNumber,
          index: t.index,
          from: t.from,
          to: t.to,
          nonce: t.nonce,
          value: t.value.toString(),
          gasPrice: t.gasPrice.toString(),
          gasLimit: t.gasLimit,
          status: receipts[i]?.status ?? null,
          gasUsed: receipts[i]?.gasUsed ?? null,
        })),
        proof,
      };
    },

    async proofJobs(q) {
      if (!deps.proofJobs) return { available: false, reason: `No aggregator in this node (roles: ${deps.roles.join(", ") || "none"}), so no proof jobs.` };
      const page = await deps.proofJobs.list(q);
      return { available: true, jobs: page.jobs, total: page.total };
    },

    cancelProofJob: ({ id }) => jobAction(id, "cancel"),
    retryProofJob: ({ id }) => jobAction(id, "retry"),

    async proverInfo() {
      if (deps.prover) return deps.prover.info();
      return { adapter: null, backends: [], cpus: availableParallelism() };
    },

    runBenchmark: (request) => need(deps.prover, "A prover").benchmark(request),

    logs: async (q) => logs.query(q),
    settings: async () => settings.view(),
    async updateSettings({ changes }) {
      const r = settings.update(changes);
      if (r.ok) apiLog.info("settings saved; they apply at the next start", { file: deps.configFile, changed: Object.keys(changes) });
      return r;
    },

    async rpcInfo() {
      return { httpUrl: deps.rpc?.httpUrl ?? null, wsUrl: deps.rpc?.wsUrl ?? null, chainId: deps.config.l2.chainId };
    },

    async rpcRequest({ method, params }) {
      const rpc = need(deps.rpc, "JSON-RPC");
      const t = performance.now();
      const response = await jsonRpcCall(rpc.httpUrl, method, params, 15_000);
      return { response, ms: performance.now() - t };
    },
  };

  const api = {} as NodeApiService;
  for (const m of nodeApiMethods) {
    const call = impl[m] as (p: unknown) => Promise<unknown>;
    (api as unknown as Record<string, (p: unknown) => Promise<unknown>>)[m] = async (params: unknown) => {
      try {
        return await call(validateRequest(m, params));
      } catch (e) {
        const err = ApiError.from(e);
        if (err.code === "INTERNAL") apiLog.warn(`${m} failed`, { err: e });
        throw err;
      }
    };
  }
  api.subscribe = (topics, listener) => {
    const checked = validateTopics(topics);
    for (const t of checked) {
      let set = listeners.get(t);
      if (!set) listeners.set(t, (set = new Set()));
      set.add(listener);
    }
    sync();
    return () => {
      for (const t of checked) listeners.get(t)?.delete(listener);
      sync();
    };
  };
  api.close = async () => {
    listeners.clear();
    sync();
    await watcher?.stop();
    await deps.prover?.close?.();
    logs.close();
  };
  return api;
}
