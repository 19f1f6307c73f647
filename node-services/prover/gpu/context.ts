/**
 * One WebGPU device for the prover: adapter and limits negotiation, compiled pipelines, buffer bookkeeping, and
 * device-loss detection (every job's wait races `device.lost`, so a lost device rejects with DEVICE_LOST, never hangs).
 */
/// <reference types="@webgpu/types" />
import { GpuError } from "./errors.js";
import { loadShaderSources, type ShaderModuleName } from "./shaders.js";

// Numeric flags (the WebGPU globals GPUBufferUsage/GPUMapMode are absent in Node unless installed on globalThis).
export const Usage = { MAP_READ: 1, COPY_SRC: 4, COPY_DST: 8, UNIFORM: 64, STORAGE: 128 } as const;
const MAP_READ_MODE = 1;
export const WORKGROUP = 64;

/** The limits the kernels depend on; each is asked for at the adapter's maximum. */
export const neededLimits = ["maxStorageBufferBindingSize", "maxBufferSize", "maxComputeWorkgroupsPerDimension", "maxStorageBuffersPerShaderStage", "maxComputeInvocationsPerWorkgroup", "maxComputeWorkgroupSizeX"] as const;
export type NeededLimit = (typeof neededLimits)[number];

export interface GpuAdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** `vendor device (description)` trimmed; what benches and job events print. */
  name: string;
}

export interface LimitsReport {
  /** What the device was asked for (the adapter's maxima for the limits the kernels use). */
  requested: Record<NeededLimit, number>;
  /** What the device got. */
  granted: Record<NeededLimit, number>;
}

export interface ContextOptions {
  powerPreference?: "low-power" | "high-performance";
  /** Folder of the .wgsl files (a URL ending in `/`); defaults to the repository's `shaders/`. */
  shaderBase?: URL;
}

export class GpuContext {
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly buffers = new Set<GPUBuffer>();
  private lostError: GpuError | undefined;
  private destroyed = false;
  /** Rejects once the device is lost for any reason other than our own destroy(). */
  private readonly lostSignal: Promise<never>;

  private constructor(
    // Held so they outlive the device: Dawn for Node aborts the process if the GPU object is collected under a live device.
    private readonly gpu: GPU,
    private readonly adapter: GPUAdapter,
    readonly device: GPUDevice,
    readonly adapterInfo: GpuAdapterSummary,
    readonly limits: LimitsReport,
    private readonly sources: Record<ShaderModuleName, string>,
  ) {
    this.lostSignal = device.lost.then((info) => {
      const err = this.destroyed
        ? new GpuError("DESTROYED", "the GPU backend was destroyed")
        : new GpuError("DEVICE_LOST", `WebGPU device lost (${info.reason}): ${info.message || "no message"}; run this job on WASM`);
      this.lostError = err;
      throw err;
    });
    // The race partner is often not awaited (no job running); keep Node from calling it unhandled.
    this.lostSignal.catch(() => undefined);
  }

  static async create(gpu: GPU | undefined, opts: ContextOptions = {}): Promise<GpuContext> {
    if (!gpu) throw new GpuError("NO_WEBGPU", "no WebGPU: pass navigator.gpu (Chromium/Electron) or the webgpu package's create([]) (Node)");
    const adapter = await gpu.requestAdapter({ powerPreference: opts.powerPreference ?? "high-performance" });
    if (!adapter) {
      throw new GpuError(
        "NO_ADAPTER",
        "WebGPU found no adapter. Without a GPU on Linux, install libvulkan1 and point VK_ICD_FILENAMES at a Vulkan driver " +
          "such as SwiftShader (Debian's chromium ships /usr/lib/chromium/vk_swiftshader_icd.json)",
      );
    }
    const requested = Object.fromEntries(neededLimits.map((k) => [k, adapter.limits[k]])) as Record<NeededLimit, number>;
    let device: GPUDevice;
    try {
      device = await adapter.requestDevice({ requiredLimits: requested });
    } catch (e) {
      throw new GpuError("LIMITS", `the adapter refused the limits it advertised: ${(e as Error).message}`, { cause: e });
    }
    const granted = Object.fromEntries(neededLimits.map((k) => [k, device.limits[k]])) as Record<NeededLimit, number>;
    const info = adapter.info;
    const summary: GpuAdapterSummary = {
      vendor: info.vendor,
      architecture: info.architecture,
      device: info.device,
      description: info.description,
      name: [info.vendor, info.architecture, info.device, info.description].filter((s) => s).join(" / ") || "unknown adapter",
    };
    let sources: Record<ShaderModuleName, string>;
    try {
      sources = await loadShaderSources(opts.shaderBase);
    } catch (e) {
      device.destroy();
      throw new GpuError("SHADER", (e as Error).message, { cause: e });
    }
    return new GpuContext(gpu, adapter, device, summary, { requested, granted }, sources);
  }

  get isLost(): boolean {
    return this.lostError !== undefined;
  }

  /** Throws the loss (or destroy) error if there was one. */
  ensureUsable(): void {
    if (this.destroyed) throw new GpuError("DESTROYED", "the GPU backend was destroyed");
    if (this.lostError) throw this.lostError;
  }

  async pipeline(module: ShaderModuleName, entryPoint: string): Promise<GPUComputePipeline> {
    const key = `${module}:${entryPoint}`;
    const cached = this.pipelines.get(key);
    if (cached) return cached;
    this.device.pushErrorScope("validation");
    const shader = this.device.createShaderModule({ code: this.sources[module], label: module });
    const p = await this.race(this.device.createComputePipelineAsync({ layout: "auto", compute: { module: shader, entryPoint }, label: key }).catch(async (e: unknown) => {
      const info = await shader.getCompilationInfo();
      const msgs = info.messages.filter((m) => m.type === "error").map((m) => `${m.lineNum}:${m.linePos} ${m.message}`);
      throw new GpuError("SHADER", `pipeline ${key} failed: ${(e as Error).message}${msgs.length ? `; ${msgs.join("; ")}` : ""}`, { cause: e });
    }));
    const err = await this.race(this.device.popErrorScope());
    if (err) throw await this.explain(new GpuError("SHADER", `pipeline ${key}: ${err.message}`));
    this.pipelines.set(key, p);
    return p;
  }

  /** Checks a buffer size against the granted limits before allocating it. */
  checkSize(bytes: number, what: string): void {
    const max = Math.min(this.limits.granted.maxStorageBufferBindingSize, this.limits.granted.maxBufferSize);
    if (bytes > max) {
      throw new GpuError("LIMITS", `${what} needs a ${bytes}-byte buffer; this device binds at most ${max} bytes (run it on WASM or split the job)`);
    }
  }

  buffer(size: number, usage: number, label: string): GPUBuffer {
    this.ensureUsable();
    const size4 = Math.max(16, Math.ceil(size / 16) * 16);
    this.checkSize(size4, label);
    const b = this.device.createBuffer({ size: size4, usage, label });
    this.buffers.add(b);
    return b;
  }

  storage(data: Uint8Array | number, label: string): GPUBuffer {
    const size = typeof data === "number" ? data : data.length;
    const b = this.buffer(size, Usage.STORAGE | Usage.COPY_SRC | Usage.COPY_DST, label);
    if (typeof data !== "number" && data.length > 0) this.device.queue.writeBuffer(b, 0, data.buffer, data.byteOffset, data.length);
    return b;
  }

  uniform(words: number[], label: string): GPUBuffer {
    const b = this.buffer(words.length * 4, Usage.UNIFORM | Usage.COPY_DST, label);
    this.device.queue.writeBuffer(b, 0, new Uint32Array(words));
    return b;
  }

  release(...bs: GPUBuffer[]): void {
    for (const b of bs) {
      if (this.buffers.delete(b)) b.destroy();
    }
  }

  /** Records a dispatch of `threads` invocations (workgroups of 64 laid out in 2D to respect the per-dimension limit). */
  dispatch(pass: GPUComputePassEncoder, pipeline: GPUComputePipeline, bindings: Record<number, GPUBuffer>, threads: number, workgroupSize = WORKGROUP): void {
    const groups = Math.ceil(threads / workgroupSize);
    if (groups === 0) return;
    const maxX = this.limits.granted.maxComputeWorkgroupsPerDimension;
    const x = Math.min(groups, maxX);
    const y = Math.ceil(groups / x);
    if (y > maxX) throw new GpuError("LIMITS", `${threads} threads exceed ${maxX}² workgroups of ${workgroupSize}`);
    const group = this.device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: Object.entries(bindings).map(([binding, buffer]) => ({ binding: Number(binding), resource: { buffer } })),
    });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(x, y);
  }

  /** Submits `record`'s work, copies `src` back and resolves with its first `size` bytes; rejects on device loss or a GPU error. */
  submitAndRead(record: (enc: GPUCommandEncoder) => void, src: GPUBuffer, size: number, label: string): Promise<Uint8Array> {
    return this.submitAndReadAll(record, [{ buffer: src, size }], label);
  }

  /** `submitAndRead` over several buffers (a vector held in chunks): their first `size` bytes each, concatenated. */
  async submitAndReadAll(record: (enc: GPUCommandEncoder) => void, sources: { buffer: GPUBuffer; size: number }[], label: string): Promise<Uint8Array> {
    this.ensureUsable();
    const reads = sources.map((s, i) => this.buffer(s.size, Usage.MAP_READ | Usage.COPY_DST, `${label} readback ${i}`));
    try {
      this.device.pushErrorScope("out-of-memory");
      this.device.pushErrorScope("validation");
      const enc = this.device.createCommandEncoder({ label });
      record(enc);
      sources.forEach((s, i) => enc.copyBufferToBuffer(s.buffer, 0, reads[i]!, 0, reads[i]!.size));
      this.device.queue.submit([enc.finish()]);
      const validation = this.device.popErrorScope();
      const oom = this.device.popErrorScope();
      const [v, o] = await this.race(Promise.all([validation, oom]));
      if (o) throw new GpuError("OUT_OF_MEMORY", `${label}: ${o.message}`);
      if (v) throw new GpuError("VALIDATION", `${label}: ${v.message}`);
      await this.race(Promise.all(reads.map((r) => r.mapAsync(MAP_READ_MODE))));
      const out = new Uint8Array(sources.reduce((t, s) => t + s.size, 0));
      let at = 0;
      sources.forEach((s, i) => {
        out.set(new Uint8Array(reads[i]!.getMappedRange(0, reads[i]!.size), 0, s.size), at);
        reads[i]!.unmap();
        at += s.size;
      });
      return out;
    } catch (e) {
      throw await this.explain(e);
    } finally {
      this.release(...reads);
    }
  }

  /**
   * A failed map or compile on a device that is going away (an AbortError, or a validation error about a destroyed
   * device) is reported as the loss: `device.lost` settles a moment after the operation fails.
   */
  private async explain(e: unknown): Promise<unknown> {
    if (e instanceof GpuError && e.code !== "VALIDATION") return e;
    await Promise.race([this.lostSignal.catch(() => undefined), new Promise((r) => setTimeout(r, 200))]);
    return this.lostError ?? e;
  }

  /** `p`, or the device-loss error if the device goes first. */
  async race<T>(p: Promise<T>): Promise<T> {
    if (this.lostError) throw this.lostError;
    // Dawn for Node does not hold the event loop open while the GPU works; without a timer Node may exit mid-job.
    const keepAlive = setInterval(() => undefined, 1000);
    try {
      return await Promise.race([p, this.lostSignal]);
    } finally {
      clearInterval(keepAlive);
    }
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const b of this.buffers) b.destroy();
    this.buffers.clear();
    this.pipelines.clear();
    this.device.destroy();
  }

  /** Buffers currently allocated (for leak checks). */
  get liveBuffers(): number {
    return this.buffers.size;
  }
}
