/**
 * The desktop app's main process: the node services of the chosen mode in-process (nodeHost.ts), the prover in a
 * utility process when the node runs an aggregator (proverHost.ts), one hardened window on the app's own scheme that
 * reaches the node only through the IPC contract, and a tray. Quitting stops the node services first (a devnet's anvil
 * included), then the prover, then the app.
 */
import { availableParallelism, hostname } from "node:os";
import { fileURLToPath } from "node:url";
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from "electron";
import { defaultUiDir } from "../../node-services/api/server/adminServer.js";
import { Logger, type LogLevel } from "../../node-services/log/logger.js";
import type { ProverBackend } from "../../node-services/prover/options.js";
import { APP_SCHEME, APP_START_URL } from "../ipc/appUrl.js";
import { parseAppArgs, type AppArgs } from "./appArgs.js";
import { appResponse } from "./appProtocol.js";
import { deferredNodeApi } from "./deferredNodeApi.js";
import { NodeApiIpc, registerNodeApiIpc } from "./ipcServer.js";
import { startAppNode, type AppNode } from "./nodeHost.js";
import { ProverHost } from "./proverHost.js";
import { hardenContents, hardenSession, windowOptions } from "./security.js";
import { AppTray } from "./tray.js";

const file = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));
const paths = {
  preload: file("../preload/preload.cjs"),
  proverEntry: file("../prover/proverEntry.js"),
  trayIcon: file("../../../electron/assets/trayIcon.png"),
};

// Must happen before `ready`: the app's scheme is a secure, standard origin (WebGPU and the CSP's 'self' need both).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

let args: AppArgs | Error;
try {
  args = parseAppArgs(process.argv.slice(app.isPackaged ? 1 : 2));
} catch (e) {
  args = e as Error;
}
const log =
  args instanceof Error
    ? new Logger({ level: "info", format: "auto" }, "app")
    : new Logger({ level: args.config.log.level as LogLevel, format: args.config.log.format as "auto" }, "app");

let nodeStart: Promise<AppNode> | null = null;
let ipc: NodeApiIpc | null = null;
let prover: ProverHost | null = null;
let tray: AppTray | null = null;
let window: BrowserWindow | null = null;
let removeIpc: (() => void) | null = null;
let stopped = false;
let stopping: Promise<void> | null = null;

function fail(title: string, e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  log.error(title, { err: message });
  dialog.showErrorBox(`Prom zkNode: ${title}`, message);
  app.exit(1);
}

function showWindow(): void {
  if (window) {
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    return;
  }
  if (!ipc) return;
  const pages = ipc;
  const win = new BrowserWindow(windowOptions(paths.preload));
  const pageId = win.webContents.id;
  win.webContents.on("did-start-navigation", (details) => {
    // A reload starts the page anew: the old page's live subscriptions end with it.
    if (details.isMainFrame && !details.isSameDocument) pages.dropPage(pageId);
  });
  win.webContents.on("render-process-gone", (_e, details) => {
    log.error("the window's renderer process ended", { reason: details.reason, exitCode: details.exitCode });
    pages.dropPage(pageId);
  });
  win.webContents.once("destroyed", () => pages.dropPage(pageId));
  win.once("ready-to-show", () => win.show());
  win.on("closed", () => (window = null));
  window = win;
  void win.loadURL(APP_START_URL).catch((e: unknown) => log.error("the window could not load the UI", { err: String(e) }));
}

async function start(a: AppArgs): Promise<void> {
  hardenSession(session.defaultSession, log.child("security"));
  const uiDir = defaultUiDir();
  protocol.handle(APP_SCHEME, (req) => appResponse(uiDir, req.url));
  tray = new AppTray(paths.trayIcon, { show: showWindow, quit: () => app.quit() });
  log.info("starting the node", { mode: a.mode, dataDir: a.config.dataDir });
  nodeStart = startAppNode({ mode: a.mode, config: a.config, sources: a.sources, configFile: a.configFile, version: app.getVersion(), log });
  // The window opens at once; its calls wait for the node (deferredNodeApi.ts).
  ipc = new NodeApiIpc(deferredNodeApi(nodeStart.then((n) => n.api)), log.child("ipc"));
  removeIpc = registerNodeApiIpc(ipcMain, ipc);
  showWindow();
  const node = await nodeStart;
  // Quit while the node was starting: shutdown() stops it; nothing more to start.
  if (stopping) return;
  tray.update({ node: `running (${node.label})` });
  if (node.proverEndpoint) {
    prover = new ProverHost(
      paths.proverEntry,
      {
        aggregatorUrl: node.proverEndpoint.url,
        token: node.proverEndpoint.token,
        name: `desktop (${hostname()})`,
        threads: a.config.aggregator.proverThreads || availableParallelism(),
        backend: a.config.aggregator.proverBackend as ProverBackend,
      },
      log.child("app-prover"),
    );
    prover.onStatus((s) => tray?.update({ prover: s }));
    prover.start();
  } else tray.update({ prover: "none (this node runs no aggregator)" });
}

/** Services first (a devnet's anvil included), then the prover, then the window and the tray. */
async function shutdown(): Promise<void> {
  tray?.update({ node: "stopping" });
  removeIpc?.();
  try {
    // A node still starting is waited for, so that what it started is stopped too.
    const node = await nodeStart?.catch(() => null);
    await node?.stop();
  } catch (e) {
    log.error("stopping the node failed", { err: String(e) });
  }
  await prover?.stop();
  tray?.destroy();
  log.info("stopped");
}

if (!app.requestSingleInstanceLock()) {
  // Another instance runs on the same data dir; it shows its window instead.
  app.exit(0);
} else {
  app.on("second-instance", () => showWindow());
  app.on("web-contents-created", (_e, contents) => hardenContents(contents, log.child("security")));
  app.on("window-all-closed", () => {
    // macOS keeps apps running without windows; the tray brings the window back.
    if (process.platform !== "darwin") app.quit();
  });
  app.on("activate", () => showWindow());
  app.on("before-quit", (e) => {
    if (stopped) return;
    e.preventDefault();
    stopping ??= shutdown().finally(() => {
      stopped = true;
      app.quit();
    });
  });
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => app.quit());
  void app.whenReady().then(() => {
    if (args instanceof Error) return fail("the configuration is not valid", args);
    start(args).catch((e: unknown) => fail("the node could not start", e));
  });
}
