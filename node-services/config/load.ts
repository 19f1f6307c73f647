/**
 * Builds the effective config: defaults ← TOML file ← PROM_* environment ← CLI flags.
 * Every value is checked against its declaration; a bad one stops start-up with a message naming its source.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { parse as parseToml } from "smol-toml";
import { ConfigError } from "./configError.js";
import { envName, flagName, tomlPath, type OptionSpec } from "./option.js";
import { sections, type PromConfig } from "./schema.js";

type Source = "default" | "file" | "env" | "flag";

export interface LoadInput {
  argv?: readonly string[];
  env?: NodeJS.ProcessEnv;
}

export interface LoadedConfig {
  config: PromConfig;
  /** Where each setting's value came from, by TOML path; shown by `prom-node config`. */
  sources: Record<string, Source>;
  /** Arguments that are not flags (sub-command operands). */
  positionals: string[];
  /** The TOML file the UI's settings page writes: --config's / PROM_CONFIG's, else <data-dir>/prom.toml. */
  configFile: string;
}

/** Read at start when neither --config nor PROM_CONFIG names a file, so settings saved from the UI apply. */
export const DATA_DIR_CONFIG_FILE = "prom.toml";

interface Slot {
  section: string;
  key: string;
  spec: OptionSpec;
}

function slots(): Slot[] {
  return sections.flatMap((s) => Object.entries(s.options).map(([key, spec]) => ({ section: s.name, key, spec: spec as OptionSpec })));
}

function coerce(slot: Slot, raw: unknown, where: string): string | number | boolean {
  const name = tomlPath(slot.section, slot.key);
  const { spec } = slot;
  let v: string | number | boolean;
  if (spec.type === "number") {
    const n = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
    if (!Number.isFinite(n)) throw new ConfigError(`${name} (${where}) must be a number, got ${JSON.stringify(raw)}`);
    if (spec.min !== undefined && n < spec.min) throw new ConfigError(`${name} (${where}) must be at least ${spec.min}, got ${n}`);
    if (spec.max !== undefined && n > spec.max) throw new ConfigError(`${name} (${where}) must be at most ${spec.max}, got ${n}`);
    v = n;
  } else if (spec.type === "boolean") {
    if (typeof raw === "boolean") v = raw;
    else if (raw === "true" || raw === "1") v = true;
    else if (raw === "false" || raw === "0") v = false;
    else throw new ConfigError(`${name} (${where}) must be true or false, got ${JSON.stringify(raw)}`);
  } else {
    if (typeof raw !== "string" && typeof raw !== "number") throw new ConfigError(`${name} (${where}) must be a string`);
    v = String(raw);
    if (spec.choices && !spec.choices.includes(v)) {
      throw new ConfigError(`${name} (${where}) must be one of ${spec.choices.join(", ")}, got ${JSON.stringify(v)}`);
    }
  }
  return v;
}

/** Splits `--flag value`, `--flag=value`, `--bool`, `--no-bool` from positionals. */
export function parseFlags(argv: readonly string[], known: Map<string, Slot>): { flags: Map<Slot, unknown>; positionals: string[] } {
  const flags = new Map<Slot, unknown>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    let name = arg.slice(2, eq === -1 ? undefined : eq);
    let value: unknown = eq === -1 ? undefined : arg.slice(eq + 1);
    let slot = known.get(name);
    if (!slot && name.startsWith("no-") && known.get(name.slice(3))?.spec.type === "boolean") {
      slot = known.get(name.slice(3));
      name = name.slice(3);
      value = false;
    }
    if (!slot) {
      const near = [...known.keys()].filter((k) => k.includes(name) || name.includes(k)).map((k) => `--${k}`);
      throw new ConfigError(`unknown option --${name}${near.length ? `; did you mean ${near.join(" or ")}?` : ""} (see --help)`);
    }
    if (value === undefined) {
      if (slot.spec.type === "boolean") value = true;
      else {
        value = argv[++i];
        if (value === undefined) throw new ConfigError(`option --${name} needs a value`);
      }
    }
    flags.set(slot, value);
  }
  return { flags, positionals };
}

function readToml(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(`config file ${path} is not valid TOML: ${(err as Error).message}`);
  }
}

function lookup(table: Record<string, unknown>, section: string, key: string): unknown {
  if (!section) return table[key];
  const t = table[section];
  return t && typeof t === "object" ? (t as Record<string, unknown>)[key] : undefined;
}

function checkUnknownTomlKeys(table: Record<string, unknown>, all: Slot[], file: string): void {
  const valid = new Set(all.map((s) => tomlPath(s.section, s.key)));
  const sectionNames = new Set<string>(sections.map((s) => s.name).filter(Boolean));
  for (const [k, v] of Object.entries(table)) {
    if (sectionNames.has(k) && v && typeof v === "object") {
      for (const sub of Object.keys(v)) {
        if (!valid.has(`${k}.${sub}`)) throw new ConfigError(`config file ${file}: unknown setting ${k}.${sub}`);
      }
    } else if (!valid.has(k)) {
      throw new ConfigError(`config file ${file}: unknown setting ${k}`);
    }
  }
}

export function expandHome(p: string): string {
  return p === "~" || p.startsWith("~/") ? resolve(homedir(), p.slice(2)) : resolve(p);
}

export function loadConfig({ argv = [], env = process.env }: LoadInput = {}): LoadedConfig {
  const all = slots();
  const byFlag = new Map(all.map((s) => [flagName(s.section, s.key, s.spec), s]));
  const { flags, positionals } = parseFlags(argv, byFlag);

  const configSlot = all.find((s) => s.section === "" && s.key === "config")!;
  const dataDirSlot = all.find((s) => s.section === "" && s.key === "dataDir")!;
  const dataDir = String(flags.get(dataDirSlot) ?? (env[envName("", "dataDir")] || dataDirSlot.spec.default));
  const dataDirFile = join(expandHome(dataDir), DATA_DIR_CONFIG_FILE);
  const explicitFile = (flags.get(configSlot) as string | undefined) ?? env[envName("", "config")] ?? "";
  const configFile = explicitFile || (existsSync(dataDirFile) ? dataDirFile : "");
  const file = configFile ? readToml(expandHome(configFile)) : {};
  if (configFile) checkUnknownTomlKeys(file, all, configFile);

  const out: Record<string, Record<string, unknown> | unknown> = {};
  const sources: Record<string, Source> = {};
  for (const slot of all) {
    const path = tomlPath(slot.section, slot.key);
    let value: unknown = slot.spec.default;
    let source: Source = "default";
    const fromFile = lookup(file, slot.section, slot.key);
    if (fromFile !== undefined) [value, source] = [coerce(slot, fromFile, `in ${configFile}`), "file"];
    const fromEnv = env[envName(slot.section, slot.key)];
    if (fromEnv !== undefined && fromEnv !== "") [value, source] = [coerce(slot, fromEnv, `from ${envName(slot.section, slot.key)}`), "env"];
    if (flags.has(slot)) [value, source] = [coerce(slot, flags.get(slot), `from --${flagName(slot.section, slot.key, slot.spec)}`), "flag"];
    if (slot.section) {
      const t = (out[slot.section] ??= {}) as Record<string, unknown>;
      t[slot.key] = value;
    } else out[slot.key] = value;
    sources[path] = source;
  }
  out.dataDir = expandHome(out.dataDir as string);
  return { config: out as PromConfig, sources, positionals, configFile: explicitFile ? expandHome(explicitFile) : dataDirFile };
}

/** Checks one value exactly as the loader does (the UI's settings page); returns it coerced to the setting's type. */
export function checkSetting(path: string, raw: unknown, where: string): string | number | boolean {
  const slot = slots().find((s) => tomlPath(s.section, s.key) === path);
  if (!slot) throw new ConfigError(`unknown setting ${path}`);
  return coerce(slot, raw, where);
}
