import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", ".prom/", "contracts/build/", "prover-wasm/target/", "prover-wasm/pkg/", "renderer/dist/", "release/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Layering (DESIGN.md): node-services never imports Electron or the renderer.
    files: ["node-services/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["electron", "**/electron/**", "**/renderer/**"] }],
    },
  },
  {
    // Layering (DESIGN.md): the Electron shell hosts node-services and serves the built UI; it never imports the renderer's code.
    files: ["electron/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: ["**/renderer/**"] }] },
  },
  {
    // The sandboxed preload and the IPC contract it bundles can require nothing but `electron`.
    files: ["electron/preload/**/*.ts", "electron/ipc/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["node:*", "**/renderer/**"], message: "the sandboxed preload has no Node modules" }] }] },
  },
  {
    // Layering (DESIGN.md): the renderer talks to the node only through the NodeApi types in node-services/api.
    files: ["renderer/**/*.{ts,tsx}"],
    ignores: ["renderer/vite.config.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { regex: "node-services/(?!api/)", message: "the renderer may import node-services/api only" },
        { group: ["node:*", "electron"], message: "the renderer runs in a sandboxed page: no Node or Electron modules" },
      ] }],
    },
  },
);
