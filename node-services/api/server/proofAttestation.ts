/**
 * What a verified batch's proof attests, in the words of DESIGN.md ("What a proof attests"). The UI shows these
 * sentences as they are; a P1 proof is never called a validity proof of execution.
 */
import type { Hex, ProofAttestation } from "../nodeApi.js";

export const P1_ATTESTS =
  "P1 binding: the circuit computes inputSnark = sha256(212 bytes) mod r from its private fields and recomputes the accInputHash chain " +
  "with keccak over each batch's raw batchL2Data, so the proof binds the claimed old and new state roots to exactly the data sequenced on L1.";

export const P1_DOES_NOT_ATTEST =
  "It does not prove that executing the transactions gives the new state root: no transfer semantics (P2), no signature checks (P3), " +
  "no EVM execution (P4). It is not a validity proof of execution.";

export const OTHER_AGGREGATOR =
  "Verified on L1 by an aggregator other than this node's; the L1 verifier accepted its proof, and this node did not produce it.";

export function proofAttestation(v: { ours: boolean; l1TxHash: Hex | null; aggregator: Hex | null }): ProofAttestation {
  return {
    level: "P1",
    attests: v.ours ? P1_ATTESTS : `${OTHER_AGGREGATOR} ${P1_ATTESTS}`,
    doesNotAttest: P1_DOES_NOT_ATTEST,
    l1TxHash: v.l1TxHash,
    aggregator: v.aggregator,
    ours: v.ours,
  };
}
