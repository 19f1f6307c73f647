/**
 * `prom-node run`: its help documents every option it reads, bad settings fail with a clear message, and the command
 * line a devnet prints for a second node starts one that serves the devnet's chain.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { JsonRpcProvider } from "ethers";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config/load.js";
import { flagName, envName, type OptionSpec } from "../config/option.js";
import { sections } from "../config/schema.js";
import { joinCommand, startDevnet } from "../devnet/devnet.js";
import { freePort } from "../l1/anvil.js";
import { startRunNode } from "../node/runNode.js";
import { until } from "../testing/until.js";
import { testLogger } from "../testing/testLogger.js";

const repoRoot = join(import.meta.dirname, "..", "..");
const cli = join(repoRoot, "node-services", "cli", "promNode.ts");
const tsx = join(repoRoot, "node_modules", ".bin", "tsx");
const exec = promisify(execFile);

async function promNode(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(tsx, [cli, ...args], { cwd: repoRoot, env: { ...process.env, PROM_CONFIG: "" } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}


describe("prom-node run", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("--help documents every option it reads, with its variable and default", async () => {
    const { code, stdout } = await promNode("run", "--help");
    expect(code).toBe(0);
    for (const flag of ["--role", "--l1-url", "--rollup-address", "--trusted-rpc", "--db-url", "--genesis", "--read-only", "--deploy-block"]) {
      expect(stdout).toContain(`${flag} <`);
    }
    for (const s of sections.filter((x) => ["", "l2", "l1", "rpc", "log", "sync", "trustedSync"].includes(x.name))) {
      for (const [key, raw] of Object.entries(s.options)) {
        const spec = raw as OptionSpec;
        expect(stdout).toContain(`--${flagName(s.name, key, spec)} <`);
        expect(stdout).toContain(envName(s.name, key));
        expect(stdout).toContain(spec.doc);
      }
    }
  });

  it("refuses incomplete or inconsistent settings with a clear message", async () => {
    const noL1 = await promNode("run", "--role", "rpc");
    expect(noL1.code).toBe(1);
    expect(noL1.stderr).toMatch(/--l1-url is required/);
    const config = (...argv: string[]) => loadConfig({ argv, env: {} }).config;
    const log = testLogger("error");
    await expect(startRunNode(config("--read-only", "--l1-url", "http://127.0.0.1:1", "--rollup-address", `0x${"11".repeat(20)}`), log)).rejects.toThrow(
      /--read-only serves a database another instance syncs/,
    );
    await expect(startRunNode(config("--l1-url", "http://127.0.0.1:1"), log)).rejects.toThrow(/--rollup-address is required/);
    expect(() => config("--role", "validator")).toThrow(/role/);
  });

  it("the line a devnet prints starts a second node that serves the devnet's chain", async () => {
    const devDir = mkdtempSync(join(tmpdir(), "prom-devnet-"));
    const nodeDir = mkdtempSync(join(tmpdir(), "prom-rpc-"));
    dirs.push(devDir, nodeDir);
    const { config } = loadConfig({
      argv: ["--data-dir", devDir, "--rpc-port", "0", "--l1-port", String(await freePort()), "--l1-block-time", "0", "--sequencer-block-time-ms", "200"],
      env: {},
    });
    const log = testLogger("warn");
    const devnet = await startDevnet(config, log);
    const seq = new JsonRpcProvider(devnet.rpcUrl, undefined, { staticNetwork: true });
    try {
      const line = joinCommand(devnet, devDir);
      expect(line).toMatch(/^prom-node run --role rpc /);
      const argv = line.replace(/^prom-node run /, "").replace("~/.prom/rpc1", nodeDir).split(" ");
      const node = await startRunNode(loadConfig({ argv, env: {} }).config, log);
      try {
        const rpc = new JsonRpcProvider(node.node.rpcUrl!, undefined, { staticNetwork: true });
        const target = await seq.getBlockNumber();
        await until(`the second node at block ${target}`, async () => (await rpc.getBlockNumber()) >= target);
        expect(await rpc.send("eth_getBlockByNumber", [`0x${target.toString(16)}`, false])).toEqual(
          await seq.send("eth_getBlockByNumber", [`0x${target.toString(16)}`, false]),
        );
        rpc.destroy();
      } finally {
        await node.stop();
      }
    } finally {
      seq.destroy();
      await devnet.stop();
    }
  });
});
