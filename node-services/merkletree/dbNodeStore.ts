/**
 * Tree nodes in `state.merkletree_node` (hash = 32-byte big-endian scalar, data = 8 big-endian bytes per element).
 * Writes are buffered until flush(); reads see this store's own unflushed writes and go through a bounded cache.
 */
import type { Queryable } from "../db/db.js";
import { MerkleTreeError } from "./errors.js";
import { bytesToH4, h4ToBytes, type H4 } from "./h4.js";
import { nodeKey, type SmtNodeStore } from "./nodeStore.js";
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
  private pending = new Map<string, Pending>();
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
    return this.pending.size;
  }

  async get(hash: H4): Promise<readonly bigint[] | undefined> {
    const k = nodeKey(hash);
    const own = this.pending.get(k);
    if (own) return own.data;
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
      const known = this.pending.get(k)?.data ?? this.cache.get(k);
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
    this.pending.set(nodeKey(hash), { hash, data });
  }

  /**
   * Writes the buffered nodes, through `tx` when given so they commit with the caller's transaction.
   * If that transaction then rolls back, call clearCache(): the cache would otherwise serve nodes the database lacks.
   */
  async flush(tx: Queryable = this.db): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      const rows = [...batch.values()];
      const per = Math.max(1, this.options.flushRowsPerStatement);
      for (let start = 0; start < rows.length; start += per) {
        const chunk = rows.slice(start, start + per);
        const params: Uint8Array[] = [];
        const values: string[] = [];
        for (const r of chunk) {
          values.push(`($${params.length + 1}, $${params.length + 2})`);
          params.push(h4ToBytes(r.hash), encodeNodeData(r.data));
        }
        await tx.query(`INSERT INTO state.merkletree_node (hash, data) VALUES ${values.join(", ")} ON CONFLICT (hash) DO NOTHING`, params);
      }
    } catch (err) {
      // keep the writes so a retry can flush them; newer puts win over the failed batch
      for (const [k, v] of batch) if (!this.pending.has(k)) this.pending.set(k, v);
      throw err;
    }
    for (const [k, v] of batch) this.remember(k, v.data);
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
