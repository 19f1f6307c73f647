/** Typed failures of the L1 tx manager; a failed tx's stored error starts with its code (and revert name). */
export type L1TxErrorCode = "DUPLICATE_ID" | "UNKNOWN_ID" | "REVERTED" | "ESTIMATE_REVERTED" | "FEE_CAP_REACHED" | "STOPPED";

export class L1TxError extends Error {
  constructor(
    readonly code: L1TxErrorCode,
    message: string,
    /** The custom error the contract reverted with, when known. */
    readonly revertName?: string,
  ) {
    super(message);
    this.name = "L1TxError";
  }
}
