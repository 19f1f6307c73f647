/**
 * The web UI in headless Chromium against a real devnet: live data on every page, transactions making batches appear
 * and move along the pipeline without a reload, the batch page, the honest empty states, the RPC console, and a
 * settings change that is checked, saved to the data dir's TOML file and still in force after a restart.
 * Screenshots of every page (light and dark) go to .prom/screenshots/.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonRpcProvider, Wallet, parseEther } from "ethers";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProofJobs } from "../../node-services/aggregator/proofJobs.js";
import { startAdminServer, type AdminServer } from "../../node-services/api/server/adminServer.js";
import { createNodeApi, type NodeApiService } from "../../node-services/api/server/createNodeApi.js";
import { loadConfig } from "../../node-services/config/load.js";
import { openTestPglite, type TestDb } from "../../node-services/db/testDb.js";
import { Logger } from "../../node-services/log/logger.js";
import { buildUi, freePort, launchChromium, screenshot, startUiNode, type UiNode } from "./uiNode.js";

// Both suites load the same build; built once, before either starts.
beforeAll(buildUi, 120_000);

describe("web UI against a devnet (headless Chromium)", () => {
  let dir: string;
  let l1Port: number;
  let node: UiNode;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  let restarting = false;
  const shots: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "prom-ui-"));
    l1Port = await freePort();
    [node, browser] = await Promise.all([startUiNode(dir, l1Port), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error" && !restarting) pageErrors.push(m.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
    if (shots.length) console.log(`[e2e/ui] screenshots:\n  ${shots.join("\n  ")}`);
  });

  const go = async (hash: string, heading: string) => {
    await page.goto(`${node.ui.url}${hash}`);
    await page.getByRole("heading", { level: 1, name: heading }).waitFor();
  };

  it("shows the overview with live heights, the pipeline and the dev accounts", async () => {
    await go("#/overview", "Overview");
    await expect.poll(() => page.getByTestId("l2-height").textContent(), { timeout: 20_000 }).toMatch(/^\d+$/);
    await page.getByText("L1 sequencer").waitFor();
    // The devnet's synchronizer reads the L1 it sequences to: its state shows, never "unknown".
    await expect.poll(() => page.getByTestId("sync-state").textContent(), { timeout: 20_000 }).toMatch(/^(synced|syncing)$/);
    await expect.poll(() => page.getByText(/1,000 ETH/).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId("pipeline-verified").textContent()).toMatch(/^\d+$/);
    shots.push(await screenshot(page, "overview-light"));
    await page.getByRole("button", { name: /dark theme/ }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    shots.push(await screenshot(page, "overview-dark"));
    await page.getByRole("button", { name: /light theme/ }).click();
  });

  it("sent transactions make a batch appear and move trusted → virtual in the open Batches page", async () => {
    await go("#/batches", "Batches");
    const provider = new JsonRpcProvider(node.devnet.rpcUrl, undefined, { staticNetwork: true, pollingInterval: 100 });
    const alice = new Wallet(node.devnet.accounts[3]!.privateKey, provider);
    const to = Wallet.createRandom().address;
    const txs = [];
    for (let i = 0; i < 3; i++) txs.push(await alice.sendTransaction({ to, value: parseEther("0.5"), type: 0, gasPrice: 1_000_000_000n, nonce: i }));
    const receipts = await Promise.all(txs.map((t) => t.wait()));
    // The txs may span two batches (batches close on time): follow the last one's, and expect its txs on its page.
    const batchOf = await Promise.all(receipts.map((r) => node.devnet.node.state.batchNumberByBlock(r!.blockNumber)));
    const batch = batchOf[2]!;
    provider.destroy();
    expect(batch).not.toBeNull();

    // The page was loaded before the txs: the row arrives through live events, and its stage changes in place.
    const row = page.locator(`tr[data-batch="${batch}"]`);
    await row.waitFor({ timeout: 20_000 });
    await expect.poll(() => row.getAttribute("data-stage"), { timeout: 60_000, interval: 200 }).toBe("virtual");
    expect(Number(await row.locator("td").nth(4).textContent())).toBeGreaterThanOrEqual(1);
    shots.push(await screenshot(page, "batches"));

    await page.getByLabel("Stage").selectOption("virtual");
    await expect.poll(() => page.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-stage"))), { timeout: 15_000 }).not.toContain("trusted");

    await page.getByLabel("Stage").selectOption("");
    await row.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: `Batch ${batch}` }).waitFor();
    const inBatch = txs.filter((_, i) => batchOf[i] === batch);
    for (const t of inBatch) await page.locator(`code[title="${t.hash}"]`).first().waitFor();
    expect(await page.getByRole("heading", { name: `Transactions (${inBatch.length})` }).count()).toBe(1);
    await page.getByText("accInputHash").waitFor();
    shots.push(await screenshot(page, "batch"));
  });

  it("says there is no aggregator on Proofs instead of an empty list", async () => {
    await go("#/proofs", "Proofs");
    await page.getByText("No aggregator in this node", { exact: true }).waitFor();
    shots.push(await screenshot(page, "proofs"));
  });

  it("lists the prover backends and runs an MSM benchmark with a chart", async () => {
    await go("#/prover", "Prover");
    await page.locator('tr[data-backend="wasm"]').getByText("yes").waitFor({ timeout: 30_000 });
    await page.getByLabel("2^12").uncheck();
    await page.getByRole("button", { name: "Run benchmark" }).click();
    const rows = page.getByTestId("bench-table").locator("tbody tr");
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(2);
    expect(await rows.first().locator("td").nth(1).textContent()).toBe("2^8");
    await page.locator("figure.chart svg").waitFor();
    shots.push(await screenshot(page, "prover"));
  });

  it("streams logs live and filters them by component", async () => {
    await go("#/logs", "Logs");
    await page.getByLabel("Level").selectOption("debug");
    await page.getByTestId("log-lines").waitFor();
    const components = await page.getByLabel("Component").locator("option").allTextContents();
    expect(components).toContain("sequencer");
    await page.getByLabel("Component").selectOption("sequencer");
    await expect.poll(() => page.locator(".log-comp").allTextContents(), { timeout: 20_000 }).not.toHaveLength(0);
    expect(new Set(await page.locator(".log-comp").allTextContents())).toEqual(new Set(["sequencer"]));
    await page.getByLabel("Component").selectOption("");
    shots.push(await screenshot(page, "logs"));
  });

  it("shows the RPC URL and answers requests from the console", async () => {
    await go("#/rpc", "RPC");
    expect(await page.getByTestId("rpc-url").textContent()).toBe(node.devnet.rpcUrl);
    await page.getByLabel("Method").fill("eth_chainId");
    await page.getByRole("button", { name: /Send/ }).click();
    await expect.poll(() => page.getByTestId("rpc-response").first().textContent(), { timeout: 15_000 }).toContain('"result": "0x3e9"');
    await page.getByLabel("Params (JSON list)").fill("[oops");
    await page.getByRole("button", { name: /Send/ }).click();
    await page.getByText(/Params are not JSON/).waitFor();
    shots.push(await screenshot(page, "rpc"));
  });

  it("checks a setting, saves it to <data-dir>/prom.toml, and the node runs with it after a restart", async () => {
    await go("#/settings", "Settings");
    // Not set by a flag of this node (a flag would still win over the file after the restart).
    const field = page.locator("#set-sequencer\\.maxBatchTxs");
    await field.fill("0");
    await page.getByText("must be at least 1", { exact: true }).waitFor();
    expect(await page.getByRole("button", { name: "Save" }).isDisabled()).toBe(true);
    await field.fill("250");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText(/Saved 1 setting\(s\)/).waitFor();
    expect(readFileSync(node.configFile, "utf8")).toMatch(/\[sequencer\][^[]*maxBatchTxs = 250/);
    shots.push(await screenshot(page, "settings"));

    // The node checks with the CLI's own checks, whatever the page let through.
    const bad = await page.evaluate(async () => {
      const res = await fetch("/rpc", { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "prom_updateSettings", params: [{ changes: { "l2.forkId": 9 } }] }) });
      return (await res.json()) as { result: { ok: boolean; errors: { path: string; message: string }[] } };
    });
    expect(bad.result.ok).toBe(false);
    expect(bad.result.errors[0]!.message).toMatch(/l2\.forkId .* must be at most 8/);

    // The page keeps trying to reconnect while the node is down: those refused connections are expected.
    restarting = true;
    await node.stop();
    node = await startUiNode(dir, l1Port);
    await go("#/settings", "Settings");
    restarting = false;
    const setting = page.locator('[data-path="sequencer.maxBatchTxs"]');
    await expect.poll(() => setting.textContent(), { timeout: 15_000 }).toMatch(/running 250\s*file/);
    expect(await page.locator("#set-sequencer\\.maxBatchTxs").inputValue()).toBe("250");
  });

  it("raised no page errors", () => {
    expect(pageErrors).toEqual([]);
  });
});

/**
 * The Proofs page over the aggregator's real job state machine (ProofJobs on PGlite), driven here the way the
 * aggregator drives it, so every stage, the progress bars, cancel, retry and the throughput chart show without the
 * minutes a real batch proof takes on a CPU.
 */
describe("Proofs page over the aggregator's proof jobs (headless Chromium)", () => {
  let t: TestDb;
  let dir: string;
  let jobs: ProofJobs;
  let api: NodeApiService;
  let server: AdminServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "prom-ui-jobs-"));
    t = await openTestPglite();
    const log = new Logger({ level: "error", format: "json", write: () => undefined });
    jobs = new ProofJobs(t.db, { maxAttempts: 3, log });
    const { config, configFile } = loadConfig({ argv: ["--data-dir", dir], env: {} });
    api = createNodeApi({ version: "e2e", roles: ["aggregator"], log, config, configFile, proofJobs: jobs });
    server = await startAdminServer(api, { host: "127.0.0.1", port: 0 }, log);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await api?.close();
    await t?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows live stage progress, cancels and retries a job, and charts finished jobs", async () => {
    await page.goto(`${server.url}#/proofs`);
    await page.getByText("No proof jobs yet").waitFor();

    // A finished job: every stage timed, then submitted and verified on L1.
    const done = await jobs.create(1, 2);
    await jobs.begin(done.id);
    await jobs.proving(done.id, "local-1", "wasm");
    for (const stage of ["load", "witness-check", "ntt", "msm-a", "msm-b1", "msm-b2", "msm-c", "msm-h"]) jobs.progress(done.id, stage, 1);
    await jobs.proved(done.id, { pi_a: [], pi_b: [], pi_c: [], protocol: "groth16", curve: "bn128" } as never, ["1"]);
    await jobs.submitted(done.id, `proof-${done.id}`);
    await jobs.txSent(done.id, `0x${"ab".repeat(32)}`);
    await jobs.verified(done.id);

    // A running job, in the middle of its MSM stage.
    const running = await jobs.create(3, 3);
    await jobs.begin(running.id);
    await jobs.proving(running.id, "local-1", "wasm");
    jobs.progress(running.id, "ntt", 1);
    jobs.progress(running.id, "msm-a", 0.4);

    const row = page.locator(`tr[data-job="${running.id}"]`);
    await expect.poll(() => row.getAttribute("data-state"), { timeout: 15_000 }).toBe("proving");
    const bar = (stage: string) => row.getByRole("progressbar", { name: `job ${running.id} ${stage}`, exact: true });
    await expect.poll(() => bar("msm-a").getAttribute("aria-valuenow"), { timeout: 15_000 }).toBe("40");
    expect(await bar("witness").getAttribute("aria-valuenow")).toBe("100");
    expect(await bar("ntt").getAttribute("aria-valuenow")).toBe("100");
    expect(await bar("msm-h").getAttribute("aria-valuenow")).toBe("0");
    expect(await page.locator(`tr[data-job="${done.id}"]`).getAttribute("data-state")).toBe("verified");
    await page.locator("figure.chart svg circle").first().waitFor();
    await screenshot(page, "proofs-jobs");

    await row.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => row.getAttribute("data-state"), { timeout: 15_000 }).toBe("cancelled");
    expect((await jobs.get(running.id))?.state).toBe("cancelled");
    await row.getByRole("button", { name: "Retry" }).click();
    await expect.poll(() => row.getAttribute("data-state"), { timeout: 15_000 }).toBe("queued");
    expect((await jobs.get(running.id))?.state).toBe("queued");

    // Cancelling a verified job is refused with the job's state, not silently ignored.
    const refused = await page.evaluate(async (id) => {
      const res = await fetch("/rpc", { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "prom_cancelProofJob", params: [{ id }] }) });
      return (await res.json()) as { error?: { data: { code: string } } };
    }, done.id);
    expect(refused.error?.data.code).toBe("CONFLICT");
  });
});

/**
 * A devnet as `npm start` runs it: L1 verifies the batch circuit and the aggregator proves with a local prover
 * process. A sent transfer's batch goes trusted → virtual → verified in the open Batches page, its real proof job
 * shows on the Proofs page with its stages and L1 tx, and the batch page gives its proof level.
 */
describe("web UI against a proving devnet (headless Chromium)", () => {
  let dir: string;
  let node: UiNode;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "prom-ui-proving-"));
    [node, browser] = await Promise.all([startUiNode(dir, await freePort(), { proving: true }), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.on("pageerror", (e) => pageErrors.push(e.message));
  }, 1_200_000);

  afterAll(async () => {
    await browser?.close();
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a transfer's batch becomes verified on L1 by a real proof job shown with its stages", async () => {
    const provider = new JsonRpcProvider(node.devnet.rpcUrl, undefined, { staticNetwork: true, pollingInterval: 100 });
    const alice = new Wallet(node.devnet.accounts[5]!.privateKey, provider);
    const receipt = await (await alice.sendTransaction({ to: Wallet.createRandom().address, value: parseEther("0.1"), type: 0, gasPrice: 1_000_000_000n })).wait();
    const batch = (await node.devnet.node.state.batchNumberByBlock(receipt!.blockNumber))!;
    provider.destroy();

    // The batch's own page, open from before L1 saw it: its stage badge changes in place (live batch events).
    await page.goto(`${node.ui.url}#/batches/${batch}`);
    await page.getByRole("heading", { level: 1, name: `Batch ${batch}` }).waitFor();
    const badge = page.locator(".badge").first();
    const seen = new Set<string>();
    await expect
      .poll(async () => {
        const stage = ((await badge.textContent({ timeout: 5_000 }).catch(() => null)) ?? "").replace(" (open)", "");
        seen.add(stage);
        return stage;
      }, { timeout: 600_000, interval: 300 })
      .toBe("verified");
    expect([...seen].some((s) => s === "trusted" || s === "virtual")).toBe(true);
    await page.getByTestId("attestation").getByText("P1 binding", { exact: true }).waitFor();
    await screenshot(page, "batch-verified");

    await page.goto(`${node.ui.url}#/proofs`);
    await page.getByRole("heading", { level: 1, name: "Proofs" }).waitFor();
    const job = page.locator('tr[data-state="verified"]').first();
    await job.waitFor({ timeout: 30_000 });
    expect(await job.getByRole("progressbar").count()).toBeGreaterThan(0);
    expect(await job.textContent()).toMatch(/0x[0-9a-f]{4}/); // its L1 tx
    await screenshot(page, "proofs-live");

    await page.goto(`${node.ui.url}#/batches`);
    await page.getByLabel("Stage").selectOption("verified");
    await page.locator('tbody tr[data-stage="verified"]').first().waitFor();
    await screenshot(page, "batches-verified");
    expect(pageErrors).toEqual([]);
  }, 900_000);
});

