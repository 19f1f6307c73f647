/**
 * What a P1 proof covers, read from the state the synchronizer keeps: virtual batches grouped into the L1 sequences
 * that sequenced them (batches of one sequence share its L1 tx), the ranges of whole sequences a proof may cover
 * (L1 stores accInputHash only at sequence ends, and verifyBatchesTrustedAggregator needs both ends to have one), and
 * the proof request of a range, checked against the stored accInputHash chain before any proving starts.
 */
import { getAddress, hexlify, ZeroHash } from "ethers";
import { accInputHashes, type BatchProofBatch, type BatchProofRequest } from "../batchproof/index.js";
import type { Db } from "../db/db.js";
import { inputSnark, isStateRootInsidePrime, snarkInputBytes } from "../etherman/rollupHashes.js";
import type { Hex } from "../state/hex.js";
import type { StateRepository } from "../state/stateRepository.js";

export interface VirtualBatchRow {
  batchNum: number;
  /** The L1 tx that sequenced it: batches sharing it form one sequence. */
  l1TxHash: string;
  batch: BatchProofBatch;
  stateRoot: string | null;
  localExitRoot: string | null;
  accInputHash: string | null;
}

/** A run of consecutive batches sequenced by one L1 tx. */
export interface Sequence {
  fromBatch: number;
  toBatch: number;
}

export class ProofInputError extends Error {
  readonly code = "PROOF_INPUT";
  constructor(message: string) {
    super(message);
    this.name = "ProofInputError";
  }
}

const hex = (b: Uint8Array | null): string | null => (b ? hexlify(b) : null);

/** Virtual batches after `afterBatch`, in order, with what a proof needs (at most `limit`). */
export async function virtualBatchesAfter(db: Db, afterBatch: number, limit: number): Promise<VirtualBatchRow[]> {
  const rows = await db.query<{
    batch_num: number;
    l1_tx_hash: Uint8Array;
    coinbase: Uint8Array;
    l1_info_root: Uint8Array;
    timestamp_limit: Date;
    raw_txs_data: Uint8Array | null;
    state_root: Uint8Array | null;
    local_exit_root: Uint8Array | null;
    acc_input_hash: Uint8Array | null;
    block_hash_l1: Uint8Array | null;
  }>(
    `SELECT v.batch_num, v.l1_tx_hash, v.coinbase, v.l1_info_root, v.timestamp_limit,
            b.raw_txs_data, b.state_root, b.local_exit_root, b.acc_input_hash, f.block_hash_l1
       FROM state.virtual_batch v
       JOIN state.batch b ON b.batch_num = v.batch_num
       LEFT JOIN state.forced_batch f ON f.forced_batch_num = b.forced_batch_num
      WHERE v.batch_num > $1 ORDER BY v.batch_num LIMIT $2`,
    [afterBatch, limit],
  );
  return rows.map((r) => ({
    batchNum: r.batch_num,
    l1TxHash: hexlify(r.l1_tx_hash),
    batch: {
      batchL2Data: r.raw_txs_data ?? new Uint8Array(),
      l1InfoRoot: hexlify(r.l1_info_root) as Hex,
      timestampLimit: BigInt(Math.floor(r.timestamp_limit.getTime() / 1000)),
      sequencer: getAddress(hexlify(r.coinbase)) as Hex,
      forcedBlockHashL1: (hex(r.block_hash_l1) ?? ZeroHash) as Hex,
    },
    stateRoot: hex(r.state_root),
    localExitRoot: hex(r.local_exit_root),
    accInputHash: hex(r.acc_input_hash),
  }));
}

/**
 * Whole sequences among consecutive virtual batches. The last run is left out unless `complete` says the L1 tx
 * that sequenced it has no more batches (its end is known only once a later batch, or L1, shows it).
 */
export function sequencesOf(rows: readonly VirtualBatchRow[], isSequenceEnd: (batchNum: number) => boolean): Sequence[] {
  const out: Sequence[] = [];
  let start = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const next = rows[i + 1];
    if (next && next.batchNum !== row.batchNum + 1) break; // a gap: not synced yet
    const ends = next ? next.l1TxHash !== row.l1TxHash : isSequenceEnd(row.batchNum);
    if (ends) {
      out.push({ fromBatch: rows[start]!.batchNum, toBatch: row.batchNum });
      start = i + 1;
    }
  }
  return out;
}

/**
 * The next range to prove: as many whole sequences from the first as fit `maxBatches`. A first sequence larger than
 * that can never be proved with this circuit: the error says what to change.
 */
export function nextRange(sequences: readonly Sequence[], maxBatches: number): Sequence | null {
  const first = sequences[0];
  if (!first) return null;
  const size = (s: Sequence) => s.toBatch - s.fromBatch + 1;
  if (size(first) > maxBatches) {
    throw new ProofInputError(
      `batches ${first.fromBatch}..${first.toBatch} were sequenced together (${size(first)} batches) but the batch circuit takes at most ${maxBatches}: use a circuit with more batches (aggregator.maxBatchesPerProof) or fewer batches per sequence (sequenceSender.maxBatchesPerSequence)`,
    );
  }
  let to = first.toBatch;
  for (const s of sequences.slice(1)) {
    if (s.toBatch - first.fromBatch + 1 > maxBatches) break;
    to = s.toBatch;
  }
  return { fromBatch: first.fromBatch, toBatch: to };
}

export interface RequestContext {
  db: Db;
  state: StateRepository;
  /** The L1 address that sends verifyBatchesTrustedAggregator (the contract hashes msg.sender). */
  aggregator: string;
  chainId: number;
  forkId: number;
}

/**
 * The P1 proof request for batches `fromBatch..toBatch`, and the public input L1 will compute for it. The stored
 * accInputHash chain is recomputed from the batches' data first: a request that would not match L1 never reaches
 * a prover.
 */
export async function buildProofRequest(ctx: RequestContext, range: Sequence): Promise<{ request: BatchProofRequest; inputSnark: bigint }> {
  const initNumBatch = range.fromBatch - 1;
  const previous = await ctx.state.getBatch(initNumBatch);
  if (!previous?.stateRoot) throw new ProofInputError(`batch ${initNumBatch} has no state root: the proof of ${range.fromBatch}..${range.toBatch} cannot start from it`);
  const rows = await virtualBatchesAfter(ctx.db, initNumBatch, range.toBatch - initNumBatch);
  if (rows.length !== range.toBatch - initNumBatch || rows.at(-1)!.batchNum !== range.toBatch) {
    throw new ProofInputError(`batches ${range.fromBatch}..${range.toBatch} are not all virtual (L1 reorg?)`);
  }
  const last = rows.at(-1)!;
  if (!last.stateRoot || !last.accInputHash) throw new ProofInputError(`batch ${range.toBatch} has no state root or accInputHash yet`);
  const oldAccInputHash = initNumBatch === 0 ? ZeroHash : (previous.accInputHash ?? ZeroHash);
  if (!isStateRootInsidePrime(last.stateRoot)) throw new ProofInputError(`the state root of batch ${range.toBatch} is not a Goldilocks element: L1 would reject it`);
  const request: BatchProofRequest = {
    aggregator: getAddress(ctx.aggregator) as Hex,
    oldStateRoot: previous.stateRoot,
    newStateRoot: last.stateRoot as Hex,
    oldAccInputHash: oldAccInputHash as Hex,
    newAccInputHash: last.accInputHash as Hex,
    initNumBatch: BigInt(initNumBatch),
    finalNumBatch: BigInt(range.toBatch),
    chainId: BigInt(ctx.chainId),
    forkId: ctx.forkId,
    newLocalExitRoot: (last.localExitRoot ?? ZeroHash) as Hex,
    batches: rows.map((r) => r.batch),
  };
  const acc = accInputHashes(request).at(-1);
  if (acc !== last.accInputHash) {
    throw new ProofInputError(`the accInputHash chain over batches ${range.fromBatch}..${range.toBatch} gives ${acc}, but batch ${range.toBatch} stores ${last.accInputHash}`);
  }
  return { request, inputSnark: inputSnarkOf(request) };
}

export function inputSnarkOf(r: BatchProofRequest): bigint {
  return inputSnark(
    snarkInputBytes({
      aggregator: r.aggregator,
      oldStateRoot: r.oldStateRoot,
      oldAccInputHash: r.oldAccInputHash,
      initNumBatch: r.initNumBatch,
      chainId: r.chainId,
      forkId: r.forkId,
      newStateRoot: r.newStateRoot,
      newAccInputHash: r.newAccInputHash,
      newLocalExitRoot: r.newLocalExitRoot,
      finalNewBatch: r.finalNumBatch,
    }),
  );
}
