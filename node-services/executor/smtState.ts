/**
 * The EVM's view of the zkEVM state tree (spec §4.3, §4.5): balance, nonce, bytecode hash + length and storage slots as
 * SMT leaves, no account RLP and no storage trie. Writes stay in a journaled cache and reach the tree in one `setMany`.
 */
import type { AccountFields, StateManagerInterface } from "@ethereumjs/common";
import { Account, KECCAK256_NULL, KECCAK256_RLP } from "@ethereumjs/util";
import type { Address } from "@ethereumjs/util";
import { hashContractBytecode, keyBalance, keyCode, keyCodeLength, keyNonce, keyStorage } from "../merkletree/index.js";
import type { H4, Smt } from "../merkletree/index.js";
import { bigToMinBytes, bytesToBig, keccak } from "./bytes.js";
import type { Hex } from "./bytes.js";
import { ExecutorError } from "./errors.js";
import type { ProgramStore } from "./programStore.js";

type LeafKind = "b" | "n" | "c" | "l" | "s";
/** One SMT leaf, named by kind + address (+ slot): `b0xabc…`, `s0xabc…:7`. */
type LeafId = string;

const ABSENT = Symbol("absent");
type Undo = Map<LeafId, bigint | typeof ABSENT>;

function leafId(kind: LeafKind, addr: string, slot?: bigint): LeafId {
  return slot === undefined ? `${kind}${addr}` : `${kind}${addr}:${slot.toString(16)}`;
}

/** Keys cost one or two Poseidon permutations; hot accounts are looked up every block, so keep them. */
const keyCache = new Map<LeafId, H4>();
const KEY_CACHE_MAX = 200_000;

function leafKey(id: LeafId): H4 {
  let k = keyCache.get(id);
  if (k === undefined) {
    if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
    k = computeLeafKey(id);
    keyCache.set(id, k);
  }
  return k;
}

function computeLeafKey(id: LeafId): H4 {
  const addr = id.slice(1, 43);
  switch (id[0] as LeafKind) {
    case "b":
      return keyBalance(addr);
    case "n":
      return keyNonce(addr);
    case "c":
      return keyCode(addr);
    case "l":
      return keyCodeLength(addr);
    case "s":
      return keyStorage(addr, BigInt(`0x${id.slice(44)}`));
  }
}

/** keccak of bytecode objects the program store hands out (the EVM asks for an account's code hash on every access). */
const codeKeccak = new WeakMap<Uint8Array, Uint8Array>();

function keccakOfCode(code: Uint8Array): Uint8Array {
  let h = codeKeccak.get(code);
  if (h === undefined) {
    h = keccak(code);
    codeKeccak.set(code, h);
  }
  return h;
}

/** Values of the leaves under one state root, shareable between managers that read that root (roots are immutable). */
export type RootReadCache = Map<string, bigint>;

export class SmtStateManager implements StateManagerInterface {
  /** Values read from (or flushed to) the tree at `root`. */
  private clean: RootReadCache = new Map();
  /** `clean` belongs to other managers of the same root too: copy it before a flush moves this one to a new root. */
  private cleanShared = false;
  /** Values written since the last flush. */
  private dirty = new Map<LeafId, bigint>();
  private readonly undo: Undo[] = [];
  /** Bytecode by address, for code read or deployed in this state. */
  private readonly codeByAddr = new Map<string, Uint8Array>();
  private readonly newPrograms = new Map<Hex, Uint8Array>();
  /** Slot values at the start of the current tx (EIP-2200 gas). */
  private readonly original = new Map<LeafId, bigint>();

  constructor(
    private readonly smt: Smt,
    private readonly programs: ProgramStore,
    public root: H4,
  ) {}

  /**
   * Re-points this manager at `root` with nothing pending and no open checkpoint, so one EVM built on it can serve
   * many calls; `reads` (values at `root`, shared with other managers) saves the tree walks of earlier calls.
   */
  resetTo(root: H4, reads?: RootReadCache): void {
    this.root = root;
    this.clean = reads ?? new Map();
    this.cleanShared = reads !== undefined;
    this.dirty = new Map();
    this.undo.length = 0;
    this.codeByAddr.clear();
    this.newPrograms.clear();
    this.original.clear();
  }

  /** True when this manager reads through `reads` (so at its root) and holds no write since. */
  unchangedAt(reads: RootReadCache): boolean {
    return this.clean === reads && this.dirty.size === 0 && this.undo.length === 0 && this.newPrograms.size === 0;
  }

  readonly originalStorageCache = {
    get: async (address: Address, key: Uint8Array): Promise<Uint8Array> => {
      const id = leafId("s", address.toString(), bytesToBig(key));
      let v = this.original.get(id);
      if (v === undefined) {
        v = await this.read(id);
        this.original.set(id, v);
      }
      return bigToMinBytes(v);
    },
    clear: (): void => this.original.clear(),
  };

  // ---- typed access used by the executor's system writes -------------------------------------------------

  async read(id: LeafId): Promise<bigint> {
    const known = this.known(id);
    if (known !== undefined) return known;
    const v = await this.smt.get(this.root, leafKey(id));
    this.clean.set(id, v);
    return v;
  }

  /** The leaf's value when it is already in memory (written, or read before): the EVM's hot path needs no tree walk. */
  private known(id: LeafId): bigint | undefined {
    return this.dirty.get(id) ?? this.clean.get(id);
  }

  write(id: LeafId, value: bigint): void {
    const top = this.undo[this.undo.length - 1];
    if (top && !top.has(id)) top.set(id, this.dirty.has(id) ? this.dirty.get(id)! : ABSENT);
    this.dirty.set(id, value);
  }

  getStorageValue(addr: string, slot: bigint): Promise<bigint> {
    return this.read(leafId("s", addr.toLowerCase(), slot));
  }

  setStorageValue(addr: string, slot: bigint, value: bigint): void {
    this.write(leafId("s", addr.toLowerCase(), slot), value);
  }

  getBalance(addr: string): Promise<bigint> {
    return this.read(leafId("b", addr.toLowerCase()));
  }
  setBalance(addr: string, v: bigint): void {
    this.write(leafId("b", addr.toLowerCase()), v);
  }
  getNonce(addr: string): Promise<bigint> {
    return this.read(leafId("n", addr.toLowerCase()));
  }
  setNonce(addr: string, v: bigint): void {
    this.write(leafId("n", addr.toLowerCase()), v);
  }
  getCodeLength(addr: string): Promise<bigint> {
    return this.read(leafId("l", addr.toLowerCase()));
  }

  setCode(addr: string, code: Uint8Array): void {
    const a = addr.toLowerCase();
    const hash = hashContractBytecode(code);
    this.write(leafId("c", a), BigInt(hash));
    this.write(leafId("l", a), BigInt(code.length));
    this.codeByAddr.set(a, code);
    if (code.length > 0) this.newPrograms.set(hash, code);
  }

  /** Writes every pending leaf with one `setMany`; returns the new root. Only between txs (no open checkpoint). */
  async flush(): Promise<H4> {
    if (this.undo.length > 0) throw new ExecutorError("BAD_INPUT", "cannot flush state with an open checkpoint");
    if (this.dirty.size > 0) {
      if (this.cleanShared) {
        this.clean = new Map(this.clean);
        this.cleanShared = false;
      }
      const entries = [...this.dirty].map(([id, value]) => ({ key: leafKey(id), value }));
      this.root = await this.smt.setMany(this.root, entries);
      for (const [id, v] of this.dirty) this.clean.set(id, v);
      this.dirty = new Map();
    }
    for (const [hash, code] of this.newPrograms) this.programs.put(hash, code);
    this.newPrograms.clear();
    await this.programs.flush();
    return this.root;
  }

  // ---- StateManagerInterface -------------------------------------------------------------------------------

  async getAccount(address: Address): Promise<Account | undefined> {
    const a = address.toString();
    const bId = leafId("b", a);
    const nId = leafId("n", a);
    const lId = leafId("l", a);
    let balance = this.known(bId);
    let nonce = this.known(nId);
    let len = this.known(lId);
    if (balance === undefined || nonce === undefined || len === undefined) {
      [balance, nonce, len] = await Promise.all([this.read(bId), this.read(nId), this.read(lId)]);
    }
    if (balance === 0n && nonce === 0n && len === 0n) return undefined;
    const codeHash = len === 0n ? KECCAK256_NULL : keccakOfCode(await this.getCode(address));
    return new Account(nonce, balance, KECCAK256_RLP, codeHash, Number(len));
  }

  async putAccount(address: Address, account?: Account): Promise<void> {
    const a = address.toString();
    this.setBalance(a, account?.balance ?? 0n);
    this.setNonce(a, account?.nonce ?? 0n);
  }

  /** The zkEVM tree never deletes code or storage (SENDALL, no EIP-161 code wipe); only the value leaves go. */
  async deleteAccount(address: Address): Promise<void> {
    await this.putAccount(address, undefined);
  }

  async modifyAccountFields(address: Address, fields: AccountFields): Promise<void> {
    const a = address.toString();
    if (fields.balance !== undefined) this.setBalance(a, fields.balance);
    if (fields.nonce !== undefined) this.setNonce(a, fields.nonce);
  }

  async putCode(address: Address, value: Uint8Array): Promise<void> {
    this.setCode(address.toString(), value);
  }

  async getCode(address: Address): Promise<Uint8Array> {
    const a = address.toString();
    const cached = this.codeByAddr.get(a);
    if (cached) return cached;
    const len = await this.getCodeLength(a);
    if (len === 0n) return new Uint8Array(0);
    const hash = await this.read(leafId("c", a));
    const hex = `0x${hash.toString(16).padStart(64, "0")}` as Hex;
    const code = this.newPrograms.get(hex) ?? (await this.programs.get(hex));
    if (!code) throw new ExecutorError("MISSING_BYTECODE", `bytecode ${hex} of ${a} is not in the program store`);
    this.codeByAddr.set(a, code);
    return code;
  }

  async getCodeSize(address: Address): Promise<number> {
    return Number(await this.getCodeLength(address.toString()));
  }

  async getStorage(address: Address, key: Uint8Array): Promise<Uint8Array> {
    return bigToMinBytes(await this.read(leafId("s", address.toString(), bytesToBig(key))));
  }

  async putStorage(address: Address, key: Uint8Array, value: Uint8Array): Promise<void> {
    const id = leafId("s", address.toString(), bytesToBig(key));
    if (!this.original.has(id)) this.original.set(id, await this.read(id));
    this.write(id, bytesToBig(value));
  }

  /** The zkEVM does not clear storage when a contract is deployed at an address (its tree has no per-account root). */
  async clearStorage(): Promise<void> {}

  async checkpoint(): Promise<void> {
    this.undo.push(new Map());
  }

  async commit(): Promise<void> {
    const top = this.undo.pop();
    const parent = this.undo[this.undo.length - 1];
    if (top && parent) for (const [id, prev] of top) if (!parent.has(id)) parent.set(id, prev);
  }

  async revert(): Promise<void> {
    const top = this.undo.pop();
    if (!top) return;
    for (const [id, prev] of top) {
      if (prev === ABSENT) this.dirty.delete(id);
      else this.dirty.set(id, prev);
      if (id[0] === "c") this.codeByAddr.delete(id.slice(1));
    }
  }

  async getStateRoot(): Promise<Uint8Array> {
    return new Uint8Array(32);
  }
  async setStateRoot(): Promise<void> {
    throw new ExecutorError("BAD_INPUT", "SmtStateManager roots move only through flush()");
  }
  async hasStateRoot(): Promise<boolean> {
    return true;
  }
  clearCaches(): void {}
  shallowCopy(): StateManagerInterface {
    return new SmtStateManager(this.smt, this.programs, this.root);
  }
}
