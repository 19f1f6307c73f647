/**
 * The read side of the world state that JSON-RPC and the pool depend on: accounts at a block's state root, and
 * eth_call through an injected call function. `smtStateReader` builds it from the Goldilocks SMT and the executor.
 */
import type { Queryable } from "../db/db.js";
import type { Hex } from "./hex.js";

export interface CallRequest {
  from?: Hex;
  to?: Hex | null;
  data?: Hex;
  value?: bigint;
  gas?: bigint;
  gasPrice?: bigint;
}

/** The block a call runs on top of (its header values become the EVM's block context). */
export interface BlockContext {
  number: number;
  timestamp: number;
  coinbase: Hex;
  gasLimit: bigint;
  stateRoot: Hex;
}

export interface CallResult {
  returnData: Uint8Array;
  gasUsed: bigint;
  /** Set when execution failed; "execution reverted" (with revert data in returnData) for a REVERT. */
  error?: string;
}

export interface StateReader {
  getBalance(stateRoot: Hex, address: Hex): Promise<bigint>;
  getNonce(stateRoot: Hex, address: Hex): Promise<bigint>;
  getCode(stateRoot: Hex, address: Hex): Promise<Uint8Array>;
  getStorageAt(stateRoot: Hex, address: Hex, slot: bigint): Promise<bigint>;
  call(req: CallRequest, block: BlockContext): Promise<CallResult>;
}

/** The parts of the merkle tree module the reader needs (pass the module namespace, e.g. `import * as mt`). */
export interface SmtKeyFunctions<K> {
  keyBalance(address: string): K;
  keyNonce(address: string): K;
  keyCode(address: string): K;
  keyStorage(address: string, slot: bigint): K;
  bytesToH4(bytes: Uint8Array): K;
}

export interface SmtGet<K> {
  get(root: K, key: K): Promise<bigint>;
}

export type CallFn<K> = (root: K, req: CallRequest, block: BlockContext) => Promise<CallResult>;

/** The executor's eth_call entry point (structural, so this module does not depend on the executor's internals). */
export interface ExecutorCall<K> {
  call(
    root: K,
    req: { from?: string; to?: string | null; data?: Uint8Array; value?: bigint; gas?: bigint; gasPrice?: bigint },
    ctx: { number: bigint; timestamp: bigint; coinbase: string },
  ): Promise<CallResult>;
}

/** Adapts `Executor.call` to a CallFn: hex data to bytes, block numbers to bigint. */
export function executorCallFn<K>(executor: ExecutorCall<K>): CallFn<K> {
  return (root, req, block) =>
    executor.call(
      root,
      { ...req, data: Buffer.from((req.data ?? "0x").slice(2), "hex") },
      { number: BigInt(block.number), timestamp: BigInt(block.timestamp), coinbase: block.coinbase },
    );
}

/** Bounded insertion-ordered cache: state roots are immutable, so (root, key) → value never goes stale. */
class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(k: string): V | undefined {
    return this.map.get(k);
  }
  set(k: string, v: V): void {
    if (this.map.size >= this.max) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
    this.map.set(k, v);
  }
}

export interface SmtStateReaderOptions {
  /** Cached (state root, key) values and derived keys; values under a state root never change. */
  cacheEntries?: number;
}

/**
 * A StateReader over the SMT: account fields are tree leaves under the block's state root; code is looked up by its
 * hash in `state.program`. One line to build it: `smtStateReader(smt, mt, db, executorCallFn(executor))` with `import * as mt from "../merkletree/index.js"`.
 */
export function smtStateReader<K>(
  smt: SmtGet<K>,
  keys: SmtKeyFunctions<K>,
  db: Queryable,
  call: CallFn<K>,
  opts: SmtStateReaderOptions = {},
): StateReader {
  const size = opts.cacheEntries ?? 100_000;
  const keyCache = new BoundedCache<K>(size);
  const values = new BoundedCache<bigint>(size);
  const codes = new BoundedCache<Uint8Array>(Math.max(16, size >> 6));
  const roots = new BoundedCache<K>(1024);

  const rootOf = (stateRoot: Hex): K => {
    let r = roots.get(stateRoot);
    if (r === undefined) {
      r = keys.bytesToH4(Buffer.from(stateRoot.slice(2), "hex"));
      roots.set(stateRoot, r);
    }
    return r;
  };
  const keyOf = (id: string, derive: () => K): K => {
    let k = keyCache.get(id);
    if (k === undefined) {
      k = derive();
      keyCache.set(id, k);
    }
    return k;
  };
  const leaf = async (stateRoot: Hex, id: string, derive: () => K): Promise<bigint> => {
    const cacheKey = `${stateRoot}|${id}`;
    const hit = values.get(cacheKey);
    if (hit !== undefined) return hit;
    const v = await smt.get(rootOf(stateRoot), keyOf(id, derive));
    values.set(cacheKey, v);
    return v;
  };
  const norm = (a: Hex) => a.toLowerCase();

  return {
    getBalance: (root, a) => leaf(root, `b${norm(a)}`, () => keys.keyBalance(norm(a))),
    getNonce: (root, a) => leaf(root, `n${norm(a)}`, () => keys.keyNonce(norm(a))),
    getStorageAt: (root, a, slot) => leaf(root, `s${norm(a)}${slot.toString(16)}`, () => keys.keyStorage(norm(a), slot)),
    async getCode(root, a) {
      const codeHash = await leaf(root, `c${norm(a)}`, () => keys.keyCode(norm(a)));
      if (codeHash === 0n) return new Uint8Array(0);
      const hashHex = `0x${codeHash.toString(16).padStart(64, "0")}` as Hex;
      const hit = codes.get(hashHex);
      if (hit) return hit;
      const [row] = await db.query<{ code: Uint8Array }>("SELECT code FROM state.program WHERE hash = $1", [
        Buffer.from(hashHex.slice(2), "hex"),
      ]);
      const code = row?.code ?? new Uint8Array(0);
      if (row) codes.set(hashHex, code);
      return code;
    },
    call: (req, block) => call(rootOf(block.stateRoot), req, block),
  };
}

