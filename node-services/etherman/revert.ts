/**
 * Turns L1 revert data into the custom error names of the Prom contracts (or Error(string) / Panic), from raw
 * revert bytes or from the error objects ethers throws.
 */
import { Interface, isError } from "ethers";
import { promGlobalExitRootAbi, promZkEvmAbi } from "./abi.js";

const errorsInterface = new Interface([
  ...promZkEvmAbi.filter((f) => f.startsWith("error ")),
  ...promGlobalExitRootAbi.filter((f) => f.startsWith("error ")),
]);

export interface DecodedRevert {
  /** Custom error name, "Error" for require strings, "Panic" for panics. */
  name: string;
  /** The require string or panic code when there is one. */
  reason?: string;
  data: string;
}

export function decodeRevertData(data: string): DecodedRevert | null {
  if (!/^0x[0-9a-fA-F]*$/.test(data) || data.length < 10) return null;
  const selector = data.slice(0, 10).toLowerCase();
  try {
    if (selector === "0x08c379a0") {
      const [reason] = Interface.from(["error Error(string)"]).decodeErrorResult("Error", data);
      return { name: "Error", reason: String(reason), data };
    }
    if (selector === "0x4e487b71") {
      const [code] = Interface.from(["error Panic(uint256)"]).decodeErrorResult("Panic", data);
      return { name: "Panic", reason: `0x${(code as bigint).toString(16)}`, data };
    }
    const parsed = errorsInterface.parseError(data);
    return parsed ? { name: parsed.name, data } : { name: `unknown error ${selector}`, data };
  } catch {
    return { name: `undecodable revert ${selector}`, data };
  }
}

/** Finds revert data in whatever ethers (or a JSON-RPC node through ethers) threw. */
export function revertDataOf(err: unknown): string | null {
  const seen = new Set<unknown>();
  const walk = (e: unknown): string | null => {
    if (!e || typeof e !== "object" || seen.has(e)) return null;
    seen.add(e);
    const o = e as Record<string, unknown>;
    if (typeof o.data === "string" && o.data.startsWith("0x") && o.data.length >= 10) return o.data;
    for (const key of ["data", "error", "info", "cause", "revert"]) {
      const found = walk(o[key]);
      if (found) return found;
    }
    return null;
  };
  return walk(err);
}

/** The decoded revert of an ethers error, or null when the failure was not a revert with data. */
export function decodeRevert(err: unknown): DecodedRevert | null {
  const data = revertDataOf(err);
  if (data) return decodeRevertData(data);
  if (isError(err, "CALL_EXCEPTION") && err.reason) return { name: "Error", reason: err.reason, data: "0x" };
  return null;
}
