/**
 * Compiles a circom circuit with circom2 (circom in WASI) into a cache folder named after everything that decides the
 * output (main source, every circuit source it can include, the compiler version), so it runs once per source+params.
 * circom2 maps paths relative to the working directory, so it runs from the repo root with `-l circuits -l node_modules`.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repo root: the folder above this file that holds `circuits/`. */
export const repoRoot = findUp(dirname(fileURLToPath(import.meta.url)), "circuits");

function findUp(from: string, name: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, name)) && existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no ${name}/ folder above ${from}: the circuit sources are not installed`);
  }
}

export interface CompiledCircom {
  dir: string;
  r1csPath: string;
  wasmPath: string;
  constraints: number;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith(".circom") ? [p] : [];
    });
}

/** The cache key: main source, our circuit sources (except tests), circomlib's version and the compiler's. */
function cacheKey(mainSource: string): string {
  const h = createHash("sha256").update(mainSource);
  for (const f of filesUnder(join(repoRoot, "circuits")).filter((f) => !f.includes(`${join("circuits", "test")}`))) {
    h.update(relative(repoRoot, f)).update(readFileSync(f));
  }
  const require = createRequire(import.meta.url);
  for (const pkg of ["circom2/package.json", "circomlib/package.json"]) {
    h.update((JSON.parse(readFileSync(require.resolve(pkg), "utf8")) as { version: string }).version);
  }
  return h.digest("hex").slice(0, 16);
}

/** Number of constraints, from the header section (id 1) of an `.r1cs`, found by walking the section table. */
export async function r1csConstraints(r1csPath: string): Promise<number> {
  const fh = await open(r1csPath, "r");
  try {
    const head = Buffer.alloc(12);
    await fh.read(head, 0, 12, 0);
    if (head.toString("latin1", 0, 4) !== "r1cs") throw new Error(`${r1csPath} is not a circom .r1cs file`);
    const size = (await fh.stat()).size;
    for (let i = 0, at = 12; i < head.readUInt32LE(8) && at + 12 <= size; i++) {
      const sec = Buffer.alloc(12 + 64);
      await fh.read(sec, 0, sec.length, at);
      if (sec.readUInt32LE(0) === 1) {
        // header: n8, prime (n8 bytes), nWires, nPubOut, nPubIn, nPrvIn, nLabels (u64), nConstraints
        const n8 = sec.readUInt32LE(12);
        const h = Buffer.alloc(n8 + 32);
        await fh.read(h, 0, h.length, at + 16);
        return h.readUInt32LE(n8 + 24);
      }
      at += 12 + Number(sec.readBigUInt64LE(4));
    }
    throw new Error(`${r1csPath} has no header section`);
  } finally {
    await fh.close();
  }
}

/**
 * Compiles `component main` given as circom source under `<cacheRoot>/<name>-<key>/` unless already there, and returns
 * the `.r1cs` and witness `.wasm` paths. A failed or interrupted compile leaves no cache entry.
 */
export async function compileCircom(opts: { name: string; mainSource: string; cacheRoot: string; onProgress?: (msg: string) => void }): Promise<CompiledCircom> {
  const dir = resolve(opts.cacheRoot, `${opts.name}-${cacheKey(opts.mainSource)}`);
  const r1csPath = join(dir, `${opts.name}.r1cs`);
  const wasmPath = join(dir, `${opts.name}_js`, `${opts.name}.wasm`);
  if (!existsSync(r1csPath) || !existsSync(wasmPath)) {
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, `${opts.name}.circom`), opts.mainSource);
    opts.onProgress?.(`compiling circuit ${opts.name} with circom (once; cached in ${dir})`);
    const started = Date.now();
    const cli = createRequire(import.meta.url).resolve("circom2/cli.js");
    const rel = (p: string) => relative(repoRoot, p) || ".";
    await new Promise<void>((ok, fail) => {
      execFile(
        process.execPath,
        [cli, rel(join(tmp, `${opts.name}.circom`)), "--r1cs", "--wasm", "-o", rel(tmp), "-l", "circuits", "-l", rel(dirname(dirname(cli)))],
        { cwd: repoRoot, maxBuffer: 64 << 20 },
        (err, stdout, stderr) => {
          if (err) fail(new Error(`circom failed to compile ${opts.name}: ${stderr || stdout || err.message}`));
          else ok();
        },
      );
    });
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
    opts.onProgress?.(`compiled ${opts.name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return { dir, r1csPath, wasmPath, constraints: await r1csConstraints(r1csPath) };
}
