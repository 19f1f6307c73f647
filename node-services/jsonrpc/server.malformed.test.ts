import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPglite, type TestDb } from "../db/testDb.js";
import { MemoryStateReader } from "../state/memoryStateReader.js";
import { StateRepository } from "../state/stateRepository.js";
import { TEST_CHAIN_ID, writeSampleChain } from "../state/testFixtures.js";
import { JsonRpcServer } from "./server.js";

describe("JSON-RPC server on malformed input", () => {
  let t: TestDb;
  let server: JsonRpcServer;
  let url: string;
  const errors: string[] = [];

  const post = async (body: string, headers: Record<string, string> = { "content-type": "application/json" }) => {
    const res = await fetch(url, { method: "POST", headers, body });
    const text = await res.text();
    return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, unknown> | Record<string, unknown>[]) : null };
  };
  const rpc = (method: string, params?: unknown, id: unknown = 1) => post(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
  /** The server must still answer a plain request after whatever came before. */
  const stillAlive = async () => expect((await rpc("eth_chainId", [])).json).toEqual({ jsonrpc: "2.0", id: 1, result: "0x3e9" });

  beforeAll(async () => {
    t = await openTestPglite();
    const repo = new StateRepository(t.db);
    await writeSampleChain(repo, { blocks: 2 });
    server = new JsonRpcServer(
      { repo, state: new MemoryStateReader(), chainId: TEST_CHAIN_ID },
      { port: 0, batchRequestsLimit: 3, maxBodyBytes: 4096, namespaces: ["eth", "net", "web3", "zkevm"] },
      { error: (m) => errors.push(m) },
    );
    url = (await server.start()).url;
  });
  afterAll(async () => {
    await server.stop();
    await t.dispose();
  });

  it("answers a garbage body with -32700 parse error and id null", async () => {
    for (const body of ["{not json", "", "\u0000\u0001", '{"jsonrpc":"2.0",']) {
      const r = await post(body);
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32700 } });
    }
    await stillAlive();
  });

  it("answers a wrong jsonrpc version, a missing method and a non-object request with -32600", async () => {
    expect((await post(JSON.stringify({ jsonrpc: "1.0", id: 7, method: "eth_chainId" }))).json).toMatchObject({
      id: 7,
      error: { code: -32600, message: 'invalid request: jsonrpc must be "2.0"' },
    });
    expect((await post(JSON.stringify({ jsonrpc: "2.0", id: 8 }))).json).toMatchObject({ id: 8, error: { code: -32600 } });
    expect((await post("42")).json).toMatchObject({ id: null, error: { code: -32600 } });
    expect((await post(JSON.stringify({ jsonrpc: "2.0", id: { x: 1 }, method: "eth_chainId" }))).json).toMatchObject({
      id: null,
      error: { code: -32600, message: "invalid request: id must be a string, a number or null" },
    });
    await stillAlive();
  });

  it("answers an unknown method, and a method of a disabled namespace, with -32601 naming it", async () => {
    expect((await rpc("eth_nope", [])).json).toMatchObject({ error: { code: -32601, message: "the method eth_nope does not exist/is not available" } });
    expect((await rpc("txpool_status", [])).json).toMatchObject({ error: { code: -32601 } });
    expect((await rpc("constructor", [])).json).toMatchObject({ error: { code: -32601 } });
    await stillAlive();
  });

  it("answers bad params with -32602 saying which param is wrong", async () => {
    expect((await rpc("eth_getBalance", ["0x1234", "latest"])).json).toMatchObject({
      error: { code: -32602, message: "invalid argument 0 (address): hex string of 20 bytes expected" },
    });
    expect((await rpc("eth_getBlockByNumber", ["0x1"])).json).toMatchObject({
      error: { code: -32602, message: "missing value for required argument 1 (fullTx)" },
    });
    expect((await rpc("eth_getBlockByNumber", ["banana", false])).json).toMatchObject({
      error: { code: -32602, message: "invalid argument 0 (block): hex quantity expected" },
    });
    expect((await rpc("eth_call", [{ to: "0x000000000000000000000000000000000000dead" }])).json).toMatchObject({
      error: { code: -32602, message: "missing value for required argument 1 (block)" },
    });
    expect((await rpc("eth_getLogs", [{ topics: "x" }])).json).toMatchObject({ error: { code: -32602 } });
    expect((await rpc("eth_blockNumber", { a: 1 })).json).toMatchObject({
      error: { code: -32602, message: "invalid params: params must be an array (positional)" },
    });
    expect((await rpc("eth_chainId", [1, 2])).json).toMatchObject({ result: "0x3e9" });
    await stillAlive();
  });

  it("refuses a batch over the limit and an empty batch with -32600, and serves a batch within it in order", async () => {
    const req = (id: number) => ({ jsonrpc: "2.0", id, method: "eth_blockNumber", params: [] });
    expect((await post(JSON.stringify([1, 2, 3, 4].map(req)))).json).toMatchObject({
      id: null,
      error: { code: -32600, message: "batch requests limit exceeded: 4 > 3" },
    });
    expect((await post("[]")).json).toMatchObject({ error: { code: -32600 } });
    const ok = (await post(JSON.stringify([req(1), { jsonrpc: "2.0", id: 2, method: "nope" }, "junk"]))).json as Record<string, unknown>[];
    expect(ok).toHaveLength(3);
    expect(ok[0]).toEqual({ jsonrpc: "2.0", id: 1, result: "0x2" });
    expect(ok[1]).toMatchObject({ id: 2, error: { code: -32601 } });
    expect(ok[2]).toMatchObject({ id: null, error: { code: -32600 } });
    await stillAlive();
  });

  it("answers notifications (no id) with nothing", async () => {
    const r = await post(JSON.stringify({ jsonrpc: "2.0", method: "eth_blockNumber", params: [] }));
    expect(r.status).toBe(204);
    expect(r.text).toBe("");
    await stillAlive();
  });

  it("refuses an oversized body with HTTP 413 and a JSON-RPC error, then keeps serving", async () => {
    const big = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "web3_sha3", params: [`0x${"ab".repeat(5000)}`] });
    const r = await post(big);
    expect(r.status).toBe(413);
    expect(r.json).toMatchObject({ error: { code: -32600, message: "request body too large: the limit is 4096 bytes" } });
    await stillAlive();
  });

  it("refuses a non-JSON content type with 415 and non-POST verbs politely", async () => {
    const r = await post(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId" }), { "content-type": "text/plain" });
    expect(r.status).toBe(415);
    expect(r.json).toMatchObject({ error: { code: -32600 } });
    expect((await fetch(url, { method: "PUT", body: "x" })).status).toBe(405);
    expect((await fetch(url)).status).toBe(200);
    const pre = await fetch(url, { method: "OPTIONS" });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    await stillAlive();
  });

  it("turns an unexpected failure into -32603 without leaking a stack, and logs it", async () => {
    const closedDb = await openTestPglite();
    const repo = new StateRepository(closedDb.db);
    const broken = new JsonRpcServer({ repo, state: new MemoryStateReader(), chainId: 1n }, { port: 0 }, { error: (m) => errors.push(m) });
    const u = (await broken.start()).url;
    await closedDb.dispose(); // every query now fails inside the handler
    try {
      const res = await fetch(u, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "zkevm_batchNumber", params: [] }),
      });
      const body = (await res.json()) as { error: { code: number; message: string } };
      expect(body.error).toEqual({ code: -32603, message: "internal error" });
      expect(errors).toContain("jsonrpc: internal error");
    } finally {
      await broken.stop();
    }
  });

  it("answers eth_subscribe over HTTP with an error instead of failing", async () => {
    expect((await rpc("eth_subscribe", ["newHeads"])).json).toMatchObject({ error: { code: -32601 } });
    await stillAlive();
  });
});
