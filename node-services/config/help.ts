/** Help text generated from the schema, so `--help` documents every option with its flag, variable and default. */
import { envName, flagName, type OptionSpec } from "./option.js";
import { sections } from "./schema.js";

export function optionsHelp(only?: readonly string[]): string {
  const lines: string[] = [];
  for (const s of sections) {
    if (only && !only.includes(s.name)) continue;
    lines.push(`${s.doc}:`);
    for (const [key, raw] of Object.entries(s.options)) {
      const spec = raw as OptionSpec;
      const flag = `--${flagName(s.name, key, spec)} <${spec.choices ? spec.choices.join("|") : spec.type}>`;
      const def = spec.default === "" ? "" : ` (default: ${String(spec.default)})`;
      lines.push(`  ${flag.padEnd(38)} ${spec.doc}${def}`);
      lines.push(`  ${"".padEnd(38)} env ${envName(s.name, key)}`);
    }
    lines.push("");
  }
  return lines.join("\n");
}
