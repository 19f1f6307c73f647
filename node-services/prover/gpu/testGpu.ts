/**
 * The GPU backend for tests: the real device when VK_ICD_FILENAMES or a GPU is there, else SwiftShader.
 * A missing adapter is a failure with the reason, never a skip.
 */
import { createGpuBackend, type GpuBackend } from "./backend.js";
import { GpuError } from "./errors.js";
import { createNodeGpu, findSwiftShaderIcd } from "./nodeGpu.js";

export async function testGpuBackend(): Promise<GpuBackend> {
  const icd = process.env.VK_ICD_FILENAMES ? undefined : findSwiftShaderIcd();
  const gpu = await createNodeGpu(icd ? { vulkanIcd: icd } : {});
  try {
    return await createGpuBackend(gpu);
  } catch (e) {
    if (e instanceof GpuError && e.code === "NO_ADAPTER") {
      throw new GpuError("NO_ADAPTER", `${e.message} (tried ${icd ?? process.env.VK_ICD_FILENAMES ?? "the default Vulkan drivers"})`);
    }
    throw e;
  }
}
