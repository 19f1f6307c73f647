/** Typed errors of the state repository: each carries a stable `code` and a message that says what to fix. */
export type StateErrorCode =
  | "BATCH_NOT_FOUND"
  | "BATCH_ORDER"
  | "BATCH_LIFECYCLE"
  | "BLOCK_ORDER"
  | "STATE_ROOT_MISMATCH"
  | "LOG_RANGE_TOO_LARGE"
  | "LOG_RESULT_TOO_LARGE"
  | "INVALID_FILTER";

export class StateError extends Error {
  constructor(
    readonly code: StateErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "StateError";
  }
}
