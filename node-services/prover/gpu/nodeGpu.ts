/**
 * A `GPU` object in Node from the `webgpu` package (Dawn). Without a GPU, Dawn runs on a software Vulkan driver when
 * `VK_ICD_FILENAMES` names one (e.g. SwiftShader from Debian's chromium) and the system has libvulkan.so.1 (libvulkan1).
 */
/// <reference types="@webgpu/types" />
import { existsSync } from "node:fs";
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

export async function createNodeGpu(opts: NodeGpuOptions = {}): Promise<GPU> {
  if (opts.vulkanIcd) {
    if (!existsSync(opts.vulkanIcd)) throw new GpuError("NO_ADAPTER", `Vulkan ICD manifest ${opts.vulkanIcd} does not exist`);
    process.env.VK_ICD_FILENAMES = opts.vulkanIcd;
  }
  let mod: { create(flags: string[]): GPU };
  try {
    mod = (await import("webgpu")) as unknown as { create(flags: string[]): GPU };
  } catch (e) {
    throw new GpuError("NO_WEBGPU", `the webgpu package (Dawn for Node) failed to load: ${(e as Error).message}`, { cause: e });
  }
  return mod.create(opts.dawnFlags ?? []);
}
