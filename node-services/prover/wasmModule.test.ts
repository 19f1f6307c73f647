import { describe, expect, it } from "vitest";
import { WASM_FILE, WASM_SCALAR_FILE } from "../../prover-wasm/loader.js";
import { proverBuildChoice, proverModule } from "./wasmModule.js";

describe("prover module", () => {
  it("is the built module whose Fq product measured faster on this CPU, and stays the same module", () => {
    const choice = proverBuildChoice();
    expect(choice && Object.keys(choice.fqMulNs).sort()).toEqual([WASM_FILE, WASM_SCALAR_FILE].sort());
    for (const ns of Object.values(choice!.fqMulNs)) expect(ns).toBeGreaterThan(0);
    expect(choice!.fqMulNs[choice!.file]).toBe(Math.min(...Object.values(choice!.fqMulNs)));
    expect(proverModule()).toBe(proverModule());
  });
});
