/**
 * Builds the UI into renderer/dist, which the node's UI server (node-services/api/server/adminServer.ts) and Electron
 * serve. Relative asset paths, so the same build loads from http://127.0.0.1:<port>/ and from a file:// URL.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  esbuild: { jsx: "automatic" },
  build: { outDir: "dist", emptyOutDir: true, target: "chrome120", sourcemap: true },
  logLevel: "warn",
});
