/**
 * A minimal WebAssembly binary writer for generated kernels: exported functions of i32 parameters over v128 locals,
 * and the memory. Enough for straight-line SIMD code in counted loops; not a general assembler.
 */

/** Unsigned LEB128. */
function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

/** Signed LEB128 (i32.const immediates). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];
const vector = (items: number[][]) => [...leb(items.length), ...items.flat()];

/** A SIMD instruction (prefix 0xfd, LEB128 opcode). */
const simd = (op: number) => [0xfd, ...leb(op)];

export const op = {
  localGet: (i: number) => [0x20, ...leb(i)],
  localSet: (i: number) => [0x21, ...leb(i)],
  localTee: (i: number) => [0x22, ...leb(i)],
  i32Const: (v: number) => [0x41, ...sleb(v)],
  v128Load: (offset: number) => [0xfd, 0x00, 4, ...leb(offset)],
  v128Store: (offset: number) => [0xfd, 0x0b, 4, ...leb(offset)],
  v128And: simd(0x4e),
  v128Or: simd(0x50),
  v128Bitselect: simd(0x52),
  f64x2Lt: simd(0x49),
  i64x2ShrU: simd(0xcd),
  i64x2Add: simd(0xce),
  i64x2Sub: simd(0xd1),
  f64x2Floor: simd(0x75),
  f64x2Add: simd(0xf0),
  f64x2Sub: simd(0xf1),
  f64x2Mul: simd(0xf2),
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  /** a·b + c with one rounding where the CPU has FMA (relaxed SIMD lets engines round twice elsewhere). */
  f64x2RelaxedMadd: simd(0x107),
};

/** v128.const with the same 64-bit pattern in both lanes. */
export function i64x2Splat(v: bigint): number[] {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt.asUintN(64, v), true);
  view.setBigUint64(8, BigInt.asUintN(64, v), true);
  return [0xfd, 0x0c, ...bytes];
}

/** The IEEE-754 bit pattern of a double. */
export function f64Bits(x: number): bigint {
  return new BigUint64Array(new Float64Array([x]).buffer)[0]!;
}

export const f64x2Splat = (x: number) => i64x2Splat(f64Bits(x));

/** One function: i32 parameters, v128 locals, no result. */
export interface WasmFunction {
  name: string;
  params: number;
  v128Locals: number;
  code: number[];
}

/** A module exporting `functions` and its memory (`pages` of 64 KiB) as `memory`. */
export function moduleWithFunctions(functions: WasmFunction[], pages = 1): Uint8Array {
  const types = functions.map((f) => [0x60, ...leb(f.params), ...new Array<number>(f.params).fill(0x7f), 0]);
  const bodies = functions.map((f) => {
    const body = [1, ...leb(f.v128Locals), 0x7b, ...f.code, 0x0b];
    return [...leb(body.length), ...body];
  });
  const ascii = (s: string) => [...leb(s.length), ...new TextEncoder().encode(s)];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vector(types)),
    ...section(3, vector(functions.map((_, i) => leb(i)))),
    ...section(5, vector([[0, ...leb(pages)]])),
    ...section(7, vector([...functions.map((f, i) => [...ascii(f.name), 0, ...leb(i)]), [...ascii("memory"), 2, 0]])),
    ...section(10, vector(bodies)),
  ]);
}
