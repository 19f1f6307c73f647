/**
 * Serves the built UI (renderer/dist) on the app's own scheme, with the strict CSP as a response header. Only files
 * inside the UI folder are reachable; any other host, a path escaping the folder, or a missing file is a 404.
 * Answers with a fetch `Response`, which is what Electron's `protocol.handle` takes, so it runs in plain Node too.
 */
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { uiMimeTypes } from "../../node-services/api/server/adminServer.js";
import { APP_HOST, APP_SCHEME } from "../ipc/appUrl.js";
import { contentSecurityPolicy } from "./security.js";

const baseHeaders = {
  "content-security-policy": contentSecurityPolicy,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { ...baseHeaders, "content-type": "text/plain; charset=utf-8" } });

/** The file under `uiDir` a URL of the app names, or null when it names none (other scheme or host, escapes the folder). */
export function appFilePath(uiDir: string, url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (path.includes("\0")) return null;
  const rel = normalize(path).replace(/^[/\\]+/, "");
  const root = uiDir.endsWith(sep) ? uiDir : uiDir + sep;
  const file = join(root, rel === "" ? "index.html" : rel);
  return file.startsWith(root) ? file : null;
}

export async function appResponse(uiDir: string, url: string): Promise<Response> {
  const file = appFilePath(uiDir, url);
  if (!file) return text(404, "not found");
  try {
    const body = await readFile(file);
    return new Response(body, { status: 200, headers: { ...baseHeaders, "content-type": uiMimeTypes[extname(file)] ?? "application/octet-stream" } });
  } catch {
    if (file === join(uiDir, "index.html")) {
      return text(503, `The UI is not built (no ${file}): run \`npm run build:ui\` (or \`npm run build\`) and start the app again.`);
    }
    return text(404, "not found");
  }
}
