//! Montgomery arithmetic over 8×32-bit limbs for 254-bit primes, generated per field by `mont_field!`.
//!
//! Why 8×32 with u64 products: WASM has a native 64-bit multiply but no 64×64→128 one (u128 products lower to
//! a libcall), so 32-bit limbs give the cheapest exact product. Both BN254 moduli have a top limb below 2^30,
//! which allows the "no-carry" CIOS variant (no extra carry word per outer iteration).

/// Defines a prime field type in Montgomery form (`value·2^256 mod m`), always fully reduced.
macro_rules! mont_field {
    ($name:ident, modulus = $m:expr, r = $r:expr, r2 = $r2:expr, inv = $inv:expr) => {
        /// Layout: exactly the 8 limbs, so a 4-aligned buffer of LE Montgomery elements can be viewed as `[Self]`.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
        #[repr(transparent)]
        pub struct $name(pub [u32; 8]);

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                let c = self.to_canonical_limbs();
                write!(f, concat!(stringify!($name), "(0x"))?;
                for l in c.iter().rev() {
                    write!(f, "{:08x}", l)?;
                }
                write!(f, ")")
            }
        }

        impl $name {
            /// The modulus, little-endian 32-bit limbs.
            pub const MODULUS: [u32; 8] = $m;
            /// 2^512 mod m, used to enter Montgomery form.
            pub const R2: [u32; 8] = $r2;
            /// -m^-1 mod 2^32.
            pub const INV: u32 = $inv;
            pub const ZERO: $name = $name([0; 8]);
            pub const ONE: $name = $name($r);

            #[inline(always)]
            pub fn is_zero(&self) -> bool {
                self.0 == [0u32; 8]
            }

            /// Montgomery product: a·b·2^-256 mod m (no-carry CIOS).
            #[inline(always)]
            pub fn mul(&self, b: &$name) -> $name {
                let a = &self.0;
                let b = &b.0;
                let p = &Self::MODULUS;
                let mut t = [0u32; 8];
                let mut i = 0;
                while i < 8 {
                    let bi = b[i] as u64;
                    let v = t[0] as u64 + a[0] as u64 * bi;
                    let mut ca = v >> 32;
                    let t0 = v as u32;
                    let m = t0.wrapping_mul(Self::INV) as u64;
                    let mut cc = (t0 as u64 + m * p[0] as u64) >> 32;
                    let mut j = 1;
                    while j < 8 {
                        let v = t[j] as u64 + a[j] as u64 * bi + ca;
                        ca = v >> 32;
                        let w = (v & 0xffff_ffff) + m * p[j] as u64 + cc;
                        cc = w >> 32;
                        t[j - 1] = w as u32;
                        j += 1;
                    }
                    t[7] = (ca + cc) as u32;
                    i += 1;
                }
                $name(Self::reduce_once(t))
            }

            #[inline(always)]
            pub fn square(&self) -> $name {
                self.mul(self)
            }

            #[inline(always)]
            fn geq_modulus(t: &[u32; 8]) -> bool {
                let mut i = 8;
                while i > 0 {
                    i -= 1;
                    if t[i] != Self::MODULUS[i] {
                        return t[i] > Self::MODULUS[i];
                    }
                }
                true
            }

            #[inline(always)]
            fn sub_modulus(t: &mut [u32; 8]) {
                let mut borrow = 0u64;
                for i in 0..8 {
                    let v = (t[i] as u64).wrapping_sub(Self::MODULUS[i] as u64).wrapping_sub(borrow);
                    t[i] = v as u32;
                    borrow = (v >> 63) & 1;
                }
            }

            #[inline(always)]
            fn reduce_once(mut t: [u32; 8]) -> [u32; 8] {
                if Self::geq_modulus(&t) {
                    Self::sub_modulus(&mut t);
                }
                t
            }

            #[inline(always)]
            pub fn add(&self, b: &$name) -> $name {
                let mut t = [0u32; 8];
                let mut carry = 0u64;
                for i in 0..8 {
                    let v = self.0[i] as u64 + b.0[i] as u64 + carry;
                    t[i] = v as u32;
                    carry = v >> 32;
                }
                // m < 2^255, so the sum never carries out of 256 bits.
                $name(Self::reduce_once(t))
            }

            #[inline(always)]
            pub fn sub(&self, b: &$name) -> $name {
                let mut t = [0u32; 8];
                let mut borrow = 0u64;
                for i in 0..8 {
                    let v = (self.0[i] as u64).wrapping_sub(b.0[i] as u64).wrapping_sub(borrow);
                    t[i] = v as u32;
                    borrow = (v >> 63) & 1;
                }
                if borrow != 0 {
                    let mut carry = 0u64;
                    for i in 0..8 {
                        let v = t[i] as u64 + Self::MODULUS[i] as u64 + carry;
                        t[i] = v as u32;
                        carry = v >> 32;
                    }
                }
                $name(t)
            }

            #[inline(always)]
            pub fn double(&self) -> $name {
                self.add(self)
            }

            #[inline(always)]
            pub fn neg(&self) -> $name {
                if self.is_zero() {
                    *self
                } else {
                    $name::ZERO.sub(self)
                }
            }

            /// self^e for an exponent given as little-endian 32-bit limbs.
            pub fn pow(&self, e: &[u32]) -> $name {
                let mut acc = Self::ONE;
                for limb in e.iter().rev() {
                    for bit in (0..32).rev() {
                        acc = acc.square();
                        if (limb >> bit) & 1 == 1 {
                            acc = acc.mul(self);
                        }
                    }
                }
                acc
            }

            /// Multiplicative inverse (Fermat); `None` for zero.
            pub fn inverse(&self) -> Option<$name> {
                if self.is_zero() {
                    return None;
                }
                let mut e = Self::MODULUS;
                e[0] -= 2; // the low limb of both BN254 moduli is odd and > 2: no borrow
                Some(self.pow(&e))
            }

            /// From canonical limbs; `None` when the value is not below the modulus.
            pub fn from_canonical_limbs(l: [u32; 8]) -> Option<$name> {
                if Self::geq_modulus(&l) {
                    return None;
                }
                Some($name(l).mul(&$name(Self::R2)))
            }

            /// Reduces any 256-bit value modulo m (used for hashing bytes or random values into the field).
            pub fn from_limbs_reduced(mut l: [u32; 8]) -> $name {
                while Self::geq_modulus(&l) {
                    Self::sub_modulus(&mut l);
                }
                $name(l).mul(&$name(Self::R2))
            }

            pub fn to_canonical_limbs(&self) -> [u32; 8] {
                let mut one = [0u32; 8];
                one[0] = 1;
                self.mul(&$name(one)).0
            }

            pub fn from_u64(v: u64) -> $name {
                let mut l = [0u32; 8];
                l[0] = v as u32;
                l[1] = (v >> 32) as u32;
                $name(l).mul(&$name(Self::R2))
            }

            /// Canonical little-endian bytes (circom `.wtns`/snarkjs canonical layout); `None` if ≥ m.
            pub fn from_le_bytes(b: &[u8]) -> Option<$name> {
                Self::from_canonical_limbs(crate::field::limbs_from_le(b))
            }

            pub fn to_le_bytes(&self) -> [u8; 32] {
                crate::field::limbs_to_le(&self.to_canonical_limbs())
            }

            /// Montgomery-form little-endian bytes, as snarkjs stores field elements in `.zkey`; `None` if ≥ m.
            pub fn from_mont_bytes(b: &[u8]) -> Option<$name> {
                let l = crate::field::limbs_from_le(b);
                if Self::geq_modulus(&l) {
                    return None;
                }
                Some($name(l))
            }

            pub fn to_mont_bytes(&self) -> [u8; 32] {
                crate::field::limbs_to_le(&self.0)
            }
        }

        impl core::ops::Add for $name {
            type Output = $name;
            #[inline(always)]
            fn add(self, b: $name) -> $name {
                $name::add(&self, &b)
            }
        }
        impl core::ops::Sub for $name {
            type Output = $name;
            #[inline(always)]
            fn sub(self, b: $name) -> $name {
                $name::sub(&self, &b)
            }
        }
        impl core::ops::Mul for $name {
            type Output = $name;
            #[inline(always)]
            fn mul(self, b: $name) -> $name {
                $name::mul(&self, &b)
            }
        }
        impl core::ops::Neg for $name {
            type Output = $name;
            #[inline(always)]
            fn neg(self) -> $name {
                $name::neg(&self)
            }
        }
        impl crate::field::Field for $name {
            const ZERO: Self = $name::ZERO;
            const ONE: Self = $name::ONE;
            #[inline(always)]
            fn is_zero(&self) -> bool {
                $name::is_zero(self)
            }
            #[inline(always)]
            fn square(&self) -> Self {
                $name::square(self)
            }
            #[inline(always)]
            fn double(&self) -> Self {
                $name::double(self)
            }
            fn inverse(&self) -> Option<Self> {
                $name::inverse(self)
            }
        }
    };
}

pub(crate) use mont_field;
