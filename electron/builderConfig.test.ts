/**
 * electron-builder.yml checked by electron-builder's own loader and schema (packaging itself needs the per-platform
 * Electron downloads), plus what the app needs from it: the fuses, every target, and the files the app loads.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./electronBinary.js";

const require = createRequire(import.meta.url);
type FileSet = string | { filter: string[] };
type Config = Record<string, unknown> & { electronFuses: Record<string, boolean>; files: FileSet[]; asarUnpack: string[] };
const { getConfig, validateConfiguration } = require("app-builder-lib/out/util/config/config.js") as {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<Config>;
  validateConfiguration(config: Config, logger: unknown): Promise<void>;
};
const { DebugLogger } = require("builder-util/out/DebugLogger.js") as { DebugLogger: new (enabled: boolean) => unknown };

const load = () => getConfig(repoRoot, "electron-builder.yml", null);

describe("electron-builder.yml", () => {
  it("passes electron-builder's schema, which rejects an unknown key", async () => {
    const config = await load();
    await validateConfiguration(config, new DebugLogger(false));
    await expect(validateConfiguration({ ...config, electronFuses: { ...config.electronFuses, noSuchFuse: true } }, new DebugLogger(false))).rejects.toThrow(
      /electronFuses/,
    );
  });

  it("flips the fuses of the security checklist", async () => {
    expect((await load()).electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it("builds AppImage and deb, dmg, and nsis, from an asar", async () => {
    const c = (await load()) as Config & Record<"linux" | "mac" | "win", { target: string[] }>;
    expect(c.linux.target).toEqual(["AppImage", "deb"]);
    expect(c.mac.target).toEqual(["dmg"]);
    expect(c.win.target).toEqual(["nsis"]);
    expect(c.asar).toBe(true);
    expect(c.npmRebuild).toBe(false);
    expect(existsSync(`${repoRoot}/electron/build/icon.png`)).toBe(true);
  });

  it("packs what the app loads: the compiled node and shell, the prover's WASM and shaders, contracts, the UI", async () => {
    const { files: sets, asarUnpack } = await load();
    // The loader normalizes the file list into filter sets.
    const files = sets.flatMap((s) => (typeof s === "string" ? [s] : s.filter));
    for (const f of ["dist/node-services/**/*", "dist/electron/**/*", "prover-wasm/pkg/**/*", "shaders/**/*.wgsl", "contracts/build/**/*.json", "renderer/dist/**/*", "electron/assets/**/*"]) {
      expect(files, f).toContain(f);
    }
    // anvil and native addons must run from the plain file system.
    expect(asarUnpack).toEqual(expect.arrayContaining(["**/*.node", "node_modules/@foundry-rs/**/*"]));
  });
});
