/**
 * Typed calls into one WASM instance's Groth16 C ABI (`g16_*` in prover-wasm/src/abi_groth16.rs): copies inputs in,
 * runs, copies the result out, and turns a non-zero status into a `ProverError` with the Rust message.
 */
import { ProverError, fromAbiCode } from "./errors.js";
import { wasmApi, type WasmMemory, type WasmModule } from "./wasmModule.js";

interface G16Exports {
  memory: WasmMemory;
  g16_alloc(len: number): number;
  g16_free(ptr: number, len: number): void;
  g16_result_ptr(): number;
  g16_result_len(): number;
  g16_error_ptr(): number;
  g16_error_len(): number;
  [name: string]: unknown;
}

type Arg = Uint8Array | number;

export class Groth16Wasm {
  private readonly x: G16Exports;

  constructor(module: WasmModule) {
    this.x = new wasmApi.Instance(module, {}).exports as unknown as G16Exports;
  }

  /** Calls `g16_<name>`: each byte array becomes (ptr, len) — or just ptr when `ptrOnly` lists its index. */
  call(name: string, context: string, args: Arg[], ptrOnly: number[] = []): Uint8Array {
    const allocs: [number, number][] = [];
    try {
      const flat: number[] = [];
      args.forEach((a, i) => {
        if (typeof a === "number") {
          flat.push(a);
          return;
        }
        const p = this.x.g16_alloc(a.byteLength);
        allocs.push([p, a.byteLength]);
        new Uint8Array(this.x.memory.buffer, p, a.byteLength).set(a);
        flat.push(p);
        if (!ptrOnly.includes(i)) flat.push(a.byteLength);
      });
      const fn = this.x[`g16_${name}`] as (...a: number[]) => number;
      const code = fn(...flat);
      if (code !== 0) {
        const msg = new TextDecoder().decode(new Uint8Array(this.x.memory.buffer, this.x.g16_error_ptr(), this.x.g16_error_len()));
        throw fromAbiCode(code, context, msg);
      }
      return new Uint8Array(this.x.memory.buffer, this.x.g16_result_ptr(), this.x.g16_result_len()).slice();
    } catch (e) {
      // Rust aborts (a trap) when an allocation fails; with a large heap that is the likely cause.
      if (e instanceof wasmApi.RuntimeError && this.x.memory.buffer.byteLength >= 1 << 30) {
        throw new ProverError("OUT_OF_MEMORY", `${context}: out of WASM memory (${Math.round(this.x.memory.buffer.byteLength / 2 ** 20)} MiB in use; a 4 GiB instance reads 4096): use fewer threads or a machine with more memory`);
      }
      throw e;
    } finally {
      for (const [p, l] of allocs) this.x.g16_free(p, l);
    }
  }
}
