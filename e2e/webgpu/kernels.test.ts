import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchWebGpuChromium } from "./chromium.js";
import type { KernelCheckReport, KernelCheckUrls } from "./kernelChecks.js";
import { startPageServer, type PageServer } from "./pageServer.js";

describe("WebGPU kernels in headless Chromium (navigator.gpu on SwiftShader) vs prover-wasm in the same page", () => {
  let server: PageServer | undefined;
  let browser: Browser | undefined;
  let report: KernelCheckReport;

  beforeAll(async () => {
    server = await startPageServer();
    browser = await launchWebGpuChromium();
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(server.url);
    await page.waitForFunction(() => "runKernelChecks" in globalThis, undefined, { timeout: 30_000 }).catch(() => {
      throw new Error(`the page never loaded its bundle: ${pageErrors.join("; ") || "no page error"}`);
    });
    report = await page.evaluate(
      (urls: KernelCheckUrls) =>
        (globalThis as unknown as { runKernelChecks(u: KernelCheckUrls): Promise<KernelCheckReport> }).runKernelChecks(urls),
      server.paths,
    );
    console.log(
      `[e2e/webgpu] adapter: ${report.adapter ?? "none"}; ${report.checks.map((c) => `${c.name} ${c.ms} ms`).join(", ")}; total ${report.totalMs} ms`,
    );
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("the backend's adapter comes from navigator.gpu (a real GPU object, SwiftShader here)", () => {
    expect(report.navigatorGpu.present, `navigator.gpu is missing in ${report.userAgent}: Chromium lacks WebGPU with these flags`).toBe(true);
    expect(report.navigatorGpu.isGpuInstance).toBe(true);
    expect(report.setupError, "creating the backend or loading prover-wasm in the page failed").toBeUndefined();
    // --use-webgpu-adapter=swiftshader took effect: the page's adapter is Chromium's SwiftShader, not Dawn for Node's
    expect(report.adapter).toMatch(/swiftshader/i);
  });

  it("field ops, Fr multiplication in both limb representations, NTT 2^6 (forward, inverse, coset, split in chunks) and MSM 2^5 with edge inputs equal the WASM results", () => {
    expect(report.setupError).toBeUndefined();
    const names = report.checks.map((c) => c.name);
    // every kernel family ran: a check that silently went missing would otherwise pass
    for (const kernel of ["fr.add", "fr.sub", "fr.mul", "fq.add", "fq.sub", "fq.mul", "fr.mul chain 32x8", "fr.mul chain 13x20", "ntt 2^6", "intt 2^6", "cosetNtt 2^6", "cosetIntt 2^6", "msmG1"]) {
      expect(names.some((n) => n.startsWith(kernel)), `no ${kernel} check ran`).toBe(true);
    }
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });
});
