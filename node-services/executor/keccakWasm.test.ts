import { randomBytes } from "node:crypto";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { keccak256 } from "ethers";
import { describe, expect, it } from "vitest";
import { keccak, toHex } from "./bytes.js";
import { useWasmKeccak } from "./keccakWasm.js";

describe("useWasmKeccak", () => {
  it("makes the executor's and ethers' Keccak-256 the WASM one, with @noble/hashes' digests", async () => {
    expect(await useWasmKeccak()).toEqual({ name: "wasm" });
    expect(await useWasmKeccak()).toEqual({ name: "wasm" });
    for (const len of [0, 1, 32, 64, 135, 136, 137, 272, 1000]) {
      const data = randomBytes(len);
      const want = toHex(keccak_256(data));
      expect(toHex(keccak(data))).toBe(want);
      expect(keccak256(data)).toBe(want);
    }
  });
});
