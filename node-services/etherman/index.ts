/** Public surface of the etherman: typed L1 access, event and calldata decoding, hash formulas, revert names. */
export * from "./abi.js";
export * from "./calldata.js";
export * from "./errors.js";
export * from "./etherman.js";
export * from "./events.js";
export * from "./l1InfoTree.js";
export * from "./revert.js";
export * from "./rollupHashes.js";
