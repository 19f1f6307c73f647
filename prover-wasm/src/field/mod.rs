//! BN254 base field Fq, scalar field Fr (Montgomery form, 9×29-bit limbs) and the Fq2/Fq6/Fq12 towers.

/// Straight-line repetition with a constant index: LLVM does not fully unroll the nested limb loops for wasm32,
/// and a rolled loop keeps the accumulators in linear memory instead of WASM locals.
macro_rules! unroll {
    ($i:ident in [$($n:expr),*] $body:block) => {
        $( { let $i: usize = $n; $body } )*
    };
}

mod fq12;
mod fq2;
mod fq6;
mod mont;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod mont_simd;

pub use fq12::Fq12;
pub use fq2::Fq2;
pub use fq6::Fq6;

use mont::mont_field;

/// What curve, MSM and pairing code needs from a field.
pub trait Field:
    Copy
    + PartialEq
    + core::fmt::Debug
    + core::ops::Add<Output = Self>
    + core::ops::Sub<Output = Self>
    + core::ops::Mul<Output = Self>
    + core::ops::Neg<Output = Self>
{
    const ZERO: Self;
    const ONE: Self;
    fn is_zero(&self) -> bool;
    fn square(&self) -> Self;
    fn double(&self) -> Self;
    fn inverse(&self) -> Option<Self>;
    /// self + b, possibly not fully reduced: only ever an operand of `*` (which accepts such values), never
    /// stored, compared or tested for zero. Saves the final reduction in the Montgomery and Fq2 hot paths.
    #[inline(always)]
    fn add_unreduced(&self, b: &Self) -> Self {
        *self + *b
    }
    /// self − b, under the same contract as `add_unreduced`.
    #[inline(always)]
    fn sub_unreduced(&self, b: &Self) -> Self {
        *self - *b
    }
}

mont_field!(
    Fq,
    modulus = [0xd87cfd47, 0x3c208c16, 0x6871ca8d, 0x97816a91, 0x8181585d, 0xb85045b6, 0xe131a029, 0x30644e72],
    r = [0xc58f0d9d, 0xd35d438d, 0xf5c70b3d, 0x0a78eb28, 0x7879462c, 0x666ea36f, 0x9a07df2f, 0x0e0a77c1],
    r2 = [0x538afa89, 0xf32cfc5b, 0xd44501fb, 0xb5e71911, 0x0a417ff6, 0x47ab1eff, 0xcab8351f, 0x06d89f71]
);

mont_field!(
    Fr,
    modulus = [0xf0000001, 0x43e1f593, 0x79b97091, 0x2833e848, 0x8181585d, 0xb85045b6, 0xe131a029, 0x30644e72],
    r = [0x4ffffffb, 0xac96341c, 0x9f60cd29, 0x36fc7695, 0x7879462e, 0x666ea36f, 0x9a07df2f, 0x0e0a77c1],
    r2 = [0xae216da7, 0x1bb8e645, 0xe35c59e3, 0x53fe3ab1, 0x53bb8085, 0x8c49833d, 0x7f4e44a5, 0x0216d0b1]
);

impl Fq {
    /// (p+1)/4: p ≡ 3 mod 4, so a square root is a^((p+1)/4).
    const SQRT_EXP: [u32; 8] = [0xb61f3f52, 0x4f082305, 0x5a1c72a3, 0x65e05aa4, 0xa0605617, 0x6e14116d, 0xb84c680a, 0x0c19139c];

    /// A square root, or `None` when `self` is not a square.
    pub fn sqrt(&self) -> Option<Fq> {
        let s = self.pow(&Self::SQRT_EXP);
        if s.square() == *self {
            Some(s)
        } else {
            None
        }
    }
}

impl Fr {
    /// Two-adicity of r-1.
    pub const TWO_ADICITY: u32 = 28;
    /// 5^((r-1)/2^28): the primitive 2^28-th root of unity ffjavascript/snarkjs use (5 is Fr's first non-residue).
    const ROOT_2_28: Fr = Fr::from_mont256([0x80d13d9c, 0x636e7355, 0x2445ffd6, 0xa22bf374, 0x1eb203d8, 0x56452ac0, 0x2963f9e7, 0x1860ef94]);
    /// ffjavascript's `Fr.shift` = 5^2, the coset shift snarkjs uses when the domain is already 2^28.
    pub const SNARKJS_SHIFT: Fr = Fr::from_mont256([0x3fffff7c, 0xff7d5fb8, 0x3c61f518, 0x453c3aa1, 0x394e6ff7, 0xf69c0de5, 0xe2696a7c, 0x0c478cc3]);

    /// snarkjs's `Fr.w[log_n]`: the primitive 2^log_n-th root of unity; `None` past 2^28.
    pub fn root_of_unity(log_n: u32) -> Option<Fr> {
        if log_n > Self::TWO_ADICITY {
            return None;
        }
        let mut w = Self::ROOT_2_28;
        for _ in log_n..Self::TWO_ADICITY {
            w = w.square();
        }
        Some(w)
    }

    /// The coset shift snarkjs's Groth16 prover applies for a domain of 2^log_n: `w[log_n+1]`, or `shift` at 2^28.
    pub fn snarkjs_coset_shift(log_n: u32) -> Option<Fr> {
        if log_n == Self::TWO_ADICITY {
            Some(Self::SNARKJS_SHIFT)
        } else {
            Self::root_of_unity(log_n + 1)
        }
    }
}

/// Reads up to 32 little-endian bytes into 8 limbs (missing bytes are zero).
#[inline(always)]
pub fn limbs_from_le(b: &[u8]) -> [u32; 8] {
    let mut l = [0u32; 8];
    if b.len() >= 32 {
        for (i, x) in l.iter_mut().enumerate() {
            *x = u32::from_le_bytes([b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]]);
        }
        return l;
    }
    for (i, byte) in b.iter().enumerate() {
        l[i / 4] |= (*byte as u32) << (8 * (i % 4));
    }
    l
}

#[inline(always)]
pub fn limbs_to_le(l: &[u32; 8]) -> [u8; 32] {
    let mut b = [0u8; 32];
    for i in 0..8 {
        b[4 * i..4 * i + 4].copy_from_slice(&l[i].to_le_bytes());
    }
    b
}

/// Replaces every element by its inverse with one field inversion (Montgomery's trick); zeros stay zero.
/// `scratch` must have the same length as `v`.
pub fn batch_inverse<F: Field>(v: &mut [F], scratch: &mut [F]) {
    let mut acc = F::ONE;
    for (x, s) in v.iter().zip(scratch.iter_mut()) {
        *s = acc;
        if !x.is_zero() {
            acc = acc * *x;
        }
    }
    let mut inv = match acc.inverse() {
        Some(i) => i,
        None => return,
    };
    for (x, s) in v.iter_mut().zip(scratch.iter()).rev() {
        if x.is_zero() {
            continue;
        }
        let next = inv * *x;
        *x = inv * *s;
        inv = next;
    }
}

#[cfg(test)]
mod tests;
