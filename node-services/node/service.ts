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

/** Runs `tick` every `intervalMs` (never overlapping) until stopped; errors go to `onError` and the loop goes on. */
export class Ticker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
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

  /** Runs a tick now (after any running one) instead of waiting for the timer. */
  async poke(): Promise<void> {
    await this.running;
    if (!this.stopped) await this.runOnce();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.runOnce().then(() => this.schedule(this.intervalMs)), ms);
  }

  private async runOnce(): Promise<void> {
    const p = this.tick().catch(this.onError);
    this.running = p;
    await p;
    if (this.running === p) this.running = undefined;
  }
}
