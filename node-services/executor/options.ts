/** Tunables of the executor (wired to config by the config layer). */
export const executorOptions = {
  forkId: { default: 8, doc: "ROM fork the executor follows: 7 (Etrog) or 8 (Elderberry). Decides the block gas limit (2^64-1 vs 2^50) and the sha256 precompile." },
} as const;
