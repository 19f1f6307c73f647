//! Assembling a Groth16 proof: point tables from zkey bytes, the final combination with the blinding scalars
//! r and s (snarkjs's formulas), the whole proof in one instance, and the byte layout handed to TypeScript.
use super::qap::{build_ab, join_abc, pointwise_mul, to_odd_coset, witness_raw};
use crate::curve::{Affine, CurveField, G1Affine, G1Jacobian, G2Affine, G2Jacobian, Jacobian};
use crate::field::{Fq, Fq2, Fr};
use crate::formats::error::{FormatError, Result};
use crate::formats::wtns::{check_against, Wtns};
use crate::formats::zkey::{Zkey, ZkeyHeader, FR_BYTES};
use crate::msm::{msm, msm_auto, CanonicalScalars, MontBases};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Proof {
    pub a: G1Affine,
    pub b: G2Affine,
    pub c: G1Affine,
}

/// Reads a table of affine points in snarkjs's layout (coordinates checked against the modulus, not the curve:
/// the tables are large and come from a key the caller chose).
pub fn points<F: CurveField>(bytes: &[u8], what: &str) -> Result<Vec<Affine<F>>> {
    let size = Affine::<F>::SERIALIZED_BYTES;
    bytes
        .chunks_exact(size)
        .enumerate()
        .map(|(i, b)| {
            Affine::<F>::from_mont_bytes_unchecked(b)
                .map_err(|_| FormatError::Corrupt(format!("{} point {} has a coordinate above the prime", what, i)))
        })
        .collect()
}

/// One point with the curve check (header points, verification keys).
pub fn point<F: CurveField>(bytes: &[u8], what: &str) -> Result<Affine<F>> {
    Affine::<F>::from_mont_bytes(bytes).map_err(|_| FormatError::Corrupt(format!("{} is not a point of the curve", what)))
}

pub struct BlindingFactors {
    pub r: Fr,
    pub s: Fr,
}

/// Partial MSM results, summed over all point ranges.
pub struct MsmSums {
    pub a: G1Jacobian,
    pub b1: G1Jacobian,
    pub b2: G2Jacobian,
    pub c: G1Jacobian,
    pub h: G1Jacobian,
}

/// snarkjs groth16_prove.js: pi_a = A + α + rδ; pi_b = B2 + β + sδ; B1' = B1 + β + sδ;
/// pi_c = C + H + s·pi_a + r·B1' − rs·δ.
pub fn finish(h: &ZkeyHeader, sums: &MsmSums, k: &BlindingFactors) -> Result<Proof> {
    let alpha1: G1Affine = point(&h.alpha1, "alpha1")?;
    let beta1: G1Affine = point(&h.beta1, "beta1")?;
    let beta2: G2Affine = point(&h.beta2, "beta2")?;
    let delta1: G1Affine = point(&h.delta1, "delta1")?;
    let delta2: G2Affine = point(&h.delta2, "delta2")?;
    let d1 = delta1.to_jacobian();
    let pi_a = sums.a.add_affine(&alpha1).add(&d1.mul_fr(&k.r));
    let pi_b = sums.b2.add_affine(&beta2).add(&delta2.to_jacobian().mul_fr(&k.s));
    let b1 = sums.b1.add_affine(&beta1).add(&d1.mul_fr(&k.s));
    let rs = k.r.mul(&k.s).neg();
    let pi_c = sums.c.add(&sums.h).add(&pi_a.mul_fr(&k.s)).add(&b1.mul_fr(&k.r)).add(&d1.mul_fr(&rs));
    Ok(Proof { a: pi_a.to_affine(), b: pi_b.to_affine(), c: pi_c.to_affine() })
}

fn fq_le(x: &Fq, out: &mut [u8]) {
    out[..32].copy_from_slice(&x.to_le_bytes());
}

fn fq2_le(x: &Fq2, out: &mut [u8]) {
    fq_le(&x.c0, &mut out[..32]);
    fq_le(&x.c1, &mut out[32..64]);
}

/// Standard-form affine coordinates (x then y; G2 as c0, c1), infinity as zeros.
pub fn g1_to_le(p: &G1Affine, out: &mut [u8]) {
    out[..64].iter_mut().for_each(|b| *b = 0);
    if !p.infinity {
        fq_le(&p.x, &mut out[..32]);
        fq_le(&p.y, &mut out[32..64]);
    }
}

pub fn g2_to_le(p: &G2Affine, out: &mut [u8]) {
    out[..128].iter_mut().for_each(|b| *b = 0);
    if !p.infinity {
        fq2_le(&p.x, &mut out[..64]);
        fq2_le(&p.y, &mut out[64..128]);
    }
}

fn fq_from_le(b: &[u8], what: &str) -> Result<Fq> {
    Fq::from_le_bytes(&b[..32]).ok_or_else(|| FormatError::Corrupt(format!("{}: coordinate not below q", what)))
}

pub fn g1_from_le(b: &[u8], what: &str) -> Result<G1Affine> {
    if b[..64].iter().all(|x| *x == 0) {
        return Ok(Affine::IDENTITY);
    }
    let p = Affine::new(fq_from_le(&b[..32], what)?, fq_from_le(&b[32..64], what)?);
    if !p.is_on_curve() {
        return Err(FormatError::Corrupt(format!("{} is not on the curve", what)));
    }
    Ok(p)
}

pub fn g2_from_le(b: &[u8], what: &str) -> Result<G2Affine> {
    if b[..128].iter().all(|x| *x == 0) {
        return Ok(Affine::IDENTITY);
    }
    let f = |o: usize| -> Result<Fq2> { Ok(Fq2::new(fq_from_le(&b[o..o + 32], what)?, fq_from_le(&b[o + 32..o + 64], what)?)) };
    let p = Affine::new(f(0)?, f(64)?);
    if !p.is_on_curve() {
        return Err(FormatError::Corrupt(format!("{} is not on the curve", what)));
    }
    Ok(p)
}

impl Proof {
    /// 256 bytes: pi_a (64), pi_b (128), pi_c (64).
    pub fn to_le_bytes(&self) -> Vec<u8> {
        let mut out = vec![0u8; 256];
        g1_to_le(&self.a, &mut out[..64]);
        g2_to_le(&self.b, &mut out[64..192]);
        g1_to_le(&self.c, &mut out[192..256]);
        out
    }

    pub fn from_le_bytes(b: &[u8]) -> Result<Proof> {
        if b.len() != 256 {
            return Err(FormatError::Corrupt(format!("a proof is 256 bytes, got {}", b.len())));
        }
        Ok(Proof { a: g1_from_le(&b[..64], "pi_a")?, b: g2_from_le(&b[64..192], "pi_b")?, c: g1_from_le(&b[192..], "pi_c")? })
    }
}

/// The H scalars of a proof: QAP evaluations, odd coset, A·B − C.
pub fn h_scalars(coefs: &[u8], witness: &[u8], domain_size: usize) -> Result<Vec<[u32; 8]>> {
    let w = witness_raw(witness)?;
    let (mut a, mut b) = build_ab(coefs, &w, domain_size)?;
    let mut c = pointwise_mul(&a, &b);
    to_odd_coset(&mut a)?;
    to_odd_coset(&mut b)?;
    to_odd_coset(&mut c)?;
    Ok(join_abc(&a, &b, &c))
}

/// Σ scalars·points over a zkey point table (checked once on the way in) and canonical LE scalars.
pub fn msm_table<F: CurveField>(table: &[u8], scalars: &[u8], what: &str) -> Result<Jacobian<F>> {
    let bases = MontBases::<F>::new(table)
        .map_err(|(i, _)| FormatError::Corrupt(format!("{} point {} is not a point of the curve", what, i)))?;
    let n = table.len() / Affine::<F>::SERIALIZED_BYTES;
    if scalars.len() != n * FR_BYTES {
        return Err(FormatError::Corrupt(format!("{}: {} points but {} scalars", what, n, scalars.len() / FR_BYTES)));
    }
    Ok(msm(&bases, &CanonicalScalars(scalars)))
}

/// A base table checked (on the curve) and converted once, for a worker that proves many times with one zkey.
pub fn table_points<F: CurveField>(table: &[u8], what: &str) -> Result<Vec<Affine<F>>> {
    let size = Affine::<F>::SERIALIZED_BYTES;
    if table.len() % size != 0 {
        return Err(FormatError::Corrupt(format!("{}: {} bytes is not a whole number of points", what, table.len())));
    }
    table
        .chunks_exact(size)
        .enumerate()
        .map(|(i, b)| {
            Affine::<F>::from_mont_bytes(b).map_err(|_| FormatError::Corrupt(format!("{} point {} is not a point of the curve", what, i)))
        })
        .collect()
}

/// Σ sᵢ·Pᵢ over a table from `table_points` and standard-form LE scalars.
pub fn msm_cached<F: CurveField>(points: &[Affine<F>], scalars: &[u8], what: &str) -> Result<Jacobian<F>> {
    if scalars.len() != points.len() * FR_BYTES {
        return Err(FormatError::Corrupt(format!("{}: {} points but {} scalars", what, points.len(), scalars.len() / FR_BYTES)));
    }
    Ok(msm_auto(points, &CanonicalScalars(scalars)))
}

/// A whole proof in this instance (tests, and single-threaded callers). Returns the proof and the public signals
/// (standard-form little-endian, 32 bytes each).
pub fn prove(zkey: &[u8], wtns: &[u8], k: &BlindingFactors) -> Result<(Proof, Vec<u8>)> {
    let z = Zkey::parse(zkey)?;
    let w = Wtns::parse(wtns)?;
    check_against(w.n_witness, w.values, z.header.n_vars)?;
    let hs: Vec<u8> = h_scalars(z.coefs, w.values, z.header.domain_size as usize)?
        .iter()
        .flat_map(crate::field::limbs_to_le)
        .collect();
    let np = z.header.n_public as usize;
    let ws = w.values;
    let sums = MsmSums {
        a: msm_table::<Fq>(z.a, ws, "A")?,
        b1: msm_table::<Fq>(z.b1, ws, "B1")?,
        b2: msm_table::<Fq2>(z.b2, ws, "B2")?,
        c: msm_table::<Fq>(z.c, &ws[(np + 1) * FR_BYTES..], "C")?,
        h: msm_table::<Fq>(z.h, &hs, "H")?,
    };
    let proof = finish(&z.header, &sums, k)?;
    let publics = ws[FR_BYTES..(np + 1) * FR_BYTES].to_vec();
    Ok((proof, publics))
}
