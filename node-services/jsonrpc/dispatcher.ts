/**
 * JSON-RPC 2.0 request handling independent of the transport: parse, validate, batch, dispatch, and turn every
 * failure into a JSON-RPC error object (internal errors are logged, never leaked with their stack).
 */
import { RpcCode, RpcError } from "./errors.js";
import type { Handler } from "./ethMethods.js";
import type { CallContext } from "./rpcContext.js";

type Id = string | number | null;
interface Success {
  jsonrpc: "2.0";
  id: Id;
  result: unknown;
}
interface Failure {
  jsonrpc: "2.0";
  id: Id;
  error: { code: number; message: string; data?: unknown };
}
export type Response = Success | Failure;

export interface DispatcherOptions {
  batchRequestsEnabled: boolean;
  batchRequestsLimit: number;
  /** Called with unexpected handler errors (they reach the client only as "internal error"). */
  onInternalError: (method: string, err: unknown) => void;
}

export const errorResponse = (id: Id, code: number, message: string, data?: unknown): Failure => ({
  jsonrpc: "2.0",
  id,
  error: data === undefined ? { code, message } : { code, message, data },
});

export class Dispatcher {
  constructor(
    private readonly methods: ReadonlyMap<string, Handler>,
    private readonly opts: DispatcherOptions,
  ) {}

  /** Handles a raw body; returns the response text, or null when there is nothing to answer (only notifications). */
  async handleText(text: string, call: CallContext): Promise<string | null> {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      return JSON.stringify(errorResponse(null, RpcCode.parseError, "parse error: the body is not valid JSON"));
    }
    const out = await this.handleMessage(msg, call);
    return out === null ? null : JSON.stringify(out);
  }

  async handleMessage(msg: unknown, call: CallContext): Promise<Response | Response[] | null> {
    if (!Array.isArray(msg)) return this.handleOne(msg, call);
    if (!this.opts.batchRequestsEnabled) return errorResponse(null, RpcCode.invalidRequest, "batch requests are disabled");
    if (msg.length === 0) return errorResponse(null, RpcCode.invalidRequest, "invalid request: empty batch");
    if (msg.length > this.opts.batchRequestsLimit) {
      return errorResponse(null, RpcCode.invalidRequest, `batch requests limit exceeded: ${msg.length} > ${this.opts.batchRequestsLimit}`);
    }
    const results = await Promise.all(msg.map((m) => this.handleOne(m, call)));
    const answered = results.filter((r): r is Response => r !== null);
    return answered.length ? answered : null;
  }

  private async handleOne(req: unknown, call: CallContext): Promise<Response | null> {
    if (req === null || typeof req !== "object" || Array.isArray(req)) {
      return errorResponse(null, RpcCode.invalidRequest, "invalid request: a request must be a JSON object");
    }
    const r = req as Record<string, unknown>;
    const hasId = "id" in r;
    const id = r.id;
    if (hasId && id !== null && typeof id !== "string" && !(typeof id === "number" && Number.isFinite(id))) {
      return errorResponse(null, RpcCode.invalidRequest, "invalid request: id must be a string, a number or null");
    }
    const rid = (hasId ? id : null) as Id;
    if (r.jsonrpc !== "2.0") return errorResponse(rid, RpcCode.invalidRequest, 'invalid request: jsonrpc must be "2.0"');
    if (typeof r.method !== "string" || r.method === "") {
      return errorResponse(rid, RpcCode.invalidRequest, "invalid request: method must be a non-empty string");
    }
    const method = r.method;
    let params: unknown[];
    if (r.params === undefined || r.params === null) params = [];
    else if (Array.isArray(r.params)) params = r.params;
    else return errorResponse(rid, RpcCode.invalidParams, "invalid params: params must be an array (positional)");

    const handler = this.methods.get(method);
    if (!handler) {
      return hasId ? errorResponse(rid, RpcCode.methodNotFound, `the method ${method} does not exist/is not available`) : null;
    }
    try {
      const result = await handler(params, call);
      return hasId ? { jsonrpc: "2.0", id: rid, result: result === undefined ? null : result } : null;
    } catch (err) {
      if (!hasId) return null;
      if (err instanceof RpcError) return errorResponse(rid, err.code, err.message, err.data);
      this.opts.onInternalError(method, err);
      return errorResponse(rid, RpcCode.internal, "internal error");
    }
  }
}
