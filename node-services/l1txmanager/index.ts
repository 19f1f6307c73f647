/** Public surface of the L1 tx manager. */
export { L1TxError, type L1TxErrorCode } from "./errors.js";
export { L1TxManager, revertNameOf, type AddL1Tx, type L1TxManagerDeps, type L1TxResult } from "./l1TxManager.js";
export type { L1TxRecord, L1TxStatus, SentAttempt } from "./l1TxStore.js";
export { defaultL1TxManagerOptions, l1TxManagerSection, type L1TxManagerOptions } from "./options.js";
