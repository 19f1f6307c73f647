import { Interface } from "ethers";
import { beforeAll, describe, expect, it } from "vitest";
import { MemoryNodeStore, Smt } from "../merkletree/index.js";
import type { H4 } from "../merkletree/index.js";
import { bytesToBig, fromHex, keccak, concat, bigToFixed } from "./bytes.js";
import { Executor } from "./executor.js";
import type { CallRequest, CallResult } from "./executor.js";
import { buildGenesis } from "./genesis.js";
import type { GenesisAccount } from "./genesis.js";
import { compileContract } from "../testing/solidity.js";
import { MemoryProgramStore } from "./programStore.js";

const FROM = "0x617b3a3528f9cdd6630fd3301b9c8911f7bf063d";
const callCtx = { number: 77n, timestamp: 1_700_000_123n, coinbase: "0xeb17ce701e9d92724aa2abada7e4b28830597dd9" };

const PROBE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;
contract Probe {
  mapping(address => uint256) public balanceOf;
  uint256 public total;
  string public name;
  function sumTo(uint256 n) external pure returns (uint256 s) { for (uint256 i = 1; i <= n; i++) s += i * i; }
  function check(uint256 x) external pure returns (uint256) { require(x < 10, "x too large"); return x * 3; }
  function digest(bytes calldata b, int256 k) external view returns (bytes32, int256, uint256, address) {
    return (keccak256(abi.encodePacked(b, msg.sender, block.number)), k / -3 % 7 >> 1, block.timestamp ^ block.chainid, block.coinbase);
  }
  function bump() external returns (uint256) { total += 1; return total; }
}`;

/** Deterministic pseudo-random source, so a failure names a program that can be replayed. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const EDGE = [0n, 1n, 2n, 31n, 32n, 255n, 256n, (1n << 255n) - 1n, 1n << 255n, (1n << 256n) - 1n, (1n << 256n) - 2n];

/** Op code and the number of stack inputs for the ops the generator mixes. */
const OPS: [number, number][] = [
  [0x01, 2], [0x02, 2], [0x03, 2], [0x04, 2], [0x05, 2], [0x06, 2], [0x07, 2], [0x08, 3], [0x09, 3], [0x0a, 2], [0x0b, 2],
  [0x10, 2], [0x11, 2], [0x12, 2], [0x13, 2], [0x14, 2], [0x15, 1], [0x16, 2], [0x17, 2], [0x18, 2], [0x19, 1], [0x1a, 2],
  [0x1b, 2], [0x1c, 2], [0x1d, 2], [0x35, 1], [0x54, 1],
];
/** Ops that take nothing and push one word of the environment. */
const ENV_OPS = [0x30, 0x32, 0x33, 0x34, 0x36, 0x38, 0x3a, 0x41, 0x42, 0x43, 0x45, 0x46, 0x58, 0x59, 0x5a, 0x5f];

function push32(v: bigint): number[] {
  return [0x7f, ...bigToFixed(v, 32)];
}

/**
 * A straight-line program: each step computes one op on edge-case or random operands and stores the word at the next
 * memory slot; then memory tricks (MSTORE8, KECCAK256, CALLDATACOPY, CODECOPY, DUP/SWAP) and RETURN of it all.
 */
function randomProgram(next: () => number): Uint8Array {
  const word = (): bigint => {
    const r = next();
    if (r < 0.5) return EDGE[Math.floor(next() * EDGE.length)]!;
    if (r < 0.75) return BigInt(Math.floor(next() * 300));
    let v = 0n;
    for (let i = 0; i < 8; i++) v = (v << 32n) | BigInt(Math.floor(next() * 2 ** 32));
    return v;
  };
  const code: number[] = [];
  let slot = 0;
  for (let step = 0; step < 20; step++) {
    if (next() < 0.2) {
      code.push(ENV_OPS[Math.floor(next() * ENV_OPS.length)]!);
    } else {
      const [op, arity] = OPS[Math.floor(next() * OPS.length)]!;
      // EXP's gas depends on the exponent's byte length: keep it varied but the result still on the fast path
      for (let i = 0; i < arity; i++) code.push(...push32(op === 0x54 ? BigInt(Math.floor(next() * 4)) : word()));
      code.push(op);
    }
    code.push(0x61, (slot * 32) >> 8, (slot * 32) & 0xff, 0x52);
    slot++;
  }
  // MSTORE8 into the middle of a word, hash a range, copy calldata and code over others, shuffle with DUP/SWAP
  code.push(0x60, 0xab, 0x60, 0x05, 0x53);
  code.push(0x60, 0x40, 0x60, 0x10, 0x20, 0x60, 0x00, 0x52);
  code.push(0x60, 0x24, 0x60, 0x02, 0x60, 0x41, 0x37);
  code.push(0x60, 0x30, 0x60, 0x03, 0x60, 0x90, 0x39);
  code.push(0x60, 0x01, 0x60, 0x02, 0x81, 0x91, 0x01, 0x60, 0x20, 0x52, 0x50);
  code.push(0x5a, 0x61, (slot * 32) >> 8, (slot * 32) & 0xff, 0x52);
  code.push(0x61, ((slot + 1) * 32) >> 8, ((slot + 1) * 32) & 0xff, 0x60, 0x00, 0xf3);
  return Uint8Array.from(code);
}

function compileProbe(): { runtime: Uint8Array; abi: Interface } {
  const c = compileContract(PROBE, "Probe", { evmVersion: "shanghai", optimize: true });
  return { runtime: fromHex(c.runtime), abi: new Interface(c.abi as string[]) };
}

/** Solidity's slot of a short string (< 32 bytes): the bytes left-aligned, 2 × length in the last byte. */
function shortString(s: string): bigint {
  const b = new Uint8Array(32);
  b.set(new TextEncoder().encode(s));
  b[31] = 2 * s.length;
  return bytesToBig(b);
}

describe("eth_call on the view interpreter gives what the full EVM gives", () => {
  const PROBE_AT = "0x00000000000000000000000000000000000000b0";
  const programs: { address: string; code: Uint8Array }[] = [];
  let probe: Interface;
  let root: H4;
  let fast: Executor;
  let full: Executor;

  beforeAll(async () => {
    const next = rng(2026);
    for (let i = 0; i < 40; i++) programs.push({ address: `0x${(0x1000 + i).toString(16).padStart(40, "0")}`, code: randomProgram(next) });
    const compiled = compileProbe();
    probe = compiled.abi;
    const holder = BigInt(FROM);
    const balanceSlot = bytesToBig(keccak(concat(bigToFixed(holder, 32), bigToFixed(0n, 32))));
    const accounts: GenesisAccount[] = [
      { address: FROM, balance: 10n ** 20n },
      { address: PROBE_AT, balance: 0n, code: compiled.runtime, storage: new Map([[balanceSlot, 12345n], [1n, 7n], [2n, shortString("Prom probe")]]) },
      ...programs.map((p) => ({ address: p.address, balance: 0n, code: p.code, storage: new Map([[1n, 99n], [3n, (1n << 256n) - 1n]]) })),
    ];
    const smt = new Smt(new MemoryNodeStore());
    const store = new MemoryProgramStore();
    root = await buildGenesis(smt, store, accounts);
    fast = new Executor({ smt, programs: store, chainId: 1000n, forkId: 8 });
    full = new Executor({ smt, programs: store, chainId: 1000n, forkId: 8, viewCalls: false });
  });

  async function both(req: CallRequest): Promise<CallResult> {
    const [a, b] = [await fast.call(root, req, callCtx), await full.call(root, req, callCtx)];
    expect({ ...a, returnData: Buffer.from(a.returnData).toString("hex") }).toEqual({ ...b, returnData: Buffer.from(b.returnData).toString("hex") });
    return a;
  }

  it("on 40 random programs of arithmetic, comparison, shift, environment, memory and storage ops", async () => {
    const before = fast.callCounts.view;
    for (const p of programs) {
      for (const data of [new Uint8Array(0), fromHex(`0x${"ff".repeat(40)}`), fromHex("0x0102")]) {
        const r = await both({ from: FROM, to: p.address, data });
        expect(r.error).toBeUndefined();
      }
    }
    expect(fast.callCounts.view - before).toBe(programs.length * 3);
  });

  it("on compiled Solidity: mapping reads, loops, strings, keccak, signed math, require reasons", async () => {
    const before = fast.callCounts.view;
    const call = async (fn: string, args: unknown[], from = FROM) => {
      const r = await both({ from, to: PROBE_AT, data: fromHex(probe.encodeFunctionData(fn, args)) });
      return { r, decoded: r.error ? undefined : probe.decodeFunctionResult(fn, r.returnData) };
    };
    expect((await call("balanceOf", [FROM])).decoded![0]).toBe(12345n);
    expect((await call("balanceOf", [PROBE_AT])).decoded![0]).toBe(0n);
    expect((await call("total", [])).decoded![0]).toBe(7n);
    expect((await call("name", [])).decoded![0]).toBe("Prom probe");
    expect((await call("sumTo", [50n])).decoded![0]).toBe(42925n);
    expect((await call("check", [4n])).decoded![0]).toBe(12n);
    expect((await call("check", [11n])).r.error).toBe("execution reverted: x too large");
    const [hash, k] = (await call("digest", [new Uint8Array([1, 2, 3]), -100n])).decoded!;
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(k).toBe(((-100n / -3n) % 7n) >> 1n);
    expect(fast.callCounts.view - before).toBe(8);
  });

  it("hands to the full EVM what it does not run: SSTORE, value, out of gas, no code, bad calldata selector", async () => {
    const before = { ...fast.callCounts };
    const bump = fromHex(probe.encodeFunctionData("bump", []));
    expect(bytesToBig((await both({ from: FROM, to: PROBE_AT, data: bump })).returnData)).toBe(8n);
    expect((await both({ from: FROM, to: PROBE_AT, data: fromHex(probe.encodeFunctionData("sumTo", [10n])), gas: 22_000n })).error).toBe("out of gas");
    await both({ from: FROM, to: FROM, data: new Uint8Array(0), value: 1n });
    await both({ from: FROM, to: "0x00000000000000000000000000000000000000ee" });
    // an unknown selector reverts without data: that one the interpreter finishes itself
    expect((await both({ from: FROM, to: PROBE_AT, data: fromHex("0xdeadbeef") })).error).toBe("execution reverted");
    expect(fast.callCounts.evm - before.evm).toBe(4);
    expect(fast.callCounts.view - before.view).toBe(1);
  });

  it("charges the cold SLOAD on every call: the warm set does not leak between calls", async () => {
    const req = { from: FROM, to: PROBE_AT, data: fromHex(probe.encodeFunctionData("total", [])) };
    const first = await fast.call(root, req, callCtx);
    const second = await fast.call(root, req, callCtx);
    expect(second.gasUsed).toBe(first.gasUsed);
    expect((await full.call(root, req, callCtx)).gasUsed).toBe(first.gasUsed);
  });
});
