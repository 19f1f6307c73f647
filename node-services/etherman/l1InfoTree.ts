/**
 * The L1 info tree as the exit-root manager builds it: GER = keccak(mainnet ‖ rollup), leaf = keccak(GER ‖ blockHash ‖
 * uint64 timestamp), appended to a depth-32 keccak append-only tree (spec §2.4).
 */
import { concat, keccak256, solidityPacked, ZeroHash } from "ethers";

export const L1_INFO_TREE_DEPTH = 32;

export function globalExitRoot(mainnetExitRoot: string, rollupExitRoot: string): string {
  return keccak256(concat([mainnetExitRoot, rollupExitRoot]));
}

export function l1InfoLeafHash(ger: string, blockHash: string, timestamp: bigint | number): string {
  return keccak256(solidityPacked(["bytes32", "bytes32", "uint64"], [ger, blockHash, timestamp]));
}

const zeroHashes: string[] = [ZeroHash];
for (let i = 1; i <= L1_INFO_TREE_DEPTH; i++) zeroHashes.push(keccak256(concat([zeroHashes[i - 1]!, zeroHashes[i - 1]!])));

/** Append-only keccak Merkle tree; keeps one branch node per level, like the contract. */
export class AppendOnlyMerkleTree {
  private readonly branch: string[] = new Array<string>(L1_INFO_TREE_DEPTH).fill(ZeroHash);
  private size = 0;

  get count(): number {
    return this.size;
  }

  add(leaf: string): void {
    if (this.size >= 2 ** L1_INFO_TREE_DEPTH - 1) throw new RangeError("L1 info tree is full");
    let node = leaf;
    const size = ++this.size;
    for (let h = 0; h < L1_INFO_TREE_DEPTH; h++) {
      if (Math.floor(size / 2 ** h) % 2 === 1) {
        this.branch[h] = node;
        return;
      }
      node = keccak256(concat([this.branch[h]!, node]));
    }
  }

  root(): string {
    let node = ZeroHash;
    for (let h = 0; h < L1_INFO_TREE_DEPTH; h++) {
      node = Math.floor(this.size / 2 ** h) % 2 === 1 ? keccak256(concat([this.branch[h]!, node])) : keccak256(concat([node, zeroHashes[h]!]));
    }
    return node;
  }
}
