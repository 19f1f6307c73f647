/** The app scheme's file server on a real folder: what it serves, with which headers, and what it refuses. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appFilePath, appResponse } from "./appProtocol.js";
import { contentSecurityPolicy } from "./security.js";

let root: string;
let ui: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "prom-appscheme-"));
  ui = join(root, "ui");
  mkdirSync(join(ui, "assets"), { recursive: true });
  writeFileSync(join(ui, "index.html"), "<!doctype html><title>t</title>");
  writeFileSync(join(ui, "assets", "app.js"), "console.log(1)");
  // A file next to the UI folder that no URL may reach.
  writeFileSync(join(root, "secret.txt"), "secret");
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("appResponse", () => {
  it("serves index.html for the root and assets by path, each with the CSP and nosniff", async () => {
    for (const [url, type, body] of [
      ["prom://app/", "text/html; charset=utf-8", "<!doctype html><title>t</title>"],
      ["prom://app/index.html", "text/html; charset=utf-8", "<!doctype html><title>t</title>"],
      ["prom://app/assets/app.js?v=1#x", "text/javascript; charset=utf-8", "console.log(1)"],
    ] as const) {
      const res = await appResponse(ui, url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get("content-type")).toBe(type);
      expect(res.headers.get("content-security-policy")).toBe(contentSecurityPolicy);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(await res.text()).toBe(body);
    }
  });

  it("answers 404 for paths outside the UI folder, other hosts and schemes, and missing files", async () => {
    for (const url of [
      "prom://app/../secret.txt",
      "prom://app/%2e%2e/secret.txt",
      "prom://app/assets/..%2f..%2fsecret.txt",
      "prom://app/..%5csecret.txt",
      "prom://app/%00index.html",
      "prom://app/%E0%A4%A",
      "prom://other/index.html",
      "file:///index.html",
      "https://app/index.html",
      "prom://app/assets/missing.js",
      "not a url",
    ]) {
      const res = await appResponse(ui, url);
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain("secret");
    }
  });

  it("says how to build the UI when it is not built", async () => {
    const res = await appResponse(join(root, "nothing-here"), "prom://app/");
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("npm run build:ui");
  });
});

describe("appFilePath", () => {
  it("maps URLs into the folder and nowhere else", () => {
    expect(appFilePath(ui, "prom://app/assets/app.js")).toBe(join(ui, "assets", "app.js"));
    expect(appFilePath(ui, "prom://app//assets//app.js")).toBe(join(ui, "assets", "app.js"));
    expect(appFilePath(ui + "/", "prom://app/")).toBe(join(ui, "index.html"));
    // The URL parser resolves dot segments against the root, so they can never climb above the UI folder.
    expect(appFilePath(ui, "prom://app/%2e%2e/%2e%2e/etc/passwd")).toBe(join(ui, "etc", "passwd"));
    // An encoded backslash is only a character to the URL parser, but a separator to Windows paths: refused there.
    const backslashed = appFilePath(ui, "prom://app/..%5c..%5csecret.txt");
    expect(backslashed === null || backslashed.startsWith(ui + sep)).toBe(true);
    expect(appFilePath(ui, "prom://other/index.html")).toBeNull();
  });
});
