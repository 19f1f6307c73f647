import { describe, expect, it } from "vitest";
import { Logger, type LogRecord } from "./logger.js";

describe("Logger", () => {
  it("writes JSON lines at or above the level, with the component and fields", () => {
    const lines: string[] = [];
    const log = new Logger({ level: "info", format: "json", write: (l) => lines.push(l) }).child("sequencer");
    log.debug("hidden");
    log.info("batch closed", { batch: 7, gas: 21000n });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "info", component: "sequencer", msg: "batch closed", batch: 7, gas: "21000" });
  });

  it("lets subscribers see records of every child, including those below the level", () => {
    const seen: LogRecord[] = [];
    const root = new Logger({ level: "error", format: "json", write: () => undefined });
    const off = root.subscribe((r) => seen.push(r));
    root.child("pool").debug("x");
    root.child("rpc").warn("y", { err: new Error("bad") });
    off();
    root.info("z");
    expect(seen.map((r) => `${r.component}:${r.msg}`)).toEqual(["pool:x", "rpc:y"]);
    expect(seen[1]?.err).toEqual({ name: "Error", message: "bad", code: undefined });
  });
});
