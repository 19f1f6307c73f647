/**
 * Turns the state tables into live events: new L2 blocks and batch changes (a new batch, more blocks or txs in an open
 * one, closed, virtual, verified). It reads the database rather than hooking one component, so it sees the same
 * changes whichever role wrote them (sequencer, synchronizer, trusted-state sync). Polls only while someone listens.
 */
import type { Queryable } from "../../db/db.js";
import { batchesFrom, type BatchRowView } from "./batchQueries.js";

/** Most batches looked at per poll: the newest unsettled ones. */
const WINDOW = 200;
/** Most block events per poll; a reader that falls further behind reloads instead. */
const MAX_BLOCK_EVENTS = 100;

export interface PipelineListener {
  block(number: number): void;
  batch(row: BatchRowView): void;
}

const fingerprint = (r: BatchRowView) => `${r.stage}|${r.open}|${r.blockCount}|${r.txCount}|${r.stateRoot}`;

export class PipelineWatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private lastBlock: number | null = null;
  /** Lowest batch that was not verified at the last poll: everything below is settled. */
  private floor = 0;
  private readonly seen = new Map<number, string>();
  private primed = false;

  constructor(
    private readonly db: Queryable,
    private readonly intervalMs: number,
    private readonly listener: PipelineListener,
    private readonly onError: (e: unknown) => void,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.running = this.running.then(() => this.poll()).catch(this.onError);
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    this.primed = false;
    this.seen.clear();
  }

  private async poll(): Promise<void> {
    const [head] = await this.db.query<{ n: number | null; b: number | null }>(
      "SELECT (SELECT max(block_num) FROM state.l2_block) AS n, (SELECT max(batch_num) FROM state.batch) AS b",
    );
    const latest = head?.n ?? null;
    if (this.primed && latest !== null && this.lastBlock !== null && latest > this.lastBlock) {
      for (let n = Math.max(this.lastBlock + 1, latest - MAX_BLOCK_EVENTS + 1); n <= latest; n++) this.listener.block(n);
    }
    this.lastBlock = latest;
    const from = Math.max(this.floor, (head?.b ?? 0) - WINDOW + 1);
    const rows = await batchesFrom(this.db, from, WINDOW);
    for (const r of rows) {
      const fp = fingerprint(r);
      if (this.seen.get(r.number) === fp) continue;
      this.seen.set(r.number, fp);
      if (this.primed) this.listener.batch(r);
    }
    this.primed = true;
    const unsettled = rows.find((r) => r.stage !== "verified");
    this.floor = unsettled ? unsettled.number : (rows.at(-1)?.number ?? from - 1) + 1;
    for (const n of this.seen.keys()) if (n < this.floor) this.seen.delete(n);
  }
}
