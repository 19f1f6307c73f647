/**
 * The desktop app itself, driven by Playwright's `_electron`: it starts a devnet in its main process, shows the UI in a
 * hardened window that has the NodeApi and nothing of Node or Electron, refuses navigation, new windows and network
 * requests, and on quit stops its node (the devnet's anvil L1 included). Needs an Electron binary and the build
 * (`npm run build`); on Linux without a display run it under `xvfb-run`. Where no Electron binary exists the suite is
 * reported as skipped with the reason in its name.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { _electron, type ElectronApplication, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeApiMethods } from "../../node-services/api/nodeApi.js";
import { freePort } from "../../node-services/l1/anvil.js";
import { electronBinary, missingBuild, repoRoot } from "../../electron/electronBinary.js";
import { APP_START_URL } from "../../electron/ipc/appUrl.js";
import { screenshot } from "../ui/uiNode.js";
import { portClosed } from "../../node-services/testing/portClosed.js";

const electron = electronBinary();
const title = `Electron app (devnet in the main process, hardened window, clean quit)${electron.ok ? "" : ` — skipped: ${electron.reason}`}`;

describe.skipIf(!electron.ok)(title, () => {
  let dir: string;
  let l1Port: number;
  let app: ElectronApplication;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const missing = missingBuild();
    if (missing.length > 0) throw new Error(`the app is not built: ${missing.join(", ")}; run \`npm run build\``);
    if (!electron.ok) return;
    dir = mkdtempSync(join(tmpdir(), "prom-electron-"));
    l1Port = await freePort();
    app = await _electron.launch({
      executablePath: electron.path,
      args: [repoRoot, "devnet", "--data-dir", dir, "--l1-port", String(l1Port), "--rpc-port", "0", "--sequencer-block-time-ms", "300"],
      cwd: repoRoot,
      timeout: 120_000,
    });
    page = await app.firstWindow({ timeout: 120_000 });
    page.on("pageerror", (e) => pageErrors.push(e.message));
  }, 180_000);

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("shows the UI from the app scheme with live data from the in-process devnet", async () => {
    expect(page.url()).toMatch(new RegExp(`^${APP_START_URL.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`));
    await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId("l2-height").textContent(), { timeout: 30_000 }).toMatch(/^\d+$/);
    console.log(`[e2e/electron] screenshot: ${await screenshot(page, "electron-app-overview")}`);
  });

  it("gives the page the NodeApi and nothing of Node or Electron", async () => {
    const seen = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return { api: Object.keys((w.promNodeApi as object) ?? {}).sort(), require: typeof w.require, process: typeof w.process, module: typeof w.module };
    });
    expect(seen.api).toEqual([...nodeApiMethods, "subscribe"].sort());
    expect(seen).toMatchObject({ require: "undefined", process: "undefined", module: "undefined" });
  });

  it("refuses navigation, new windows and requests to the network", async () => {
    const before = page.url();
    await page.evaluate(() => {
      location.href = "https://example.com/";
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(page.url()).toBe(before);
    expect(await page.evaluate(() => window.open("https://example.com/") === null)).toBe(true);
    expect(await page.evaluate(() => fetch("https://example.com/").then(() => "fetched", () => "blocked"))).toBe("blocked");
    expect(app.windows()).toHaveLength(1);
    expect(pageErrors).toEqual([]);
  });

  it("stops its node on quit: the devnet's anvil is gone", async () => {
    expect(await portClosed(l1Port)).toBe(false);
    await app.close();
    await expect.poll(() => portClosed(l1Port), { timeout: 30_000 }).toBe(true);
  }, 60_000);
});
