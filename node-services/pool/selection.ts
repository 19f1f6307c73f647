/**
 * Which pending txs can run next, in a fair order: per sender, the unbroken nonce chain from the account nonce;
 * across senders, highest gas price first (ties: earliest received), like geth's price-and-nonce ordering.
 */
export interface Candidate {
  from: string;
  nonce: number;
  gasPrice: bigint;
  receivedAt: number;
}

/** Splits one sender's pending txs (any order) into the executable chain starting at `accountNonce` and the rest. */
export function executableChain<T extends Candidate>(txs: readonly T[], accountNonce: number): { ready: T[]; queued: T[] } {
  const sorted = [...txs].sort((a, b) => a.nonce - b.nonce);
  const ready: T[] = [];
  let next = accountNonce;
  for (const t of sorted) {
    if (t.nonce === next) {
      ready.push(t);
      next++;
    }
  }
  const readySet = new Set(ready);
  return { ready, queued: sorted.filter((t) => !readySet.has(t)) };
}

const before = (a: Candidate, b: Candidate): boolean =>
  a.gasPrice !== b.gasPrice ? a.gasPrice > b.gasPrice : a.receivedAt < b.receivedAt;

/** Merges per-sender chains (each in nonce order) by the gas price of each sender's next tx, up to `limit`. */
export function fairOrder<T extends Candidate>(chains: readonly T[][], limit: number): T[] {
  const heads = chains.filter((c) => c.length > 0).map((c) => ({ chain: c, i: 0 }));
  // A binary heap keyed on each sender's next tx keeps this O(n log senders).
  const heap: typeof heads = [];
  const less = (x: (typeof heads)[number], y: (typeof heads)[number]) => before(x.chain[x.i]!, y.chain[y.i]!);
  const push = (e: (typeof heads)[number]) => {
    heap.push(e);
    let k = heap.length - 1;
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (!less(heap[k]!, heap[p]!)) break;
      [heap[k], heap[p]] = [heap[p]!, heap[k]!];
      k = p;
    }
  };
  const pop = () => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
        if (m === k) break;
        [heap[k], heap[m]] = [heap[m]!, heap[k]!];
        k = m;
      }
    }
    return top;
  };
  heads.forEach(push);
  const out: T[] = [];
  while (heap.length > 0 && out.length < limit) {
    const e = pop();
    out.push(e.chain[e.i]!);
    e.i++;
    if (e.i < e.chain.length) push(e);
  }
  return out;
}
