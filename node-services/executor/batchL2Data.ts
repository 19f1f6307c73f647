/**
 * Strict Etrog batchL2Data codec (spec §3.1, §3.2): changeL2Block markers and legacy txs encoded as
 * rlp(signingFields) ‖ r ‖ s ‖ v ‖ effectivePercentage. Every malformed shape is a typed BatchDecodeError.
 */
import { bigToFixed, bytesToBig, concat, keccak, normAddress, rlpBytes, rlpInt, rlpList, toHex } from "./bytes.js";
import type { Address, Hex } from "./bytes.js";
import { BatchDecodeError } from "./errors.js";

export const TX_CHANGE_L2_BLOCK = 0x0b;
export const CHANGE_L2_BLOCK_BYTES = 9;
export const MAX_BATCH_BYTES = 120_000;
export const MAX_FORCED_BATCH_BYTES = 5_000;
export const FORKID_DRAGONFRUIT = 5;
export const FORKID_ETROG = 7;

/** A legacy L2 transaction as the batch carries it (v is 27/28 even for EIP-155 txs). */
export interface L2Tx {
  nonce: bigint;
  gasPrice: bigint;
  gasLimit: bigint;
  /** null for a contract creation. */
  to: Address | null;
  value: bigint;
  data: Uint8Array;
  /** null for a pre-EIP-155 tx (no chainId in the signed fields). */
  chainId: bigint | null;
  r: bigint;
  s: bigint;
  v: 27 | 28;
  /** 0..255; the fee is charged at floor(gasPrice·(ep+1)/256). */
  effectivePercentage: number;
}

/** A tx decoded from batch bytes, with the exact bytes it came from. */
export interface DecodedL2Tx extends L2Tx {
  /** rlp(signingFields) exactly as in the batch; keccak of it is the signed message. */
  readonly signingRlp: Uint8Array;
  /** The whole batch encoding of this tx (signing RLP ‖ r ‖ s ‖ v [‖ ep]). */
  readonly encoded: Uint8Array;
}

export interface ChangeL2Block {
  deltaTimestamp: number;
  indexL1InfoTree: number;
}

export type BatchEntry = { kind: "changeL2Block"; block: ChangeL2Block } | { kind: "tx"; tx: DecodedL2Tx };

export interface DecodeOptions {
  /** A forced batch carries no changeL2Block markers (the processor opens one implicit block). */
  forced: boolean;
  /** Default 8. effectivePercentage bytes exist from 5; changeL2Block markers from 7. */
  forkId?: number;
  /** Overrides the L1 size limit (120000 non-forced, 5000 forced). */
  maxBytes?: number;
}

/** Decodes a whole batch; any rule broken anywhere makes the batch invalid (Etrog rolls it back). */
export function decodeBatchL2Data(data: Uint8Array, opts: DecodeOptions): BatchEntry[] {
  const forkId = opts.forkId ?? 8;
  const max = opts.maxBytes ?? (opts.forced ? MAX_FORCED_BATCH_BYTES : MAX_BATCH_BYTES);
  if (data.length > max) {
    throw new BatchDecodeError("BATCH_TOO_LARGE", `batch has ${data.length} bytes, the limit is ${max}`);
  }
  const etrog = forkId >= FORKID_ETROG;
  if (etrog && !opts.forced && data.length > 0 && data[0] !== TX_CHANGE_L2_BLOCK) {
    throw new BatchDecodeError("MISSING_FIRST_CHANGE_L2_BLOCK", "a non-forced Etrog batch must start with a changeL2Block (0x0b)", 0);
  }
  const out: BatchEntry[] = [];
  let off = 0;
  while (off < data.length) {
    if (etrog && data[off] === TX_CHANGE_L2_BLOCK) {
      if (opts.forced) {
        throw new BatchDecodeError("CHANGE_L2_BLOCK_IN_FORCED_BATCH", "a forced batch must not contain changeL2Block markers", off);
      }
      if (off + CHANGE_L2_BLOCK_BYTES > data.length) {
        throw new BatchDecodeError("TRUNCATED", "changeL2Block needs 9 bytes", off);
      }
      const dv = new DataView(data.buffer, data.byteOffset + off + 1, 8);
      out.push({ kind: "changeL2Block", block: { deltaTimestamp: dv.getUint32(0), indexL1InfoTree: dv.getUint32(4) } });
      off += CHANGE_L2_BLOCK_BYTES;
      continue;
    }
    const { tx, end } = decodeL2TxAt(data, off, forkId);
    out.push({ kind: "tx", tx });
    off = end;
  }
  return out;
}

/** Decodes exactly one tx in batch encoding (the whole input must be consumed). */
export function decodeL2Tx(bytes: Uint8Array, forkId = 8): DecodedL2Tx {
  const { tx, end } = decodeL2TxAt(bytes, 0, forkId);
  if (end !== bytes.length) throw new BatchDecodeError("LIST_LENGTH_MISMATCH", "trailing bytes after the tx", end);
  return tx;
}

/** Integer fields and their widths in the ROM (nonce, gasLimit and chainId are 64-bit there). */
const INT_WIDTH = { nonce: 8, gasPrice: 32, gasLimit: 8, value: 32, chainId: 8 } as const;

function decodeL2TxAt(data: Uint8Array, start: number, forkId: number): { tx: DecodedL2Tx; end: number } {
  const r = new Reader(data, start);
  const first = r.byte();
  if (first < 0xc0) throw new BatchDecodeError("NOT_A_LIST", `a tx must start with an RLP list, got 0x${first.toString(16).padStart(2, "0")}`, start);
  let listLen: number;
  if (first <= 0xf7) {
    listLen = first - 0xc0;
  } else {
    listLen = r.length(first - 0xf7);
  }
  const listEnd = r.off + listLen;
  if (listEnd > data.length) throw new BatchDecodeError("TRUNCATED", `tx list of ${listLen} bytes runs past the batch end`, start);

  const nonce = r.integer("nonce");
  const gasPrice = r.integer("gasPrice");
  const gasLimit = r.integer("gasLimit");
  let to: Address | null;
  const toAt = r.off;
  const toTag = r.byte();
  if (toTag === 0x80) {
    to = null;
  } else if (toTag === 0x94) {
    to = toHex(r.take(20));
  } else {
    throw new BatchDecodeError("BAD_TO_FIELD", "`to` must be 0x80 (creation) or 0x94 followed by 20 bytes", toAt);
  }
  const value = r.integer("value");
  const txData = r.string();
  let chainId: bigint | null = null;
  if (r.off !== listEnd) {
    chainId = r.integer("chainId");
    const tailAt = r.off;
    if (r.byte() !== 0x80 || r.byte() !== 0x80) {
      throw new BatchDecodeError("BAD_EIP155_TAIL", "after chainId the signed fields must end with 0x80 0x80", tailAt);
    }
  }
  if (r.off !== listEnd) {
    throw new BatchDecodeError("LIST_LENGTH_MISMATCH", `the list header says ${listLen} bytes but the fields end at ${r.off - (listEnd - listLen)}`, r.off);
  }
  const signingRlp = data.subarray(start, listEnd);
  const rr = bytesToBig(r.take(32));
  const ss = bytesToBig(r.take(32));
  const vAt = r.off;
  const v = r.byte();
  if (v !== 27 && v !== 28) throw new BatchDecodeError("BAD_V", `v must be 27 or 28, got ${v}`, vAt);
  const effectivePercentage = forkId >= FORKID_DRAGONFRUIT ? r.byte() : 0xff;
  const encoded = data.subarray(start, r.off);
  return {
    tx: { nonce, gasPrice, gasLimit, to, value, data: txData, chainId, r: rr, s: ss, v, effectivePercentage, signingRlp, encoded },
    end: r.off,
  };
}

/** Bounds-checked cursor; every read past the end is TRUNCATED. */
class Reader {
  constructor(
    private readonly d: Uint8Array,
    public off: number,
  ) {}

  byte(): number {
    const b = this.d[this.off];
    if (b === undefined) throw new BatchDecodeError("TRUNCATED", "batch ends in the middle of a tx", this.off);
    this.off += 1;
    return b;
  }

  take(n: number): Uint8Array {
    if (this.off + n > this.d.length) throw new BatchDecodeError("TRUNCATED", `needed ${n} bytes, the batch ends first`, this.off);
    const out = this.d.subarray(this.off, this.off + n);
    this.off += n;
    return out;
  }

  /** Long-form length: no leading zeros and > 55, as canonical RLP requires. */
  length(lenLen: number): number {
    const at = this.off;
    const b = this.take(lenLen);
    if (b[0] === 0) throw new BatchDecodeError("NON_CANONICAL_LENGTH", "RLP length has a leading zero byte", at);
    const n = Number(bytesToBig(b));
    if (n <= 55) throw new BatchDecodeError("NON_CANONICAL_LENGTH", `RLP long form used for a length of ${n}`, at);
    return n;
  }

  /** A canonical short-string integer: no leading zeros, single bytes below 0x80 encoded as themselves. */
  integer(field: keyof typeof INT_WIDTH): bigint {
    const at = this.off;
    const b = this.byte();
    if (b < 0x80) {
      if (b === 0) throw new BatchDecodeError("NON_CANONICAL_INTEGER", `${field} 0 must be encoded as 0x80, not 0x00`, at);
      return BigInt(b);
    }
    if (b > 0xb7) throw new BatchDecodeError("NOT_A_SHORT_STRING", `${field} must be a short RLP string`, at);
    const len = b - 0x80;
    if (len > INT_WIDTH[field]) {
      throw new BatchDecodeError("INTEGER_TOO_LONG", `${field} has ${len} bytes, at most ${INT_WIDTH[field]} are allowed`, at);
    }
    const v = this.take(len);
    if (len > 0 && v[0] === 0) throw new BatchDecodeError("NON_CANONICAL_INTEGER", `${field} has a leading zero byte`, at);
    if (len === 1 && v[0]! < 0x80) {
      throw new BatchDecodeError("NON_CANONICAL_INTEGER", `${field} below 0x80 must be encoded as a single byte`, at);
    }
    return bytesToBig(v);
  }

  /** A canonical RLP byte string (the tx data). */
  string(): Uint8Array {
    const at = this.off;
    const b = this.byte();
    if (b < 0x80) return this.d.slice(at, at + 1);
    if (b <= 0xb7) {
      const v = this.take(b - 0x80);
      if (v.length === 1 && v[0]! < 0x80) {
        throw new BatchDecodeError("NON_CANONICAL_STRING", "a single byte below 0x80 must be encoded as itself", at);
      }
      return v.slice();
    }
    if (b <= 0xbf) return this.take(this.length(b - 0xb7)).slice();
    throw new BatchDecodeError("NOT_A_SHORT_STRING", "tx data must be an RLP string, not a list", at);
  }
}

/** rlp(signingFields): 9 fields for EIP-155 (chainId, 0, 0), 6 for pre-155. */
export function signingRlp(tx: L2Tx): Uint8Array {
  const fields = [
    rlpInt(tx.nonce),
    rlpInt(tx.gasPrice),
    rlpInt(tx.gasLimit),
    tx.to === null ? Uint8Array.of(0x80) : rlpBytes(hexAddr(tx.to)),
    rlpInt(tx.value),
    rlpBytes(tx.data),
  ];
  if (tx.chainId !== null) fields.push(rlpInt(tx.chainId), Uint8Array.of(0x80), Uint8Array.of(0x80));
  return rlpList(fields);
}

/** The batch encoding of one tx. */
export function encodeL2Tx(tx: L2Tx, forkId = 8): Uint8Array {
  const parts = [signingRlp(tx), bigToFixed(tx.r, 32), bigToFixed(tx.s, 32), Uint8Array.of(tx.v)];
  if (forkId >= FORKID_DRAGONFRUIT) parts.push(Uint8Array.of(tx.effectivePercentage));
  return concat(...parts);
}

export function encodeChangeL2Block(b: ChangeL2Block): Uint8Array {
  const out = new Uint8Array(CHANGE_L2_BLOCK_BYTES);
  out[0] = TX_CHANGE_L2_BLOCK;
  const dv = new DataView(out.buffer);
  dv.setUint32(1, b.deltaTimestamp);
  dv.setUint32(5, b.indexL1InfoTree);
  return out;
}

export type EncodableEntry = { kind: "changeL2Block"; block: ChangeL2Block } | { kind: "tx"; tx: L2Tx };

export function encodeBatchL2Data(entries: readonly EncodableEntry[], forkId = 8): Uint8Array {
  return concat(...entries.map((e) => (e.kind === "changeL2Block" ? encodeChangeL2Block(e.block) : encodeL2Tx(e.tx, forkId))));
}

/** keccak256(rlp(signingFields)): the message the sender signed. */
export function signingHash(tx: L2Tx | DecodedL2Tx): Hex {
  const rlp = "signingRlp" in tx ? tx.signingRlp : signingRlp(tx);
  return toHex(keccak(rlp));
}

function hexAddr(a: Address): Uint8Array {
  return Buffer.from(normAddress(a).slice(2), "hex");
}
