//! The QAP side of the prover: A, B, C evaluations over the n-domain from the zkey's coefficients and the
//! witness, their values on the odd coset {w_2n · w_n^i} (inverse NTT, scale by w_2n^i, NTT), and the H scalars
//! (A·B − C there). The H points of a snarkjs zkey already carry the division by Z(x) = x^n − 1.
use crate::field::Fr;
use crate::ntt::odd_coset;
use crate::formats::binfile::read_u32;
use crate::formats::error::{FormatError, Result};
use crate::formats::zkey::{COEF_BYTES, FR_BYTES};

/// Witness values as "raw" Montgomery elements (internal limbs = the standard-form value w, so value w·R⁻¹):
/// multiplying a zkey coefficient (stored as v·R², i.e. element v·R) by one gives exactly v·w, as snarkjs does.
pub fn witness_raw(values: &[u8]) -> Result<Vec<Fr>> {
    values
        .chunks_exact(FR_BYTES)
        .enumerate()
        .map(|(i, c)| {
            Fr::from_mont_bytes(c)
                .ok_or_else(|| FormatError::Corrupt(format!("witness value {} is not below the field prime r", i)))
        })
        .collect()
}

/// A and B at the n points of the domain (C = A·B there, as snarkjs takes it: the zkey carries no C matrix).
pub fn build_ab(coefs: &[u8], witness: &[Fr], domain_size: usize) -> Result<(Vec<Fr>, Vec<Fr>)> {
    let mut a = vec![Fr::ZERO; domain_size];
    let mut b = vec![Fr::ZERO; domain_size];
    for rec in coefs.chunks_exact(COEF_BYTES) {
        let m = read_u32(rec, 0, "coef matrix")?;
        let c = read_u32(rec, 4, "coef constraint")? as usize;
        let s = read_u32(rec, 8, "coef signal")? as usize;
        let v = Fr::from_mont_bytes(&rec[12..])
            .ok_or_else(|| FormatError::Corrupt("a zkey coefficient is not below r".into()))?;
        let w = witness.get(s).ok_or_else(|| FormatError::Corrupt(format!("coefficient signal {} out of range", s)))?;
        let out = match m {
            0 => &mut a,
            1 => &mut b,
            _ => return Err(FormatError::Corrupt(format!("coefficient matrix {} is not A or B", m))),
        };
        let slot = out.get_mut(c).ok_or_else(|| FormatError::Corrupt(format!("coefficient constraint {} out of range", c)))?;
        *slot = slot.add(&v.mul(w));
    }
    Ok((a, b))
}

pub fn pointwise_mul(a: &[Fr], b: &[Fr]) -> Vec<Fr> {
    a.iter().zip(b.iter()).map(|(x, y)| x.mul(y)).collect()
}

/// Evaluations on the n-domain → evaluations on the odd coset (snarkjs's `ifft`, `batchApplyKey(1, inc)`, `fft`).
pub fn to_odd_coset(evals: &mut [Fr]) -> Result<()> {
    let n = evals.len();
    odd_coset(evals).map_err(|_| FormatError::TooLarge(format!("an NTT of {} elements (a power of two up to 2^28 is needed)", n)))
}

/// H scalars: A·B − C on the odd coset, as canonical little-endian 32-bit limbs for the MSM.
pub fn join_abc(a: &[Fr], b: &[Fr], c: &[Fr]) -> Vec<[u32; 8]> {
    a.iter().zip(b.iter()).zip(c.iter()).map(|((x, y), z)| x.mul(y).sub(z).to_canonical_limbs()).collect()
}
