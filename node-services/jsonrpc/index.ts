/** Public API of the JSON-RPC component. */
export { JsonRpcServer, type JsonRpcLogger } from "./server.js";
export { defaultJsonRpcOptions, jsonRpcOptions, type JsonRpcOptions, type Namespace } from "./options.js";
export type { RpcBackend, SyncStatus } from "./rpcContext.js";
export { RpcCode, RpcError } from "./errors.js";
