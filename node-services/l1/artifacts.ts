/**
 * Loads the compiled contracts (contracts/build/<Name>.json, written by `npm run build:contracts`) from the package
 * root, so the same code works from the sources (tsx, vitest) and from dist/.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface ContractArtifact {
  contractName: string;
  abi: unknown[];
  bytecode: string;
}

export class ArtifactError extends Error {
  readonly code = "CONTRACT_ARTIFACT_MISSING";
  constructor(message: string) {
    super(message);
    this.name = "ArtifactError";
  }
}

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "prom-zknode") return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new ArtifactError("cannot find the prom-zknode package root above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export function loadArtifact(name: string): ContractArtifact {
  const file = join(packageRoot(), "contracts", "build", `${name}.json`);
  if (!existsSync(file)) throw new ArtifactError(`${file} is missing: run \`npm run build:contracts\``);
  return JSON.parse(readFileSync(file, "utf8")) as ContractArtifact;
}
