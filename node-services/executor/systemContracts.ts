/** Addresses, storage slots and constants of the Etrog system writes (spec §4.6, commonjs `src/constants.js`). */
export const ADDRESS_SYSTEM = "0x000000000000000000000000000000005ca1ab1e";
export const ADDRESS_GLOBAL_EXIT_ROOT_MANAGER_L2 = "0xa40d5f56745a118d0906a34e69aec8c0db1cb8fa";
export const LAST_BLOCK_STORAGE_POS = 0n;
export const STATE_ROOT_STORAGE_POS = 1n;
export const TIMESTAMP_STORAGE_POS = 2n;
export const BLOCK_INFO_ROOT_STORAGE_POS = 3n;
export const GLOBAL_EXIT_ROOT_STORAGE_POS = 0n;
export const LOCAL_EXIT_ROOT_STORAGE_POS = 1n;
/** Per-tx gas cap of the ROM. */
export const TX_GAS_LIMIT = 30_000_000n;

/** Block gas limit written into the block-info tree and returned by GASLIMIT: 2^64−1 in fork 7, 2^50 from fork 8. */
export function blockGasLimit(forkId: number): bigint {
  return forkId >= 8 ? 1125899906842624n : 0xffffffffffffffffn;
}
