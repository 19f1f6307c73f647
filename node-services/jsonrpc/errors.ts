/** JSON-RPC 2.0 errors: the standard codes, plus -32000 (server rule) and 3 (execution reverted, data = revert bytes). */
export const RpcCode = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internal: -32603,
  server: -32000,
  reverted: 3,
} as const;

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = "RpcError";
  }
}

export const invalidParams = (message: string): RpcError => new RpcError(RpcCode.invalidParams, message);
export const serverError = (message: string): RpcError => new RpcError(RpcCode.server, message);
