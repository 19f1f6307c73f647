/**
 * Crash safety of the devnet as a process: `kill -9` while wallets are sending, then a restart on the same data dir.
 * Every tx that was given a hash must still be known afterwards (in a block, or in the pool until it gets one).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonRpcProvider, Wallet, parseEther } from "ethers";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../l1/anvil.js";
import { devAccounts } from "./devAccounts.js";

const repoRoot = join(import.meta.dirname, "..", "..");
let lastStderr = "";

function startNodeProcess(args: string[]): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "node-services/cli/promNode.ts", "devnet", ...args], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.resume();
  // Kept so a failure shows what the node said.
  child.stderr!.on("data", (d: Buffer) => (lastStderr = (lastStderr + d.toString()).slice(-4000)));
  return child;
}

async function waitForRpc(url: string, timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}' });
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > end) throw new Error(`no JSON-RPC at ${url}; the node said: ${lastStderr}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null ? r(c.exitCode) : c.once("exit", (code) => r(code))));

describe("devnet process", () => {
  const dir = mkdtempSync(join(tmpdir(), "prom-crash-"));
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill("SIGKILL");
      await exited(child);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("loses no tx that got a hash when killed with SIGKILL under traffic, and stops cleanly on SIGINT", { timeout: 300_000 }, async () => {
    const rpcPort = await freePort();
    const args = ["--data-dir", dir, "--rpc-port", String(rpcPort), "--l1-port", String(await freePort()), "--l1-block-time", "0",
      "--sequencer-block-time-ms", "150", "--sequencer-batch-time-ms", "400", "--log-level", "error"];
    const url = `http://127.0.0.1:${rpcPort}`;
    child = startNodeProcess(args);
    await waitForRpc(url);

    const provider = new JsonRpcProvider(url, 1001, { staticNetwork: true });
    const senders = devAccounts(6).slice(2).map((a) => new Wallet(a.privateKey, provider));
    const to = Wallet.createRandom().address;
    const accepted: string[] = [];
    let killAt = 0;
    const sendLoop = async (w: Wallet) => {
      for (let nonce = 0; ; nonce++) {
        const raw = await w.signTransaction({ to, value: parseEther("0.001"), type: 0, gasLimit: 21000, gasPrice: 1_000_000_000n, nonce, chainId: 1001 });
        try {
          accepted.push(await provider.send("eth_sendRawTransaction", [raw]));
        } catch (err) {
          if (killAt === 0) throw err; // refused while the node was up: a bug, not the crash
          return; // the node is gone
        }
        if (killAt === 0 && accepted.length >= 40) {
          killAt = accepted.length;
          child!.kill("SIGKILL");
        }
      }
    };
    await Promise.all(senders.map(sendLoop));
    await exited(child);
    provider.destroy();
    expect(accepted.length).toBeGreaterThanOrEqual(40);

    child = startNodeProcess(args);
    await waitForRpc(url);
    const after = new JsonRpcProvider(url, 1001, { staticNetwork: true });
    for (const hash of accepted) {
      const tx = await after.getTransaction(hash);
      expect(tx, `tx ${hash} was given a hash before the crash and is gone`).not.toBeNull();
    }
    // The pool goes on: every accepted tx ends up in a block.
    const deadline = Date.now() + 60_000;
    for (const hash of accepted) {
      while ((await after.getTransactionReceipt(hash)) === null) {
        if (Date.now() > deadline) throw new Error(`tx ${hash} never got into a block after the restart; the node said: ${lastStderr}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    expect(await after.getBalance(to)).toBe(parseEther("0.001") * BigInt(accepted.length));
    // And the batches holding them reach L1: the sequence sender and the L1 tx manager carry on after the crash.
    const lastBlock = Math.max(...(await Promise.all(accepted.map(async (h) => (await after.getTransactionReceipt(h))!.blockNumber))));
    const batchOfLast = Number(await after.send("zkevm_batchNumberByBlockNumber", [`0x${lastBlock.toString(16)}`]));
    while (Number(await after.send("zkevm_virtualBatchNumber", [])) < batchOfLast) {
      if (Date.now() > deadline + 30_000) throw new Error(`batch ${batchOfLast} never became virtual after the restart; the node said: ${lastStderr}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    after.destroy();

    child.kill("SIGINT");
    expect(await exited(child)).toBe(0);
  });
});
