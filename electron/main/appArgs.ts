/**
 * The app's command line: `[devnet|run] [prom-node options]`, the same options and config file as the headless node
 * (`prom-node devnet --help`, `prom-node run --help`). Chromium's own switches are left to Chromium.
 */
import { loadConfig, type LoadedConfig } from "../../node-services/config/load.js";
import { ConfigError } from "../../node-services/config/configError.js";
import type { AppMode } from "./nodeHost.js";

export interface AppArgs extends LoadedConfig {
  mode: AppMode;
}

const modes: readonly AppMode[] = ["devnet", "run"];

/** Switches Electron and Chromium take themselves (`--inspect`, `--enable-logging`, `--ozone-platform=…`, …). */
const chromiumSwitch = /^--(inspect|remote-debugging|enable-|disable-|ozone-|no-sandbox|js-flags|lang|user-data-dir|trace)/;

export function parseAppArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): AppArgs {
  const args = argv.filter((a) => !chromiumSwitch.test(a));
  const first = args[0];
  const mode: AppMode = first === undefined || first.startsWith("-") ? "devnet" : (first as AppMode);
  if (!modes.includes(mode)) throw new ConfigError(`unknown mode ${JSON.stringify(first)}: the app runs \`devnet\` (default) or \`run\``);
  const loaded = loadConfig({ argv: args.slice(first === mode ? 1 : 0), env });
  if (loaded.positionals.length > 0) throw new ConfigError(`unexpected argument ${JSON.stringify(loaded.positionals[0])}`);
  return { ...loaded, mode };
}
