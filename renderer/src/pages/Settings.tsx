/**
 * Settings: one form generated from the node's config schema (docs, types, bounds, choices). Values are checked here
 * for quick feedback and again by the node with the CLI's own checks; saved values go to the node's TOML file and
 * apply at the next start. Where a flag or PROM_* variable sets a value, it still wins over the file.
 */
import { useState } from "react";
import type { SettingsView, SettingValue, SettingView } from "../../../node-services/api/nodeApi.js";
import { useApi } from "../api/context.js";
import { useQuery } from "../api/hooks.js";
import { Badge } from "../components/Badge.js";
import { Async, ErrorBox } from "../components/states.js";

type Draft = Record<string, string | boolean>;

/** The value a field's text stands for, or the reason it is not valid (the node checks again on save). */
export function checkDraft(s: SettingView, raw: string | boolean): { value: SettingValue } | { error: string } {
  if (s.type === "boolean") return { value: Boolean(raw) };
  const text = String(raw);
  if (s.type === "number") {
    if (text.trim() === "" || !Number.isFinite(Number(text))) return { error: "must be a number" };
    const n = Number(text);
    if (s.min !== null && n < s.min) return { error: `must be at least ${s.min}` };
    if (s.max !== null && n > s.max) return { error: `must be at most ${s.max}` };
    return { value: n };
  }
  if (s.choices && !s.choices.includes(text)) return { error: `must be one of ${s.choices.join(", ")}` };
  return { value: text };
}

function Field({ s, draft, error, onChange }: { s: SettingView; draft: string | boolean | undefined; error: string | undefined; onChange(v: string | boolean): void }) {
  const current = s.saved ?? s.value;
  const raw = draft ?? (s.type === "boolean" ? Boolean(current) : String(current));
  const id = `set-${s.path}`;
  const help = `${id}-help`;
  let input;
  if (!s.editable) input = <input id={id} value={String(s.value)} readOnly aria-describedby={help} />;
  else if (s.type === "boolean") input = <input id={id} type="checkbox" checked={Boolean(raw)} onChange={(e) => onChange(e.target.checked)} aria-describedby={help} />;
  else if (s.choices)
    input = (
      <select id={id} value={String(raw)} onChange={(e) => onChange(e.target.value)} aria-describedby={help}>
        {s.choices.map((c) => (
          <option key={c}>{c}</option>
        ))}
      </select>
    );
  else
    input = (
      <input
        id={id}
        type={s.type === "number" ? "number" : "text"}
        value={String(raw)}
        min={s.min ?? undefined}
        max={s.max ?? undefined}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error !== undefined}
        aria-describedby={help}
      />
    );
  return (
    <div className={`setting${draft !== undefined ? " changed" : ""}`} data-path={s.path}>
      <label htmlFor={id}>
        <code>{s.path}</code>
      </label>
      <div className="setting-input">
        {input}
        {error && (
          <div className="field-error" role="alert">
            {error}
          </div>
        )}
      </div>
      <div id={help} className="setting-help">
        {s.doc}
        <div className="muted">
          default {JSON.stringify(s.default)}
          {s.min !== null && ` · min ${s.min}`}
          {s.max !== null && ` · max ${s.max}`} · <code>{s.flag}</code> · <code>{s.env}</code>
        </div>
        <div className="muted">
          running {JSON.stringify(s.value)} <Badge tone={s.source === "default" ? "neutral" : "info"}>{s.source}</Badge>
          {s.saved !== null && s.saved !== s.value && <> · saved {JSON.stringify(s.saved)} (applies at the next start{s.source === "env" || s.source === "flag" ? `, unless ${s.source === "env" ? s.env : s.flag} still sets it` : ""})</>}
        </div>
      </div>
    </div>
  );
}

function Form({ view, onSaved }: { view: SettingsView; onSaved(v: SettingsView): void }) {
  const api = useApi();
  const [draft, setDraft] = useState<Draft>({});
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [failure, setFailure] = useState<Error>();
  const all = view.sections.flatMap((s) => s.settings);
  const localErrors: Record<string, string> = {};
  for (const [path, raw] of Object.entries(draft)) {
    const s = all.find((x) => x.path === path)!;
    const r = checkDraft(s, raw);
    if ("error" in r) localErrors[path] = r.error;
  }
  const dirty = Object.keys(draft).length > 0;
  const blocked = Object.keys(localErrors).length > 0;

  const save = () => {
    const changes: Record<string, SettingValue> = {};
    for (const [path, raw] of Object.entries(draft)) {
      const r = checkDraft(all.find((x) => x.path === path)!, raw);
      if ("value" in r) changes[path] = r.value;
    }
    setSaving(true);
    setFailure(undefined);
    api
      .updateSettings({ changes })
      .then(
        (r) => {
          if (r.ok) {
            setDraft({});
            setServerErrors({});
            setSaved(`Saved ${Object.keys(changes).length} setting(s) to ${r.settings.file}. Restart the node to apply them.`);
            onSaved(r.settings);
          } else setServerErrors(Object.fromEntries(r.errors.map((e) => [e.path, e.message])));
        },
        (e: Error) => setFailure(e),
      )
      .finally(() => setSaving(false));
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      aria-label="Settings"
    >
      <p className="muted">
        Saved to <code>{view.file}</code>. Later sources win: defaults, this file, <code>PROM_*</code> variables, flags.
      </p>
      {view.sections.map((sec) => (
        <fieldset key={sec.name || "node"} className="settings-section">
          <legend>
            {sec.doc} {sec.name && <code>[{sec.name}]</code>}
          </legend>
          {sec.settings.map((s) => (
            <Field
              key={s.path}
              s={s}
              draft={draft[s.path]}
              error={localErrors[s.path] ?? serverErrors[s.path]}
              onChange={(v) => {
                setSaved(null);
                setDraft((d) => ({ ...d, [s.path]: v }));
              }}
            />
          ))}
        </fieldset>
      ))}
      <div className="savebar">
        {failure && <ErrorBox error={failure} />}
        {serverErrors[""] && <div className="field-error">{serverErrors[""]}</div>}
        {saved && (
          <div className="ok" role="status">
            {saved}
          </div>
        )}
        <button type="submit" disabled={!dirty || blocked || saving}>
          {saving ? "Saving…" : "Save"}
        </button>
        <button type="button" disabled={!dirty || saving} onClick={() => [setDraft({}), setServerErrors({})]}>
          Discard changes
        </button>
      </div>
    </form>
  );
}

export function Settings() {
  const q = useQuery((api) => api.settings(), []);
  const [fresh, setFresh] = useState<SettingsView>();
  return (
    <section aria-labelledby="h-settings">
      <h1 id="h-settings">Settings</h1>
      <Async q={q} what="settings">
        {(view) => <Form view={fresh ?? view} onSaved={setFresh} />}
      </Async>
    </section>
  );
}
