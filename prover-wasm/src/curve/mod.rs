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
    /// The endomorphism the MSM splits scalars along (`msm::msm_split`); `None` where none is used.
    fn endomorphism() -> Option<Endomorphism<Self>> {
        None
    }
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
    fn endomorphism() -> Option<Endomorphism<Fq>> {
        Some(Endomorphism { map: g1_endomorphism, split: split_glv })
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
    fn endomorphism() -> Option<Endomorphism<Fq2>> {
        Some(Endomorphism { map: g2_frobenius, split: split_psi })
    }
    #[inline(always)]
    fn batch_inverse(v: &mut [Fq2], scratch: &mut [Fq2]) {
        Fq2::batch_inverse(v, scratch)
    }
}

/// An endomorphism φ(P) = [λ]P of the curve's r-torsion and the matching scalar split.
pub struct Endomorphism<F> {
    pub map: fn(&Affine<F>) -> Affine<F>,
    /// k ≡ ±k0 ± k1·λ (mod r) as [(k0, negated), (k1, negated)], both below 2^128.
    pub split: fn(&[u32; 8]) -> [(u128, bool); 2],
}

/// ξ^((p−1)/3) and ξ^((p−1)/2) (ξ = 9 + u): the twist's Frobenius coefficients.
const FROBENIUS_X: Fq2 = Fq2::new(
    Fq::from_mont256([0x4563ab30, 0xb5773b10, 0xa9aa6454, 0x347f91c8, 0x242e0991, 0x7a007127, 0x118214ec, 0x1956bcd8]),
    Fq::from_mont256([0xa0aa4757, 0x6e849f1e, 0x89f89141, 0xaa1c7b6d, 0xfae0ca3a, 0xb6e713cd, 0x4e82ebc3, 0x26694fbb]),
);
const FROBENIUS_Y: Fq2 = Fq2::new(
    Fq::from_mont256([0x2936b629, 0xe4bbdd0c, 0xe133bacb, 0xbb30f162, 0xf9645366, 0x31a9d1b6, 0xa500f8dd, 0x253570be]),
    Fq::from_mont256([0x5ffe77c7, 0xa1d77ce4, 0x7826d1db, 0x07affd11, 0xbb7edc6b, 0x6d16bd27, 0x85defecc, 0x2c872002]),
);

/// ψ(Q): the p-power Frobenius carried through the twist, (conj(x)·ξ^((p−1)/3), conj(y)·ξ^((p−1)/2)).
/// On G2 it is multiplication by p ≡ 6x² (mod r).
pub fn g2_frobenius(q: &G2Affine) -> G2Affine {
    if q.infinity {
        return *q;
    }
    G2Affine::new(q.x.conjugate() * FROBENIUS_X, q.y.conjugate() * FROBENIUS_Y)
}

/// ψ's eigenvalue on G2: 6x² for BN254's x = 4965661367192848881 (127 bits).
pub const PSI_LAMBDA: u128 = 0x6f4d8248eeb859fbf83e9682e87cfd46;
/// ⌊2^254 / PSI_LAMBDA⌋.
const PSI_RECIPROCAL: u128 = 0x9333bc0529dcf4b54b2d880c72380650;
/// r as (high, low) 128-bit halves.
const R_HI: u128 = 0x30644e72e131a029b85045b68181585d;
const R_LO: u128 = 0x2833e84879b9709143e1f593f0000001;

/// The 256-bit product a·b as (high, low) halves.
#[inline(always)]
fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    let (a0, a1) = (a as u64 as u128, a >> 64);
    let (b0, b1) = (b as u64 as u128, b >> 64);
    let (p00, p01, p10, p11) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
    let mid = (p00 >> 64) + (p01 as u64 as u128) + (p10 as u64 as u128);
    ((p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64)), (p00 as u64 as u128) | (mid << 64))
}

/// k = k0 + k1·6x² with k0 = k mod 6x², k1 = ⌊k / 6x²⌋ (k reduced mod r first): both below 2^128, no signs.
pub fn split_psi(k: &[u32; 8]) -> [(u128, bool); 2] {
    let (hi, lo) = halves_mod_r(k);
    // k < 2^254: ⌊(k >> 126)·⌊2^254/λ⌋ / 2^128⌋ undershoots ⌊k/λ⌋ by at most 2, which the loop corrects.
    let mut q = mul_wide((hi << 2) | (lo >> 126), PSI_RECIPROCAL).0;
    let (ph, pl) = mul_wide(q, PSI_LAMBDA);
    let (mut rl, b) = lo.overflowing_sub(pl);
    let mut rh = hi.wrapping_sub(ph).wrapping_sub(b as u128);
    while rh != 0 || rl >= PSI_LAMBDA {
        let (l, b) = rl.overflowing_sub(PSI_LAMBDA);
        rh = rh.wrapping_sub(b as u128);
        rl = l;
        q += 1;
    }
    [(rl, false), (q, false)]
}

/// β, a cube root of unity in Fq: (x, y) ↦ (βx, y) is multiplication by GLV_LAMBDA on G1.
const BETA: Fq = Fq::from_mont256([0xd782e155, 0x71930c11, 0xffbe3323, 0xa6bb947c, 0xd4741444, 0xaa303344, 0x26594943, 0x2c3b3f0d]);
/// The cube root of unity mod r matching BETA (192 bits), as (high, low) halves.
pub const GLV_LAMBDA: (u128, u128) = (0xb3c4d79d41a91758, 0x5bfc41088d8daaa78b17ea66b99c90dd);
/// A reduced basis (a1, −b1), (a2, b2) of the lattice {(u, v) : u + v·λ ≡ 0 (mod r)}, with a1·b2 − a2·b1 = r.
const GLV_A1: u128 = 0x89d3256894d213e3;
const GLV_B1_NEG: u128 = 0x6f4d8248eeb859fc8211bbeb7d4f1128;
const GLV_A2: u128 = 0x6f4d8248eeb859fd0be4e1541221250b;
const GLV_B2: u128 = 0x89d3256894d213e3;
/// ⌊2^254·b2/r⌋ and ⌊2^254·(−b1)/r⌋: the rounding coefficients' fixed-point reciprocals.
const GLV_G1: u128 = 0xb64748cbb1f82cf5;
const GLV_G2: u128 = 0x9333bc0529dcf4b3de9ef6750e47ac63;

/// (βx, y) = [λ]P on G1.
pub fn g1_endomorphism(p: &G1Affine) -> G1Affine {
    Affine { x: p.x * BETA, y: p.y, infinity: p.infinity }
}

/// k as (high, low) 128-bit halves, reduced mod r (inputs may be any 256-bit value).
#[inline(always)]
fn halves_mod_r(k: &[u32; 8]) -> (u128, u128) {
    let half = |i: usize| k[i] as u128 | (k[i + 1] as u128) << 32 | (k[i + 2] as u128) << 64 | (k[i + 3] as u128) << 96;
    let (mut hi, mut lo) = (half(4), half(0));
    while hi > R_HI || (hi == R_HI && lo >= R_LO) {
        let (l, b) = lo.overflowing_sub(R_LO);
        hi = hi - R_HI - b as u128;
        lo = l;
    }
    (hi, lo)
}

/// ⌊(hi·2^128 + lo)·g / 2^254⌋ for a result below 2^128.
#[inline(always)]
fn mul_shr254(hi: u128, lo: u128, g: u128) -> u128 {
    let ah = mul_wide(lo, g).0;
    let (bh, bl) = mul_wide(hi, g);
    let (mid, carry) = bl.overflowing_add(ah);
    ((bh + carry as u128) << 2) | (mid >> 126)
}

/// Values mod 2^192 as (low 128 bits, high 64 bits), for the GLV split's exact small results.
type U192 = (u128, u64);

#[inline(always)]
fn mul192(a: u128, b: u128) -> U192 {
    let (h, l) = mul_wide(a, b);
    (l, h as u64)
}

#[inline(always)]
fn sub192(a: U192, b: U192) -> U192 {
    let (l, borrow) = a.0.overflowing_sub(b.0);
    (l, a.1.wrapping_sub(b.1).wrapping_sub(borrow as u64))
}

/// A two's-complement value of magnitude below 2^128 as (magnitude, negative).
#[inline(always)]
fn signed192(v: U192) -> (u128, bool) {
    if v.1 >> 63 == 1 {
        ((!v.0).wrapping_add(1), true)
    } else {
        (v.0, false)
    }
}

/// The GLV split k ≡ k0 + k1·λ (mod r) through the basis: c1 = ⌊b2·k/r⌋, c2 = ⌊−b1·k/r⌋ (from the fixed-point
/// reciprocals, at most 1 below the true floor), k0 = k − c1·a1 − c2·a2, k1 = −c1·b1 − c2·b2. The rounding error
/// keeps |k0|, |k1| below 2(a2 + a1) < 2^128, so the exact values are read from arithmetic mod 2^192.
pub fn split_glv(k: &[u32; 8]) -> [(u128, bool); 2] {
    let (hi, lo) = halves_mod_r(k);
    let c1 = mul_shr254(hi, lo, GLV_G1);
    let c2 = mul_shr254(hi, lo, GLV_G2);
    let k192: U192 = (lo, hi as u64);
    let k0 = sub192(sub192(k192, mul192(c1, GLV_A1)), mul192(c2, GLV_A2));
    let k1 = sub192(mul192(c1, GLV_B1_NEG), mul192(c2, GLV_B2));
    [signed192(k0), signed192(k1)]
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
        let y3 = e * d.sub_unreduced(&x3) - c8;
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
        let y3 = r * v.sub_unreduced(&x3) - (s1 * j).double();
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
        let y3 = r * v.sub_unreduced(&x3) - (self.y * j).double();
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
