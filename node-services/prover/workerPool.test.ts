import { afterEach, describe, expect, it } from "vitest";
import { WorkerPool } from "./workerPool.js";

interface Ran {
  tag: string;
  thread: number;
}

describe("WorkerPool: pinned tasks and taking them over", () => {
  let pool: WorkerPool;
  afterEach(async () => {
    await pool.terminate();
  });
  const start = () => {
    pool = new WorkerPool({ size: 2, workerUrl: new URL("./workerPool.testWorker.ts", import.meta.url) });
    return pool.workers.map((w) => w.threadId);
  };
  const standIn = (tag: string) => () => ({ task: { tag, ms: 1 }, transfer: [] });

  it("an idle worker runs the stand-in of a task left waiting behind a busy worker", async () => {
    const [w0, w1] = start();
    const busy = pool.runOn<Ran>(0, { tag: "busy", ms: 400 });
    const waiting = pool.runOn<Ran>(0, { tag: "pinned", ms: 1 }, [], standIn("stand-in"));
    const ran = await waiting;
    expect(ran).toEqual({ tag: "stand-in", thread: w1 });
    expect(await busy).toEqual({ tag: "busy", thread: w0 });
  });

  it("takes the last task with a stand-in from the longest queue, and never one without", async () => {
    const [w0, w1] = start();
    const order: string[] = [];
    const track = (p: Promise<Ran>) => p.then((r) => (order.push(r.tag), r));
    const busy = track(pool.runOn<Ran>(0, { tag: "busy", ms: 300 }));
    const own = track(pool.runOn<Ran>(0, { tag: "own", ms: 1 }));
    const first = track(pool.runOn<Ran>(0, { tag: "first", ms: 1 }, [], standIn("first stand-in")));
    const last = track(pool.runOn<Ran>(0, { tag: "last", ms: 1 }, [], standIn("last stand-in")));
    expect(await last).toEqual({ tag: "last stand-in", thread: w1 });
    expect(await first).toEqual({ tag: "first stand-in", thread: w1 });
    expect(await own).toEqual({ tag: "own", thread: w0 });
    await busy;
    expect(order.indexOf("own")).toBeGreaterThan(order.indexOf("busy"));
  });

  it("a task whose stand-in cannot be built stays with its own worker", async () => {
    const [w0] = start();
    const busy = pool.runOn<Ran>(0, { tag: "busy", ms: 200 });
    const failing = () => {
      throw new RangeError("Array buffer allocation failed");
    };
    expect(await pool.runOn<Ran>(0, { tag: "pinned", ms: 1 }, [], failing)).toEqual({ tag: "pinned", thread: w0 });
    await busy;
  });

  it("a worker does not take over a task queued together with its own", async () => {
    const [w0, w1] = start();
    // both workers started, so neither runs out of work while the other is still starting
    await Promise.all([0, 1].map((slot) => pool.runOn(slot, { tag: "ready", ms: 0 })));
    const busy = pool.runOn<Ran>(0, { tag: "busy", ms: 30 });
    const results = await Promise.all([0, 1].map((slot, i) => pool.runOn<Ran>(slot, { tag: `t${i}`, ms: 200 }, [], standIn(`stand-in ${i}`))));
    expect(results).toEqual([
      { tag: "t0", thread: w0 },
      { tag: "t1", thread: w1 },
    ]);
    await busy;
  });
});
