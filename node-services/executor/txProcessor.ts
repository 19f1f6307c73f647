/**
 * Runs one legacy L2 tx on the zkEVM state the way the ROM does: intrinsic checks that leave no trace, upfront cost at
 * the effective gas price, the EVM call, the refund (Berlin cap), and the fee to the coinbase.
 */
import type { EVM } from "@ethereumjs/evm";
import { createAddressFromString } from "@ethereumjs/util";
import type { Address as EthAddress } from "@ethereumjs/util";
import { toHex } from "./bytes.js";
import type { Address } from "./bytes.js";
import type { L2Tx } from "./batchL2Data.js";
import { effectiveGasPrice } from "./legacyTx.js";
import { decodeRevertReason } from "./receipts.js";
import type { EvmLog } from "./receipts.js";
import type { SmtStateManager } from "./smtState.js";
import { TX_GAS_LIMIT } from "./systemContracts.js";

type Block = NonNullable<NonNullable<Parameters<EVM["runCall"]>[0]>["block"]>;

/** Why a tx was not executed at all; such a tx leaves no trace in state or in the block. */
export type TxRejection =
  | "CHAIN_ID_MISMATCH"
  | "INVALID_SIGNATURE"
  | "INVALID_NONCE"
  | "INSUFFICIENT_BALANCE"
  | "SENDER_HAS_CODE"
  | "GAS_LIMIT_TOO_HIGH"
  | "INTRINSIC_GAS_TOO_LOW";

export interface ExecutedTx {
  status: 0 | 1;
  gasUsed: bigint;
  effectiveGasPrice: bigint;
  logs: EvmLog[];
  createdAddress: Address | null;
  returnData: Uint8Array;
  error?: string;
}

export function intrinsicGas(data: Uint8Array, isCreate: boolean): bigint {
  let gas = isCreate ? 53000n : 21000n;
  for (const b of data) gas += b === 0 ? 4n : 16n;
  return gas;
}

/** Checks that need no EVM; returns the rejection or null. */
export async function precheck(state: SmtStateManager, tx: L2Tx, from: Address, chainId: bigint): Promise<TxRejection | null> {
  if (tx.chainId !== null && tx.chainId !== chainId) return "CHAIN_ID_MISMATCH";
  if ((await state.getNonce(from)) !== tx.nonce) return "INVALID_NONCE";
  const egp = effectiveGasPrice(tx.gasPrice, tx.effectivePercentage);
  if (tx.gasLimit * egp + tx.value > (await state.getBalance(from))) return "INSUFFICIENT_BALANCE";
  if ((await state.getCodeLength(from)) > 0n) return "SENDER_HAS_CODE";
  if (tx.gasLimit > TX_GAS_LIMIT) return "GAS_LIMIT_TOO_HIGH";
  if (tx.gasLimit < intrinsicGas(tx.data, tx.to === null)) return "INTRINSIC_GAS_TOO_LOW";
  return null;
}

/** Executes a tx that passed `precheck`. Writes stay in the state manager's cache. */
export async function executeTx(evm: EVM, state: SmtStateManager, tx: L2Tx, from: Address, coinbase: Address, block: Block): Promise<ExecutedTx> {
  const egp = effectiveGasPrice(tx.gasPrice, tx.effectivePercentage);
  const intrinsic = intrinsicGas(tx.data, tx.to === null);
  state.originalStorageCache.clear();
  state.setBalance(from, (await state.getBalance(from)) - tx.gasLimit * egp);
  const caller = createAddressFromString(from);
  const res = await evm.runCall({
    caller,
    origin: caller,
    to: tx.to === null ? undefined : createAddressFromString(tx.to),
    value: tx.value,
    data: tx.data,
    gasLimit: tx.gasLimit - intrinsic,
    gasPrice: egp,
    block,
  });
  await evm.journal.cleanup();
  const exec = res.execResult;
  let gasUsed = intrinsic + exec.executionGasUsed;
  const refund = exec.gasRefund ?? 0n;
  gasUsed -= refund < gasUsed / 2n ? refund : gasUsed / 2n;
  state.setBalance(from, (await state.getBalance(from)) + (tx.gasLimit - gasUsed) * egp);
  state.setBalance(coinbase, (await state.getBalance(coinbase)) + gasUsed * egp);
  const failed = exec.exceptionError !== undefined;
  const out: ExecutedTx = {
    status: failed ? 0 : 1,
    gasUsed,
    effectiveGasPrice: egp,
    logs: failed ? [] : (exec.logs ?? []).map(([address, topics, data]) => ({ address: toHex(address), topics, data })),
    createdAddress: !failed && res.createdAddress ? (res.createdAddress.toString() as Address) : null,
    returnData: exec.returnValue,
  };
  if (failed) out.error = describeFailure(exec.exceptionError!.error, exec.returnValue);
  return out;
}

export function describeFailure(error: string, returnData: Uint8Array): string {
  if (error !== "revert") return error;
  const reason = decodeRevertReason(returnData);
  return reason === undefined ? "execution reverted" : `execution reverted: ${reason}`;
}

export function evmBlock(b: { number: bigint; timestamp: bigint; coinbase: Address; gasLimit: bigint }): Block {
  const coinbase: EthAddress = createAddressFromString(b.coinbase);
  return {
    header: {
      number: b.number,
      coinbase,
      timestamp: b.timestamp,
      difficulty: 0n,
      prevRandao: new Uint8Array(32),
      gasLimit: b.gasLimit,
      getBlobGasPrice: () => undefined,
    },
  };
}
