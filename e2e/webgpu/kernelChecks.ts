/**
 * Runs inside the Chromium page: the WebGPU backend on `navigator.gpu` against prover-wasm loaded in the same page,
 * for field ops, NTTs and a small G1 MSM with edge inputs. Returns verdicts for the Node-side test to assert.
 */
/// <reference types="@webgpu/types" />
import { createGpuBackend, type GpuBackend } from "../../node-services/prover/gpu/backend.js";
import { FQ_MODULUS, FR_MODULUS, G1_BYTES, leToScalar, loadProverWasm, scalarToLe, type ProverWasm } from "../../prover-wasm/loader.js";

export interface KernelCheck {
  name: string;
  ok: boolean;
  /** The first mismatch, when there is one. */
  detail?: string;
  ms: number;
}

export interface KernelCheckReport {
  /** What the page saw: `navigator.gpu` exists and is a `GPU` instance (not a polyfill or Dawn-for-Node object). */
  navigatorGpu: { present: boolean; isGpuInstance: boolean };
  adapter?: string;
  userAgent: string;
  checks: KernelCheck[];
  /** A failure before the checks ran (no WebGPU, no adapter, WASM not served), with the error's code when it has one. */
  setupError?: string;
  totalMs: number;
}

export interface KernelCheckUrls {
  /** Folder of the .wgsl files, ending in `/`. */
  shaders: string;
  /** The prover's .wasm file. */
  wasm: string;
}

function randomBelow(p: bigint): bigint {
  return leToScalar(crypto.getRandomValues(new Uint8Array(32))) % p;
}

function join(parts: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(parts.length * size);
  parts.forEach((p, i) => out.set(p, i * size));
  return out;
}

/** Index and hex of the first differing element of `size` bytes, or undefined when equal. */
function firstDiff(got: Uint8Array, want: Uint8Array, size: number): string | undefined {
  if (got.length !== want.length) return `length ${got.length} ≠ ${want.length}`;
  for (let off = 0; off < got.length; off += size) {
    for (let j = 0; j < size; j++) {
      if (got[off + j] !== want[off + j]) {
        const hex = (b: Uint8Array) => Array.from(b.subarray(off, off + size), (x) => x.toString(16).padStart(2, "0")).join("");
        return `element ${off / size}: got ${hex(got)}, want ${hex(want)}`;
      }
    }
  }
  return undefined;
}

async function timed(checks: KernelCheck[], name: string, fn: () => Promise<string | undefined>): Promise<void> {
  const t0 = performance.now();
  try {
    const detail = await fn();
    checks.push({ name, ok: detail === undefined, ...(detail ? { detail } : {}), ms: Math.round(performance.now() - t0) });
  } catch (e) {
    const err = e as Error & { code?: string };
    checks.push({ name, ok: false, detail: `${err.code ?? err.name}: ${err.message}`, ms: Math.round(performance.now() - t0) });
  }
}

async function fieldChecks(gpu: GpuBackend, wasm: ProverWasm, checks: KernelCheck[]): Promise<void> {
  for (const [field, p] of [["fr", FR_MODULUS], ["fq", FQ_MODULUS]] as const) {
    const edges = [0n, 1n, 2n, p - 1n, p - 2n, (p - 1n) / 2n, (1n << 255n) % p];
    const vals = [...edges, ...Array.from({ length: 5 }, () => randomBelow(p))];
    const pairs = vals.flatMap((a) => edges.map((b) => [a, b] as const));
    const aMont = wasm.toMont(field, join(pairs.map(([a]) => scalarToLe(a)), 32));
    const bMont = wasm.toMont(field, join(pairs.map(([, b]) => scalarToLe(b)), 32));
    for (const op of ["add", "sub", "mul"] as const) {
      await timed(checks, `${field}.${op} (${pairs.length} edge and random pairs)`, async () => {
        const got = wasm.fromMont(field, await gpu.fieldOp(field, op, aMont, bMont));
        const want = join(pairs.map(([a, b]) => scalarToLe(wasm.fieldOp(field, op, a, b))), 32);
        return firstDiff(got, want, 32);
      });
    }
  }
}

/** Both limb representations (limb_bench.wgsl): a·b^k against the same chain of WASM multiplications. */
async function limbChecks(gpu: GpuBackend, wasm: ProverWasm, checks: KernelCheck[]): Promise<void> {
  const p = FR_MODULUS;
  const vals = [0n, 1n, p - 1n, p - 2n, (1n << 253n) - 1n, ...Array.from({ length: 3 }, () => randomBelow(p))];
  const a = vals.flatMap((x) => vals.map(() => x));
  const b = vals.flatMap(() => vals);
  const k = 5;
  const want = a.map((x, i) => {
    let acc = x;
    for (let j = 0; j < k; j++) acc = wasm.fieldOp("fr", "mul", acc, b[i]!);
    return acc;
  });
  for (const limbs of ["32x8", "13x20"] as const) {
    await timed(checks, `fr.mul chain ${limbs} (${a.length} pairs, k = ${k})`, async () => {
      const got = await gpu.frMulChain(limbs, a, b, k);
      const i = got.findIndex((g, j) => g !== want[j]);
      return i < 0 ? undefined : `pair ${i}: got ${got[i]}, want ${want[i]}`;
    });
  }
}

async function nttChecks(gpu: GpuBackend, wasm: ProverWasm, checks: KernelCheck[]): Promise<void> {
  const n = 1 << 6;
  const canon = Array.from({ length: n }, () => randomBelow(FR_MODULUS));
  canon[0] = 0n;
  canon[1] = 1n;
  canon[2] = FR_MODULUS - 1n;
  const v = wasm.toMont("fr", join(canon.map(scalarToLe), 32));
  const kinds = [
    ["ntt", (x: Uint8Array) => gpu.ntt(x), (x: Uint8Array) => wasm.ntt(x)],
    ["intt", (x: Uint8Array) => gpu.intt(x), (x: Uint8Array) => wasm.intt(x)],
    ["cosetNtt", (x: Uint8Array) => gpu.cosetNtt(x), (x: Uint8Array) => wasm.cosetNtt(x)],
    ["cosetIntt", (x: Uint8Array) => gpu.cosetIntt(x), (x: Uint8Array) => wasm.cosetIntt(x)],
  ] as const;
  for (const [name, onGpu, onWasm] of kinds) {
    await timed(checks, `${name} 2^6`, async () => firstDiff(await onGpu(v), onWasm(v), 32));
  }
  // the split past the binding limit, forced to chunks of 8 elements, and the prover's intt + cosetNtt in one submission
  await timed(checks, "intt+cosetNtt 2^6 in chunks of 8", async () =>
    firstDiff(await gpu.nttSequence(v, [{ kind: "intt" }, { kind: "cosetNtt" }], { maxChunkElements: 8 }), wasm.cosetNtt(wasm.intt(v)), 32),
  );
}

async function msmChecks(gpu: GpuBackend, wasm: ProverWasm, checks: KernelCheck[]): Promise<void> {
  const n = 1 << 5;
  const { g1 } = wasm.generators();
  const step = wasm.g1Mul(g1, randomBelow(FR_MODULUS));
  const points: Uint8Array[] = [];
  for (let p = wasm.g1Mul(g1, randomBelow(FR_MODULUS)), i = 0; i < n; i++, p = wasm.g1Add(p, step)) points.push(p);
  const scalars = points.map(() => randomBelow(FR_MODULUS));
  // edges: scalar 0, r-1, the point at infinity, a repeated point, and a point with its negation under equal scalars
  scalars[0] = 0n;
  scalars[1] = FR_MODULUS - 1n;
  scalars[2] = FR_MODULUS - 1n;
  points[3] = new Uint8Array(G1_BYTES);
  points[4] = points[5]!;
  scalars[4] = scalars[5]!;
  points[6] = wasm.g1Mul(points[7]!, FR_MODULUS - 1n);
  scalars[6] = scalars[7]!;
  const p = join(points, G1_BYTES);
  const s = join(scalars.map(scalarToLe), 32);
  const want = wasm.msmG1(p, s);
  await timed(checks, `msmG1 2^5 with 0, r-1, ∞, repeated and negated points`, async () => firstDiff(await gpu.msmG1(p, s), want, G1_BYTES));
  await timed(checks, `msmG1 2^5, window 4, two passes`, async () => firstDiff(await gpu.msmG1(p, s, { window: 4, maxPointsPerPass: 17 }), want, G1_BYTES));
  await timed(checks, "msmG1 of P and -P with equal scalars is ∞", async () => {
    const k = scalarToLe(randomBelow(FR_MODULUS));
    return firstDiff(await gpu.msmG1(join([points[7]!, points[6]!], G1_BYTES), join([k, k], 32)), new Uint8Array(G1_BYTES), G1_BYTES);
  });
}

export async function runKernelChecks(urls: KernelCheckUrls): Promise<KernelCheckReport> {
  const t0 = performance.now();
  const gpuObj = (navigator as Navigator & { gpu?: GPU }).gpu;
  const report: KernelCheckReport = {
    navigatorGpu: { present: gpuObj !== undefined, isGpuInstance: typeof GPU !== "undefined" && gpuObj instanceof GPU },
    userAgent: navigator.userAgent,
    checks: [],
    totalMs: 0,
  };
  let gpu: GpuBackend | undefined;
  try {
    const wasm = await loadProverWasm(new URL(urls.wasm, location.href));
    gpu = await createGpuBackend(gpuObj, { shaderBase: new URL(urls.shaders, location.href) });
    report.adapter = gpu.adapterInfo.name;
    await fieldChecks(gpu, wasm, report.checks);
    await limbChecks(gpu, wasm, report.checks);
    await nttChecks(gpu, wasm, report.checks);
    await msmChecks(gpu, wasm, report.checks);
  } catch (e) {
    const err = e as Error & { code?: string };
    report.setupError = `${err.code ?? err.name}: ${err.message}`;
  } finally {
    gpu?.destroy();
  }
  report.totalMs = Math.round(performance.now() - t0);
  return report;
}
