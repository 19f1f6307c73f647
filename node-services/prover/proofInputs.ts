/**
 * Loading and validating a proving key and a witness before any heavy work: container structure here, field,
 * curve, protocol and size checks in Rust (one small WASM instance on the calling thread).
 */
import { readFile } from "node:fs/promises";
import { readBinSections, section } from "./binFile.js";
import { ProverError } from "./errors.js";
import { Groth16Wasm } from "./groth16Wasm.js";
import { proverModule } from "./wasmModule.js";

export interface ZkeyInput {
  nVars: number;
  nPublic: number;
  domainSize: number;
  /** Section 2 (field primes, sizes, verification key points), passed to `finish`. */
  header: Uint8Array;
  ic: Uint8Array;
  /** Coefficient records without their count. */
  coefs: Uint8Array;
  a: Uint8Array;
  b1: Uint8Array;
  b2: Uint8Array;
  c: Uint8Array;
  h: Uint8Array;
}

export interface WitnessInput {
  nWitness: number;
  /** nWitness values, 32 bytes each, standard form. */
  values: Uint8Array;
}

let mainInstance: Groth16Wasm | undefined;
export function mainWasm(): Groth16Wasm {
  mainInstance ??= new Groth16Wasm(proverModule());
  return mainInstance;
}

export async function readInput(file: string | Uint8Array, what: string): Promise<Uint8Array> {
  if (typeof file !== "string") return file;
  try {
    const b = await readFile(file);
    // The Buffer's own memory, not a copy (`new Uint8Array(buffer)` copies: 130 ms of a 34 MB zkey here). A
    // Buffer from Node's shared pool is copied, so no caller can transfer or detach memory that is not its own.
    return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? new Uint8Array(b.buffer) : new Uint8Array(b);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ENOENT") throw new ProverError("FILE_NOT_FOUND", `${what} ${file} does not exist`);
    throw new ProverError("FILE_NOT_FOUND", `cannot read ${what} ${file}: ${(e as Error).message}`);
  }
}

export function parseZkey(file: Uint8Array): ZkeyInput {
  const s = readBinSections(file, "zkey", "zkey");
  const get = (id: number) => section(s, id, "zkey");
  const coefSection = get(4);
  if (coefSection.byteLength < 4) throw new ProverError("FILE_TRUNCATED", "zkey is truncated: the coefficient section has no count");
  const nCoefs = new DataView(coefSection.buffer, coefSection.byteOffset, 4).getUint32(0, true);
  const lens = new Uint8Array(28);
  const lv = new DataView(lens.buffer);
  for (let id = 3; id <= 9; id++) lv.setUint32((id - 3) * 4, s.sections.get(id)?.byteLength ?? 0, true);
  const sec1 = get(1);
  const header = get(2);
  const out = mainWasm().call("zkey_header", "zkey", [sec1, header, lens, nCoefs], [2]);
  const v = new DataView(out.buffer, out.byteOffset, out.byteLength);
  return {
    nVars: v.getUint32(0, true),
    nPublic: v.getUint32(4, true),
    domainSize: v.getUint32(8, true),
    header,
    ic: get(3),
    coefs: coefSection.subarray(4),
    a: get(5),
    b1: get(6),
    b2: get(7),
    c: get(8),
    h: get(9),
  };
}

/** Parses a witness and checks it belongs to a circuit with `nVars` signals (count, prime, constant 1 first). */
export function parseWitness(file: Uint8Array, nVars: number): WitnessInput {
  const s = readBinSections(file, "wtns", "witness");
  const values = section(s, 2, "witness");
  const out = mainWasm().call("wtns_check", "witness", [section(s, 1, "witness"), values, nVars]);
  return { nWitness: new DataView(out.buffer, out.byteOffset).getUint32(0, true), values };
}
