/**
 * Where the app's own page lives: a privileged custom scheme served from renderer/dist (no http server, no file://),
 * so the page is a secure context with its own origin, and a frame's URL tells for sure whether it is ours.
 */
export const APP_SCHEME = "prom";
export const APP_HOST = "app";
export const APP_START_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True for URLs of the app's page and assets (parsed, never prefix-matched: `prom://app.evil/` is not ours). */
export function isAppUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === "" && u.password === "";
  } catch {
    return false;
  }
}

/** The part of Electron's WebFrameMain the sender check reads. */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/**
 * Electron's checklist item 17: an IPC message is trusted only from the main frame of our own page. Subframes, other
 * origins and a frame already gone (`senderFrame` is null after navigation) are refused.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return frame !== null && frame !== undefined && frame.parent === null && isAppUrl(frame.url);
}
