/**
 * A StateReader over accounts held in memory per state root: for tools and tests that need a world state without
 * the SMT (the node itself reads through `smtStateReader`). eth_call goes to the injected call function.
 */
import type { Hex } from "./hex.js";
import type { BlockContext, CallRequest, CallResult, StateReader } from "./stateReader.js";

export interface MemoryAccount {
  balance?: bigint;
  nonce?: bigint;
  code?: Uint8Array;
  storage?: Map<bigint, bigint>;
}

export class MemoryStateReader implements StateReader {
  private readonly roots = new Map<string, Map<string, MemoryAccount>>();

  constructor(private readonly callFn?: (req: CallRequest, block: BlockContext, accounts: ReadonlyMap<string, MemoryAccount>) => Promise<CallResult>) {}

  /** Sets (merging) an account under a state root. */
  setAccount(stateRoot: Hex, address: Hex, account: MemoryAccount): void {
    const root = stateRoot.toLowerCase();
    let accounts = this.roots.get(root);
    if (!accounts) this.roots.set(root, (accounts = new Map()));
    const a = address.toLowerCase();
    accounts.set(a, { ...accounts.get(a), ...account });
  }

  private account(stateRoot: Hex, address: Hex): MemoryAccount | undefined {
    return this.roots.get(stateRoot.toLowerCase())?.get(address.toLowerCase());
  }

  async getBalance(stateRoot: Hex, address: Hex): Promise<bigint> {
    return this.account(stateRoot, address)?.balance ?? 0n;
  }
  async getNonce(stateRoot: Hex, address: Hex): Promise<bigint> {
    return this.account(stateRoot, address)?.nonce ?? 0n;
  }
  async getCode(stateRoot: Hex, address: Hex): Promise<Uint8Array> {
    return this.account(stateRoot, address)?.code ?? new Uint8Array(0);
  }
  async getStorageAt(stateRoot: Hex, address: Hex, slot: bigint): Promise<bigint> {
    return this.account(stateRoot, address)?.storage?.get(slot) ?? 0n;
  }
  async call(req: CallRequest, block: BlockContext): Promise<CallResult> {
    if (!this.callFn) return { returnData: new Uint8Array(0), gasUsed: 0n, error: "no executor configured for eth_call" };
    return this.callFn(req, block, this.roots.get(block.stateRoot.toLowerCase()) ?? new Map());
  }
}
