/**
 * `npm run bench -- poseidon [leaves]`: Goldilocks Poseidon hashes/s of each implementation (the TypeScript f64 one,
 * any plugged in with setPoseidonImpl, against the BigInt reference), and state-tree sets/s on a MemoryNodeStore.
 */
import { report } from "./report.js";
import { migrate } from "../node-services/db/migrate.js";
import { openPgliteWorker } from "../node-services/db/pgliteWorkerDb.js";
import {
  keyBalance,
  keyNonce,
  DbNodeStore,
  MemoryNodeStore,
  poseidonFast,
  poseidonReference,
  Smt,
  ZERO_H4,
  type PoseidonFn,
  wasmPoseidon,
  type SmtEntry,
} from "../node-services/merkletree/index.js";

/** Other implementations to compare: prover-wasm's Poseidon (the node's) when its module is built (`npm run build:wasm`). */
async function extraImpls(): Promise<{ name: string; hash: PoseidonFn }[]> {
  try {
    return [await wasmPoseidon()];
  } catch (err) {
    console.error(`prover-wasm Poseidon not compared: ${(err as Error).message}`);
    return [];
  }
}

function hashesPerSecond(hash: PoseidonFn, ms: number): number {
  const inp = [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n];
  let cap: readonly bigint[] = [0n, 0n, 0n, 0n];
  // warm up so the optimizing compiler has run
  for (let i = 0; i < 200; i++) cap = hash(inp, cap);
  let n = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 50; i++) cap = hash(inp, cap);
    n += 50;
    elapsed = performance.now() - t0;
  }
  return (n / elapsed) * 1000;
}

async function setsPerSecond(smt: Smt, root: Awaited<ReturnType<Smt["set"]>>, batches: SmtEntry[][]): Promise<number> {
  let r = root;
  const t0 = performance.now();
  let sets = 0;
  for (const batch of batches) {
    r = await smt.setMany(r, batch);
    sets += batch.length;
  }
  return (sets / (performance.now() - t0)) * 1000;
}

export async function run(args: string[]): Promise<void> {
  const leaves = Number(args[0] ?? 20_000);
  const ms = 2000;

  const reference = hashesPerSecond(poseidonReference, ms);
  const fast = hashesPerSecond(poseidonFast, ms);
  report({ bench: "poseidon", case: "hash ts-f64 vs bigint reference", ours: Math.round(fast), peer: Math.round(reference), unit: "hashes/s", ratio: fast / reference });
  const others = await extraImpls();
  for (const impl of others) {
    const h = hashesPerSecond(impl.hash, ms);
    report({ bench: "poseidon", case: `hash ${impl.name} vs ts-f64`, ours: Math.round(h), peer: Math.round(fast), unit: "hashes/s", ratio: h / fast });
  }

  // a state of `leaves` accounts' balances, then transfer-like updates: 4 leaves per transfer
  // (sender balance and nonce, receiver balance, coinbase balance), 100 transfers per setMany
  const addr = (i: number) => `0x${i.toString(16).padStart(40, "0")}`;
  const store = new MemoryNodeStore();
  const tBuild = performance.now();
  const genesis = Array.from({ length: leaves }, (_, i) => ({ key: keyBalance(addr(i + 1)), value: 10n ** 20n }));
  const root = await new Smt(store).setMany(ZERO_H4, genesis);
  const buildMs = performance.now() - tBuild;
  report({ bench: "poseidon", case: `smt build ${leaves} leaves (keys + setMany)`, ours: Math.round((leaves / buildMs) * 1000), unit: "leaves/s" });

  const coinbase = keyBalance(addr(0xc0ffee));
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const transfers = (count: number) =>
    Array.from({ length: count }, (_, t) => {
      const from = addr(1 + Math.floor(rand() * leaves));
      const to = addr(1 + Math.floor(rand() * leaves));
      return [
        { key: keyBalance(from), value: 10n ** 20n - BigInt(t + 1) },
        { key: keyNonce(from), value: BigInt(t + 1) },
        { key: keyBalance(to), value: 10n ** 20n + BigInt(t + 1) },
        { key: coinbase, value: BigInt(t + 1) * 21000n },
      ];
    });
  const blocks = Array.from({ length: 5 }, () => transfers(100).flat());
  const singles = transfers(100).flat().map((e) => [e]);

  const single = await setsPerSecond(new Smt(store), root, singles);
  const batched = await setsPerSecond(new Smt(store), root, blocks);
  report({ bench: "poseidon", case: `smt setMany 400 leaves vs one set per call, ${leaves}-leaf tree`, ours: Math.round(batched), peer: Math.round(single), unit: "sets/s", ratio: batched / single });
  report({ bench: "poseidon", case: "smt transfer-equivalents (4 leaves each, setMany per 100)", ours: Math.round(batched / 4), unit: "transfers/s" });
  for (const impl of others) {
    const withImpl = await setsPerSecond(new Smt(store, { hash: impl.hash }), root, blocks);
    report({ bench: "poseidon", case: `smt setMany with ${impl.name} hash vs ts-f64`, ours: Math.round(withImpl), peer: Math.round(batched), unit: "sets/s", ratio: withImpl / batched });
  }

  // the same blocks persisted: nodes written to PGlite with one flush per block
  const db = await openPgliteWorker(undefined);
  try {
    await migrate(db);
    const dbStore = new DbNodeStore(db);
    const dbSmt = new Smt(dbStore);
    let dbRoot = await dbSmt.setMany(ZERO_H4, genesis);
    await dbStore.flush();
    const t0 = performance.now();
    let sets = 0;
    let nodes = 0;
    for (const block of blocks) {
      dbRoot = await dbSmt.setMany(dbRoot, block);
      nodes += dbStore.pendingCount;
      await dbStore.flush();
      sets += block.length;
    }
    const persisted = (sets / (performance.now() - t0)) * 1000;
    report({ bench: "poseidon", case: "smt nodes written per set (setMany per 400)", ours: Number((nodes / sets).toFixed(2)), unit: "nodes/set" });
    report({ bench: "poseidon", case: "smt setMany + flush to PGlite vs MemoryNodeStore", ours: Math.round(persisted), peer: Math.round(batched), unit: "sets/s", ratio: persisted / batched });
  } finally {
    await db.close();
  }
}
