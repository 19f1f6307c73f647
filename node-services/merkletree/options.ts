/** Tunables of the merkle tree (wired to config by the config layer). */
export interface MerkletreeOptions {
  /** Decoded nodes the database store keeps in memory, so hot paths of the tree are not re-read from the database. */
  nodeCacheEntries: number;
  /** Nodes written per INSERT statement when a database store flushes (and read per SELECT by getMany). */
  flushRowsPerStatement: number;
  /** Account and storage keys remembered, each saving one or two Poseidon permutations. */
  keyCacheEntries: number;
  /** Nodes of the last written root an Smt keeps decoded between writes (about 0.3 KB each). */
  trieCacheNodes: number;
}

export const merkletreeOptions = {
  nodeCacheEntries: {
    default: 500_000,
    doc: "Merkle-tree nodes kept decoded in memory by the database store (about 0.5 KB each).",
  },
  flushRowsPerStatement: { default: 2000, doc: "Merkle-tree nodes written or read per SQL statement." },
  keyCacheEntries: { default: 100_000, doc: "State-tree keys (per account field and storage slot) kept in memory." },
  trieCacheNodes: { default: 200_000, doc: "Merkle-tree nodes of the latest state root kept decoded between writes." },
} as const;

export const defaultMerkletreeOptions: MerkletreeOptions = {
  nodeCacheEntries: merkletreeOptions.nodeCacheEntries.default,
  flushRowsPerStatement: merkletreeOptions.flushRowsPerStatement.default,
  keyCacheEntries: merkletreeOptions.keyCacheEntries.default,
  trieCacheNodes: merkletreeOptions.trieCacheNodes.default,
};
