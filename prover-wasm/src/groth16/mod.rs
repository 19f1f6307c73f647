//! Groth16 over BN254 exactly as snarkjs computes it: QAP evaluations from the zkey's coefficients, H on the odd
//! coset of the 2n-th roots of unity, the five MSMs, the final combination with random r and s, and the verifier.
pub mod proof;
pub mod qap;
pub mod verifier;

#[cfg(test)]
mod tests;
