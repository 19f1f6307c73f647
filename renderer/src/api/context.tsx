/**
 * Which NodeApi the UI talks to: the one Electron's preload exposes, or else the node's admin WebSocket on the page's
 * own origin (the headless node serves this UI). Components read it with `useApi()`.
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { nodeApiGlobal, type NodeApi } from "../../../node-services/api/nodeApi.js";
import { injectedNodeApi } from "./injectedNodeApi.js";
import { createWsNodeApi, type ConnectionState, type WsNodeApi } from "./wsNodeApi.js";

export function pickNodeApi(): NodeApi | WsNodeApi {
  const injected = (globalThis as Record<string, unknown>)[nodeApiGlobal] as NodeApi | undefined;
  if (injected) return injectedNodeApi(injected);
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  return createWsNodeApi(`${proto}//${location.host}/rpc`);
}

const ApiContext = createContext<NodeApi | null>(null);

export function ApiProvider({ api, children }: { api: NodeApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): NodeApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error("useApi outside ApiProvider");
  return api;
}

/** The transport's state; an injected (Electron) API counts as always open. */
export function useConnection(): ConnectionState {
  const api = useApi() as Partial<WsNodeApi>;
  const [state, setState] = useState<ConnectionState>(api.connection?.() ?? "open");
  useEffect(() => {
    const off = api.onConnection?.(setState);
    // The socket may have opened between the first render and this effect.
    if (api.connection) setState(api.connection());
    return off;
  }, [api]);
  return state;
}
