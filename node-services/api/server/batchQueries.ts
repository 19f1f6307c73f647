/**
 * The reads the batch pipeline view needs and the state repository does not offer: batch lists filtered by stage and
 * range with paging, per-stage counts, and per-batch block and tx counts, each in one query.
 */
import type { Queryable } from "../../db/db.js";
import { bytesToHex, optBytesToHex } from "../../state/hex.js";
import type { BatchQuery, BatchStage, BatchSummary, Hex, Page, PipelineCounts } from "../nodeApi.js";

/** A batch row as the pipeline shows it, before the proof level is decided (that needs to know our aggregator). */
export interface BatchRowView extends Omit<BatchSummary, "proofLevel"> {
  /** The L1 sender of the verify tx, once verified. */
  aggregator: Hex | null;
}

interface Row {
  [k: string]: unknown;
  batch_num: number;
  ts: number;
  state_root: Uint8Array | null;
  closed: boolean;
  seq_tx: Uint8Array | null;
  ver_tx: Uint8Array | null;
  aggregator: Uint8Array | null;
  block_count: number;
  tx_count: number;
}

/** Batch 0 is the genesis: L1 starts from its state root (the contract is deployed with it), so it counts as verified. */
const stageSql: Record<BatchStage, string> = {
  trusted: "vb.batch_num IS NULL AND vf.batch_num IS NULL AND bt.batch_num <> 0",
  virtual: "vb.batch_num IS NOT NULL AND vf.batch_num IS NULL AND bt.batch_num <> 0",
  verified: "(vf.batch_num IS NOT NULL OR bt.batch_num = 0)",
};

const FROM = `FROM state.batch bt
  LEFT JOIN state.virtual_batch vb ON vb.batch_num = bt.batch_num
  LEFT JOIN state.verified_batch vf ON vf.batch_num = bt.batch_num`;

const SELECT = `SELECT bt.batch_num, extract(epoch FROM bt.timestamp)::BIGINT AS ts, bt.state_root, bt.closed,
  vb.l1_tx_hash AS seq_tx, vf.l1_tx_hash AS ver_tx, vf.aggregator,
  (SELECT count(*) FROM state.l2_block l WHERE l.batch_num = bt.batch_num) AS block_count,
  (SELECT count(*) FROM state.transaction t JOIN state.l2_block l ON l.block_num = t.l2_block_num WHERE l.batch_num = bt.batch_num) AS tx_count
  ${FROM}`;

function toView(r: Row): BatchRowView {
  const stage: BatchStage = r.ver_tx || r.batch_num === 0 ? "verified" : r.seq_tx ? "virtual" : "trusted";
  return {
    number: r.batch_num,
    stage,
    open: !r.closed,
    timestamp: r.ts,
    blockCount: r.block_count,
    txCount: r.tx_count,
    stateRoot: optBytesToHex(r.state_root),
    sequenceTxHash: optBytesToHex(r.seq_tx),
    verifyTxHash: optBytesToHex(r.ver_tx),
    aggregator: r.aggregator ? bytesToHex(r.aggregator) : null,
  };
}

function where(q: Pick<BatchQuery, "stage" | "from" | "to">): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (q.stage) parts.push(stageSql[q.stage]);
  if (q.from !== undefined) parts.push(`bt.batch_num >= $${params.push(q.from)}`);
  if (q.to !== undefined) parts.push(`bt.batch_num <= $${params.push(q.to)}`);
  return { sql: parts.length ? `WHERE ${parts.join(" AND ")}` : "", params };
}

/** Batches matching the query, newest first, with the total over all pages. */
export async function listBatches(db: Queryable, q: BatchQuery): Promise<Page<BatchRowView>> {
  const w = where(q);
  const [count] = await db.query<{ n: number }>(`SELECT count(*) AS n ${FROM} ${w.sql}`, w.params);
  const rows = await db.query<Row>(
    `${SELECT} ${w.sql} ORDER BY bt.batch_num DESC LIMIT $${w.params.length + 1} OFFSET $${w.params.length + 2}`,
    [...w.params, q.limit, q.offset],
  );
  return { items: rows.map(toView), total: count?.n ?? 0 };
}

/** One batch's row view, or null. */
export async function batchRow(db: Queryable, batchNum: number): Promise<BatchRowView | null> {
  const [r] = await db.query<Row>(`${SELECT} WHERE bt.batch_num = $1`, [batchNum]);
  return r ? toView(r) : null;
}

/** Batches numbered `from` and above (the part of the pipeline that can still move), oldest first. */
export async function batchesFrom(db: Queryable, from: number, limit: number): Promise<BatchRowView[]> {
  const rows = await db.query<Row>(`${SELECT} WHERE bt.batch_num >= $1 ORDER BY bt.batch_num LIMIT $2`, [from, limit]);
  return rows.map(toView);
}

export async function pipelineCounts(db: Queryable): Promise<PipelineCounts> {
  const [r] = await db.query<{ [k: string]: unknown; trusted: number; virtual: number; verified: number; last_trusted: number | null; last_virtual: number | null; last_verified: number | null }>(
    `SELECT count(*) FILTER (WHERE ${stageSql.trusted}) AS trusted,
            count(*) FILTER (WHERE ${stageSql.virtual}) AS virtual,
            count(*) FILTER (WHERE ${stageSql.verified}) AS verified,
            max(bt.batch_num) AS last_trusted, max(vb.batch_num) AS last_virtual,
            greatest(max(vf.batch_num), min(bt.batch_num) FILTER (WHERE bt.batch_num = 0)) AS last_verified
     ${FROM}`,
  );
  return {
    trusted: r?.trusted ?? 0,
    virtual: r?.virtual ?? 0,
    verified: r?.verified ?? 0,
    lastTrusted: r?.last_trusted ?? null,
    lastVirtual: r?.last_virtual ?? null,
    lastVerified: r?.last_verified ?? null,
  };
}
