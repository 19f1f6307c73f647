/**
 * Tree nodes in `state.merkletree_node` (hash = 32-byte big-endian scalar, data = 8 big-endian bytes per element).
 * Writes are buffered until flush(); reads see this store's own unflushed writes (also while a flush is running, so
 * a flush can run in the background of the next batch's execution) and go through a bounded cache.
 */
import type { Queryable } from "../db/db.js";
import { WriteBehind } from "../db/writeBehind.js";
import { MerkleTreeError } from "./errors.js";
import { bytesToH4, h4ToBytes, type H4 } from "./h4.js";
import { assertNodeShape, nodeKey, type SmtNodeStore } from "./nodeStore.js";
import { defaultMerkletreeOptions, type MerkletreeOptions } from "./options.js";

export function encodeNodeData(data: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(8 * data.length);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setBigUint64(8 * i, data[i]!);
  return out;
}

export function decodeNodeData(bytes: Uint8Array): bigint[] {
  if (bytes.length % 8 !== 0 || (bytes.length !== 64 && bytes.length !== 96)) {
    throw new MerkleTreeError("CORRUPT_NODE", `a stored tree node is 64 or 96 bytes, got ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const out = new Array<bigint>(bytes.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = view.getBigUint64(8 * i);
  return out;
}

interface Pending {
  hash: H4;
  data: readonly bigint[];
}

export class DbNodeStore implements SmtNodeStore {
  private readonly writes = new WriteBehind<Pending>();
  private readonly cache = new Map<string, readonly bigint[]>();
  private readonly options: MerkletreeOptions;

  constructor(
    private readonly db: Queryable,
    options: Partial<MerkletreeOptions> = {},
  ) {
    this.options = { ...defaultMerkletreeOptions, ...options };
  }

  /** Writes not yet flushed. */
  get pendingCount(): number {
    return this.writes.size;
  }

  async get(hash: H4): Promise<readonly bigint[] | undefined> {
    const k = nodeKey(hash);
    const own = this.unflushed(k);
    if (own) return own;
    const hit = this.cache.get(k);
    if (hit) return hit;
    const rows = await this.db.query<{ data: Uint8Array }>("SELECT data FROM state.merkletree_node WHERE hash = $1", [h4ToBytes(hash)]);
    const row = rows[0];
    if (!row) return undefined;
    const data = decodeNodeData(row.data);
    this.remember(k, data);
    return data;
  }

  async getMany(hashes: readonly H4[]): Promise<(readonly bigint[] | undefined)[]> {
    const out = new Array<readonly bigint[] | undefined>(hashes.length);
    const missing = new Map<string, number[]>();
    hashes.forEach((h, i) => {
      const k = nodeKey(h);
      const known = this.unflushed(k) ?? this.cache.get(k);
      if (known) out[i] = known;
      else missing.set(k, [...(missing.get(k) ?? []), i]);
    });
    const keys = [...missing.keys()];
    const per = Math.max(1, this.options.flushRowsPerStatement);
    for (let start = 0; start < keys.length; start += per) {
      const chunk = keys.slice(start, start + per);
      const params = chunk.map((k) => h4ToBytes(hashes[missing.get(k)![0]!]!));
      const rows = await this.db.query<{ hash: Uint8Array; data: Uint8Array }>(
        `SELECT hash, data FROM state.merkletree_node WHERE hash IN (${params.map((_, i) => `$${i + 1}`).join(", ")})`,
        params,
      );
      for (const row of rows) {
        const k = nodeKey(bytesToH4(row.hash));
        const data = decodeNodeData(row.data);
        this.remember(k, data);
        for (const i of missing.get(k) ?? []) out[i] = data;
      }
    }
    return out;
  }

  put(hash: H4, data: readonly bigint[]): void {
    assertNodeShape(data);
    this.writes.set(nodeKey(hash), { hash, data });
  }

  /**
   * Writes the buffered nodes, through `tx` when given so they commit with the caller's transaction.
   * If that transaction then rolls back, call clearCache(): the cache would otherwise serve nodes the database lacks.
   */
  async flush(tx: Queryable = this.db): Promise<void> {
    const written = await this.writes.flush(async (batch) => {
      // one statement per node size, the rows packed into two fixed-stride blobs that SQL cuts apart:
      // a few parameters instead of two per node, which the databases parse much faster
      for (const elements of [12, 8]) {
        const rows = [...batch.values()].filter((r) => r.data.length === elements);
        const per = Math.max(1, this.options.flushRowsPerStatement);
        for (let start = 0; start < rows.length; start += per) {
          const chunk = rows.slice(start, start + per);
          const hashes = new Uint8Array(32 * chunk.length);
          const datas = new Uint8Array(8 * elements * chunk.length);
          chunk.forEach((r, i) => {
            hashes.set(h4ToBytes(r.hash), 32 * i);
            datas.set(encodeNodeData(r.data), 8 * elements * i);
          });
          await tx.query(
            `INSERT INTO state.merkletree_node (hash, data)
             SELECT substring($1::bytea FROM i * 32 + 1 FOR 32), substring($2::bytea FROM i * $3::int + 1 FOR $3::int)
             FROM generate_series(0, $4::int - 1) AS i
             ON CONFLICT (hash) DO NOTHING`,
            [hashes, datas, 8 * elements, chunk.length],
          );
        }
      }
    });
    for (const [k, v] of written) this.remember(k, v.data);
  }

  private unflushed(k: string): readonly bigint[] | undefined {
    return this.writes.get(k)?.data;
  }

  /** Forgets cached nodes (not the unflushed writes). */
  clearCache(): void {
    this.cache.clear();
  }

  private remember(k: string, data: readonly bigint[]): void {
    const max = this.options.nodeCacheEntries;
    if (max <= 0) return;
    if (this.cache.size >= max) {
      // drop the oldest tenth at once: cheaper than exact LRU bookkeeping on every hit
      let drop = Math.max(1, Math.floor(max / 10));
      for (const key of this.cache.keys()) {
        this.cache.delete(key);
        if (--drop === 0) break;
      }
    }
    this.cache.set(k, data);
  }
}
