/**
 * Finds and compiles the prover's WASM module once per thread. The module is built by the prover-wasm setup
 * into `prover-wasm/pkg/` (a cargo build output is accepted too, for development).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { setFlagsFromString } from "node:v8";
import { fileURLToPath } from "node:url";
import { chooseBuild, WASM_FILE, WASM_SCALAR_FILE, type BuildChoice, type MathExports, type WasmModule } from "../../prover-wasm/loader.js";
import { ProverError } from "./errors.js";

const here = dirname(fileURLToPath(import.meta.url));

/** A compiled WebAssembly module (opaque; it can be posted to workers), the loader's type. */
export type { WasmModule };
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

/**
 * The WebAssembly global, typed locally: this project compiles against ES2023 + Node types without the DOM lib,
 * which is where the WebAssembly declarations live.
 */
export const wasmApi = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (bytes: Uint8Array) => WasmModule;
      Instance: new (m: WasmModule, imports: object) => { exports: Record<string, unknown> };
      RuntimeError: new (message?: string) => Error;
    };
  }
).WebAssembly;

function repoRootCandidates(): string[] {
  // Source tree (node-services/prover) and compiled tree (dist/node-services/prover).
  return [resolve(here, "../.."), resolve(here, "../../..")];
}

/** The built module (`npm run build:wasm` → `prover-wasm/pkg/`), or a newer plain cargo build during development. */
export function wasmPath(): string {
  const rels = [
    join("prover-wasm", "pkg", "prom_prover_wasm_bg.wasm"),
    join("prover-wasm", "target", "wasm32-unknown-unknown", "release", "prom_prover_wasm.wasm"),
  ];
  const found = repoRootCandidates()
    .flatMap((root) => rels.map((rel) => join(root, rel)))
    .filter((p) => existsSync(p))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (found[0]) return found[0];
  throw new ProverError("WASM_NOT_BUILT", "the prover's WASM module is not built: run `npm run build:wasm` (or `npm run setup`)");
}

let compiled: WasmModule | undefined;
let choice: BuildChoice | undefined;

/** The module the prover's workers run: the built one, or its `scalar-product` twin where that multiplies faster. */
export function proverModule(): WasmModule {
  if (!compiled) {
    // The MSM is one long call and V8 cannot swap in optimised code mid-call: without this the first proofs
    // run in baseline (Liftoff) code at half speed. Compile the whole module optimised up front instead.
    setFlagsFromString("--no-wasm-dynamic-tiering");
    setFlagsFromString("--no-liftoff");
    const path = wasmPath();
    const module = new wasmApi.Module(readFileSync(path));
    const twin = join(dirname(path), WASM_SCALAR_FILE);
    if (basename(path) === WASM_FILE && existsSync(twin)) {
      const build = (m: WasmModule) => ({ module: m, exports: new wasmApi.Instance(m, {}).exports as unknown as MathExports });
      ({ module: compiled, choice } = chooseBuild(build(module), build(new wasmApi.Module(readFileSync(twin)))));
    } else {
      compiled = module;
    }
  }
  return compiled;
}

/** Which build `proverModule` runs and each one's measured Fq product; undefined when only one is built. */
export function proverBuildChoice(): BuildChoice | undefined {
  proverModule();
  return choice;
}
