/**
 * The UI server: the built web UI (renderer/dist) over HTTP and the NodeApi as the `prom_` admin JSON-RPC, over HTTP
 * POST and WebSocket (with `prom_subscribe` for live events), on one loopback-only port.
 *
 * The admin API changes settings and cancels jobs, so it refuses anything that is not local: it binds loopback only,
 * accepts only a loopback Host header (no DNS rebinding) and, from browsers, only its own Origin (no cross-site calls).
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { WebSocketServer, type WebSocket } from "ws";
import type { Logger } from "../../log/logger.js";
import { ApiError, type ApiErrorWire } from "../apiError.js";
import { adminNamespace, type NodeApi, type NodeEvent } from "../nodeApi.js";
import { isNodeApiMethod, validateTopics } from "../validate.js";

export const LOOPBACK_HOSTS = ["127.0.0.1", "::1", "localhost"] as const;
const MAX_BODY = 1_048_576;
/** A client that does not read its socket loses live events beyond this backlog instead of growing our memory. */
const MAX_WS_BACKLOG = 8 * 1_048_576;

export interface AdminServerOptions {
  host: string;
  port: number;
  /** Folder of the built UI; default: renderer/dist of this checkout. */
  uiDir?: string;
}

export interface AdminServer {
  /** http://host:port/ : the UI. */
  url: string;
  /** ws://host:port/rpc : the admin JSON-RPC over WebSocket (HTTP POST to http://host:port/rpc also works). */
  wsUrl: string;
  close(): Promise<void>;
}

interface RpcRequest {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

const jsonRpcCodes: Partial<Record<ApiErrorWire["code"], number>> = { INVALID_PARAMS: -32602, UNKNOWN_METHOD: -32601 };

/** Content types of the files the built UI holds (the Electron app serves the same build). */
export const uiMimeTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

/** renderer/dist from a source checkout (tsx) and from the compiled dist/ tree alike. */
export function defaultUiDir(): string {
  const candidates = ["../../../renderer/dist", "../../../../renderer/dist"].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  return candidates.find((c) => existsSync(join(c, "index.html"))) ?? candidates[0]!;
}

function errorResponse(id: unknown, e: unknown) {
  const err = ApiError.from(e).toWire();
  return { jsonrpc: "2.0", id: id ?? null, error: { code: jsonRpcCodes[err.code] ?? -32000, message: err.message, data: err } };
}

/** `params` as JSON-RPC sends them: `[payload]`, `[]`, a bare object, or nothing. */
function payloadOf(params: unknown): unknown {
  if (params === undefined || params === null) return undefined;
  if (Array.isArray(params)) {
    if (params.length > 1) throw new ApiError("INVALID_PARAMS", "params: the admin methods take one object (or none)");
    return params[0];
  }
  return params;
}

export async function startAdminServer(api: NodeApi, opts: AdminServerOptions, log: Logger): Promise<AdminServer> {
  if (!(LOOPBACK_HOSTS as readonly string[]).includes(opts.host)) {
    throw new ApiError("INVALID_PARAMS", `ui.host must be a loopback address (${LOOPBACK_HOSTS.join(", ")}), got ${opts.host}`);
  }
  const uiDir = opts.uiDir ?? defaultUiDir();
  let origin = "";
  let hostHeaders: string[] = [];

  const isLocal = (req: IncomingMessage): string | null => {
    if (!hostHeaders.includes(req.headers.host ?? "")) return `Host ${JSON.stringify(req.headers.host)} is not this loopback server`;
    const o = req.headers.origin;
    if (o !== undefined && o !== origin && !hostHeaders.some((h) => o === `http://${h}`)) return `Origin ${o} may not call the admin API`;
    return null;
  };

  async function call(req: RpcRequest, ws?: { subscribe(topics: unknown): string; unsubscribe(id: unknown): boolean }): Promise<unknown> {
    if (typeof req.method !== "string" || !req.method.startsWith(adminNamespace)) {
      throw new ApiError("UNKNOWN_METHOD", `unknown method ${JSON.stringify(req.method)} (the admin API has only ${adminNamespace}* methods)`);
    }
    const name = req.method.slice(adminNamespace.length);
    if (name === "subscribe" || name === "unsubscribe") {
      if (!ws) throw new ApiError("UNKNOWN_METHOD", `${req.method} needs a WebSocket connection`);
      return name === "subscribe" ? ws.subscribe(payloadOf(req.params)) : ws.unsubscribe(payloadOf(req.params));
    }
    if (!isNodeApiMethod(name)) throw new ApiError("UNKNOWN_METHOD", `unknown method ${req.method}`);
    const result = await (api[name] as (p: unknown) => Promise<unknown>)(payloadOf(req.params));
    return result ?? null;
  }

  async function answer(raw: string, ws?: Parameters<typeof call>[1]): Promise<object> {
    let req: RpcRequest;
    try {
      req = JSON.parse(raw) as RpcRequest;
    } catch {
      return { jsonrpc: "2.0", id: null, error: { code: -32700, message: "parse error: the request is not JSON" } };
    }
    if (req === null || typeof req !== "object" || Array.isArray(req)) {
      return { jsonrpc: "2.0", id: null, error: { code: -32600, message: "invalid request: one JSON-RPC object expected" } };
    }
    try {
      return { jsonrpc: "2.0", id: req.id ?? null, result: await call(req, ws) };
    } catch (e) {
      return errorResponse(req.id, e);
    }
  }

  async function serveStatic(path: string, res: ServerResponse): Promise<void> {
    const rel = normalize(decodeURIComponent(path)).replace(/^([/\\])+/, "");
    const file = join(uiDir, rel === "" ? "index.html" : rel);
    if (!file.startsWith(uiDir.endsWith(sep) ? uiDir : uiDir + sep)) return void res.writeHead(404).end();
    try {
      const body = await readFile(file);
      const type = uiMimeTypes[extname(file)] ?? "application/octet-stream";
      res.writeHead(200, {
        "content-type": type,
        // Hashed asset names never change content; index.html must be re-read to pick up a new build.
        "cache-control": rel.startsWith("assets/") ? "public, max-age=31536000, immutable" : "no-cache",
      });
      res.end(body);
    } catch {
      if (rel === "" || rel === "index.html") {
        res.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
        res.end(`The web UI is not built (no ${join(uiDir, "index.html")}): run \`npm run build:ui\`. The admin API answers at /rpc.`);
      } else res.writeHead(404).end();
    }
  }

  const http: Server = createServer((req, res) => {
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("referrer-policy", "no-referrer");
    res.setHeader("content-security-policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    const refused = isLocal(req);
    if (refused) {
      res.writeHead(403, { "content-type": "text/plain; charset=utf-8" }).end(refused);
      return;
    }
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === "/rpc" && req.method === "POST") {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) {
          res.writeHead(413).end();
          req.destroy();
        } else chunks.push(c);
      });
      req.on("end", () => {
        if (size > MAX_BODY) return;
        void answer(Buffer.concat(chunks).toString("utf8")).then((body) => {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify(body));
        });
      });
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") return void res.writeHead(405, { allow: "GET, HEAD, POST" }).end();
    void serveStatic(path, res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY });
  http.on("upgrade", (req, socket, head) => {
    const refused = isLocal(req);
    if (refused || new URL(req.url ?? "/", "http://localhost").pathname !== "/rpc") {
      socket.end(`HTTP/1.1 403 Forbidden\r\n\r\n${refused ?? "WebSocket only on /rpc"}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  });

  function onConnection(ws: WebSocket): void {
    const subs = new Map<string, () => void>();
    let next = 1;
    const send = (msg: object) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    const conn = {
      subscribe(topics: unknown): string {
        const id = `0x${(next++).toString(16)}`;
        const checked = validateTopics(topics);
        subs.set(
          id,
          api.subscribe(checked, (event: NodeEvent) => {
            if (ws.bufferedAmount > MAX_WS_BACKLOG) return;
            send({ jsonrpc: "2.0", method: `${adminNamespace}subscription`, params: { subscription: id, result: event } });
          }),
        );
        return id;
      },
      unsubscribe(id: unknown): boolean {
        const stop = typeof id === "string" ? subs.get(id) : undefined;
        if (!stop) return false;
        stop();
        subs.delete(id as string);
        return true;
      },
    };
    ws.on("message", (data, isBinary) => {
      if (isBinary) return send({ jsonrpc: "2.0", id: null, error: { code: -32600, message: "binary frames are not JSON-RPC" } });
      void answer(data.toString(), conn).then(send);
    });
    ws.on("close", () => {
      for (const stop of subs.values()) stop();
      subs.clear();
    });
    ws.on("error", () => ws.terminate());
  }

  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(opts.port, opts.host, () => {
      http.off("error", reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;
  const urlHost = opts.host === "::1" ? "[::1]" : opts.host;
  origin = `http://${urlHost}:${port}`;
  hostHeaders = [`${urlHost}:${port}`, ...LOOPBACK_HOSTS.map((h) => `${h === "::1" ? "[::1]" : h}:${port}`)];
  log.info("web UI and admin API listening", { url: `${origin}/`, ws: `ws://${urlHost}:${port}/rpc` });
  return {
    url: `${origin}/`,
    wsUrl: `ws://${urlHost}:${port}/rpc`,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
