/**
 * Column conventions shared by both back-ends, so rows look the same whichever database is used:
 * - BIGINT (int8)  -> JS number; values past 2^53 throw (block, batch and tx numbers, gas, nonces never get there).
 * - NUMERIC        -> string (wei amounts; callers convert with BigInt()).
 * - BYTEA          -> Uint8Array.
 * - TIMESTAMPTZ    -> Date; JSONB -> parsed JSON.
 */
export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`BIGINT value ${text} does not fit a JS number`);
  return n;
}
export const INT8_OID = 20;
