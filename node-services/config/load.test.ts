import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { optionsHelp } from "./help.js";
import { loadConfig } from "./load.js";

function tomlFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "prom-config-"));
  const f = join(dir, "prom.toml");
  writeFileSync(f, text);
  return f;
}

describe("loadConfig", () => {
  it("uses the declared defaults when nothing is given", () => {
    const { config, sources } = loadConfig({ argv: [], env: {} });
    expect(config.rpc.port).toBe(8545);
    expect(config.l2.chainId).toBe(1001);
    expect(config.dbUrl).toBe("");
    expect(sources["rpc.port"]).toBe("default");
  });

  it("layers TOML file < PROM_* environment < CLI flags", () => {
    const file = tomlFile(`dataDir = "/tmp/prom-x"\n[rpc]\nport = 9000\nhost = "127.0.0.2"\n[sequencer]\nblockTimeMs = 250\n`);
    const { config, sources } = loadConfig({
      argv: ["--config", file, "--rpc-port=9002"],
      env: { PROM_RPC_PORT: "9001", PROM_RPC_HOST: "127.0.0.3", PROM_SEQUENCER_BATCH_TIME_MS: "700" },
    });
    expect(config.dataDir).toBe("/tmp/prom-x");
    expect(config.rpc.port).toBe(9002);
    expect(sources["rpc.port"]).toBe("flag");
    expect(config.rpc.host).toBe("127.0.0.3");
    expect(sources["rpc.host"]).toBe("env");
    expect(config.sequencer.blockTimeMs).toBe(250);
    expect(sources["sequencer.blockTimeMs"]).toBe("file");
    expect(config.sequencer.batchTimeMs).toBe(700);
  });

  it("keeps operands apart from flags", () => {
    const { positionals, config } = loadConfig({ argv: ["devnet", "--l1-port", "9100", "extra"], env: {} });
    expect(positionals).toEqual(["devnet", "extra"]);
    expect(config.l1.port).toBe(9100);
  });

  it("names the setting and its source when a value is invalid", () => {
    expect(() => loadConfig({ argv: ["--rpc-port", "70000"], env: {} })).toThrow(/rpc.port \(from --rpc-port\) must be at most 65535/);
    expect(() => loadConfig({ argv: [], env: { PROM_L2_CHAIN_ID: "abc" } })).toThrow(/l2.chainId \(from PROM_L2_CHAIN_ID\) must be a number/);
    expect(() => loadConfig({ argv: ["--log-level", "loud"], env: {} })).toThrow(/must be one of debug, info, warn, error/);
  });

  it("rejects unknown flags with a suggestion, a missing value, unknown TOML keys and broken TOML", () => {
    expect(() => loadConfig({ argv: ["--rpc-prot", "1"], env: {} })).toThrow(/unknown option --rpc-prot/);
    expect(() => loadConfig({ argv: ["--port", "1"], env: {} })).toThrow(/did you mean/);
    expect(() => loadConfig({ argv: ["--rpc-port"], env: {} })).toThrow(/needs a value/);
    expect(() => loadConfig({ argv: ["--config", tomlFile("[rpc]\nprot = 1\n")], env: {} })).toThrow(/unknown setting rpc.prot/);
    expect(() => loadConfig({ argv: ["--config", tomlFile("[rpc\n")], env: {} })).toThrow(/not valid TOML/);
    expect(() => loadConfig({ argv: ["--config", "/nonexistent/prom.toml"], env: {} })).toThrow(/cannot read config file/);
  });

  it("documents every option with its flag and variable", () => {
    const help = optionsHelp();
    expect(help).toContain("--data-dir <string>");
    expect(help).toContain("env PROM_DATA_DIR");
    expect(help).toContain("--sequence-sender-interval-ms <number>");
    expect(help).toContain("env PROM_SEQUENCE_SENDER_INTERVAL_MS");
  });
});
