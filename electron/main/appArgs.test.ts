/** The app's command line: mode first, then the headless node's own options; Chromium's switches pass through. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseAppArgs } from "./appArgs.js";

const dir = mkdtempSync(join(tmpdir(), "prom-appargs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("parseAppArgs", () => {
  it("runs the devnet by default with the node's defaults", () => {
    const a = parseAppArgs(["--data-dir", dir], {});
    expect(a.mode).toBe("devnet");
    expect(a.config.dataDir).toBe(dir);
    expect(a.sources["rpc.port"]).toBe("default");
  });

  it("takes `run` and the role options of prom-node run, flags and environment alike", () => {
    const a = parseAppArgs(["run", "--role", "aggregator", "--data-dir", dir, "--enable-logging", "--ozone-platform=wayland"], { PROM_L1_URL: "http://127.0.0.1:8545" });
    expect(a.mode).toBe("run");
    expect(a.config.role).toBe("aggregator");
    expect(a.config.l1.url).toBe("http://127.0.0.1:8545");
    expect(a.sources["l1.url"]).toBe("env");
  });

  it("names a bad mode, an unknown option and a bad value", () => {
    expect(() => parseAppArgs(["serve"], {})).toThrow(/unknown mode "serve"/);
    expect(() => parseAppArgs(["--data-dir", dir, "--no-such-option", "1"], {})).toThrow(/no-such-option/);
    expect(() => parseAppArgs(["run", "--role", "miner", "--data-dir", dir], {})).toThrow(/role/);
  });
});
