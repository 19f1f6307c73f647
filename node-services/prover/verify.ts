/**
 * Groth16 verification (pairing check in Rust) of snarkjs-shaped JSON: e(−A, B)·e(IC(pub), γ)·e(C, δ)·e(α, β) = 1.
 */
import { ProverError } from "./errors.js";
import { mainWasm } from "./proofInputs.js";
import { proofToBytes, publicSignalsToBytes, vkeyToBytes } from "./proofJson.js";

/** Byte-level check: vk (alpha1, beta2, gamma2, delta2, IC…), public signals (32 bytes each), proof (256 bytes). */
export function verifyProofBytes(vk: Uint8Array, publics: Uint8Array, proof: Uint8Array): boolean {
  const out = mainWasm().call("verify", "proof", [vk, publics, proof]);
  return out[0] === 1;
}

/** True when the proof verifies; malformed inputs throw a `ProverError` (`INVALID_PROOF_FORMAT`, `WRONG_CURVE`, …). */
export function verify(vkey: unknown, publicSignals: unknown, proof: unknown): boolean {
  const { bytes, nPublic } = vkeyToBytes(vkey);
  const pubs = publicSignalsToBytes(publicSignals);
  if (pubs.byteLength / 32 !== nPublic) {
    throw new ProverError("INVALID_PROOF_FORMAT", `the verification key expects ${nPublic} public signals, got ${pubs.byteLength / 32}`);
  }
  return verifyProofBytes(bytes, pubs, proofToBytes(proof));
}
