/**
 * The well-known development accounts (anvil's default mnemonic): funded on L1 by anvil and on L2 by the devnet genesis.
 * Their keys are public knowledge: never fund them on a real network.
 */
import { HDNodeWallet, Mnemonic } from "ethers";

export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

export interface DevAccount {
  address: string;
  privateKey: string;
}

export function devAccounts(count: number): DevAccount[] {
  const mnemonic = Mnemonic.fromPhrase(DEV_MNEMONIC);
  return Array.from({ length: count }, (_, i) => {
    const w = HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${i}`);
    return { address: w.address, privateKey: w.privateKey };
  });
}

/** Roles the devnet gives to the first accounts on L1. */
export const DEV_ROLES = { sequencer: 0, aggregator: 1 } as const;
