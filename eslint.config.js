import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", ".prom/", "contracts/build/", "prover-wasm/target/", "prover-wasm/pkg/"] },
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
);
