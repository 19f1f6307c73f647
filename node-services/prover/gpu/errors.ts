/** The GPU backend's one error type: a stable `code` (the caller falls back to WASM on any of them) and an actionable message. */
export type GpuErrorCode =
  /** No `GPU` object (no `navigator.gpu`, or the `webgpu` package could not load). */
  | "NO_WEBGPU"
  /** `requestAdapter()` gave nothing: no driver (on Linux without a GPU: no Vulkan ICD; see nodeGpu.ts). */
  | "NO_ADAPTER"
  /** The adapter cannot give the buffer or dispatch limits a job of this size needs. */
  | "LIMITS"
  /** The device was lost (driver reset, timeout, `destroy()`) before or during a job. */
  | "DEVICE_LOST"
  /** A shader failed to compile or a pipeline failed validation. */
  | "SHADER"
  /** The device reported an out-of-memory or validation error for a job. */
  | "OUT_OF_MEMORY"
  | "VALIDATION"
  /** Input of the wrong length or size (not a power of two, points and scalars of different counts). */
  | "BAD_INPUT"
  /** The backend was destroyed by its owner. */
  | "DESTROYED";

export class GpuError extends Error {
  override readonly name = "GpuError";
  constructor(
    readonly code: GpuErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
