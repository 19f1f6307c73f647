/** The window's hardening as data: Electron's security checklist, item by item, and the CSP's directives. */
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, permissionAllowed, requestAllowed, webPreferences, windowOptions } from "./security.js";

const directives = new Map(
  contentSecurityPolicy.split(";").map((d) => {
    const [name, ...sources] = d.trim().split(/\s+/);
    return [name!, sources];
  }),
);

describe("window options", () => {
  it("isolate and sandbox the page without Node, web security on, no webviews or experiments", () => {
    expect(webPreferences("/p.cjs")).toMatchObject({
      preload: "/p.cjs",
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
    });
    const prefs = webPreferences("/p.cjs") as Record<string, unknown>;
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(windowOptions("/p.cjs").webPreferences).toEqual(webPreferences("/p.cjs"));
    // Shown only once the UI rendered (no white flash, no half-loaded window).
    expect(windowOptions("/p.cjs").show).toBe(false);
  });
});

describe("content security policy", () => {
  it("defaults to nothing and allows scripts and styles only from the app itself", () => {
    expect(directives.get("default-src")).toEqual(["'none'"]);
    expect(directives.get("script-src")).toEqual(["'self'"]);
    expect(directives.get("style-src")).toEqual(["'self'"]);
    for (const d of ["object-src", "frame-src", "worker-src", "base-uri", "form-action", "frame-ancestors"]) expect(directives.get(d), d).toEqual(["'none'"]);
  });

  it("has no inline code, eval, wildcard or network source anywhere", () => {
    for (const [name, sources] of directives) {
      for (const s of sources) {
        expect(["'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", "*", "http:", "https:", "ws:", "wss:", "blob:"], `${name} ${s}`).not.toContain(s);
        expect(s, name).not.toMatch(/^(https?|wss?):\/\//);
      }
    }
  });
});

describe("permissions and requests", () => {
  it("allow only clipboard writes, and only from the app's page", () => {
    expect(permissionAllowed("clipboard-sanitized-write", "prom://app/index.html")).toBe(true);
    expect(permissionAllowed("clipboard-sanitized-write", "prom://app")).toBe(true);
    expect(permissionAllowed("clipboard-sanitized-write", "https://example.com/")).toBe(false);
    expect(permissionAllowed("clipboard-sanitized-write", undefined)).toBe(false);
    for (const p of ["media", "geolocation", "notifications", "clipboard-read", "openExternal", "fullscreen", "hid", "usb", "serial"]) {
      expect(permissionAllowed(p, "prom://app/index.html"), p).toBe(false);
    }
  });

  it("let no request leave the app's scheme", () => {
    expect(requestAllowed("prom://app/assets/index.js")).toBe(true);
    expect(requestAllowed("data:image/png;base64,AAAA")).toBe(true);
    for (const url of ["https://example.com/x.js", "http://127.0.0.1:8545/", "ws://127.0.0.1:9000/rpc", "file:///etc/passwd", "prom://evil/x"]) {
      expect(requestAllowed(url), url).toBe(false);
    }
  });
});
