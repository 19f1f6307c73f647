/**
 * The executor the sequencer (block by block) and the synchronizer (whole batches) share: Etrog batch processing over
 * the Goldilocks SMT, with invalid batches rolled back (newStateRoot = oldStateRoot) and eth_call without state change.
 */
import { createAddressFromString } from "@ethereumjs/util";
import type { Address as EthAddress } from "@ethereumjs/util";
import type { EVM } from "@ethereumjs/evm";
import { ZERO_H4 } from "../merkletree/index.js";
import type { H4, Smt } from "../merkletree/index.js";
import { bigToFixed, concat, fromHex, keccak, normAddress, toHex } from "./bytes.js";
import type { Address, Hex } from "./bytes.js";
import type { RecoveredSender } from "./senderRecoveryProtocol.js";
import { decodeBatchL2Data } from "./batchL2Data.js";
import { BlockBuilder } from "./blockBuilder.js";
import type { BlockContext, ClosedBlock } from "./blockBuilder.js";
import { BatchDecodeError, ExecutorError } from "./errors.js";
import type { ProgramStore } from "./programStore.js";
import { SmtStateManager } from "./smtState.js";
import type { RootReadCache } from "./smtState.js";
import {
  ADDRESS_GLOBAL_EXIT_ROOT_MANAGER_L2,
  ADDRESS_SYSTEM,
  BLOCK_INFO_ROOT_STORAGE_POS,
  LOCAL_EXIT_ROOT_STORAGE_POS,
  TIMESTAMP_STORAGE_POS,
  TX_GAS_LIMIT,
  blockGasLimit,
} from "./systemContracts.js";
import { describeFailure, evmBlock, intrinsicGas } from "./txProcessor.js";
import { runViewCall } from "./viewCall.js";
import { createZkEvm } from "./zkEvm.js";

export interface ExecutorOptions {
  smt: Smt;
  programs: ProgramStore;
  chainId: bigint;
  /** 7 (Etrog) or 8 (Elderberry, Prom's); decides the block gas limit and the sha256 precompile. */
  forkId: number;
  /** Overrides the fork's block gas limit (block-info param 3 and GASLIMIT); see blockGasLimit(). */
  blockGasLimit?: bigint;
  /** Idle EVMs kept for eth_call (building one costs more than a simple call); concurrent calls beyond it build their own. Default 8. */
  callEvmPool?: number;
  /** State roots whose leaf values eth_call keeps in memory (values under a root never change). Default 8. */
  callReadRoots?: number;
  /** Runs eth_call on the view interpreter (viewCall.ts) first, the full EVM only where it gives up. Default true. */
  viewCalls?: boolean;
}

export interface L1InfoLeaf {
  globalExitRoot: Hex;
  blockHash: Hex;
  timestamp: bigint;
  /** 32 siblings; when given with `l1InfoRoot`, the leaf is checked against the batch's L1 info root. */
  smtProof?: Hex[];
}

export interface BatchInput {
  oldStateRoot: H4;
  batchL2Data: Uint8Array;
  forced: boolean;
  /** accInputHash field 4: maxSequenceTimestamp (fork 8) or the forced timestamp. */
  timestampLimit: bigint;
  coinbase: string;
  /** Non-forced: the sequence's L1 info root. Forced: the forced GER (accInputHash field 3). */
  l1InfoRoot: Hex;
  forcedBlockHashL1?: Hex;
  /** Leaves referenced by the batch's changeL2Block indices. */
  l1InfoTree?: Readonly<Record<number, L1InfoLeaf>>;
  /** Hash of the L2 block before this batch (parentHash of its first block). */
  parentBlockHash?: Hex;
  /**
   * Each tx's sender and l2TxHash in order, computed beforehand (SendersAhead; null: no sender recovers); used only
   * when there is one per tx, else they are computed here.
   */
  senders?: readonly RecoveredSender[];
}

export interface BatchResult {
  newStateRoot: H4;
  newLocalExitRoot: Hex;
  /** Set when the batch is invalid as a whole; its state changes are then rolled back. */
  invalid?: { code: string; message: string };
  blocks: ClosedBlock[];
}

export interface CallRequest {
  from?: string;
  to?: string | null;
  data?: Uint8Array;
  value?: bigint;
  gas?: bigint;
  gasPrice?: bigint;
}

export interface CallResult {
  returnData: Uint8Array;
  gasUsed: bigint;
  /** EVM error or `execution reverted: <reason>`. */
  error?: string;
}

class InvalidBatch extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Block = ReturnType<typeof evmBlock>;

/** One EVM with the state manager it was built on, reused by eth_call and by block after block after `state.resetTo` (building one costs about a millisecond). */
interface EvmSlot {
  evm: EVM;
  state: SmtStateManager;
}

/** A root's read cache grows with every distinct slot called; past this it starts over rather than grow without bound. */
const CALL_READS_PER_ROOT_MAX = 100_000;
const CALL_ADDRESSES_MAX = 4096;

export class Executor {
  private readonly smt: Smt;
  private readonly programs: ProgramStore;
  readonly chainId: bigint;
  readonly forkId: number;
  readonly blockGasLimit: bigint;
  private readonly idleCallEvms: EvmSlot[] = [];
  private idleBlockEvm: EvmSlot | undefined;
  private readonly callEvmPool: number;
  /** Leaf values by state root (insertion order = age), shared by the calls on that root. */
  private readonly callReads = new Map<string, RootReadCache>();
  private readonly callReadRoots: number;
  private readonly callAddresses = new Map<string, EthAddress>();
  private lastCallBlock: { key: string; block: Block } | undefined;
  private readonly viewCalls: boolean;
  /** eth_calls answered by the view interpreter and by the full EVM, since start. */
  readonly callCounts = { view: 0, evm: 0 };

  constructor(opts: ExecutorOptions) {
    this.blockGasLimit = opts.blockGasLimit ?? blockGasLimit(opts.forkId);
    this.smt = opts.smt;
    this.programs = opts.programs;
    this.chainId = opts.chainId;
    this.forkId = opts.forkId;
    this.callEvmPool = opts.callEvmPool ?? 8;
    this.callReadRoots = opts.callReadRoots ?? 8;
    this.viewCalls = opts.viewCalls ?? true;
  }

  /** Opens an L2 block on `prevRoot` (the previous block's state root) and performs the changeL2Block writes. */
  async openBlock(prevRoot: H4, ctx: BlockContext): Promise<BlockBuilder> {
    // blocks follow one another: the EVM of the last closed block serves the next (a concurrent one gets its own)
    const slot = this.idleBlockEvm ?? (await this.newEvmSlot());
    this.idleBlockEvm = undefined;
    slot.state.resetTo(prevRoot);
    slot.evm.journal.cleanJournal();
    const onClosed = () => {
      slot.state.resetTo(ZERO_H4);
      this.idleBlockEvm = slot;
    };
    return BlockBuilder.open({ state: slot.state, evm: slot.evm, chainId: this.chainId, gasLimit: this.blockGasLimit, ctx, onClosed });
  }

  async getStorage(root: H4, address: string, slot: bigint): Promise<bigint> {
    return new SmtStateManager(this.smt, this.programs, root).getStorageValue(normAddress(address), slot);
  }

  async getAccount(root: H4, address: string): Promise<{ balance: bigint; nonce: bigint; code: Uint8Array }> {
    const s = new SmtStateManager(this.smt, this.programs, root);
    const a = normAddress(address);
    const [balance, nonce, code] = await Promise.all([s.getBalance(a), s.getNonce(a), s.getCode(createAddressFromString(a))]);
    return { balance, nonce, code };
  }

  /** The timestamp of the last L2 block in the state at `root`. */
  lastTimestamp(root: H4): Promise<bigint> {
    return this.getStorage(root, ADDRESS_SYSTEM, TIMESTAMP_STORAGE_POS);
  }

  async localExitRoot(root: H4): Promise<Hex> {
    return toHex(bigToFixed(await this.getStorage(root, ADDRESS_GLOBAL_EXIT_ROOT_MANAGER_L2, LOCAL_EXIT_ROOT_STORAGE_POS), 32));
  }

  /** Executes a whole batch as the prover would; an invalid batch leaves the state root unchanged. */
  async processBatch(input: BatchInput): Promise<BatchResult> {
    try {
      const blocks = await this.runBatch(input);
      const newStateRoot = blocks.length > 0 ? blocks[blocks.length - 1]!.stateRoot : await this.emptyBatchRoot(input.oldStateRoot);
      return { newStateRoot, newLocalExitRoot: await this.localExitRoot(newStateRoot), blocks };
    } catch (e) {
      if (!(e instanceof BatchDecodeError || e instanceof InvalidBatch)) throw e;
      return {
        newStateRoot: input.oldStateRoot,
        newLocalExitRoot: await this.localExitRoot(input.oldStateRoot),
        invalid: { code: e.code, message: e.message },
        blocks: [],
      };
    }
  }

  /** A batch without entries still ends with the block-end write of slot 3 (zero block-info root), as commonjs does. */
  private async emptyBatchRoot(root: H4): Promise<H4> {
    const s = new SmtStateManager(this.smt, this.programs, root);
    s.setStorageValue(ADDRESS_SYSTEM, BLOCK_INFO_ROOT_STORAGE_POS, 0n);
    return s.flush();
  }

  private async runBatch(input: BatchInput): Promise<ClosedBlock[]> {
    const entries = decodeBatchL2Data(input.batchL2Data, { forced: input.forced, forkId: this.forkId });
    const txCount = entries.reduce((n, e) => n + (e.kind === "tx" ? 1 : 0), 0);
    const senders = input.senders?.length === txCount ? input.senders : undefined;
    let txIndex = 0;
    const blocks: ClosedBlock[] = [];
    let root = input.oldStateRoot;
    let parentHash = input.parentBlockHash;
    let builder: BlockBuilder | undefined;
    const closeBlock = async (): Promise<void> => {
      if (!builder) return;
      const b = await builder.close();
      blocks.push(b);
      root = b.stateRoot;
      parentHash = b.blockHash;
      builder = undefined;
    };
    if (input.forced && entries.length > 0) {
      builder = await this.openBlock(root, {
        timestamp: input.timestampLimit,
        coinbase: input.coinbase,
        l1InfoTreeIndex: 0,
        globalExitRoot: input.l1InfoRoot,
        blockHashL1: input.forcedBlockHashL1 ?? (`0x${"00".repeat(32)}` as Hex),
        forced: true,
        ...(parentHash ? { parentHash } : {}),
      });
    }
    for (const e of entries) {
      if (e.kind === "changeL2Block") {
        await closeBlock();
        const timestamp = (await this.lastTimestamp(root)) + BigInt(e.block.deltaTimestamp);
        if (timestamp > input.timestampLimit) {
          throw new InvalidBatch("TIMESTAMP_BEYOND_LIMIT", `block timestamp ${timestamp} exceeds the batch timestampLimit ${input.timestampLimit}`);
        }
        const ctx: BlockContext = { timestamp, coinbase: input.coinbase, l1InfoTreeIndex: e.block.indexL1InfoTree, globalExitRoot: ZERO, blockHashL1: ZERO };
        if (parentHash) ctx.parentHash = parentHash;
        if (e.block.indexL1InfoTree !== 0) {
          const leaf = input.l1InfoTree?.[e.block.indexL1InfoTree];
          if (!leaf) throw new ExecutorError("MISSING_L1_INFO", `L1 info tree leaf ${e.block.indexL1InfoTree} was not supplied`);
          if (leaf.smtProof && !verifyL1InfoLeaf(leaf, e.block.indexL1InfoTree, input.l1InfoRoot)) {
            throw new InvalidBatch("BAD_L1_INFO_PROOF", `L1 info leaf ${e.block.indexL1InfoTree} does not verify against the batch's L1 info root`);
          }
          if (timestamp < leaf.timestamp) {
            throw new InvalidBatch("TIMESTAMP_BEFORE_L1_INFO", `block timestamp ${timestamp} is before its L1 info leaf's ${leaf.timestamp}`);
          }
          ctx.globalExitRoot = leaf.globalExitRoot;
          ctx.blockHashL1 = leaf.blockHash;
        }
        builder = await this.openBlock(root, ctx);
      } else {
        if (!builder) throw new InvalidBatch("MISSING_FIRST_CHANGE_L2_BLOCK", "tx before any changeL2Block");
        const known = senders?.[txIndex++];
        await builder.applyTx(e.tx, known?.from, known?.l2TxHash);
      }
    }
    await closeBlock();
    return blocks;
  }

  /** eth_call / estimateGas base: runs a message on `root` and discards every change. */
  async call(root: H4, req: CallRequest, ctx: { number: bigint; timestamp: bigint; coinbase: string }): Promise<CallResult> {
    const slot = this.idleCallEvms.pop() ?? (await this.newEvmSlot());
    const reads = this.readsOf(root);
    // a view leaves its state untouched: the next call on the same root goes on with it (and its bytecode by address)
    if (!slot.state.unchangedAt(reads)) slot.state.resetTo(root, reads);
    let out = this.viewCalls ? await this.viewCall(slot.state, req, ctx) : undefined;
    if (out === undefined) {
      // warm addresses and touched accounts of the previous call must not change this one's gas
      slot.evm.journal.cleanJournal();
      // a call that threw (missing bytecode, store failure) may leave the EVM mid-frame: that one is not reused
      out = await this.runCallOn(slot, req, ctx);
      this.callCounts.evm++;
      // an idle EVM must not pin the read cache of a root that has since been evicted (a view's pins at most one
      // root per idle slot until its next call)
      slot.state.resetTo(ZERO_H4);
    } else {
      this.callCounts.view++;
    }
    if (this.idleCallEvms.length < this.callEvmPool) this.idleCallEvms.push(slot);
    return out;
  }

  private async newEvmSlot(): Promise<EvmSlot> {
    const state = new SmtStateManager(this.smt, this.programs, ZERO_H4);
    return { state, evm: await createZkEvm(state, this.chainId, this.forkId) };
  }

  private readsOf(root: H4): RootReadCache {
    const key = `${root[0]},${root[1]},${root[2]},${root[3]}`;
    let reads = this.callReads.get(key);
    if (reads === undefined || reads.size > CALL_READS_PER_ROOT_MAX) {
      this.callReads.delete(key);
      if (this.callReads.size >= this.callReadRoots) this.callReads.delete(this.callReads.keys().next().value!);
      reads = new Map();
      this.callReads.set(key, reads);
    }
    return reads;
  }

  /** Parsed addresses by their request text: every call parses the same few (immutable objects, safe to share). */
  private callAddress(text: string): EthAddress {
    let a = this.callAddresses.get(text);
    if (a === undefined) {
      if (this.callAddresses.size >= CALL_ADDRESSES_MAX) this.callAddresses.clear();
      a = createAddressFromString(normAddress(text));
      this.callAddresses.set(text, a);
    }
    return a;
  }

  /** Calls on `latest` share one block context until the head moves. */
  private callBlock(ctx: { number: bigint; timestamp: bigint; coinbase: string }): Block {
    const key = `${ctx.number}|${ctx.timestamp}|${ctx.coinbase}`;
    if (this.lastCallBlock?.key !== key) {
      const block = evmBlock({ number: ctx.number, timestamp: ctx.timestamp, coinbase: normAddress(ctx.coinbase), gasLimit: this.blockGasLimit });
      this.lastCallBlock = { key, block };
    }
    return this.lastCallBlock.block;
  }

  /** The call on the view interpreter; undefined where it needs the full EVM (value, create, no code, or it gave up). */
  private async viewCall(state: SmtStateManager, req: CallRequest, ctx: { number: bigint; timestamp: bigint; coinbase: string }): Promise<CallResult | undefined> {
    if (req.to === undefined || req.to === null || (req.value ?? 0n) !== 0n) return undefined;
    const data = req.data ?? new Uint8Array(0);
    const intrinsic = intrinsicGas(data, false);
    const gas = req.gas ?? TX_GAS_LIMIT;
    if (gas < intrinsic) return undefined;
    const to = this.callAddress(req.to);
    const code = await state.getCode(to);
    if (code.length === 0) return undefined;
    const address = to.toString();
    const caller = this.callAddress(req.from ?? ZERO_ADDRESS);
    const outcome = await runViewCall({
      code,
      address: BigInt(address),
      caller: BigInt(caller.toString()),
      data,
      gasLimit: gas - intrinsic,
      gasPrice: req.gasPrice ?? 0n,
      chainId: this.chainId,
      number: ctx.number,
      timestamp: ctx.timestamp,
      coinbase: BigInt(ctx.coinbase),
      blockGasLimit: this.blockGasLimit,
      sload: (slot) => state.getStorageValue(address, slot),
    });
    if (outcome === undefined) return undefined;
    const out: CallResult = { returnData: outcome.returnData, gasUsed: gas - outcome.gasLeft };
    if (outcome.reverted) out.error = describeFailure("revert", outcome.returnData);
    return out;
  }

  private async runCallOn({ evm }: EvmSlot, req: CallRequest, ctx: { number: bigint; timestamp: bigint; coinbase: string }): Promise<CallResult> {
    const data = req.data ?? new Uint8Array(0);
    const isCreate = req.to === undefined || req.to === null;
    const intrinsic = intrinsicGas(data, isCreate);
    const gas = req.gas ?? TX_GAS_LIMIT;
    if (gas < intrinsic) return { returnData: new Uint8Array(0), gasUsed: intrinsic, error: "intrinsic gas too low" };
    const caller = this.callAddress(req.from ?? ZERO_ADDRESS);
    const res = await evm.runCall({
      caller,
      origin: caller,
      ...(isCreate ? {} : { to: this.callAddress(req.to as string) }),
      value: req.value ?? 0n,
      data,
      gasLimit: gas - intrinsic,
      gasPrice: req.gasPrice ?? 0n,
      skipBalance: true,
      block: this.callBlock(ctx),
    });
    const exec = res.execResult;
    const out: CallResult = { returnData: exec.returnValue, gasUsed: intrinsic + exec.executionGasUsed };
    if (exec.exceptionError) out.error = describeFailure(exec.exceptionError.error, exec.returnValue);
    return out;
  }
}

const ZERO = `0x${"00".repeat(32)}` as Hex;
const ZERO_ADDRESS = `0x${"00".repeat(20)}`;

/** keccak(GER ‖ blockHash ‖ uint64 timestamp) under a depth-32 keccak append tree (spec §2.4). */
export function verifyL1InfoLeaf(leaf: L1InfoLeaf, index: number, root: Hex): boolean {
  if (!leaf.smtProof || leaf.smtProof.length !== 32) return false;
  let node = keccak(concat(fromHex(leaf.globalExitRoot), fromHex(leaf.blockHash), bigToFixed(leaf.timestamp, 8)));
  for (let i = 0; i < 32; i++) {
    const sib = fromHex(leaf.smtProof[i]!);
    node = (index >>> i) & 1 ? keccak(concat(sib, node)) : keccak(concat(node, sib));
  }
  return toHex(node) === root.toLowerCase();
}

export type { Address, BlockContext, ClosedBlock };
