/**
 * Whether this machine can run the app: the Electron binary (the `electron` package downloads it in its own install
 * step, which needs github.com) and the built parts the app loads. Shared by `npm run app` and the Electron e2e tests,
 * which say exactly what is missing instead of failing obscurely.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("..", import.meta.url));

export type Availability = { ok: true; path: string } | { ok: false; reason: string };

/** The Electron executable, or why there is none. */
export function electronBinary(): Availability {
  let path: unknown;
  try {
    // The package's main module returns the executable's path, and throws when its binary was never downloaded.
    path = createRequire(import.meta.url)("electron");
  } catch (e) {
    return {
      ok: false,
      reason:
        `no Electron binary (${(e as Error).message.split("\n")[0]}). Its download needs github.com: run ` +
        "`node node_modules/electron/install.js` where that is reachable, or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron",
    };
  }
  if (typeof path !== "string" || !existsSync(path)) return { ok: false, reason: `no Electron binary at ${String(path)}` };
  return { ok: true, path };
}

/** Files the app loads at start, with the command that makes each. */
const builtParts: [file: string, build: string][] = [
  ["dist/electron/main/main.js", "npm run build:ts"],
  ["dist/electron/preload/preload.cjs", "npm run build:preload"],
  ["dist/electron/prover/proverEntry.js", "npm run build:ts"],
  ["renderer/dist/index.html", "npm run build:ui"],
  ["prover-wasm/pkg/package.json", "npm run build:wasm"],
];

/** What is not built yet, as lines naming the file and the command (empty when all is there). */
export function missingBuild(root = repoRoot): string[] {
  return builtParts.filter(([f]) => !existsSync(join(root, f))).map(([f, cmd]) => `${f} (${cmd})`);
}
