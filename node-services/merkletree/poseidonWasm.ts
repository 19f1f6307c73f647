/**
 * The state tree's Poseidon on prover-wasm (Rust, `poseidon/mod.rs`): about 3x the TypeScript one per hash
 * (`npm run bench -- poseidon`), the same results. A node plugs it in once at start with `useWasmPoseidon`.
 */
import { loadProverWasm, ProverWasmError } from "../../prover-wasm/loader.js";
import { MerkleTreeError } from "./errors.js";
import type { H4 } from "./h4.js";
import { getPoseidonImpl, setPoseidonImpl, type PoseidonImpl } from "./poseidon.js";

/** A PoseidonImpl over its own prover-wasm instance, with the TypeScript implementation's error codes. */
export async function wasmPoseidon(): Promise<PoseidonImpl> {
  const wasm = await loadProverWasm();
  return {
    name: "wasm",
    hash(inp, cap): H4 {
      try {
        return wasm.poseidonGoldilocks(inp, cap);
      } catch (e) {
        if (!(e instanceof ProverWasmError)) throw e;
        throw new MerkleTreeError(e.code === "BAD_LENGTH" ? "INVALID_INPUT" : "INVALID_FIELD_ELEMENT", e.message);
      }
    },
  };
}

/**
 * Makes the WASM Poseidon the process-wide one; where the module cannot load (not built), the TypeScript one stays
 * and the returned reason says why. Returns the name of the implementation in use.
 */
export async function useWasmPoseidon(): Promise<{ name: string; fallbackReason?: string }> {
  if (getPoseidonImpl().name === "wasm") return { name: "wasm" };
  try {
    setPoseidonImpl(await wasmPoseidon());
    return { name: "wasm" };
  } catch (e) {
    return { name: getPoseidonImpl().name, fallbackReason: (e as Error).message };
  }
}
