/** A long-running component: started in dependency order by the composition root, stopped in reverse. */
export interface Service {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts services in order; if one fails to start, stops those already running, newest first, and rethrows. */
export class ServiceStack {
  private readonly running: Service[] = [];

  async start(services: readonly Service[]): Promise<void> {
    for (const s of services) {
      try {
        await s.start();
      } catch (err) {
        await this.stop();
        throw err;
      }
      this.running.push(s);
    }
  }

  /** Stops every running service, newest first; a failing stop does not keep the others running. */
  async stop(): Promise<Error[]> {
    const errors: Error[] = [];
    while (this.running.length > 0) {
      const s = this.running.pop()!;
      try {
        await s.stop();
      } catch (err) {
        errors.push(new Error(`stopping ${s.name}: ${(err as Error).message}`));
      }
    }
    return errors;
  }
}

/** Runs `tick` every `intervalMs` until stopped; runs never overlap (timer and poke() alike), and errors go to `onError`. */
export class Ticker {
  private timer: NodeJS.Timeout | undefined;
  /** Every run is chained onto the previous one. */
  private chain: Promise<void> = Promise.resolve();
  private stopped = true;

  constructor(
    private readonly intervalMs: number,
    private readonly tick: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Runs a tick as soon as the running one (if any) ends, instead of waiting for the timer. */
  poke(): Promise<void> {
    return this.runOnce();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.chain;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.runOnce().then(() => this.schedule(this.intervalMs)), ms);
  }

  private runOnce(): Promise<void> {
    this.chain = this.chain.then(() => (this.stopped ? undefined : this.tick().catch(this.onError)));
    return this.chain;
  }
}

/**
 * Runs async work one piece at a time, in call order: services that write the same state in one process (the L1
 * synchronizer and the trusted-state sync) each take it for a whole round, as zkevm-node runs them in one loop.
 */
export class WriteLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** Resolves on the first SIGINT or SIGTERM (Ctrl-C, a service manager's stop), so a command can stop cleanly. */
export function stopSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      resolve();
    };
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
  });
}
