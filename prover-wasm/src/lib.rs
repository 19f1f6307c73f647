//! Prom prover math in Rust for WASM: BN254 fields, curves, pairing, NTT, MSM, Goldilocks Poseidon and
//! Keccak-256.
//! Exported to JavaScript through a plain C ABI (`abi`); the TypeScript glue lives in `pkg/` (see build script).

pub mod abi;
pub mod abi_groth16;
pub mod ceremony;
pub mod curve;
pub mod field;
pub mod keccak;
pub mod msm;
pub mod ntt;
pub mod pairing;
pub mod poseidon;
pub mod formats;
pub mod groth16;

#[cfg(test)]
mod testutil;
