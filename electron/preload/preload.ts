/**
 * The preload of the app's one window (sandboxed: bundled to CommonJS with only `electron` left to require). It exposes
 * exactly the NodeApi on `window.promNodeApi` and nothing of Electron or Node.
 */
import { contextBridge, ipcRenderer } from "electron";
import { nodeApiGlobal } from "../../node-services/api/nodeApi.js";
import { createIpcNodeApi, type RendererIpc } from "./ipcNodeApi.js";

const ipc: RendererIpc = {
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  on: (channel, listener) => ipcRenderer.on(channel, (e, ...args) => listener(e, ...(args as Parameters<typeof listener> extends [unknown, ...infer A] ? A : never))),
};

contextBridge.exposeInMainWorld(
  nodeApiGlobal,
  createIpcNodeApi(ipc, (message) => console.error(`prom: ${message}`)),
);
