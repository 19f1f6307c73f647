/**
 * NodeApi in a browser: the node's `prom_` admin JSON-RPC over one WebSocket. Reconnects with backoff, fails pending
 * calls with DISCONNECTED when the socket drops (never leaves them hanging), and re-subscribes live topics after a
 * reconnect. `onConnection` lets the UI show that the node is unreachable.
 */
import { ApiError, type ApiErrorWire } from "../../../node-services/api/apiError.js";
import { adminNamespace, nodeApiMethods, type EventTopic, type NodeApi, type NodeApiMethod, type NodeEvent } from "../../../node-services/api/nodeApi.js";

export type ConnectionState = "connecting" | "open" | "closed";

export interface WsNodeApi extends NodeApi {
  connection(): ConnectionState;
  onConnection(fn: (s: ConnectionState) => void): () => void;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

interface Subscription {
  topics: readonly EventTopic[];
  listener: (e: NodeEvent) => void;
  /** The server's id on the current socket, once it answered. */
  serverId: string | null;
}

const CALL_TIMEOUT_MS = 60_000;
const OPEN_WAIT_MS = 10_000;

export function createWsNodeApi(url: string): WsNodeApi {
  let ws: WebSocket | null = null;
  let state: ConnectionState = "connecting";
  let nextId = 1;
  let retryMs = 250;
  const pending = new Map<number, Pending>();
  const subs = new Set<Subscription>();
  const byServerId = new Map<string, Subscription>();
  const connListeners = new Set<(s: ConnectionState) => void>();

  const setState = (s: ConnectionState) => {
    state = s;
    for (const l of connListeners) l(s);
  };

  /** Calls made while the socket is (re)connecting wait for it, up to OPEN_WAIT_MS, instead of failing at once. */
  const waiting = new Set<{ open(): void; fail(e: ApiError): void }>();

  function whenOpen(): Promise<WebSocket> {
    if (ws && ws.readyState === WebSocket.OPEN) return Promise.resolve(ws);
    return new Promise((resolve, reject) => {
      const w = {
        open: () => [clearTimeout(timer), waiting.delete(w), resolve(ws!)],
        fail: (e: ApiError) => [clearTimeout(timer), waiting.delete(w), reject(e)],
      };
      const timer = setTimeout(() => w.fail(new ApiError("DISCONNECTED", `the node is not reachable at ${url}; reconnecting`)), OPEN_WAIT_MS);
      waiting.add(w);
    });
  }

  async function send(method: string, params: unknown[]): Promise<unknown> {
    const socket = await whenOpen();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new ApiError("DISCONNECTED", `${method} got no answer in ${CALL_TIMEOUT_MS / 1000} s`));
      }, CALL_TIMEOUT_MS);
      pending.set(id, {
        resolve: (v) => [clearTimeout(timer), resolve(v)],
        reject: (e) => [clearTimeout(timer), reject(e)],
      });
      socket.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    });
  }

  function subscribeOnServer(s: Subscription): void {
    send(`${adminNamespace}subscribe`, [s.topics]).then(
      (id) => {
        if (!subs.has(s)) {
          void send(`${adminNamespace}unsubscribe`, [id]).catch(() => undefined);
          return;
        }
        s.serverId = id as string;
        byServerId.set(s.serverId, s);
      },
      () => undefined, // the reconnect subscribes again
    );
  }

  function onMessage(data: string): void {
    const msg = JSON.parse(data) as {
      id?: number;
      result?: unknown;
      error?: { message: string; data?: ApiErrorWire };
      method?: string;
      params?: { subscription: string; result: NodeEvent };
    };
    if (msg.method === `${adminNamespace}subscription` && msg.params) {
      byServerId.get(msg.params.subscription)?.listener(msg.params.result);
      return;
    }
    if (typeof msg.id !== "number") return;
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.error) p.reject(msg.error.data ? ApiError.fromWire(msg.error.data) : new ApiError("INTERNAL", msg.error.message));
    else p.resolve(msg.result);
  }

  function connect(): void {
    setState("connecting");
    const socket = new WebSocket(url);
    ws = socket;
    socket.onopen = () => {
      retryMs = 250;
      setState("open");
      for (const w of [...waiting]) w.open();
      byServerId.clear();
      for (const s of subs) {
        s.serverId = null;
        subscribeOnServer(s);
      }
    };
    socket.onmessage = (e) => onMessage(String(e.data));
    socket.onclose = () => {
      if (ws !== socket) return;
      ws = null;
      for (const p of pending.values()) p.reject(new ApiError("DISCONNECTED", "the connection to the node closed"));
      pending.clear();
      setState("closed");
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  }
  connect();

  const api = {
    connection: () => state,
    onConnection(fn: (s: ConnectionState) => void) {
      connListeners.add(fn);
      return () => {
        connListeners.delete(fn);
      };
    },
    subscribe(topics: readonly EventTopic[], listener: (e: NodeEvent) => void) {
      const s: Subscription = { topics, listener, serverId: null };
      subs.add(s);
      if (state === "open") subscribeOnServer(s);
      return () => {
        subs.delete(s);
        if (s.serverId) {
          byServerId.delete(s.serverId);
          void send(`${adminNamespace}unsubscribe`, [s.serverId]).catch(() => undefined);
        }
      };
    },
  } as WsNodeApi;
  for (const m of nodeApiMethods) {
    (api as unknown as Record<NodeApiMethod, (p?: unknown) => Promise<unknown>>)[m] = (p?: unknown) => send(`${adminNamespace}${m}`, p === undefined ? [] : [p]);
  }
  return api;
}
