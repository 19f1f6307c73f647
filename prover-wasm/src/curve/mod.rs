//! BN254 G1 (over Fq) and G2 (the sextic D-twist over Fq2): affine and Jacobian points, mixed addition,
//! batch affine conversion, and snarkjs's point layouts (LE Montgomery x then y; the point at infinity is all zeros).

use crate::field::{batch_inverse, Field, Fq, Fq2, Fr};

/// A base field with the curve y^2 = x^3 + B over it.
pub trait CurveField: Field {
    const B: Self;
    /// Bytes of one coordinate in snarkjs's layout.
    const BYTES: usize;
    fn read_mont(b: &[u8]) -> Option<Self>;
    /// Reads without the range check, for bases already validated once.
    fn read_mont_raw(b: &[u8]) -> Self;
    fn write_mont(&self, out: &mut [u8]);
    /// Inverts every element in place with one inversion; zeros stay zero. `scratch` as long as `v`.
    #[inline(always)]
    fn batch_inverse(v: &mut [Self], scratch: &mut [Self]) {
        batch_inverse(v, scratch)
    }
}

impl CurveField for Fq {
    const B: Fq = Fq::from_mont256([0x50ad28d7, 0x7a17caa9, 0xe15521b9, 0x1f6ac17a, 0x696bd284, 0x334bea4e, 0xce179d8e, 0x2a1f6744]);
    const BYTES: usize = 32;
    fn read_mont(b: &[u8]) -> Option<Fq> {
        Fq::from_mont_bytes(&b[..32])
    }
    #[inline(always)]
    fn read_mont_raw(b: &[u8]) -> Fq {
        Fq::from_mont_bytes_unchecked(&b[..32])
    }
    fn write_mont(&self, out: &mut [u8]) {
        out[..32].copy_from_slice(&self.to_mont_bytes());
    }
}

impl CurveField for Fq2 {
    /// 3 / (9 + u)
    const B: Fq2 = Fq2 {
        c0: Fq::from_mont256([0x77b802a8, 0x3bf938e3, 0x3633535d, 0x020b1b27, 0x49755260, 0x26b7edf0, 0x4384a86d, 0x2514c632]),
        c1: Fq::from_mont256([0xd1dcff67, 0x38e7eccc, 0x93ce0d3e, 0x65f0b37d, 0x22ac00aa, 0xd749d0dd, 0x4a688d4d, 0x0141b9ce]),
    };
    const BYTES: usize = 64;
    fn read_mont(b: &[u8]) -> Option<Fq2> {
        Fq2::from_mont_bytes(&b[..64])
    }
    #[inline(always)]
    fn read_mont_raw(b: &[u8]) -> Fq2 {
        Fq2::new(Fq::read_mont_raw(&b[..32]), Fq::read_mont_raw(&b[32..64]))
    }
    fn write_mont(&self, out: &mut [u8]) {
        out[..64].copy_from_slice(&self.to_mont_bytes());
    }
    #[inline(always)]
    fn batch_inverse(v: &mut [Fq2], scratch: &mut [Fq2]) {
        Fq2::batch_inverse(v, scratch)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Affine<F> {
    pub x: F,
    pub y: F,
    pub infinity: bool,
}

/// Jacobian (X, Y, Z) ↦ (X/Z^2, Y/Z^3); Z = 0 is the point at infinity.
#[derive(Clone, Copy, Debug)]
pub struct Jacobian<F> {
    pub x: F,
    pub y: F,
    pub z: F,
}

pub type G1Affine = Affine<Fq>;
pub type G2Affine = Affine<Fq2>;
pub type G1Jacobian = Jacobian<Fq>;
pub type G2Jacobian = Jacobian<Fq2>;

/// Why a point read from bytes was refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PointError {
    /// A coordinate is not below the field modulus.
    CoordinateOutOfRange,
    NotOnCurve,
}

impl<F: CurveField> Affine<F> {
    pub const IDENTITY: Affine<F> = Affine { x: F::ZERO, y: F::ZERO, infinity: true };

    pub fn new(x: F, y: F) -> Affine<F> {
        Affine { x, y, infinity: false }
    }

    pub fn is_on_curve(&self) -> bool {
        self.infinity || self.y.square() == self.x.square() * self.x + F::B
    }

    #[inline(always)]
    pub fn neg(&self) -> Affine<F> {
        Affine { x: self.x, y: -self.y, infinity: self.infinity }
    }

    #[inline(always)]
    pub fn to_jacobian(&self) -> Jacobian<F> {
        if self.infinity {
            Jacobian::IDENTITY
        } else {
            Jacobian { x: self.x, y: self.y, z: F::ONE }
        }
    }

    /// Size in snarkjs's layout: 64 bytes for G1, 128 for G2.
    pub const SERIALIZED_BYTES: usize = 2 * F::BYTES;

    /// Reads snarkjs's layout (x then y, LE Montgomery; all zeros = infinity) and checks the curve equation.
    pub fn from_mont_bytes(b: &[u8]) -> Result<Affine<F>, PointError> {
        let p = Self::from_mont_bytes_unchecked(b)?;
        if p.is_on_curve() {
            Ok(p)
        } else {
            Err(PointError::NotOnCurve)
        }
    }

    /// As `from_mont_bytes` without the curve check (for bulk bases the caller trusts, e.g. a verified zkey).
    #[inline(always)]
    pub fn from_mont_bytes_unchecked(b: &[u8]) -> Result<Affine<F>, PointError> {
        let n = F::BYTES;
        if b[..2 * n].iter().all(|x| *x == 0) {
            return Ok(Self::IDENTITY);
        }
        let x = F::read_mont(&b[..n]).ok_or(PointError::CoordinateOutOfRange)?;
        let y = F::read_mont(&b[n..2 * n]).ok_or(PointError::CoordinateOutOfRange)?;
        Ok(Affine::new(x, y))
    }

    pub fn write_mont_bytes(&self, out: &mut [u8]) {
        let n = F::BYTES;
        if self.infinity {
            out[..2 * n].iter_mut().for_each(|x| *x = 0);
        } else {
            self.x.write_mont(&mut out[..n]);
            self.y.write_mont(&mut out[n..2 * n]);
        }
    }
}

impl<F: CurveField> PartialEq for Jacobian<F> {
    fn eq(&self, o: &Jacobian<F>) -> bool {
        if self.is_identity() || o.is_identity() {
            return self.is_identity() && o.is_identity();
        }
        let z1z1 = self.z.square();
        let z2z2 = o.z.square();
        self.x * z2z2 == o.x * z1z1 && self.y * z2z2 * o.z == o.y * z1z1 * self.z
    }
}

impl<F: CurveField> Jacobian<F> {
    pub const IDENTITY: Jacobian<F> = Jacobian { x: F::ONE, y: F::ONE, z: F::ZERO };

    #[inline(always)]
    pub fn is_identity(&self) -> bool {
        self.z.is_zero()
    }

    #[inline(always)]
    pub fn neg(&self) -> Jacobian<F> {
        Jacobian { x: self.x, y: -self.y, z: self.z }
    }

    /// dbl-2009-l (a = 0).
    #[inline(always)]
    pub fn double(&self) -> Jacobian<F> {
        if self.is_identity() {
            return *self;
        }
        let a = self.x.square();
        let b = self.y.square();
        let c = b.square();
        let d = ((self.x + b).square() - a - c).double();
        let e = a.double() + a;
        let f = e.square();
        let x3 = f - d.double();
        let c8 = c.double().double().double();
        let y3 = e * (d - x3) - c8;
        let z3 = (self.y * self.z).double();
        Jacobian { x: x3, y: y3, z: z3 }
    }

    /// add-2007-bl.
    pub fn add(&self, o: &Jacobian<F>) -> Jacobian<F> {
        if self.is_identity() {
            return *o;
        }
        if o.is_identity() {
            return *self;
        }
        let z1z1 = self.z.square();
        let z2z2 = o.z.square();
        let u1 = self.x * z2z2;
        let u2 = o.x * z1z1;
        let s1 = self.y * o.z * z2z2;
        let s2 = o.y * self.z * z1z1;
        let h = u2 - u1;
        let r = (s2 - s1).double();
        if h.is_zero() {
            return if r.is_zero() { self.double() } else { Self::IDENTITY };
        }
        let i = h.double().square();
        let j = h * i;
        let v = u1 * i;
        let x3 = r.square() - j - v.double();
        let y3 = r * (v - x3) - (s1 * j).double();
        let z3 = ((self.z + o.z).square() - z1z1 - z2z2) * h;
        Jacobian { x: x3, y: y3, z: z3 }
    }

    /// madd-2007-bl: self + affine point.
    #[inline(always)]
    pub fn add_affine(&self, o: &Affine<F>) -> Jacobian<F> {
        if o.infinity {
            return *self;
        }
        if self.is_identity() {
            return o.to_jacobian();
        }
        let z1z1 = self.z.square();
        let u2 = o.x * z1z1;
        let s2 = o.y * self.z * z1z1;
        let h = u2 - self.x;
        let r = (s2 - self.y).double();
        if h.is_zero() {
            return if r.is_zero() { o.to_jacobian().double() } else { Self::IDENTITY };
        }
        let hh = h.square();
        let i = hh.double().double();
        let j = h * i;
        let v = self.x * i;
        let x3 = r.square() - j - v.double();
        let y3 = r * (v - x3) - (self.y * j).double();
        let z3 = (self.z + h).square() - z1z1 - hh;
        Jacobian { x: x3, y: y3, z: z3 }
    }

    pub fn to_affine(&self) -> Affine<F> {
        match self.z.inverse() {
            None => Affine::IDENTITY,
            Some(zi) => {
                let zi2 = zi.square();
                Affine::new(self.x * zi2, self.y * zi2 * zi)
            }
        }
    }

    /// Scalar multiplication by double-and-add over little-endian 32-bit limbs (not constant time; for tests,
    /// setup and small jobs; bulk work goes through the MSM).
    pub fn mul_limbs(&self, k: &[u32]) -> Jacobian<F> {
        let mut acc = Self::IDENTITY;
        for limb in k.iter().rev() {
            for bit in (0..32).rev() {
                acc = acc.double();
                if (limb >> bit) & 1 == 1 {
                    acc = acc.add(self);
                }
            }
        }
        acc
    }

    pub fn mul_fr(&self, k: &Fr) -> Jacobian<F> {
        self.mul_limbs(&k.to_canonical_limbs())
    }
}

/// Converts many Jacobian points to affine with one field inversion.
pub fn batch_to_affine<F: CurveField>(points: &[Jacobian<F>]) -> Vec<Affine<F>> {
    let mut zs: Vec<F> = points.iter().map(|p| p.z).collect();
    let mut scratch = vec![F::ZERO; zs.len()];
    batch_inverse(&mut zs, &mut scratch);
    points
        .iter()
        .zip(zs.iter())
        .map(|(p, zi)| {
            if p.is_identity() {
                Affine::IDENTITY
            } else {
                let zi2 = zi.square();
                Affine::new(p.x * zi2, p.y * zi2 * *zi)
            }
        })
        .collect()
}

/// The generator (1, 2).
pub fn g1_generator() -> G1Affine {
    Affine::new(Fq::ONE, Fq::from_u64(2))
}

/// The standard G2 generator (EIP-197).
pub fn g2_generator() -> G2Affine {
    Affine::new(
        Fq2::new(
            Fq::from_mont256([0x02bc2026, 0x8e83b5d1, 0x497b0172, 0xdceb1935, 0x97811adf, 0xfbb82647, 0xaf96503b, 0x19573841]),
            Fq::from_mont256([0xa84c6140, 0xafb4737d, 0x5802d8c4, 0x6043dd5a, 0x52a02f86, 0x09e950fc, 0x3aea7b6b, 0x14fef083]),
        ),
        Fq2::new(
            Fq::from_mont256([0x886be9f6, 0x619dfa9d, 0xf59e9b78, 0xfe7fd297, 0x231b7dfe, 0xff9e1a62, 0xae9e4206, 0x28fd7eeb]),
            Fq::from_mont256([0xc71856ee, 0x64095b56, 0x327d3cbb, 0xdc57f922, 0x33351076, 0x55f935be, 0x93fd6482, 0x0da4a0e6]),
        ),
    )
}

#[cfg(test)]
mod tests;
