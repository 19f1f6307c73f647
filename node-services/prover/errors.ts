/**
 * The prover's one error type: a stable `code` a caller can branch on and a message a user can act on.
 * It crosses worker and process boundaries as plain data (`toWire`/`fromWire`) and comes back intact.
 */
export type ProverErrorCode =
  | "FILE_NOT_FOUND"
  | "FILE_TRUNCATED"
  | "FILE_CORRUPT"
  | "WRONG_CURVE"
  | "WRONG_PROTOCOL"
  | "WITNESS_MISMATCH"
  | "WITNESS_UNSATISFIED"
  | "TOO_LARGE"
  | "OUT_OF_MEMORY"
  | "WORKER_CRASHED"
  | "CANCELLED"
  | "BACKEND_UNAVAILABLE"
  | "INVALID_ARGUMENT"
  | "INVALID_PROOF_FORMAT"
  | "WASM_NOT_BUILT"
  | "INTERNAL";

export class ProverError extends Error {
  readonly code: ProverErrorCode;
  constructor(code: ProverErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ProverError";
    this.code = code;
  }
}

export interface WireError {
  code: ProverErrorCode;
  message: string;
}

export function toWire(e: unknown): WireError {
  if (e instanceof ProverError) return { code: e.code, message: e.message };
  if (e instanceof RangeError && /memory/i.test(e.message)) {
    return { code: "OUT_OF_MEMORY", message: `out of memory: ${e.message}` };
  }
  if (e instanceof Error && e.name === "RuntimeError") {
    return { code: "INTERNAL", message: `the prover's WASM code trapped (${e.message}): this is a bug, please report it` };
  }
  return { code: "INTERNAL", message: e instanceof Error ? e.message : String(e) };
}

export function fromWire(w: WireError): ProverError {
  return new ProverError(w.code, w.message);
}

/** Numeric codes returned by the Rust C ABI (`FormatError::code`), mapped to ours. */
export function fromAbiCode(code: number, context: string, detail?: string): ProverError {
  const table: Record<number, [ProverErrorCode, string]> = {
    1: ["FILE_TRUNCATED", "is truncated"],
    2: ["FILE_CORRUPT", "is corrupt"],
    3: ["WRONG_CURVE", "is not for BN254 (its prime does not match)"],
    4: ["WRONG_PROTOCOL", "is not a Groth16 key"],
    5: ["WITNESS_MISMATCH", "does not belong to the same circuit"],
    6: ["WITNESS_UNSATISFIED", "does not satisfy the circuit"],
    7: ["TOO_LARGE", "is larger than this prover supports"],
  };
  const [c, what] = table[code] ?? ["INTERNAL", `failed with code ${code}`];
  return new ProverError(c, detail ? `${context}: ${detail}` : `${context} ${what}`);
}
