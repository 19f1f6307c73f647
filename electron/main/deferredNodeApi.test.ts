/** Calls made while the node starts wait for it (a real NodeApi that becomes ready later); a failed start says why. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { NodeApi, NodeEvent } from "../../node-services/api/nodeApi.js";
import { createNodeApi } from "../../node-services/api/server/createNodeApi.js";
import { loadConfig } from "../../node-services/config/load.js";
import { Logger } from "../../node-services/log/logger.js";
import { deferredNodeApi } from "./deferredNodeApi.js";

const dir = mkdtempSync(join(tmpdir(), "prom-deferred-"));
const log = new Logger({ level: "error", format: "json", write: () => undefined });
const { config, configFile } = loadConfig({ argv: ["--data-dir", dir], env: {} });
const real = createNodeApi({ version: "later", roles: [], log, config, configFile });
afterAll(async () => {
  await real.close();
  rmSync(dir, { recursive: true, force: true });
});

function later(): { promise: Promise<NodeApi>; resolve(api: NodeApi): void; reject(e: Error): void } {
  let resolve!: (api: NodeApi) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<NodeApi>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe("deferredNodeApi", () => {
  it("answers calls made before the node is ready once it is, and subscribes then", async () => {
    const start = later();
    const api = deferredNodeApi(start.promise);
    let answered = false;
    const overview = api.overview().then((o) => ((answered = true), o));
    const events: NodeEvent[] = [];
    api.subscribe(["logs"], (e) => events.push(e));
    await new Promise((r) => setTimeout(r, 50));
    expect(answered).toBe(false);
    start.resolve(real);
    expect((await overview).version).toBe("later");
    log.child("late").info("after the start");
    expect(events).toMatchObject([{ topic: "logs", entry: { component: "late", msg: "after the start" } }]);
  });

  it("never subscribes when unsubscribed before the node is ready", async () => {
    const start = later();
    const events: NodeEvent[] = [];
    const off = deferredNodeApi(start.promise).subscribe(["logs"], (e) => events.push(e));
    off();
    start.resolve(real);
    await start.promise;
    log.info("nobody listens");
    expect(events).toEqual([]);
  });

  it("answers UNAVAILABLE with the reason when the node failed to start", async () => {
    const start = later();
    const api = deferredNodeApi(start.promise);
    const pending = api.settings();
    start.reject(new Error("port 8546 is in use"));
    await expect(pending).rejects.toMatchObject({ code: "UNAVAILABLE", message: "the node did not start: port 8546 is in use" });
    expect(() => api.subscribe(["logs"], () => undefined)()).not.toThrow();
  });
});
