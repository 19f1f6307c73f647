/**
 * How a setting is declared. Every setting is declared once; its TOML key, `PROM_*` variable, CLI flag,
 * help text and (later) the UI's settings page are all derived from the declaration.
 */
export type OptionType = "string" | "number" | "boolean";

export interface OptionSpec<T extends OptionType = OptionType> {
  type: T;
  default: ValueOf<T>;
  doc: string;
  /** Inclusive bounds for numbers. */
  min?: number;
  max?: number;
  /** Allowed values for strings. */
  choices?: readonly string[];
  /** Overrides the derived flag name (without the leading `--`). */
  flag?: string;
}

export type ValueOf<T extends OptionType> = T extends "string" ? string : T extends "number" ? number : boolean;

export type SectionSpec = Record<string, OptionSpec>;

export interface Section<N extends string = string, S extends SectionSpec = SectionSpec> {
  /** The TOML table and the flag/env prefix; "" puts the options at the top level (`--data-dir`, `PROM_DATA_DIR`). */
  name: N;
  doc: string;
  options: S;
}

export function defineSection<const N extends string, const S extends SectionSpec>(name: N, doc: string, options: S): Section<N, S> {
  return { name, doc, options };
}

export type SectionValues<S extends SectionSpec> = { [K in keyof S]: ValueOf<S[K]["type"]> };

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const snakeUpper = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

export function flagName(section: string, key: string, spec: OptionSpec): string {
  return spec.flag ?? (section ? `${kebab(section)}-${kebab(key)}` : kebab(key));
}

export function envName(section: string, key: string): string {
  return section ? `PROM_${snakeUpper(section)}_${snakeUpper(key)}` : `PROM_${snakeUpper(key)}`;
}

export function tomlPath(section: string, key: string): string {
  return section ? `${section}.${key}` : key;
}
