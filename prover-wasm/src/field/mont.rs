//! Montgomery arithmetic over 9×29-bit limbs (R = 2^261) for 254-bit primes, generated per field by `mont_field!`.
//!
//! Why 29-bit limbs in u64 accumulators (the ZPrize 2022 WASM layout): WASM has a 64×64→64 multiply but no
//! 128-bit product, so with 32-bit limbs every partial product needs its carry split off at once. With 29-bit
//! limbs a product is < 2^58 and a column can absorb 18 of them without overflow, so the Montgomery loop only
//! carries the lowest limb per round and propagates the rest once at the end. Squaring uses the symmetric
//! products (45 instead of 81) followed by a separate reduction.
//!
//! Elements stay fully reduced (< m) with normalised limbs, so equality and `is_zero` compare limbs. Byte I/O keeps
//! snarkjs's layout (LE, Montgomery with R = 2^256): converting is one Montgomery product at the boundary.

pub const LIMBS: usize = 9;
const BITS: u32 = 29;
const MASK: u64 = (1 << BITS) - 1;

/// Canonical 8×32-bit limbs → 9×29-bit limbs (the value must be below 2^261).
#[inline(always)]
pub const fn split29(l: &[u32; 8]) -> [u32; LIMBS] {
    let mut out = [0u32; LIMBS];
    let mut i = 0;
    while i < LIMBS {
        let bit = i * BITS as usize;
        let w = bit / 32;
        let sh = bit % 32;
        let lo = l[w] as u64;
        let hi = if w + 1 < 8 { l[w + 1] as u64 } else { 0 };
        out[i] = ((((hi << 32) | lo) >> sh) & MASK) as u32;
        i += 1;
    }
    out
}

/// 9×29-bit limbs (normalised, value < 2^256) → 8×32-bit limbs.
#[inline(always)]
pub const fn join29(l: &[u32; LIMBS]) -> [u32; 8] {
    let mut out = [0u32; 8];
    let mut acc: u64 = 0;
    let mut bits = 0u32;
    let mut i = 0;
    let mut o = 0;
    while i < LIMBS {
        acc |= (l[i] as u64) << bits;
        bits += BITS;
        while bits >= 32 && o < 8 {
            out[o] = acc as u32;
            acc >>= 32;
            bits -= 32;
            o += 1;
        }
        i += 1;
    }
    if o < 8 {
        out[o] = acc as u32;
    }
    out
}

/// Carries a vector of u64 columns into normalised 29-bit limbs (the value must fit 261 bits).
#[inline(always)]
#[allow(unused_assignments)] // the unrolled last limb's carry is dropped
const fn normalise(t: &[u64; LIMBS]) -> [u32; LIMBS] {
    let mut out = [0u32; LIMBS];
    let mut carry = 0u64;
    unroll!(i in [0, 1, 2, 3, 4, 5, 6, 7, 8] {
        let v = t[i] + carry;
        out[i] = (v & MASK) as u32;
        carry = v >> BITS;
    });
    out
}

/// x − p when x ≥ p, else x (x normalised, x < 2p).
#[inline(always)]
pub const fn reduce_once(x: [u32; LIMBS], p: &[u32; LIMBS]) -> [u32; LIMBS] {
    let mut d = [0u32; LIMBS];
    let mut borrow = 0u32;
    unroll!(i in [0, 1, 2, 3, 4, 5, 6, 7, 8] {
        let v = x[i].wrapping_sub(p[i]).wrapping_sub(borrow);
        d[i] = v & MASK as u32;
        borrow = v >> 31;
    });
    if borrow == 0 {
        d
    } else {
        x
    }
}

/// Montgomery product a·b·2^-261 mod p for normalised a, b with a·b < 2^261·p (so any a < 2^261, b < p, or both < 2p):
/// the result is < p. `inv58` = −p^-1 mod 2^58 (its low 29 bits serve here). Also the const-evaluated path for
/// the fields' constants.
#[inline(always)]
pub const fn mont_mul(a: &[u32; LIMBS], b: &[u32; LIMBS], p: &[u32; LIMBS], inv58: u64) -> [u32; LIMBS] {
    let inv = inv58 as u32;
    // t[j] collects at most 2 products per round over 9 rounds: < 18·2^58 < 2^63, no carries needed inside.
    let mut t = [0u64; LIMBS];
    unroll!(i in [0, 1, 2, 3, 4, 5, 6, 7, 8] {
        let ai = a[i] as u64;
        let x = t[0] + ai * b[0] as u64;
        let m = ((x as u32).wrapping_mul(inv) as u64) & MASK;
        let carry = (x + m * p[0] as u64) >> BITS;
        unroll!(j in [1, 2, 3, 4, 5, 6, 7, 8] {
            t[j - 1] = t[j] + ai * b[j] as u64 + m * p[j] as u64;
        });
        t[0] += carry;
        t[LIMBS - 1] = 0;
    });
    // The last round's shift left t[8] = 0, but its products already sit in t[7]: nothing is lost.
    reduce_once(normalise(&t), p)
}

/// `mont_mul` as 81 schoolbook products into columns and then `reduce_columns`, all on the scalar multiplier:
/// the product of native builds and of the WASM `scalar-product` build (the loader measures which WASM build
/// multiplies faster on the CPU it runs on: on a Zen 5 core this one, 28.6 ns against 33.3; on a
/// first-generation Zen the vector split, 62 ns against 78–108). Same contract and result as `mont_mul`.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128", not(feature = "scalar-product"))))]
#[inline(always)]
pub fn mont_mul_columns(a: &[u32; LIMBS], b: &[u32; LIMBS], p: &[u32; LIMBS], inv58: u64) -> [u32; LIMBS] {
    // 9 products < 2^58 per column, 9 more in the reduction: < 2^63.
    let mut t = [0u64; 2 * LIMBS];
    unroll!(i in [0, 1, 2, 3, 4, 5, 6, 7, 8] {
        unroll!(j in [0, 1, 2, 3, 4, 5, 6, 7, 8] {
            t[i + j] += a[i] as u64 * b[j] as u64;
        });
    });
    reduce_columns(t, p, inv58)
}

/// The Montgomery product used at run time: on wasm32 with simd128 the one that also uses the vector multiplier
/// (`mont_simd`), elsewhere (and in the `scalar-product` build) `mont_mul_columns`. Same contract and bit-for-bit
/// the same result; `mont_mul` stays the `const` one for the fields' constants.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128", not(feature = "scalar-product")))]
pub use super::mont_simd::mont_mul as runtime_mont_mul;
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128", not(feature = "scalar-product"))))]
pub use mont_mul_columns as runtime_mont_mul;

/// (a·b + c·d)·2^-261 mod p with one reduction instead of two, for normalised operands with a·b + c·d < 2^261·p
/// (any four below 2p): the result is < p. Schoolbook columns; on wasm32 with simd128 `mont_simd`'s.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
pub fn mont_sum_of_products(a: &[u32; LIMBS], b: &[u32; LIMBS], c: &[u32; LIMBS], d: &[u32; LIMBS], p: &[u32; LIMBS], inv58: u64) -> [u32; LIMBS] {
    // 18 products < 2^58 per column, 9 more in the reduction: < 2^63.
    let mut t = [0u64; 2 * LIMBS];
    unroll!(i in [0, 1, 2, 3, 4, 5, 6, 7, 8] {
        unroll!(j in [0, 1, 2, 3, 4, 5, 6, 7, 8] {
            t[i + j] += a[i] as u64 * b[j] as u64 + c[i] as u64 * d[j] as u64;
        });
    });
    reduce_columns(t, p, inv58)
}
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub use super::mont_simd::mont_sum_of_products;

/// The Montgomery square used at run time: in the vector build the vector product of a by itself, elsewhere
/// `mont_square`. The symmetric square saves 36 of the 81 limb products, but in the vector build those run on the
/// vector unit beside the reduction, so the saving is worth less than moving the other 45 off the scalar
/// multiplier (on a Zen 3 core: 45.8 ns against 47.1 for `mont_square`; a product of two elements, 42.3).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128", not(feature = "scalar-product")))]
#[inline(always)]
pub fn runtime_mont_square(a: &[u32; LIMBS], p: &[u32; LIMBS], inv58: u64) -> [u32; LIMBS] {
    super::mont_simd::mont_mul(a, a, p, inv58)
}
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128", not(feature = "scalar-product"))))]
pub use mont_square as runtime_mont_square;

/// Montgomery square a²·2^-261 mod p (a < p): symmetric products, then word-by-word reduction.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128", not(feature = "scalar-product"))))]
#[inline(always)]
pub fn mont_square(a: &[u32; LIMBS], p: &[u32; LIMBS], inv58: u64) -> [u32; LIMBS] {
    // Column k gets ≤ 1 square + 4 doubled products (< 9·2^58) and then ≤ 9 reduction products: < 2^63.
    let mut t = [0u64; 2 * LIMBS];
    unroll!(i in [0, 1, 2, 3, 4, 5, 6, 7, 8] {
        let ai = a[i] as u64;
        let a2 = ai << 1;
        t[2 * i] += ai * ai;
        unroll!(j in [1, 2, 3, 4, 5, 6, 7, 8] {
            if j > i {
                t[i + j] += a2 * a[j] as u64;
            }
        });
    });
    reduce_columns(t, p, inv58)
}

/// −p^-1 mod 2^58 for p in normalised limbs (Newton's iteration doubles the correct low bits: 3, 6, …, 96).
pub const fn neg_inv58(p: &[u32; LIMBS]) -> u64 {
    let low = p[0] as u64 | (p[1] as u64) << BITS;
    let mut x = low;
    let mut i = 0;
    while i < 5 {
        x = x.wrapping_mul(2u64.wrapping_sub(low.wrapping_mul(x)));
        i += 1;
    }
    x.wrapping_neg() & MASK58
}

const MASK58: u64 = (1 << (2 * BITS)) - 1;

/// Montgomery reduction of 18 product columns T, each with room left for 9 more products below 2^58:
/// T·2^-261 mod p, fully reduced when T < 2^261·p. `inv58` = −p^-1 mod 2^58.
///
/// Why it is shaped so: one quotient of two limbs from a 64-bit product replaces two dependent 29-bit ones (the
/// same digits: m = m₀ + 2^29·m₁ is the unique pair that clears both columns), and the final normalisation runs
/// beside the subtraction of p instead of before it: fewer instructions and a shorter serial chain (a product
/// went from 40.0 to 33.5 ns in V8 on a Zen 5 core). Interleaving two independent reductions gained nothing
/// there: the product is bound by its instruction count, not by this chain.
#[inline(always)]
#[allow(unused_assignments)] // the unrolled last limb's carry is dropped
pub(super) fn reduce_columns(mut t: [u64; 2 * LIMBS], p: &[u32; LIMBS], inv58: u64) -> [u32; LIMBS] {
    unroll!(k in [0, 1, 2, 3] {
        let i = 2 * k;
        let m = t[i].wrapping_add(t[i + 1] << BITS).wrapping_mul(inv58) & MASK58;
        let (m0, m1) = (m & MASK, m >> BITS);
        let c0 = (t[i] + m0 * p[0] as u64) >> BITS;
        let c1 = (t[i + 1] + m0 * p[1] as u64 + m1 * p[0] as u64 + c0) >> BITS;
        unroll!(j in [2, 3, 4, 5, 6, 7, 8] {
            t[i + j] += m0 * p[j] as u64 + m1 * p[j - 1] as u64;
        });
        t[i + LIMBS] += m1 * p[LIMBS - 1] as u64;
        t[i + 2] += c1;
    });
    let m = ((t[8] as u32).wrapping_mul(inv58 as u32) as u64) & MASK;
    let c = (t[8] + m * p[0] as u64) >> BITS;
    unroll!(j in [1, 2, 3, 4, 5, 6, 7, 8] {
        t[8 + j] += m * p[j] as u64;
    });
    t[9] += c;
    // V = Σ t[9 + i]·2^(29i) < 2p: V and V − p carried side by side, V − p kept when it is not negative.
    let mut v = [0u32; LIMBS];
    let mut d = [0u32; LIMBS];
    let (mut carry, mut borrow) = (0u64, 0i64);
    unroll!(i in [0, 1, 2, 3, 4, 5, 6, 7, 8] {
        let x = t[LIMBS + i] + carry;
        v[i] = (x & MASK) as u32;
        carry = x >> BITS;
        let y = t[LIMBS + i] as i64 - p[i] as i64 + borrow;
        d[i] = (y & MASK as i64) as u32;
        borrow = y >> BITS;
    });
    if borrow < 0 {
        v
    } else {
        d
    }
}

/// x⁻¹ mod m for 0 < x < m and m odd (m < 2^255), both as 4 little-endian 64-bit words: the binary extended
/// Euclidean algorithm, 10 µs in V8 on a Zen 3 core where Fermat's x^(m−2) (some 380 Montgomery products) took
/// 18. It runs in time that depends on x; what it inverts is public or already handled in variable time (MSM
/// buckets, whose memory access follows the scalars).
pub fn binary_inverse(x: [u64; 4], m: &[u64; 4]) -> [u64; 4] {
    // Invariants: b·x ≡ u and c·x ≡ v (mod m), with u, v > 0 and b, c < m.
    let (mut u, mut v) = (x, *m);
    let (mut b, mut c) = ([1u64, 0, 0, 0], [0u64; 4]);
    loop {
        strip_twos(&mut u, &mut b, m);
        strip_twos(&mut v, &mut c, m);
        if u == [1, 0, 0, 0] {
            return b;
        }
        if v == [1, 0, 0, 0] {
            return c;
        }
        // Both odd: the larger takes the smaller away and becomes even.
        if !less(&u, &v) {
            sub_words(&mut u, &v);
            sub_mod(&mut b, &c, m);
        } else {
            sub_words(&mut v, &u);
            sub_mod(&mut c, &b, m);
        }
    }
}

/// Divides u > 0 by its largest power of two 2^k in one shift per word, and its cofactor b by 2^k mod m one bit
/// at a time without branches (adding m when b is odd makes it even; the sum fits since m < 2^255).
#[inline(always)]
fn strip_twos(u: &mut [u64; 4], b: &mut [u64; 4], m: &[u64; 4]) {
    loop {
        let k = u[0].trailing_zeros();
        if k == 0 {
            return;
        }
        let k = k.min(63);
        shift_right(u, k);
        for _ in 0..k {
            let odd = (b[0] & 1).wrapping_neg();
            add_words(b, &[m[0] & odd, m[1] & odd, m[2] & odd, m[3] & odd]);
            shift_right(b, 1);
        }
    }
}

/// a >>= k for 1 ≤ k ≤ 63.
#[inline(always)]
fn shift_right(a: &mut [u64; 4], k: u32) {
    a[0] = (a[0] >> k) | (a[1] << (64 - k));
    a[1] = (a[1] >> k) | (a[2] << (64 - k));
    a[2] = (a[2] >> k) | (a[3] << (64 - k));
    a[3] >>= k;
}

#[inline(always)]
fn less(a: &[u64; 4], b: &[u64; 4]) -> bool {
    for i in (0..4).rev() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
    }
    false
}

/// a += b (the callers' sums fit in 256 bits).
#[inline(always)]
fn add_words(a: &mut [u64; 4], b: &[u64; 4]) {
    let mut carry = false;
    for i in 0..4 {
        let (s1, o1) = a[i].overflowing_add(b[i]);
        let (s2, o2) = s1.overflowing_add(carry as u64);
        a[i] = s2;
        carry = o1 | o2;
    }
}

/// a −= b, returning the borrow.
#[inline(always)]
fn sub_words(a: &mut [u64; 4], b: &[u64; 4]) -> bool {
    let mut borrow = false;
    for i in 0..4 {
        let (d1, o1) = a[i].overflowing_sub(b[i]);
        let (d2, o2) = d1.overflowing_sub(borrow as u64);
        a[i] = d2;
        borrow = o1 | o2;
    }
    borrow
}

/// a = a − b mod m for a, b < m.
#[inline(always)]
fn sub_mod(a: &mut [u64; 4], b: &[u64; 4], m: &[u64; 4]) {
    if sub_words(a, b) {
        add_words(a, m);
    }
}

/// 8 32-bit words → 4 64-bit words, little-endian.
pub const fn words64(l: &[u32; 8]) -> [u64; 4] {
    [
        l[0] as u64 | (l[1] as u64) << 32,
        l[2] as u64 | (l[3] as u64) << 32,
        l[4] as u64 | (l[5] as u64) << 32,
        l[6] as u64 | (l[7] as u64) << 32,
    ]
}

/// 4 64-bit words → 8 32-bit words, little-endian.
pub const fn words32(w: &[u64; 4]) -> [u32; 8] {
    [w[0] as u32, (w[0] >> 32) as u32, w[1] as u32, (w[1] >> 32) as u32, w[2] as u32, (w[2] >> 32) as u32, w[3] as u32, (w[3] >> 32) as u32]
}

/// 2^k mod p as normalised limbs, by doubling (const-evaluated for the conversion constants).
pub const fn pow2_mod(k: u32, p: &[u32; LIMBS]) -> [u32; LIMBS] {
    let mut x = [0u32; LIMBS];
    x[0] = 1;
    let mut i = 0;
    while i < k {
        let mut d = [0u32; LIMBS];
        let mut carry = 0u32;
        let mut j = 0;
        while j < LIMBS {
            let v = (x[j] << 1) + carry;
            d[j] = v & MASK as u32;
            carry = v >> BITS;
            j += 1;
        }
        x = reduce_once(d, p);
        i += 1;
    }
    x
}

/// Defines a prime field type in Montgomery form (`value·2^261 mod m`, 9×29-bit limbs), always fully reduced.
/// `r` is 2^256 mod m (snarkjs's Montgomery one) and `r2` 2^512 mod m, as 32-bit limbs.
macro_rules! mont_field {
    ($name:ident, modulus = $m:expr, r = $r:expr, r2 = $r2:expr) => {
        #[derive(Clone, Copy, Eq, Default)]
        pub struct $name(pub [u32; crate::field::mont::LIMBS]);

        /// The limbs, as `eq` compares them.
        impl core::hash::Hash for $name {
            fn hash<H: core::hash::Hasher>(&self, h: &mut H) {
                self.0.hash(h);
            }
        }

        /// Limbs are normalised and reduced, so equal values have equal limbs; compared without a `bcmp` call.
        impl PartialEq for $name {
            #[inline(always)]
            fn eq(&self, o: &$name) -> bool {
                let mut d = 0u32;
                for i in 0..crate::field::mont::LIMBS {
                    d |= self.0[i] ^ o.0[i];
                }
                d == 0
            }
        }

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
            /// 2^256 mod m (snarkjs's Montgomery radix), 32-bit limbs.
            pub const R256: [u32; 8] = $r;
            /// 2^512 mod m, 32-bit limbs.
            pub const R2_256: [u32; 8] = $r2;
            const P: [u32; crate::field::mont::LIMBS] = crate::field::mont::split29(&$m);
            /// -m^-1 mod 2^58.
            pub const INV58: u64 = crate::field::mont::neg_inv58(&Self::P);
            /// 2^522 mod m: a Montgomery product with it enters Montgomery form.
            const TO_MONT: [u32; crate::field::mont::LIMBS] = crate::field::mont::pow2_mod(522, &Self::P);
            /// 2^783 mod m: turns the plain inverse of a Montgomery value into the Montgomery inverse (`inverse`).
            const INVERSE_FIX: [u32; crate::field::mont::LIMBS] = crate::field::mont::pow2_mod(783, &Self::P);
            /// 2^266 mod m: snarkjs Montgomery (·2^256) → ours (·2^261).
            const FROM_SNARKJS: [u32; crate::field::mont::LIMBS] = crate::field::mont::pow2_mod(266, &Self::P);
            /// 2^256 mod m: ours → snarkjs Montgomery.
            const TO_SNARKJS: [u32; crate::field::mont::LIMBS] = crate::field::mont::split29(&$r);
            pub const ZERO: $name = $name([0; crate::field::mont::LIMBS]);
            pub const ONE: $name = $name(crate::field::mont::pow2_mod(261, &Self::P));

            /// From snarkjs-Montgomery 32-bit limbs (value·2^256 mod m, below m), usable in constants.
            pub const fn from_mont256(l: [u32; 8]) -> $name {
                $name(crate::field::mont::mont_mul(&crate::field::mont::split29(&l), &Self::FROM_SNARKJS, &Self::P, Self::INV58))
            }

            /// snarkjs-Montgomery 32-bit limbs (value·2^256 mod m).
            #[inline(always)]
            pub fn to_mont256(&self) -> [u32; 8] {
                crate::field::mont::join29(&crate::field::mont::runtime_mont_mul(&self.0, &Self::TO_SNARKJS, &Self::P, Self::INV58))
            }

            #[inline(always)]
            pub fn is_zero(&self) -> bool {
                let mut d = 0u32;
                for i in 0..crate::field::mont::LIMBS {
                    d |= self.0[i];
                }
                d == 0
            }

            /// Montgomery product a·b·2^-261 mod m.
            #[inline(always)]
            pub fn mul(&self, b: &$name) -> $name {
                $name(crate::field::mont::runtime_mont_mul(&self.0, &b.0, &Self::P, Self::INV58))
            }

            #[inline(always)]
            pub fn square(&self) -> $name {
                $name(crate::field::mont::runtime_mont_square(&self.0, &Self::P, Self::INV58))
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
            pub fn add(&self, b: &$name) -> $name {
                let mut t = [0u32; crate::field::mont::LIMBS];
                let mut carry = 0u32;
                for i in 0..crate::field::mont::LIMBS {
                    let v = self.0[i] + b.0[i] + carry;
                    t[i] = v & ((1 << 29) - 1);
                    carry = v >> 29;
                }
                // m < 2^254, so the sum fits the 261 bits of the limbs.
                $name(crate::field::mont::reduce_once(t, &Self::P))
            }

            /// Adds m back under a mask instead of a branch: the borrow is a coin flip on MSM data, and a
            /// mispredicted branch costs more than the nine masked additions.
            #[inline(always)]
            pub fn sub(&self, b: &$name) -> $name {
                let mut t = [0u32; crate::field::mont::LIMBS];
                let mut borrow = 0u32;
                for i in 0..crate::field::mont::LIMBS {
                    let v = self.0[i].wrapping_sub(b.0[i]).wrapping_sub(borrow);
                    t[i] = v & ((1 << 29) - 1);
                    borrow = v >> 31;
                }
                let mask = 0u32.wrapping_sub(borrow);
                let mut carry = 0u32;
                for i in 0..crate::field::mont::LIMBS {
                    let v = t[i] + (Self::P[i] & mask) + carry;
                    t[i] = v & ((1 << 29) - 1);
                    carry = v >> 29;
                }
                $name(t)
            }

            /// self + b without the final reduction: below 2m, valid only as a Montgomery-product operand
            /// (`mul` takes operands with a·b < 2^261·m, and (2m)² is), never stored or compared.
            #[inline(always)]
            pub fn add_unreduced(&self, b: &$name) -> $name {
                let mut t = [0u32; crate::field::mont::LIMBS];
                let mut carry = 0u32;
                for i in 0..crate::field::mont::LIMBS {
                    let v = self.0[i] + b.0[i] + carry;
                    t[i] = v & ((1 << 29) - 1);
                    carry = v >> 29;
                }
                $name(t)
            }

            /// a·b + c·d with one Montgomery reduction; each operand below 2m (unreduced sums and differences
            /// are fine), the result reduced.
            #[inline(always)]
            pub fn sum_of_products(a: &$name, b: &$name, c: &$name, d: &$name) -> $name {
                $name(crate::field::mont::mont_sum_of_products(&a.0, &b.0, &c.0, &d.0, &Self::P, Self::INV58))
            }

            /// 2m − self, in (0, 2m] for self below 2m: a negation that only feeds a product. It is m − self + m,
            /// `sub_unreduced` from the modulus's own limbs.
            #[inline(always)]
            pub fn neg_unreduced(&self) -> $name {
                $name(Self::P).sub_unreduced(self)
            }

            /// self − b + m, in (0, 2m): like `add_unreduced`, only a Montgomery-product operand.
            #[inline(always)]
            pub fn sub_unreduced(&self, b: &$name) -> $name {
                let mut t = [0u32; crate::field::mont::LIMBS];
                let mut carry = 0u32;
                for i in 0..crate::field::mont::LIMBS {
                    // The limb's value plus 2^29 is never negative (carries are ≥ −1); the 2^29 added here comes
                    // back out of the carry, which is signed (−1 wraps). The sum is below 2m, so nothing is lost.
                    let v = (self.0[i] + Self::P[i] + (1 << 29) - b.0[i]).wrapping_add(carry);
                    t[i] = v & ((1 << 29) - 1);
                    carry = (v >> 29).wrapping_sub(1);
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

            /// Multiplicative inverse; `None` for zero. The limbs hold X = x·2^261 mod m; the binary algorithm gives
            /// X⁻¹ = x⁻¹·2^-261 as an integer, and one Montgomery product by 2^783 makes it x⁻¹·2^261.
            pub fn inverse(&self) -> Option<$name> {
                if self.is_zero() {
                    return None;
                }
                let x = crate::field::mont::words64(&crate::field::mont::join29(&self.0));
                let inv = crate::field::mont::binary_inverse(x, &crate::field::mont::words64(&Self::MODULUS));
                let limbs = crate::field::mont::split29(&crate::field::mont::words32(&inv));
                Some($name(crate::field::mont::runtime_mont_mul(&limbs, &Self::INVERSE_FIX, &Self::P, Self::INV58)))
            }

            /// From canonical limbs; `None` when the value is not below the modulus.
            pub fn from_canonical_limbs(l: [u32; 8]) -> Option<$name> {
                if Self::geq_modulus(&l) {
                    return None;
                }
                Some(Self::enter(&l))
            }

            #[inline(always)]
            fn enter(l: &[u32; 8]) -> $name {
                $name(crate::field::mont::runtime_mont_mul(&crate::field::mont::split29(l), &Self::TO_MONT, &Self::P, Self::INV58))
            }

            /// Reduces any 256-bit value modulo m (used for hashing bytes or random values into the field).
            pub fn from_limbs_reduced(mut l: [u32; 8]) -> $name {
                while Self::geq_modulus(&l) {
                    Self::sub_modulus(&mut l);
                }
                Self::enter(&l)
            }

            pub fn to_canonical_limbs(&self) -> [u32; 8] {
                let mut one = [0u32; crate::field::mont::LIMBS];
                one[0] = 1;
                crate::field::mont::join29(&crate::field::mont::runtime_mont_mul(&self.0, &one, &Self::P, Self::INV58))
            }

            pub fn from_u64(v: u64) -> $name {
                let mut l = [0u32; 8];
                l[0] = v as u32;
                l[1] = (v >> 32) as u32;
                Self::enter(&l)
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
                Some(Self::from_mont256(l))
            }

            /// As `from_mont_bytes` without the range check (bases validated before). Any 256-bit input gives a
            /// reduced element (of the input's value mod m), never an invalid one.
            #[inline(always)]
            pub fn from_mont_bytes_unchecked(b: &[u8]) -> $name {
                Self::from_mont256(crate::field::limbs_from_le(b))
            }

            pub fn to_mont_bytes(&self) -> [u8; 32] {
                crate::field::limbs_to_le(&self.to_mont256())
            }

            /// snarkjs's Montgomery bytes taken as our limbs without the product that converts them (x·2^256 read
            /// as x·2^-5): only for a linear map whose output goes back through `to_unconverted_mont_bytes`, so
            /// that the two scalings cancel and 2n products are saved (`g16_odd_coset`). None at or above m.
            pub fn from_unconverted_mont_bytes(b: &[u8]) -> Option<$name> {
                let l = crate::field::limbs_from_le(b);
                if Self::geq_modulus(&l) {
                    return None;
                }
                Some($name(crate::field::mont::split29(&l)))
            }

            /// The inverse of `from_unconverted_mont_bytes`.
            pub fn to_unconverted_mont_bytes(&self) -> [u8; 32] {
                crate::field::limbs_to_le(&crate::field::mont::join29(&self.0))
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
            #[inline(always)]
            fn add_unreduced(&self, b: &Self) -> Self {
                $name::add_unreduced(self, b)
            }
            #[inline(always)]
            fn sub_unreduced(&self, b: &Self) -> Self {
                $name::sub_unreduced(self, b)
            }
        }
    };
}

pub(crate) use mont_field;
