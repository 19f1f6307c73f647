/**
 * The one error shape of the NodeApi, the same on every transport: a code the UI can branch on and a message it shows
 * as is (never a stack). Plain data on the wire (`toWire`/`fromWire`), so IPC and JSON-RPC carry it alike.
 */
export type ApiErrorCode =
  /** The request's payload failed validation; `details` names the field. */
  | "INVALID_PARAMS"
  | "UNKNOWN_METHOD"
  | "NOT_FOUND"
  /** The part that would answer does not run in this node (e.g. no aggregator). */
  | "UNAVAILABLE"
  /** The request conflicts with the current state (e.g. cancelling a finished job). */
  | "CONFLICT"
  /** The transport to the node is down. */
  | "DISCONNECTED"
  | "INTERNAL";

export interface ApiErrorWire {
  code: ApiErrorCode;
  message: string;
  details?: unknown;
}

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  toWire(): ApiErrorWire {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }

  static fromWire(w: ApiErrorWire): ApiError {
    return new ApiError(w.code, w.message, w.details);
  }

  /** Any thrown value as an ApiError; errors that are not ApiErrors keep their message and a code they carry, as INTERNAL. */
  static from(e: unknown): ApiError {
    if (e instanceof ApiError) return e;
    const message = e instanceof Error ? e.message : String(e);
    const code = (e as { code?: unknown } | null)?.code;
    return new ApiError("INTERNAL", message, typeof code === "string" ? { code } : undefined);
  }
}
