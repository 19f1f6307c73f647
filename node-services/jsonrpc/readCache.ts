/**
 * Bounded in-memory caches for hot reads. Keys that name immutable data (a block hash + call, a state root) never go
 * stale; entries that a reorg could change (receipts by tx hash) also expire after `ttlMs`, so RPC instances sharing
 * one database converge after a trusted reorg made elsewhere.
 */
export class ReadCache<V> {
  private readonly map = new Map<string, { v: V; at: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs = Infinity,
  ) {}

  get(key: string): V | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    if (Date.now() - e.at > this.ttlMs) {
      this.map.delete(key);
      return undefined;
    }
    return e.v;
  }

  set(key: string, v: V): void {
    if (this.maxEntries <= 0) return;
    if (this.map.size >= this.maxEntries) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
    this.map.set(key, { v, at: Date.now() });
  }

  clear(): void {
    this.map.clear();
  }
}
