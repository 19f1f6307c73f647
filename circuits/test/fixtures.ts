/**
 * Test circuits compiled on demand with circom2 (WASI circom, run from the repo root with `-l node_modules`) into
 * the git-ignored cache `.prom/circuits/`, witnesses computed with snarkjs, and a small snarkjs ceremony
 * (powers of tau + phase 2 with one contribution each) for interoperability tests. Nothing here is checked in.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as snarkjs from "snarkjs";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const cacheDir = join(repoRoot, ".prom", "circuits");

export interface TestCircuit {
  /** Cache key and file stem. */
  name: string;
  /** The circuit source file under circuits/test/ and the `component main` line instantiating it. */
  source: string;
  main: string;
  input: Record<string, unknown>;
}

export interface CompiledCircuit {
  name: string;
  r1cs: string;
  wasm: string;
  wtns: string;
}

const bits = (v: bigint, n: number): number[] => Array.from({ length: n }, (_, i) => Number((v >> BigInt(i)) & 1n));

/** Circuits of about 2^10, 2^12, 2^14 and 2^15 constraints (sha256 of one block). */
export const circuits = {
  multiplier: { name: "multiplier", source: "multiplier.circom", main: "", input: { a: 3, b: 11 } },
  poseidon1: {
    name: "poseidon1",
    source: "poseidonChain.circom",
    main: "component main {public [seed]} = PoseidonChain(1);",
    input: { seed: 7, salt: 1234567 },
  },
  comparators20: {
    name: "comparators20",
    source: "comparators.circom",
    main: "component main {public [bound]} = Comparisons(20);",
    input: {
      a: Array.from({ length: 20 }, (_, i) => String(1000 + i * 37)),
      b: Array.from({ length: 20 }, (_, i) => String(1000 + ((i * 53) % 700))),
      bound: "5000",
    },
  },
  poseidon24: {
    name: "poseidon24",
    source: "poseidonChain.circom",
    main: "component main {public [seed]} = PoseidonChain(24);",
    input: { seed: 1, salt: 99 },
  },
  sha256: {
    name: "sha256",
    source: "sha256Short.circom",
    main: "component main = Sha256Short(64);",
    input: { in: bits(0x70726f6d2d7a6b6en, 64).reverse() },
  },
} satisfies Record<string, TestCircuit>;

function sourceFor(c: TestCircuit): string {
  const text = readFileSync(join(repoRoot, "circuits", "test", c.source), "utf8");
  if (!c.main) return text;
  return `${text}\n${c.main}\n`;
}

/** Compiles (once per source text) and computes the witness for the circuit's input. */
export async function compile(c: TestCircuit): Promise<CompiledCircuit> {
  const src = sourceFor(c);
  const key = createHash("sha256").update(src).update(JSON.stringify(c.input)).digest("hex").slice(0, 12);
  const dir = join(cacheDir, `${c.name}-${key}`);
  const r1cs = join(dir, `${c.name}.r1cs`);
  const wasm = join(dir, `${c.name}_js`, `${c.name}.wasm`);
  const wtns = join(dir, `${c.name}.wtns`);
  if (!existsSync(r1cs) || !existsSync(wasm)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${c.name}.circom`), src);
    // circom2 sees only files below the working directory, so run it from the repo root with relative paths.
    execFileSync(
      process.execPath,
      [join(repoRoot, "node_modules", "circom2", "cli.js"), relative(repoRoot, join(dir, `${c.name}.circom`)), "--r1cs", "--wasm",
        "-o", relative(repoRoot, dir), "-l", "node_modules"],
      { cwd: repoRoot, stdio: "pipe" },
    );
  }
  if (!existsSync(wtns)) {
    await snarkjs.wtns.calculate(c.input, wasm, `${wtns}.tmp`);
    renameSync(`${wtns}.tmp`, wtns);
  }
  return { name: c.name, r1cs, wasm, wtns };
}

/** A snarkjs ceremony (power 11: circuits up to 2^10 constraints) with one contribution in each phase. */
export async function snarkjsZkey(c: CompiledCircuit): Promise<string> {
  const ptau = join(cacheDir, "snarkjs-11.ptau");
  if (!existsSync(ptau)) {
    mkdirSync(cacheDir, { recursive: true });
    const { getCurveFromName } = await import("ffjavascript");
    const curve = await getCurveFromName("bn128");
    await snarkjs.powersOfTau.newAccumulator(curve, 11, `${ptau}.0`);
    await snarkjs.powersOfTau.contribute(`${ptau}.0`, `${ptau}.1`, "test", "prom test entropy 1");
    await snarkjs.powersOfTau.preparePhase2(`${ptau}.1`, `${ptau}.tmp`);
    renameSync(`${ptau}.tmp`, ptau);
  }
  const zkey = join(dirname(c.r1cs), `${c.name}.snarkjs.zkey`);
  if (!existsSync(zkey)) {
    await snarkjs.zKey.newZKey(c.r1cs, ptau, `${zkey}.0`);
    await snarkjs.zKey.contribute(`${zkey}.0`, `${zkey}.tmp`, "test", "prom test entropy 2");
    renameSync(`${zkey}.tmp`, zkey);
  }
  return zkey;
}
