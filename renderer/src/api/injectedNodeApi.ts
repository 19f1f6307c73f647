/**
 * The NodeApi Electron's preload injects. Its rejections arrive as ApiErrorWire data (contextBridge keeps nothing of an
 * Error but its message), so they are turned back into ApiErrors here and the UI branches on codes as in a browser.
 */
import { ApiError, type ApiErrorWire } from "../../../node-services/api/apiError.js";
import { nodeApiMethods, type NodeApi } from "../../../node-services/api/nodeApi.js";

function isWire(e: unknown): e is ApiErrorWire {
  return typeof e === "object" && e !== null && typeof (e as ApiErrorWire).code === "string" && typeof (e as ApiErrorWire).message === "string";
}

export function injectedNodeApi(injected: NodeApi): NodeApi {
  const methods = Object.fromEntries(
    nodeApiMethods.map((m) => [
      m,
      (params?: unknown) =>
        (injected[m] as (p?: unknown) => Promise<unknown>)(params).catch((e: unknown) => {
          throw isWire(e) ? ApiError.fromWire(e) : e;
        }),
    ]),
  );
  return { ...(methods as unknown as Omit<NodeApi, "subscribe">), subscribe: (topics, listener) => injected.subscribe(topics, listener) };
}
