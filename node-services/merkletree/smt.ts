/**
 * The Goldilocks-Poseidon sparse Merkle tree of Polygon zkEVM (spec §4.5), kept in the canonical compressed form:
 * a leaf sits at the first level where its key prefix is unique, and deleting re-compresses.
 * setMany loads only the paths it touches into an in-memory trie, applies every update there (copy on write, so the
 * old root's trie stays readable), then hashes each changed node once; the trie of the last root is kept so the next
 * call on that root re-reads nothing.
 */
import { MerkleTreeError } from "./errors.js";
import { feaToScalar, h4Equal, h4ToHex, isZeroH4, scalarToFea, ZERO_H4, type H4 } from "./h4.js";
import type { SmtNodeStore } from "./nodeStore.js";
import { defaultMerkletreeOptions } from "./options.js";
import { poseidon, type PoseidonFn } from "./poseidon.js";
import { joinKey, keyBit, MAX_LEVELS, removeKeyBits } from "./treePath.js";

interface EmptyNode {
  readonly t: 0;
}
/** A non-empty subtree not loaded yet. */
interface StoredNode {
  readonly t: 1;
  readonly hash: H4;
}
interface LeafNode {
  readonly t: 2;
  readonly key: H4;
  /** undefined until someone needs it: moving or re-hashing a leaf only needs its value hash. */
  value: bigint | undefined;
  valueHash: H4 | undefined;
  /** Hash of the leaf when it sits at `hashLevel` (the stored remainder of the key depends on the level). */
  hash: H4 | undefined;
  hashLevel: number;
}
interface BranchNode {
  readonly t: 3;
  left: TrieNode;
  right: TrieNode;
  /** undefined while a child changed since the last hashing. */
  hash: H4 | undefined;
}
type TrieNode = EmptyNode | StoredNode | LeafNode | BranchNode;

const EMPTY: EmptyNode = { t: 0 };
const BRANCH_CAPACITY: readonly bigint[] = [0n, 0n, 0n, 0n];
const LEAF_CAPACITY: readonly bigint[] = [1n, 0n, 0n, 0n];

export interface SmtEntry {
  key: H4;
  value: bigint;
}

export interface SmtOptions {
  /** The hash to build nodes with; defaults to the process-wide `poseidon` (see setPoseidonImpl). */
  hash?: PoseidonFn;
  /** Nodes of the last root's trie kept in memory between calls; above this the trie is dropped after the call. */
  maxTrieNodes?: number;
}

function refTo(h: H4): TrieNode {
  return isZeroH4(h) ? EMPTY : { t: 1, hash: h };
}

function slice4(data: readonly bigint[], at: number): H4 {
  return [data[at]!, data[at + 1]!, data[at + 2]!, data[at + 3]!];
}

/** The hash a node has now at `level`, or undefined if it must be recomputed. */
function cleanHash(n: TrieNode, level: number): H4 | undefined {
  switch (n.t) {
    case 0:
      return ZERO_H4;
    case 1:
      return n.hash;
    case 2:
      return n.hashLevel === level ? n.hash : undefined;
    case 3:
      return n.hash;
  }
}

function flipBit(key: H4, level: number): H4 {
  const out = [key[0], key[1], key[2], key[3]];
  out[level & 3] = out[level & 3]! ^ (1n << BigInt(level >> 2));
  return out as unknown as H4;
}

/** Keys from Poseidon are field elements; raw 64-bit limbs are accepted too, as other implementations' path vectors use them. */
function validateKey(key: H4): void {
  if (!Array.isArray(key) || key.length !== 4) throw new MerkleTreeError("INVALID_INPUT", "a tree key is 4 field elements");
  for (let i = 0; i < 4; i++) {
    const x = key[i];
    if (typeof x !== "bigint" || x < 0n || x > 0xffffffffffffffffn) {
      throw new MerkleTreeError("INVALID_FIELD_ELEMENT", `key element ${i} must be an unsigned 64-bit integer, got ${String(x)}`);
    }
  }
}

function validateValue(value: bigint): void {
  if (typeof value !== "bigint" || value < 0n || value >= 1n << 256n) {
    throw new MerkleTreeError("INVALID_VALUE", `a state value must be an unsigned 256-bit integer, got ${String(value)}`);
  }
}

export class Smt {
  private readonly hash: PoseidonFn;
  private readonly maxTrieNodes: number;
  /** The trie of the last root this tree produced or read, and how many nodes it has loaded. */
  private trieRoot: H4 | undefined;
  private trie: TrieNode = EMPTY;
  private loaded = 0;
  private writeQueue: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: SmtNodeStore,
    options: SmtOptions = {},
  ) {
    this.hash = options.hash ?? poseidon;
    this.maxTrieNodes = options.maxTrieNodes ?? defaultMerkletreeOptions.trieCacheNodes;
  }

  /** The value under `key` in the tree `root`; 0 when absent. */
  async get(root: H4, key: H4): Promise<bigint> {
    validateKey(root);
    validateKey(key);
    // tries are never changed in place (only unloaded children get replaced by their loaded form), so reading the
    // cached one is safe even while a write builds the next
    const cached = this.trieRoot !== undefined && h4Equal(this.trieRoot, root);
    const start = cached ? this.trie : refTo(root);
    let node: EmptyNode | LeafNode | BranchNode;
    if (start.t === 1) {
      node = await this.load(start.hash, key, 0);
      if (cached && this.trie === start) this.trie = node;
    } else {
      node = start;
    }
    for (let level = 0; level < MAX_LEVELS; level++) {
      if (node.t === 0) return 0n;
      if (node.t === 2) {
        if (!h4Equal(node.key, key)) return 0n;
        if (node.value === undefined) node.value = await this.loadValue(node.valueHash!);
        return node.value;
      }
      const bit = keyBit(key, level);
      let child: TrieNode = bit ? node.right : node.left;
      if (child.t === 1) {
        // keep what was read: the next call on this root walks it in memory
        child = await this.load(child.hash, key, level + 1);
        if (bit) node.right = child;
        else node.left = child;
      }
      node = child;
    }
    throw new MerkleTreeError("CORRUPT_NODE", `the tree ${h4ToHex(root)} is deeper than 256 levels`);
  }

  /** Sets `key` to `value` (0 deletes) and returns the new root. */
  set(root: H4, key: H4, value: bigint): Promise<H4> {
    return this.setMany(root, [{ key, value }]);
  }

  /** Applies the entries in order (a later entry for the same key wins) and returns the new root; same result as repeated set. */
  setMany(root: H4, entries: readonly SmtEntry[]): Promise<H4> {
    try {
      validateKey(root);
      for (const e of entries) {
        validateKey(e.key);
        validateValue(e.value);
      }
    } catch (err) {
      return Promise.reject(err);
    }
    // one write at a time: each starts from the trie the previous one left, and the store sees whole batches in order
    const run = this.writeQueue.then(() => this.applyAll(root, entries));
    this.writeQueue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async applyAll(root: H4, entries: readonly SmtEntry[]): Promise<H4> {
    let top = this.trieFor(root);
    if (this.store.getMany && entries.length > 1) top = await this.prefetch(top, entries);
    for (const e of entries) top = await this.update(top, e.key, e.value, 0);
    const newRoot = this.hashNode(top, 0);
    this.keepTrie(newRoot, top);
    return newRoot;
  }

  private trieFor(root: H4): TrieNode {
    if (this.trieRoot && h4Equal(this.trieRoot, root)) return this.trie;
    this.keepTrie(root, refTo(root));
    return this.trie;
  }

  private keepTrie(root: H4, trie: TrieNode): void {
    this.trieRoot = root;
    if (this.loaded > this.maxTrieNodes) {
      this.trie = refTo(root);
      this.loaded = 0;
    } else {
      this.trie = trie;
    }
  }

  private async update(node: TrieNode, key: H4, value: bigint, level: number): Promise<TrieNode> {
    if (node.t === 1) node = await this.load(node.hash, key, level);
    switch (node.t) {
      case 0:
        return value === 0n ? EMPTY : { t: 2, key, value, valueHash: undefined, hash: undefined, hashLevel: -1 };
      case 2: {
        if (h4Equal(node.key, key)) {
          if (value === 0n) return EMPTY;
          if (node.value === value) return node;
          const fea = scalarToFea(value);
          const valueHash = this.hash(fea, BRANCH_CAPACITY);
          if (node.value === undefined && h4Equal(valueHash, node.valueHash!)) {
            // same value as stored: one hash here saves re-hashing the whole path
            node.value = value;
            return node;
          }
          this.store.put(valueHash, fea);
          return { t: 2, key, value, valueHash, hash: undefined, hashLevel: -1 };
        }
        if (value === 0n) return node;
        // two keys share the prefix so far: push the old leaf one level down and insert beside it
        const branch: BranchNode = { t: 3, left: EMPTY, right: EMPTY, hash: undefined };
        if (keyBit(node.key, level)) branch.right = node;
        else branch.left = node;
        return this.update(branch, key, value, level);
      }
      case 3: {
        if (level >= MAX_LEVELS) throw new MerkleTreeError("CORRUPT_NODE", "a tree branch lies below level 255");
        const bit = keyBit(key, level);
        const child = bit ? node.right : node.left;
        const after = await this.update(child, key, value, level + 1);
        if (after === child) return node;
        const before = cleanHash(child, level + 1);
        const now = cleanHash(after, level + 1);
        const same = before !== undefined && now !== undefined && h4Equal(before, now);
        // a new branch instead of changing this one: readers of the old root may still be walking it
        const copy: BranchNode = {
          t: 3,
          left: bit ? node.left : after,
          right: bit ? after : node.right,
          hash: same ? node.hash : undefined,
        };
        return this.compress(copy, key, level);
      }
    }
  }

  /** A branch left with a single leaf below it is replaced by that leaf; with nothing below it, by the empty tree. */
  private async compress(node: BranchNode, key: H4, level: number): Promise<TrieNode> {
    const leftEmpty = node.left.t === 0;
    const rightEmpty = node.right.t === 0;
    if (leftEmpty && rightEmpty) return EMPTY;
    if (!leftEmpty && !rightEmpty) return node;
    let only = leftEmpty ? node.right : node.left;
    if (only.t === 1) {
      // the path to the sibling is this key's prefix with the bit at `level` flipped
      const sideKey = keyBit(key, level) === (leftEmpty ? 1 : 0) ? key : flipBit(key, level);
      only = await this.load(only.hash, sideKey, level + 1);
      if (leftEmpty) node.right = only;
      else node.left = only;
    }
    return only.t === 2 ? only : node;
  }

  /**
   * Loads the paths of all entries level by level with one getMany per level, so a store behind a database
   * answers a setMany in about as many round trips as the tree is deep instead of one per node.
   */
  private async prefetch(top: TrieNode, entries: readonly SmtEntry[]): Promise<TrieNode> {
    const getMany = this.store.getMany!.bind(this.store);
    if (top.t === 1) {
      const [data] = await getMany([top.hash]);
      top = this.decode(top.hash, data, entries[0]!.key, 0);
    }
    // frontier: branches whose child on some entry's path may still be unloaded
    let frontier: { branch: BranchNode; key: H4; level: number }[] = [];
    if (top.t === 3) for (const e of entries) frontier.push({ branch: top, key: e.key, level: 0 });
    while (frontier.length > 0) {
      const wanted = new Map<StoredNode, { branch: BranchNode; key: H4; level: number; bit: 0 | 1 }>();
      const next: typeof frontier = [];
      for (const f of frontier) {
        const bit = keyBit(f.key, f.level);
        const child = bit ? f.branch.right : f.branch.left;
        if (child.t === 1) {
          if (!wanted.has(child)) wanted.set(child, { ...f, bit });
          else next.push(f); // same node on another entry's path: descend once it is loaded
        } else if (child.t === 3 && f.level + 1 < MAX_LEVELS) {
          next.push({ branch: child, key: f.key, level: f.level + 1 });
        }
      }
      const stored = [...wanted.keys()];
      const datas = stored.length > 0 ? await getMany(stored.map((s) => s.hash)) : [];
      stored.forEach((s, i) => {
        const w = wanted.get(s)!;
        const loaded = this.decode(s.hash, datas[i], w.key, w.level + 1);
        if (w.bit) w.branch.right = loaded;
        else w.branch.left = loaded;
        if (loaded.t === 3 && w.level + 1 < MAX_LEVELS) next.push({ branch: loaded, key: w.key, level: w.level + 1 });
      });
      frontier = next;
    }
    return top;
  }

  private async load(hash: H4, pathKey: H4, level: number): Promise<LeafNode | BranchNode> {
    return this.decode(hash, await this.store.get(hash), pathKey, level);
  }

  private decode(hash: H4, data: readonly bigint[] | undefined, pathKey: H4, level: number): LeafNode | BranchNode {
    if (!data) {
      throw new MerkleTreeError("MISSING_NODE", `tree node ${h4ToHex(hash)} is not in the store: the root is unknown or the store is incomplete`);
    }
    if (data.length !== 12) throw new MerkleTreeError("CORRUPT_NODE", `tree node ${h4ToHex(hash)} has ${data.length} elements, expected 12`);
    this.loaded++;
    if (data[8] === 1n) {
      return { t: 2, key: joinKey(data, level, pathKey), value: undefined, valueHash: slice4(data, 4), hash, hashLevel: level };
    }
    return { t: 3, left: refTo(slice4(data, 0)), right: refTo(slice4(data, 4)), hash };
  }

  private async loadValue(valueHash: H4): Promise<bigint> {
    const data = await this.store.get(valueHash);
    if (!data || data.length < 8) {
      throw new MerkleTreeError("MISSING_NODE", `value node ${h4ToHex(valueHash)} is not in the store`);
    }
    return feaToScalar(data.slice(0, 8));
  }

  /** Hashes what changed below `node` (each changed node once) and writes the new nodes to the store. */
  private hashNode(node: TrieNode, level: number): H4 {
    switch (node.t) {
      case 0:
        return ZERO_H4;
      case 1:
        return node.hash;
      case 2: {
        if (node.hash !== undefined && node.hashLevel === level) return node.hash;
        if (node.valueHash === undefined) {
          const fea = scalarToFea(node.value!);
          node.valueHash = this.hash(fea, BRANCH_CAPACITY);
          this.store.put(node.valueHash, fea);
        }
        const rkey = removeKeyBits(node.key, level);
        const inp = [rkey[0], rkey[1], rkey[2], rkey[3], ...node.valueHash];
        node.hash = this.hash(inp, LEAF_CAPACITY);
        node.hashLevel = level;
        this.store.put(node.hash, [...inp, ...LEAF_CAPACITY]);
        return node.hash;
      }
      case 3: {
        if (node.hash !== undefined) return node.hash;
        const l = this.hashNode(node.left, level + 1);
        const r = this.hashNode(node.right, level + 1);
        const inp = [...l, ...r];
        node.hash = this.hash(inp, BRANCH_CAPACITY);
        this.store.put(node.hash, [...inp, ...BRANCH_CAPACITY]);
        return node.hash;
      }
    }
  }
}
