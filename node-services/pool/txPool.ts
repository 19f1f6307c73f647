/**
 * The transaction pool: validates `eth_sendRawTransaction` input in the zkevm-node order with its messages, stores
 * txs in `pool.transaction`, and hands the sequencer executable txs in a fair order. Status: pending → selected
 * (stored in an L2 block) | failed (replaced, nonce/balance at execution) | invalid (cannot execute).
 * Live txs are mirrored in memory (PoolIndex), so this must be the only TxPool writing its table. Submissions that
 * arrive together are stored together (`admitQueued`): a hash is returned only once its row is written.
 */
import { EventEmitter } from "node:events";
import { isIP } from "node:net";
import { Transaction } from "ethers";
import type { Db } from "../db/db.js";
import { bytesToHex, hexToBytes, type Hex } from "../state/hex.js";
import { recoverAddress } from "../executor/ecrecover.js";
import type { StateReader } from "../state/stateReader.js";
import { PoolError } from "./errors.js";
import { intrinsicGas } from "./intrinsicGas.js";
import { decodeLegacyTx, type DecodedLegacyTx } from "./legacyDecode.js";
import { defaultPoolOptions, type PoolOptions } from "./options.js";
import { PoolIndex } from "./poolIndex.js";
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

/** A decoded, signature-checked tx with the state it is judged against; the pool rules run on it in `checkRules`. */
interface Candidate extends Omit<DecodedLegacyTx, "from"> {
  bytes: Uint8Array;
  from: Hex;
  stateNonce: bigint;
  balance: bigint;
}

interface Admission {
  c: Candidate;
  ip: string;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Most txs stored by one statement (ten parameters each, far below PostgreSQL's 65,535). */
const MAX_ADMISSION_GROUP = 512;

/** What `checkRules` reads of the pool. */
interface RulesView {
  readonly pending: number;
  get(hash: Hex): PoolTx | undefined;
  pendingAt(from: Hex, nonce: number): PoolTx | undefined;
}

/** Admissions judged for one group write: the pool as it will be once they are stored (the mirror plus the group). */
class AdmissionGroup implements RulesView {
  readonly members: { admission: Admission; tx: PoolTx }[] = [];
  private readonly byHash = new Map<Hex, PoolTx>();
  private readonly bySenderNonce = new Map<string, PoolTx>();

  constructor(private readonly index: PoolIndex) {}

  get size(): number {
    return this.members.length;
  }

  get pending(): number {
    return this.index.pending + this.members.length;
  }

  get(hash: Hex): PoolTx | undefined {
    return this.index.get(hash) ?? this.byHash.get(hash.toLowerCase() as Hex);
  }

  pendingAt(from: Hex, nonce: number): PoolTx | undefined {
    return this.bySenderNonce.get(`${from.toLowerCase()}:${nonce}`) ?? this.index.pendingAt(from, nonce);
  }

  add(admission: Admission, tx: PoolTx): void {
    this.members.push({ admission, tx });
    this.byHash.set(tx.hash.toLowerCase() as Hex, tx);
    this.bySenderNonce.set(`${tx.from.toLowerCase()}:${tx.nonce}`, tx);
  }
}

/** The mirror entry of an admitted candidate; `receivedAt` is the database's, set once stored. */
function toPending(c: Candidate): PoolTx {
  return {
    hash: c.hash,
    encoded: bytesToHex(c.bytes),
    from: c.from,
    to: c.to,
    nonce: c.nonce,
    gasPrice: c.gasPrice,
    gasLimit: Number(c.gasLimit),
    value: c.value,
    size: c.bytes.length,
    status: "pending",
    failedReason: null,
    receivedAt: 0,
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
  private loaded: Promise<{ index: PoolIndex; blocked: Set<Hex> }> | undefined;
  /** Tail of the chain that runs pool writes one at a time (see `addTx`). */
  private writes: Promise<unknown> = Promise.resolve();
  /** Decoded submissions waiting for the next group write (see `admitQueued`). */
  private readonly admissions: Admission[] = [];

  constructor(deps: TxPoolDeps) {
    super();
    this.db = deps.db;
    this.state = deps.state;
    this.latestStateRoot = deps.latestStateRoot;
    this.chainId = deps.chainId;
    this.options = { ...defaultPoolOptions, ...deps.options };
    this.minGasPrice = this.options.minGasPrice;
  }

  /** The in-memory mirror, read from the table on first use (so a restart picks up what was stored). */
  private mirror(): Promise<{ index: PoolIndex; blocked: Set<Hex> }> {
    this.loaded ??= (async () => {
      const rows = await this.db.query<PoolRow>(`SELECT ${COLS} FROM pool.transaction WHERE status IN ('pending', 'selected')`);
      const blocked = await this.db.query<{ address: Uint8Array }>("SELECT address FROM pool.blocked");
      return { index: new PoolIndex(rows.map(toPoolTx)), blocked: new Set(blocked.map((r) => bytesToHex(r.address))) };
    })().catch((err: unknown) => {
      this.loaded = undefined;
      throw err;
    });
    return this.loaded;
  }

  private async index(): Promise<PoolIndex> {
    return (await this.mirror()).index;
  }

  /** Runs `fn` after every write queued before it, so a write and the mirror update that follows it are never interleaved. */
  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writes.then(fn, fn);
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** Validates and stores a signed raw tx; returns its hash or throws a PoolError with the zkevm-node message. */
  async addTx(raw: string, ip?: string): Promise<Hex> {
    const c = await this.decode(raw, ip);
    await new Promise<void>((resolve, reject) => {
      this.admissions.push({ c, ip: ip ?? "", resolve, reject });
      // The write waits one turn of the event loop, so submissions decoded meanwhile join it (PGlite runs a
      // statement synchronously, so nothing would queue up behind a write started at once).
      if (this.admissions.length === 1) setImmediate(() => void this.serialized(() => this.admitQueued()));
    });
    this.emit("tx", c.hash);
    return c.hash;
  }

  /**
   * Group commit: the admissions that queued up while the previous write ran are judged in arrival order and stored
   * by one statement, so a pool under many concurrent senders pays one database round trip per group, not per tx.
   * The rules run inside the serialized write, so two concurrent submissions cannot both take the last slot or both
   * replace the same tx.
   */
  private async admitQueued(): Promise<void> {
    while (this.admissions.length > 0) {
      let index: PoolIndex;
      try {
        ({ index } = await this.mirror());
      } catch (err) {
        // The pool cannot be read (database down): every waiting submission gets the error instead of hanging.
        for (const a of this.admissions.splice(0)) a.reject(err);
        return;
      }
      const group = new AdmissionGroup(index);
      let replaces: PoolTx | undefined;
      while (this.admissions.length > 0 && group.size < MAX_ADMISSION_GROUP && !replaces) {
        const a = this.admissions[0]!;
        try {
          replaces = this.checkRules(group, a.c);
        } catch (err) {
          this.admissions.shift();
          a.reject(err);
          continue;
        }
        // A replacement is stored alone (it also fails the tx it replaces); a replacement of a tx of this very group
        // waits until the group is stored and is then judged against it again.
        if (replaces && group.size > 0) {
          replaces = undefined;
          break;
        }
        this.admissions.shift();
        group.add(a, toPending(a.c));
      }
      if (group.size > 0) await this.store(index, group, replaces);
    }
  }

  /** Writes a group in one statement and updates the mirror; every admission in it is settled. */
  private async store(index: PoolIndex, group: AdmissionGroup, replaces?: PoolTx): Promise<void> {
    const params: unknown[] = [];
    const rows = group.members.map(({ admission: { c, ip } }) => {
      const at = params.length;
      params.push(hexToBytes(c.hash), c.bytes, hexToBytes(c.from), c.to ? hexToBytes(c.to) : null, c.nonce, c.gasPrice.toString(),
        c.gasLimit.toString(), c.value.toString(), c.bytes.length, ip);
      return `(${Array.from({ length: 10 }, (_, i) => `$${at + i + 1}`).join(", ")}, 'pending')`;
    });
    if (replaces) params.push(hexToBytes(replaces.hash));
    let stored: Map<Hex, Date>;
    try {
      // One statement, so no transaction: a replaced tx fails and its successor is stored together. A tx that failed
      // earlier may come back; its row is reused. No row back means a live row of that hash exists.
      const returned = await this.db.query<{ hash: Uint8Array; received_at: Date }>(
        `${replaces ? `WITH replaced AS (UPDATE pool.transaction SET status = 'failed', failed_reason = 'replaced transaction' WHERE hash = $${params.length})` : ""}
         INSERT INTO pool.transaction (hash, encoded, from_address, to_address, nonce, gas_price, gas_limit, value, size, ip, status)
         VALUES ${rows.join(", ")}
         ON CONFLICT (hash) DO UPDATE SET status = 'pending', failed_reason = NULL, ip = EXCLUDED.ip, received_at = now()
           WHERE pool.transaction.status IN ('failed', 'invalid')
         RETURNING hash, received_at`,
        params,
      );
      stored = new Map(returned.map((r) => [bytesToHex(r.hash).toLowerCase() as Hex, r.received_at]));
    } catch (err) {
      for (const m of group.members) m.admission.reject(err);
      return;
    }
    if (replaces && stored.size > 0) index.remove(replaces.hash);
    for (const { admission, tx } of group.members) {
      const receivedAt = stored.get(tx.hash.toLowerCase() as Hex);
      if (!receivedAt) {
        admission.reject(PoolError.of("ALREADY_KNOWN"));
        continue;
      }
      index.put({ ...tx, receivedAt: receivedAt.getTime() });
      admission.resolve();
    }
  }

  /** The checks of zkevm-node `validateTx` up to the sender's state (reference §5.2); `checkRules` does the rest. */
  private async decode(raw: string, ip: string | undefined): Promise<Candidate> {
    if (ip !== undefined && ip !== "" && isIP(ip) === 0) throw PoolError.of("INVALID_IP");
    let bytes: Uint8Array;
    try {
      bytes = hexToBytes(raw);
    } catch {
      throw PoolError.of("INVALID_TX_INPUT");
    }
    const tx = decodeLegacyTx(bytes) ?? this.decodeWithEthers(bytes);
    if (tx.chainId !== this.chainId && tx.chainId !== 0n) throw PoolError.of("INVALID_CHAIN_ID");
    if (tx.from === null) throw PoolError.of("INVALID_SENDER");
    const from = tx.from.toLowerCase() as Hex;
    if (bytes.length > this.options.maxTxBytesSize) throw PoolError.of("OVERSIZED_DATA");
    if ((await this.mirror()).blocked.has(from)) throw PoolError.of("BLOCKED_SENDER");

    const root = await this.latestStateRoot();
    if (root === null) throw PoolError.of("NO_STATE");
    const [stateNonce, balance] = await Promise.all([this.state.getNonce(root, from), this.state.getBalance(root, from)]);
    return { ...tx, bytes, from, stateNonce, balance };
  }

  /** Any input the fast path leaves: ethers decodes it, and its errors map to the zkevm-node messages in their order. */
  private decodeWithEthers(bytes: Uint8Array): DecodedLegacyTx {
    let tx: Transaction;
    try {
      if (bytes.length === 0) throw new Error("empty");
      tx = Transaction.from(bytesToHex(bytes));
    } catch (err) {
      const msg = err instanceof Error ? err.message : "";
      if (/signature|invalid (v|r|s)\b|yParity|non-canonical/i.test(msg)) throw PoolError.of("INVALID_SENDER");
      throw PoolError.of("INVALID_TX_INPUT");
    }
    const sig = tx.signature;
    if (!sig) throw PoolError.of("INVALID_SENDER");
    if (tx.chainId !== this.chainId && tx.chainId !== 0n) throw PoolError.of("INVALID_CHAIN_ID");
    if (tx.type !== 0) throw PoolError.of("TX_TYPE_NOT_SUPPORTED");
    return {
      hash: tx.hash! as Hex,
      chainId: tx.chainId,
      from: recoverAddress(hexToBytes(tx.unsignedHash), BigInt(sig.r), BigInt(sig.s), sig.yParity),
      to: (tx.to?.toLowerCase() ?? null) as Hex | null,
      nonce: tx.nonce,
      gasPrice: tx.gasPrice ?? 0n,
      gasLimit: tx.gasLimit,
      value: tx.value,
      data: hexToBytes(tx.data),
    };
  }

  /** The rest of `validateTx`, in its order; returns the pending tx that `c` replaces, if any. */
  private checkRules(index: RulesView, c: Candidate): PoolTx | undefined {
    const nonce = BigInt(c.nonce);
    if (nonce < c.stateNonce) throw PoolError.of("NONCE_TOO_LOW");
    if (nonce > c.stateNonce + BigInt(this.options.accountQueue) - 1n) throw PoolError.of("NONCE_TOO_HIGH");
    if (index.pending >= this.options.globalQueue) throw PoolError.of("TXPOOL_FULL");
    if (c.gasPrice < this.minGasPrice) throw PoolError.of("GAS_PRICE_TOO_LOW");
    if (c.balance < c.value + c.gasLimit * c.gasPrice) throw PoolError.of("INSUFFICIENT_FUNDS");
    if (c.gasLimit < intrinsicGas(c.data, c.to === null)) throw PoolError.of("INTRINSIC_GAS_TOO_LOW");
    if (index.get(c.hash)) throw PoolError.of("ALREADY_KNOWN");
    const existing = index.pendingAt(c.from, c.nonce);
    if (existing && c.gasPrice * 100n < existing.gasPrice * BigInt(100 + this.options.priceBumpPercent)) {
      throw PoolError.of("REPLACEMENT_UNDERPRICED");
    }
    if (c.data.length > this.options.maxTxDataBytesSize) {
      throw new PoolError(
        "DATA_TOO_BIG",
        `data size bigger than allowed, current size is ${c.data.length} bytes and max allowed is ${this.options.maxTxDataBytesSize} bytes`,
      );
    }
    if (c.gasLimit > this.options.blockGasLimit) throw PoolError.of("GAS_LIMIT_EXCEEDED");
    return existing;
  }

  async getTx(hash: Hex): Promise<PoolTx | null> {
    const [r] = await this.db.query<PoolRow>(`SELECT ${COLS} FROM pool.transaction WHERE hash = $1`, [hexToBytes(hash)]);
    return r ? toPoolTx(r) : null;
  }

  private async stateNonceOf(): Promise<NonceOf> {
    const root = await this.latestStateRoot();
    if (root === null) throw PoolError.of("NO_STATE");
    return async (a) => Number(await this.state.getNonce(root, a));
  }

  /** Splits pending txs per sender into executable ("pending" in txpool terms) and gapped ("queued"). */
  async partition(nonceOf?: NonceOf): Promise<Map<Hex, { ready: PoolTx[]; queued: PoolTx[] }>> {
    const index = await this.index();
    const out = new Map<Hex, { ready: PoolTx[]; queued: PoolTx[] }>();
    if (index.pending === 0) return out;
    const lookup = nonceOf ?? (await this.stateNonceOf());
    for (const [from, txs] of [...index.pendingSenders()]) out.set(from, executableChain(txs, await lookup(from)));
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
    await this.serialized(async () => {
      const index = await this.index();
      await this.db.query("UPDATE pool.transaction SET status = 'selected' WHERE hash = ANY($1::BYTEA[])", [hashes.map(hexToBytes)]);
      for (const h of hashes) index.setStatus(h, "selected");
    });
  }

  /** The tx cannot be included: `failed` for nonce/balance/replacement reasons, `invalid` when it cannot execute. */
  async markFailed(hash: Hex, reason: string, status: "failed" | "invalid" = "failed"): Promise<void> {
    await this.serialized(async () => {
      const index = await this.index();
      const rows = await this.db.query("UPDATE pool.transaction SET status = $2, failed_reason = $3 WHERE hash = $1 RETURNING hash", [
        hexToBytes(hash),
        status,
        reason,
      ]);
      if (rows.length === 0) throw new PoolError("TX_NOT_FOUND", `transaction ${hash} is not in the pool`);
      index.remove(hash);
    });
  }

  /** Puts selected txs back to pending (a trusted reorg dropped the block that held them). */
  async markPending(hashes: readonly Hex[]): Promise<void> {
    if (hashes.length === 0) return;
    await this.serialized(async () => {
      const index = await this.index();
      const rows = await this.db.query<PoolRow>(
        `UPDATE pool.transaction SET status = 'pending', failed_reason = NULL WHERE hash = ANY($1::BYTEA[]) RETURNING ${COLS}`,
        [hashes.map(hexToBytes)],
      );
      for (const r of rows) index.put(toPoolTx(r));
    });
  }

  async delete(hashes: readonly Hex[]): Promise<void> {
    if (hashes.length === 0) return;
    await this.serialized(async () => {
      const index = await this.index();
      await this.db.query("DELETE FROM pool.transaction WHERE hash = ANY($1::BYTEA[])", [hashes.map(hexToBytes)]);
      for (const h of hashes) index.remove(h);
    });
  }

  /** Next nonce for `eth_getTransactionCount(addr, "pending")`: the state nonce followed through the pool's unbroken chain. */
  async pendingNonce(address: Hex, stateNonce: number): Promise<number> {
    const nonces = (await this.index())
      .pendingOf(address.toLowerCase() as Hex)
      .map((t) => t.nonce)
      .sort((a, b) => a - b);
    let next = stateNonce;
    for (const n of nonces) if (n === next) next++;
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
    await this.serialized(async () => {
      const { blocked } = await this.mirror();
      await this.db.query("INSERT INTO pool.blocked (address) VALUES ($1) ON CONFLICT DO NOTHING", [hexToBytes(address)]);
      blocked.add(address.toLowerCase() as Hex);
    });
  }

  async unblockSender(address: Hex): Promise<void> {
    await this.serialized(async () => {
      const { blocked } = await this.mirror();
      await this.db.query("DELETE FROM pool.blocked WHERE address = $1", [hexToBytes(address)]);
      blocked.delete(address.toLowerCase() as Hex);
    });
  }
}
