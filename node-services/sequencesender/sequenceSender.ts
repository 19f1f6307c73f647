/**
 * Sends closed trusted batches to L1 with `sequenceBatches` through the L1 tx manager, one sequence in flight at a
 * time, within the contract's limits. When the sequence is mined it records which L1 tx sequenced which batches,
 * recomputes every batch's accInputHash and checks the last one against the value the contract stored.
 */
import { Contract, ZeroHash, type Provider } from "ethers";
import { promZkEvmAbi, promZkEvmInterface } from "../etherman/abi.js";
import type { L1TxManager } from "../l1txmanager/index.js";
import type { Logger } from "../log/logger.js";
import { Ticker, type Service } from "../node/service.js";
import { accInputHash } from "../etherman/rollupHashes.js";
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
  /** Called after batches became virtual. */
  onSequenced?: (fromBatch: number, toBatch: number) => void;
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
  /** Sequence txs already turned into virtual batches (or reported as failed) by this process. */
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
    // Only sequences whose batches are not virtual yet need recording (their range is in the id): a restart after a
    // long run does not walk the whole history on L1.
    const lastVirtual = (await this.d.state.lastVirtualBatchNumber()) ?? 0;
    const done = await this.d.txManager.list({ owner: SEQUENCE_SENDER_OWNER, statuses: ["confirmed", "failed"] });
    for (const r of done.filter((x) => sequenceRange(x.id).to > lastVirtual && !this.reported.has(x.id))) {
      if (r.status === "confirmed") await this.recordIfNew(r.id, r.minedHash, r.blockNumber);
      else {
        this.reported.add(r.id);
        this.d.log.error("sequence tx failed; the batches will be sent again", { id: r.id, error: r.error });
      }
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
    const data = promZkEvmInterface.encodeFunctionData("sequenceBatches", [
      batches.map((b) => [b.batch.batchL2Data, ZeroHash, 0n, ZeroHash]),
      maxTs,
      BigInt(onL1),
      this.d.l2Coinbase,
    ]);
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

  /** Turns a mined sequence into virtual batches (once), checking our accInputHash chain against the contract's. */
  private async recordIfNew(id: string, minedHash: string | null, blockNumber: number | null): Promise<void> {
    if (this.reported.has(id) || !minedHash || blockNumber === null) return;
    const receipt = await this.d.provider.getTransactionReceipt(minedHash);
    const tx = await this.d.provider.getTransaction(minedHash);
    if (!receipt || !tx) return;
    const call = promZkEvmInterface.decodeFunctionData("sequenceBatches", tx.data);
    const ev = receipt.logs.map((l) => promZkEvmInterface.parseLog(l)).find((e) => e?.name === "SequenceBatches");
    if (!ev) throw new Error(`sequence tx ${minedHash} has no SequenceBatches event`);
    const last = Number(ev.args.numBatch);
    const l1InfoRoot = ev.args.l1InfoRoot as Hex;
    const count = (call.batches as unknown[]).length;
    const first = last - count + 1;
    if ((await this.d.state.getBatch(last))?.status !== "closed") {
      this.reported.add(id);
      return; // already recorded
    }
    const block = await this.d.provider.getBlock(blockNumber);
    if (!block) return;
    await this.d.state.addL1Block({ number: block.number, hash: block.hash as Hex, parentHash: block.parentHash as Hex, receivedAt: new Date(block.timestamp * 1000) });

    // Batch 0 (genesis) is stored with the zero accInputHash L1 starts from.
    const previous = (await this.d.state.getBatch(first - 1))?.accInputHash;
    if (!previous) throw new Error(`batch ${first - 1} has no accInputHash; cannot chain batch ${first}`);
    let acc: string = previous;
    const maxTs = BigInt(call.maxSequenceTimestamp as bigint);
    for (let n = first; n <= last; n++) {
      const batch = (await this.d.state.getBatch(n))!;
      acc = accInputHash({
        oldAccInputHash: acc,
        transactions: batch.batchL2Data!,
        l1InfoRoot,
        timestampLimit: maxTs,
        sequencer: this.d.l2Coinbase,
      });
      await this.d.state.markVirtual(n, {
        l1TxHash: minedHash as Hex,
        coinbase: this.d.l2Coinbase as Hex,
        sequencerAddr: tx.from as Hex,
        l1InfoRoot,
        timestampLimit: Number(maxTs),
        l1BlockNum: block.number,
        accInputHash: acc as Hex,
      });
    }
    const onChain = (await this.rollup.sequencedBatches!(last)) as { accInputHash: string };
    if (onChain.accInputHash !== acc) {
      this.d.log.error("accInputHash differs from L1: the batches sent are not the batches stored", { batch: last, ours: acc, l1: onChain.accInputHash });
    }
    await this.d.state.addSequence({ fromBatchNum: first, toBatchNum: last, accInputHash: acc as Hex, l1InfoRoot, l1TxHash: minedHash as Hex, l1BlockNum: block.number });
    this.reported.add(id);
    this.d.log.info("batches virtual", { from: first, to: last, l1Block: block.number, accInputHash: acc });
    this.d.onSequenced?.(first, last);
  }
}
