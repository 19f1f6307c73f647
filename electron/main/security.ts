/**
 * The window's hardening, per Electron's security checklist, as data and small functions the tests check:
 * isolated, sandboxed page without Node; a strict CSP; no navigation, no new windows, no webviews; every permission
 * refused except writing to the clipboard from our own page; no request leaves the app's own scheme.
 */
import type { BrowserWindowConstructorOptions, Session, WebContents, WebPreferences } from "electron";
import type { Logger } from "../../node-services/log/logger.js";
import { isAppUrl } from "../ipc/appUrl.js";

/**
 * Everything comes from the app's own scheme; the node is reached over IPC only, so nothing needs the network. No inline
 * script or style, no eval, no plugins, no frames, no forms, no <base>.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export function webPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    // The page has no business with these; off means fewer surfaces.
    enableWebSQL: false,
    safeDialogs: true,
  };
}

export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    title: "Prom zkNode",
    show: false,
    backgroundColor: "#101418",
    webPreferences: webPreferences(preload),
  };
}

/** The only permission the UI uses: its copy buttons write to the clipboard. Everything else, from anywhere, is refused. */
export function permissionAllowed(permission: string, requestingUrl: string | undefined): boolean {
  return permission === "clipboard-sanitized-write" && isAppUrl(requestingUrl);
}

/** Schemes a request of the app's session may use: its own, data: URLs for inline images, and the developer tools. */
export function requestAllowed(url: string): boolean {
  return isAppUrl(url) || url.startsWith("data:") || url.startsWith("devtools:");
}

export function hardenSession(ses: Session, log: Logger): void {
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    const allowed = permissionAllowed(permission, details.requestingUrl);
    if (!allowed) log.warn("permission request refused", { permission, url: details.requestingUrl ?? contents.getURL() });
    callback(allowed);
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionAllowed(permission, requestingOrigin));
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => {
    const cancel = !requestAllowed(details.url);
    if (cancel) log.warn("request outside the app refused", { url: details.url });
    callback({ cancel });
  });
}

/** Applied to every WebContents the app creates (`web-contents-created`). */
export function hardenContents(contents: WebContents, log: Logger): void {
  contents.on("will-navigate", (e, url) => {
    e.preventDefault();
    log.warn("navigation refused", { url });
  });
  contents.on("will-redirect", (e, url) => {
    e.preventDefault();
    log.warn("redirect refused", { url });
  });
  contents.on("will-attach-webview", (e) => {
    e.preventDefault();
    log.warn("webview refused");
  });
  contents.setWindowOpenHandler(({ url }) => {
    log.warn("new window refused", { url });
    return { action: "deny" };
  });
}
