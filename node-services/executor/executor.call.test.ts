import { secp256k1 } from "@noble/curves/secp256k1.js";
import { describe, expect, it } from "vitest";
import { MemoryNodeStore, Smt } from "../merkletree/index.js";
import { signingHash } from "./batchL2Data.js";
import type { L2Tx } from "./batchL2Data.js";
import { bytesToBig, fromHex, toHex } from "./bytes.js";
import type { Hex } from "./bytes.js";
import { Executor } from "./executor.js";
import { buildGenesis } from "./genesis.js";
import { MemoryProgramStore } from "./programStore.js";

const KEY = fromHex("0x28b2b0318721be8c8339199172cd7cc8f5e273800a35616ec893083a4b32c02e");
const FROM = "0x617b3a3528f9cdd6630fd3301b9c8911f7bf063d";
const COUNTER = "0x00000000000000000000000000000000000000cc";
const COINBASE = "0xeb17ce701e9d92724aa2abada7e4b28830597dd9";
const ZERO = `0x${"00".repeat(32)}` as Hex;
/** Returns slot 0; with calldata it first stores slot 0 + 1 and returns that. */
const COUNTER_CODE = fromHex("0x6000543615600f5760010180600055" + "5b60005260206000f3");
/** Init code whose deployed "runtime" is the block number and the coinbase, one word each. */
const RETURN_NUMBER_AND_COINBASE = fromHex("0x436000524160205260406000f3");
/** Init code whose deployed "runtime" is its own address: eth_call returns the address a CREATE would get. */
const RETURN_OWN_ADDRESS = fromHex("0x3060005260206000f3");

const blockCtx = { timestamp: 1_700_000_000n, coinbase: COINBASE, l1InfoTreeIndex: 0, globalExitRoot: ZERO, blockHashL1: ZERO };
const callCtx = { number: 1n, timestamp: 1_700_000_000n, coinbase: COINBASE };

function sign(t: Omit<L2Tx, "r" | "s" | "v">): L2Tx {
  const unsigned = { ...t, r: 0n, s: 0n, v: 27 as const };
  const sig = secp256k1.sign(fromHex(signingHash(unsigned)), KEY, { prehash: false, format: "recovered" });
  return { ...unsigned, r: bytesToBig(sig.subarray(1, 33)), s: bytesToBig(sig.subarray(33)), v: sig[0] === 0 ? 27 : 28 };
}

async function setup(opts: { callEvmPool?: number } = {}) {
  const smt = new Smt(new MemoryNodeStore());
  const programs = new MemoryProgramStore();
  const root = await buildGenesis(smt, programs, [
    { address: FROM, balance: 10n ** 20n },
    { address: COUNTER, balance: 0n, code: COUNTER_CODE, storage: new Map([[0n, 42n]]) },
  ]);
  return { ex: new Executor({ smt, programs, chainId: 1000n, forkId: 8, ...opts }), root };
}

describe("Executor.call on reused EVMs", () => {
  it("discards a call's storage write and charges the same cold-access gas on every repeat", async () => {
    const { ex, root } = await setup({ callEvmPool: 1 });
    const first = await ex.call(root, { from: FROM, to: COUNTER, data: Uint8Array.of(1) }, callCtx);
    const second = await ex.call(root, { from: FROM, to: COUNTER, data: Uint8Array.of(1) }, callCtx);
    expect(bytesToBig(first.returnData)).toBe(43n);
    expect(bytesToBig(second.returnData)).toBe(43n);
    // a warm slot or address left over from the first call would make the second one cheaper
    expect(second.gasUsed).toBe(first.gasUsed);
    const read = await ex.call(root, { to: COUNTER, data: new Uint8Array(0) }, callCtx);
    expect(bytesToBig(read.returnData)).toBe(42n);
  });

  it("does not keep the caller nonce a previous call bumped (a CREATE gets the same address each time)", async () => {
    const { ex, root } = await setup({ callEvmPool: 1 });
    const a = await ex.call(root, { from: FROM, data: RETURN_OWN_ADDRESS }, callCtx);
    const b = await ex.call(root, { from: FROM, data: RETURN_OWN_ADDRESS }, callCtx);
    expect(a.error).toBeUndefined();
    expect(toHex(b.returnData)).toBe(toHex(a.returnData));
    const deployed = await ex.call(root, { to: `0x${toHex(a.returnData).slice(-40)}`, data: new Uint8Array(0) }, callCtx);
    expect(deployed.returnData).toHaveLength(0);
  });

  it("sees the state of the root it is given: a block that changed storage, and still the old value on the old root", async () => {
    const { ex, root } = await setup();
    expect(bytesToBig((await ex.call(root, { to: COUNTER }, callCtx)).returnData)).toBe(42n);
    const b = await ex.openBlock(root, blockCtx);
    const tx = sign({ gasPrice: 0n, chainId: 1000n, effectivePercentage: 0xff, nonce: 0n, gasLimit: 100_000n, to: COUNTER, value: 0n, data: Uint8Array.of(1) });
    const applied = await b.applyTx(tx);
    if (applied.rejected) throw new Error(applied.reason);
    expect(applied.receipt.status).toBe(1);
    const block = await b.close();
    expect(bytesToBig((await ex.call(block.stateRoot, { to: COUNTER }, callCtx)).returnData)).toBe(43n);
    expect(bytesToBig((await ex.call(root, { to: COUNTER }, callCtx)).returnData)).toBe(42n);
  });

  it("runs each call in its own block context and rejects a malformed address every time", async () => {
    const { ex, root } = await setup({ callEvmPool: 1 });
    const other = "0x00000000000000000000000000000000000000c0";
    for (const [number, coinbase] of [[1n, COINBASE], [2n, COINBASE], [2n, other], [1n, COINBASE]] as const) {
      const r = await ex.call(root, { data: RETURN_NUMBER_AND_COINBASE }, { ...callCtx, number, coinbase });
      expect(bytesToBig(r.returnData.subarray(0, 32))).toBe(number);
      expect(bytesToBig(r.returnData.subarray(32))).toBe(BigInt(coinbase));
    }
    for (let i = 0; i < 2; i++) await expect(ex.call(root, { to: "0x1234" }, callCtx)).rejects.toThrow(/20-byte address/);
  });

  it("gives concurrent calls on different roots the results they get one at a time", async () => {
    const { ex, root } = await setup({ callEvmPool: 2 });
    const b = await ex.openBlock(root, blockCtx);
    const tx = sign({ gasPrice: 0n, chainId: 1000n, effectivePercentage: 0xff, nonce: 0n, gasLimit: 100_000n, to: COUNTER, value: 0n, data: Uint8Array.of(1) });
    if ((await b.applyTx(tx)).rejected) throw new Error("counter tx rejected");
    const next = (await b.close()).stateRoot;
    const reqs = Array.from({ length: 24 }, (_, i) => ({ root: i % 2 ? next : root, data: i % 3 ? Uint8Array.of(i) : new Uint8Array(0) }));
    const one = async (r: (typeof reqs)[number]) => {
      const res = await ex.call(r.root, { from: FROM, to: COUNTER, data: r.data }, callCtx);
      return `${bytesToBig(res.returnData)}/${res.gasUsed}`;
    };
    const sequential: string[] = [];
    for (const r of reqs) sequential.push(await one(r));
    expect(await Promise.all(reqs.map(one))).toEqual(sequential);
    expect(new Set(sequential).size).toBe(4);
  });
});
