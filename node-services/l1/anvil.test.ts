import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureContractsBuilt } from "../../contracts/build.js";
import { fastProvider } from "../../contracts/testChain.js";
import { Etherman } from "../etherman/etherman.js";
import { startAnvil } from "./anvil.js";
import { deployProm } from "./deploy.js";

const dir = mkdtempSync(join(tmpdir(), "prom-anvil-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("devnet L1", () => {
  it("deploys the Prom contracts and resumes the chain from the state file after a restart", async () => {
    ensureContractsBuilt();
    const stateFile = join(dir, "anvil-state.json");
    const first = await startAnvil({ stateFile, chainId: 1337 });
    const p1 = fastProvider(first.url);
    const signer = await p1.getSigner(0);
    const me = await signer.getAddress();
    const d = await deployProm(signer, { genesisRoot: "0x" + "22".repeat(32), trustedSequencer: me, trustedAggregator: me, chainId: 1001, forkId: 8 });
    expect(await new Etherman(p1, { rollup: d.rollup, globalExitRoot: d.globalExitRoot }).forkId()).toBe(8);
    expect(await p1.getCode(d.verifier)).not.toBe("0x");
    const height = await p1.getBlockNumber();
    p1.destroy();
    await first.stop();

    const second = await startAnvil({ stateFile, chainId: 1337, port: first.port });
    const p2 = fastProvider(second.url);
    try {
      expect(await p2.getBlockNumber()).toBeGreaterThanOrEqual(height);
      const eth = new Etherman(p2, { rollup: d.rollup, globalExitRoot: d.globalExitRoot });
      expect(await eth.batchNumToStateRoot(0)).toBe("0x" + "22".repeat(32));
      expect(await eth.trustedSequencer()).toBe(me);
    } finally {
      p2.destroy();
      await second.stop();
    }
  });

  it("fails with a clear error when the port is taken", async () => {
    const a = await startAnvil();
    try {
      await expect(startAnvil({ port: a.port, startTimeoutMs: 3000 })).rejects.toMatchObject({ code: "ANVIL_START_FAILED" });
    } finally {
      await a.stop();
    }
  });
});
