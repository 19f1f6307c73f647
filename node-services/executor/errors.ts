/** Typed errors of the executor: malformed batch data, and rejected or failed execution requests. */

/** Every rule of the strict Etrog batchL2Data decoder (spec §3.1, §3.2), one code each. */
export type BatchDecodeCode =
  | "BATCH_TOO_LARGE"
  | "TRUNCATED"
  | "NOT_A_LIST"
  | "NON_CANONICAL_LENGTH"
  | "NON_CANONICAL_INTEGER"
  | "NON_CANONICAL_STRING"
  | "INTEGER_TOO_LONG"
  | "NOT_A_SHORT_STRING"
  | "BAD_TO_FIELD"
  | "BAD_EIP155_TAIL"
  | "LIST_LENGTH_MISMATCH"
  | "BAD_V"
  | "MISSING_FIRST_CHANGE_L2_BLOCK"
  | "CHANGE_L2_BLOCK_IN_FORCED_BATCH"
  | "TYPED_TX_UNSUPPORTED"
  | "BAD_RAW_TX";

/** batchL2Data (or a raw tx) that breaks one decoding rule; `offset` is where the rule failed. */
export class BatchDecodeError extends Error {
  override readonly name = "BatchDecodeError";
  constructor(
    readonly code: BatchDecodeCode,
    message: string,
    readonly offset?: number,
  ) {
    super(offset === undefined ? message : `${message} (at byte ${offset})`);
  }
}

export type ExecutorErrorCode = "MISSING_BYTECODE" | "MISSING_L1_INFO" | "BAD_INPUT" | "BLOCK_CLOSED";

/** A request the executor cannot serve (missing data, misuse of the API); never a tx-level rejection. */
export class ExecutorError extends Error {
  override readonly name = "ExecutorError";
  constructor(
    readonly code: ExecutorErrorCode,
    message: string,
  ) {
    super(message);
  }
}
