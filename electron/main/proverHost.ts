/**
 * The app's prover in an Electron utility process (its own V8 and memory: a prover that runs out of memory or crashes
 * never takes the node or the window with it). It is started again after an unexpected exit, except when the
 * aggregator refused it (a token or protocol problem another start cannot fix).
 */
import { utilityProcess, type UtilityProcess } from "electron";
import type { Logger, LogLevel } from "../../node-services/log/logger.js";
import { proverEntryEnv, type ProverEntryOptions } from "../prover/entryOptions.js";
import type { ProverProcessMessage } from "../prover/proverEntry.js";

export type ProverState = "starting" | "running" | "restarting" | "refused" | "stopped";

const RESTART_DELAY_MS = 2000;
const STOP_GRACE_MS = 5000;
/** proverEntry.ts's exit code for a refusal by the aggregator. */
const EXIT_REFUSED = 3;

export class ProverHost {
  private child: UtilityProcess | null = null;
  private state: ProverState = "stopped";
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(s: ProverState) => void>();

  constructor(
    private readonly entry: string,
    private readonly options: ProverEntryOptions,
    private readonly log: Logger,
  ) {}

  status(): ProverState {
    return this.state;
  }

  onStatus(fn: (s: ProverState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  start(): void {
    this.setState("starting");
    const child = utilityProcess.fork(this.entry, [], {
      serviceName: "Prom prover",
      env: { ...process.env, ...proverEntryEnv(this.options) },
      stdio: "inherit",
    });
    this.child = child;
    child.on("spawn", () => {
      this.setState("running");
      this.log.info("prover process started", { pid: child.pid, aggregator: this.options.aggregatorUrl });
    });
    child.on("message", (m: ProverProcessMessage) => {
      if (m?.type !== "log") return;
      const { level, msg, component, time: _time, ...fields } = m.record;
      const known: LogLevel[] = ["debug", "info", "warn", "error"];
      this.log.child(component)[known.includes(level) ? level : "info"](msg, fields);
    });
    child.on("exit", (code) => {
      if (this.child !== child) return;
      this.child = null;
      if (this.state === "stopped") return;
      if (code === EXIT_REFUSED) {
        this.setState("refused");
        this.log.error("the aggregator refused the app's prover; it is not started again", { code });
        return;
      }
      this.setState("restarting");
      this.log.warn("prover process exited; starting it again", { code, inMs: RESTART_DELAY_MS });
      this.restartTimer = setTimeout(() => this.start(), RESTART_DELAY_MS);
    });
  }

  /** Asks the prover to stop (it drops a job in progress; the aggregator requeues it) and waits for its exit. */
  async stop(): Promise<void> {
    this.setState("stopped");
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill(), STOP_GRACE_MS);
      child.once("exit", () => {
        clearTimeout(kill);
        resolve();
      });
      child.postMessage({ type: "stop" });
    });
    this.child = null;
  }

  private setState(s: ProverState): void {
    this.state = s;
    for (const l of this.listeners) l(s);
  }
}
