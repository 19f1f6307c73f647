/** `npm run bench -- executor [n]`: plain transfers/s through BlockBuilder (sign outside the timer, 50 txs per block). */
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { MemoryNodeStore, Smt, useWasmPoseidon } from "../node-services/merkletree/index.js";
import { Executor, MemoryProgramStore, buildGenesis, signingHash, useWasmKeccak } from "../node-services/executor/index.js";
import type { L2Tx } from "../node-services/executor/index.js";
import { report } from "./report.js";

const KEY = Uint8Array.from(Buffer.from("28b2b0318721be8c8339199172cd7cc8f5e273800a35616ec893083a4b32c02e", "hex"));
const FROM = "0x617b3a3528f9cdd6630fd3301b9c8911f7bf063d";

export async function run(args: string[]): Promise<void> {
  const n = Number(args[0] ?? 1000);
  const txs: L2Tx[] = [];
  for (let i = 0; i < n; i++) {
    const t = { nonce: BigInt(i), gasPrice: 1n, gasLimit: 21000n, to: `0x${(i + 1).toString(16).padStart(40, "0")}` as const, value: 1n, data: new Uint8Array(0), chainId: 1000n, effectivePercentage: 0xff, r: 0n, s: 0n, v: 27 as const };
    const sig = secp256k1.sign(Buffer.from(signingHash(t).slice(2), "hex"), KEY, { prehash: false, format: "recovered" });
    txs.push({ ...t, r: BigInt(`0x${Buffer.from(sig.subarray(1, 33)).toString("hex")}`), s: BigInt(`0x${Buffer.from(sig.subarray(33)).toString("hex")}`), v: sig[0] === 0 ? 27 : 28 });
  }
  // the hashes as a node runs them (startNode plugs in the same)
  await useWasmPoseidon();
  await useWasmKeccak();
  for (const knownSender of [false, true]) await measure(txs, knownSender);
}

async function measure(txs: L2Tx[], knownSender: boolean): Promise<void> {
  const n = txs.length;
  const smt = new Smt(new MemoryNodeStore());
  const programs = new MemoryProgramStore();
  let root = await buildGenesis(smt, programs, [{ address: FROM, balance: 10n ** 24n }]);
  const ex = new Executor({ smt, programs, chainId: 1000n, forkId: 8 });
  const zero = `0x${"00".repeat(32)}` as const;
  const t0 = performance.now();
  for (let i = 0; i < n; i += 50) {
    const b = await ex.openBlock(root, { timestamp: BigInt(1_700_000_000 + i), coinbase: FROM, l1InfoTreeIndex: 0, globalExitRoot: zero, blockHashL1: zero });
    for (const tx of txs.slice(i, i + 50)) {
      const r = await b.applyTx(tx, knownSender ? FROM : undefined);
      if (r.rejected) throw new Error(`tx rejected: ${r.reason}`);
    }
    root = (await b.close()).stateRoot;
  }
  const secs = (performance.now() - t0) / 1000;
  report({ bench: "executor", case: knownSender ? "plain transfers, 50 per block, sender known (pool recovered it)" : "plain transfers, 50 per block, secp256k1 sender recovery included", ours: n / secs, unit: "tx/s" });
}
