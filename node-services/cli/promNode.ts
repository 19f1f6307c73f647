#!/usr/bin/env node
/** `prom-node`: the headless Prom zkNode. Parses the command, loads the config, runs until Ctrl-C. */
import { existsSync, readFileSync } from "node:fs";
import { ConfigError } from "../config/configError.js";
import { optionsHelp } from "../config/help.js";
import { loadConfig } from "../config/load.js";
import { flagName, tomlPath } from "../config/option.js";
import { sections } from "../config/schema.js";
import { runDevnet } from "../devnet/devnet.js";
import { Logger } from "../log/logger.js";
import { runNode } from "../node/runNode.js";

const commands = {
  devnet: "Start everything on this machine: an anvil L1 with the Prom contracts, the trusted sequencer, JSON-RPC, embedded storage.",
  run: "Run a node of one role (--role rpc|sequencer|aggregator|all) that joins a network, e.g. a running devnet: --l1-url, --rollup-address, --genesis, --trusted-rpc.",
  config: "Print the effective configuration and where each value came from.",
} as const;
type Command = keyof typeof commands;

function usage(): string {
  return [
    "Usage: prom-node <command> [options]",
    "",
    "Commands:",
    ...Object.entries(commands).map(([c, d]) => `  ${c.padEnd(10)} ${d}`),
    "",
    "Run `prom-node <command> --help` for the options of a command.",
    "Options come from (later wins): defaults, the TOML file of --config, PROM_* environment variables, flags.",
    "",
    "  --help       Show help",
    "  --version    Show the version",
  ].join("\n");
}

/** The option sections each command reads, so its --help lists only what matters to it. */
const commandSections: Record<Command, readonly string[]> = {
  devnet: ["", "l2", "l1", "rpc", "log", "pool", "sequencer", "sequenceSender", "aggregator", "ui"],
  run: ["", "l2", "l1", "rpc", "log", "sync", "trustedSync", "pool", "sequencer", "sequenceSender", "aggregator"],
  config: sections.map((s) => s.name),
};

/** The package's version, from the nearest package.json above this file (run from dist/ or, by tsx, from the sources). */
function version(): string {
  for (let dir = new URL(".", import.meta.url); ; dir = new URL("..", dir)) {
    const file = new URL("package.json", dir);
    if (existsSync(file)) return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
    if (dir.pathname === "/") return "unknown";
  }
}

async function main(argv: string[]): Promise<number> {
  const wantsHelp = argv.includes("--help") || argv.includes("-h");
  const args = argv.filter((a) => a !== "--help" && a !== "-h");
  if (args.includes("--version")) {
    console.log(`prom-node ${version()}`);
    return 0;
  }
  const command = args[0] as Command | undefined;
  if (!command || !(command in commands)) {
    if (command && !command.startsWith("--")) console.error(`prom-node: unknown command ${JSON.stringify(command)}\n`);
    console.log(usage());
    return command && !wantsHelp ? 2 : 0;
  }
  if (wantsHelp) {
    console.log(`Usage: prom-node ${command} [options]\n\n${commands[command]}\n\n${optionsHelp(commandSections[command])}`);
    return 0;
  }
  const { config, sources, positionals, configFile } = loadConfig({ argv: args.slice(1) });
  if (positionals.length > 0) throw new ConfigError(`unexpected argument ${JSON.stringify(positionals[0])} (see prom-node ${command} --help)`);
  const log = new Logger({ level: config.log.level as "info", format: config.log.format as "auto" });

  if (command === "config") {
    for (const s of sections) {
      for (const key of Object.keys(s.options)) {
        const path = tomlPath(s.name, key);
        const value = s.name ? (config as unknown as Record<string, Record<string, unknown>>)[s.name]![key] : (config as unknown as Record<string, unknown>)[key];
        console.log(`${path.padEnd(36)} = ${JSON.stringify(value).padEnd(24)} # ${sources[path]} (--${flagName(s.name, key, s.options[key as never])})`);
      }
    }
    return 0;
  }
  if (command === "run") return runNode(config, log);
  return runDevnet(config, log, { configSources: sources, configFile, version: version() });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const e = err as Error & { code?: string };
    console.error(`prom-node: ${e.message}${e.code && e.code !== "CONFIG_INVALID" ? ` [${e.code}]` : ""}`);
    if (process.env.PROM_DEBUG) console.error(e.stack);
    process.exitCode = 1;
  },
);
