/**
 * State-tree keys (spec §4.3, zkevm-commonjs `smt-utils.js` and `block-keys-utils.js`):
 * key = H([a0..a5, type, 0], capacity) where a = scalar2fea(address or index).
 */
import { MerkleTreeError } from "./errors.js";
import { hexToH4, scalarToFea, type H4 } from "./h4.js";
import { defaultMerkletreeOptions } from "./options.js";
import { poseidon } from "./poseidon.js";

export const SMT_KEY_BALANCE = 0;
export const SMT_KEY_NONCE = 1;
export const SMT_KEY_SC_CODE = 2;
export const SMT_KEY_SC_STORAGE = 3;
export const SMT_KEY_SC_LENGTH = 4;
export const SMT_KEY_TOUCHED_ADDR = 5;
export const SMT_KEY_TOUCHED_SLOTS = 6;
export const SMT_KEY_BLOCK_HEADER_PARAM = 7;
export const SMT_KEY_BLOCK_HEADER_TRANSACTION_HASH = 8;
export const SMT_KEY_BLOCK_HEADER_STATUS = 9;
export const SMT_KEY_BLOCK_HEADER_CUMULATIVE_GAS_USED = 10;
export const SMT_KEY_BLOCK_HEADER_LOGS = 11;
export const SMT_KEY_BLOCK_HEADER_EFFECTIVE_PERCENTAGE = 12;

/** Block-info tree header parameters (the index of a type-7 key), as in zkevm-commonjs `constants.js`. */
export const INDEX_BLOCK_HEADER_PARAM_BLOCK_HASH = 0n;
export const INDEX_BLOCK_HEADER_PARAM_COINBASE = 1n;
export const INDEX_BLOCK_HEADER_PARAM_NUMBER = 2n;
export const INDEX_BLOCK_HEADER_PARAM_GAS_LIMIT = 3n;
export const INDEX_BLOCK_HEADER_PARAM_TIMESTAMP = 4n;
export const INDEX_BLOCK_HEADER_PARAM_GER = 5n;
export const INDEX_BLOCK_HEADER_PARAM_BLOCK_HASH_L1 = 6n;
export const INDEX_BLOCK_HEADER_PARAM_GAS_USED = 7n;

/** H(0^8, 0^4): the capacity of every key that has no second input. */
export const HASH_POSEIDON_ALL_ZEROES: H4 = hexToH4("0xc71603f33a1144ca7953db0ab48808f4c4055e3364a246c33c18a9786cb0b359");

const ZERO4: readonly bigint[] = [0n, 0n, 0n, 0n];

function addressScalar(address: string): bigint {
  if (typeof address !== "string" || !/^(0x)?[0-9a-fA-F]{40}$/.test(address)) {
    throw new MerkleTreeError("INVALID_INPUT", `expected a 20-byte hex address, got ${JSON.stringify(address)}`);
  }
  return BigInt(address.startsWith("0x") ? address : `0x${address}`);
}

function keyOf(scalar: bigint, type: number, capacity: readonly bigint[]): H4 {
  const a = scalarToFea(scalar);
  return poseidon([a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, BigInt(type), 0n], capacity);
}

/**
 * Account keys are asked for again and again (every tx reads and writes the sender's balance and nonce, the coinbase's
 * balance), and each costs one or two Poseidon permutations: remember the recent ones.
 */
const accountKeys = new Map<string, H4>();
let accountKeysMax = defaultMerkletreeOptions.keyCacheEntries;

/** Sets how many account and storage keys are remembered (0 turns the cache off). */
export function setKeyCacheSize(entries: number): void {
  accountKeysMax = Math.max(0, Math.floor(entries));
  accountKeys.clear();
}

function cachedAccountKey(address: string, type: number, slot?: bigint): H4 {
  const id = slot === undefined ? `${type}${address.toLowerCase()}` : `${type}${address.toLowerCase()}:${slot.toString(16)}`;
  const hit = accountKeys.get(id);
  if (hit) return hit;
  const capacity = slot === undefined ? HASH_POSEIDON_ALL_ZEROES : poseidon(scalarToFea(slot), ZERO4);
  const key = keyOf(addressScalar(address), type, capacity);
  if (accountKeysMax > 0) {
    if (accountKeys.size >= accountKeysMax) {
      // drop the oldest tenth: insertion order is a good enough age
      let drop = Math.max(1, Math.floor(accountKeysMax / 10));
      for (const k of accountKeys.keys()) {
        accountKeys.delete(k);
        if (--drop === 0) break;
      }
    }
    accountKeys.set(id, key);
  }
  return key;
}

export function keyBalance(address: string): H4 {
  return cachedAccountKey(address, SMT_KEY_BALANCE);
}

export function keyNonce(address: string): H4 {
  return cachedAccountKey(address, SMT_KEY_NONCE);
}

/** Leaf holding the contract's bytecode hash (hashContractBytecode). */
export function keyCode(address: string): H4 {
  return cachedAccountKey(address, SMT_KEY_SC_CODE);
}

/** Leaf holding the contract's bytecode length in bytes. */
export function keyCodeLength(address: string): H4 {
  return cachedAccountKey(address, SMT_KEY_SC_LENGTH);
}

export function keyStorage(address: string, slot: bigint): H4 {
  if (typeof slot !== "bigint" || slot < 0n || slot >= 1n << 256n) {
    throw new MerkleTreeError("INVALID_VALUE", `a storage slot is an unsigned 256-bit integer, got ${String(slot)}`);
  }
  return cachedAccountKey(address, SMT_KEY_SC_STORAGE, slot);
}

/**
 * Block-info tree keys (Etrog): `paramOrTxIndex` is the header parameter (type 7) or the tx index (types 8–12).
 * The capacity defaults to HASH_POSEIDON_ALL_ZEROES; logs (type 11) use H(scalar2fea(logIndex), 0), see keyBlockInfoLog.
 */
export function keyBlockInfo(paramOrTxIndex: bigint, type: number, capacity: H4 = HASH_POSEIDON_ALL_ZEROES): H4 {
  if (!Number.isSafeInteger(type) || type < 0 || type > 0xffffffff) {
    throw new MerkleTreeError("INVALID_INPUT", `a key type is a small non-negative integer, got ${type}`);
  }
  return keyOf(paramOrTxIndex, type, capacity);
}

/** Key of log number `logIndex` of tx `txIndex` in the block-info tree. */
export function keyBlockInfoLog(txIndex: bigint, logIndex: bigint): H4 {
  return keyBlockInfo(txIndex, SMT_KEY_BLOCK_HEADER_LOGS, poseidon(scalarToFea(logIndex), ZERO4));
}
