/** Persistence of the tx manager's txs in `state.l1_tx`: every tx, its nonce, fees and every hash it was sent under. */
import { getAddress, getBytes, hexlify } from "ethers";
import type { Db } from "../db/db.js";

export type L1TxStatus = "created" | "sent" | "mined" | "confirmed" | "failed";
export const UNFINISHED: readonly L1TxStatus[] = ["created", "sent", "mined"];

/** One signed-and-sent version of a tx (kept in the `sent_hashes` JSONB column). */
export interface SentAttempt {
  hash: string;
  /** Milliseconds since the epoch. */
  sentAt: number;
  /** maxFeePerGas, or the gas price of a legacy tx (wei, decimal). */
  maxFee: string;
  /** maxPriorityFeePerGas (wei, decimal); null for a legacy tx. */
  priorityFee: string | null;
}

export interface L1TxRecord {
  id: string;
  owner: string;
  from: string;
  to: string | null;
  nonce: number | null;
  value: bigint;
  data: string;
  gas: number | null;
  maxFee: bigint | null;
  priorityFee: bigint | null;
  status: L1TxStatus;
  sentHashes: SentAttempt[];
  minedHash: string | null;
  blockNumber: number | null;
  /** `<CODE>[ <RevertName>]: <message>` for failed txs. */
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  [k: string]: unknown;
  id: string;
  owner: string;
  from_address: Uint8Array;
  to_address: Uint8Array | null;
  nonce: number | null;
  value: string;
  data: Uint8Array;
  gas: number | null;
  max_fee: string | null;
  priority_fee: string | null;
  status: L1TxStatus;
  sent_hashes: SentAttempt[];
  mined_hash: Uint8Array | null;
  block_num: number | null;
  error: string | null;
  created_at: Date;
  updated_at: Date;
}

const fromRow = (r: Row): L1TxRecord => ({
  id: r.id,
  owner: r.owner,
  from: getAddress(hexlify(r.from_address)),
  to: r.to_address ? getAddress(hexlify(r.to_address)) : null,
  nonce: r.nonce,
  value: BigInt(r.value),
  data: hexlify(r.data),
  gas: r.gas,
  maxFee: r.max_fee === null ? null : BigInt(r.max_fee),
  priorityFee: r.priority_fee === null ? null : BigInt(r.priority_fee),
  status: r.status,
  sentHashes: r.sent_hashes,
  minedHash: r.mined_hash ? hexlify(r.mined_hash) : null,
  blockNumber: r.block_num,
  error: r.error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface NewL1Tx {
  id: string;
  owner: string;
  from: string;
  to: string | null;
  value: bigint;
  data: string;
  gas: number | null;
}

export class L1TxStore {
  constructor(private readonly db: Db) {}

  /** Inserts the tx; returns false when the id already exists. */
  async insert(tx: NewL1Tx): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO state.l1_tx (id, owner, from_address, to_address, value, data, gas, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'created') ON CONFLICT (id) DO NOTHING RETURNING id`,
      [tx.id, tx.owner, getBytes(tx.from), tx.to ? getBytes(tx.to) : null, tx.value.toString(), getBytes(tx.data), tx.gas],
    );
    return rows.length === 1;
  }

  async get(id: string): Promise<L1TxRecord | null> {
    const [row] = await this.db.query<Row>("SELECT * FROM state.l1_tx WHERE id = $1", [id]);
    return row ? fromRow(row) : null;
  }

  async list(filter: { owner?: string; statuses?: readonly L1TxStatus[] } = {}): Promise<L1TxRecord[]> {
    const rows = await this.db.query<Row>(
      `SELECT * FROM state.l1_tx WHERE ($1::text IS NULL OR owner = $1) AND ($2::text[] IS NULL OR status = ANY($2::text[]))
       ORDER BY created_at, id`,
      [filter.owner ?? null, filter.statuses ? [...filter.statuses] : null],
    );
    return rows.map(fromRow);
  }

  /** The sender's unfinished txs: sent ones in nonce order first, then the ones not sent yet in arrival order. */
  async unfinished(from: string): Promise<L1TxRecord[]> {
    const rows = await this.db.query<Row>(
      `SELECT * FROM state.l1_tx WHERE from_address = $1 AND status = ANY($2::text[])
       ORDER BY nonce NULLS LAST, created_at, id`,
      [getBytes(from), [...UNFINISHED]],
    );
    return rows.map(fromRow);
  }

  /** Highest nonce held by a sent-but-unfinished tx of the sender, or null. */
  async highestPendingNonce(from: string): Promise<number | null> {
    const [row] = await this.db.query<{ n: number | null }>(
      "SELECT max(nonce) AS n FROM state.l1_tx WHERE from_address = $1 AND status IN ('sent', 'mined')",
      [getBytes(from)],
    );
    return row?.n ?? null;
  }

  /** Records a newly signed version before it is broadcast, so a crash never loses a hash that may get mined. */
  async recordAttempt(id: string, nonce: number, gas: number, attempt: SentAttempt): Promise<void> {
    await this.db.query(
      `UPDATE state.l1_tx SET nonce = $2, gas = $3, max_fee = $4, priority_fee = $5, status = 'sent',
         sent_hashes = sent_hashes || $6::jsonb, updated_at = now() WHERE id = $1`,
      [id, nonce, gas, attempt.maxFee, attempt.priorityFee, JSON.stringify([attempt])],
    );
  }

  async markMined(id: string, hash: string, blockNumber: number): Promise<void> {
    await this.db.query("UPDATE state.l1_tx SET status = 'mined', mined_hash = $2, block_num = $3, updated_at = now() WHERE id = $1", [
      id,
      getBytes(hash),
      blockNumber,
    ]);
  }

  /** The mined block was reorged away: watch the sent hashes again. */
  async markUnmined(id: string): Promise<void> {
    await this.db.query("UPDATE state.l1_tx SET status = 'sent', mined_hash = NULL, block_num = NULL, updated_at = now() WHERE id = $1", [id]);
  }

  async markConfirmed(id: string): Promise<void> {
    await this.db.query("UPDATE state.l1_tx SET status = 'confirmed', updated_at = now() WHERE id = $1", [id]);
  }

  async markFailed(id: string, error: string, mined?: { hash: string; blockNumber: number }): Promise<void> {
    await this.db.query(
      `UPDATE state.l1_tx SET status = 'failed', error = $2, mined_hash = COALESCE($3, mined_hash), block_num = COALESCE($4, block_num),
         updated_at = now() WHERE id = $1`,
      [id, error, mined ? getBytes(mined.hash) : null, mined?.blockNumber ?? null],
    );
  }
}
