/**
 * Keccak-256 on prover-wasm (Rust, `keccak/mod.rs`): 5–7× @noble/hashes per hash of the sizes a node hashes (txs, trie
 * nodes, headers), the same digests. A node plugs it in once at start, for the executor and for ethers alike.
 */
import { keccak256 } from "ethers";
import { loadProverWasm } from "../../prover-wasm/loader.js";
import { setKeccakImpl } from "./bytes.js";

let inUse = false;

/**
 * Makes the WASM Keccak-256 the process-wide one (executor and ethers); where the module cannot load (not built), the
 * JavaScript one stays and the returned reason says why.
 */
export async function useWasmKeccak(): Promise<{ name: "wasm" | "javascript"; fallbackReason?: string }> {
  if (inUse) return { name: "wasm" };
  try {
    const wasm = await loadProverWasm();
    const hash = (data: Uint8Array): Uint8Array => wasm.keccak256(data);
    setKeccakImpl(hash);
    keccak256.register(hash);
    inUse = true;
    return { name: "wasm" };
  } catch (e) {
    return { name: "javascript", fallbackReason: (e as Error).message };
  }
}
