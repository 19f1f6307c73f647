/** Receipts, logs and 2048-bit log blooms in the Ethereum shapes that RPC clients expect. */
import { bytesToBig, keccak, rlpBytes, rlpInt, rlpList } from "./bytes.js";
import type { Address } from "./bytes.js";

export interface EvmLog {
  address: Address;
  topics: Uint8Array[];
  data: Uint8Array;
}

export interface LogEntry extends EvmLog {
  /** Position of the log in its L2 block (what eth_getLogs reports as logIndex). */
  logIndex: number;
  txIndex: number;
}

export interface Receipt {
  status: 0 | 1;
  gasUsed: bigint;
  cumulativeGasUsed: bigint;
  effectiveGasPrice: bigint;
  contractAddress: Address | null;
  logs: LogEntry[];
  logsBloom: Uint8Array;
  /** Decoded `Error(string)` reason, or the EVM error, for failed txs. */
  revertReason?: string;
}

export function emptyBloom(): Uint8Array {
  return new Uint8Array(256);
}

export function addToBloom(bloom: Uint8Array, item: Uint8Array): void {
  const h = keccak(item);
  for (let i = 0; i < 6; i += 2) {
    const bit = ((h[i]! << 8) | h[i + 1]!) & 2047;
    bloom[255 - (bit >> 3)]! |= 1 << (bit & 7);
  }
}

export function logsBloom(logs: readonly EvmLog[], into: Uint8Array = emptyBloom()): Uint8Array {
  for (const l of logs) {
    addToBloom(into, Buffer.from(l.address.slice(2), "hex"));
    for (const t of l.topics) addToBloom(into, t);
  }
  return into;
}

/** RLP of a legacy receipt: [status, cumulativeGasUsed, bloom, logs]. */
export function encodeReceipt(r: Receipt): Uint8Array {
  return rlpList([
    rlpInt(BigInt(r.status)),
    rlpInt(r.cumulativeGasUsed),
    rlpBytes(r.logsBloom),
    rlpList(r.logs.map((l) => rlpList([rlpBytes(Buffer.from(l.address.slice(2), "hex")), rlpList(l.topics.map(rlpBytes)), rlpBytes(l.data)]))),
  ]);
}

const ERROR_SELECTOR = 0x08c379a0n;

/** Decodes `Error(string)` revert data; undefined when the data is anything else. */
export function decodeRevertReason(data: Uint8Array): string | undefined {
  if (data.length < 68 || bytesToBig(data.subarray(0, 4)) !== ERROR_SELECTOR) return undefined;
  const offset = Number(bytesToBig(data.subarray(4, 36)));
  const lenAt = 4 + offset;
  if (lenAt + 32 > data.length) return undefined;
  const len = Number(bytesToBig(data.subarray(lenAt, lenAt + 32)));
  if (lenAt + 32 + len > data.length) return undefined;
  return Buffer.from(data.subarray(lenAt + 32, lenAt + 32 + len)).toString("utf8");
}

