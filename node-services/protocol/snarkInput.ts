/** The 212-byte snark input and its field reduction (spec §2.3): what the single public input of a proof commits to. */
import { sha256 } from "ethers";
import { concatBytes, hexToBytes, u64Bytes } from "./bytes.js";

export const BN254_R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

export interface SnarkInputFields {
  aggregator: string;
  oldStateRoot: string;
  oldAccInputHash: string;
  initNumBatch: bigint;
  chainId: bigint;
  forkId: bigint;
  newStateRoot: string;
  newAccInputHash: string;
  newLocalExitRoot: string;
  finalNewBatch: bigint;
}

export function snarkInputBytes(f: SnarkInputFields): Uint8Array {
  return concatBytes(
    hexToBytes(f.aggregator, 20),
    hexToBytes(f.oldStateRoot, 32),
    hexToBytes(f.oldAccInputHash, 32),
    u64Bytes(f.initNumBatch),
    u64Bytes(f.chainId),
    u64Bytes(f.forkId),
    hexToBytes(f.newStateRoot, 32),
    hexToBytes(f.newAccInputHash, 32),
    hexToBytes(f.newLocalExitRoot, 32),
    u64Bytes(f.finalNewBatch),
  );
}

export function inputSnark(f: SnarkInputFields): bigint {
  return BigInt(sha256(snarkInputBytes(f))) % BN254_R;
}
