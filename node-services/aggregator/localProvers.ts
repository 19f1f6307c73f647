/**
 * The aggregator's own provers: child processes running `prom-prover serve` against its loopback endpoint, so a
 * crash of the prover (out of memory, a killed process) never takes the node down. A child that exits is started
 * again; a child ends with its parent (it stops when its stdin closes).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Logger, LogLevel } from "../log/logger.js";
import type { ProverBackend } from "../prover/options.js";

export interface LocalProversOptions {
  count: number;
  /** The aggregator's prover endpoint (loopback). */
  url: string;
  token: string;
  threads: number;
  backend: ProverBackend;
  log: Logger;
  cacheDir?: string;
}

const RESTART_DELAY_MS = 1000;
const STOP_GRACE_MS = 5000;

export class LocalProvers {
  private readonly children = new Map<number, ChildProcess>();
  private stopping = false;

  constructor(private readonly opts: LocalProversOptions) {}

  start(): void {
    this.stopping = false;
    for (let i = 0; i < this.opts.count; i++) this.spawn(i);
  }

  /** Process ids of the running provers, by slot. */
  pids(): number[] {
    return [...this.children.values()].map((c) => c.pid!).filter((p) => p !== undefined);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.children.values()].map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            const kill = setTimeout(() => c.kill("SIGKILL"), STOP_GRACE_MS);
            c.once("exit", () => {
              clearTimeout(kill);
              resolve();
            });
            c.kill("SIGTERM");
          }),
      ),
    );
    this.children.clear();
  }

  private spawn(slot: number): void {
    const name = `local-${slot + 1}`;
    const cli = new URL(`../cli/promProver${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url);
    const args = [
      ...(cli.pathname.endsWith(".ts") ? ["--import", "tsx"] : []),
      fileURLToPath(cli),
      "serve",
      "--aggregator",
      this.opts.url,
      "--name",
      name,
      "--threads",
      String(this.opts.threads),
      "--backend",
      this.opts.backend,
      "--exit-with-stdin",
      ...(this.opts.cacheDir ? ["--cache-dir", this.opts.cacheDir] : []),
    ];
    const child = spawn(process.execPath, args, {
      // tsx resolves from the repository root when running from sources.
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      env: { ...process.env, PROM_PROVER_TOKEN: this.opts.token },
      stdio: ["pipe", "ignore", "pipe"],
    });
    this.children.set(slot, child);
    const log = this.opts.log.child(name);
    let partial = "";
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop()!;
      for (const line of lines) forward(log, line);
    });
    child.on("exit", (code, signal) => {
      if (this.children.get(slot) === child) this.children.delete(slot);
      if (this.stopping) return;
      log.warn("local prover process exited; starting it again", { code, signal, pid: child.pid });
      setTimeout(() => {
        if (!this.stopping && !this.children.has(slot)) this.spawn(slot);
      }, RESTART_DELAY_MS);
    });
    log.info("local prover process started", { pid: child.pid });
  }
}

/** A child's JSON log line, re-logged under the aggregator's logger (other lines as they are). */
function forward(log: Logger, line: string): void {
  if (!line.trim()) return;
  try {
    const { level, msg, time: _time, component: _component, ...fields } = JSON.parse(line) as { level: LogLevel; msg: string; time: string; component: string };
    log[level in { debug: 1, info: 1, warn: 1, error: 1 } ? level : "info"](msg, fields);
  } catch {
    log.info(line);
  }
}
