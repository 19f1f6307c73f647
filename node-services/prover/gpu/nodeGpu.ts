/**
 * A `GPU` object in Node from the `webgpu` package (Dawn). Without a GPU, Dawn runs on a software Vulkan driver when
 * `VK_ICD_FILENAMES` names one (e.g. SwiftShader from Debian's chromium) and the system has libvulkan.so.1 (libvulkan1).
 */
/// <reference types="@webgpu/types" />
import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { GpuError } from "./errors.js";

export interface NodeGpuOptions {
  /** Vulkan ICD manifest to use (sets VK_ICD_FILENAMES before Dawn starts); absent: the environment's choice. */
  vulkanIcd?: string;
  /** Dawn flags (`create(flags)`), e.g. `["backend=vulkan"]`. */
  dawnFlags?: string[];
}

/** Where Linux distributions install SwiftShader's Vulkan manifest (Debian/Ubuntu chromium packages). */
export const swiftShaderIcdCandidates = ["/usr/lib/chromium/vk_swiftshader_icd.json", "/usr/lib/chromium-browser/vk_swiftshader_icd.json"];

/** The first SwiftShader manifest found, for running the GPU backend on a CPU (tests, CI). */
export function findSwiftShaderIcd(): string | undefined {
  return swiftShaderIcdCandidates.find((p) => existsSync(p));
}

/**
 * Whether the Vulkan loader can find any driver manifest (Linux: the environment's list, or a `*.json` in the
 * loader's search folders). Without one Dawn finds no adapter anyway, after printing warnings on stderr.
 */
export function vulkanDriverListed(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.platform !== "linux" || env.VK_ICD_FILENAMES || env.VK_DRIVER_FILES || env.VK_ADD_DRIVER_FILES) return true;
  const config = [env.XDG_CONFIG_HOME ?? join(homedir(), ".config"), ...(env.XDG_CONFIG_DIRS ?? "/etc/xdg").split(":"), "/etc"];
  const data = [env.XDG_DATA_HOME ?? join(homedir(), ".local/share"), ...(env.XDG_DATA_DIRS ?? "/usr/local/share:/usr/share").split(":")];
  return [...config, ...data].some((dir) => {
    try {
      return readdirSync(join(dir, "vulkan", "icd.d")).some((f) => f.endsWith(".json"));
    } catch {
      return false;
    }
  });
}

export async function createNodeGpu(opts: NodeGpuOptions = {}): Promise<GPU> {
  if (opts.vulkanIcd) {
    if (!existsSync(opts.vulkanIcd)) throw new GpuError("NO_ADAPTER", `Vulkan ICD manifest ${opts.vulkanIcd} does not exist`);
    process.env.VK_ICD_FILENAMES = opts.vulkanIcd;
  } else if (!vulkanDriverListed()) {
    throw new GpuError(
      "NO_ADAPTER",
      "no Vulkan driver is installed (no ICD manifest in the loader's vulkan/icd.d folders and VK_ICD_FILENAMES unset); " +
        `without a GPU, SwiftShader's runs the GPU backend on the CPU: VK_ICD_FILENAMES=${swiftShaderIcdCandidates[0]}`,
    );
  }
  let mod: { create(flags: string[]): GPU };
  try {
    mod = (await import("webgpu")) as unknown as { create(flags: string[]): GPU };
  } catch (e) {
    throw new GpuError("NO_WEBGPU", `the webgpu package (Dawn for Node) failed to load: ${(e as Error).message}`, { cause: e });
  }
  return mod.create(opts.dawnFlags ?? []);
}
