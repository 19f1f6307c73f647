//! Fq2 = Fq[u]/(u^2 + 1).

use super::{Field, Fq};

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Fq2 {
    pub c0: Fq,
    pub c1: Fq,
}

impl Fq2 {
    pub const fn new(c0: Fq, c1: Fq) -> Fq2 {
        Fq2 { c0, c1 }
    }

    /// Multiplies by ξ = 9 + u, the non-residue of the sextic twist.
    #[inline(always)]
    pub fn mul_by_xi(&self) -> Fq2 {
        let c0x8 = self.c0.double().double().double();
        let c1x8 = self.c1.double().double().double();
        Fq2::new(c0x8 + self.c0 - self.c1, c1x8 + self.c1 + self.c0)
    }

    #[inline(always)]
    pub fn conjugate(&self) -> Fq2 {
        Fq2::new(self.c0, -self.c1)
    }

    #[inline(always)]
    pub fn mul_by_fq(&self, k: &Fq) -> Fq2 {
        Fq2::new(self.c0 * *k, self.c1 * *k)
    }

    pub fn pow(&self, e: &[u32]) -> Fq2 {
        let mut acc = Fq2::ONE;
        for limb in e.iter().rev() {
            for bit in (0..32).rev() {
                acc = acc.square();
                if (limb >> bit) & 1 == 1 {
                    acc = acc * *self;
                }
            }
        }
        acc
    }

    /// Montgomery's trick on the norms: 1/(a+bu) = (a−bu)/(a²+b²), so the shared product chain runs in Fq
    /// (about 5M+2S per element instead of three Fq2 products, 9M). The norm is zero only for zero (−1 is not a
    /// square mod p), and zeros stay zero. `scratch` as long as `v`: c0 holds the norm, c1 the prefix product.
    pub fn batch_inverse(v: &mut [Fq2], scratch: &mut [Fq2]) {
        let mut acc = Fq::ONE;
        for (x, s) in v.iter().zip(scratch.iter_mut()) {
            let n = Fq::sum_of_products(&x.c0, &x.c0, &x.c1, &x.c1);
            *s = Fq2::new(n, acc);
            if !n.is_zero() {
                acc = acc * n;
            }
        }
        let mut inv = match acc.inverse() {
            Some(i) => i,
            None => return,
        };
        for (x, s) in v.iter_mut().zip(scratch.iter()).rev() {
            if s.c0.is_zero() {
                continue;
            }
            let ninv = inv * s.c1;
            inv = inv * s.c0;
            *x = Fq2::new(x.c0 * ninv, -(x.c1 * ninv));
        }
    }

    /// snarkjs layout: c0 then c1, each 32 bytes little-endian Montgomery.
    pub fn from_mont_bytes(b: &[u8]) -> Option<Fq2> {
        Some(Fq2::new(Fq::from_mont_bytes(&b[0..32])?, Fq::from_mont_bytes(&b[32..64])?))
    }

    pub fn to_mont_bytes(&self) -> [u8; 64] {
        let mut o = [0u8; 64];
        o[0..32].copy_from_slice(&self.c0.to_mont_bytes());
        o[32..64].copy_from_slice(&self.c1.to_mont_bytes());
        o
    }
}

impl core::ops::Add for Fq2 {
    type Output = Fq2;
    #[inline(always)]
    fn add(self, b: Fq2) -> Fq2 {
        Fq2::new(self.c0 + b.c0, self.c1 + b.c1)
    }
}
impl core::ops::Sub for Fq2 {
    type Output = Fq2;
    #[inline(always)]
    fn sub(self, b: Fq2) -> Fq2 {
        Fq2::new(self.c0 - b.c0, self.c1 - b.c1)
    }
}
impl core::ops::Neg for Fq2 {
    type Output = Fq2;
    #[inline(always)]
    fn neg(self) -> Fq2 {
        Fq2::new(-self.c0, -self.c1)
    }
}
impl core::ops::Mul for Fq2 {
    type Output = Fq2;
    /// c0 = a0·b0 + a1·(2p − b1), c1 = a0·b1 + a1·b0: four limb products but two Montgomery reductions (Karatsuba
    /// takes three of each, and the reduction is the slower half of a product in WASM). Operand components may
    /// be unreduced (below 2p): each sum stays below 8p² < 2^261·p.
    #[inline(always)]
    fn mul(self, b: Fq2) -> Fq2 {
        Fq2::new(
            Fq::sum_of_products(&self.c0, &b.c0, &self.c1, &b.c1.neg_unreduced()),
            Fq::sum_of_products(&self.c0, &b.c1, &self.c1, &b.c0),
        )
    }
}

impl Field for Fq2 {
    const ZERO: Fq2 = Fq2 { c0: Fq::ZERO, c1: Fq::ZERO };
    const ONE: Fq2 = Fq2 { c0: Fq::ONE, c1: Fq::ZERO };
    #[inline(always)]
    fn is_zero(&self) -> bool {
        self.c0.is_zero() && self.c1.is_zero()
    }
    #[inline(always)]
    fn square(&self) -> Fq2 {
        let a = self.c0.add_unreduced(&self.c1) * self.c0.sub_unreduced(&self.c1);
        let b = self.c0.add_unreduced(&self.c0) * self.c1;
        Fq2::new(a, b)
    }
    #[inline(always)]
    fn double(&self) -> Fq2 {
        Fq2::new(self.c0.double(), self.c1.double())
    }
    fn inverse(&self) -> Option<Fq2> {
        let t = (self.c0.square() + self.c1.square()).inverse()?;
        Some(Fq2::new(self.c0 * t, -(self.c1 * t)))
    }
    #[inline(always)]
    fn add_unreduced(&self, b: &Fq2) -> Fq2 {
        Fq2::new(self.c0.add_unreduced(&b.c0), self.c1.add_unreduced(&b.c1))
    }
    #[inline(always)]
    fn sub_unreduced(&self, b: &Fq2) -> Fq2 {
        Fq2::new(self.c0.sub_unreduced(&b.c0), self.c1.sub_unreduced(&b.c1))
    }
}
