/** JSON shapes of blocks, transactions, receipts, logs and batches as Ethereum clients (ethers, viem) and zkevm-node return them. */
import { RLP } from "@ethereumjs/rlp";
import { bytesToHex, type Hex } from "../state/hex.js";
import type { Batch, L2Block, L2Tx, Log, Receipt } from "../state/types.js";

export const qty = (n: number | bigint): Hex => `0x${n.toString(16)}`;
const ZERO32: Hex = `0x${"00".repeat(32)}`;
/** keccak256(rlp([])): the uncles hash of every block here. */
const EMPTY_UNCLES: Hex = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";
/** Root of an empty trie (no txs / no receipts). */
const EMPTY_TRIE: Hex = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";

export interface TxJson {
  [k: string]: unknown;
}

/** v, r, s and chain id of a signed legacy tx, read from its RLP. */
export function legacySignature(encoded: Hex): { v: bigint; r: Hex; s: Hex; chainId: bigint | null } {
  const fields = RLP.decode(Buffer.from(encoded.slice(2), "hex")) as Uint8Array[];
  const big = (b: Uint8Array | undefined) => (b && b.length ? BigInt(bytesToHex(b)) : 0n);
  const v = big(fields[6]);
  return {
    v,
    r: qty(big(fields[7])),
    s: qty(big(fields[8])),
    chainId: v >= 35n ? (v - 35n) / 2n : null,
  };
}

interface TxFields {
  hash: Hex;
  encoded: Hex;
  from: Hex;
  to: Hex | null;
  nonce: number;
  gasPrice: bigint;
  gasLimit: number | bigint;
  value: bigint;
  data: Hex;
}

export function txJson(t: TxFields, where: { blockHash: Hex; blockNumber: number; index: number } | null, l2Hash?: Hex): TxJson {
  const sig = legacySignature(t.encoded);
  const out: TxJson = {
    blockHash: where?.blockHash ?? null,
    blockNumber: where ? qty(where.blockNumber) : null,
    transactionIndex: where ? qty(where.index) : null,
    hash: t.hash,
    from: t.from,
    to: t.to,
    nonce: qty(t.nonce),
    gas: qty(t.gasLimit),
    gasPrice: qty(t.gasPrice),
    value: qty(t.value),
    input: t.data,
    type: "0x0",
    v: qty(sig.v),
    r: sig.r,
    s: sig.s,
  };
  if (sig.chainId !== null) out.chainId = qty(sig.chainId);
  if (l2Hash) out.l2Hash = l2Hash;
  return out;
}

export const storedTxJson = (t: L2Tx, withL2Hash = false): TxJson =>
  txJson(t, { blockHash: t.blockHash, blockNumber: t.blockNumber, index: t.index }, withL2Hash ? t.l2Hash : undefined);

export function blockJson(b: L2Block, txs: Hex[] | TxJson[], extraInfo = false): Record<string, unknown> {
  const out: Record<string, unknown> = {
    number: qty(b.number),
    hash: b.hash,
    parentHash: b.parentHash,
    nonce: "0x0000000000000000",
    sha3Uncles: EMPTY_UNCLES,
    logsBloom: b.logsBloom,
    transactionsRoot: b.transactionsRoot ?? (b.txHashes.length === 0 ? EMPTY_TRIE : ZERO32),
    stateRoot: b.stateRoot,
    receiptsRoot: b.receiptsRoot ?? (b.txHashes.length === 0 ? EMPTY_TRIE : ZERO32),
    miner: b.coinbase,
    difficulty: "0x0",
    totalDifficulty: "0x0",
    extraData: "0x",
    gasLimit: qty(b.gasLimit),
    gasUsed: qty(b.gasUsed),
    timestamp: qty(b.timestamp),
    mixHash: ZERO32,
    transactions: txs,
    uncles: [],
  };
  if (extraInfo) {
    out.globalExitRoot = b.globalExitRoot;
    out.blockInfoRoot = b.blockInfoRoot;
  }
  return out;
}

export function logJson(l: Log): Record<string, unknown> {
  return {
    address: l.address,
    topics: l.topics,
    data: l.data,
    blockNumber: qty(l.blockNumber),
    blockHash: l.blockHash,
    transactionHash: l.transactionHash,
    transactionIndex: qty(l.transactionIndex),
    logIndex: qty(l.logIndex),
    removed: false,
  };
}

export function receiptJson(r: Receipt): Record<string, unknown> {
  return {
    transactionHash: r.transactionHash,
    transactionIndex: qty(r.transactionIndex),
    blockHash: r.blockHash,
    blockNumber: qty(r.blockNumber),
    from: r.from,
    to: r.to,
    cumulativeGasUsed: qty(r.cumulativeGasUsed),
    gasUsed: qty(r.gasUsed),
    effectiveGasPrice: qty(r.effectiveGasPrice),
    contractAddress: r.contractAddress,
    logs: r.logs.map(logJson),
    logsBloom: r.logsBloom,
    status: qty(r.status),
    type: "0x0",
  };
}

/** `zkevm_getBatchByNumber` fields as the zkevm-node returns them. */
export function batchJson(
  b: Batch,
  blocks: Hex[] | Record<string, unknown>[],
  transactions: Hex[] | TxJson[],
  exitRoots: { mainnetExitRoot: Hex; rollupExitRoot: Hex } | null,
): Record<string, unknown> {
  return {
    number: qty(b.batchNum),
    forcedBatchNumber: b.forcedBatchNum === null ? undefined : qty(b.forcedBatchNum),
    coinbase: b.coinbase,
    stateRoot: b.stateRoot ?? ZERO32,
    globalExitRoot: b.globalExitRoot,
    mainnetExitRoot: exitRoots?.mainnetExitRoot ?? ZERO32,
    rollupExitRoot: exitRoots?.rollupExitRoot ?? ZERO32,
    localExitRoot: b.localExitRoot ?? ZERO32,
    accInputHash: b.accInputHash ?? ZERO32,
    timestamp: qty(b.timestamp),
    sendSequencesTxHash: b.sendSequencesTxHash,
    verifyBatchTxHash: b.verifyBatchTxHash,
    closed: b.status !== "wip",
    status: b.status,
    blocks,
    transactions,
    batchL2Data: b.batchL2Data ?? "0x",
  };
}
