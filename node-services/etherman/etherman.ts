/**
 * Typed access to the Prom L1 contracts (PromZkEVM, PromGlobalExitRoot): state reads, the snark-input view, and
 * `getRollupEvents`, one eth_getLogs over both contracts decoded into per-block event lists (calldata read where events lack data).
 */
import { getAddress, type Log, type Provider, type TransactionResponse } from "ethers";
import {
  promGlobalExitRootContract,
  promGlobalExitRootInterface,
  promZkEvmContract,
  promZkEvmInterface,
  type PromGlobalExitRootContract,
  type PromZkEvmContract,
} from "./abi.js";
import { decodeForceBatch, decodeSequenceBatches, decodeSequenceForceBatches, type BatchData } from "./calldata.js";
import { EthermanError } from "./errors.js";
import type { L1BlockEvents, RollupEvent, SequencedBatch } from "./events.js";
import { globalExitRoot, l1InfoLeafHash } from "./l1InfoTree.js";

export interface EthermanAddresses {
  rollup: string;
  globalExitRoot: string;
}

export interface SequencedBatchInfo {
  accInputHash: string;
  sequencedTimestamp: number;
  previousLastBatchSequenced: number;
}

export interface SnarkBytesQuery {
  aggregator: string;
  initNumBatch: number;
  finalNewBatch: number;
  newLocalExitRoot: string;
  oldStateRoot: string;
  newStateRoot: string;
}

type BlockTag = number | "latest" | "safe" | "finalized";

const num = (v: unknown): number => {
  const n = Number(v as bigint);
  if (!Number.isSafeInteger(n)) throw new EthermanError("INCONSISTENT_EVENT", `L1 value ${String(v)} does not fit a JS number`);
  return n;
};

export class Etherman {
  readonly rollup: PromZkEvmContract;
  readonly ger: PromGlobalExitRootContract;
  readonly addresses: EthermanAddresses;

  constructor(
    readonly provider: Provider,
    addresses: EthermanAddresses,
  ) {
    this.addresses = { rollup: getAddress(addresses.rollup), globalExitRoot: getAddress(addresses.globalExitRoot) };
    this.rollup = promZkEvmContract(this.addresses.rollup, provider);
    this.ger = promGlobalExitRootContract(this.addresses.globalExitRoot, provider);
  }

  // ------------------------------------------------------------ reads

  async latestBlockNumber(): Promise<number> {
    return this.provider.getBlockNumber();
  }
  async blockNumber(tag: "safe" | "finalized"): Promise<number> {
    const block = await this.provider.getBlock(tag);
    if (!block) throw new EthermanError("RPC_FAILED", `the L1 node has no ${tag} block`);
    return block.number;
  }
  async lastBatchSequenced(blockTag: BlockTag = "latest"): Promise<number> {
    return num(await this.rollup.lastBatchSequenced({ blockTag }));
  }
  async lastVerifiedBatch(blockTag: BlockTag = "latest"): Promise<number> {
    return num(await this.rollup.lastVerifiedBatch({ blockTag }));
  }
  async lastForceBatch(): Promise<number> {
    return num(await this.rollup.lastForceBatch());
  }
  async lastForceBatchSequenced(): Promise<number> {
    return num(await this.rollup.lastForceBatchSequenced());
  }
  async lastAccInputHash(): Promise<string> {
    return (await this.rollup.lastAccInputHash()) as string;
  }
  /** Zero accInputHash when `batchNumber` is not the last batch of a sequence. */
  async sequencedBatch(batchNumber: number): Promise<SequencedBatchInfo> {
    const [accInputHash, sequencedTimestamp, previousLastBatchSequenced] = (await this.rollup.sequencedBatches(batchNumber)) as [string, bigint, bigint];
    return { accInputHash, sequencedTimestamp: num(sequencedTimestamp), previousLastBatchSequenced: num(previousLastBatchSequenced) };
  }
  async batchNumToStateRoot(batchNumber: number): Promise<string> {
    return (await this.rollup.batchNumToStateRoot(batchNumber)) as string;
  }
  async forcedBatchHash(forceBatchNumber: number): Promise<string> {
    return (await this.rollup.forcedBatches(forceBatchNumber)) as string;
  }
  async trustedSequencer(): Promise<string> {
    return (await this.rollup.trustedSequencer()) as string;
  }
  async trustedSequencerURL(): Promise<string> {
    return (await this.rollup.trustedSequencerURL()) as string;
  }
  async trustedAggregator(): Promise<string> {
    return (await this.rollup.trustedAggregator()) as string;
  }
  async chainId(): Promise<number> {
    return num(await this.rollup.chainID());
  }
  async forkId(): Promise<number> {
    return num(await this.rollup.forkID());
  }
  async forceBatchTimeout(): Promise<number> {
    return num(await this.rollup.forceBatchTimeout());
  }
  async forceBatchAddress(): Promise<string> {
    return (await this.rollup.forceBatchAddress()) as string;
  }
  async isEmergencyState(): Promise<boolean> {
    return (await this.rollup.isEmergencyState()) as boolean;
  }
  /** Root of the L1 info tree (what the next non-forced batch hashes). */
  async l1InfoRoot(blockTag: BlockTag = "latest"): Promise<string> {
    return (await this.ger.getRoot({ blockTag })) as string;
  }
  async l1InfoTreeLeafCount(): Promise<number> {
    return num(await this.ger.depositCount());
  }
  async lastGlobalExitRoot(): Promise<string> {
    return (await this.ger.getLastGlobalExitRoot()) as string;
  }
  /** The L1 block hash stored for a GER, or 0x00…0 for a GER L1 never saw. */
  async globalExitRootBlockHash(ger: string): Promise<string> {
    const v = (await this.ger.globalExitRootMap(ger)) as bigint;
    return "0x" + v.toString(16).padStart(64, "0");
  }
  /** The 212 snark-input bytes as L1 computes them for `aggregator` (reverts decode with `decodeRevert`). */
  async getInputSnarkBytes(q: SnarkBytesQuery): Promise<string> {
    return (await this.rollup.getInputSnarkBytes.staticCall(q.initNumBatch, q.finalNewBatch, q.newLocalExitRoot, q.oldStateRoot, q.newStateRoot, {
      from: q.aggregator,
    })) as string;
  }

  // ------------------------------------------------------------ events

  /** Every Prom event in [fromBlock, toBlock], grouped per block in log order; blocks without events are left out. */
  async getRollupEvents(fromBlock: number, toBlock: number): Promise<L1BlockEvents[]> {
    const logs = await this.provider.getLogs({ address: [this.addresses.rollup, this.addresses.globalExitRoot], fromBlock, toBlock });
    logs.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);

    const blockHashes = [...new Set(logs.map((l) => l.blockHash))];
    const blocks = new Map(
      await Promise.all(
        blockHashes.map(async (hash) => {
          const b = await this.provider.getBlock(hash);
          if (!b) throw new EthermanError("REORGED_DURING_READ", `L1 block ${hash} vanished while reading events: read the range again`);
          return [hash, { blockNumber: b.number, blockHash: hash, parentHash: b.parentHash, timestamp: b.timestamp }] as const;
        }),
      ),
    );

    const txCache = new Map<string, Promise<TransactionResponse>>();
    const tx = (hash: string) => {
      let p = txCache.get(hash);
      if (!p) {
        p = this.provider.getTransaction(hash).then((t) => {
          if (!t) throw new EthermanError("MISSING_TX", `L1 tx ${hash} of a rollup event is not available: read the range again`);
          return t;
        });
        txCache.set(hash, p);
      }
      return p;
    };

    const decoded = await Promise.all(logs.map((log) => this.decodeLog(log, blocks.get(log.blockHash)!, tx)));
    const out: L1BlockEvents[] = [];
    for (let i = 0; i < logs.length; i++) {
      const event = decoded[i];
      if (!event) continue;
      const block = blocks.get(logs[i]!.blockHash)!;
      let last = out[out.length - 1];
      if (!last || last.blockHash !== block.blockHash) {
        last = { ...block, events: [] };
        out.push(last);
      }
      last.events.push(event);
    }
    return out;
  }

  private async decodeLog(
    log: Log,
    block: { parentHash: string; timestamp: number },
    tx: (hash: string) => Promise<TransactionResponse>,
  ): Promise<RollupEvent | null> {
    const pos = { blockNumber: log.blockNumber, txHash: log.transactionHash, txIndex: log.transactionIndex, logIndex: log.index };
    const fromRollup = getAddress(log.address) === this.addresses.rollup;
    const parsed = (fromRollup ? promZkEvmInterface : promGlobalExitRootInterface).parseLog({ topics: [...log.topics], data: log.data });
    if (!parsed) return null;
    const a = parsed.args;
    switch (parsed.name) {
      case "SequenceBatches": {
        const t = await tx(log.transactionHash);
        const call = decodeSequenceBatches(this.calldataTo(t, "SequenceBatches"));
        const last = num(a[0]);
        if (call.initSequencedBatch + call.batches.length !== last) {
          throw new EthermanError("INCONSISTENT_EVENT", `SequenceBatches(${last}) but its calldata sequences ${call.batches.length} batches after ${call.initSequencedBatch}`);
        }
        return {
          kind: "SequenceBatches", ...pos, lastBatchNumber: last, l1InfoRoot: a[1] as string, sender: t.from,
          maxSequenceTimestamp: call.maxSequenceTimestamp, initSequencedBatch: call.initSequencedBatch, l2Coinbase: call.l2Coinbase,
          batches: numbered(call.batches, call.initSequencedBatch),
        };
      }
      case "SequenceForceBatches": {
        const t = await tx(log.transactionHash);
        const batches = decodeSequenceForceBatches(this.calldataTo(t, "SequenceForceBatches"));
        const last = num(a[0]);
        return { kind: "SequenceForceBatches", ...pos, lastBatchNumber: last, sender: t.from, batches: numbered(batches, last - batches.length) };
      }
      case "ForceBatch": {
        let transactions = a[3] as string;
        if (transactions === "0x") transactions = decodeForceBatch(this.calldataTo(await tx(log.transactionHash), "ForceBatch")).transactions;
        return {
          kind: "ForceBatch", ...pos, forceBatchNumber: num(a[0]), lastGlobalExitRoot: a[1] as string, sequencer: a[2] as string,
          transactions, forcedTimestamp: block.timestamp, forcedBlockHashL1: block.parentHash,
        };
      }
      case "VerifyBatchesTrustedAggregator":
        return { kind: "VerifyBatchesTrustedAggregator", ...pos, batchNumber: num(a[0]), stateRoot: a[1] as string, aggregator: a[2] as string };
      case "UpdateZkEVMVersion":
        return { kind: "UpdateZkEVMVersion", ...pos, numBatch: num(a[0]), forkId: num(a[1]), version: a[2] as string };
      case "UpdateL1InfoTree": {
        const ger = globalExitRoot(a[0] as string, a[1] as string);
        return {
          kind: "UpdateL1InfoTree", ...pos, mainnetExitRoot: a[0] as string, rollupExitRoot: a[1] as string, globalExitRoot: ger,
          previousBlockHash: block.parentHash, timestamp: block.timestamp, leaf: l1InfoLeafHash(ger, block.parentHash, block.timestamp),
        };
      }
      default:
        return null; // admin and emergency events: not part of the batch pipeline
    }
  }

  private calldataTo(t: TransactionResponse, event: string): string {
    if (!t.to || getAddress(t.to) !== this.addresses.rollup) {
      throw new EthermanError("BAD_CALLDATA", `${event} in tx ${t.hash} came through another contract (${t.to}); Prom reads only direct calls`);
    }
    return t.data;
  }
}

function numbered(batches: BatchData[], previousLast: number): SequencedBatch[] {
  return batches.map((b, i) => ({ ...b, batchNumber: previousLast + 1 + i }));
}
