/**
 * The iden3 binary container of `.zkey`/`.wtns`/`.r1cs`: magic, version, then (id, u64 length, bytes) sections.
 * Only the section table lives here (to slice sections for workers); what a section means is read in Rust.
 */
import { ProverError } from "./errors.js";

export interface BinSections {
  version: number;
  /** Section id → its bytes (a view into the file); a repeated id is kept as corruption. */
  sections: Map<number, Uint8Array>;
}

export function readBinSections(file: Uint8Array, magic: string, what: string): BinSections {
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (file.byteLength < 12) throw new ProverError("FILE_TRUNCATED", `${what} is truncated: ${file.byteLength} bytes, a header needs 12`);
  const got = new TextDecoder().decode(file.subarray(0, 4));
  if (got !== magic) {
    throw new ProverError("FILE_CORRUPT", `${what} is not a .${magic} file (it starts with ${JSON.stringify(got)})`);
  }
  const version = dv.getUint32(4, true);
  const n = dv.getUint32(8, true);
  const sections = new Map<number, Uint8Array>();
  let at = 12;
  for (let i = 0; i < n; i++) {
    if (at + 12 > file.byteLength) throw new ProverError("FILE_TRUNCATED", `${what} is truncated: section table ends at byte ${at}`);
    const id = dv.getUint32(at, true);
    const len = Number(dv.getBigUint64(at + 4, true));
    at += 12;
    if (at + len > file.byteLength) {
      throw new ProverError("FILE_TRUNCATED", `${what} is truncated: section ${id} needs ${len} bytes at ${at}, the file has ${file.byteLength}`);
    }
    if (sections.has(id)) throw new ProverError("FILE_CORRUPT", `${what} is corrupt: section ${id} appears twice`);
    sections.set(id, file.subarray(at, at + len));
    at += len;
  }
  return { version, sections };
}

export function section(s: BinSections, id: number, what: string): Uint8Array {
  const b = s.sections.get(id);
  if (!b) throw new ProverError("FILE_CORRUPT", `${what} is corrupt: section ${id} is missing`);
  return b;
}
