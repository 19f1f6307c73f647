/**
 * Sends closed trusted batches to L1 with `sequenceBatches` through the L1 tx manager, one sequence in flight at a
 * time, within the contract's limits. A forced batch goes with the forced GER, timestamp and L1 block hash its
 * forced-batch hash commits to. Which batches became virtual is the synchronizer's to record, from L1's events.
 */
import { Contract, ZeroHash, type Provider } from "ethers";
import { promZkEvmAbi } from "../etherman/abi.js";
import { encodeSequenceBatches, type BatchData } from "../etherman/calldata.js";
import type { L1TxManager } from "../l1txmanager/index.js";
import type { Logger } from "../log/logger.js";
import { Ticker, type Service } from "../node/service.js";
import type { Hex } from "../state/hex.js";
import type { StateRepository } from "../state/stateRepository.js";
import type { Batch } from "../state/types.js";

export const SEQUENCE_SENDER_OWNER = "sequencesender";

export interface SequenceSenderOptions {
  intervalMs: number;
  maxBatchesPerSequence: number;
  maxSequenceBytes: number;
}

export interface SequenceSenderDeps {
  state: StateRepository;
  txManager: L1TxManager;
  provider: Provider;
  rollupAddress: string;
  /** The trusted sequencer's L1 address (the contract hashes it as the sequencer of each batch). */
  l2Coinbase: string;
  options: SequenceSenderOptions;
  log: Logger;
}

/** The L1 tx id of a sequence: its batch range and timestamp limit, so a resend after a failure gets a new id. */
function sequenceId(from: number, to: number, maxTs: bigint): string {
  return `sequence-${from}-${to}-${maxTs}`;
}

function sequenceRange(id: string): { from: number; to: number } {
  const [, from, to] = id.split("-");
  return { from: Number(from), to: Number(to) };
}

/** Contract limit: the max sequence timestamp may be at most this far past the L1 block's timestamp. */
const TIMESTAMP_RANGE = 36n;

export class SequenceSender implements Service {
  readonly name = "sequence-sender";
  private readonly ticker: Ticker;
  private readonly rollup: Contract;
  private readonly unsubscribe: () => void;
  /** Failed sequence txs already reported by this process. */
  private readonly reported = new Set<string>();

  constructor(private readonly d: SequenceSenderDeps) {
    this.rollup = new Contract(d.rollupAddress, promZkEvmAbi, d.provider);
    this.ticker = new Ticker(d.options.intervalMs, () => this.tick(), (err) => d.log.error("sequence sender step failed", { err }));
    this.unsubscribe = d.txManager.onResult((r) => {
      if (r.owner === SEQUENCE_SENDER_OWNER) void this.ticker.poke();
    });
  }

  async start(): Promise<void> {
    this.ticker.start();
  }

  async stop(): Promise<void> {
    this.unsubscribe();
    await this.ticker.stop();
  }

  /** Wakes the loop now (a batch was just closed). */
  poke(): void {
    void this.ticker.poke();
  }

  private async tick(): Promise<void> {
    // Finish what earlier runs (or this one) sent before sending more: the contract needs initSequencedBatch to match.
    const open = await this.d.txManager.list({ owner: SEQUENCE_SENDER_OWNER, statuses: ["created", "sent", "mined"] });
    if (open.length > 0) return;
    // A failed sequence is reported once; its batches are sent again below (L1 still has not sequenced them).
    const lastVirtual = (await this.d.state.lastVirtualBatchNumber()) ?? 0;
    const failed = await this.d.txManager.list({ owner: SEQUENCE_SENDER_OWNER, statuses: ["failed"] });
    for (const r of failed.filter((x) => sequenceRange(x.id).to > lastVirtual && !this.reported.has(x.id))) {
      this.reported.add(r.id);
      this.d.log.error("sequence tx failed; the batches will be sent again", { id: r.id, error: r.error });
    }

    const onL1 = Number(await this.rollup.lastBatchSequenced!());
    const batches = await this.closedBatchesAfter(onL1);
    if (batches.length === 0) return;
    const latest = await this.d.provider.getBlock("latest");
    if (!latest) return;
    const lastL2Ts = BigInt(batches.at(-1)!.lastBlockTimestamp);
    // maxSequenceTimestamp must cover every L2 block and stay within TIMESTAMP_RANGE of the L1 block that mines it.
    const maxTs = BigInt(latest.timestamp) > lastL2Ts ? BigInt(latest.timestamp) : lastL2Ts;
    if (maxTs > BigInt(latest.timestamp) + TIMESTAMP_RANGE) {
      this.d.log.warn("L2 blocks are ahead of L1 time; waiting", { l2: lastL2Ts, l1: latest.timestamp });
      return;
    }
    const from = batches[0]!.batch.batchNum;
    const to = batches.at(-1)!.batch.batchNum;
    const data = encodeSequenceBatches({
      batches: await Promise.all(batches.map((b) => this.batchData(b.batch))),
      maxSequenceTimestamp: Number(maxTs),
      initSequencedBatch: onL1,
      l2Coinbase: this.d.l2Coinbase,
    });
    const id = sequenceId(from, to, maxTs);
    await this.d.txManager.add({ id, owner: SEQUENCE_SENDER_OWNER, to: this.d.rollupAddress, data });
    this.d.log.info("sequence sent", { from, to, id });
  }

  private async closedBatchesAfter(onL1: number): Promise<{ batch: Batch & { batchL2Data: Hex }; lastBlockTimestamp: number }[]> {
    const out: { batch: Batch & { batchL2Data: Hex }; lastBlockTimestamp: number }[] = [];
    let bytes = 0;
    for (let n = onL1 + 1; out.length < this.d.options.maxBatchesPerSequence; n++) {
      const batch = await this.d.state.getBatch(n);
      if (!batch || batch.status !== "closed" || batch.batchL2Data === null) break;
      const size = (batch.batchL2Data.length - 2) / 2;
      if (out.length > 0 && bytes + size > this.d.options.maxSequenceBytes) break;
      bytes += size;
      const blocks = await this.d.state.getBatchBlocks(n);
      out.push({ batch: batch as Batch & { batchL2Data: Hex }, lastBlockTimestamp: blocks.at(-1)?.timestamp ?? batch.timestamp });
    }
    return out;
  }

  /** A batch as sequenceBatches takes it; a forced one with the fields its forced-batch hash commits to. */
  private async batchData(batch: Batch & { batchL2Data: Hex }): Promise<BatchData> {
    if (batch.forcedBatchNum === null) {
      return { transactions: batch.batchL2Data, forcedGlobalExitRoot: ZeroHash, forcedTimestamp: 0, forcedBlockHashL1: ZeroHash };
    }
    const forced = await this.d.state.getForcedBatch(batch.forcedBatchNum);
    if (!forced) throw new Error(`batch ${batch.batchNum} holds forced batch ${batch.forcedBatchNum}, which is not stored`);
    return {
      transactions: batch.batchL2Data,
      forcedGlobalExitRoot: forced.globalExitRoot,
      forcedTimestamp: forced.timestamp,
      forcedBlockHashL1: forced.blockHashL1,
    };
  }
}
