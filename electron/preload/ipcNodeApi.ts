/**
 * The NodeApi the preload hands to the page: every request method is one `invoke` on the contract's channel, live
 * events come back on the event channel by subscription id. Rejections are ApiErrorWire data (code, message, details)
 * because contextBridge keeps nothing of an Error but its message; the renderer turns them back into ApiErrors.
 * Takes the two ipcRenderer calls it needs as a parameter, so tests drive it without Electron.
 */
import { nodeApiMethods, type EventTopic, type NodeApi, type NodeApiMethod, type NodeEvent } from "../../node-services/api/nodeApi.js";
import { validateTopics } from "../../node-services/api/validate.js";
import { ipcChannels, type IpcEventArgs, type IpcReply } from "../ipc/contract.js";

/** The part of Electron's ipcRenderer used here. */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: IpcEventArgs) => void): unknown;
}

export function createIpcNodeApi(ipc: RendererIpc, onSubscribeError: (message: string) => void): NodeApi {
  const listeners = new Map<number, (event: NodeEvent) => void>();
  let nextId = 1;
  ipc.on(ipcChannels.event, (_e, id, event) => listeners.get(id)?.(event));

  const call = async (method: NodeApiMethod, params: unknown): Promise<unknown> => {
    const reply = (await ipc.invoke(ipcChannels.invoke, method, params)) as IpcReply;
    if (!reply.ok) throw reply.error;
    return reply.value;
  };
  const methods = Object.fromEntries(nodeApiMethods.map((m) => [m, (params?: unknown) => call(m, params)]));

  const subscribe = (topics: readonly EventTopic[], listener: (event: NodeEvent) => void): (() => void) => {
    // Checked here too, so a bad topic is an error at the call, not a lost subscription later.
    const checked = validateTopics(topics);
    const id = nextId++;
    listeners.set(id, listener);
    void ipc.invoke(ipcChannels.subscribe, id, checked).then((reply) => {
      const r = reply as IpcReply<null>;
      if (!r.ok) {
        listeners.delete(id);
        onSubscribeError(`live events (${checked.join(", ")}) refused: ${r.error.message}`);
      }
    });
    return () => {
      if (!listeners.delete(id)) return;
      void ipc.invoke(ipcChannels.unsubscribe, id);
    };
  };

  // Each method forwards its one payload object; the main process validates it against the method's type.
  return { ...(methods as unknown as Omit<NodeApi, "subscribe">), subscribe };
}
