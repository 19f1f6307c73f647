/**
 * `npm run bench -- <name> [args]`: runs `bench/<name>.ts`, whose `run(args)` prints machine-readable lines
 * (`BENCH {json}`), each comparing us with a peer measured in the same run on the same machine.
 */
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && f !== "report.ts")
  .map((f) => f.slice(0, -3));

const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name> [args]\nbenchmarks: ${available.join(", ") || "(none yet)"}`);
  process.exit(name ? 1 : 0);
}
const file = join(here, `${name}.ts`);
if (!existsSync(file)) throw new Error(`no benchmark ${name}`);
const mod = (await import(pathToFileURL(file).href)) as { run(args: string[]): Promise<void> };
await mod.run(args);
