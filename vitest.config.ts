import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "dist/**", "prover-wasm/target/**"],
    // Integration tests start anvil, PGlite and servers on loopback: give them room on 2-core machines.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
