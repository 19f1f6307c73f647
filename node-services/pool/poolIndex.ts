/**
 * The pool's live txs (pending and selected) in memory, by hash and by sender + nonce, so admission and the sequencer's
 * selection read no rows. It mirrors `pool.transaction`, which stays the source of truth: it is loaded from the table
 * and changed only after the table was.
 */
import type { Hex } from "../state/hex.js";
import type { PoolTx } from "./txPool.js";

export class PoolIndex {
  private readonly byHash = new Map<Hex, PoolTx>();
  /** Sender → nonce → pending txs; two share a nonce only when a reorg puts a replaced tx's successor back. */
  private readonly pendingBySender = new Map<Hex, Map<number, PoolTx[]>>();
  private pendingCount = 0;

  /** Live txs; failed and invalid ones are not kept. */
  constructor(txs: Iterable<PoolTx> = []) {
    for (const t of txs) this.put(t);
  }

  get pending(): number {
    return this.pendingCount;
  }

  get(hash: Hex): PoolTx | undefined {
    return this.byHash.get(lower(hash));
  }

  /** The pending tx of `from` with `nonce`, the one a new tx with that nonce would replace. */
  pendingAt(from: Hex, nonce: number): PoolTx | undefined {
    return this.pendingBySender.get(lower(from))?.get(nonce)?.[0];
  }

  /** Pending txs per sender, in no particular order. */
  *pendingSenders(): IterableIterator<[Hex, PoolTx[]]> {
    for (const from of this.pendingBySender.keys()) yield [from, this.pendingOf(from)];
  }

  pendingOf(from: Hex): PoolTx[] {
    const byNonce = this.pendingBySender.get(lower(from));
    return byNonce ? [...byNonce.values()].flat() : [];
  }

  /** Adds or overwrites a live tx; failed and invalid ones are dropped instead. */
  put(t: PoolTx): void {
    this.remove(t.hash);
    if (t.status !== "pending" && t.status !== "selected") return;
    this.byHash.set(lower(t.hash), t);
    if (t.status === "pending") {
      let bySender = this.pendingBySender.get(lower(t.from));
      if (!bySender) this.pendingBySender.set(lower(t.from), (bySender = new Map()));
      const same = bySender.get(t.nonce);
      if (same) same.push(t);
      else bySender.set(t.nonce, [t]);
      this.pendingCount++;
    }
  }

  /** Forgets a tx (deleted, failed or invalid); unknown hashes are ignored. */
  remove(hash: Hex): void {
    const t = this.byHash.get(lower(hash));
    if (!t) return;
    this.byHash.delete(lower(t.hash));
    if (t.status !== "pending") return;
    const bySender = this.pendingBySender.get(lower(t.from))!;
    const same = bySender.get(t.nonce)!.filter((x) => x !== t);
    if (same.length > 0) bySender.set(t.nonce, same);
    else bySender.delete(t.nonce);
    if (bySender.size === 0) this.pendingBySender.delete(lower(t.from));
    this.pendingCount--;
  }

  setStatus(hash: Hex, status: "pending" | "selected"): void {
    const t = this.byHash.get(lower(hash));
    if (t && t.status !== status) this.put({ ...t, status, failedReason: null });
  }
}

const lower = (h: Hex): Hex => h.toLowerCase() as Hex;
