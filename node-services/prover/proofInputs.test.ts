import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { circuits, compile, snarkjsZkey, type CompiledCircuit } from "../../circuits/test/fixtures.js";
import { readBinSections } from "./binFile.js";
import { ProverError, type ProverErrorCode } from "./errors.js";
import { parseWitness, parseZkey, readInput } from "./proofInputs.js";
import { prove } from "./prove.js";

function code(fn: () => unknown): ProverErrorCode {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ProverError);
    return (e as ProverError).code;
  }
  throw new Error("expected a ProverError");
}

/** Offset of a section's body inside the file. */
function sectionAt(file: Uint8Array, id: number, magic: string): number {
  const s = readBinSections(file, magic, magic).sections.get(id)!;
  return s.byteOffset - file.byteOffset;
}

describe("zkey and witness validation", () => {
  let zkey: Uint8Array;
  let wtns: Uint8Array;
  let other: CompiledCircuit;

  beforeAll(async () => {
    const c = await compile(circuits.poseidon1);
    zkey = new Uint8Array(readFileSync(await snarkjsZkey(c)));
    wtns = new Uint8Array(readFileSync(c.wtns));
    other = await compile(circuits.multiplier);
  }, 300_000);

  it("accepts a snarkjs zkey and its witness", () => {
    const z = parseZkey(zkey);
    expect(z.domainSize).toBe(1024);
    expect(z.nPublic).toBe(2);
    expect(parseWitness(wtns, z.nVars).nWitness).toBe(z.nVars);
  });

  it("reports a truncated zkey or witness as FILE_TRUNCATED", () => {
    expect(code(() => parseZkey(zkey.subarray(0, zkey.byteLength - 100)))).toBe("FILE_TRUNCATED");
    expect(code(() => parseZkey(zkey.subarray(0, 8)))).toBe("FILE_TRUNCATED");
    expect(code(() => parseWitness(wtns.subarray(0, wtns.byteLength - 1), parseZkey(zkey).nVars))).toBe("FILE_TRUNCATED");
  });

  it("reports a file of another kind or a damaged section table as FILE_CORRUPT", () => {
    expect(code(() => parseZkey(wtns))).toBe("FILE_CORRUPT");
    const bad = zkey.slice();
    bad.set(new TextEncoder().encode("zkeX"), 0);
    expect(code(() => parseZkey(bad))).toBe("FILE_CORRUPT");
    // A header whose domain size is not a power of two.
    const d = zkey.slice();
    const at = sectionAt(d, 2, "zkey") + 4 + 32 + 4 + 32 + 8;
    new DataView(d.buffer).setUint32(at, 1000, true);
    expect(code(() => parseZkey(d))).toBe("FILE_CORRUPT");
  });

  it("reports a key or witness over another prime as WRONG_CURVE", () => {
    const z = zkey.slice();
    z[sectionAt(z, 2, "zkey") + 4]! ^= 0xff; // first byte of q
    expect(code(() => parseZkey(z))).toBe("WRONG_CURVE");
    const w = wtns.slice();
    w[sectionAt(w, 1, "wtns") + 4 + 31]! ^= 0x01; // top byte of the witness prime
    expect(code(() => parseWitness(w, parseZkey(zkey).nVars))).toBe("WRONG_CURVE");
  });

  it("reports a PLONK/FFLONK key as WRONG_PROTOCOL", () => {
    const z = zkey.slice();
    new DataView(z.buffer).setUint32(sectionAt(z, 1, "zkey"), 2, true);
    expect(code(() => parseZkey(z))).toBe("WRONG_PROTOCOL");
  });

  it("reports a witness of another circuit, or one not starting with 1, as WITNESS_MISMATCH", async () => {
    const nVars = parseZkey(zkey).nVars;
    expect(code(() => parseWitness(new Uint8Array(readFileSync(other.wtns)), nVars))).toBe("WITNESS_MISMATCH");
    const w = wtns.slice();
    w[sectionAt(w, 2, "wtns")] = 2;
    expect(code(() => parseWitness(w, nVars))).toBe("WITNESS_MISMATCH");
    const err = await prove(zkey, other.wtns, { threads: 1 }).catch((e: unknown) => e);
    expect((err as ProverError).code).toBe("WITNESS_MISMATCH");
    expect((err as ProverError).message).toMatch(/witness has 4 values, the circuit has \d+ signals/);
  });

  it("reads a file into memory of its own, whole and no larger (safe to transfer to a worker)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prom-read-"));
    try {
      for (const size of [0, 5, 64 * 1024 + 3]) {
        const bytes = randomBytes(size);
        writeFileSync(join(dir, "f"), bytes);
        const read = await readInput(join(dir, "f"), "zkey");
        expect(Buffer.from(read).equals(bytes)).toBe(true);
        expect(read.byteOffset).toBe(0);
        expect(read.buffer.byteLength).toBe(size);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports a missing file as FILE_NOT_FOUND", async () => {
    const err = await readInput("/nonexistent/x.zkey", "zkey").catch((e: unknown) => e);
    expect((err as ProverError).code).toBe("FILE_NOT_FOUND");
  });
});
