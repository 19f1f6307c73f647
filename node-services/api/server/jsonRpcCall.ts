/** One JSON-RPC 2.0 call over HTTP with a deadline, for reads from L1 and from the node's own L2 RPC. */
import { ApiError } from "../apiError.js";

export interface JsonRpcResponse {
  jsonrpc: "2.0";
  id: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** The whole response object (result or error); network failures and non-JSON answers are UNAVAILABLE ApiErrors. */
export async function jsonRpcCall(url: string, method: string, params: unknown[], timeoutMs = 5000): Promise<JsonRpcResponse> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new ApiError("UNAVAILABLE", `${url} did not answer ${method}: ${(e as Error).message}`);
  }
  const text = await res.text();
  try {
    return JSON.parse(text) as JsonRpcResponse;
  } catch {
    throw new ApiError("UNAVAILABLE", `${url} answered ${method} with HTTP ${res.status} and no JSON: ${text.slice(0, 200)}`);
  }
}

/** The result of a call, or an UNAVAILABLE ApiError carrying the server's error message. */
export async function jsonRpcResult(url: string, method: string, params: unknown[], timeoutMs?: number): Promise<unknown> {
  const r = await jsonRpcCall(url, method, params, timeoutMs);
  if (r.error) throw new ApiError("UNAVAILABLE", `${method} failed: ${r.error.message}`);
  return r.result;
}
