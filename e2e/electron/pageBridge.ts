/**
 * Runs in the test page before the UI: the preload's own NodeApi code (electron/preload/ipcNodeApi.ts) on top of two
 * Playwright bindings that stand where Electron's ipcRenderer would, so the UI talks to the main process's IPC
 * handlers exactly as in the app. Bundled by esbuild into an init script.
 */
import type { NodeEvent } from "../../node-services/api/nodeApi.js";
import { nodeApiGlobal } from "../../node-services/api/nodeApi.js";
import type { IpcEventArgs } from "../../electron/ipc/contract.js";
import { createIpcNodeApi } from "../../electron/preload/ipcNodeApi.js";

interface BridgeWindow {
  promIpcInvoke(channel: string, args: unknown[]): Promise<unknown>;
  promIpcEvent?: (id: number, event: NodeEvent) => void;
  promCspViolations: string[];
}

const w = window as unknown as BridgeWindow & Record<string, unknown>;
w.promCspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => w.promCspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));

w[nodeApiGlobal] = Object.freeze(
  createIpcNodeApi(
    {
      invoke: (channel, ...args) => w.promIpcInvoke(channel, args),
      on: (_channel, listener: (e: unknown, ...args: IpcEventArgs) => void) => {
        w.promIpcEvent = (id, event) => listener({}, id, event);
      },
    },
    (message) => console.error(message),
  ),
);
