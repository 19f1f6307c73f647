/** Public API of the merkle tree: Poseidon, encodings, keys, bytecode hash, node stores and the tree. */
export { ZERO_H4, h4ToHex, hexToH4, h4ToBytes, bytesToH4, scalarToFea, feaToScalar, h4ToScalar, scalarToH4, h4Equal, isZeroH4 } from "./h4.js";
export type { H4 } from "./h4.js";
export { poseidon, setPoseidonImpl, getPoseidonImpl } from "./poseidon.js";
export type { PoseidonFn, PoseidonImpl } from "./poseidon.js";
export { poseidonReference } from "./poseidonReference.js";
export { poseidonFast } from "./poseidonFast.js";
export { useWasmPoseidon, wasmPoseidon } from "./poseidonWasm.js";
export { GOLDILOCKS_P } from "./goldilocks.js";
export {
  keyBalance,
  keyNonce,
  keyCode,
  keyCodeLength,
  keyStorage,
  keyBlockInfo,
  keyBlockInfoLog,
  setKeyCacheSize,
  HASH_POSEIDON_ALL_ZEROES,
  SMT_KEY_BALANCE,
  SMT_KEY_NONCE,
  SMT_KEY_SC_CODE,
  SMT_KEY_SC_STORAGE,
  SMT_KEY_SC_LENGTH,
  SMT_KEY_TOUCHED_ADDR,
  SMT_KEY_TOUCHED_SLOTS,
  SMT_KEY_BLOCK_HEADER_PARAM,
  SMT_KEY_BLOCK_HEADER_TRANSACTION_HASH,
  SMT_KEY_BLOCK_HEADER_STATUS,
  SMT_KEY_BLOCK_HEADER_CUMULATIVE_GAS_USED,
  SMT_KEY_BLOCK_HEADER_LOGS,
  SMT_KEY_BLOCK_HEADER_EFFECTIVE_PERCENTAGE,
  INDEX_BLOCK_HEADER_PARAM_BLOCK_HASH,
  INDEX_BLOCK_HEADER_PARAM_COINBASE,
  INDEX_BLOCK_HEADER_PARAM_NUMBER,
  INDEX_BLOCK_HEADER_PARAM_GAS_LIMIT,
  INDEX_BLOCK_HEADER_PARAM_TIMESTAMP,
  INDEX_BLOCK_HEADER_PARAM_GER,
  INDEX_BLOCK_HEADER_PARAM_BLOCK_HASH_L1,
  INDEX_BLOCK_HEADER_PARAM_GAS_USED,
} from "./keys.js";
export { hashContractBytecode, linearPoseidon } from "./bytecodeHash.js";
export { MemoryNodeStore } from "./nodeStore.js";
export type { SmtNodeStore } from "./nodeStore.js";
export { DbNodeStore, encodeNodeData, decodeNodeData } from "./dbNodeStore.js";
export { Smt } from "./smt.js";
export type { SmtEntry, SmtOptions } from "./smt.js";
export { buildRoot } from "./smtBuild.js";
export { MerkleTreeError } from "./errors.js";
export type { MerkleTreeErrorCode } from "./errors.js";
export { merkletreeOptions, defaultMerkletreeOptions } from "./options.js";
export type { MerkletreeOptions } from "./options.js";
