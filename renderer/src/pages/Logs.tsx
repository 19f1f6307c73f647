/** Logs: the node's records live, filtered by level, component and text; pausing keeps the view still. At most 1000 kept. */
import { useEffect, useMemo, useRef, useState } from "react";
import type { LogEntry, LogLevelName } from "../../../node-services/api/nodeApi.js";
import { useEvents, useQuery } from "../api/hooks.js";
import { Badge } from "../components/Badge.js";
import { Async, Empty } from "../components/states.js";

const MAX = 1000;
const levels: LogLevelName[] = ["debug", "info", "warn", "error"];
const rank: Record<LogLevelName, number> = { debug: 0, info: 1, warn: 2, error: 3 };
const tone = { debug: "neutral", info: "info", warn: "warn", error: "bad" } as const;

export function Logs() {
  const [minLevel, setMinLevel] = useState<LogLevelName>("info");
  const [component, setComponent] = useState("");
  const [text, setText] = useState("");
  const [paused, setPaused] = useState(false);
  const [live, setLive] = useState<LogEntry[]>([]);
  const [components, setComponents] = useState<string[]>([]);
  const q = useQuery((api) => api.logs({ limit: 500 }), []);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const bottom = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!q.data) return;
    setLive((l) => {
      const seen = new Set(l.map((e) => e.seq));
      return [...q.data!.entries.filter((e) => !seen.has(e.seq)), ...l].sort((a, b) => a.seq - b.seq).slice(-MAX);
    });
    setComponents(q.data.components);
  }, [q.data]);

  useEvents(["logs"], (e) => {
    if (e.topic !== "logs" || pausedRef.current) return;
    setLive((l) => [...l, e.entry].slice(-MAX));
    setComponents((c) => (c.includes(e.entry.component) ? c : [...c, e.entry.component].sort()));
  });

  const shown = useMemo(() => {
    const t = text.toLowerCase();
    return live.filter(
      (e) =>
        rank[e.level] >= rank[minLevel] &&
        (!component || e.component === component) &&
        (!t || e.msg.toLowerCase().includes(t) || JSON.stringify(e.fields).toLowerCase().includes(t)),
    );
  }, [live, minLevel, component, text]);

  useEffect(() => {
    if (!paused) bottom.current?.scrollIntoView({ block: "nearest" });
  }, [shown.length, paused]);

  return (
    <section aria-labelledby="h-logs">
      <h1 id="h-logs">Logs</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter logs">
        <label>
          Level
          <select value={minLevel} onChange={(e) => setMinLevel(e.target.value as LogLevelName)}>
            {levels.map((l) => (
              <option key={l} value={l}>
                {l} and above
              </option>
            ))}
          </select>
        </label>
        <label>
          Component
          <select value={component} onChange={(e) => setComponent(e.target.value)}>
            <option value="">all</option>
            {components.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          Text
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="filter…" />
        </label>
        <button type="button" onClick={() => setPaused((p) => !p)} aria-pressed={paused}>
          {paused ? "Resume" : "Pause"}
        </button>
        <button type="button" onClick={() => setLive([])}>
          Clear
        </button>
      </form>
      <Async q={q} what="logs">
        {() =>
          shown.length === 0 ? (
            <Empty title="No log lines match">{live.length ? "Lower the level or clear the filters." : "The node has not logged anything yet."}</Empty>
          ) : (
            <div className="log" role="log" aria-live={paused ? "off" : "polite"} data-testid="log-lines">
              {shown.map((e) => (
                <div key={e.seq} className={`log-line log-${e.level}`}>
                  <time>{e.time.slice(11, 23)}</time> <Badge tone={tone[e.level]}>{e.level}</Badge> <span className="log-comp">{e.component}</span> <span className="log-msg">{e.msg}</span>{" "}
                  {Object.keys(e.fields).length > 0 && <code className="log-fields">{JSON.stringify(e.fields)}</code>}
                </div>
              ))}
              <div ref={bottom} />
            </div>
          )
        }
      </Async>
    </section>
  );
}
