/**
 * The settings page's data: every setting of the config schema with its docs, type, bounds and choices, the value the
 * node runs with and where it came from, and the value saved in the node's TOML file. Changes are checked with the
 * loader's own checks (`checkSetting`), all or nothing, and written atomically to that file; they apply at the next start.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parse as parseToml, stringify as stringifyToml } from "smol-toml";
import { checkSetting } from "../../config/load.js";
import { envName, flagName, tomlPath, type OptionSpec } from "../../config/option.js";
import { sections, type PromConfig } from "../../config/schema.js";
import type { SettingSource, SettingsUpdateResult, SettingsView, SettingValue, SettingView } from "../nodeApi.js";

/** Settings that locate the config itself: changing them from a file read at start would be circular. */
const notEditable = new Set(["dataDir", "config"]);

type Table = Record<string, unknown>;

export interface SettingsStoreDeps {
  config: PromConfig;
  /** Where each running value came from, by TOML path (from `loadConfig`); absent paths count as defaults. */
  sources?: Record<string, SettingSource>;
  /** The TOML file changes are written to. */
  file: string;
}

export class SettingsStore {
  constructor(private readonly d: SettingsStoreDeps) {}

  private readFile(): Table {
    if (!existsSync(this.d.file)) return {};
    return parseToml(readFileSync(this.d.file, "utf8")) as Table;
  }

  view(): SettingsView {
    const file = this.readFile();
    const running = this.d.config as unknown as Table;
    return {
      file: this.d.file,
      sections: sections.map((s) => ({
        name: s.name,
        doc: s.doc,
        settings: Object.entries(s.options as Record<string, OptionSpec>).map(([key, spec]): SettingView => {
          const path = tomlPath(s.name, key);
          const table = s.name ? ((running[s.name] ?? {}) as Table) : running;
          const fileTable = s.name ? ((file[s.name] ?? {}) as Table) : file;
          const saved = fileTable[key];
          return {
            path,
            key,
            type: spec.type,
            doc: spec.doc,
            default: spec.default,
            value: (table[key] ?? spec.default) as SettingValue,
            source: this.d.sources?.[path] ?? "default",
            saved: typeof saved === "string" || typeof saved === "number" || typeof saved === "boolean" ? saved : null,
            min: spec.min ?? null,
            max: spec.max ?? null,
            choices: spec.choices ? [...spec.choices] : null,
            flag: `--${flagName(s.name, key, spec)}`,
            env: envName(s.name, key),
            editable: !(s.name === "" && notEditable.has(key)),
          };
        }),
      })),
    };
  }

  /** Checks every change; writes them all to the file only when every one passes. */
  update(changes: Record<string, SettingValue>): SettingsUpdateResult {
    const errors: { path: string; message: string }[] = [];
    const checked: [string, SettingValue][] = [];
    for (const [path, raw] of Object.entries(changes)) {
      if (notEditable.has(path)) {
        errors.push({ path, message: `${path} cannot be changed from the UI (it locates the config); use --${path === "dataDir" ? "data-dir" : "config"}` });
        continue;
      }
      try {
        checked.push([path, checkSetting(path, raw, "from the settings page")]);
      } catch (e) {
        errors.push({ path, message: (e as Error).message });
      }
    }
    if (errors.length) return { ok: false, errors };
    let file: Table;
    try {
      file = this.readFile();
    } catch (e) {
      return { ok: false, errors: [{ path: "", message: `${this.d.file} is not valid TOML, so it was left as is: ${(e as Error).message}` }] };
    }
    for (const [path, value] of checked) {
      const dot = path.indexOf(".");
      if (dot === -1) file[path] = value;
      else ((file[path.slice(0, dot)] ??= {}) as Table)[path.slice(dot + 1)] = value;
    }
    mkdirSync(dirname(this.d.file), { recursive: true });
    // Written beside and renamed over, so a crash mid-write never leaves half a config.
    const tmp = `${this.d.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `# Prom zkNode settings (written by the settings page; flags and PROM_* variables override them)\n${stringifyToml(file)}\n`);
    renameSync(tmp, this.d.file);
    return { ok: true, settings: this.view(), restartRequired: true };
  }
}
