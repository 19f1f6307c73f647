/** Tunables of the merkle tree (wired to config by the config layer). */
export interface MerkletreeOptions {
  /** Decoded nodes the database store keeps in memory, so hot paths of the tree are not re-read from the database. */
  nodeCacheEntries: number;
  /** Nodes written per INSERT statement when a database store flushes. */
  flushRowsPerStatement: number;
}

export const merkletreeOptions = {
  nodeCacheEntries: {
    default: 500_000,
    doc: "Merkle-tree nodes kept decoded in memory by the database store (about 0.5 KB each).",
  },
  flushRowsPerStatement: { default: 1000, doc: "Merkle-tree nodes written per INSERT statement when the tree is flushed." },
} as const;

export const defaultMerkletreeOptions: MerkletreeOptions = {
  nodeCacheEntries: merkletreeOptions.nodeCacheEntries.default,
  flushRowsPerStatement: merkletreeOptions.flushRowsPerStatement.default,
};
