/**
 * The L1 tx manager: owns the sender's nonces, signs and sends txs for its owners (sequence sender, aggregator), bumps
 * fees and resubmits txs that are not mined in time, waits for confirmations, and persists everything in `state.l1_tx`
 * so that a restarted process goes on monitoring and finishing its txs.
 */
import { getAddress, isError, Transaction, type JsonRpcProvider, type Signer, type TransactionRequest } from "ethers";
import type { Db } from "../db/db.js";
import type { Logger } from "../log/logger.js";
import { decodeRevert } from "../etherman/revert.js";
import { L1TxError } from "./errors.js";
import { L1TxStore, type L1TxRecord, type L1TxStatus, type SentAttempt } from "./l1TxStore.js";
import { defaultL1TxManagerOptions, type L1TxManagerOptions } from "./options.js";

export interface AddL1Tx {
  /** Unique across owners, chosen by the owner (e.g. `sequence-from-5-to-9`); adding it again is a no-op. */
  id: string;
  owner: string;
  to: string;
  data: string;
  value?: bigint;
  /** Skips eth_estimateGas (for a tx that only succeeds after an earlier one is mined). */
  gasLimit?: number;
}

export interface L1TxResult {
  id: string;
  owner: string;
  status: "confirmed" | "failed";
  minedHash: string | null;
  blockNumber: number | null;
  error: string | null;
  /** The contract's custom error when the tx (or its gas estimate) reverted. */
  revertName: string | null;
}

export interface L1TxManagerDeps {
  db: Db;
  provider: JsonRpcProvider;
  /** Signs locally (a Wallet): the manager sends raw txs and controls nonce and fees itself. */
  signer: Signer;
  options?: Partial<L1TxManagerOptions>;
  log?: Logger;
}

type Fees = { type: 2; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | { type: 0; gasPrice: bigint };

const GWEI = 1_000_000_000n;

/** Parses `<CODE>[ <RevertName>]: message` back into its revert name. */
export function revertNameOf(error: string | null): string | null {
  const m = /^[A-Z_]+ (\w+): /.exec(error ?? "");
  return m ? m[1]! : null;
}

function resultOf(rec: L1TxRecord): L1TxResult {
  return {
    id: rec.id,
    owner: rec.owner,
    status: rec.status === "confirmed" ? "confirmed" : "failed",
    minedHash: rec.minedHash,
    blockNumber: rec.blockNumber,
    error: rec.error,
    revertName: revertNameOf(rec.error),
  };
}

export class L1TxManager {
  private readonly store: L1TxStore;
  private readonly opts: L1TxManagerOptions;
  private readonly listeners = new Set<(r: L1TxResult) => void>();
  private readonly waiters = new Map<string, Set<(r: L1TxResult) => void>>();
  private from = "";
  private chainId = 0n;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(private readonly deps: L1TxManagerDeps) {
    this.store = new L1TxStore(deps.db);
    this.opts = { ...defaultL1TxManagerOptions, ...deps.options };
  }

  /** Loads the unfinished txs of the signer and starts monitoring them. */
  async start(): Promise<void> {
    this.from = getAddress(await this.deps.signer.getAddress());
    this.chainId = (await this.deps.provider.getNetwork()).chainId;
    this.stopped = false;
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Queues a tx. Resolves once it is stored; the result comes through `onResult` / `waitFor`. */
  async add(tx: AddL1Tx): Promise<void> {
    if (!this.from) throw new L1TxError("STOPPED", "start() the L1 tx manager before adding txs");
    const inserted = await this.store.insert({
      id: tx.id,
      owner: tx.owner,
      from: this.from,
      to: getAddress(tx.to),
      value: tx.value ?? 0n,
      data: tx.data,
      gas: tx.gasLimit ?? null,
    });
    if (!inserted) {
      const existing = await this.store.get(tx.id);
      if (!existing || existing.owner !== tx.owner || existing.data !== tx.data.toLowerCase() || existing.to !== getAddress(tx.to)) {
        throw new L1TxError("DUPLICATE_ID", `an L1 tx with id ${tx.id} but other content already exists: use a new id`);
      }
    }
    this.kick();
  }

  status(id: string): Promise<L1TxRecord | null> {
    return this.store.get(id);
  }

  list(filter: { owner?: string; statuses?: readonly L1TxStatus[] } = {}): Promise<L1TxRecord[]> {
    return this.store.list(filter);
  }

  /** Called once per tx when it is confirmed or has failed; returns the unsubscribe function. */
  onResult(listener: (r: L1TxResult) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the tx's final result (at once if it is already final). */
  async waitFor(id: string): Promise<L1TxResult> {
    const result = new Promise<L1TxResult>((resolve) => {
      let set = this.waiters.get(id);
      if (!set) this.waiters.set(id, (set = new Set()));
      set.add(resolve);
    });
    const rec = await this.store.get(id);
    if (!rec) {
      this.waiters.delete(id);
      throw new L1TxError("UNKNOWN_ID", `no L1 tx with id ${id}`);
    }
    if (rec.status === "confirmed" || rec.status === "failed") {
      this.waiters.delete(id);
      return resultOf(rec);
    }
    return result;
  }

  // ------------------------------------------------------------ monitor loop

  private kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.tick().finally(() => {
      this.running = null;
      if (this.stopped) return;
      if (this.again) {
        this.again = false;
        this.kick();
      } else {
        this.timer = setTimeout(() => this.kick(), this.opts.pollIntervalMs);
      }
    });
  }

  private async tick(): Promise<void> {
    let txs: L1TxRecord[];
    try {
      txs = await this.store.unfinished(this.from);
    } catch (e) {
      this.deps.log?.error("cannot load L1 txs", { err: (e as Error).message });
      return;
    }
    for (const tx of txs) {
      if (this.stopped) return;
      try {
        await this.process(tx, txs);
      } catch (e) {
        // An L1 node hiccup must not stop the loop: the next tick retries from the stored state.
        this.deps.log?.warn("L1 tx step failed, will retry", { id: tx.id, err: (e as Error).message });
      }
    }
  }

  private async process(tx: L1TxRecord, all: L1TxRecord[]): Promise<void> {
    if (tx.status === "created") return this.sendFirst(tx, all);
    if (tx.status === "sent") return this.checkSent(tx);
    return this.checkMined(tx);
  }

  private async sendFirst(tx: L1TxRecord, all: L1TxRecord[]): Promise<void> {
    let gas = tx.gas;
    if (gas === null) {
      try {
        const estimate = await this.deps.provider.estimateGas({ from: this.from, to: tx.to, data: tx.data, value: tx.value });
        gas = Number((estimate * BigInt(100 + this.opts.gasLimitMarginPercent)) / 100n);
      } catch (e) {
        const revert = decodeRevert(e) ?? (isError(e, "CALL_EXCEPTION") ? { name: "", reason: "no reason given" } : null);
        if (!revert) throw e;
        // It may only succeed after our earlier txs are mined (e.g. initSequencedBatch): wait for them first.
        if (all.some((o) => o.id !== tx.id && o.nonce !== null)) {
          this.deps.log?.debug("estimate reverted while earlier txs are pending; waiting", { id: tx.id, revert: revert.name });
          return;
        }
        const named = revert.name ? ` ${revert.name}` : "";
        await this.fail(tx, `ESTIMATE_REVERTED${named}: the tx would revert (${revert.reason ?? revert.name}); nothing was sent`);
        return;
      }
    }
    const fees = await this.suggestFees();
    await this.signAndSend(tx, await this.nextNonce(), gas, fees);
  }

  private async nextNonce(): Promise<number> {
    const [chain, ours] = await Promise.all([this.deps.provider.getTransactionCount(this.from, "pending"), this.store.highestPendingNonce(this.from)]);
    return Math.max(chain, ours === null ? 0 : ours + 1);
  }

  private async signAndSend(tx: L1TxRecord, nonce: number, gas: number, fees: Fees): Promise<void> {
    const req: TransactionRequest = { chainId: this.chainId, nonce, to: tx.to, data: tx.data, value: tx.value, gasLimit: gas, ...fees };
    const raw = await this.deps.signer.signTransaction(req);
    const hash = Transaction.from(raw).hash!;
    const attempt: SentAttempt =
      fees.type === 2
        ? { hash, sentAt: Date.now(), maxFee: fees.maxFeePerGas.toString(), priorityFee: fees.maxPriorityFeePerGas.toString() }
        : { hash, sentAt: Date.now(), maxFee: fees.gasPrice.toString(), priorityFee: null };
    // Stored before broadcast: a crash in between leaves a hash we check, never a mined tx we do not know.
    if (!tx.sentHashes.some((a) => a.hash === hash)) await this.store.recordAttempt(tx.id, nonce, gas, attempt);
    try {
      await this.deps.provider.send("eth_sendRawTransaction", [raw]);
      this.deps.log?.info("L1 tx sent", { id: tx.id, owner: tx.owner, hash, nonce, attempt: tx.sentHashes.length + 1 });
    } catch (e) {
      const msg = (e as Error).message.toLowerCase();
      if (msg.includes("already known") || msg.includes("already imported")) return;
      if (msg.includes("nonce too low") || msg.includes("nonce is too low")) {
        await this.nonceTaken({ ...tx, nonce, gas, sentHashes: [...tx.sentHashes, attempt] });
        return;
      }
      throw e;
    }
  }

  /** Our nonce is used on L1: either by one of our hashes (it will show up as mined) or by a tx sent outside the manager. */
  private async nonceTaken(tx: L1TxRecord): Promise<void> {
    if (await this.findReceipt(tx)) return this.checkSent(tx);
    const nonce = await this.nextNonce();
    this.deps.log?.warn("L1 nonce used outside the manager; sending with a new nonce", { id: tx.id, oldNonce: tx.nonce, nonce });
    await this.signAndSend(tx, Math.max(nonce, (tx.nonce ?? -1) + 1), tx.gas!, this.lastFees(tx));
  }

  private async findReceipt(tx: L1TxRecord) {
    for (const a of [...tx.sentHashes].reverse()) {
      const r = await this.deps.provider.getTransactionReceipt(a.hash);
      if (r) return r;
    }
    return null;
  }

  private async checkSent(tx: L1TxRecord): Promise<void> {
    const receipt = await this.findReceipt(tx);
    if (receipt) {
      if (receipt.status === 0) {
        const revert = await this.replayRevert(tx, receipt.blockNumber);
        await this.fail(tx, `REVERTED${revert ? " " + revert : ""}: L1 tx ${receipt.hash} reverted in block ${receipt.blockNumber}`, {
          hash: receipt.hash,
          blockNumber: receipt.blockNumber,
        });
        return;
      }
      await this.store.markMined(tx.id, receipt.hash, receipt.blockNumber);
      return this.checkMined({ ...tx, status: "mined", minedHash: receipt.hash, blockNumber: receipt.blockNumber });
    }
    const last = tx.sentHashes[tx.sentHashes.length - 1];
    if (!last || tx.nonce === null || tx.gas === null) return; // cannot happen for a 'sent' row; nothing to resend
    if (Date.now() - last.sentAt >= this.opts.resubmitAfterMs) {
      const bumped = await this.bumpedFees(tx);
      if (!bumped) return;
      this.deps.log?.info("L1 tx not mined in time; resubmitting with higher fees", { id: tx.id, nonce: tx.nonce });
      return this.signAndSend(tx, tx.nonce, tx.gas, bumped);
    }
    // The node lost it (restart, mempool eviction, or a crash before broadcast): the same signed tx again.
    if (!(await this.deps.provider.getTransaction(last.hash))) return this.signAndSend(tx, tx.nonce, tx.gas, this.lastFees(tx));
  }

  private async checkMined(tx: L1TxRecord): Promise<void> {
    const receipt = tx.minedHash ? await this.deps.provider.getTransactionReceipt(tx.minedHash) : null;
    if (!receipt) {
      this.deps.log?.warn("mined L1 tx vanished (reorg); watching it again", { id: tx.id, hash: tx.minedHash });
      await this.store.markUnmined(tx.id);
      return;
    }
    if (receipt.blockNumber !== tx.blockNumber) await this.store.markMined(tx.id, receipt.hash, receipt.blockNumber);
    const latest = await this.deps.provider.getBlockNumber();
    if (latest - receipt.blockNumber + 1 < this.opts.confirmations) return;
    await this.store.markConfirmed(tx.id);
    this.deps.log?.info("L1 tx confirmed", { id: tx.id, owner: tx.owner, hash: receipt.hash, block: receipt.blockNumber });
    this.report({ ...tx, status: "confirmed", minedHash: receipt.hash, blockNumber: receipt.blockNumber });
  }

  private async fail(tx: L1TxRecord, error: string, mined?: { hash: string; blockNumber: number }): Promise<void> {
    await this.store.markFailed(tx.id, error, mined);
    this.deps.log?.warn("L1 tx failed", { id: tx.id, owner: tx.owner, error });
    this.report({ ...tx, status: "failed", error, minedHash: mined?.hash ?? tx.minedHash, blockNumber: mined?.blockNumber ?? tx.blockNumber });
  }

  /** Re-runs a reverted tx on the state before its block to learn the revert (best effort: earlier txs of that block are not replayed). */
  private async replayRevert(tx: L1TxRecord, blockNumber: number): Promise<string | null> {
    try {
      await this.deps.provider.call({ from: this.from, to: tx.to, data: tx.data, value: tx.value, gasLimit: tx.gas ?? undefined, blockTag: blockNumber - 1 });
      return null;
    } catch (e) {
      return decodeRevert(e)?.name ?? null;
    }
  }

  private report(rec: L1TxRecord): void {
    const result = resultOf(rec);
    for (const l of this.listeners) {
      try {
        l(result);
      } catch (e) {
        this.deps.log?.error("L1 tx result listener threw", { id: rec.id, err: (e as Error).message });
      }
    }
    const waiters = this.waiters.get(rec.id);
    this.waiters.delete(rec.id);
    for (const w of waiters ?? []) w(result);
  }

  // ------------------------------------------------------------ fees

  private async suggestFees(): Promise<Fees> {
    const [block, feeData] = await Promise.all([this.deps.provider.getBlock("latest"), this.deps.provider.getFeeData()]);
    const use1559 = this.opts.feeMode === "eip1559" || (this.opts.feeMode === "auto" && block?.baseFeePerGas != null);
    if (use1559) {
      const priority = feeData.maxPriorityFeePerGas ?? GWEI;
      const base = block?.baseFeePerGas ?? feeData.gasPrice ?? GWEI;
      return this.capped({ type: 2, maxFeePerGas: base * 2n + priority, maxPriorityFeePerGas: priority });
    }
    return this.capped({ type: 0, gasPrice: feeData.gasPrice ?? GWEI });
  }

  private lastFees(tx: L1TxRecord): Fees {
    const last = tx.sentHashes[tx.sentHashes.length - 1]!;
    return last.priorityFee === null
      ? { type: 0, gasPrice: BigInt(last.maxFee) }
      : { type: 2, maxFeePerGas: BigInt(last.maxFee), maxPriorityFeePerGas: BigInt(last.priorityFee) };
  }

  /** The last fees raised by feeBumpPercent (and at least today's suggestion); null when the cap forbids a valid bump. */
  private async bumpedFees(tx: L1TxRecord): Promise<Fees | null> {
    const prev = this.lastFees(tx);
    const now = await this.suggestFees();
    const bump = (v: bigint) => (v * BigInt(100 + this.opts.feeBumpPercent) + 99n) / 100n;
    const max = (a: bigint, b: bigint) => (a > b ? a : b);
    const next: Fees =
      prev.type === 2
        ? {
            type: 2,
            maxFeePerGas: max(bump(prev.maxFeePerGas), now.type === 2 ? now.maxFeePerGas : now.gasPrice),
            maxPriorityFeePerGas: max(bump(prev.maxPriorityFeePerGas), now.type === 2 ? now.maxPriorityFeePerGas : 0n),
          }
        : { type: 0, gasPrice: max(bump(prev.gasPrice), now.type === 0 ? now.gasPrice : now.maxFeePerGas) };
    const capped = this.capped(next);
    const price = (f: Fees) => (f.type === 2 ? f.maxFeePerGas : f.gasPrice);
    // Nodes refuse a replacement under +10%: a capped bump below that is pointless.
    if (price(capped) * 100n < price(prev) * 110n) {
      this.deps.log?.warn("L1 tx stuck at the fee cap; not resubmitting", { id: tx.id, cap: this.opts.maxFeePerGasGwei });
      return null;
    }
    return capped;
  }

  private capped(f: Fees): Fees {
    if (this.opts.maxFeePerGasGwei <= 0) return f;
    const cap = BigInt(Math.floor(this.opts.maxFeePerGasGwei * 1e9));
    const min = (a: bigint, b: bigint) => (a < b ? a : b);
    if (f.type === 0) return { type: 0, gasPrice: min(f.gasPrice, cap) };
    const maxFeePerGas = min(f.maxFeePerGas, cap);
    return { type: 2, maxFeePerGas, maxPriorityFeePerGas: min(f.maxPriorityFeePerGas, maxFeePerGas) };
  }
}
