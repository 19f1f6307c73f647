/**
 * Headless Chromium with WebGPU on SwiftShader through playwright-core, using the system's Chromium (never a download).
 * `PROM_CHROMIUM` names another executable.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { E2eSetupError } from "./pageServer.js";

/** Where Linux distributions install Chromium (Debian's `chromium` package first). */
export const chromiumCandidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium"];

/** navigator.gpu on a CPU-only machine: WebGPU forced on, Vulkan through SwiftShader. */
export const webGpuSwiftShaderArgs = ["--enable-unsafe-webgpu", "--enable-features=Vulkan,WebGPU", "--use-webgpu-adapter=swiftshader"];

export function findChromium(): string {
  const fromEnv = process.env.PROM_CHROMIUM;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new E2eSetupError("NO_CHROMIUM", `PROM_CHROMIUM=${fromEnv} does not exist`);
    return fromEnv;
  }
  const found = chromiumCandidates.find((p) => existsSync(p));
  if (!found) {
    throw new E2eSetupError(
      "NO_CHROMIUM",
      `no Chromium found (tried ${chromiumCandidates.join(", ")}): install Debian's chromium package (apt-get install chromium) or set PROM_CHROMIUM`,
    );
  }
  return found;
}

export async function launchWebGpuChromium(): Promise<Browser> {
  const executablePath = findChromium();
  try {
    return await chromium.launch({ executablePath, headless: true, args: webGpuSwiftShaderArgs });
  } catch (e) {
    throw new E2eSetupError("NO_CHROMIUM", `${executablePath} did not start headless: ${(e as Error).message}`);
  }
}
