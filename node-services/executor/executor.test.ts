import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { h4ToHex } from "../merkletree/index.js";
import { loadVector, runVector } from "./vectorRunner.js";

const dir = join(dirname(fileURLToPath(import.meta.url)), "vectors");

describe("zkevm-testvectors inputs-executor (fork 8): our new state root equals theirs", () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    it(file, async () => {
      const v = loadVector(join(dir, file));
      const res = await runVector(v);
      expect(h4ToHex(res.newStateRoot)).toBe(v.newStateRoot.toLowerCase());
      expect(res.newLocalExitRoot).toBe(v.newLocalExitRoot.toLowerCase());
    });
  }
});
