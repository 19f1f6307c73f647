/**
 * The records an executed L2 block is stored as: every writer of L2 blocks (the sequencer, the trusted-state sync, the
 * L1 synchronizer) turns the executor's ClosedBlock into the same rows.
 */
import type { ClosedBlock } from "../executor/index.js";
import { h4ToHex } from "../merkletree/index.js";
import { bytesToHex } from "./hex.js";
import type { NewL2Block, NewL2Tx } from "./types.js";

export function l2BlockRecord(closed: ClosedBlock, batchNum: number): NewL2Block {
  return {
    number: Number(closed.number),
    hash: closed.blockHash,
    parentHash: closed.parentHash,
    transactionsRoot: closed.transactionsRoot,
    receiptsRoot: closed.receiptsRoot,
    stateRoot: h4ToHex(closed.stateRoot),
    blockInfoRoot: h4ToHex(closed.blockInfoRoot),
    batchNum,
    timestamp: Number(closed.timestamp),
    coinbase: closed.coinbase,
    gasLimit: closed.gasLimit,
    gasUsed: Number(closed.gasUsed),
    globalExitRoot: closed.globalExitRoot,
    l1BlockHash: closed.blockHashL1,
    l1InfoTreeIndex: closed.l1InfoTreeIndex,
    logsBloom: bytesToHex(closed.logsBloom),
  };
}

/** `txs[i]` is the i-th applied tx of the block with its signed RLP (as sent, or re-encoded from the batch). */
export function l2TxRecords(closed: ClosedBlock): NewL2Tx[] {
  return closed.txs.map((t) => {
    const { tx } = t;
    const r = t.receipt;
    return {
      hash: t.txHash,
      l2Hash: t.l2TxHash,
      encoded: bytesToHex(t.raw),
      from: t.from,
      to: tx.to,
      nonce: Number(tx.nonce),
      value: tx.value,
      gasPrice: tx.gasPrice,
      gasLimit: Number(tx.gasLimit),
      data: bytesToHex(tx.data),
      effectivePercentage: tx.effectivePercentage,
      receipt: {
        status: r.status as 0 | 1,
        cumulativeGasUsed: Number(r.cumulativeGasUsed),
        gasUsed: Number(r.gasUsed),
        effectiveGasPrice: r.effectiveGasPrice,
        contractAddress: r.contractAddress,
        logsBloom: bytesToHex(r.logsBloom),
        postState: h4ToHex(closed.stateRoot),
        ...(r.revertReason !== undefined ? { revertReason: r.revertReason } : {}),
        logs: r.logs.map((l) => ({ address: l.address, topics: l.topics.map(bytesToHex), data: bytesToHex(l.data) })),
      },
    };
  });
}
