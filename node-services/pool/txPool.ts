/**
 * The transaction pool: validates `eth_sendRawTransaction` input in the zkevm-node order with its messages, stores
 * txs in `pool.transaction`, and hands the sequencer executable txs in a fair order. Status: pending → selected
 * (stored in an L2 block) | failed (replaced, nonce/balance at execution) | invalid (cannot execute).
 */
import { EventEmitter } from "node:events";
import { isIP } from "node:net";
import { Transaction } from "ethers";
import type { Db } from "../db/db.js";
import { bytesToHex, hexToBytes, type Hex } from "../state/hex.js";
import type { StateReader } from "../state/stateReader.js";
import { PoolError } from "./errors.js";
import { intrinsicGas } from "./intrinsicGas.js";
import { defaultPoolOptions, type PoolOptions } from "./options.js";
import { executableChain, fairOrder } from "./selection.js";

export type PoolTxStatus = "pending" | "selected" | "failed" | "invalid";

export interface PoolTx {
  hash: Hex;
  encoded: Hex;
  from: Hex;
  to: Hex | null;
  nonce: number;
  gasPrice: bigint;
  gasLimit: number;
  value: bigint;
  size: number;
  status: PoolTxStatus;
  failedReason: string | null;
  receivedAt: number;
}

export interface TxPoolDeps {
  db: Db;
  state: StateReader;
  /** State root that `latest` means (last stored L2 block); null before genesis. */
  latestStateRoot: () => Promise<Hex | null>;
  chainId: bigint;
  options?: Partial<PoolOptions>;
}

/** Account nonce lookup the sequencer may override with its in-flight view. */
export type NonceOf = (address: Hex) => Promise<number> | number;

interface PoolRow {
  [k: string]: unknown;
  hash: Uint8Array;
  encoded: Uint8Array;
  from_address: Uint8Array;
  to_address: Uint8Array | null;
  nonce: number;
  gas_price: string;
  gas_limit: number;
  value: string;
  size: number;
  status: string;
  failed_reason: string | null;
  received_at: Date;
}

const COLS = `hash, encoded, from_address, to_address, nonce, gas_price::TEXT AS gas_price, gas_limit, value::TEXT AS value,
  size, status, failed_reason, received_at`;

function toPoolTx(r: PoolRow): PoolTx {
  return {
    hash: bytesToHex(r.hash),
    encoded: bytesToHex(r.encoded),
    from: bytesToHex(r.from_address),
    to: r.to_address ? bytesToHex(r.to_address) : null,
    nonce: r.nonce,
    gasPrice: BigInt(r.gas_price),
    gasLimit: r.gas_limit,
    value: BigInt(r.value),
    size: r.size,
    status: r.status as PoolTxStatus,
    failedReason: r.failed_reason,
    receivedAt: r.received_at.getTime(),
  };
}

export interface PoolEvents {
  /** A tx was accepted (new or replacement). */
  tx: [hash: Hex];
}

export class TxPool extends EventEmitter<PoolEvents> {
  readonly options: PoolOptions;
  private readonly db: Db;
  private readonly state: StateReader;
  private readonly latestStateRoot: () => Promise<Hex | null>;
  readonly chainId: bigint;
  /** Minimum accepted gas price; a gas pricer may move it. */
  minGasPrice: bigint;

  constructor(deps: TxPoolDeps) {
    super();
    this.db = deps.db;
    this.state = deps.state;
    this.latestStateRoot = deps.latestStateRoot;
    this.chainId = deps.chainId;
    this.options = { ...defaultPoolOptions, ...deps.options };
    this.minGasPrice = this.options.minGasPrice;
  }

  /** Validates and stores a signed raw tx; returns its hash or throws a PoolError with the zkevm-node message. */
  async addTx(raw: string, ip?: string): Promise<Hex> {
    const v = await this.validate(raw, ip);
    await this.db.transaction(async (q) => {
      if (v.replaces) {
        await q.query("UPDATE pool.transaction SET status = 'failed', failed_reason = 'replaced transaction' WHERE hash = $1", [
          hexToBytes(v.replaces),
        ]);
      }
      // A tx that failed earlier may come back: the new attempt replaces the old row.
      await q.query("DELETE FROM pool.transaction WHERE hash = $1 AND status IN ('failed', 'invalid')", [hexToBytes(v.hash)]);
      await q.query(
        `INSERT INTO pool.transaction (hash, encoded, from_address, to_address, nonce, gas_price, gas_limit, value, size, status, ip)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10)`,
        [
          hexToBytes(v.hash),
          v.bytes,
          hexToBytes(v.from),
          v.to ? hexToBytes(v.to) : null,
          v.nonce,
          v.gasPrice.toString(),
          v.gasLimit.toString(),
          v.value.toString(),
          v.bytes.length,
          ip ?? "",
        ],
      );
    });
    this.emit("tx", v.hash);
    return v.hash;
  }

  /** The checks of zkevm-node `validateTx`, in its order (reference §5.2), then the block gas limit. */
  private async validate(raw: string, ip: string | undefined) {
    if (ip !== undefined && ip !== "" && isIP(ip) === 0) throw PoolError.of("INVALID_IP");
    let bytes: Uint8Array;
    let tx: Transaction;
    try {
      bytes = hexToBytes(raw);
      if (bytes.length === 0) throw new Error("empty");
      tx = Transaction.from(bytesToHex(bytes));
    } catch (err) {
      const msg = err instanceof Error ? err.message : "";
      if (/signature|invalid (v|r|s)\b|yParity|non-canonical/i.test(msg)) throw PoolError.of("INVALID_SENDER");
      throw PoolError.of("INVALID_TX_INPUT");
    }
    if (!tx.signature) throw PoolError.of("INVALID_SENDER");
    if (tx.chainId !== this.chainId && tx.chainId !== 0n) throw PoolError.of("INVALID_CHAIN_ID");
    if (tx.type !== 0) throw PoolError.of("TX_TYPE_NOT_SUPPORTED");
    let from: Hex;
    try {
      from = tx.from!.toLowerCase() as Hex;
    } catch {
      throw PoolError.of("INVALID_SENDER");
    }
    if (bytes.length > this.options.maxTxBytesSize) throw PoolError.of("OVERSIZED_DATA");
    const [blocked] = await this.db.query("SELECT 1 FROM pool.blocked WHERE address = $1", [hexToBytes(from)]);
    if (blocked) throw PoolError.of("BLOCKED_SENDER");

    const root = await this.latestStateRoot();
    if (root === null) throw PoolError.of("NO_STATE");
    const [stateNonce, balance] = await Promise.all([this.state.getNonce(root, from), this.state.getBalance(root, from)]);
    const nonce = BigInt(tx.nonce);
    if (nonce < stateNonce) throw PoolError.of("NONCE_TOO_LOW");
    if (nonce > stateNonce + BigInt(this.options.accountQueue) - 1n) throw PoolError.of("NONCE_TOO_HIGH");
    const [count] = await this.db.query<{ n: number }>("SELECT count(*)::BIGINT AS n FROM pool.transaction WHERE status = 'pending'");
    if ((count?.n ?? 0) >= this.options.globalQueue) throw PoolError.of("TXPOOL_FULL");
    const gasPrice = tx.gasPrice ?? 0n;
    if (gasPrice < this.minGasPrice) throw PoolError.of("GAS_PRICE_TOO_LOW");
    if (balance < tx.value + tx.gasLimit * gasPrice) throw PoolError.of("INSUFFICIENT_FUNDS");
    const data = hexToBytes(tx.data);
    if (tx.gasLimit < intrinsicGas(data, tx.to === null)) throw PoolError.of("INTRINSIC_GAS_TOO_LOW");

    const hash = tx.hash! as Hex;
    const same = await this.db.query<{ hash: Uint8Array; gas_price: string; status: string }>(
      `SELECT hash, gas_price::TEXT AS gas_price, status FROM pool.transaction
       WHERE (hash = $1 AND status IN ('pending', 'selected')) OR (from_address = $2 AND nonce = $3 AND status = 'pending')`,
      [hexToBytes(hash), hexToBytes(from), tx.nonce],
    );
    if (same.some((r) => bytesToHex(r.hash) === hash)) throw PoolError.of("ALREADY_KNOWN");
    let replaces: Hex | undefined;
    const existing = same[0];
    if (existing) {
      const old = BigInt(existing.gas_price);
      if (gasPrice * 100n < old * BigInt(100 + this.options.priceBumpPercent)) throw PoolError.of("REPLACEMENT_UNDERPRICED");
      replaces = bytesToHex(existing.hash);
    }
    if (data.length > this.options.maxTxDataBytesSize) {
      throw new PoolError(
        "DATA_TOO_BIG",
        `data size bigger than allowed, current size is ${data.length} bytes and max allowed is ${this.options.maxTxDataBytesSize} bytes`,
      );
    }
    if (tx.gasLimit > this.options.blockGasLimit) throw PoolError.of("GAS_LIMIT_EXCEEDED");
    return {
      hash,
      bytes,
      from,
      to: (tx.to?.toLowerCase() ?? null) as Hex | null,
      nonce: tx.nonce,
      gasPrice,
      gasLimit: tx.gasLimit,
      value: tx.value,
      replaces,
    };
  }

  async getTx(hash: Hex): Promise<PoolTx | null> {
    const [r] = await this.db.query<PoolRow>(`SELECT ${COLS} FROM pool.transaction WHERE hash = $1`, [hexToBytes(hash)]);
    return r ? toPoolTx(r) : null;
  }

  private async pendingBySender(): Promise<Map<Hex, PoolTx[]>> {
    const rows = await this.db.query<PoolRow>(
      `SELECT ${COLS} FROM pool.transaction WHERE status = 'pending' ORDER BY from_address, nonce`,
    );
    const by = new Map<Hex, PoolTx[]>();
    for (const r of rows) {
      const t = toPoolTx(r);
      const list = by.get(t.from);
      if (list) list.push(t);
      else by.set(t.from, [t]);
    }
    return by;
  }

  private async stateNonceOf(): Promise<NonceOf> {
    const root = await this.latestStateRoot();
    if (root === null) throw PoolError.of("NO_STATE");
    return async (a) => Number(await this.state.getNonce(root, a));
  }

  /** Splits pending txs per sender into executable ("pending" in txpool terms) and gapped ("queued"). */
  async partition(nonceOf?: NonceOf): Promise<Map<Hex, { ready: PoolTx[]; queued: PoolTx[] }>> {
    const by = await this.pendingBySender();
    const out = new Map<Hex, { ready: PoolTx[]; queued: PoolTx[] }>();
    if (by.size === 0) return out;
    const lookup = nonceOf ?? (await this.stateNonceOf());
    for (const [from, txs] of by) out.set(from, executableChain(txs, await lookup(from)));
    return out;
  }

  /** Up to `limit` executable txs: by gas price across senders, in nonce order within a sender. */
  async getSelectable(limit: number, nonceOf?: NonceOf): Promise<PoolTx[]> {
    const parts = await this.partition(nonceOf);
    return fairOrder(
      [...parts.values()].map((p) => p.ready),
      limit,
    );
  }

  /** The txs were stored in an L2 block. */
  async markSelected(hashes: readonly Hex[]): Promise<void> {
    if (hashes.length === 0) return;
    await this.db.query("UPDATE pool.transaction SET status = 'selected' WHERE hash = ANY($1::BYTEA[])", [hashes.map(hexToBytes)]);
  }

  /** The tx cannot be included: `failed` for nonce/balance/replacement reasons, `invalid` when it cannot execute. */
  async markFailed(hash: Hex, reason: string, status: "failed" | "invalid" = "failed"): Promise<void> {
    const rows = await this.db.query("UPDATE pool.transaction SET status = $2, failed_reason = $3 WHERE hash = $1 RETURNING hash", [
      hexToBytes(hash),
      status,
      reason,
    ]);
    if (rows.length === 0) throw new PoolError("TX_NOT_FOUND", `transaction ${hash} is not in the pool`);
  }

  /** Puts selected txs back to pending (a trusted reorg dropped the block that held them). */
  async markPending(hashes: readonly Hex[]): Promise<void> {
    if (hashes.length === 0) return;
    await this.db.query("UPDATE pool.transaction SET status = 'pending', failed_reason = NULL WHERE hash = ANY($1::BYTEA[])", [
      hashes.map(hexToBytes),
    ]);
  }

  async delete(hashes: readonly Hex[]): Promise<void> {
    if (hashes.length === 0) return;
    await this.db.query("DELETE FROM pool.transaction WHERE hash = ANY($1::BYTEA[])", [hashes.map(hexToBytes)]);
  }

  /** Next nonce for `eth_getTransactionCount(addr, "pending")`: the state nonce followed through the pool's unbroken chain. */
  async pendingNonce(address: Hex, stateNonce: number): Promise<number> {
    const rows = await this.db.query<{ nonce: number }>(
      "SELECT nonce FROM pool.transaction WHERE from_address = $1 AND status = 'pending' AND nonce >= $2 ORDER BY nonce",
      [hexToBytes(address), stateNonce],
    );
    let next = stateNonce;
    for (const r of rows) if (r.nonce === next) next++;
    return next;
  }

  async counts(nonceOf?: NonceOf): Promise<{ pending: number; queued: number }> {
    let pending = 0;
    let queued = 0;
    for (const p of (await this.partition(nonceOf)).values()) {
      pending += p.ready.length;
      queued += p.queued.length;
    }
    return { pending, queued };
  }

  async blockSender(address: Hex): Promise<void> {
    await this.db.query("INSERT INTO pool.blocked (address) VALUES ($1) ON CONFLICT DO NOTHING", [hexToBytes(address)]);
  }

  async unblockSender(address: Hex): Promise<void> {
    await this.db.query("DELETE FROM pool.blocked WHERE address = $1", [hexToBytes(address)]);
  }
}

