/**
 * The main-process side of the IPC contract: every message's sender is checked (main frame of our own page), every
 * payload validated with the NodeApi's own validators, errors returned as ApiError data, and live subscriptions kept
 * per page so a page that reloads or closes leaves nothing behind. Electron-free (the glue passes `ipcMain` in), so the
 * checks run as plain functions in tests.
 */
import type { IpcMain, IpcMainInvokeEvent } from "electron";
import { ApiError } from "../../node-services/api/apiError.js";
import type { NodeApi, NodeEvent } from "../../node-services/api/nodeApi.js";
import { validateRequest, validateTopics } from "../../node-services/api/validate.js";
import type { Logger } from "../../node-services/log/logger.js";
import { isTrustedSender, type SenderFrame } from "../ipc/appUrl.js";
import { ipcChannels, type IpcReply } from "../ipc/contract.js";

/** A page that receives events: Electron's WebContents id and send. */
export interface EventTarget {
  id: number;
  send(channel: string, subscriptionId: number, event: NodeEvent): void;
}

/** A message from a frame that is not our page's main frame; it is logged and never reaches the node. */
export class UntrustedSenderError extends Error {
  constructor(url: string | undefined) {
    super(`IPC from an untrusted frame refused (${url ? JSON.stringify(url) : "no frame"})`);
    this.name = "UntrustedSenderError";
  }
}

/** Most live subscriptions one page may hold (the UI opens a handful; more is a leak or abuse). */
export const MAX_SUBSCRIPTIONS_PER_PAGE = 64;

const ok = <T>(value: T): IpcReply<T> => ({ ok: true, value });
const failed = (e: unknown): IpcReply<never> => ({ ok: false, error: ApiError.from(e).toWire() });

export class NodeApiIpc {
  /** Page id → subscription id → unsubscribe. */
  private readonly pages = new Map<number, Map<number, () => void>>();

  constructor(
    private readonly api: NodeApi,
    private readonly log: Logger,
  ) {}

  async invoke(frame: SenderFrame | null | undefined, method: unknown, params: unknown): Promise<IpcReply> {
    this.checkSender(frame);
    try {
      if (typeof method !== "string") throw new ApiError("UNKNOWN_METHOD", `the method name must be a string, got ${typeof method}`);
      const checked = validateRequest(method, params);
      const call = this.api[method as keyof NodeApi] as (p: unknown) => Promise<unknown>;
      return ok((await call.call(this.api, checked)) ?? null);
    } catch (e) {
      return failed(e);
    }
  }

  subscribe(frame: SenderFrame | null | undefined, page: EventTarget, subscriptionId: unknown, topics: unknown): IpcReply<null> {
    this.checkSender(frame);
    try {
      const id = this.subscriptionId(subscriptionId);
      const checked = validateTopics(topics);
      const subs = this.pages.get(page.id) ?? new Map<number, () => void>();
      subs.get(id)?.();
      if (!subs.has(id) && subs.size >= MAX_SUBSCRIPTIONS_PER_PAGE) {
        throw new ApiError("CONFLICT", `a page may hold at most ${MAX_SUBSCRIPTIONS_PER_PAGE} live subscriptions`);
      }
      subs.set(id, this.api.subscribe(checked, (event) => page.send(ipcChannels.event, id, event)));
      this.pages.set(page.id, subs);
      return ok(null);
    } catch (e) {
      return failed(e);
    }
  }

  unsubscribe(frame: SenderFrame | null | undefined, pageId: number, subscriptionId: unknown): IpcReply<null> {
    this.checkSender(frame);
    try {
      const id = this.subscriptionId(subscriptionId);
      const subs = this.pages.get(pageId);
      subs?.get(id)?.();
      subs?.delete(id);
      return ok(null);
    } catch (e) {
      return failed(e);
    }
  }

  /** The page closed, crashed or loaded anew: its subscriptions end. */
  dropPage(pageId: number): void {
    for (const off of this.pages.get(pageId)?.values() ?? []) off();
    this.pages.delete(pageId);
  }

  /** Live subscriptions of a page (the tests and the tray's status read it). */
  subscriptionCount(pageId: number): number {
    return this.pages.get(pageId)?.size ?? 0;
  }

  close(): void {
    for (const id of [...this.pages.keys()]) this.dropPage(id);
  }

  private checkSender(frame: SenderFrame | null | undefined): void {
    if (isTrustedSender(frame)) return;
    const err = new UntrustedSenderError(frame?.url);
    this.log.warn(err.message);
    throw err;
  }

  private subscriptionId(v: unknown): number {
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) {
      throw new ApiError("INVALID_PARAMS", `subscriptionId: must be a positive integer, got ${JSON.stringify(v)}`, { field: "subscriptionId" });
    }
    return v;
  }
}

/** Wires the contract's channels to `ipc`; returns the function that removes them again. */
export function registerNodeApiIpc(ipcMain: IpcMain, ipc: NodeApiIpc): () => void {
  const page = (e: IpcMainInvokeEvent): EventTarget => e.sender;
  ipcMain.handle(ipcChannels.invoke, (e, method: unknown, params: unknown) => ipc.invoke(e.senderFrame, method, params));
  ipcMain.handle(ipcChannels.subscribe, (e, id: unknown, topics: unknown) => ipc.subscribe(e.senderFrame, page(e), id, topics));
  ipcMain.handle(ipcChannels.unsubscribe, (e, id: unknown) => ipc.unsubscribe(e.senderFrame, e.sender.id, id));
  return () => {
    for (const channel of [ipcChannels.invoke, ipcChannels.subscribe, ipcChannels.unsubscribe]) ipcMain.removeHandler(channel);
    ipc.close();
  };
}
