//! The NTT and MSM entry points the Groth16 code calls. Kept behind this seam so the prover runs on the math
//! core's optimised kernels (`crate::ntt`, `crate::msm`) while staying testable on its own.
use super::domain::{powers, root_of_unity};
use crate::curve::{Affine, CurveField, Jacobian};
use crate::field::Fr;

fn bit_reverse(a: &mut [Fr]) {
    let n = a.len();
    let log = n.trailing_zeros();
    if n < 2 {
        return;
    }
    for i in 0..n {
        let j = i.reverse_bits() >> (usize::BITS - log);
        if i < j {
            a.swap(i, j);
        }
    }
}

/// In-place radix-2 NTT: coefficients → evaluations at w^i (natural order in and out).
pub fn ntt(a: &mut [Fr]) {
    let n = a.len();
    assert!(n.is_power_of_two());
    bit_reverse(a);
    let log = n.trailing_zeros();
    let tw = powers(root_of_unity(log), n / 2);
    let mut len = 2;
    while len <= n {
        let step = n / len;
        for start in (0..n).step_by(len) {
            for k in 0..len / 2 {
                let t = a[start + k + len / 2].mul(&tw[k * step]);
                let u = a[start + k];
                a[start + k] = u.add(&t);
                a[start + k + len / 2] = u.sub(&t);
            }
        }
        len <<= 1;
    }
}

/// Inverse of `ntt`.
pub fn intt(a: &mut [Fr]) {
    let n = a.len();
    ntt(a);
    a[1..].reverse();
    let n_inv = Fr::from_u64(n as u64).inverse().expect("n is invertible");
    for x in a.iter_mut() {
        *x = x.mul(&n_inv);
    }
}

/// Σ scalars[i]·points[i], scalars as canonical little-endian 32-bit limbs (Pippenger, unsigned windows).
pub fn msm<F: CurveField>(points: &[Affine<F>], scalars: &[[u32; 8]]) -> Jacobian<F> {
    let n = points.len().min(scalars.len());
    if n == 0 {
        return Jacobian::IDENTITY;
    }
    let c = if n < 32 { 3 } else { (n as f64).ln().ceil() as usize };
    let windows = (254 + c - 1) / c;
    let mut buckets = vec![Jacobian::<F>::IDENTITY; 1 << c];
    let mut total = Jacobian::<F>::IDENTITY;
    for w in (0..windows).rev() {
        for _ in 0..c {
            total = total.double();
        }
        for b in buckets.iter_mut() {
            *b = Jacobian::IDENTITY;
        }
        let bit = w * c;
        for i in 0..n {
            let s = &scalars[i];
            let limb = bit / 32;
            let off = bit % 32;
            let mut d = (s[limb] >> off) as u64;
            if off + c > 32 && limb + 1 < 8 {
                d |= (s[limb + 1] as u64) << (32 - off);
            }
            let d = (d & ((1u64 << c) - 1)) as usize;
            if d != 0 {
                buckets[d] = buckets[d].add_affine(&points[i]);
            }
        }
        let mut run = Jacobian::<F>::IDENTITY;
        let mut sum = Jacobian::<F>::IDENTITY;
        for b in buckets[1..].iter().rev() {
            run = run.add(b);
            sum = sum.add(&run);
        }
        total = total.add(&sum);
    }
    total
}
