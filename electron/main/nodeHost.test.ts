/**
 * The app's node host without Electron: the devnet in-process with the app's prover settings, a `run` node of the rpc
 * role joining it, each with a working NodeApi, and stopping leaves nothing running (the devnet's anvil L1 included).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../node-services/config/load.js";
import { freePort } from "../../node-services/l1/anvil.js";
import { startAppNode, withAppProver } from "./nodeHost.js";
import { portClosed } from "../../node-services/testing/portClosed.js";
import { testLogger } from "../../node-services/testing/testLogger.js";

const dir = mkdtempSync(join(tmpdir(), "prom-apphost-"));
const log = testLogger("error");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("withAppProver", () => {
  it("gives the aggregator no prover processes of its own, a known port and a fresh token", async () => {
    const { config } = loadConfig({ argv: ["--data-dir", dir, "--aggregator-port", "0", "--aggregator-host", "0.0.0.0"], env: {} });
    const a = await withAppProver(config);
    const b = await withAppProver(config);
    expect(a.config.aggregator.localProvers).toBe(0);
    expect(a.config.aggregator.port).toBeGreaterThan(0);
    expect(a.endpoint.url).toBe(`ws://127.0.0.1:${a.config.aggregator.port}`);
    expect(a.endpoint.token).toMatch(/^[0-9a-f]{48}$/);
    expect(a.config.aggregator.token).toBe(a.endpoint.token);
    expect(b.endpoint.token).not.toBe(a.endpoint.token);
    // The caller's config is left as it was.
    expect(config.aggregator.port).toBe(0);
  });

  it("keeps a configured port and token", async () => {
    const { config } = loadConfig({ argv: ["--data-dir", dir, "--aggregator-port", "50999", "--aggregator-token", "tok"], env: {} });
    const { endpoint } = await withAppProver(config);
    expect(endpoint).toEqual({ url: "ws://127.0.0.1:50999", token: "tok" });
  });
});

describe("startAppNode", () => {
  it("runs the devnet and a run-mode rpc node joining it, each with its NodeApi, and stops both completely", async () => {
    const l1Port = await freePort();
    const devnetDir = join(dir, "devnet");
    const loaded = loadConfig({ argv: ["--data-dir", devnetDir, "--l1-port", String(l1Port), "--rpc-port", "0", "--aggregator-port", "0"], env: {} });
    const devnet = await startAppNode({ mode: "devnet", config: loaded.config, sources: loaded.sources, configFile: loaded.configFile, version: "app-test", log });
    try {
      expect(devnet.label).toBe("devnet");
      const overview = await devnet.api.overview();
      expect(overview).toMatchObject({ version: "app-test", l2: { chainId: loaded.config.l2.chainId } });
      expect(overview.l1.url).toBe(`http://127.0.0.1:${l1Port}`);
      if (devnet.proverEndpoint) expect(devnet.proverEndpoint.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
      const rpc = await devnet.api.rpcInfo();

      const joined = loadConfig({
        argv: ["--role", "rpc", "--data-dir", join(dir, "rpc"), "--rpc-port", "0", "--l1-url", overview.l1.url!, "--rollup-address", overview.l1.rollupAddress!,
          "--genesis", join(devnetDir, "genesis.json"), "--trusted-rpc", rpc.httpUrl!],
        env: {},
      });
      const rpcNode = await startAppNode({ mode: "run", config: joined.config, sources: joined.sources, configFile: joined.configFile, version: "app-test", log });
      try {
        expect(rpcNode.label).toBe("rpc node");
        expect(rpcNode.proverEndpoint).toBeNull();
        const o = await rpcNode.api.overview();
        expect(o.roles).toEqual(["rpc"]);
        expect((await rpcNode.api.rpcInfo()).httpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
        await expect(rpcNode.api.batch({ number: 0 })).resolves.toMatchObject({ number: 0 });
      } finally {
        await rpcNode.stop();
      }
    } finally {
      await devnet.stop();
    }
    expect(await portClosed(l1Port)).toBe(true);
  }, 120_000);
});
