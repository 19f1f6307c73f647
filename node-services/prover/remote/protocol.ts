/**
 * The remote-prover protocol: a `prom-prover serve` process (or the aggregator's own local prover) dials the
 * aggregator's WebSocket endpoint with `Authorization: Bearer <token>` and takes one proof job at a time.
 *
 *   prover                               aggregator
 *   hello {protocol, name, threads, backend} →
 *                                        ← welcome {proverId, heartbeatMs}
 *   ready →                              (idle: may be given a job)
 *                                        ← job {jobId, zkey {hash, size, path}} + witness bytes
 *   zkey-request {hash} →                (only when neither its cache nor `path` holds that zkey)
 *                                        ← zkey {hash} + zkey bytes
 *   progress {jobId, stage, fraction} …
 *   result {jobId, proof, publicSignals} | job-error {jobId, code, message}, then ready again
 *                                        ← cancel {jobId} (any time)
 *
 * The aggregator pings every `heartbeatMs` and drops a prover that misses a pong; the prover drops an aggregator
 * that stops pinging. Messages without bytes are text frames of JSON; messages with bytes are binary frames:
 * a 4-byte big-endian header length, the JSON header, then the bytes.
 */
import type { ProverErrorCode } from "../errors.js";
import type { ProverBackend } from "../options.js";
import type { Groth16Proof, PublicSignals } from "../proofJson.js";
import { proofStages, type ProofStage } from "../stages.js";

export const PROTOCOL_VERSION = 1;

/** WebSocket close codes of the protocol (4000–4999 are the application's). */
export const CloseCode = {
  /** The prover speaks another protocol version. */
  PROTOCOL_MISMATCH: 4001,
  /** A message that does not parse or is not allowed now. */
  BAD_MESSAGE: 4002,
  /** No pong (aggregator side) or no ping (prover side) within the heartbeat. */
  HEARTBEAT_TIMEOUT: 4008,
  /** The aggregator or the prover is stopping. */
  SHUTDOWN: 4009,
} as const;

/** Where the proving key comes from: the prover uses its cached copy, the file at `path` if it is there, or asks. */
export interface ZkeyRef {
  /** sha256 of the .zkey file, hex. */
  hash: string;
  size: number;
  /** The file on the aggregator's machine (a prover on the same machine reads it instead of downloading it). */
  path: string;
}

export type ProverMessage =
  | { type: "hello"; protocol: number; name: string; threads: number; backend: ProverBackend }
  | { type: "ready" }
  | { type: "zkey-request"; hash: string }
  | { type: "progress"; jobId: number; stage: ProofStage; fraction: number; elapsedMs: number }
  | { type: "result"; jobId: number; proof: Groth16Proof; publicSignals: PublicSignals; backend: string; elapsedMs: number }
  | { type: "job-error"; jobId: number; code: ProverErrorCode; message: string };

export type AggregatorMessage =
  | { type: "welcome"; proverId: string; heartbeatMs: number }
  | { type: "job"; jobId: number; zkey: ZkeyRef }
  | { type: "zkey"; hash: string }
  | { type: "cancel"; jobId: number };

export interface Frame<M> {
  msg: M;
  /** The witness of a `job`, the file of a `zkey`. */
  bytes?: Uint8Array;
}

export class ProtocolError extends Error {
  readonly code = "BAD_MESSAGE";
  constructor(message: string) {
    super(message);
    this.name = "ProtocolError";
  }
}

/** A text frame (string) or, with bytes, a binary frame. */
export function encodeFrame(msg: ProverMessage | AggregatorMessage, bytes?: Uint8Array): string | Uint8Array {
  const json = JSON.stringify(msg);
  if (!bytes) return json;
  const header = Buffer.from(json, "utf8");
  const out = new Uint8Array(4 + header.byteLength + bytes.byteLength);
  new DataView(out.buffer).setUint32(0, header.byteLength, false);
  out.set(header, 4);
  out.set(bytes, 4 + header.byteLength);
  return out;
}

function splitFrame(data: Buffer, isBinary: boolean): { header: unknown; bytes?: Uint8Array } {
  try {
    if (!isBinary) return { header: JSON.parse(data.toString("utf8")) };
    if (data.byteLength < 4) throw new ProtocolError("binary frame shorter than its header length");
    const n = data.readUInt32BE(0);
    if (4 + n > data.byteLength) throw new ProtocolError(`binary frame header of ${n} bytes runs past the frame (${data.byteLength} bytes)`);
    return { header: JSON.parse(data.subarray(4, 4 + n).toString("utf8")), bytes: new Uint8Array(data.buffer, data.byteOffset + 4 + n, data.byteLength - 4 - n) };
  } catch (e) {
    if (e instanceof ProtocolError) throw e;
    throw new ProtocolError(`frame is not JSON: ${(e as Error).message}`);
  }
}

type Check = (v: unknown) => boolean;
const str: Check = (v) => typeof v === "string" && v.length > 0 && v.length <= 1000;
const int: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
const frac: Check = (v) => typeof v === "number" && v >= 0 && v <= 1;
const obj: Check = (v) => typeof v === "object" && v !== null;
const strings: Check = (v) => Array.isArray(v) && v.every((s) => typeof s === "string");
const stage: Check = (v) => (proofStages as readonly unknown[]).includes(v);

const proverShapes: Record<ProverMessage["type"], Record<string, Check>> = {
  hello: { protocol: int, name: str, threads: int, backend: str },
  ready: {},
  "zkey-request": { hash: str },
  progress: { jobId: int, stage, fraction: frac, elapsedMs: int },
  result: { jobId: int, proof: obj, publicSignals: strings, backend: str, elapsedMs: int },
  "job-error": { jobId: int, code: str, message: (v) => typeof v === "string" },
};
const aggregatorShapes: Record<AggregatorMessage["type"], Record<string, Check>> = {
  welcome: { proverId: str, heartbeatMs: int },
  job: { jobId: int, zkey: (v) => obj(v) && str((v as ZkeyRef).hash) && int((v as ZkeyRef).size) && typeof (v as ZkeyRef).path === "string" },
  zkey: { hash: str },
  cancel: { jobId: int },
};

function decodeWith<M>(shapes: Record<string, Record<string, Check>>, data: Buffer, isBinary: boolean, from: string): Frame<M> {
  const { header, bytes } = splitFrame(data, isBinary);
  const type = obj(header) ? (header as { type?: unknown }).type : undefined;
  const shape = typeof type === "string" ? shapes[type] : undefined;
  if (!shape) throw new ProtocolError(`unknown message type ${JSON.stringify(type)} from the ${from}`);
  for (const [field, ok] of Object.entries(shape)) {
    if (!ok((header as Record<string, unknown>)[field])) throw new ProtocolError(`${type} from the ${from}: bad or missing field ${field}`);
  }
  return { msg: header as M, ...(bytes ? { bytes } : {}) };
}

export function decodeProverMessage(data: Buffer, isBinary: boolean): Frame<ProverMessage> {
  return decodeWith<ProverMessage>(proverShapes, data, isBinary, "prover");
}

export function decodeAggregatorMessage(data: Buffer, isBinary: boolean): Frame<AggregatorMessage> {
  return decodeWith<AggregatorMessage>(aggregatorShapes, data, isBinary, "aggregator");
}

/** ws hands messages as Buffer, ArrayBuffer or Buffer[]; the protocol reads one Buffer. */
export function asBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
