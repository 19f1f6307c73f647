/**
 * Rows a store has accepted but the database may not hold yet: buffered until `flush`, and still readable here while
 * a flush writes them (the synchronizer executes the next block while the previous one is written). A failed flush
 * puts its rows back for the next one, under any newer row for the same key.
 */
export class WriteBehind<V> {
  private pending = new Map<string, V>();
  private readonly flushing = new Set<Map<string, V>>();

  /** Rows not flushed yet (those being written not counted). */
  get size(): number {
    return this.pending.size;
  }

  set(key: string, value: V): void {
    this.pending.set(key, value);
  }

  /** The newest row for `key` that the database may not hold yet. */
  get(key: string): V | undefined {
    const own = this.pending.get(key);
    if (own !== undefined) return own;
    for (const batch of this.flushing) {
      const v = batch.get(key);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** Hands the buffered rows to `write`; resolves with them once written (nothing when there were none). */
  async flush(write: (rows: ReadonlyMap<string, V>) => Promise<void>): Promise<ReadonlyMap<string, V>> {
    const batch = this.pending;
    if (batch.size === 0) return batch;
    this.pending = new Map();
    this.flushing.add(batch);
    try {
      await write(batch);
    } catch (err) {
      for (const [k, v] of batch) if (!this.pending.has(k)) this.pending.set(k, v);
      throw err;
    } finally {
      this.flushing.delete(batch);
    }
    return batch;
  }
}
