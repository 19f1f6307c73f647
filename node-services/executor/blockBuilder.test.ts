import { secp256k1 } from "@noble/curves/secp256k1.js";
import { describe, expect, it } from "vitest";
import { MemoryNodeStore, Smt, h4ToHex } from "../merkletree/index.js";
import { signingHash } from "./batchL2Data.js";
import type { L2Tx } from "./batchL2Data.js";
import { bytesToBig, fromHex } from "./bytes.js";
import type { Hex } from "./bytes.js";
import { Executor } from "./executor.js";
import { buildGenesis } from "./genesis.js";
import { MemoryProgramStore } from "./programStore.js";

const KEY = fromHex("0x28b2b0318721be8c8339199172cd7cc8f5e273800a35616ec893083a4b32c02e");
const FROM = "0x617b3a3528f9cdd6630fd3301b9c8911f7bf063d";
const TO = "0x4d5cf5032b2a844602278b01199ed191a86c93ff";
const COINBASE = "0xeb17ce701e9d92724aa2abada7e4b28830597dd9";
const ZERO = `0x${"00".repeat(32)}` as Hex;

function sign(t: Omit<L2Tx, "r" | "s" | "v">): L2Tx {
  const unsigned = { ...t, r: 0n, s: 0n, v: 27 as const };
  const sig = secp256k1.sign(fromHex(signingHash(unsigned)), KEY, { prehash: false, format: "recovered" });
  return { ...unsigned, r: bytesToBig(sig.subarray(1, 33)), s: bytesToBig(sig.subarray(33)), v: sig[0] === 0 ? 27 : 28 };
}

async function setup() {
  const smt = new Smt(new MemoryNodeStore());
  const programs = new MemoryProgramStore();
  const root = await buildGenesis(smt, programs, [{ address: FROM, balance: 10n ** 20n }]);
  return { ex: new Executor({ smt, programs, chainId: 1000n, forkId: 8 }), root };
}

const ctx = { timestamp: 1_700_000_000n, coinbase: COINBASE, l1InfoTreeIndex: 0, globalExitRoot: ZERO, blockHashL1: ZERO };
const base = { gasPrice: 1_000_000_000n, chainId: 1000n, effectivePercentage: 0xff, data: new Uint8Array(0) };

describe("BlockBuilder", () => {
  it("applies a transfer, pays the fee to the coinbase and writes the block", async () => {
    const { ex, root } = await setup();
    const b = await ex.openBlock(root, ctx);
    const r = await b.applyTx(sign({ ...base, nonce: 0n, gasLimit: 21000n, to: TO, value: 5n }));
    expect(r.rejected).toBe(false);
    const block = await b.close();
    expect(block.number).toBe(1n);
    expect(block.gasUsed).toBe(21000n);
    expect(h4ToHex(block.stateRoot)).not.toBe(h4ToHex(root));
    const to = await ex.getAccount(block.stateRoot, TO);
    const cb = await ex.getAccount(block.stateRoot, COINBASE);
    const from = await ex.getAccount(block.stateRoot, FROM);
    expect(to.balance).toBe(5n);
    expect(cb.balance).toBe(21000n * 1_000_000_000n);
    expect(from.nonce).toBe(1n);
    expect(from.balance).toBe(10n ** 20n - 5n - 21000n * 1_000_000_000n);
    expect(await ex.lastTimestamp(block.stateRoot)).toBe(ctx.timestamp);
  });

  it("rejects a bad nonce, a wrong chain id and too little gas without touching state", async () => {
    const { ex, root } = await setup();
    const b = await ex.openBlock(root, ctx);
    expect(await b.applyTx(sign({ ...base, nonce: 1n, gasLimit: 21000n, to: TO, value: 1n }))).toMatchObject({ rejected: true, reason: "INVALID_NONCE" });
    expect(await b.applyTx(sign({ ...base, chainId: 1n, nonce: 0n, gasLimit: 21000n, to: TO, value: 1n }))).toMatchObject({ rejected: true, reason: "CHAIN_ID_MISMATCH" });
    expect(await b.applyTx(sign({ ...base, nonce: 0n, gasLimit: 20999n, to: TO, value: 1n }))).toMatchObject({ rejected: true, reason: "INTRINSIC_GAS_TOO_LOW" });
    const block = await b.close();
    expect(block.txs).toHaveLength(0);
    expect((await ex.getAccount(block.stateRoot, FROM)).nonce).toBe(0n);
  });

  it("deploys a contract that logs, calls it, and decodes a revert reason", async () => {
    const { ex, root } = await setup();
    // runtime: LOG1(topic 0x2a, empty data) then revert with Error("no") if calldata is non-empty
    const runtime = fromHex(
      "0x602a60006000a13615602f576308c379a060e01b60005260206004526002602452616e6f60f01b60445260646000fd5b00",
    );
    const init = fromHex(`0x60${runtime.length.toString(16).padStart(2, "0")}600c60003960${runtime.length.toString(16).padStart(2, "0")}6000f3${Buffer.from(runtime).toString("hex")}`);
    const b = await ex.openBlock(root, ctx);
    const dep = await b.applyTx(sign({ ...base, nonce: 0n, gasLimit: 200000n, to: null, value: 0n, data: init }));
    if (dep.rejected) throw new Error(dep.reason);
    expect(dep.receipt.status).toBe(1);
    const addr = dep.receipt.contractAddress!;
    expect(addr).toMatch(/^0x[0-9a-f]{40}$/);
    const call = await b.applyTx(sign({ ...base, nonce: 1n, gasLimit: 100000n, to: addr, value: 0n }));
    if (call.rejected) throw new Error(call.reason);
    expect(call.receipt.status).toBe(1);
    expect(call.receipt.logs).toHaveLength(1);
    expect(call.receipt.logs[0]!.logIndex).toBe(0);
    expect(bytesToBig(call.receipt.logs[0]!.topics[0]!)).toBe(0x2an);
    const block = await b.close();
    expect((await ex.getAccount(block.stateRoot, addr)).code).toEqual(runtime);
    const res = await ex.call(block.stateRoot, { from: FROM, to: addr, data: Uint8Array.of(1) }, { number: 2n, timestamp: ctx.timestamp, coinbase: COINBASE });
    expect(res.error).toBe("execution reverted: no");
  });
});
