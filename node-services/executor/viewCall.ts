/**
 * eth_call's fast path: a small EVM interpreter for the calls dApps make most, view functions that read storage, hash
 * and return, under the gas rules of zkEvm.ts (Berlin: EIP-2929 cold/warm SLOAD, plus PUSH0).
 *
 * Why: @ethereumjs/evm builds a frame, a journal, an 8 KiB memory and a dozen promises for every call, ~100 µs before
 * the first opcode; a typical view runs a few hundred opcodes. This interpreter implements only opcodes that cannot
 * change state or reach another account, and gives up (returns undefined) at the first opcode, error or limit it does
 * not handle: out of gas, a bad jump, stack overflow, CALL, SSTORE, LOG, BALANCE… The caller then runs the call again
 * on @ethereumjs from the start; nothing was written, so giving up midway costs only the time spent. Every outcome it
 * does return (data, gas, revert) is the one the full EVM gives, which executor.viewCall.test.ts checks op by op.
 */
import { keccak } from "./bytes.js";

export interface ViewCallEnv {
  code: Uint8Array;
  address: bigint;
  caller: bigint;
  data: Uint8Array;
  gasLimit: bigint;
  gasPrice: bigint;
  chainId: bigint;
  number: bigint;
  timestamp: bigint;
  coinbase: bigint;
  blockGasLimit: bigint;
  /** Storage slot of `address` at the call's state root. */
  sload(slot: bigint): Promise<bigint> | bigint;
}

export interface ViewCallOutcome {
  returnData: Uint8Array;
  gasLeft: bigint;
  reverted: boolean;
}

const U256 = (1n << 256n) - 1n;
const STACK_MAX = 1024;
/** Memory beyond this would cost more gas than any block has; the full EVM reports that out-of-gas. */
const MEMORY_MAX = 1 << 24;
const COLD_SLOAD = 2100;
const WARM_SLOAD = 100;

/** What one pass over a bytecode tells: the valid JUMPDESTs (not inside PUSH data) and every PUSH's value. */
interface CodeAnalysis {
  jumpdest: Uint8Array;
  pushes: Map<number, bigint>;
}

/** Kept per bytecode object (the program store hands out the same one): a view runs the same code many times. */
const analysisByCode = new WeakMap<Uint8Array, CodeAnalysis>();

function analyse(code: Uint8Array): CodeAnalysis {
  let a = analysisByCode.get(code);
  if (a === undefined) {
    a = { jumpdest: new Uint8Array(code.length), pushes: new Map() };
    for (let pc = 0; pc < code.length; pc++) {
      const op = code[pc]!;
      if (op === 0x5b) a.jumpdest[pc] = 1;
      else if (op >= 0x60 && op <= 0x7f) {
        // PUSH data cut short by the end of the code reads as zero bytes
        const n = op - 0x5f;
        const bytes = new Uint8Array(n);
        bytes.set(code.subarray(pc + 1, pc + 1 + n));
        a.pushes.set(pc, wordOf(bytes));
        pc += n;
      }
    }
    analysisByCode.set(code, a);
  }
  return a;
}

/** Big-endian bytes as an integer (hex is the fast path between bytes and BigInt). */
function wordOf(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")}`);
}

function wordsOf(bytes: number): number {
  return Math.ceil(bytes / 32);
}

function byteLength(x: bigint): number {
  return x === 0n ? 0 : Math.ceil(x.toString(16).length / 2);
}

function expMod256(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = base;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) & U256;
    b = (b * b) & U256;
    e >>= 1n;
  }
  return result;
}

function signExtend(byteIndex: bigint, x: bigint): bigint {
  if (byteIndex >= 31n) return x;
  const bit = 8n * byteIndex + 7n;
  const mask = (1n << (bit + 1n)) - 1n;
  return (x >> bit) & 1n ? x | (U256 ^ mask) : x & mask;
}

/** The 32 bytes of `src` at `offset` as a word, zeros past its end. */
function readWord(src: Uint8Array, offset: bigint): bigint {
  if (offset >= BigInt(src.length)) return 0n;
  const o = Number(offset);
  if (o + 32 <= src.length) return wordOf(src.subarray(o, o + 32));
  const padded = new Uint8Array(32);
  padded.set(src.subarray(o));
  return wordOf(padded);
}

class GiveUp extends Error {}
const giveUp = new GiveUp();

type Binary = (a: bigint, b: bigint) => bigint;
const signed = (x: bigint): bigint => BigInt.asIntN(256, x);
/** Two-operand ops by opcode (a = top of stack) with their gas; module constants, so a call allocates no closures. */
const BINARY: Partial<Record<number, [Binary, number]>> = {
  0x01: [(a, b) => (a + b) & U256, 3],
  0x02: [(a, b) => (a * b) & U256, 5],
  0x03: [(a, b) => (a - b) & U256, 3],
  0x04: [(a, b) => (b === 0n ? 0n : a / b), 5],
  0x05: [(a, b) => (b === 0n ? 0n : BigInt.asUintN(256, signed(a) / signed(b))), 5],
  0x06: [(a, b) => (b === 0n ? 0n : a % b), 5],
  0x07: [(a, b) => (b === 0n ? 0n : BigInt.asUintN(256, signed(a) % signed(b))), 5],
  0x0b: [signExtend, 5],
  0x10: [(a, b) => (a < b ? 1n : 0n), 3],
  0x11: [(a, b) => (a > b ? 1n : 0n), 3],
  0x12: [(a, b) => (signed(a) < signed(b) ? 1n : 0n), 3],
  0x13: [(a, b) => (signed(a) > signed(b) ? 1n : 0n), 3],
  0x14: [(a, b) => (a === b ? 1n : 0n), 3],
  0x16: [(a, b) => a & b, 3],
  0x17: [(a, b) => a | b, 3],
  0x18: [(a, b) => a ^ b, 3],
  0x1a: [(i, x) => (i < 32n ? (x >> (8n * (31n - i))) & 0xffn : 0n), 3],
  0x1b: [(shift, x) => (shift >= 256n ? 0n : (x << shift) & U256), 3],
  0x1c: [(shift, x) => (shift >= 256n ? 0n : x >> shift), 3],
  0x1d: [(shift, x) => BigInt.asUintN(256, signed(x) >> (shift >= 256n ? 255n : shift)), 3],
};

/** Ops that push one word of the call's environment, for 2 gas (ORIGIN is the caller: a top-level call). */
const ENV_WORDS: Partial<Record<number, (env: ViewCallEnv) => bigint>> = {
  0x30: (env) => env.address,
  0x32: (env) => env.caller,
  0x33: (env) => env.caller,
  0x34: () => 0n,
  0x36: (env) => BigInt(env.data.length),
  0x38: (env) => BigInt(env.code.length),
  0x3a: (env) => env.gasPrice,
  0x41: (env) => env.coinbase,
  0x42: (env) => env.timestamp,
  0x43: (env) => env.number,
  0x45: (env) => env.blockGasLimit,
  0x46: (env) => env.chainId,
};

/** One call's machine state: stack, memory (with its expansion gas) and gas left. */
class Frame {
  readonly stack: bigint[] = [];
  memory = new Uint8Array(1024);
  memWords = 0;
  private memCost = 0;
  readonly warmSlots = new Set<bigint>();

  constructor(public gas: number) {}

  charge(cost: number): void {
    if (cost > this.gas) throw giveUp;
    this.gas -= cost;
  }

  pop(): bigint {
    const v = this.stack.pop();
    if (v === undefined) throw giveUp;
    return v;
  }

  push(v: bigint): void {
    if (this.stack.length >= STACK_MAX) throw giveUp;
    this.stack.push(v);
  }

  /** A size or offset as a number; anything past MEMORY_MAX would run out of gas on the full EVM. */
  small(v: bigint): number {
    if (v > BigInt(MEMORY_MAX)) throw giveUp;
    return Number(v);
  }

  /** Charges the expansion to cover [offset, offset + size) and returns offset as a number (size 0 touches nothing). */
  touch(offsetWord: bigint, size: number): number {
    if (size === 0) return 0;
    const offset = this.small(offsetWord);
    const end = offset + size;
    if (end > MEMORY_MAX) throw giveUp;
    const words = wordsOf(end);
    if (words > this.memWords) {
      const cost = 3 * words + Math.floor((words * words) / 512);
      this.charge(cost - this.memCost);
      this.memCost = cost;
      this.memWords = words;
      if (words * 32 > this.memory.length) {
        const grown = new Uint8Array(Math.max(words * 32, this.memory.length * 2));
        grown.set(this.memory);
        this.memory = grown;
      }
    }
    return offset;
  }

  /** CALLDATACOPY / CODECOPY: dest, offset and size from the stack, zeros past the end of `src`. */
  copyIn(src: Uint8Array): void {
    const destW = this.pop();
    const offW = this.pop();
    const size = this.small(this.pop());
    this.charge(3 + 3 * wordsOf(size));
    const dest = this.touch(destW, size);
    const from = offW >= BigInt(src.length) ? src.length : Number(offW);
    for (let i = 0; i < size; i++) this.memory[dest + i] = src[from + i] ?? 0;
  }

  /** RETURN / REVERT: the memory range [offset, offset + size) from the stack. */
  output(): Uint8Array {
    const offW = this.pop();
    const size = this.small(this.pop());
    const off = this.touch(offW, size);
    return this.memory.slice(off, off + size);
  }
}

/** Runs `env.code` as a top-level call with zero value; undefined when the full EVM must run it instead. */
export async function runViewCall(env: ViewCallEnv): Promise<ViewCallOutcome | undefined> {
  if (env.gasLimit > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  const { code, data } = env;
  const { jumpdest: valid, pushes } = analyse(code);
  const f = new Frame(Number(env.gasLimit));
  const { stack } = f;
  try {
    let pc = 0;
    while (pc < code.length) {
      const op = code[pc]!;
      if (op >= 0x60 && op <= 0x7f) {
        f.charge(3);
        f.push(pushes.get(pc)!);
        pc += op - 0x5f + 1;
        continue;
      }
      if (op >= 0x80 && op <= 0x8f) {
        f.charge(3);
        const v = stack[stack.length - 1 - (op - 0x80)];
        if (v === undefined) throw giveUp;
        f.push(v);
        pc++;
        continue;
      }
      if (op >= 0x90 && op <= 0x9f) {
        f.charge(3);
        const top = stack.length - 1;
        const other = top - (op - 0x8f);
        if (other < 0) throw giveUp;
        const t = stack[top]!;
        stack[top] = stack[other]!;
        stack[other] = t;
        pc++;
        continue;
      }
      const bin = BINARY[op];
      if (bin !== undefined) {
        f.charge(bin[1]);
        const a = f.pop();
        f.push(bin[0](a, f.pop()));
        pc++;
        continue;
      }
      const word = ENV_WORDS[op];
      if (word !== undefined) {
        f.charge(2);
        f.push(word(env));
        pc++;
        continue;
      }
      switch (op) {
        case 0x00:
          return { returnData: new Uint8Array(0), gasLeft: BigInt(f.gas), reverted: false };
        case 0x08:
        case 0x09: {
          f.charge(8);
          const a = f.pop();
          const b = f.pop();
          const n = f.pop();
          f.push(n === 0n ? 0n : op === 0x08 ? (a + b) % n : (a * b) % n);
          break;
        }
        case 0x0a: {
          const base = f.pop();
          const exponent = f.pop();
          f.charge(10 + 50 * byteLength(exponent));
          f.push(expMod256(base, exponent));
          break;
        }
        case 0x15:
          f.charge(3);
          f.push(f.pop() === 0n ? 1n : 0n);
          break;
        case 0x19:
          f.charge(3);
          f.push(U256 ^ f.pop());
          break;
        case 0x20: {
          const offW = f.pop();
          const size = f.small(f.pop());
          f.charge(30 + 6 * wordsOf(size));
          const off = f.touch(offW, size);
          f.push(wordOf(keccak(f.memory.subarray(off, off + size))));
          break;
        }
        case 0x35:
          f.charge(3);
          f.push(readWord(data, f.pop()));
          break;
        case 0x37:
          f.copyIn(data);
          break;
        case 0x39:
          f.copyIn(code);
          break;
        case 0x50:
          f.charge(2);
          f.pop();
          break;
        case 0x51: {
          f.charge(3);
          const off = f.touch(f.pop(), 32);
          f.push(wordOf(f.memory.subarray(off, off + 32)));
          break;
        }
        case 0x52: {
          f.charge(3);
          const off = f.touch(f.pop(), 32);
          f.memory.set(Buffer.from(f.pop().toString(16).padStart(64, "0"), "hex"), off);
          break;
        }
        case 0x53: {
          f.charge(3);
          const off = f.touch(f.pop(), 1);
          f.memory[off] = Number(f.pop() & 0xffn);
          break;
        }
        case 0x54: {
          const slot = f.pop();
          f.charge(f.warmSlots.has(slot) ? WARM_SLOAD : COLD_SLOAD);
          f.warmSlots.add(slot);
          f.push(await env.sload(slot));
          break;
        }
        case 0x56:
        case 0x57: {
          f.charge(op === 0x56 ? 8 : 10);
          const dest = f.pop();
          if (op === 0x57 && f.pop() === 0n) break;
          if (dest >= BigInt(code.length) || valid[Number(dest)] !== 1) throw giveUp;
          pc = Number(dest);
          continue;
        }
        case 0x58:
          f.charge(2);
          f.push(BigInt(pc));
          break;
        case 0x59:
          f.charge(2);
          f.push(BigInt(f.memWords * 32));
          break;
        case 0x5a:
          f.charge(2);
          f.push(BigInt(f.gas));
          break;
        case 0x5b:
          f.charge(1);
          break;
        case 0x5f:
          f.charge(2);
          f.push(0n);
          break;
        case 0xf3:
          return { returnData: f.output(), gasLeft: BigInt(f.gas), reverted: false };
        case 0xfd:
          return { returnData: f.output(), gasLeft: BigInt(f.gas), reverted: true };
        default:
          return undefined;
      }
      pc++;
    }
    return { returnData: new Uint8Array(0), gasLeft: BigInt(f.gas), reverted: false };
  } catch (e) {
    if (e === giveUp) return undefined;
    throw e;
  }
}
