/**
 * Parsing of positional JSON-RPC params into typed values; every failure is -32602 naming the param, e.g.
 * "invalid argument 0 (address): hex string of 20 bytes expected".
 */
import type { Hex } from "../state/hex.js";
import { invalidParams } from "./errors.js";

export type BlockTag = "latest" | "pending" | "earliest" | "safe" | "finalized";
export type BlockRef = { tag: BlockTag } | { number: number } | { hash: Hex };

const HEX_RE = /^0x[0-9a-fA-F]*$/;

export function fail(i: number, name: string, why: string): never {
  throw invalidParams(`invalid argument ${i} (${name}): ${why}`);
}

export function required(params: readonly unknown[], i: number, name: string): unknown {
  const v = params[i];
  if (v === undefined || v === null) throw invalidParams(`missing value for required argument ${i} (${name})`);
  return v;
}

export function checkArity(params: readonly unknown[], max: number): void {
  if (params.length > max) throw invalidParams(`too many arguments, want at most ${max}`);
}

export function address(v: unknown, i: number, name = "address"): Hex {
  if (typeof v !== "string" || v.length !== 42 || !HEX_RE.test(v)) fail(i, name, "hex string of 20 bytes expected");
  return v.toLowerCase() as Hex;
}

export function hash32(v: unknown, i: number, name = "hash"): Hex {
  if (typeof v !== "string" || v.length !== 66 || !HEX_RE.test(v)) fail(i, name, "hex string of 32 bytes expected");
  return v.toLowerCase() as Hex;
}

export function data(v: unknown, i: number, name = "data"): Hex {
  if (typeof v !== "string" || !HEX_RE.test(v) || v.length % 2 !== 0) fail(i, name, "0x-prefixed hex string with an even length expected");
  return v.toLowerCase() as Hex;
}

/** Hex quantity ("0x1a") or, as the zkevm-node accepts, a decimal string or a JSON number. */
export function quantity(v: unknown, i: number, name: string): bigint {
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === "string") {
    if (/^0x[0-9a-fA-F]{1,64}$/.test(v)) return BigInt(v);
    if (/^[0-9]{1,78}$/.test(v)) return BigInt(v);
  }
  fail(i, name, "hex quantity expected");
}

export function smallQuantity(v: unknown, i: number, name: string): number {
  const q = quantity(v, i, name);
  if (q > BigInt(Number.MAX_SAFE_INTEGER)) fail(i, name, "number too large");
  return Number(q);
}

export function bool(v: unknown, i: number, name: string): boolean {
  if (typeof v !== "boolean") fail(i, name, "true or false expected");
  return v;
}

export function optionalBool(v: unknown, i: number, name: string): boolean {
  return v === undefined || v === null ? false : bool(v, i, name);
}

const TAGS = new Set(["latest", "pending", "earliest", "safe", "finalized"]);

export function blockNumberOrTag(v: unknown, i: number, name = "block"): BlockRef {
  if (typeof v === "string" && TAGS.has(v)) return { tag: v as BlockTag };
  if (typeof v === "string" && /^-/.test(v)) fail(i, name, "invalid block number");
  return { number: smallQuantity(v, i, name) };
}

/** Block number, tag, or an EIP-1898 object `{blockNumber}` / `{blockHash}`. */
export function blockRef(v: unknown, i: number, name = "block"): BlockRef {
  if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (o.blockHash !== undefined) return { hash: hash32(o.blockHash, i, `${name}.blockHash`) };
    if (o.blockNumber !== undefined) return blockNumberOrTag(o.blockNumber, i, `${name}.blockNumber`);
    fail(i, name, "blockNumber or blockHash expected");
  }
  return blockNumberOrTag(v, i, name);
}

export function object(v: unknown, i: number, name: string): Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) fail(i, name, "object expected");
  return v as Record<string, unknown>;
}

export interface CallObject {
  from?: Hex;
  to?: Hex | null;
  gas?: bigint;
  gasPrice?: bigint;
  value?: bigint;
  data?: Hex;
}

export function callObject(v: unknown, i: number, name = "transaction"): CallObject {
  const o = object(v, i, name);
  const out: CallObject = {};
  if (o.from != null) out.from = address(o.from, i, `${name}.from`);
  if (o.to != null) out.to = address(o.to, i, `${name}.to`);
  if (o.gas != null) out.gas = quantity(o.gas, i, `${name}.gas`);
  if (o.gasPrice != null) out.gasPrice = quantity(o.gasPrice, i, `${name}.gasPrice`);
  if (o.value != null) out.value = quantity(o.value, i, `${name}.value`);
  const input = o.input ?? o.data;
  if (o.input != null && o.data != null && String(o.input).toLowerCase() !== String(o.data).toLowerCase()) {
    fail(i, name, "both input and data are set and differ");
  }
  if (input != null) out.data = data(input, i, `${name}.input`);
  return out;
}

export interface FilterParams {
  fromBlock?: BlockRef;
  toBlock?: BlockRef;
  blockHash?: Hex;
  addresses: Hex[];
  topics: (Hex[] | null)[];
}

export function logFilter(v: unknown, i: number, name = "filter"): FilterParams {
  const o = v === undefined || v === null ? {} : object(v, i, name);
  const out: FilterParams = { addresses: [], topics: [] };
  if (o.blockHash != null) {
    if (o.fromBlock != null || o.toBlock != null) fail(i, name, "blockHash and fromBlock/toBlock are mutually exclusive");
    out.blockHash = hash32(o.blockHash, i, `${name}.blockHash`);
  }
  if (o.fromBlock != null) out.fromBlock = blockNumberOrTag(o.fromBlock, i, `${name}.fromBlock`);
  if (o.toBlock != null) out.toBlock = blockNumberOrTag(o.toBlock, i, `${name}.toBlock`);
  if (o.address != null) {
    const list = Array.isArray(o.address) ? o.address : [o.address];
    out.addresses = list.map((a) => address(a, i, `${name}.address`));
  }
  if (o.topics != null) {
    if (!Array.isArray(o.topics)) fail(i, name, "topics must be an array");
    if (o.topics.length > 4) fail(i, name, "at most 4 topic positions");
    out.topics = o.topics.map((t: unknown) => {
      if (t === null) return null;
      const alts = Array.isArray(t) ? t : [t];
      return alts.map((x) => hash32(x, i, `${name}.topics`));
    });
  }
  return out;
}
