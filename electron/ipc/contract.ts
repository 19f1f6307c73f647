/**
 * The one IPC contract between the preload and the main process. The NodeApi crosses it unchanged: one invoke channel
 * carries every request method by name (the main process validates name and payload with the same checks as the admin
 * JSON-RPC), two more open and close live-event subscriptions, and one pushes their events to the page.
 * Types and constants only, so the sandboxed preload bundles it without Node.
 */
import type { ApiErrorWire } from "../../node-services/api/apiError.js";
import type { NodeEvent } from "../../node-services/api/nodeApi.js";

export const ipcChannels = {
  /** renderer → main, `(method: NodeApiMethod, params)` → IpcReply of the method's result. */
  invoke: "prom:invoke",
  /** renderer → main, `(subscriptionId: number, topics: EventTopic[])` → IpcReply<null>. */
  subscribe: "prom:subscribe",
  /** renderer → main, `(subscriptionId: number)` → IpcReply<null>. */
  unsubscribe: "prom:unsubscribe",
  /** main → renderer, `(subscriptionId: number, event: NodeEvent)`. */
  event: "prom:event",
} as const;

/**
 * What every invoke answers. Errors travel as data, not as thrown Errors: Electron keeps only an Error's message when it
 * crosses IPC, and the UI needs the ApiError code.
 */
export type IpcReply<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiErrorWire };

/** The payload of `ipcChannels.event`. */
export type IpcEventArgs = [subscriptionId: number, event: NodeEvent];
