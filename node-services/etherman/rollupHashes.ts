/**
 * The hashes that tie L2 data to the L1 contract (spec/formats.md §2): Etrog accInputHash (156 bytes), forced-batch
 * hash, the 212-byte snark input and inputSnark = sha256 mod r, and the Goldilocks range check on state roots.
 */
import { getBytes, keccak256, sha256, solidityPacked, ZeroHash } from "ethers";

/** BN254 scalar field order. */
export const SNARK_SCALAR_FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
export const GOLDILOCKS_PRIME = 0xffffffff00000001n;

export interface AccInputHashStep {
  oldAccInputHash: string;
  /** batchL2Data as hex; its keccak is batchHashData. */
  transactions: string;
  /** Non-forced: the L1 info root; forced: the forced GER. */
  l1InfoRoot: string;
  /** Non-forced (fork 8): maxSequenceTimestamp; forced: forcedTimestamp. */
  timestampLimit: bigint | number;
  /** l2Coinbase (sequenceBatches) or msg.sender (sequenceForceBatches). */
  sequencer: string;
  /** Zero for non-forced batches. */
  forcedBlockHashL1?: string;
}

/** The bytes of a 0x-prefixed hex string, refusing what is not one (Buffer would stop at the first bad digit). */
function hexBytes(hex: string): Uint8Array {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(hex)) throw new TypeError(`not a hex byte string: ${hex.slice(0, 20)}…`);
  return Buffer.from(hex.slice(2), "hex");
}

export function accInputHash(step: AccInputHashStep): string {
  return keccak256(
    solidityPacked(
      ["bytes32", "bytes32", "bytes32", "uint64", "address", "bytes32"],
      [
        step.oldAccInputHash,
        // bytes, not hex: ethers parses a hex string byte by byte, which cost more than hashing a batch's data
        keccak256(hexBytes(step.transactions)),
        step.l1InfoRoot,
        step.timestampLimit,
        step.sequencer,
        step.forcedBlockHashL1 ?? ZeroHash,
      ],
    ),
  );
}

export function forcedBatchHash(transactions: string, globalExitRoot: string, timestamp: bigint | number, blockHashL1: string): string {
  return keccak256(solidityPacked(["bytes32", "bytes32", "uint64", "bytes32"], [keccak256(transactions), globalExitRoot, timestamp, blockHashL1]));
}

export interface SnarkInputFields {
  aggregator: string;
  oldStateRoot: string;
  oldAccInputHash: string;
  initNumBatch: bigint | number;
  chainId: bigint | number;
  forkId: bigint | number;
  newStateRoot: string;
  newAccInputHash: string;
  newLocalExitRoot: string;
  finalNewBatch: bigint | number;
}

/** The 212 bytes of spec §2.3, as hex. */
export function snarkInputBytes(f: SnarkInputFields): string {
  return solidityPacked(
    ["address", "bytes32", "bytes32", "uint64", "uint64", "uint64", "bytes32", "bytes32", "bytes32", "uint64"],
    [f.aggregator, f.oldStateRoot, f.oldAccInputHash, f.initNumBatch, f.chainId, f.forkId, f.newStateRoot, f.newAccInputHash, f.newLocalExitRoot, f.finalNewBatch],
  );
}

/** The proof's one public input. */
export function inputSnark(snarkBytes: string | Uint8Array): bigint {
  return BigInt(sha256(getBytes(snarkBytes))) % SNARK_SCALAR_FIELD;
}

/** True when each 64-bit limb of the root is below the Goldilocks prime (the contract's NewStateRootNotInsidePrime check). */
export function isStateRootInsidePrime(stateRoot: string): boolean {
  const v = BigInt(stateRoot);
  const mask = (1n << 64n) - 1n;
  return [0n, 64n, 128n, 192n].every((shift) => ((v >> shift) & mask) < GOLDILOCKS_PRIME);
}
