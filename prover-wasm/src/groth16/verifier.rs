//! Groth16 verification as snarkjs does it: e(−A, B) · e(IC₀ + Σ pubᵢ·ICᵢ, γ) · e(C, δ) · e(α, β) = 1.
use super::proof::{g1_from_le, g2_from_le, Proof};
use crate::curve::{G1Affine, G2Affine};
use crate::field::{Fq12, Fr};
use crate::formats::error::{FormatError, Result};
use crate::pairing::{pairing, pairing_check};

pub struct VerifyingKey {
    pub alpha1: G1Affine,
    pub beta2: G2Affine,
    pub gamma2: G2Affine,
    pub delta2: G2Affine,
    pub ic: Vec<G1Affine>,
}

impl VerifyingKey {
    /// alpha1 (64 bytes), beta2, gamma2, delta2 (128 each), IC points (64 each); standard-form LE affine.
    pub fn from_le_bytes(b: &[u8]) -> Result<VerifyingKey> {
        if b.len() < 448 + 64 || (b.len() - 448) % 64 != 0 {
            return Err(FormatError::Corrupt(format!("a verification key of {} bytes", b.len())));
        }
        let ic = b[448..].chunks_exact(64).enumerate().map(|(i, c)| g1_from_le(c, &format!("IC[{}]", i))).collect::<Result<_>>()?;
        Ok(VerifyingKey {
            alpha1: g1_from_le(&b[..64], "vk_alpha_1")?,
            beta2: g2_from_le(&b[64..192], "vk_beta_2")?,
            gamma2: g2_from_le(&b[192..320], "vk_gamma_2")?,
            delta2: g2_from_le(&b[320..448], "vk_delta_2")?,
            ic,
        })
    }

    pub fn alpha_beta(&self) -> Fq12 {
        pairing(&self.alpha1, &self.beta2)
    }

    /// e(α, β) as snarkjs's `vk_alphabeta_12` holds it. ffjavascript's final exponentiation uses the
    /// Fuentes-Castañeda–Knapp–Rodríguez-Henríquez hard part, which raises to λ·(p⁴−p²+1)/r with
    /// λ = 2x(6x²+3x+1) instead of (p⁴−p²+1)/r: a different but equally bilinear pairing, e_snarkjs = e^λ.
    /// Same tower and basis as ours (Fq6 = Fq2[v]/(v³−ξ), Fq12 = Fq6[w]/(w²−v)), so only the power differs.
    pub fn alpha_beta_snarkjs(&self) -> Fq12 {
        self.alpha_beta().pow(&SNARKJS_PAIRING_POWER)
    }
}

/// λ = 2x(6x²+3x+1) for the BN parameter x (little-endian 32-bit limbs; λ < r).
pub const SNARKJS_PAIRING_POWER: [u32; 6] = [0x3ddedaf4, 0x2e5d4e22, 0xd9d9e38d, 0x1ea96b02, 0x15e307c8, 0x3bec47df];

/// Public signals: 32-byte standard-form LE values, one per IC point after the first.
pub fn verify(vk: &VerifyingKey, publics: &[u8], proof: &Proof) -> Result<bool> {
    if publics.len() % 32 != 0 || publics.len() / 32 + 1 != vk.ic.len() {
        return Err(FormatError::Corrupt(format!(
            "{} public signals for a key that takes {}",
            publics.len() / 32,
            vk.ic.len() - 1
        )));
    }
    let mut acc = vk.ic[0].to_jacobian();
    for (i, p) in publics.chunks_exact(32).enumerate() {
        let s = Fr::from_le_bytes(p).ok_or_else(|| FormatError::Corrupt(format!("public signal {} is not below r", i)))?;
        acc = acc.add(&vk.ic[i + 1].to_jacobian().mul_fr(&s));
    }
    Ok(pairing_check(&[
        (proof.a.neg(), proof.b),
        (acc.to_affine(), vk.gamma2),
        (proof.c, vk.delta2),
        (vk.alpha1, vk.beta2),
    ]))
}
