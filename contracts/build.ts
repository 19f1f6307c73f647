/**
 * Compiles the Solidity sources under contracts/ with solc-js (offline) into contracts/build/<Name>.json
 * (abi + creation bytecode). `npm run build:contracts` runs it; tests call `ensureContractsBuilt()`.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import solc from "solc";

const contractsDir = dirname(fileURLToPath(import.meta.url));
export const buildDir = join(contractsDir, "build");
const stampFile = join(buildDir, ".stamp");

/** Compiler settings that change the bytecode; they go into the stamp so a change rebuilds. */
const settings = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: "cancun",
  outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
};

export interface ContractArtifact {
  contractName: string;
  sourceName: string;
  abi: unknown[];
  bytecode: string;
  deployedBytecode: string;
}

export class ContractsBuildError extends Error {
  readonly code = "CONTRACTS_BUILD_FAILED";
  constructor(message: string) {
    super(message);
    this.name = "ContractsBuildError";
  }
}

function solidityFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "build" || entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...solidityFiles(path));
    else if (entry.name.endsWith(".sol")) out.push(path);
  }
  return out.sort();
}

interface SolcError {
  severity: "error" | "warning" | "info";
  formattedMessage: string;
}
interface SolcOutput {
  errors?: SolcError[];
  contracts?: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>>;
}

function stampOf(files: string[]): string {
  return JSON.stringify({ solc: solc.version(), settings, files: files.map((f) => [relative(contractsDir, f), readFileSync(f, "utf8")]) });
}

/** Compiles every source; throws with solc's messages on any error. Returns the artifacts written. */
export function buildContracts(): ContractArtifact[] {
  const files = solidityFiles(contractsDir);
  const sources = Object.fromEntries(files.map((f) => [relative(contractsDir, f), { content: readFileSync(f, "utf8") }]));
  const output = JSON.parse(solc.compile(JSON.stringify({ language: "Solidity", sources, settings }))) as SolcOutput;
  const problems = (output.errors ?? []).filter((e) => e.severity !== "info");
  const errors = problems.filter((e) => e.severity === "error");
  if (errors.length > 0) throw new ContractsBuildError(errors.map((e) => e.formattedMessage).join("\n"));
  for (const w of problems) process.stderr.write(w.formattedMessage + "\n");

  mkdirSync(buildDir, { recursive: true });
  const artifacts: ContractArtifact[] = [];
  for (const [sourceName, contracts] of Object.entries(output.contracts ?? {})) {
    for (const [contractName, c] of Object.entries(contracts)) {
      const artifact: ContractArtifact = {
        contractName,
        sourceName,
        abi: c.abi,
        bytecode: "0x" + c.evm.bytecode.object,
        deployedBytecode: "0x" + c.evm.deployedBytecode.object,
      };
      writeFileSync(join(buildDir, `${contractName}.json`), JSON.stringify(artifact, null, 2) + "\n");
      artifacts.push(artifact);
    }
  }
  writeFileSync(stampFile, stampOf(files));
  return artifacts;
}

/** Rebuilds when a source, the compiler or the settings changed since the last build. */
export function ensureContractsBuilt(): void {
  let stamp = "";
  try {
    if (statSync(stampFile).isFile()) stamp = readFileSync(stampFile, "utf8");
  } catch {
    stamp = "";
  }
  if (stamp !== stampOf(solidityFiles(contractsDir))) buildContracts();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const artifacts = buildContracts();
    process.stdout.write(`compiled ${artifacts.length} contracts into ${relative(process.cwd(), buildDir)}\n`);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
}
