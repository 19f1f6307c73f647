/**
 * The Etrog accumulated input hash (spec §2.2): one keccak step per batch over 156 packed bytes.
 * L1 stores only the value after the last batch of each sequence; the node keeps every step.
 */
import { keccak256 } from "ethers";
import { concatBytes, hexToBytes, u64Bytes } from "./bytes.js";

export interface AccInputStep {
  oldAccInputHash: string;
  batchL2Data: Uint8Array;
  /** L1 info root for sequenced batches; the forced GER for forced ones. */
  l1InfoRoot: string;
  /** maxSequenceTimestamp of the sequence (fork 8), or the forced timestamp. */
  timestampLimit: bigint;
  sequencer: string;
  /** Zero for non-forced batches. */
  forcedBlockHashL1: string;
}

export function accInputHash(s: AccInputStep): string {
  return keccak256(
    concatBytes(
      hexToBytes(s.oldAccInputHash, 32),
      hexToBytes(keccak256(s.batchL2Data), 32),
      hexToBytes(s.l1InfoRoot, 32),
      u64Bytes(s.timestampLimit),
      hexToBytes(s.sequencer, 20),
      hexToBytes(s.forcedBlockHashL1, 32),
    ),
  );
}
