/**
 * Runtime checks of every NodeApi request payload, shared by every transport (admin JSON-RPC, Electron IPC): a payload
 * from outside the process is `unknown` until it passes here. A failure is an INVALID_PARAMS ApiError naming the field.
 * Pure TypeScript without Node imports, so the Electron preload side may use it too.
 */
import { ApiError } from "./apiError.js";
import { eventTopics, nodeApiMethods, type EventTopic, type NodeApiMethod, type NodeApiParams } from "./nodeApi.js";
import type { ProofJobState } from "./proofJobs.js";

const proofJobStates: readonly ProofJobState[] = ["queued", "witness", "proving", "submitted", "verified", "failed", "cancelled"];
const batchStages = ["trusted", "virtual", "verified"] as const;
const logLevels = ["debug", "info", "warn", "error"] as const;
const backends = ["wasm", "webgpu"] as const;

/** The most items one page may ask for. */
export const MAX_PAGE = 500;
/** MSM sizes a benchmark may ask for (2^8 .. 2^18 points). */
export const BENCH_LOG2 = { min: 8, max: 18 } as const;

function fail(field: string, message: string): never {
  throw new ApiError("INVALID_PARAMS", `${field}: ${message}`, { field });
}

function object(v: unknown, field: string): Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) fail(field, "must be an object");
  return v as Record<string, unknown>;
}

/** Rejects fields the method does not know, so a typo is an error instead of a silently ignored filter. */
function onlyKeys(o: Record<string, unknown>, field: string, keys: readonly string[]): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) fail(`${field}.${k}`, `unknown field (allowed: ${keys.join(", ") || "none"})`);
}

function int(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v)) fail(field, `must be an integer, got ${JSON.stringify(v)}`);
  if (v < min || v > max) fail(field, `must be between ${min} and ${max}, got ${v}`);
  return v;
}

function optInt(v: unknown, field: string, min: number, max: number): number | undefined {
  return v === undefined ? undefined : int(v, field, min, max);
}

function oneOf<T extends string>(v: unknown, field: string, choices: readonly T[]): T {
  if (typeof v !== "string" || !choices.includes(v as T)) fail(field, `must be one of ${choices.join(", ")}, got ${JSON.stringify(v)}`);
  return v as T;
}

function optOneOf<T extends string>(v: unknown, field: string, choices: readonly T[]): T | undefined {
  return v === undefined ? undefined : oneOf(v, field, choices);
}

function str(v: unknown, field: string, maxLen: number): string {
  if (typeof v !== "string" || v.length === 0) fail(field, "must be a non-empty string");
  if (v.length > maxLen) fail(field, `must be at most ${maxLen} characters`);
  return v;
}

function none(v: unknown, method: string): undefined {
  if (v === undefined || v === null) return undefined;
  const o = object(v, method);
  onlyKeys(o, method, []);
  return undefined;
}

function page(o: Record<string, unknown>, field: string): { limit: number; offset: number } {
  return { limit: int(o.limit, `${field}.limit`, 1, MAX_PAGE), offset: int(o.offset, `${field}.offset`, 0, Number.MAX_SAFE_INTEGER) };
}

/** Drops undefined values so the validated object has exactly the fields the caller set. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

type Validators = { [M in NodeApiMethod]: (params: unknown) => NodeApiParams<M> };

const validators: Validators = {
  overview: (p) => none(p, "overview"),
  batches(p) {
    const o = object(p, "batches");
    onlyKeys(o, "batches", ["stage", "from", "to", "limit", "offset"]);
    const q = defined({
      ...page(o, "batches"),
      stage: optOneOf(o.stage, "batches.stage", batchStages),
      from: optInt(o.from, "batches.from", 0, Number.MAX_SAFE_INTEGER),
      to: optInt(o.to, "batches.to", 0, Number.MAX_SAFE_INTEGER),
    });
    if (q.from !== undefined && q.to !== undefined && q.from > q.to) fail("batches.from", `must not be above to (${q.from} > ${q.to})`);
    return q;
  },
  batch(p) {
    const o = object(p, "batch");
    onlyKeys(o, "batch", ["number"]);
    return { number: int(o.number, "batch.number", 0, Number.MAX_SAFE_INTEGER) };
  },
  proofJobs(p) {
    const o = object(p, "proofJobs");
    onlyKeys(o, "proofJobs", ["state", "limit", "offset"]);
    return defined({ ...page(o, "proofJobs"), state: optOneOf(o.state, "proofJobs.state", proofJobStates) });
  },
  cancelProofJob: (p) => jobId(p, "cancelProofJob"),
  retryProofJob: (p) => jobId(p, "retryProofJob"),
  proverInfo: (p) => none(p, "proverInfo"),
  runBenchmark(p) {
    const o = object(p, "runBenchmark");
    onlyKeys(o, "runBenchmark", ["backend", "log2Sizes"]);
    const sizes = o.log2Sizes;
    if (!Array.isArray(sizes) || sizes.length === 0 || sizes.length > 11) fail("runBenchmark.log2Sizes", "must be a list of 1 to 11 sizes");
    const log2Sizes = sizes.map((s, i) => int(s, `runBenchmark.log2Sizes[${i}]`, BENCH_LOG2.min, BENCH_LOG2.max));
    for (let i = 1; i < log2Sizes.length; i++) if (log2Sizes[i]! <= log2Sizes[i - 1]!) fail("runBenchmark.log2Sizes", "must be ascending without repeats");
    return { backend: oneOf(o.backend, "runBenchmark.backend", backends), log2Sizes };
  },
  logs(p) {
    const o = object(p, "logs");
    onlyKeys(o, "logs", ["minLevel", "component", "limit"]);
    return defined({
      limit: int(o.limit, "logs.limit", 1, 5000),
      minLevel: optOneOf(o.minLevel, "logs.minLevel", logLevels),
      component: o.component === undefined ? undefined : str(o.component, "logs.component", 100),
    });
  },
  settings: (p) => none(p, "settings"),
  updateSettings(p) {
    const o = object(p, "updateSettings");
    onlyKeys(o, "updateSettings", ["changes"]);
    const changes = object(o.changes, "updateSettings.changes");
    const out: Record<string, string | number | boolean> = {};
    for (const [path, v] of Object.entries(changes)) {
      if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") fail(`updateSettings.changes.${path}`, "must be a string, number or boolean");
      out[path] = v;
    }
    if (Object.keys(out).length === 0) fail("updateSettings.changes", "must change at least one setting");
    return { changes: out };
  },
  rpcInfo: (p) => none(p, "rpcInfo"),
  rpcRequest(p) {
    const o = object(p, "rpcRequest");
    onlyKeys(o, "rpcRequest", ["method", "params"]);
    const method = str(o.method, "rpcRequest.method", 100);
    if (method.startsWith("prom_")) fail("rpcRequest.method", "the console sends L2 JSON-RPC methods, not the admin namespace");
    const params = o.params ?? [];
    if (!Array.isArray(params)) fail("rpcRequest.params", "must be a list");
    return { method, params };
  },
};

function jobId(p: unknown, method: string): { id: number } {
  const o = object(p, method);
  onlyKeys(o, method, ["id"]);
  return { id: int(o.id, `${method}.id`, 0, Number.MAX_SAFE_INTEGER) };
}

export function isNodeApiMethod(name: string): name is NodeApiMethod {
  return (nodeApiMethods as readonly string[]).includes(name);
}

/** The checked payload of `method`, or an INVALID_PARAMS / UNKNOWN_METHOD ApiError. */
export function validateRequest<M extends NodeApiMethod>(method: M, params: unknown): NodeApiParams<M>;
export function validateRequest(method: string, params: unknown): unknown;
export function validateRequest(method: string, params: unknown): unknown {
  if (!isNodeApiMethod(method)) throw new ApiError("UNKNOWN_METHOD", `unknown method ${JSON.stringify(method)}`);
  return validators[method](params);
}

export function validateTopics(v: unknown): EventTopic[] {
  if (!Array.isArray(v) || v.length === 0) fail("topics", "must be a non-empty list");
  return [...new Set(v.map((t, i) => oneOf(t, `topics[${i}]`, eventTopics)))];
}
