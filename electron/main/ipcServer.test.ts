/**
 * The IPC contract end to end without Electron: the preload's NodeApi (createIpcNodeApi) talks to the main process's
 * handlers (NodeApiIpc) through an in-memory stand-in for ipcRenderer/ipcMain that clones every message as Electron
 * does, in front of the real server-side NodeApi. Sender checks, payload validation, error codes across the boundary,
 * live events, and the cleanup of a page's subscriptions.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiErrorWire } from "../../node-services/api/apiError.js";
import type { NodeApi, NodeEvent } from "../../node-services/api/nodeApi.js";
import { createNodeApi, type NodeApiService } from "../../node-services/api/server/createNodeApi.js";
import { loadConfig } from "../../node-services/config/load.js";
import { Logger } from "../../node-services/log/logger.js";
import { APP_START_URL, type SenderFrame } from "../ipc/appUrl.js";
import { ipcChannels, type IpcEventArgs } from "../ipc/contract.js";
import { createIpcNodeApi, type RendererIpc } from "../preload/ipcNodeApi.js";
import { MAX_SUBSCRIPTIONS_PER_PAGE, NodeApiIpc, UntrustedSenderError, type EventTarget } from "./ipcServer.js";

const appFrame: SenderFrame = { url: APP_START_URL, parent: null };
const PAGE_ID = 7;

let dir: string;
let log: Logger;
let server: NodeApiService;
let calls: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "prom-ipc-"));
  log = new Logger({ level: "error", format: "json", write: () => undefined });
  const { config, configFile } = loadConfig({ argv: ["--data-dir", dir], env: {} });
  const real = createNodeApi({ version: "test", roles: [], log, config, configFile });
  calls = [];
  // Records which methods the node actually ran, so a refused message is seen never to reach it.
  server = new Proxy(real, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== "function") return v;
      return (...args: unknown[]) => {
        calls.push(String(prop));
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The two processes wired together; `frame` is the sender the main process sees. */
function connect(frame: SenderFrame | null = appFrame) {
  const main = new NodeApiIpc(server, log);
  let onEvent: ((e: unknown, ...args: IpcEventArgs) => void) | undefined;
  const page: EventTarget = {
    id: PAGE_ID,
    // Events reach the page asynchronously, as Electron's do.
    send: (channel, id, event) => {
      expect(channel).toBe(ipcChannels.event);
      queueMicrotask(() => onEvent?.({}, id, structuredClone(event)));
    },
  };
  const ipc: RendererIpc = {
    async invoke(channel, ...raw) {
      const args = structuredClone(raw);
      if (channel === ipcChannels.invoke) return structuredClone(await main.invoke(frame, args[0], args[1]));
      if (channel === ipcChannels.subscribe) return main.subscribe(frame, page, args[0], args[1]);
      if (channel === ipcChannels.unsubscribe) return main.unsubscribe(frame, PAGE_ID, args[0]);
      throw new Error(`no handler for ${channel}`);
    },
    on(channel, listener) {
      expect(channel).toBe(ipcChannels.event);
      onEvent = listener;
    },
  };
  const subscribeErrors: string[] = [];
  const api = createIpcNodeApi(ipc, (m) => subscribeErrors.push(m));
  return { main, api, ipc, subscribeErrors };
}

async function rejection(p: Promise<unknown>): Promise<ApiErrorWire> {
  try {
    await p;
  } catch (e) {
    return e as ApiErrorWire;
  }
  throw new Error("expected a rejection");
}

describe("requests", () => {
  it("answers a method with the node's own result", async () => {
    const { api } = connect();
    const direct = await server.settings();
    expect(await api.settings()).toEqual(direct);
  });

  it("rejects a bad payload before the node sees it, with the field named", async () => {
    const { api } = connect();
    calls.length = 0;
    const e = await rejection(api.batches({ limit: 0, offset: 0 }));
    expect(e).toMatchObject({ code: "INVALID_PARAMS", details: { field: "batches.limit" } });
    expect(calls).not.toContain("batches");
    expect(await rejection((api.batch as (p: unknown) => Promise<unknown>)({ number: 1, extra: true }))).toMatchObject({ code: "INVALID_PARAMS" });
  });

  it("keeps the node's error code across the boundary", async () => {
    const { api } = connect();
    // This node has no database: the batch list is honestly unavailable.
    expect(await rejection(api.batches({ limit: 10, offset: 0 }))).toMatchObject({ code: "UNAVAILABLE" });
  });

  it("runs only NodeApi methods: close, subscribe and prototype names are unknown", async () => {
    const { ipc } = connect();
    calls.length = 0;
    for (const method of ["close", "subscribe", "__proto__", "constructor", "toString", 42]) {
      const reply = (await ipc.invoke(ipcChannels.invoke, method, undefined)) as { ok: boolean; error?: ApiErrorWire };
      expect(reply.ok).toBe(false);
      expect(reply.error?.code).toBe("UNKNOWN_METHOD");
    }
    expect(calls).toEqual([]);
  });
});

describe("sender check", () => {
  const untrusted: [string, SenderFrame | null][] = [
    ["another origin", { url: "https://example.com/", parent: null }],
    ["a look-alike host", { url: "prom://app.evil/index.html", parent: null }],
    ["credentials in the URL", { url: "prom://x@app/index.html", parent: null }],
    ["a file URL", { url: "file:///index.html", parent: null }],
    ["a subframe of our page", { url: APP_START_URL, parent: appFrame }],
    ["a frame already gone", null],
  ];
  it.each(untrusted)("refuses %s and never reaches the node", async (_name, frame) => {
    const { main } = connect(frame);
    calls.length = 0;
    await expect(main.invoke(frame, "settings", undefined)).rejects.toBeInstanceOf(UntrustedSenderError);
    expect(() => main.subscribe(frame, { id: 1, send: () => undefined }, 1, ["logs"])).toThrow(UntrustedSenderError);
    expect(() => main.unsubscribe(frame, 1, 1)).toThrow(UntrustedSenderError);
    expect(calls).toEqual([]);
  });
});

describe("live events", () => {
  const nextEvent = (api: NodeApi, topic: "logs") =>
    new Promise<{ event: NodeEvent; off: () => void }>((resolve) => {
      const off = api.subscribe([topic], (event) => resolve({ event, off }));
    });

  it("forwards subscribed events to the page and stops after unsubscribe", async () => {
    const { api, main } = connect();
    const got = nextEvent(api, "logs");
    await Promise.resolve();
    log.child("test").warn("a record for the page");
    const { event, off } = await got;
    expect(event).toMatchObject({ topic: "logs", entry: { component: "test", msg: "a record for the page", level: "warn" } });
    expect(main.subscriptionCount(PAGE_ID)).toBe(1);
    off();
    await new Promise((r) => setTimeout(r, 0));
    expect(main.subscriptionCount(PAGE_ID)).toBe(0);
  });

  it("ends every subscription of a page that goes away", async () => {
    const { api, main } = connect();
    api.subscribe(["logs"], () => undefined);
    api.subscribe(["blocks", "batches"], () => undefined);
    await new Promise((r) => setTimeout(r, 0));
    expect(main.subscriptionCount(PAGE_ID)).toBe(2);
    main.dropPage(PAGE_ID);
    expect(main.subscriptionCount(PAGE_ID)).toBe(0);
  });

  it("rejects bad topics at the call and bad subscription ids in the main process", async () => {
    const { api, main } = connect();
    expect(() => api.subscribe(["nope" as "logs"], () => undefined)).toThrow(/topics\[0\]/);
    const page = { id: PAGE_ID, send: () => undefined };
    for (const id of [0, -1, 1.5, "1", null]) expect(main.subscribe(appFrame, page, id, ["logs"])).toMatchObject({ ok: false, error: { code: "INVALID_PARAMS" } });
    expect(main.subscribe(appFrame, page, 1, "logs")).toMatchObject({ ok: false, error: { code: "INVALID_PARAMS" } });
    expect(main.subscriptionCount(PAGE_ID)).toBe(0);
  });

  it("caps the subscriptions one page may hold", () => {
    const { main } = connect();
    const page = { id: PAGE_ID + 1, send: () => undefined };
    for (let i = 1; i <= MAX_SUBSCRIPTIONS_PER_PAGE; i++) expect(main.subscribe(appFrame, page, i, ["logs"]).ok).toBe(true);
    expect(main.subscribe(appFrame, page, MAX_SUBSCRIPTIONS_PER_PAGE + 1, ["logs"])).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    // Re-subscribing an id replaces it instead of counting twice.
    expect(main.subscribe(appFrame, page, 1, ["blocks"]).ok).toBe(true);
    main.close();
    expect(main.subscriptionCount(page.id)).toBe(0);
  });
});
