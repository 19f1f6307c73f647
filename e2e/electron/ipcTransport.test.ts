/**
 * The built UI over the Electron transport, in headless Chromium (no Electron binary needed): the page is served by the
 * app scheme's own file server with the app's strict CSP, its NodeApi is the preload's code, and every call goes
 * through the main process's IPC handlers (sender check, validation) to a real devnet. Shows that the UI picks the
 * injected API, renders live data through it, breaks no CSP rule, and cannot reach the network.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build as esbuild } from "esbuild";
import type { Browser, Frame, Page } from "playwright-core";
import { build as viteBuild } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NodeEvent } from "../../node-services/api/nodeApi.js";
import { APP_HOST, APP_SCHEME } from "../../electron/ipc/appUrl.js";
import { ipcChannels } from "../../electron/ipc/contract.js";
import { appResponse } from "../../electron/main/appProtocol.js";
import { NodeApiIpc } from "../../electron/main/ipcServer.js";
import { Logger } from "../../node-services/log/logger.js";
import { freePort, launchChromium, screenshot, startUiNode, type UiNode } from "../ui/uiNode.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const PAGE_ID = 1;

/** Builds the current renderer sources into a folder of this test's own (other tests build renderer/dist at the same time). */
async function buildUiInto(outDir: string): Promise<void> {
  await viteBuild({ configFile: join(repoRoot, "renderer/vite.config.ts"), build: { outDir, emptyOutDir: true }, logLevel: "warn" });
}

async function bridgeScript(): Promise<string> {
  const out = await esbuild({ entryPoints: [join(repoRoot, "e2e/electron/pageBridge.ts")], bundle: true, format: "iife", platform: "browser", write: false, logLevel: "warning" });
  return out.outputFiles[0]!.text;
}

/** The app scheme's responses on loopback http, so Chromium without Electron loads the UI with the app's headers. */
async function serveAppScheme(uiDir: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    void appResponse(uiDir, `${APP_SCHEME}://${APP_HOST}${req.url ?? "/"}`).then(async (r) => {
      const headers: Record<string, string> = {};
      r.headers.forEach((v, k) => (headers[k] = v));
      res.writeHead(r.status, headers);
      res.end(Buffer.from(await r.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe("the UI over the Electron IPC transport, under the app's CSP (headless Chromium)", () => {
  let dir: string;
  let node: UiNode;
  let browser: Browser;
  let page: Page;
  let http: { server: Server; origin: string };
  let ipc: NodeApiIpc;
  const pageErrors: string[] = [];

  /** The sender the main process would see: the page's frame, its http origin standing for the app's scheme. */
  const senderOf = (frame: Frame) => {
    const url = new URL(frame.url());
    return { url: url.origin === http.origin ? `${APP_SCHEME}://${APP_HOST}${url.pathname}` : frame.url(), parent: frame.parentFrame() };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "prom-electron-ui-"));
    const uiDir = join(dir, "ui");
    const [script] = await Promise.all([bridgeScript(), buildUiInto(uiDir)]);
    [node, browser] = await Promise.all([freePort().then((p) => startUiNode(join(dir, "node"), p)), launchChromium()]);
    http = await serveAppScheme(uiDir);
    ipc = new NodeApiIpc(node.devnet.api, new Logger({ level: "warn", format: "json" }));
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") pageErrors.push(m.text());
    });
    const target = {
      id: PAGE_ID,
      send: (_channel: string, id: number, event: NodeEvent) =>
        void page.evaluate(([i, e]) => (window as unknown as { promIpcEvent?: (i: number, e: unknown) => void }).promIpcEvent?.(i, e), [id, event] as const).catch(() => undefined),
    };
    await page.exposeBinding("promIpcInvoke", ({ frame }, channel: string, args: unknown[]) => {
      const sender = senderOf(frame);
      if (channel === ipcChannels.invoke) return ipc.invoke(sender, args[0], args[1]);
      if (channel === ipcChannels.subscribe) return ipc.subscribe(sender, target, args[0], args[1]);
      if (channel === ipcChannels.unsubscribe) return ipc.unsubscribe(sender, PAGE_ID, args[0]);
      throw new Error(`no handler for ${channel}`);
    });
    await page.addInitScript({ content: script });
  });

  afterAll(async () => {
    ipc?.close();
    await browser?.close();
    http?.server.close();
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("renders the overview with live L2 heights through IPC", async () => {
    await page.goto(`${http.origin}/#/overview`);
    await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
    await expect.poll(() => page.getByTestId("l2-height").textContent(), { timeout: 20_000 }).toMatch(/^\d+$/);
    await page.getByText("L1 sequencer").waitFor();
    expect(ipc.subscriptionCount(PAGE_ID)).toBeGreaterThan(0);
    console.log(`[e2e/electron] screenshot: ${await screenshot(page, "electron-transport-overview")}`);
  });

  it("lists batches through IPC", async () => {
    await page.goto(`${http.origin}/#/batches`);
    await page.getByRole("heading", { level: 1, name: "Batches" }).waitFor();
    await expect.poll(() => page.getByRole("row").count(), { timeout: 20_000 }).toBeGreaterThan(1);
  });

  it("gets the node's error codes as data through the bridge", async () => {
    const code = await page.evaluate(() =>
      (window as unknown as { promNodeApi: { batches(q: unknown): Promise<unknown> } }).promNodeApi.batches({ limit: 0, offset: 0 }).then(
        () => "resolved",
        (e: { code?: string }) => e.code,
      ),
    );
    expect(code).toBe("INVALID_PARAMS");
  });

  it("breaks no CSP rule, and the CSP keeps the page off the network", async () => {
    const blocked = await page.evaluate(() => fetch("https://example.com/").then(() => "fetched", () => "blocked"));
    expect(blocked).toBe("blocked");
    const violations = await page.evaluate(() => (window as unknown as { promCspViolations: string[] }).promCspViolations);
    // The one violation is the fetch above; the UI itself caused none.
    expect(violations).toEqual(["connect-src https://example.com/"]);
    expect(pageErrors.filter((e) => !e.includes("example.com"))).toEqual([]);
  });
});
