/**
 * Typed loader for the prover's WASM module (built by `build.ts` into `pkg/`): instantiates it in Node, in
 * worker_threads (share one compiled `WasmModule`) and in browsers (fetch or bytes), and wraps the C ABI.
 * One instance is single-threaded; parallel work uses several instances and range MSMs (`msmG1At` on offsets).
 */

/** The slice of the WebAssembly JS API used here (the project's TS lib set has no DOM types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
/** A compiled module: opaque; post it to workers to instantiate without recompiling. */
export type WasmModule = object & { readonly __wasmModule?: never };
interface WasmApi {
  Module: abstract new (...args: never[]) => WasmModule;
  compile(bytes: ArrayBuffer | Uint8Array): Promise<WasmModule>;
  validate(bytes: Uint8Array): boolean;
  instantiate(module: WasmModule, imports: object): Promise<{ exports: Record<string, unknown> }>;
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Raw exports of the math core (`src/abi`); the Groth16 layer adds `g16_*` functions (see `src/abi_groth16.rs`). */
export interface MathExports {
  memory: WasmMemory;
  prom_alloc(size: number): number;
  prom_free(ptr: number, size: number): void;
  prom_error_index(): number;
  msm_g1(bases: number, scalars: number, n: number, window: number, check: number, out: number): number;
  msm_g2(bases: number, scalars: number, n: number, window: number, check: number, out: number): number;
  msm_window_bits(n: number, bits: number): number;
  g1_add(a: number, b: number, out: number): number;
  g2_add(a: number, b: number, out: number): number;
  g1_mul(p: number, k: number, out: number): number;
  g2_mul(p: number, k: number, out: number): number;
  generators(g1: number, g2: number): void;
  pairing_check(g1: number, g2: number, n: number): number;
  fr_fft(data: number, n: number, inverse: number): number;
  fr_coset_fft(data: number, n: number, shift: number, inverse: number): number;
  fr_domain_constant(logN: number, which: number, out: number): number;
  fr_to_mont(data: number, n: number): number;
  fr_from_mont(data: number, n: number): number;
  fr_op(op: number, a: number, b: number, out: number): number;
  fq_to_mont(data: number, n: number): number;
  fq_from_mont(data: number, n: number): number;
  fq_op(op: number, a: number, b: number, out: number): number;
  poseidon_goldilocks(input: number, cap: number, out: number): void;
  poseidon_goldilocks_batch(states: number, n: number, out: number): void;
  prom_keccak256(data: number, len: number, out: number): void;
  prom_bench_fq(op: number, iters: number): number;
}

export type ProverWasmErrorCode =
  | "INVALID_POINT"
  | "OUT_OF_RANGE"
  | "BAD_LENGTH"
  | "NOT_INVERTIBLE"
  | "OUT_OF_MEMORY"
  | "WASM_NOT_BUILT"
  | "WASM_UNSUPPORTED"
  | "BAD_INPUT";

const abiCodes: Record<number, ProverWasmErrorCode> = {
  [-1]: "INVALID_POINT",
  [-2]: "OUT_OF_RANGE",
  [-3]: "BAD_LENGTH",
  [-4]: "NOT_INVERTIBLE",
  [-5]: "OUT_OF_MEMORY",
};

export class ProverWasmError extends Error {
  override readonly name = "ProverWasmError";
  constructor(
    readonly code: ProverWasmErrorCode,
    message: string,
    /** The offending element, when the module named one. */
    readonly index?: number,
  ) {
    super(message);
  }
}

/** Bytes, a compiled module (to share between workers), a URL or path, or nothing for the built `pkg/` file. */
export type WasmSource = Uint8Array | ArrayBuffer | WasmModule | URL | string;
type ByteSource = Uint8Array | ArrayBuffer | URL | string;

export const WASM_FILE = "prom_prover_wasm_bg.wasm";
/**
 * The same crate built with every Montgomery product on the scalar multiplier (`build.ts`): faster on some CPUs
 * (a Zen 5 core), slower on others (a first-generation Zen), so the loader measures both (`chooseBuild`).
 */
export const WASM_SCALAR_FILE = "prom_prover_wasm_scalar_bg.wasm";
const FR_BYTES = 32;
export const G1_BYTES = 64;
export const G2_BYTES = 128;
export const GOLDILOCKS_P = 0xffffffff00000001n;
export const FR_MODULUS = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
export const FQ_MODULUS = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

const isNode = typeof process !== "undefined" && typeof process.versions?.node === "string";

/** Where the built module is: `pkg/` beside this file, or from `dist/prover-wasm/` back to the source tree. */
export function defaultWasmUrls(): URL[] {
  return [new URL(`./pkg/${WASM_FILE}`, import.meta.url), new URL(`../../prover-wasm/pkg/${WASM_FILE}`, import.meta.url)];
}

/** Which build a process runs and why: the best time of one Fq product (ns) in each. */
export interface BuildChoice {
  file: string;
  fqMulNs: Record<string, number>;
}

type BenchExports = Pick<MathExports, "prom_bench_fq">;

/**
 * The build whose Fq product is fastest here, from instances of each: rounds of a dependent chain of products,
 * alternated between the builds so that V8's tier-up and the machine's noise fall on all of them alike, best
 * round of each. Takes ~20 ms.
 */
function fasterBuild(builds: { file: string; exports: BenchExports }[]): BuildChoice {
  const rounds = 12;
  const iters = 20_000;
  const best = builds.map(() => Infinity);
  for (let r = 0; r < rounds; r++) {
    builds.forEach((b, i) => {
      const t = performance.now();
      b.exports.prom_bench_fq(0, iters);
      best[i] = Math.min(best[i]!, ((performance.now() - t) * 1e6) / iters);
    });
  }
  const winner = best.indexOf(Math.min(...best));
  return { file: builds[winner]!.file, fqMulNs: Object.fromEntries(builds.map((b, i) => [b.file, Number(best[i]!.toFixed(1))])) };
}

/** Of the two builds (module and instance exports of each), the one `fasterBuild` measures faster. */
export function chooseBuild<M>(vector: { module: M; exports: BenchExports }, scalar: { module: M; exports: BenchExports }): { module: M; choice: BuildChoice } {
  const choice = fasterBuild([
    { file: WASM_FILE, exports: vector.exports },
    { file: WASM_SCALAR_FILE, exports: scalar.exports },
  ]);
  return { module: choice.file === WASM_SCALAR_FILE ? scalar.module : vector.module, choice };
}

let defaultChoice: BuildChoice | undefined;
/** The build `compileProverWasm()` chose in this thread (undefined before it ran, or when only one was built). */
export function defaultBuildChoice(): BuildChoice | undefined {
  return defaultChoice;
}

async function readUrl(url: URL): Promise<ArrayBuffer | Uint8Array> {
  if (url.protocol === "file:" && isNode) {
    const { readFile } = await import("node:fs/promises");
    return readFile(url);
  }
  const res = await fetch(url);
  if (!res.ok) throw new ProverWasmError("WASM_NOT_BUILT", `cannot fetch ${url.href}: HTTP ${res.status}`);
  return res.arrayBuffer();
}

async function toUrl(source: URL | string): Promise<URL> {
  if (source instanceof URL) return source;
  if (/^[a-z][a-z0-9+.-]+:/i.test(source) || !isNode) return new URL(source, (globalThis as { location?: { href: string } }).location?.href);
  const { pathToFileURL } = await import("node:url");
  return pathToFileURL(source);
}

/** The smallest module that uses fixed-width SIMD (`i32.const 0; i8x16.splat`), which the prover's module needs. */
const simdProbe = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00, 0x0a,
  0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x0b,
]);

/** Whether this engine runs WebAssembly SIMD (Node ≥ 16.4, Chromium ≥ 91, Firefox ≥ 89, Safari ≥ 16.4). */
export function wasmSimdSupported(): boolean {
  return WA.validate(simdProbe);
}

function requireSimd(): void {
  if (!wasmSimdSupported()) {
    throw new ProverWasmError(
      "WASM_UNSUPPORTED",
      "this JavaScript engine has no WebAssembly SIMD, which the prover's field arithmetic uses: " +
        "run it on Node ≥ 16.4, Chromium ≥ 91, Firefox ≥ 89 or Safari ≥ 16.4",
    );
  }
}

/** Compiles once; pass the result to `loadProverWasm` in each worker (a Module can be posted to workers). */
export async function compileProverWasm(source?: ByteSource): Promise<WasmModule> {
  requireSimd();
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) return WA.compile(source);
  const urls = source === undefined ? defaultWasmUrls() : [await toUrl(source)];
  const errors: string[] = [];
  for (const url of urls) {
    let module: WasmModule;
    try {
      module = await WA.compile(await readUrl(url));
    } catch (e) {
      errors.push(`${url.href}: ${(e as Error).message}`);
      continue;
    }
    return source === undefined ? withFasterTwin(module, new URL(WASM_SCALAR_FILE, url)) : module;
  }
  throw new ProverWasmError("WASM_NOT_BUILT", `prover WASM not found or invalid; run \`npm run build:wasm\` (${errors.join("; ")})`);
}

/** `module`, or the `scalar-product` build beside it where that multiplies faster; a missing twin is no error. */
async function withFasterTwin(module: WasmModule, twinUrl: URL): Promise<WasmModule> {
  if (defaultChoice?.file === WASM_FILE) return module; // measured before in this thread: no need to compile the twin
  let twin: WasmModule;
  try {
    twin = await WA.compile(await readUrl(twinUrl));
  } catch {
    return module; // built before there were two builds, or served without the twin
  }
  if (!defaultChoice) {
    // measured once per thread: every later default load (Poseidon, Keccak, benches) takes the same build
    const [v, s] = await Promise.all([module, twin].map(async (m) => ({ module: m, exports: (await WA.instantiate(m, {})).exports as unknown as BenchExports })));
    defaultChoice = chooseBuild(v!, s!).choice;
  }
  return defaultChoice.file === WASM_SCALAR_FILE ? twin : module;
}

export async function loadProverWasm(source?: WasmSource): Promise<ProverWasm> {
  const module = source instanceof WA.Module ? source : await compileProverWasm(source as ByteSource | undefined);
  const instance = await WA.instantiate(module, {});
  return new ProverWasm(instance.exports as unknown as MathExports & Record<string, unknown>);
}

/** A region of the instance's memory. Views must be re-taken after any call (memory may grow and detach them). */
export interface WasmBuffer {
  readonly ptr: number;
  readonly len: number;
}

export type FieldName = "fr" | "fq";
export type FieldOp = "add" | "sub" | "mul" | "inverse" | "square" | "sqrt";
const fieldOps: Record<FieldOp, number> = { add: 0, sub: 1, mul: 2, inverse: 3, square: 4, sqrt: 5 };

export interface MsmOptions {
  /** Window width 3..16; 0 or absent picks it from the number of points. */
  window?: number;
  /** Validate every base (on curve, coordinates in range) first. Default true. */
  check?: boolean;
}

export class ProverWasm {
  constructor(readonly exports: MathExports & Record<string, unknown>) {}

  // ---- memory -------------------------------------------------------------------------------------------------
  private poseidonScratch: number | undefined;
  private poseidonView: BigUint64Array | undefined;
  /** Keccak input ‖ 32-byte output, kept and grown as needed: the node hashes small inputs one at a time. */
  private keccakScratch: WasmBuffer | undefined;

  alloc(len: number): WasmBuffer {
    const ptr = this.exports.prom_alloc(len);
    if (ptr === 0) throw new ProverWasmError("OUT_OF_MEMORY", `cannot allocate ${len} bytes in WASM memory (4 GiB limit)`);
    return { ptr, len };
  }

  free(buf: WasmBuffer): void {
    this.exports.prom_free(buf.ptr, buf.len);
  }

  /** Copies `data` into a new buffer. */
  put(data: Uint8Array): WasmBuffer {
    const buf = this.alloc(data.length);
    this.view(buf).set(data);
    return buf;
  }

  view(buf: WasmBuffer): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer, buf.ptr, buf.len);
  }

  /** A copy of the buffer's bytes. */
  read(buf: WasmBuffer): Uint8Array {
    return this.view(buf).slice();
  }

  /** Bytes of WASM memory in use by this instance (its current size). */
  memoryBytes(): number {
    return this.exports.memory.buffer.byteLength;
  }

  private check(rc: number, what: string): number {
    if (rc >= 0) return rc;
    const code = abiCodes[rc] ?? "BAD_INPUT";
    const index = this.exports.prom_error_index();
    throw new ProverWasmError(code, `${what}: ${code.toLowerCase().replace(/_/g, " ")} at element ${index}`, index);
  }

  private withBuffers<T>(inputs: Uint8Array[], outLen: number, fn: (ptrs: number[], out: WasmBuffer) => T): T {
    const bufs = inputs.map((d) => this.put(d));
    const out = this.alloc(outLen);
    try {
      return fn(
        bufs.map((b) => b.ptr),
        out,
      );
    } finally {
      bufs.forEach((b) => this.free(b));
      this.free(out);
    }
  }

  // ---- MSM ----------------------------------------------------------------------------------------------------

  private msm(group: 1 | 2, points: Uint8Array, scalars: Uint8Array, opts: MsmOptions): Uint8Array {
    const size = group === 1 ? G1_BYTES : G2_BYTES;
    const n = points.length / size;
    if (!Number.isInteger(n) || scalars.length !== n * FR_BYTES) {
      throw new ProverWasmError(
        "BAD_LENGTH",
        `msmG${group}: ${points.length} point bytes and ${scalars.length} scalar bytes do not describe the same count`,
      );
    }
    return this.withBuffers([points, scalars], size, ([p, s], out) => {
      this.msmAt(group, p!, s!, n, out.ptr, opts);
      return this.read(out);
    });
  }

  /** Σ kᵢ·Pᵢ: points in snarkjs's G1 layout (64 bytes, LE Montgomery, zeros = ∞), scalars 32-byte LE canonical. */
  msmG1(points: Uint8Array, scalars: Uint8Array, opts: MsmOptions = {}): Uint8Array {
    return this.msm(1, points, scalars, opts);
  }

  /** As `msmG1` for G2 (128-byte points and result). */
  msmG2(points: Uint8Array, scalars: Uint8Array, opts: MsmOptions = {}): Uint8Array {
    return this.msm(2, points, scalars, opts);
  }

  /**
   * MSM over data already in this instance's memory (e.g. resident zkey points): `n` items starting at the
   * pointers; writes the affine result at `out`. A worker's range is `pointsPtr + start·size`, `scalarsPtr + start·32`.
   */
  msmAt(group: 1 | 2, pointsPtr: number, scalarsPtr: number, n: number, out: number, opts: MsmOptions = {}): void {
    const f = group === 1 ? this.exports.msm_g1 : this.exports.msm_g2;
    this.check(f(pointsPtr, scalarsPtr, n, opts.window ?? 0, opts.check === false ? 0 : 1, out), `msmG${group}`);
  }

  g1Add(a: Uint8Array, b: Uint8Array): Uint8Array {
    return this.withBuffers([a, b], G1_BYTES, ([pa, pb], out) => (this.check(this.exports.g1_add(pa!, pb!, out.ptr), "g1Add"), this.read(out)));
  }

  g2Add(a: Uint8Array, b: Uint8Array): Uint8Array {
    return this.withBuffers([a, b], G2_BYTES, ([pa, pb], out) => (this.check(this.exports.g2_add(pa!, pb!, out.ptr), "g2Add"), this.read(out)));
  }

  g1Mul(p: Uint8Array, k: bigint): Uint8Array {
    return this.withBuffers([p, scalarToLe(k)], G1_BYTES, ([pp, pk], out) => (this.check(this.exports.g1_mul(pp!, pk!, out.ptr), "g1Mul"), this.read(out)));
  }

  g2Mul(p: Uint8Array, k: bigint): Uint8Array {
    return this.withBuffers([p, scalarToLe(k)], G2_BYTES, ([pp, pk], out) => (this.check(this.exports.g2_mul(pp!, pk!, out.ptr), "g2Mul"), this.read(out)));
  }

  /** The G1 generator (1, 2) and the standard G2 generator, snarkjs layout. */
  generators(): { g1: Uint8Array; g2: Uint8Array } {
    const a = this.alloc(G1_BYTES);
    const b = this.alloc(G2_BYTES);
    try {
      this.exports.generators(a.ptr, b.ptr);
      return { g1: this.read(a), g2: this.read(b) };
    } finally {
      this.free(a);
      this.free(b);
    }
  }

  /** Π e(g1ᵢ, g2ᵢ) == 1 (snarkjs layouts). */
  pairingCheck(pairs: { g1: Uint8Array; g2: Uint8Array }[]): boolean {
    const g1 = concat(pairs.map((p) => p.g1));
    const g2 = concat(pairs.map((p) => p.g2));
    if (g1.length !== pairs.length * G1_BYTES || g2.length !== pairs.length * G2_BYTES) {
      throw new ProverWasmError("BAD_LENGTH", "pairingCheck: every pair needs a 64-byte G1 and a 128-byte G2 point");
    }
    return this.withBuffers([g1, g2], 1, ([a, b]) => this.check(this.exports.pairing_check(a!, b!, pairs.length), "pairingCheck") === 1);
  }

  /** The window width an MSM over n points with scalars below 2^bits takes (its cost model; benchmarks only). */
  msmWindowBits(n: number, bits: number): number {
    return this.exports.msm_window_bits(n, bits);
  }

  // ---- NTT (Montgomery Fr, 32 bytes each, natural order) -----------------------------------------------------

  private transform(values: Uint8Array, fn: (ptr: number, n: number) => number, what: string): Uint8Array {
    const n = values.length / FR_BYTES;
    const buf = this.put(values);
    try {
      this.check(fn(buf.ptr, n), what);
      return this.read(buf);
    } finally {
      this.free(buf);
    }
  }

  /** Evaluations at ω^k (ω = snarkjs's Fr.w[log n]); like ffjavascript's `Fr.fft`. */
  ntt(values: Uint8Array): Uint8Array {
    return this.transform(values, (p, n) => this.exports.fr_fft(p, n, 0), "ntt");
  }

  intt(values: Uint8Array): Uint8Array {
    return this.transform(values, (p, n) => this.exports.fr_fft(p, n, 1), "intt");
  }

  /** Evaluations at shift·ω^k; the default shift is the one snarkjs's Groth16 prover uses for this size. */
  cosetNtt(values: Uint8Array, shift?: Uint8Array): Uint8Array {
    const s = shift ?? this.frDomainConstant(Math.log2(values.length / FR_BYTES), "snarkjsCosetShift");
    return this.withBuffers([s], 0, ([sp]) => this.transform(values, (p, n) => this.exports.fr_coset_fft(p, n, sp!, 0), "cosetNtt"));
  }

  cosetIntt(values: Uint8Array, shift?: Uint8Array): Uint8Array {
    const s = shift ?? this.frDomainConstant(Math.log2(values.length / FR_BYTES), "snarkjsCosetShift");
    return this.withBuffers([s], 0, ([sp]) => this.transform(values, (p, n) => this.exports.fr_coset_fft(p, n, sp!, 1), "cosetIntt"));
  }

  /** snarkjs's `Fr.w[logN]` or its Groth16 coset shift for a 2^logN domain, Montgomery bytes. */
  frDomainConstant(logN: number, which: "rootOfUnity" | "snarkjsCosetShift"): Uint8Array {
    if (!Number.isInteger(logN)) throw new ProverWasmError("BAD_LENGTH", `domain size must be a power of two (log ${logN})`);
    return this.withBuffers([], FR_BYTES, (_, out) => {
      this.check(this.exports.fr_domain_constant(logN, which === "rootOfUnity" ? 0 : 1, out.ptr), "frDomainConstant");
      return this.read(out);
    });
  }

  // ---- fields -------------------------------------------------------------------------------------------------

  /** Canonical LE 32-byte elements → Montgomery (throws OUT_OF_RANGE for a value ≥ modulus). */
  toMont(field: FieldName, values: Uint8Array): Uint8Array {
    return this.transform(values, (p, n) => (field === "fr" ? this.exports.fr_to_mont(p, n) : this.exports.fq_to_mont(p, n)), `${field}ToMont`);
  }

  fromMont(field: FieldName, values: Uint8Array): Uint8Array {
    return this.transform(values, (p, n) => (field === "fr" ? this.exports.fr_from_mont(p, n) : this.exports.fq_from_mont(p, n)), `${field}FromMont`);
  }

  /** One field operation on canonical bigints, through the Montgomery arithmetic (for tests and small jobs). */
  fieldOp(field: FieldName, op: FieldOp, a: bigint, b = 0n): bigint {
    const am = this.toMont(field, scalarToLe(a));
    const bm = this.toMont(field, scalarToLe(b));
    const fn = field === "fr" ? this.exports.fr_op : this.exports.fq_op;
    const r = this.withBuffers([am, bm], 32, ([pa, pb], out) => (this.check(fn(fieldOps[op], pa!, pb!, out.ptr), `${field}.${op}`), this.read(out)));
    return leToScalar(this.fromMont(field, r));
  }

  /** Nanoseconds per dependent Fq product (or square) in this instance, best of `rounds` (benchmarks only). */
  fqOpNs(op: "mul" | "square", iters = 200_000, rounds = 10): number {
    let best = Infinity;
    for (let r = 0; r < rounds; r++) {
      const t = performance.now();
      this.exports.prom_bench_fq(op === "mul" ? 0 : 1, iters);
      best = Math.min(best, ((performance.now() - t) * 1e6) / iters);
    }
    return best;
  }

  // ---- Goldilocks Poseidon --------------------------------------------------------------------------------------

  /** H(in[8], cap[4]) → 4 field elements (spec §4.1). */
  poseidonGoldilocks(input: readonly bigint[], cap: readonly bigint[] = [0n, 0n, 0n, 0n]): [bigint, bigint, bigint, bigint] {
    if (input.length !== 8 || cap.length !== 4) {
      throw new ProverWasmError("BAD_LENGTH", `poseidonGoldilocks takes 8 inputs and 4 capacity elements, got ${input.length} and ${cap.length}`);
    }
    const v = this.poseidonLanes();
    for (let i = 0; i < 8; i++) v[i] = goldilocksLane(input[i]!);
    for (let i = 0; i < 4; i++) v[8 + i] = goldilocksLane(cap[i]!);
    const ptr = v.byteOffset;
    this.exports.poseidon_goldilocks(ptr, ptr + 64, ptr + 96);
    return [v[12]!, v[13]!, v[14]!, v[15]!];
  }

  /**
   * 16 lanes (in ‖ cap ‖ out) kept for the instance's life: the state tree hashes one node at a time, and two
   * allocations per hash cost more than the permutation. Re-viewed when the memory has grown.
   */
  private poseidonLanes(): BigUint64Array {
    if (this.poseidonScratch === undefined) this.poseidonScratch = this.alloc(16 * 8).ptr;
    if (this.poseidonView?.buffer !== this.exports.memory.buffer) {
      this.poseidonView = new BigUint64Array(this.exports.memory.buffer, this.poseidonScratch, 16);
    }
    return this.poseidonView;
  }

  /** Keccak-256 as Ethereum uses it. */
  keccak256(data: Uint8Array): Uint8Array {
    const need = data.length + 32;
    if (this.keccakScratch === undefined || this.keccakScratch.len < need) {
      if (this.keccakScratch !== undefined) this.free(this.keccakScratch);
      this.keccakScratch = undefined;
      this.keccakScratch = this.alloc(Math.max(need, 1024));
    }
    const { ptr } = this.keccakScratch;
    const out = ptr + data.length;
    new Uint8Array(this.exports.memory.buffer, ptr, data.length).set(data);
    this.exports.prom_keccak256(ptr, data.length, out);
    return new Uint8Array(this.exports.memory.buffer, out, 32).slice();
  }

  /** n hashes at once: `states` is n × 12 lanes (in ‖ cap); returns n × 4. */
  poseidonGoldilocksBatch(states: BigUint64Array): BigUint64Array {
    if (states.length % 12 !== 0) throw new ProverWasmError("BAD_LENGTH", `poseidon batch needs a multiple of 12 lanes, got ${states.length}`);
    const n = states.length / 12;
    const inp = this.alloc(states.length * 8);
    const out = this.alloc(n * 32);
    try {
      new BigUint64Array(this.exports.memory.buffer, inp.ptr, states.length).set(states);
      this.exports.poseidon_goldilocks_batch(inp.ptr, n, out.ptr);
      return new BigUint64Array(this.exports.memory.buffer, out.ptr, n * 4).slice();
    } finally {
      this.free(inp);
      this.free(out);
    }
  }
}

function goldilocksLane(v: bigint): bigint {
  if (v < 0n || v >= 1n << 64n) throw new ProverWasmError("OUT_OF_RANGE", `Goldilocks lane ${v} is not a 64-bit value`);
  return v;
}

/** 32-byte little-endian encoding of 0 ≤ k < 2^256. */
export function scalarToLe(k: bigint): Uint8Array {
  if (k < 0n || k >= 1n << 256n) throw new ProverWasmError("OUT_OF_RANGE", `scalar ${k} does not fit 32 bytes`);
  const out = new Uint8Array(32);
  let x = k;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

export function leToScalar(b: Uint8Array): bigint {
  let x = 0n;
  for (let i = b.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[i]!);
  return x;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
