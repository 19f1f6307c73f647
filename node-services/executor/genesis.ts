/** Deterministic genesis: the state root of a list of accounts written into an empty tree (order does not matter). */
import { ZERO_H4 } from "../merkletree/index.js";
import type { H4, Smt } from "../merkletree/index.js";
import { normAddress } from "./bytes.js";
import type { ProgramStore } from "./programStore.js";
import { SmtStateManager } from "./smtState.js";

export interface GenesisAccount {
  address: string;
  balance: bigint;
  nonce?: bigint;
  code?: Uint8Array;
  /** slot → value */
  storage?: ReadonlyMap<bigint, bigint> | Readonly<Record<string, bigint>>;
}

export async function buildGenesis(smt: Smt, programs: ProgramStore, accounts: readonly GenesisAccount[]): Promise<H4> {
  const s = new SmtStateManager(smt, programs, ZERO_H4);
  for (const acc of accounts) {
    const a = normAddress(acc.address);
    s.setBalance(a, acc.balance);
    s.setNonce(a, acc.nonce ?? 0n);
    if (acc.code && acc.code.length > 0) s.setCode(a, acc.code);
    const entries = acc.storage instanceof Map ? [...acc.storage] : Object.entries(acc.storage ?? {}).map(([k, v]) => [BigInt(k), v] as const);
    for (const [slot, value] of entries) s.setStorageValue(a, slot, value);
  }
  return s.flush();
}
