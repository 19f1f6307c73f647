/**
 * Where tree nodes live, addressed by their hash. Branches and leaves are 12 elements (`[left4‖right4‖0,0,0,0]`,
 * `[rkey4‖valueHash4‖1,0,0,0]`), value nodes 8 elements (32-bit limbs), as in the zkevm `db` dumps (spec §4.5).
 */
import { MerkleTreeError } from "./errors.js";
import type { H4 } from "./h4.js";

export interface SmtNodeStore {
  get(hash: H4): Promise<readonly bigint[] | undefined>;
  /** Optional batch read (one round trip for many nodes); the tree prefetches the paths of a setMany through it. */
  getMany?(hashes: readonly H4[]): Promise<(readonly bigint[] | undefined)[]>;
  /** Nodes are content-addressed, so writing one twice is harmless. */
  put(hash: H4, data: readonly bigint[]): void;
  /** Makes the writes so far durable (a no-op for stores that are not). */
  flush(): Promise<void>;
}

/** The map key of a hash; 4 hex limbs are cheaper to build than a padded 0x string. */
export function nodeKey(h: H4): string {
  return `${h[0].toString(16)}.${h[1].toString(16)}.${h[2].toString(16)}.${h[3].toString(16)}`;
}

/** Stores hold only the two node shapes of the zkevm db: 12 elements (branch, leaf) or 8 (value). */
export function assertNodeShape(data: readonly bigint[]): void {
  if (data.length !== 12 && data.length !== 8) {
    throw new MerkleTreeError("INVALID_INPUT", `a tree node has 12 or 8 elements, got ${data.length}`);
  }
}

/** Nodes in a Map, for tests, benchmarks and throw-away trees. */
export class MemoryNodeStore implements SmtNodeStore {
  private readonly nodes = new Map<string, readonly bigint[]>();

  get size(): number {
    return this.nodes.size;
  }

  get(hash: H4): Promise<readonly bigint[] | undefined> {
    return Promise.resolve(this.nodes.get(nodeKey(hash)));
  }

  put(hash: H4, data: readonly bigint[]): void {
    assertNodeShape(data);
    this.nodes.set(nodeKey(hash), data);
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }
}
