/**
 * The aggregator's prover endpoint: provers (`prom-prover serve`, the local prover process, the desktop app's
 * utility process) dial in over WebSocket with the shared token and take one job at a time (protocol in
 * prover/remote/protocol.ts). `prove` waits for an idle prover and hands it a witness; a prover that disconnects or
 * misses heartbeats mid-job makes `prove` reject with `ProverLostError`, so the job can go to another prover.
 */
import { randomUUID, timingSafeEqual } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import type { Logger } from "../log/logger.js";
import { ProverError, type ProverErrorCode } from "../prover/errors.js";
import type { Groth16Proof, PublicSignals } from "../prover/proofJson.js";
import {
  asBuffer,
  CloseCode,
  decodeProverMessage,
  encodeFrame,
  PROTOCOL_VERSION,
  ProtocolError,
  type AggregatorMessage,
  type ProverMessage,
  type ZkeyRef,
} from "../prover/remote/protocol.js";

export interface ProverHubOptions {
  host: string;
  /** 0: any free port. */
  port: number;
  token: string;
  /** Ping interval; a prover silent for three intervals is dropped. */
  heartbeatMs: number;
  log: Logger;
  /** The proving key of the circuit, or null while it is not ready yet. */
  zkey: () => ZkeyRef | null;
  /** A prover became idle (connected, or finished a job). */
  onIdle?: () => void;
}

export interface ProverInfo {
  id: string;
  name: string;
  threads: number;
  backend: string;
  address: string;
  connectedAt: number;
  /** The job it works on, or null. */
  job: number | null;
  jobsDone: number;
}

export interface RemoteProof {
  proof: Groth16Proof;
  publicSignals: PublicSignals;
  prover: string;
  backend: string;
  elapsedMs: number;
}

export interface ProveHooks {
  /** The job was handed to this prover. */
  onAssigned?: (prover: ProverInfo) => void;
  onProgress?: (stage: string, fraction: number) => void;
}

/** The prover that held the job went away; another one can take it. */
export class ProverLostError extends Error {
  readonly code = "PROVER_LOST";
  constructor(message: string) {
    super(message);
    this.name = "ProverLostError";
  }
}

/** The prover reported an error for the job (its code says whether the witness or the prover is at fault). */
export class RemoteProofError extends Error {
  constructor(
    readonly code: ProverErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "RemoteProofError";
  }
}

interface Assignment {
  jobId: number;
  resolve: (p: RemoteProof) => void;
  reject: (e: Error) => void;
  hooks: ProveHooks;
}

interface Conn {
  info: ProverInfo;
  ws: WebSocket;
  hello: boolean;
  /** Sent `ready` and holds no job. */
  idle: boolean;
  current: Assignment | null;
  lastPong: number;
}

export class ProverHub {
  private server: Server | null = null;
  private wss: WebSocketServer | null = null;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly conns = new Map<string, Conn>();
  private readonly waiters: { take: (c: Conn) => void }[] = [];
  private listening = "";

  constructor(private readonly opts: ProverHubOptions) {
    if (!opts.token) throw new Error("the prover endpoint needs a token");
  }

  /** ws://host:port provers dial. */
  get url(): string {
    return this.listening;
  }

  async start(): Promise<string> {
    const wss = new WebSocketServer({ noServer: true, maxPayload: 2 ** 31 });
    const server = createServer((_req, res) => {
      res.writeHead(426, { "content-type": "text/plain" }).end("this is the Prom aggregator's prover endpoint: connect with `prom-prover serve`\n");
    });
    server.on("upgrade", (req, socket, head) => this.upgrade(wss, req, socket as Socket, head));
    wss.on("connection", (ws, req) => this.accept(ws, req));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.opts.port, this.opts.host, () => resolve());
    });
    this.server = server;
    this.wss = wss;
    const addr = server.address() as AddressInfo;
    const host = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
    this.listening = `ws://${host}:${addr.port}`;
    this.heartbeat = setInterval(() => this.beat(), this.opts.heartbeatMs);
    this.opts.log.info("prover endpoint listening", { url: this.listening });
    return this.listening;
  }

  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const w of this.waiters.splice(0)) w.take = () => undefined;
    for (const c of this.conns.values()) c.ws.close(CloseCode.SHUTDOWN, "aggregator stopping");
    const wss = this.wss;
    const server = this.server;
    this.wss = null;
    this.server = null;
    await new Promise<void>((r) => (wss ? wss.close(() => r()) : r()));
    for (const c of this.conns.values()) c.ws.terminate();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  }

  provers(): ProverInfo[] {
    return [...this.conns.values()].filter((c) => c.hello).map((c) => ({ ...c.info }));
  }

  idleCount(): number {
    return [...this.conns.values()].filter((c) => c.idle).length;
  }

  /**
   * Hands the job to the next idle prover (waiting for one) and resolves with its proof. Rejects with
   * `ProverLostError` when that prover goes away, `RemoteProofError` when it reports an error, and a CANCELLED
   * `ProverError` when `signal` aborts (the prover is told to stop).
   */
  async prove(jobId: number, witness: Uint8Array, hooks: ProveHooks, signal: AbortSignal): Promise<RemoteProof> {
    const zkey = this.opts.zkey();
    if (!zkey) throw new ProverError("INVALID_ARGUMENT", "the proving key is not ready");
    const cancelled = () => new ProverError("CANCELLED", `proof job ${jobId} was cancelled`);
    if (signal.aborted) throw cancelled();
    const conn = await this.idleProver(signal, cancelled);
    return new Promise<RemoteProof>((resolve, reject) => {
      if (!this.conns.has(conn.info.id)) {
        reject(new ProverLostError(`prover ${conn.info.name} went away before it got job ${jobId}`));
        return;
      }
      const onAbort = () => {
        if (conn.current?.jobId !== jobId) return;
        conn.current = null;
        conn.info.job = null;
        this.send(conn, { type: "cancel", jobId });
        reject(cancelled());
      };
      const done = <T>(f: (v: T) => void) => (v: T) => {
        signal.removeEventListener("abort", onAbort);
        f(v);
      };
      conn.idle = false;
      conn.current = { jobId, resolve: done(resolve), reject: done(reject), hooks };
      conn.info.job = jobId;
      signal.addEventListener("abort", onAbort, { once: true });
      hooks.onAssigned?.({ ...conn.info });
      this.send(conn, { type: "job", jobId, zkey }, witness);
      this.opts.log.info("P1 proof job handed to a prover", { job: jobId, prover: conn.info.name });
    });
  }

  // ------------------------------------------------------------ connections

  private upgrade(wss: WebSocketServer, req: IncomingMessage, socket: Socket, head: Buffer): void {
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    const a = Buffer.from(given);
    const b = Buffer.from(this.opts.token);
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      this.opts.log.warn("prover refused: bad or missing token", { address: req.socket.remoteAddress });
      const body = given ? "wrong prover token" : "missing prover token (Authorization: Bearer <token>)";
      socket.end(`HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  }

  private accept(ws: WebSocket, req: IncomingMessage): void {
    const id = randomUUID();
    const conn: Conn = {
      info: { id, name: id.slice(0, 8), threads: 0, backend: "", address: req.socket.remoteAddress ?? "", connectedAt: Date.now(), job: null, jobsDone: 0 },
      ws,
      hello: false,
      idle: false,
      current: null,
      lastPong: Date.now(),
    };
    this.conns.set(id, conn);
    ws.on("pong", () => (conn.lastPong = Date.now()));
    ws.on("message", (data, isBinary) => {
      try {
        const { msg } = decodeProverMessage(asBuffer(data as Buffer), isBinary);
        this.handle(conn, msg);
      } catch (e) {
        const why = (e as Error).message;
        this.opts.log.warn("bad message from a prover; dropping it", { prover: conn.info.name, err: why });
        ws.close(CloseCode.BAD_MESSAGE, why.slice(0, 120));
      }
    });
    ws.on("error", (e) => this.opts.log.warn("prover connection error", { prover: conn.info.name, err: e.message }));
    ws.on("close", (code, reason) => this.drop(conn, reason.toString() || `connection closed (${code})`));
  }

  private handle(conn: Conn, msg: ProverMessage): void {
    if (!conn.hello && msg.type !== "hello") throw new ProtocolError(`${msg.type} before hello`);
    switch (msg.type) {
      case "hello":
        if (msg.protocol !== PROTOCOL_VERSION) {
          conn.ws.close(CloseCode.PROTOCOL_MISMATCH, `this aggregator speaks prover protocol ${PROTOCOL_VERSION}, the prover ${msg.protocol}`);
          return;
        }
        conn.hello = true;
        Object.assign(conn.info, { name: msg.name, threads: msg.threads, backend: msg.backend });
        this.opts.log.info("prover connected", { prover: msg.name, threads: msg.threads, backend: msg.backend, address: conn.info.address });
        this.send(conn, { type: "welcome", proverId: conn.info.id, heartbeatMs: this.opts.heartbeatMs });
        return;
      case "ready":
        if (conn.current) throw new ProtocolError(`ready while job ${conn.current.jobId} runs`);
        this.offer(conn);
        return;
      case "zkey-request":
        void this.sendZkey(conn, msg.hash);
        return;
      case "progress":
        if (conn.current?.jobId === msg.jobId) conn.current.hooks.onProgress?.(msg.stage, msg.fraction);
        return;
      case "result":
      case "job-error": {
        const a = conn.current;
        if (a?.jobId !== msg.jobId) return; // a job cancelled meanwhile
        conn.current = null;
        conn.info.job = null;
        if (msg.type === "result") {
          conn.info.jobsDone++;
          a.resolve({ proof: msg.proof, publicSignals: msg.publicSignals, prover: conn.info.name, backend: msg.backend, elapsedMs: msg.elapsedMs });
        } else {
          a.reject(new RemoteProofError(msg.code, `prover ${conn.info.name}: ${msg.message}`));
        }
        return;
      }
    }
  }

  private async sendZkey(conn: Conn, hash: string): Promise<void> {
    const zkey = this.opts.zkey();
    if (!zkey || zkey.hash !== hash) {
      conn.ws.close(CloseCode.BAD_MESSAGE, `no proving key with sha256 ${hash.slice(0, 16)}…`);
      return;
    }
    this.opts.log.info("sending the proving key to a prover", { prover: conn.info.name, bytes: zkey.size });
    this.send(conn, { type: "zkey", hash }, await readFile(zkey.path));
  }

  /** An idle prover goes to the oldest waiting job, or waits for one. */
  private offer(conn: Conn): void {
    const w = this.waiters.shift();
    if (w) {
      w.take(conn);
      return;
    }
    conn.idle = true;
    this.opts.onIdle?.();
  }

  private idleProver(signal: AbortSignal, cancelled: () => Error): Promise<Conn> {
    const idle = [...this.conns.values()].find((c) => c.idle);
    if (idle) {
      idle.idle = false;
      return Promise.resolve(idle);
    }
    return new Promise<Conn>((resolve, reject) => {
      const waiter = {
        take: (c: Conn) => {
          signal.removeEventListener("abort", onAbort);
          resolve(c);
        },
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(cancelled());
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private drop(conn: Conn, reason: string): void {
    if (!this.conns.delete(conn.info.id)) return;
    const a = conn.current;
    conn.current = null;
    if (conn.hello) this.opts.log.warn("prover disconnected", { prover: conn.info.name, reason, job: a?.jobId ?? null });
    a?.reject(new ProverLostError(`prover ${conn.info.name} went away during job ${a.jobId}: ${reason}`));
  }

  private beat(): void {
    const now = Date.now();
    for (const c of this.conns.values()) {
      if (now - c.lastPong > 3 * this.opts.heartbeatMs) {
        this.opts.log.warn("prover silent for three heartbeats; dropping it", { prover: c.info.name });
        c.ws.terminate();
        this.drop(c, "no heartbeat");
        continue;
      }
      c.ws.ping();
    }
  }

  private send(conn: Conn, msg: AggregatorMessage, bytes?: Uint8Array): void {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(encodeFrame(msg, bytes));
  }
}

