/**
 * Serves the kernel-check page on 127.0.0.1 (a secure context, so Chromium exposes navigator.gpu): the host code and
 * prover-wasm loader bundled by esbuild, the repository's .wgsl files, and the built prover .wasm.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const repoRoot = new URL("../../", import.meta.url);
const wasmFile = new URL("prover-wasm/pkg/prom_prover_wasm_bg.wasm", repoRoot);

export class E2eSetupError extends Error {
  override readonly name = "E2eSetupError";
  constructor(
    readonly code: "WASM_NOT_BUILT" | "BUNDLE" | "NO_CHROMIUM" | "NO_WEBGPU",
    message: string,
  ) {
    super(message);
  }
}

export interface PageServer {
  /** The page's URL, e.g. http://127.0.0.1:41234/ */
  url: string;
  /** Paths the page passes to `runKernelChecks`. */
  paths: { shaders: string; wasm: string };
  close(): Promise<void>;
}

async function bundle(): Promise<string> {
  try {
    const out = await build({
      entryPoints: [fileURLToPath(new URL("entry.ts", import.meta.url))],
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "chrome120",
      write: false,
      // shaders.ts and loader.ts import node:fs only on file: URLs, which the page never uses.
      external: ["node:*"],
      logLevel: "silent",
    });
    return out.outputFiles[0]!.text;
  } catch (e) {
    throw new E2eSetupError("BUNDLE", `esbuild could not bundle the page: ${(e as Error).message}`);
  }
}

const html = `<!doctype html><meta charset="utf-8"><title>Prom WebGPU kernel checks</title><script type="module" src="/bundle.js"></script>`;

export async function startPageServer(): Promise<PageServer> {
  if (!existsSync(wasmFile)) throw new E2eSetupError("WASM_NOT_BUILT", "prover-wasm/pkg has no .wasm: run `npm run build:wasm` first");
  const js = await bundle();
  const wasm = await readFile(wasmFile);
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    const send = (type: string, body: string | Uint8Array) => {
      res.writeHead(200, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    };
    const shader = /^\/shaders\/([a-z0-9_]+\.wgsl)$/.exec(path);
    if (path === "/") send("text/html; charset=utf-8", html);
    else if (path === "/bundle.js") send("text/javascript; charset=utf-8", js);
    else if (path === "/prover.wasm") send("application/wasm", wasm);
    else if (shader) {
      readFile(new URL(`shaders/${shader[1]}`, repoRoot), "utf8").then(
        (text) => send("text/plain; charset=utf-8", text),
        () => {
          res.writeHead(404).end();
        },
      );
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    paths: { shaders: "/shaders/", wasm: "/prover.wasm" },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
