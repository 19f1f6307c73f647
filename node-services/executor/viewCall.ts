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

/** Flags each JUMPDEST that is an opcode, not PUSH data; kept per bytecode object (the program store shares them). */
const jumpdestsByCode = new WeakMap<Uint8Array, Uint8Array>();

function jumpdests(code: Uint8Array): Uint8Array {
  let valid = jumpdestsByCode.get(code);
  if (valid === undefined) {
    valid = new Uint8Array(code.length);
    for (let pc = 0; pc < code.length; pc++) {
      const op = code[pc]!;
      if (op === 0x5b) valid[pc] = 1;
      else if (op >= 0x60 && op <= 0x7f) pc += op - 0x5f;
    }
    jumpdestsByCode.set(code, valid);
  }
  return valid;
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

function readWord(src: Uint8Array, offset: bigint): bigint {
  if (offset >= BigInt(src.length)) return 0n;
  const o = Number(offset);
  let v = 0n;
  for (let i = 0; i < 32; i++) v = (v << 8n) | BigInt(src[o + i] ?? 0);
  return v;
}

class GiveUp extends Error {}
const giveUp = new GiveUp();

/** Runs `env.code` as a top-level call with zero value; undefined when the full EVM must run it instead. */
export async function runViewCall(env: ViewCallEnv): Promise<ViewCallOutcome | undefined> {
  if (env.gasLimit > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  const { code, data } = env;
  const valid = jumpdests(code);
  const stack: bigint[] = [];
  let memory = new Uint8Array(1024);
  let memWords = 0;
  let memCost = 0;
  let gas = Number(env.gasLimit);
  const warmSlots = new Set<bigint>();

  const charge = (cost: number): void => {
    if (cost > gas) throw giveUp;
    gas -= cost;
  };
  const pop = (): bigint => {
    const v = stack.pop();
    if (v === undefined) throw giveUp;
    return v;
  };
  const push = (v: bigint): void => {
    if (stack.length >= STACK_MAX) throw giveUp;
    stack.push(v);
  };
  const small = (v: bigint): number => {
    if (v > BigInt(MEMORY_MAX)) throw giveUp;
    return Number(v);
  };
  /** Charges the expansion to cover [offset, offset + size) and returns offset as a number (size 0 touches nothing). */
  const touch = (offsetWord: bigint, size: number): number => {
    if (size === 0) return 0;
    const offset = small(offsetWord);
    const end = offset + size;
    if (end > MEMORY_MAX) throw giveUp;
    const words = wordsOf(end);
    if (words > memWords) {
      const cost = 3 * words + Math.floor((words * words) / 512);
      charge(cost - memCost);
      memCost = cost;
      memWords = words;
      if (words * 32 > memory.length) {
        const grown = new Uint8Array(Math.max(words * 32, memory.length * 2));
        grown.set(memory);
        memory = grown;
      }
    }
    return offset;
  };
  const copyIn = (src: Uint8Array): void => {
    const [destW, offW, sizeW] = [pop(), pop(), pop()];
    const size = small(sizeW);
    charge(3 + 3 * wordsOf(size));
    const dest = touch(destW, size);
    const from = offW >= BigInt(src.length) ? src.length : Number(offW);
    for (let i = 0; i < size; i++) memory[dest + i] = src[from + i] ?? 0;
  };
  const binary = (f: (a: bigint, b: bigint) => bigint, cost: number): void => {
    charge(cost);
    const a = pop();
    push(f(a, pop()));
  };

  try {
    let pc = 0;
    while (pc < code.length) {
      const op = code[pc]!;
      if (op >= 0x60 && op <= 0x7f) {
        charge(3);
        const n = op - 0x5f;
        let v = 0n;
        for (let i = 1; i <= n; i++) v = (v << 8n) | BigInt(code[pc + i] ?? 0);
        push(v);
        pc += n + 1;
        continue;
      }
      if (op >= 0x80 && op <= 0x8f) {
        charge(3);
        const v = stack[stack.length - 1 - (op - 0x80)];
        if (v === undefined) throw giveUp;
        push(v);
        pc++;
        continue;
      }
      if (op >= 0x90 && op <= 0x9f) {
        charge(3);
        const top = stack.length - 1;
        const other = top - (op - 0x8f);
        if (other < 0) throw giveUp;
        [stack[top], stack[other]] = [stack[other]!, stack[top]!];
        pc++;
        continue;
      }
      switch (op) {
        case 0x00:
          return { returnData: new Uint8Array(0), gasLeft: BigInt(gas), reverted: false };
        case 0x01:
          binary((a, b) => (a + b) & U256, 3);
          break;
        case 0x02:
          binary((a, b) => (a * b) & U256, 5);
          break;
        case 0x03:
          binary((a, b) => (a - b) & U256, 3);
          break;
        case 0x04:
          binary((a, b) => (b === 0n ? 0n : a / b), 5);
          break;
        case 0x05:
          binary((a, b) => (b === 0n ? 0n : BigInt.asUintN(256, BigInt.asIntN(256, a) / BigInt.asIntN(256, b))), 5);
          break;
        case 0x06:
          binary((a, b) => (b === 0n ? 0n : a % b), 5);
          break;
        case 0x07:
          binary((a, b) => (b === 0n ? 0n : BigInt.asUintN(256, BigInt.asIntN(256, a) % BigInt.asIntN(256, b))), 5);
          break;
        case 0x08:
        case 0x09: {
          charge(8);
          const [a, b, n] = [pop(), pop(), pop()];
          push(n === 0n ? 0n : op === 0x08 ? (a + b) % n : (a * b) % n);
          break;
        }
        case 0x0a: {
          const [base, exponent] = [pop(), pop()];
          charge(10 + 50 * byteLength(exponent));
          push(expMod256(base, exponent));
          break;
        }
        case 0x0b:
          binary(signExtend, 5);
          break;
        case 0x10:
          binary((a, b) => (a < b ? 1n : 0n), 3);
          break;
        case 0x11:
          binary((a, b) => (a > b ? 1n : 0n), 3);
          break;
        case 0x12:
          binary((a, b) => (BigInt.asIntN(256, a) < BigInt.asIntN(256, b) ? 1n : 0n), 3);
          break;
        case 0x13:
          binary((a, b) => (BigInt.asIntN(256, a) > BigInt.asIntN(256, b) ? 1n : 0n), 3);
          break;
        case 0x14:
          binary((a, b) => (a === b ? 1n : 0n), 3);
          break;
        case 0x15:
          charge(3);
          push(pop() === 0n ? 1n : 0n);
          break;
        case 0x16:
          binary((a, b) => a & b, 3);
          break;
        case 0x17:
          binary((a, b) => a | b, 3);
          break;
        case 0x18:
          binary((a, b) => a ^ b, 3);
          break;
        case 0x19:
          charge(3);
          push(U256 ^ pop());
          break;
        case 0x1a:
          binary((i, x) => (i < 32n ? (x >> (8n * (31n - i))) & 0xffn : 0n), 3);
          break;
        case 0x1b:
          binary((shift, x) => (shift >= 256n ? 0n : (x << shift) & U256), 3);
          break;
        case 0x1c:
          binary((shift, x) => (shift >= 256n ? 0n : x >> shift), 3);
          break;
        case 0x1d:
          binary((shift, x) => BigInt.asUintN(256, BigInt.asIntN(256, x) >> (shift >= 256n ? 255n : shift)), 3);
          break;
        case 0x20: {
          const [offW, sizeW] = [pop(), pop()];
          const size = small(sizeW);
          charge(30 + 6 * wordsOf(size));
          const off = touch(offW, size);
          push(BigInt(`0x${Buffer.from(keccak(memory.subarray(off, off + size))).toString("hex")}`));
          break;
        }
        case 0x30:
          charge(2);
          push(env.address);
          break;
        case 0x32:
        case 0x33:
          charge(2);
          push(env.caller);
          break;
        case 0x34:
          charge(2);
          push(0n);
          break;
        case 0x35:
          charge(3);
          push(readWord(data, pop()));
          break;
        case 0x36:
          charge(2);
          push(BigInt(data.length));
          break;
        case 0x37:
          copyIn(data);
          break;
        case 0x38:
          charge(2);
          push(BigInt(code.length));
          break;
        case 0x39:
          copyIn(code);
          break;
        case 0x3a:
          charge(2);
          push(env.gasPrice);
          break;
        case 0x41:
          charge(2);
          push(env.coinbase);
          break;
        case 0x42:
          charge(2);
          push(env.timestamp);
          break;
        case 0x43:
          charge(2);
          push(env.number);
          break;
        case 0x45:
          charge(2);
          push(env.blockGasLimit);
          break;
        case 0x46:
          charge(2);
          push(env.chainId);
          break;
        case 0x50:
          charge(2);
          pop();
          break;
        case 0x51: {
          charge(3);
          const off = touch(pop(), 32);
          push(readWord(memory.subarray(off, off + 32), 0n));
          break;
        }
        case 0x52: {
          charge(3);
          const off = touch(pop(), 32);
          let v = pop();
          for (let i = 31; i >= 0; i--) {
            memory[off + i] = Number(v & 0xffn);
            v >>= 8n;
          }
          break;
        }
        case 0x53: {
          charge(3);
          const off = touch(pop(), 1);
          memory[off] = Number(pop() & 0xffn);
          break;
        }
        case 0x54: {
          const slot = pop();
          charge(warmSlots.has(slot) ? WARM_SLOAD : COLD_SLOAD);
          warmSlots.add(slot);
          push(await env.sload(slot));
          break;
        }
        case 0x56:
        case 0x57: {
          charge(op === 0x56 ? 8 : 10);
          const dest = pop();
          if (op === 0x57 && pop() === 0n) break;
          if (dest >= BigInt(code.length) || valid[Number(dest)] !== 1) throw giveUp;
          pc = Number(dest);
          continue;
        }
        case 0x58:
          charge(2);
          push(BigInt(pc));
          break;
        case 0x59:
          charge(2);
          push(BigInt(memWords * 32));
          break;
        case 0x5a:
          charge(2);
          push(BigInt(gas));
          break;
        case 0x5b:
          charge(1);
          break;
        case 0x5f:
          charge(2);
          push(0n);
          break;
        case 0xf3:
        case 0xfd: {
          const [offW, sizeW] = [pop(), pop()];
          const size = small(sizeW);
          const off = touch(offW, size);
          return { returnData: memory.slice(off, off + size), gasLeft: BigInt(gas), reverted: op === 0xfd };
        }
        default:
          return undefined;
      }
      pc++;
    }
    return { returnData: new Uint8Array(0), gasLeft: BigInt(gas), reverted: false };
  } catch (e) {
    if (e === giveUp) return undefined;
    throw e;
  }
}
