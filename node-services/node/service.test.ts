import { describe, expect, it } from "vitest";
import { ServiceStack, Ticker, WriteLock, type Service } from "./service.js";

function svc(name: string, log: string[], failStart = false): Service {
  return {
    name,
    start: async () => {
      if (failStart) throw new Error(`${name} cannot start`);
      log.push(`start ${name}`);
    },
    stop: async () => {
      log.push(`stop ${name}`);
    },
  };
}

describe("ServiceStack", () => {
  it("starts in order and stops in reverse", async () => {
    const log: string[] = [];
    const stack = new ServiceStack();
    await stack.start([svc("db", log), svc("rpc", log), svc("sequencer", log)]);
    expect(await stack.stop()).toEqual([]);
    expect(log).toEqual(["start db", "start rpc", "start sequencer", "stop sequencer", "stop rpc", "stop db"]);
  });

  it("stops what it started when a later service fails to start", async () => {
    const log: string[] = [];
    const stack = new ServiceStack();
    await expect(stack.start([svc("db", log), svc("rpc", log, true), svc("x", log)])).rejects.toThrow("rpc cannot start");
    expect(log).toEqual(["start db", "stop db"]);
  });
});

describe("Ticker", () => {
  it("never overlaps ticks, even when poked during a run, survives a failing tick, and stops", async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const errors: unknown[] = [];
    const t = new Ticker(
      1,
      async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        runs++;
        await new Promise((r) => setTimeout(r, 5));
        active--;
        if (runs === 2) throw new Error("tick failed");
      },
      (e) => errors.push(e),
    );
    t.start();
    await Promise.all([t.poke(), t.poke()]);
    await new Promise((r) => setTimeout(r, 60));
    await t.stop();
    const after = runs;
    await new Promise((r) => setTimeout(r, 20));
    expect(runs).toBe(after);
    expect(runs).toBeGreaterThan(2);
    expect(maxActive).toBe(1);
    expect(errors).toHaveLength(1);
  });
});

describe("WriteLock", () => {
  it("runs work from several callers one at a time, in call order, and goes on after a failure", async () => {
    const lock = new WriteLock();
    const order: string[] = [];
    let active = 0;
    const work = (name: string, fail = false) =>
      lock.run(async () => {
        active++;
        expect(active).toBe(1);
        order.push(`${name} start`);
        await new Promise((r) => setTimeout(r, 5));
        order.push(`${name} end`);
        active--;
        if (fail) throw new Error(`${name} failed`);
        return name;
      });
    const results = await Promise.allSettled([work("a"), work("b", true), work("c")]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual(["a", "b failed", "c"]);
    expect(order).toEqual(["a start", "a end", "b start", "b end", "c start", "c end"]);
  });
});
