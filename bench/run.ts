/**
 * `npm run bench -- <name> [args]`: runs `bench/<name>.ts`, whose `run(args)` prints machine-readable lines
 * (`BENCH {json}`), each comparing us with a peer measured in the same run on the same machine.
 */
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
/** A benchmark's name is its file name in kebab case (`batchProof.ts` runs as `batch-proof`). */
const kebab = (file: string) => file.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const files = new Map(
  readdirSync(here)
    .filter((f) => f.endsWith(".ts") && f !== "run.ts" && f !== "report.ts")
    .map((f) => [kebab(f.slice(0, -3)), f] as const),
);
const available = [...files.keys()];

const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name> [args]\nbenchmarks: ${available.join(", ") || "(none yet)"}`);
  process.exit(name ? 1 : 0);
}
const file = join(here, files.get(name)!);
if (!existsSync(file)) throw new Error(`no benchmark ${name}`);
const mod = (await import(pathToFileURL(file).href)) as { run(args: string[]): Promise<void> };
await mod.run(args);
