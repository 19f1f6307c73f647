/**
 * One L2 block in the making: the Etrog changeL2Block system writes at open, txs applied one by one on a per-block
 * write cache, and at close the block-info root in slot 3, one state-tree `setMany`, receipts and the block hash.
 */
import type { EVM } from "@ethereumjs/evm";
import { h4ToHex } from "../merkletree/index.js";
import type { H4 } from "../merkletree/index.js";
import { bigToFixed, bytesToBig, concat, fromHex, keccak, normAddress, toHex } from "./bytes.js";
import type { Address, Hex } from "./bytes.js";
import type { L2Tx } from "./batchL2Data.js";
import { BLOCK_PARAM, BlockInfoTree, h4ToScalar } from "./blockInfoTree.js";
import { ExecutorError } from "./errors.js";
import { l2BlockHash } from "./l2BlockHash.js";
import { l2TxHash } from "./l2TxHash.js";
import { l2TxToRawTx, recoverSender } from "./legacyTx.js";
import { encodeReceipt, logsBloom } from "./receipts.js";
import type { LogEntry, Receipt } from "./receipts.js";
import type { SmtStateManager } from "./smtState.js";
import {
  ADDRESS_GLOBAL_EXIT_ROOT_MANAGER_L2,
  ADDRESS_SYSTEM,
  BLOCK_INFO_ROOT_STORAGE_POS,
  GLOBAL_EXIT_ROOT_STORAGE_POS,
  LAST_BLOCK_STORAGE_POS,
  TIMESTAMP_STORAGE_POS,
} from "./systemContracts.js";
import { executeTx, evmBlock, precheck } from "./txProcessor.js";
import type { TxRejection } from "./txProcessor.js";
import { systemBlockHashSlot } from "./zkEvm.js";

const ZERO32 = `0x${"00".repeat(32)}` as Hex;

export interface BlockContext {
  /** Absolute block timestamp (previous L2 timestamp + deltaTimestamp). */
  timestamp: bigint;
  coinbase: string;
  /** 0 = no new L1 info; the GER fields are then ignored. */
  l1InfoTreeIndex: number;
  globalExitRoot: Hex;
  blockHashL1: Hex;
  /** Previous L2 block hash, the header's parentHash (zero for the first block). */
  parentHash?: Hex;
  /** The implicit block of a forced batch (spec §3.2): timestamp only if later, GER written unconditionally. */
  forced?: boolean;
}

export type TxResult =
  | { rejected: true; reason: TxRejection; from: Address | null }
  | {
      rejected: false;
      from: Address;
      txIndex: number;
      tx: L2Tx;
      /** The signed Ethereum encoding (what eth_getTransactionByHash returns raw, and what txHash hashes). */
      raw: Uint8Array;
      txHash: Hex;
      l2TxHash: Hex;
      receipt: Receipt;
      returnData: Uint8Array;
    };

export interface ClosedBlock {
  number: bigint;
  timestamp: bigint;
  coinbase: Address;
  stateRoot: H4;
  blockInfoRoot: H4;
  blockHash: Hex;
  transactionsRoot: Hex;
  receiptsRoot: Hex;
  parentHash: Hex;
  gasLimit: bigint;
  gasUsed: bigint;
  globalExitRoot: Hex;
  blockHashL1: Hex;
  l1InfoTreeIndex: number;
  txs: Extract<TxResult, { rejected: false }>[];
  logs: LogEntry[];
  logsBloom: Uint8Array;
}

export class BlockBuilder {
  private readonly info = new BlockInfoTree();
  private readonly applied: Extract<TxResult, { rejected: false }>[] = [];
  private readonly rawTxs: Uint8Array[] = [];
  private readonly bloom = new Uint8Array(256);
  private cumulativeGas = 0n;
  private logCount = 0;
  private closed = false;

  private constructor(
    private readonly state: SmtStateManager,
    private readonly evm: EVM,
    private readonly chainId: bigint,
    readonly number: bigint,
    readonly timestamp: bigint,
    readonly coinbase: Address,
    readonly gasLimit: bigint,
    private readonly ctx: BlockContext,
    private readonly finalGer: Hex,
    private readonly finalBlockHashL1: Hex,
    private readonly onClosed: (() => void) | undefined,
  ) {}

  /** Performs the changeL2Block system writes of spec §4.6 on `state` (at the previous block's root). */
  /** `onClosed` runs once the block is closed and its state and EVM are no longer used (the executor reuses them). */
  static async open(o: { state: SmtStateManager; evm: EVM; chainId: bigint; gasLimit: bigint; ctx: BlockContext; onClosed?: () => void }): Promise<BlockBuilder> {
    const { state, ctx } = o;
    const prevRoot = state.root;
    const oldNumber = await state.getStorageValue(ADDRESS_SYSTEM, LAST_BLOCK_STORAGE_POS);
    state.setStorageValue(ADDRESS_SYSTEM, systemBlockHashSlot(oldNumber), h4ToScalar(prevRoot));
    const number = oldNumber + 1n;
    state.setStorageValue(ADDRESS_SYSTEM, LAST_BLOCK_STORAGE_POS, number);

    const current = await state.getStorageValue(ADDRESS_SYSTEM, TIMESTAMP_STORAGE_POS);
    let infoTimestamp = ctx.timestamp;
    if (ctx.forced) {
      // commonjs leaves the header timestamp 0 when the forced timestamp is not later than the current one.
      if (ctx.timestamp > current) state.setStorageValue(ADDRESS_SYSTEM, TIMESTAMP_STORAGE_POS, ctx.timestamp);
      else infoTimestamp = 0n;
    } else {
      if (ctx.timestamp < current) {
        throw new ExecutorError("BAD_INPUT", `block timestamp ${ctx.timestamp} is before the previous L2 timestamp ${current}`);
      }
      state.setStorageValue(ADDRESS_SYSTEM, TIMESTAMP_STORAGE_POS, ctx.timestamp);
    }

    let ger = ZERO32;
    let blockHashL1 = ZERO32;
    if (ctx.forced || ctx.l1InfoTreeIndex !== 0) {
      ger = ctx.globalExitRoot;
      blockHashL1 = ctx.blockHashL1;
      const slot = bytesToBig(keccak(concat(fromHex(ger), bigToFixed(GLOBAL_EXIT_ROOT_STORAGE_POS, 32))));
      const gerSet = (await state.getStorageValue(ADDRESS_GLOBAL_EXIT_ROOT_MANAGER_L2, slot)) !== 0n;
      if (ctx.forced || (BigInt(ger) !== 0n && !gerSet)) {
        state.setStorageValue(ADDRESS_GLOBAL_EXIT_ROOT_MANAGER_L2, slot, BigInt(blockHashL1));
      }
    }

    const coinbase = normAddress(ctx.coinbase);
    const b = new BlockBuilder(state, o.evm, o.chainId, number, ctx.forced ? (infoTimestamp === 0n ? current : ctx.timestamp) : ctx.timestamp, coinbase, o.gasLimit, ctx, ger, blockHashL1, o.onClosed);
    b.info.setParam(BLOCK_PARAM.previousBlockHash, h4ToScalar(prevRoot));
    b.info.setParam(BLOCK_PARAM.coinbase, BigInt(coinbase));
    b.info.setParam(BLOCK_PARAM.number, number);
    b.info.setParam(BLOCK_PARAM.gasLimit, o.gasLimit);
    b.info.setParam(BLOCK_PARAM.timestamp, infoTimestamp);
    b.info.setParam(BLOCK_PARAM.globalExitRoot, BigInt(ger));
    b.info.setParam(BLOCK_PARAM.blockHashL1, BigInt(blockHashL1));
    return b;
  }

  /**
   * Applies one tx. A rejected tx (bad signature, chain id, nonce, balance, gas) changes nothing. `knownSender` and
   * `knownL2TxHash` (l2TxHash(tx, knownSender)) are taken as given when they were computed beforehand.
   */
  async applyTx(tx: L2Tx, knownSender?: Address, knownL2TxHash?: H4): Promise<TxResult> {
    if (this.closed) throw new ExecutorError("BLOCK_CLOSED", "applyTx on a closed block");
    const from = knownSender ?? recoverSender(tx);
    if (from === null) return { rejected: true, reason: "INVALID_SIGNATURE", from: null };
    const rejection = await precheck(this.state, tx, from, this.chainId);
    if (rejection) return { rejected: true, reason: rejection, from };

    const block = evmBlock({ number: this.number, timestamp: this.timestamp, coinbase: this.coinbase, gasLimit: this.gasLimit });
    const ex = await executeTx(this.evm, this.state, tx, from, this.coinbase, block);
    this.cumulativeGas += ex.gasUsed;
    const txIndex = this.applied.length;
    const firstLog = this.logCount;
    const logs: LogEntry[] = ex.logs.map((l, k) => ({ ...l, logIndex: firstLog + k, txIndex }));
    this.logCount += logs.length;
    const hash = (knownSender !== undefined && knownL2TxHash) || l2TxHash(tx, from);
    this.info.addTx(txIndex, {
      l2TxHash: hash,
      status: ex.status,
      cumulativeGasUsed: this.cumulativeGas,
      logs: ex.logs,
      firstLogIndex: firstLog,
      effectivePercentage: tx.effectivePercentage,
    });
    const receipt: Receipt = {
      status: ex.status,
      gasUsed: ex.gasUsed,
      cumulativeGasUsed: this.cumulativeGas,
      effectiveGasPrice: ex.effectiveGasPrice,
      contractAddress: tx.to === null && ex.status === 1 ? ex.createdAddress : null,
      logs,
      logsBloom: logsBloom(ex.logs),
    };
    if (ex.error !== undefined) receipt.revertReason = ex.error;
    logsBloom(ex.logs, this.bloom);
    const raw = l2TxToRawTx(tx);
    this.rawTxs.push(raw);
    const result = { rejected: false as const, from, txIndex, tx, raw, txHash: toHex(keccak(raw)), l2TxHash: h4ToHex(hash), receipt, returnData: ex.returnData };
    this.applied.push(result);
    return result;
  }

  get gasUsed(): bigint {
    return this.cumulativeGas;
  }

  /** Writes gasUsed and the block-info root, flushes the block's writes into the tree and hashes the block. */
  async close(): Promise<ClosedBlock> {
    if (this.closed) throw new ExecutorError("BLOCK_CLOSED", "block already closed");
    this.closed = true;
    this.info.setParam(BLOCK_PARAM.gasUsed, this.cumulativeGas);
    const blockInfoRoot = this.info.root();
    this.state.setStorageValue(ADDRESS_SYSTEM, BLOCK_INFO_ROOT_STORAGE_POS, h4ToScalar(blockInfoRoot));
    const stateRoot = await this.state.flush();
    const parentHash = this.ctx.parentHash ?? ZERO32;
    const { blockHash, transactionsRoot, receiptsRoot } = await l2BlockHash({
      parentHash,
      coinbase: this.coinbase,
      stateRoot: h4ToHex(stateRoot),
      number: this.number,
      gasLimit: this.gasLimit,
      gasUsed: this.cumulativeGas,
      timestamp: this.timestamp,
      logsBloom: this.bloom,
      rawTxs: this.rawTxs,
      receipts: this.applied.map((t) => encodeReceipt(t.receipt)),
    });
    this.onClosed?.();
    return {
      number: this.number,
      timestamp: this.timestamp,
      coinbase: this.coinbase,
      stateRoot,
      blockInfoRoot,
      blockHash,
      transactionsRoot,
      receiptsRoot,
      parentHash,
      gasLimit: this.gasLimit,
      gasUsed: this.cumulativeGas,
      globalExitRoot: this.finalGer,
      blockHashL1: this.finalBlockHashL1,
      l1InfoTreeIndex: this.ctx.l1InfoTreeIndex,
      txs: this.applied,
      logs: this.applied.flatMap((t) => t.receipt.logs),
      logsBloom: this.bloom,
    };
  }
}
