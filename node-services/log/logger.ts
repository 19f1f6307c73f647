/**
 * Structured logs: JSON lines for machines, aligned text on a terminal. Each component gets a child logger
 * with its name so a line says where it came from; subscribers (the UI, tests) see every record.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";
const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogRecord {
  time: string;
  level: LogLevel;
  component: string;
  msg: string;
  [field: string]: unknown;
}

export interface LoggerOptions {
  level: LogLevel;
  format: "json" | "pretty" | "auto";
  write?: (line: string) => void;
}

export class Logger {
  private readonly subscribers: Set<(r: LogRecord) => void>;
  private readonly pretty: boolean;
  private readonly write: (line: string) => void;

  constructor(
    private readonly opts: LoggerOptions,
    private readonly component = "node",
    shared?: Set<(r: LogRecord) => void>,
  ) {
    this.subscribers = shared ?? new Set();
    this.write = opts.write ?? ((line) => process.stderr.write(line + "\n"));
    this.pretty = opts.format === "pretty" || (opts.format === "auto" && Boolean(process.stderr.isTTY));
  }

  child(component: string): Logger {
    return new Logger(this.opts, component, this.subscribers);
  }

  /** Sees every record of this logger and its children; returns the unsubscribe function. */
  subscribe(fn: (r: LogRecord) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  debug(msg: string, fields?: Record<string, unknown>): void {
    this.log("debug", msg, fields);
  }
  info(msg: string, fields?: Record<string, unknown>): void {
    this.log("info", msg, fields);
  }
  warn(msg: string, fields?: Record<string, unknown>): void {
    this.log("warn", msg, fields);
  }
  error(msg: string, fields?: Record<string, unknown>): void {
    this.log("error", msg, fields);
  }

  private log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
    const record: LogRecord = { time: new Date().toISOString(), level, component: this.component, msg, ...serializable(fields) };
    for (const s of this.subscribers) s(record);
    if (rank[level] < rank[this.opts.level]) return;
    this.write(this.pretty ? prettyLine(record) : JSON.stringify(record));
  }
}

function serializable(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === "bigint") out[k] = v.toString();
    else if (v instanceof Error) out[k] = { name: v.name, message: v.message, code: (v as { code?: unknown }).code };
    else out[k] = v;
  }
  return out;
}

const colors: Record<LogLevel, string> = { debug: "\x1b[90m", info: "\x1b[36m", warn: "\x1b[33m", error: "\x1b[31m" };

function prettyLine(r: LogRecord): string {
  const { time, level, component, msg, ...rest } = r;
  const extra = Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
  return `${time.slice(11, 23)} ${colors[level]}${level.toUpperCase().padEnd(5)}\x1b[0m ${component.padEnd(14)} ${msg}${extra ? "  " + extra : ""}`;
}
