//! Fq6 = Fq2[v]/(v^3 - ξ), ξ = 9 + u.

use super::{Field, Fq2};

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Fq6 {
    pub c0: Fq2,
    pub c1: Fq2,
    pub c2: Fq2,
}

impl Fq6 {
    pub const fn new(c0: Fq2, c1: Fq2, c2: Fq2) -> Fq6 {
        Fq6 { c0, c1, c2 }
    }

    /// Multiplies by v.
    #[inline(always)]
    pub fn mul_by_v(&self) -> Fq6 {
        Fq6::new(self.c2.mul_by_xi(), self.c0, self.c1)
    }
}

impl core::ops::Add for Fq6 {
    type Output = Fq6;
    fn add(self, b: Fq6) -> Fq6 {
        Fq6::new(self.c0 + b.c0, self.c1 + b.c1, self.c2 + b.c2)
    }
}
impl core::ops::Sub for Fq6 {
    type Output = Fq6;
    fn sub(self, b: Fq6) -> Fq6 {
        Fq6::new(self.c0 - b.c0, self.c1 - b.c1, self.c2 - b.c2)
    }
}
impl core::ops::Neg for Fq6 {
    type Output = Fq6;
    fn neg(self) -> Fq6 {
        Fq6::new(-self.c0, -self.c1, -self.c2)
    }
}
impl core::ops::Mul for Fq6 {
    type Output = Fq6;
    fn mul(self, b: Fq6) -> Fq6 {
        let (a0, a1, a2) = (self.c0, self.c1, self.c2);
        let (b0, b1, b2) = (b.c0, b.c1, b.c2);
        let aa = a0 * b0;
        let bb = a1 * b1;
        let cc = a2 * b2;
        let c0 = ((a1 + a2) * (b1 + b2) - bb - cc).mul_by_xi() + aa;
        let c1 = (a0 + a1) * (b0 + b1) - aa - bb + cc.mul_by_xi();
        let c2 = (a0 + a2) * (b0 + b2) - aa + bb - cc;
        Fq6::new(c0, c1, c2)
    }
}

impl Field for Fq6 {
    const ZERO: Fq6 = Fq6 { c0: Fq2::ZERO, c1: Fq2::ZERO, c2: Fq2::ZERO };
    const ONE: Fq6 = Fq6 { c0: Fq2::ONE, c1: Fq2::ZERO, c2: Fq2::ZERO };
    fn is_zero(&self) -> bool {
        self.c0.is_zero() && self.c1.is_zero() && self.c2.is_zero()
    }
    fn square(&self) -> Fq6 {
        *self * *self
    }
    fn double(&self) -> Fq6 {
        *self + *self
    }
    fn inverse(&self) -> Option<Fq6> {
        let (c0, c1, c2) = (self.c0, self.c1, self.c2);
        let t0 = c0.square() - (c1 * c2).mul_by_xi();
        let t1 = c2.square().mul_by_xi() - c0 * c1;
        let t2 = c1.square() - c0 * c2;
        let n = c0 * t0 + (c2 * t1 + c1 * t2).mul_by_xi();
        let inv = n.inverse()?;
        Some(Fq6::new(t0 * inv, t1 * inv, t2 * inv))
    }
}
