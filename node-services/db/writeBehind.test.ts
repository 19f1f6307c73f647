import { describe, expect, it } from "vitest";
import { WriteBehind } from "./writeBehind.js";

describe("WriteBehind", () => {
  it("serves rows while their flush is written, and hands the written rows back", async () => {
    const w = new WriteBehind<string>();
    w.set("a", "1");
    let release!: () => void;
    const flushing = w.flush(() => new Promise<void>((r) => (release = r)));
    expect(w.size).toBe(0);
    expect(w.get("a")).toBe("1");
    release();
    expect([...(await flushing)]).toEqual([["a", "1"]]);
    expect(w.get("a")).toBeUndefined();
  });

  it("puts the rows of a failed flush back under newer ones, and calls no write when there is nothing", async () => {
    const w = new WriteBehind<string>();
    w.set("a", "old");
    w.set("b", "kept");
    let fail!: (err: Error) => void;
    const failing = w.flush(() => new Promise<void>((_, reject) => (fail = reject)));
    w.set("a", "new");
    fail(new Error("disk full"));
    await expect(failing).rejects.toThrow("disk full");
    expect([w.get("a"), w.get("b"), w.size]).toEqual(["new", "kept", 2]);
    await w.flush(async () => undefined);
    let called = false;
    expect((await w.flush(async () => void (called = true))).size).toBe(0);
    expect(called).toBe(false);
  });
});
