/**
 * What the UI tests run against: the built UI, a real devnet (anvil L1, PGlite, sequencer, sequence sender) started
 * in-process on free ports with short block and batch times, its NodeApi served by the real UI server, and the
 * system's headless Chromium.
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { build } from "vite";
import { startAdminServer, type AdminServer } from "../../node-services/api/server/adminServer.js";
import { loadConfig } from "../../node-services/config/load.js";
import { startDevnet, type Devnet } from "../../node-services/devnet/devnet.js";
import { freePort } from "../../node-services/l1/anvil.js";
import { testLogger } from "../../node-services/testing/testLogger.js";
import { findChromium } from "../webgpu/chromium.js";

const repoRoot = new URL("../../", import.meta.url);
/** Git-ignored (.prom/): the screenshots a report links to. */
export const screenshotDir = fileURLToPath(new URL(".prom/screenshots/", repoRoot));

/** Builds renderer/ into renderer/dist exactly as `npm run build:ui` does, so the test sees the current sources. */
export async function buildUi(): Promise<void> {
  await build({ configFile: fileURLToPath(new URL("renderer/vite.config.ts", repoRoot)), logLevel: "warn" });
}

export interface UiNode {
  devnet: Devnet;
  ui: AdminServer;
  configFile: string;
  stop(): Promise<void>;
}

/**
 * Starts (or, on the same data dir, resumes) a devnet and serves its NodeApi and the UI on a free loopback port.
 * `proving`: L1 verifies the batch circuit and the aggregator proves batches with a local prover (as `npm start`).
 */
export async function startUiNode(dataDir: string, l1Port: number, opts: { proving?: boolean } = {}): Promise<UiNode> {
  const proving = opts.proving ? ["--sequencer-batch-time-ms", "4000", "--aggregator-port", "0", "--aggregator-interval-ms", "500", "--aggregator-prover-backend", "wasm"] : [];
  const loaded = loadConfig({
    argv: ["--data-dir", dataDir, "--rpc-port", "0", "--l1-port", String(l1Port), "--l1-block-time", "0",
      "--sequencer-block-time-ms", "300", "--sequencer-batch-time-ms", "1200", "--sequence-sender-interval-ms", "400", ...proving],
    env: {},
  });
  // Every record reaches the Logs page (the API keeps its own buffer); the terminal gets warnings only.
  const log = testLogger("warn");
  const devnet = await startDevnet(loaded.config, log, {
    configSources: loaded.sources,
    configFile: loaded.configFile,
    version: "e2e",
    verifier: opts.proving ? "batch-circuit" : "reject-all",
  });
  let ui: AdminServer;
  try {
    ui = await startAdminServer(devnet.api, { host: "127.0.0.1", port: 0 }, log.child("ui"));
  } catch (e) {
    await devnet.stop();
    throw e;
  }
  return {
    devnet,
    ui,
    configFile: loaded.configFile,
    async stop() {
      await ui.close();
      await devnet.stop();
    },
  };
}

export { freePort };

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** A full-page screenshot under .prom/screenshots/; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = `${screenshotDir}${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}
