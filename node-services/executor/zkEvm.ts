/**
 * The @ethereumjs/evm configuration that matches the zkEVM ROM as closely as the library allows: Berlin rules
 * (EIP-2929/2930 gas, 1/2 refund cap) plus EIP-3541 and PUSH0, BLOCKHASH from the system contract, SELFDESTRUCT as
 * SENDALL (no refund, no deletion) and only the ROM's precompiles.
 */
import { Common, Hardfork, Mainnet } from "@ethereumjs/common";
import { EVMError, createEVM, paramsEVM } from "@ethereumjs/evm";
import type { EVM, ExecResult } from "@ethereumjs/evm";
import { bigToFixed, bytesToBig, concat, keccak } from "./bytes.js";
import { ADDRESS_SYSTEM, STATE_ROOT_STORAGE_POS } from "./systemContracts.js";
import type { SmtStateManager } from "./smtState.js";

/** Precompiles the ROM does not implement: calling them fails like a revert that uses no gas. */
function unsupportedPrecompiles(forkId: number): `0x${string}`[] {
  const out: `0x${string}`[] = ["0x0000000000000000000000000000000000000003", "0x0000000000000000000000000000000000000009"];
  if (forkId < 8) out.push("0x0000000000000000000000000000000000000002");
  return out;
}

function failingPrecompile(): ExecResult {
  return { executionGasUsed: 0n, returnValue: new Uint8Array(0), exceptionError: new EVMError(EVMError.errorMessages.REVERT) };
}

export function zkEvmCommon(chainId: bigint): Common {
  return new Common({
    chain: { ...Mainnet, chainId: Number(chainId), name: "prom" },
    hardfork: Hardfork.Berlin,
    eips: [3541, 3855],
  });
}

/** BLOCKHASH(n) is the state root after L2 block n, kept forever in slot keccak(n ‖ 1) of 0x…5ca1ab1e. */
export function systemBlockHashSlot(n: bigint): bigint {
  return bytesToBig(keccak(concat(bigToFixed(n, 32), bigToFixed(STATE_ROOT_STORAGE_POS, 32))));
}

export async function createZkEvm(state: SmtStateManager, chainId: bigint, forkId: number): Promise<EVM> {
  const params = structuredClone(paramsEVM);
  params[1] = { ...params[1], selfdestructRefundGas: 0 };
  return createEVM({
    common: zkEvmCommon(chainId),
    stateManager: state,
    params,
    customPrecompiles: unsupportedPrecompiles(forkId).map((address) => ({ address, function: failingPrecompile })),
    customOpcodes: [
      {
        opcode: 0x40,
        opcodeName: "BLOCKHASH",
        baseFee: 20,
        logicFunction: async (runState) => {
          const n = runState.stack.pop();
          const v = n >= 1n << 64n ? 0n : await state.getStorageValue(ADDRESS_SYSTEM, systemBlockHashSlot(n));
          runState.stack.push(v);
        },
      },
    ],
  });
}
