/** Tunables of the WebGPU backend; the config layer wires them to TOML, PROM_* environment and flags. */
import { gpuMsmDefaults } from "./msm.js";

export const gpuOptions = {
  msmWindow: { default: 0, doc: "MSM window width in bits (4..16); 0 picks it from the point count" },
  msmSegment: { default: gpuMsmDefaults.segment, doc: "Sorted MSM entries each GPU thread accumulates (bounds the longest thread for skewed scalars)" },
  msmMaxPointsPerPass: { default: gpuMsmDefaults.maxPointsPerPass, doc: "Points per GPU MSM pass; larger MSMs are split (bounds buffer sizes and dispatch length)" },
  powerPreference: { default: "high-performance" as "high-performance" | "low-power", doc: "Which adapter to ask WebGPU for" },
  vulkanIcd: { default: "", doc: "Node only: Vulkan ICD manifest for Dawn (e.g. SwiftShader's, to run without a GPU); empty: the system's" },
};
