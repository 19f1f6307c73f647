/**
 * Keeps the node's most recent log records (every level, whatever the terminal's level) for the Logs page, and
 * passes each new one to live listeners. Bounded: the oldest records drop out first.
 */
import type { LogRecord, Logger } from "../../log/logger.js";
import type { LogEntry, LogQuery, LogsPage, LogLevelName } from "../nodeApi.js";

const rank: Record<LogLevelName, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export class LogBuffer {
  private readonly entries: LogEntry[] = [];
  private readonly components = new Set<string>();
  private readonly listeners = new Set<(e: LogEntry) => void>();
  private seq = 0;
  private readonly unsubscribe: () => void;

  constructor(
    log: Logger,
    private readonly capacity = 2000,
  ) {
    this.unsubscribe = log.subscribe((r) => this.add(r));
  }

  private add(r: LogRecord): void {
    const { time, level, component, msg, ...fields } = r;
    const entry: LogEntry = { seq: ++this.seq, time, level, component, msg, fields };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    this.components.add(component);
    for (const l of this.listeners) l(entry);
  }

  query(q: LogQuery): LogsPage {
    const min = rank[q.minLevel ?? "debug"];
    const matching = this.entries.filter((e) => rank[e.level] >= min && (q.component === undefined || e.component === q.component));
    return { entries: matching.slice(-q.limit), components: [...this.components].sort() };
  }

  /** Calls `fn` with every new entry; returns the unsubscribe function. */
  onEntry(fn: (e: LogEntry) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }
}
