/**
 * Runs a circom-generated witness `.wasm` (the same runtime ABI that circom's `witness_calculator.js` drives) and
 * writes the witness as a `.wtns` file (version 2), which our prover and snarkjs read.
 */
import { readFile } from "node:fs/promises";

/** The WebAssembly global, typed locally (the project compiles without the DOM lib, which declares it). */
const wasmApi = (
  globalThis as unknown as {
    WebAssembly: {
      compile(bytes: Uint8Array): Promise<object>;
      instantiate(module: object, imports: object): Promise<{ exports: Record<string, unknown> }>;
    };
  }
).WebAssembly;

interface CircomExports {
  getFieldNumLen32(): number;
  getRawPrime(): void;
  readSharedRWMemory(i: number): number;
  writeSharedRWMemory(i: number, v: number): void;
  getWitnessSize(): number;
  init(sanityCheck: number): void;
  getInputSignalSize(hMsb: number, hLsb: number): number;
  getInputSize(): number;
  setInputSignal(hMsb: number, hLsb: number, i: number): void;
  getWitness(i: number): void;
  getMessageChar(): number;
}

const circomErrors: Record<number, string> = {
  1: "signal not found",
  2: "too many signals set",
  3: "signal already set",
  4: "assert failed (the input does not satisfy the circuit)",
  5: "not enough memory",
  6: "input signal array access exceeds the size",
  7: "out of bounds array access",
};

/** circom's 64-bit FNV-1a of a signal name, as the two 32-bit halves its ABI takes. */
function signalHash(name: string): [number, number] {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < name.length; i++) {
    h ^= BigInt(name.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return [Number(h >> 32n), Number(h & 0xffffffffn)];
}

/** Input signals by name (without indices): a value, or all the values of an array signal, flattened. */
export type CircuitInput = Record<string, bigint | readonly bigint[]>;

export class WitnessCalculator {
  private constructor(
    private readonly x: CircomExports,
    private readonly n32: number,
    readonly prime: bigint,
    readonly witnessSize: number,
  ) {}

  static async load(wasmPath: string): Promise<WitnessCalculator> {
    const module = await wasmApi.compile(await readFile(wasmPath));
    let messages = "";
    let exports: CircomExports | null = null;
    const message = () => {
      let s = "";
      for (let c = exports!.getMessageChar(); c !== 0; c = exports!.getMessageChar()) s += String.fromCharCode(c);
      return s;
    };
    const instance = await wasmApi.instantiate(module, {
      runtime: {
        exceptionHandler: (code: number) => {
          const text = `${circomErrors[code] ?? `error ${code}`}${messages ? `: ${messages.trim()}` : ""}`;
          messages = "";
          throw new Error(`witness calculation failed: ${text}`);
        },
        printErrorMessage: () => {
          messages += `${message()}\n`;
        },
        writeBufferMessage: () => {
          message(); // circuit log() output: not ours to print
        },
        showSharedRWMemory: () => undefined,
      },
    });
    exports = instance.exports as unknown as CircomExports;
    const n32 = exports.getFieldNumLen32();
    exports.getRawPrime();
    const prime = WitnessCalculator.readShared(exports, n32);
    return new WitnessCalculator(exports, n32, prime, exports.getWitnessSize());
  }

  private static readShared(x: CircomExports, n32: number): bigint {
    let v = 0n;
    for (let j = n32 - 1; j >= 0; j--) v = (v << 32n) | BigInt(x.readSharedRWMemory(j) >>> 0);
    return v;
  }

  /** The witness as `.wtns` bytes. Throws if an input is missing, has the wrong size, or fails the circuit's checks. */
  calculate(input: CircuitInput): Uint8Array {
    const x = this.x;
    x.init(1);
    let set = 0;
    for (const [name, value] of Object.entries(input)) {
      const values = typeof value === "bigint" ? [value] : value;
      const [hi, lo] = signalHash(name);
      const size = x.getInputSignalSize(hi, lo);
      if (size < 0) throw new Error(`the circuit has no input signal ${name}`);
      if (values.length !== size) throw new Error(`input signal ${name} takes ${size} values, got ${values.length}`);
      values.forEach((v, i) => {
        let f = v % this.prime;
        if (f < 0n) f += this.prime;
        for (let j = 0; j < this.n32; j++) x.writeSharedRWMemory(j, Number((f >> BigInt(32 * j)) & 0xffffffffn));
        x.setInputSignal(hi, lo, i);
      });
      set += values.length;
    }
    if (set < x.getInputSize()) throw new Error(`the circuit takes ${x.getInputSize()} input values, got ${set}`);
    const n8 = this.n32 * 4;
    const header = 12 + 12 + 4 + n8 + 4 + 12;
    const out = new Uint8Array(header + n8 * this.witnessSize);
    const dv = new DataView(out.buffer);
    out.set(new TextEncoder().encode("wtns"), 0);
    dv.setUint32(4, 2, true); // version
    dv.setUint32(8, 2, true); // sections
    dv.setUint32(12, 1, true);
    dv.setBigUint64(16, BigInt(4 + n8 + 4), true);
    dv.setUint32(24, n8, true);
    for (let j = 0; j < this.n32; j++) dv.setUint32(28 + 4 * j, Number((this.prime >> BigInt(32 * j)) & 0xffffffffn), true);
    dv.setUint32(28 + n8, this.witnessSize, true);
    dv.setUint32(32 + n8, 2, true);
    dv.setBigUint64(36 + n8, BigInt(n8 * this.witnessSize), true);
    for (let i = 0; i < this.witnessSize; i++) {
      x.getWitness(i);
      const at = header + i * n8;
      for (let j = 0; j < this.n32; j++) dv.setUint32(at + 4 * j, x.readSharedRWMemory(j) >>> 0, true);
    }
    return out;
  }
}

/** Witness value i (0 is the constant 1, then the outputs, then public inputs) of `.wtns` v2 bytes. */
export function witnessValue(wtns: Uint8Array, i: number): bigint {
  const dv = new DataView(wtns.buffer, wtns.byteOffset, wtns.byteLength);
  const n8 = dv.getUint32(24, true);
  const at = 12 + 12 + 4 + n8 + 4 + 12 + i * n8;
  let v = 0n;
  for (let j = n8 - 4; j >= 0; j -= 4) v = (v << 32n) | BigInt(dv.getUint32(at + j, true));
  return v;
}
