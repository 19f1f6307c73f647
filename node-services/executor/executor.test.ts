import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { h4ToHex } from "../merkletree/index.js";
import { loadVector, runVector } from "./vectorRunner.js";

const dir = join(dirname(fileURLToPath(import.meta.url)), "vectors");

describe("zkevm-testvectors inputs-executor (Etrog/Elderberry): our new state root and local exit root equal theirs", () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    it(file, async () => {
      const v = loadVector(join(dir, file));
      const res = await runVector(v);
      expect(h4ToHex(res.newStateRoot)).toBe(v.newStateRoot.toLowerCase());
      expect(res.newLocalExitRoot).toBe(v.newLocalExitRoot.toLowerCase());
      // Every valid Etrog batch writes at least the block number, so an unchanged root means the batch was rolled back.
      expect(res.invalid !== undefined).toBe(v.newStateRoot.toLowerCase() === v.oldStateRoot.toLowerCase());
    });
  }
});
