/** The etherman's typed failure: a code to branch on and a message that says what to do. */
export type EthermanErrorCode = "BAD_CALLDATA" | "BAD_PROOF" | "REORGED_DURING_READ" | "MISSING_TX" | "INCONSISTENT_EVENT" | "RPC_FAILED";

export class EthermanError extends Error {
  constructor(
    readonly code: EthermanErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "EthermanError";
  }
}
