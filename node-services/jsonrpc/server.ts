/**
 * The JSON-RPC server: HTTP (POST, CORS, body and batch limits) and WebSocket (subscriptions) on one port,
 * loopback by default. `notifyNewBlock(n)` is the seam the sequencer (or the DB poller) drives subscriptions with.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { Dispatcher, errorResponse } from "./dispatcher.js";
import { RpcCode } from "./errors.js";
import { ethMethods, type Handler } from "./ethMethods.js";
import { FilterManager } from "./filters.js";
import { miscMethods } from "./miscMethods.js";
import { defaultJsonRpcOptions, type JsonRpcOptions, type Namespace } from "./options.js";
import { RpcContext, type CallContext, type RpcBackend } from "./rpcContext.js";
import { SubscriptionHub } from "./subscriptions.js";
import { zkevmMethods } from "./zkevmMethods.js";

const JSON_TYPES = new Set(["application/json", "application/json-rpc", "application/jsonrequest"]);

export interface JsonRpcLogger {
  error(msg: string, fields?: Record<string, unknown>): void;
}

export class JsonRpcServer {
  readonly options: JsonRpcOptions;
  readonly ctx: RpcContext;
  private readonly filters: FilterManager;
  private readonly subs: SubscriptionHub;
  private readonly dispatcher: Dispatcher;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<Socket>();
  private poller: NodeJS.Timeout | undefined;
  private lastPolled = -1;
  private nextConnId = 1;

  constructor(
    backend: RpcBackend,
    options: Partial<JsonRpcOptions> = {},
    private readonly log: JsonRpcLogger = { error: (m, f) => console.error(m, f ?? "") },
  ) {
    this.options = { ...defaultJsonRpcOptions, ...options };
    this.ctx = new RpcContext(backend, this.options);
    this.filters = new FilterManager(this.ctx);
    this.subs = new SubscriptionHub(this.ctx, (err) => this.log.error("jsonrpc: subscription push failed", { err: String(err) }));
    const all: Record<string, Handler> = { ...ethMethods(this.ctx, this.filters, this.subs), ...miscMethods(this.ctx), ...zkevmMethods(this.ctx) };
    const enabled = new Set<Namespace>(this.options.namespaces);
    const methods = new Map(Object.entries(all).filter(([name]) => enabled.has(name.split("_")[0] as Namespace)));
    this.dispatcher = new Dispatcher(methods, {
      batchRequestsEnabled: this.options.batchRequestsEnabled,
      batchRequestsLimit: this.options.batchRequestsLimit,
      onInternalError: (method, err) =>
        this.log.error("jsonrpc: internal error", { method, err: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
    });
    this.http = createServer({ keepAliveTimeout: 65_000 }, (req, res) => void this.onHttp(req, res));
    this.http.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    this.http.on("clientError", (_err, socket) => socket.destroy());
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.options.wsMaxPayloadBytes });
    this.http.on("upgrade", (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onWs(ws, req));
    });
  }

  /** Starts listening; resolves with the bound address (port 0 → a free port). */
  async start(): Promise<{ host: string; port: number; url: string; wsUrl: string }> {
    await this.subs.init();
    await new Promise<void>((resolve, reject) => {
      this.http.once("error", reject);
      this.http.listen(this.options.port, this.options.host, () => {
        this.http.off("error", reject);
        resolve();
      });
    });
    if (this.options.newBlockPollMs > 0) {
      this.lastPolled = (await this.ctx.backend.repo.latestBlockNumber()) ?? -1;
      this.poller = setInterval(() => void this.poll(), this.options.newBlockPollMs);
      this.poller.unref();
    }
    const a = this.http.address() as AddressInfo;
    const host = a.family === "IPv6" ? `[${a.address}]` : a.address;
    return { host: a.address, port: a.port, url: `http://${host}:${a.port}`, wsUrl: `ws://${host}:${a.port}` };
  }

  async stop(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    this.filters.close();
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  /** A new L2 block was stored: refresh `latest` and push newHeads/logs to subscribers. */
  notifyNewBlock(blockNumber: number): Promise<void> {
    this.ctx.invalidateHead();
    return this.subs.onNewBlock(blockNumber);
  }

  private async poll(): Promise<void> {
    try {
      const n = await this.ctx.backend.repo.latestBlockNumber();
      if (n !== null && n > this.lastPolled) {
        this.lastPolled = n;
        await this.notifyNewBlock(n);
      }
    } catch (err) {
      this.log.error("jsonrpc: new block poll failed", { err: String(err) });
    }
  }

  private clientIp(req: IncomingMessage): string | undefined {
    const fwd = req.headers["x-forwarded-for"];
    const first = (Array.isArray(fwd) ? fwd[0] : fwd)?.split(",")[0]?.trim();
    return first || req.socket.remoteAddress?.replace(/^::ffff:/, "");
  }

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader("Access-Control-Allow-Origin", this.options.corsOrigin);
    try {
      if (req.method === "OPTIONS") {
        res.writeHead(204, {
          "Access-Control-Allow-Methods": "POST, GET, OPTIONS",
          "Access-Control-Allow-Headers": "Content-Type",
          "Access-Control-Max-Age": "86400",
        });
        res.end();
        return;
      }
      if (req.method === "GET") {
        res.writeHead(200, { "Content-Type": "text/plain" });
        res.end("Prom zkNode JSON-RPC server: POST JSON-RPC 2.0 requests here\n");
        return;
      }
      if (req.method !== "POST") return this.reply(res, 405, errorResponse(null, RpcCode.invalidRequest, `method ${req.method} not allowed: use POST`));
      const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
      if (!JSON_TYPES.has(type)) {
        return this.reply(res, 415, errorResponse(null, RpcCode.invalidRequest, `unsupported content type "${type}": use application/json`));
      }
      const declared = Number(req.headers["content-length"] ?? 0);
      if (declared > this.options.maxBodyBytes) return this.tooLarge(req, res);
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > this.options.maxBodyBytes) return this.tooLarge(req, res);
        chunks.push(chunk);
      }
      const text = chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8");
      const call: CallContext = {};
      const ip = this.clientIp(req);
      if (ip !== undefined) call.ip = ip;
      const out = await this.dispatcher.handleText(text, call);
      if (out === null) {
        res.writeHead(204);
        res.end();
        return;
      }
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(out) });
      res.end(out);
    } catch (err) {
      this.log.error("jsonrpc: http request failed", { err: String(err) });
      if (!res.headersSent) this.reply(res, 500, errorResponse(null, RpcCode.internal, "internal error"));
      else res.destroy();
    }
  }

  private tooLarge(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader("Connection", "close");
    this.reply(res, 413, errorResponse(null, RpcCode.invalidRequest, `request body too large: the limit is ${this.options.maxBodyBytes} bytes`));
    req.resume();
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
    res.end(text);
  }

  private onWs(ws: WebSocket, req: IncomingMessage): void {
    const connection = {
      id: this.nextConnId++,
      send: (payload: string) => {
        if (ws.readyState === ws.OPEN) ws.send(payload);
      },
    };
    const call: CallContext = { connection };
    const ip = this.clientIp(req);
    if (ip !== undefined) call.ip = ip;
    ws.on("message", (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString("utf8") : data.toString();
      this.dispatcher
        .handleText(text, call)
        .then((out) => {
          if (out !== null) connection.send(out);
        })
        .catch((err) => this.log.error("jsonrpc: ws message failed", { err: String(err) }));
    });
    ws.on("error", () => ws.terminate());
    ws.on("close", () => this.subs.dropConnection(connection));
  }
}
