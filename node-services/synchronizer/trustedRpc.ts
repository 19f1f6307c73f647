/**
 * The trusted sequencer's JSON-RPC as a node that follows it reads it: the latest trusted batch number and a batch with
 * its L2 blocks (`zkevm_batchNumber`, `zkevm_getBatchByNumber(n, true)`; shapes in zkevm-node's reference §2.4).
 */
import type { Hex } from "../state/hex.js";

/** One L2 block of a trusted batch, as the trusted node reported it. */
export interface TrustedBlock {
  number: number;
  hash: Hex;
  parentHash: Hex;
  stateRoot: Hex;
  timestamp: number;
}

export interface TrustedBatch {
  number: number;
  coinbase: Hex;
  /** Unix seconds. */
  timestamp: number;
  stateRoot: Hex;
  localExitRoot: Hex;
  closed: boolean;
  forcedBatchNumber: number | null;
  /** Of a wip batch: what its blocks so far encode to. */
  batchL2Data: Hex;
  blocks: TrustedBlock[];
}

export class TrustedRpcError extends Error {
  readonly code = "TRUSTED_RPC";
  constructor(message: string) {
    super(message);
    this.name = "TrustedRpcError";
  }
}

const HEX = /^0x[0-9a-fA-F]*$/;

function quantity(v: unknown, what: string): number {
  if (typeof v !== "string" || !HEX.test(v) || v.length < 3) throw new TrustedRpcError(`${what} is not a hex quantity: ${JSON.stringify(v)}`);
  const n = Number.parseInt(v, 16);
  if (!Number.isSafeInteger(n)) throw new TrustedRpcError(`${what} is out of range: ${v}`);
  return n;
}

function data(v: unknown, what: string): Hex {
  if (typeof v !== "string" || !HEX.test(v) || v.length % 2 !== 0) throw new TrustedRpcError(`${what} is not hex data: ${JSON.stringify(v)}`);
  return v.toLowerCase() as Hex;
}

function toBlock(v: unknown, batch: number): TrustedBlock {
  if (typeof v !== "object" || v === null) throw new TrustedRpcError(`batch ${batch}: zkevm_getBatchByNumber was not asked with full blocks`);
  const b = v as Record<string, unknown>;
  const number = quantity(b.number, `batch ${batch} block number`);
  const at = `batch ${batch} block ${number}`;
  return {
    number,
    hash: data(b.hash, `${at} hash`),
    parentHash: data(b.parentHash, `${at} parentHash`),
    stateRoot: data(b.stateRoot, `${at} stateRoot`),
    timestamp: quantity(b.timestamp, `${at} timestamp`),
  };
}

export class TrustedRpc {
  private nextId = 1;

  constructor(
    readonly url: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async batchNumber(): Promise<number> {
    return quantity(await this.call("zkevm_batchNumber", []), "zkevm_batchNumber");
  }

  /** The batch with its blocks, or null when the trusted node has no such batch. */
  async batch(n: number): Promise<TrustedBatch | null> {
    const r = await this.call("zkevm_getBatchByNumber", [`0x${n.toString(16)}`, true]);
    if (r === null) return null;
    if (typeof r !== "object") throw new TrustedRpcError(`zkevm_getBatchByNumber(${n}) returned ${JSON.stringify(r)}`);
    const b = r as Record<string, unknown>;
    const number = quantity(b.number, "batch number");
    if (number !== n) throw new TrustedRpcError(`asked for batch ${n}, got batch ${number}`);
    if (!Array.isArray(b.blocks)) throw new TrustedRpcError(`batch ${n} has no blocks list`);
    return {
      number,
      coinbase: data(b.coinbase, `batch ${n} coinbase`),
      timestamp: quantity(b.timestamp, `batch ${n} timestamp`),
      stateRoot: data(b.stateRoot, `batch ${n} stateRoot`),
      localExitRoot: data(b.localExitRoot, `batch ${n} localExitRoot`),
      closed: b.closed === true,
      forcedBatchNumber: b.forcedBatchNumber === undefined || b.forcedBatchNumber === null ? null : quantity(b.forcedBatchNumber, `batch ${n} forcedBatchNumber`),
      batchL2Data: data(b.batchL2Data ?? "0x", `batch ${n} batchL2Data`),
      blocks: b.blocks.map((x) => toBlock(x, n)),
    };
  }

  private async call(method: string, params: unknown[]): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: this.nextId++, method, params }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new TrustedRpcError(`${method} at ${this.url}: ${(err as Error).message}`);
    }
    if (!res.ok) throw new TrustedRpcError(`${method} at ${this.url}: HTTP ${res.status}`);
    const body = (await res.json().catch(() => null)) as { result?: unknown; error?: { message?: string } } | null;
    if (!body || typeof body !== "object") throw new TrustedRpcError(`${method} at ${this.url}: the answer is not JSON-RPC`);
    if (body.error) throw new TrustedRpcError(`${method} at ${this.url}: ${body.error.message ?? JSON.stringify(body.error)}`);
    return body.result ?? null;
  }
}
