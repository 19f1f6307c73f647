/**
 * The admin JSON-RPC as a client sees it, on a real loopback server: payload validation with field names, unknown
 * methods, honest "unavailable" answers where the node lacks a part, settings checked and persisted, live log events
 * over WebSocket, the built UI served, and every non-local caller refused (non-loopback bind, foreign Host, foreign Origin).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { loadConfig } from "../../config/load.js";
import { Logger } from "../../log/logger.js";
import { startAdminServer, type AdminServer } from "./adminServer.js";
import { createNodeApi, type NodeApiService } from "./createNodeApi.js";

function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers: { "content-type": "application/json", ...headers } }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("prom_ admin JSON-RPC server", () => {
  let dir: string;
  let log: Logger;
  let api: NodeApiService;
  let server: AdminServer;
  let rpcUrl: string;
  const call = async (method: string, params: unknown[] = []) =>
    JSON.parse((await post(rpcUrl, JSON.stringify({ jsonrpc: "2.0", id: 7, method, params }))).text) as {
      id: number;
      result?: unknown;
      error?: { code: number; message: string; data: { code: string; details?: { field?: string } } };
    };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "prom-admin-"));
    mkdirSync(join(dir, "ui"));
    writeFileSync(join(dir, "ui", "index.html"), "<!doctype html><title>Prom UI</title>");
    log = new Logger({ level: "error", format: "json", write: () => undefined });
    const { config } = loadConfig({ argv: ["--data-dir", dir], env: {} });
    // A node without storage, RPC, aggregator or prover: every part the API would read is absent.
    api = createNodeApi({ version: "test", roles: [], log, config, configFile: join(dir, "prom.toml") });
    server = await startAdminServer(api, { host: "127.0.0.1", port: 0, uiDir: join(dir, "ui") }, log);
    rpcUrl = server.url + "rpc";
  });

  afterAll(async () => {
    await server?.close();
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("rejects bad payloads with INVALID_PARAMS naming the field, and unknown methods", async () => {
    const r = await call("prom_batches", [{ limit: 0, offset: 0 }]);
    expect(r.id).toBe(7);
    expect(r.error).toMatchObject({ code: -32602, data: { code: "INVALID_PARAMS", details: { field: "batches.limit" } } });
    expect((await call("prom_batches", [{ limit: 5, offset: 0, stage: "pending" }])).error?.message).toMatch(/stage: must be one of trusted, virtual, verified/);
    expect((await call("prom_batches", [{ limit: 5, offset: 0, typo: 1 }])).error?.message).toMatch(/batches.typo: unknown field/);
    expect((await call("prom_batch", [{ number: -1 }])).error?.data.code).toBe("INVALID_PARAMS");
    expect((await call("prom_overview", [{ x: 1 }])).error?.data.code).toBe("INVALID_PARAMS");
    expect((await call("prom_rpcRequest", [{ method: "prom_overview" }])).error?.message).toMatch(/not the admin namespace/);
    expect((await call("prom_nope")).error).toMatchObject({ code: -32601, data: { code: "UNKNOWN_METHOD" } });
    expect((await call("eth_blockNumber")).error?.code).toBe(-32601);
    expect(JSON.parse((await post(rpcUrl, "{not json")).text).error.code).toBe(-32700);
  });

  it("answers honestly where the node lacks a part", async () => {
    expect((await call("prom_proofJobs", [{ limit: 10, offset: 0 }])).result).toMatchObject({ available: false, reason: expect.stringMatching(/No aggregator/) });
    expect((await call("prom_batches", [{ limit: 10, offset: 0 }])).error?.data.code).toBe("UNAVAILABLE");
    expect((await call("prom_cancelProofJob", [{ id: 1 }])).error?.message).toMatch(/An aggregator does not run in this node/);
    expect((await call("prom_runBenchmark", [{ backend: "wasm", log2Sizes: [8] }])).error?.data.code).toBe("UNAVAILABLE");
    const overview = (await call("prom_overview")).result as { roles: string[]; sync: { state: string }; l2: { height: number | null } };
    expect(overview).toMatchObject({ roles: [], sync: { state: "unknown" }, l2: { height: null } });
  });

  it("checks settings with the loader's checks, writes nothing on an error, and persists valid ones", async () => {
    const bad = (await call("prom_updateSettings", [{ changes: { "sequencer.blockTimeMs": 5, "log.level": "loud", "no.such": 1, dataDir: "/x" } }])).result as {
      ok: boolean;
      errors: { path: string; message: string }[];
    };
    expect(bad.ok).toBe(false);
    expect(Object.fromEntries(bad.errors.map((e) => [e.path, e.message]))).toMatchObject({
      "sequencer.blockTimeMs": expect.stringMatching(/must be at least 10, got 5/),
      "log.level": expect.stringMatching(/must be one of debug, info, warn, error/),
      "no.such": expect.stringMatching(/unknown setting/),
      dataDir: expect.stringMatching(/cannot be changed from the UI/),
    });
    expect(() => readFileSync(join(dir, "prom.toml"))).toThrow();

    const good = (await call("prom_updateSettings", [{ changes: { "sequencer.blockTimeMs": "250", "log.level": "debug" } }])).result as { ok: boolean };
    expect(good.ok).toBe(true);
    // The file is what the loader reads at the next start (no --config needed).
    const reloaded = loadConfig({ argv: ["--data-dir", dir], env: {} });
    expect(reloaded.config.sequencer.blockTimeMs).toBe(250);
    expect(reloaded.sources["sequencer.blockTimeMs"]).toBe("file");
    expect(reloaded.config.log.level).toBe("debug");
    const view = (await call("prom_settings")).result as { sections: { settings: { path: string; saved: unknown; value: unknown }[] }[] };
    expect(view.sections.flatMap((s) => s.settings).find((s) => s.path === "sequencer.blockTimeMs")).toMatchObject({ saved: 250, value: 3000 });
  });

  it("pushes live log records to a WebSocket subscriber until it unsubscribes", async () => {
    const ws = new WebSocket(server.wsUrl);
    await new Promise((resolve, reject) => [ws.once("open", resolve), ws.once("error", reject)]);
    const messages: { id?: number; result?: unknown; method?: string; params?: { subscription: string; result: { topic: string; entry: { msg: string; component: string } } } }[] = [];
    ws.on("message", (d) => messages.push(JSON.parse(d.toString())));
    ws.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "prom_subscribe", params: [["logs"]] }));
    await expect.poll(() => messages.find((m) => m.id === 1)).toBeDefined();
    const sub = messages.find((m) => m.id === 1)!.result as string;
    log.child("sequencer").info("batch closed", { batch: 3 });
    await expect.poll(() => messages.find((m) => m.method === "prom_subscription")).toMatchObject({
      params: { subscription: sub, result: { topic: "logs", entry: { msg: "batch closed", component: "sequencer" } } },
    });
    ws.send(JSON.stringify({ jsonrpc: "2.0", id: 2, method: "prom_unsubscribe", params: [sub] }));
    await expect.poll(() => messages.find((m) => m.id === 2)?.result).toBe(true);
    ws.send(JSON.stringify({ jsonrpc: "2.0", id: 3, method: "prom_subscribe", params: [["nope"]] }));
    await expect.poll(() => messages.find((m) => m.id === 3)).toMatchObject({ error: { code: -32602 } });
    ws.close();
  });

  it("serves the built UI with a strict CSP", async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'self'/);
    expect(await res.text()).toContain("<title>Prom UI</title>");
    expect((await fetch(server.url + "../../etc/passwd")).status).toBe(404);
  });

  it("refuses callers that are not local: foreign Origin, foreign Host, non-loopback bind", async () => {
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "prom_settings" });
    expect((await post(rpcUrl, body, { origin: "http://evil.example" })).status).toBe(403);
    expect((await post(rpcUrl, body, { host: "evil.example" })).status).toBe(403);
    expect((await post(rpcUrl, body, { origin: server.url.slice(0, -1) })).status).toBe(200);
    const ws = new WebSocket(server.wsUrl, { origin: "http://evil.example" });
    await expect(new Promise((resolve, reject) => [ws.once("open", resolve), ws.once("error", reject)])).rejects.toThrow(/403|Unexpected server response/);
    await expect(startAdminServer(api, { host: "0.0.0.0", port: 0 }, log)).rejects.toThrow(/loopback/);
  });
});
