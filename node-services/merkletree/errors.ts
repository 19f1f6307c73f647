/** The one error type of the merkle tree: a code callers can branch on and a message that says what was wrong. */
export type MerkleTreeErrorCode =
  | "INVALID_FIELD_ELEMENT"
  | "INVALID_HASH"
  | "INVALID_VALUE"
  | "INVALID_INPUT"
  | "MISSING_NODE"
  | "CORRUPT_NODE";

export class MerkleTreeError extends Error {
  constructor(
    readonly code: MerkleTreeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "MerkleTreeError";
  }
}
