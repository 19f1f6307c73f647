/** Compiles a one-file Solidity source with solc-js (offline) for tests and benchmarks; throws solc's errors. */
import solc from "solc";

export interface CompiledContract {
  abi: unknown[];
  /** Creation code, 0x-hex. */
  bytecode: string;
  /** Deployed (runtime) code, 0x-hex. */
  runtime: string;
}

export function compileContract(source: string, name: string, opts: { evmVersion?: string; optimize?: boolean } = {}): CompiledContract {
  const settings = {
    evmVersion: opts.evmVersion ?? "paris",
    ...(opts.optimize ? { optimizer: { enabled: true, runs: 200 } } : {}),
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
  };
  const out = JSON.parse(solc.compile(JSON.stringify({ language: "Solidity", sources: { "C.sol": { content: source } }, settings }))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts?: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>>;
  };
  const errors = (out.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) throw new Error(`solc: ${errors.map((e) => e.formattedMessage).join("\n")}`);
  const c = out.contracts?.["C.sol"]?.[name];
  if (!c) throw new Error(`solc: no contract ${name} in the source`);
  return { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}`, runtime: `0x${c.evm.deployedBytecode.object}` };
}
