//! Fq12 = Fq6[w]/(w^2 - v): the pairing's target group lives here.

use super::{Field, Fq6};

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Fq12 {
    pub c0: Fq6,
    pub c1: Fq6,
}

impl Fq12 {
    pub const fn new(c0: Fq6, c1: Fq6) -> Fq12 {
        Fq12 { c0, c1 }
    }

    /// x^(p^6): on Fq12 this is conjugation (w ↦ -w); the inverse for unitary elements.
    pub fn conjugate(&self) -> Fq12 {
        Fq12::new(self.c0, -self.c1)
    }

    pub fn pow(&self, e: &[u32]) -> Fq12 {
        let mut acc = Fq12::ONE;
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
}

impl core::ops::Add for Fq12 {
    type Output = Fq12;
    fn add(self, b: Fq12) -> Fq12 {
        Fq12::new(self.c0 + b.c0, self.c1 + b.c1)
    }
}
impl core::ops::Sub for Fq12 {
    type Output = Fq12;
    fn sub(self, b: Fq12) -> Fq12 {
        Fq12::new(self.c0 - b.c0, self.c1 - b.c1)
    }
}
impl core::ops::Neg for Fq12 {
    type Output = Fq12;
    fn neg(self) -> Fq12 {
        Fq12::new(-self.c0, -self.c1)
    }
}
impl core::ops::Mul for Fq12 {
    type Output = Fq12;
    fn mul(self, b: Fq12) -> Fq12 {
        let aa = self.c0 * b.c0;
        let bb = self.c1 * b.c1;
        let c1 = (self.c0 + self.c1) * (b.c0 + b.c1) - aa - bb;
        Fq12::new(aa + bb.mul_by_v(), c1)
    }
}

impl Field for Fq12 {
    const ZERO: Fq12 = Fq12 { c0: Fq6::ZERO, c1: Fq6::ZERO };
    const ONE: Fq12 = Fq12 { c0: Fq6::ONE, c1: Fq6::ZERO };
    fn is_zero(&self) -> bool {
        self.c0.is_zero() && self.c1.is_zero()
    }
    /// (a + bw)² = (a + b)(a + v·b) − ab − v·ab + 2ab·w: two Fq6 products instead of a general product's three
    /// (the final exponentiation squares ~1,300 times).
    fn square(&self) -> Fq12 {
        let ab = self.c0 * self.c1;
        let c0 = (self.c0 + self.c1) * (self.c0 + self.c1.mul_by_v()) - ab - ab.mul_by_v();
        Fq12::new(c0, ab + ab)
    }
    fn double(&self) -> Fq12 {
        *self + *self
    }
    fn inverse(&self) -> Option<Fq12> {
        let t = (self.c0.square() - self.c1.square().mul_by_v()).inverse()?;
        Some(Fq12::new(self.c0 * t, -(self.c1 * t)))
    }
}
