/** Why the synchronizer stopped: L1 and this node disagree in a way that needs an operator. */
export type SyncHaltCode = "VERIFIED_ROOT_MISMATCH" | "TRUSTED_STATE_MISMATCH" | "INCONSISTENT_L1";

export class SyncHaltError extends Error {
  constructor(
    readonly code: SyncHaltCode,
    message: string,
  ) {
    super(message);
    this.name = "SyncHaltError";
  }
}
