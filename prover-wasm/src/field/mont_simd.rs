//! The Montgomery product split across WASM's two multipliers: the 81 limb products a_i·b_j on the vector unit
//! (`i64x2.extmul`, two per instruction), the reduction's 81 m·p products on the scalar one. The scalar 64-bit
//! multiplier is the bottleneck of `mont::mont_mul` (about one product per cycle); the vector side runs beside
//! it, so a product costs about 40 ns instead of 52 in V8.
//!
//! Built only for `wasm32` with `simd128`. Every other target (native tests included) multiplies with
//! `mont::mont_mul_columns`, and so does the `scalar-product` build, whose sums of products still come from here.
//! The result is bit-for-bit the same: same columns, same reduction, same final carry and subtraction.

use core::arch::wasm32::{
    u32x4, u32x4_splat, u64x2, u64x2_add, u64x2_extmul_high_u32x4, u64x2_extmul_low_u32x4, u64x2_extract_lane, u64x2_splat,
    v128,
};

use super::mont::{reduce_columns, LIMBS};

/// Where `opaque` sends a vector through memory. A global, not a local: LLVM 14's stack colouring merged the
/// volatile locals of different inlined products into one stack slot while both were live, and the dev
/// ceremony produced a wrong key (caught by the prove tests; `-no-stack-coloring` made it right). A WASM instance
/// runs on one thread (the prover's workers each have their own instance and memory), so one slot is enough.
static mut OPAQUE_SLOT: v128 = u64x2(0, 0);

/// Hides a vector's provenance from LLVM. Without it, LLVM 14 folds the splat or the constant zero lanes into
/// the extmul's operands and emits `i64x2.mul`, which V8 lowers to three multiplications and six shifts and
/// adds: slower than the scalar product this replaces. One store and one load, off the critical path.
#[inline(always)]
fn opaque(v: v128) -> v128 {
    // SAFETY: single-threaded instance (above); the slot is written and read back with nothing in between.
    unsafe {
        let slot = core::ptr::addr_of_mut!(OPAQUE_SLOT);
        core::ptr::write_volatile(slot, v);
        core::ptr::read_volatile(slot)
    }
}

/// Adds the 81 limb products a_i·b_j into the column pairs: even[k] holds columns (2k, 2k+1) of the rows a_i with
/// i even, odd[k] columns (2k+1, 2k+2) of the odd rows.
#[inline(always)]
fn add_products(a: &[u32; LIMBS], b: &[u32; LIMBS], even: &mut [v128; LIMBS], odd: &mut [v128; LIMBS]) {
    let b_lo = opaque(u32x4(b[0], b[1], b[2], b[3]));
    let b_mid = opaque(u32x4(b[4], b[5], b[6], b[7]));
    let b_hi = opaque(u32x4(b[8], 0, 0, 0));
    unroll!(i in [0, 1, 2, 3, 4, 5, 6, 7, 8] {
        let ai = opaque(u32x4_splat(a[i]));
        let k = i / 2;
        let rows = if i % 2 == 0 { &mut *even } else { &mut *odd };
        rows[k] = u64x2_add(rows[k], u64x2_extmul_low_u32x4(ai, b_lo));
        rows[k + 1] = u64x2_add(rows[k + 1], u64x2_extmul_high_u32x4(ai, b_lo));
        rows[k + 2] = u64x2_add(rows[k + 2], u64x2_extmul_low_u32x4(ai, b_mid));
        rows[k + 3] = u64x2_add(rows[k + 3], u64x2_extmul_high_u32x4(ai, b_mid));
        rows[k + 4] = u64x2_add(rows[k + 4], u64x2_extmul_low_u32x4(ai, b_hi));
    });
}

/// The 18 columns from the vector pairs.
#[inline(always)]
fn columns(even: &[v128; LIMBS], odd: &[v128; LIMBS]) -> [u64; 2 * LIMBS] {
    let mut t = [0u64; 2 * LIMBS];
    unroll!(k in [0, 1, 2, 3, 4, 5, 6, 7, 8] {
        t[2 * k] += u64x2_extract_lane::<0>(even[k]);
        t[2 * k + 1] += u64x2_extract_lane::<1>(even[k]) + u64x2_extract_lane::<0>(odd[k]);
        if 2 * k + 2 < 2 * LIMBS {
            t[2 * k + 2] += u64x2_extract_lane::<1>(odd[k]);
        }
    });
    t
}

/// a·b·2^-261 mod p under `mont::mont_mul`'s contract (normalised limbs, a·b < 2^261·p, result < p).
#[cfg(not(feature = "scalar-product"))]
#[inline(always)]
pub fn mont_mul(a: &[u32; LIMBS], b: &[u32; LIMBS], p: &[u32; LIMBS], inv58: u64) -> [u32; LIMBS] {
    // A column takes at most 9 products < 2^58 here and 9 more in the reduction: < 2^63, no carries needed.
    let zero = u64x2_splat(0);
    let (mut even, mut odd) = ([zero; LIMBS], [zero; LIMBS]);
    add_products(a, b, &mut even, &mut odd);
    reduce_columns(columns(&even, &odd), p, inv58)
}

/// (a·b + c·d)·2^-261 mod p under `mont::mont_sum_of_products`'s contract, both products in the same columns.
/// Out of line: inlined four times into the G2 pair additions (and beside the scalar products of the
/// `scalar-product` build), it made V8's code for them slower; a call made a single-thread G2 MSM 20–25% faster
/// in that build on a Zen 5 (2^15 points: 589 against 723 ms, 630 against 789 with the order swapped) and left
/// the vector build unchanged (within ±6%, either way with the order).
#[inline(never)]
pub fn mont_sum_of_products(a: &[u32; LIMBS], b: &[u32; LIMBS], c: &[u32; LIMBS], d: &[u32; LIMBS], p: &[u32; LIMBS], inv58: u64) -> [u32; LIMBS] {
    // 18 products < 2^58 per column, 9 more in the reduction: < 2^63.
    let zero = u64x2_splat(0);
    let (mut even, mut odd) = ([zero; LIMBS], [zero; LIMBS]);
    add_products(a, b, &mut even, &mut odd);
    add_products(c, d, &mut even, &mut odd);
    reduce_columns(columns(&even, &odd), p, inv58)
}
