//! Goldilocks Poseidon as the zkEVM state tree uses it (spec §4.1, zkevm-commonjs `src/poseidon.js`):
//! width 12, 8 full + 22 partial rounds, S-box x^7, circulant MDS with diagonal 8 on the first lane.

mod constants;
mod mds;

use constants::ROUND_CONSTANTS;

/// p = 2^64 - 2^32 + 1.
pub const GOLDILOCKS_P: u64 = 0xffff_ffff_0000_0001;
/// 2^64 mod p.
const EPSILON: u64 = 0xffff_ffff;
const MCIRC: [u64; 12] = [17, 15, 41, 16, 2, 28, 13, 13, 39, 18, 34, 20];
const FULL_ROUNDS: usize = 8;
const PARTIAL_ROUNDS: usize = 22;

/// A 128-bit value hi·2^64 + lo mod p (below 2^64, not necessarily below p).
#[inline(always)]
fn reduce(lo: u64, hi: u64) -> u64 {
    let hi_hi = hi >> 32;
    let hi_lo = hi & EPSILON;
    // lo - hi_hi (2^96 ≡ -1), borrowing through 2^64 ≡ EPSILON
    let (mut t0, borrow) = lo.overflowing_sub(hi_hi);
    if borrow {
        t0 = t0.wrapping_sub(EPSILON);
    }
    let t1 = hi_lo * EPSILON; // 2^64 ≡ 2^32 - 1
    let (mut r, carry) = t0.overflowing_add(t1);
    if carry {
        r = r.wrapping_add(EPSILON);
    }
    r
}

#[inline(always)]
fn canonical(x: u64) -> u64 {
    if x >= GOLDILOCKS_P {
        x - GOLDILOCKS_P
    } else {
        x
    }
}

#[inline(always)]
fn add(a: u64, b: u64) -> u64 {
    let (s, c) = a.overflowing_add(b);
    let (s, c2) = s.overflowing_add(if c { EPSILON } else { 0 });
    // a second wrap only happens for non-canonical inputs near 2^64; it leaves s < EPSILON, so one more step ends it
    if c2 {
        s + EPSILON
    } else {
        s
    }
}

/// a·b from four 32×32-bit products: WASM has no 64×64→128 multiply, and u128 arithmetic there calls compiler-rt
/// (measured: the u128 version hashed about 3x slower).
#[inline(always)]
fn mul(a: u64, b: u64) -> u64 {
    let (a0, a1) = (a & EPSILON, a >> 32);
    let (b0, b1) = (b & EPSILON, b >> 32);
    let (mid, mid_carry) = (a0 * b1).overflowing_add(a1 * b0);
    let (lo, c) = (a0 * b0).overflowing_add(mid << 32);
    let hi = a1 * b1 + (mid >> 32) + ((mid_carry as u64) << 32) + c as u64;
    reduce(lo, hi)
}

#[inline(always)]
fn pow7(x: u64) -> u64 {
    let x2 = mul(x, x);
    let x4 = mul(x2, x2);
    let x3 = mul(x, x2);
    mul(x3, x4)
}

/// The MDS layer: the circulant MCIRC plus 8 on the first diagonal entry. It runs on the lanes' 32-bit halves: a row's
/// entries sum to 264 < 2^9, so each half's product stays below 2^41 in a u64, and only the recombination needs a
/// reduction.
#[inline(always)]
fn mds(state: &mut [u64; 12]) {
    let mut lo = [0u64; 12];
    let mut hi = [0u64; 12];
    for j in 0..12 {
        lo[j] = state[j] & EPSILON;
        hi[j] = state[j] >> 32;
    }
    let mut l = mds::circulant(&lo);
    let mut h = mds::circulant(&hi);
    l[0] += 8 * lo[0];
    h[0] += 8 * hi[0];
    for i in 0..12 {
        // h·2^32 + l as (low, high) words
        let (low, c) = l[i].overflowing_add(h[i] << 32);
        state[i] = reduce(low, (h[i] >> 32) + c as u64);
    }
}

/// The permutation on a 12-lane state (lanes may be any u64; the output is canonical).
pub fn permute(state: &mut [u64; 12]) {
    for r in 0..FULL_ROUNDS + PARTIAL_ROUNDS {
        for (i, s) in state.iter_mut().enumerate() {
            *s = add(*s, ROUND_CONSTANTS[r * 12 + i]);
        }
        if !(FULL_ROUNDS / 2..FULL_ROUNDS / 2 + PARTIAL_ROUNDS).contains(&r) {
            for s in state.iter_mut() {
                *s = pow7(*s);
            }
        } else {
            state[0] = pow7(state[0]);
        }
        mds(state);
    }
    for s in state.iter_mut() {
        *s = canonical(*s);
    }
}

/// H(in[8], cap[4]) → state[0..4] after the permutation of in ‖ cap.
pub fn poseidon_goldilocks(input: &[u64; 8], cap: &[u64; 4]) -> [u64; 4] {
    let mut s = [0u64; 12];
    s[..8].copy_from_slice(input);
    s[8..].copy_from_slice(cap);
    permute(&mut s);
    [s[0], s[1], s[2], s[3]]
}

/// Many hashes: `states` holds n × 12 lanes (in ‖ cap), `out` receives n × 4.
pub fn poseidon_goldilocks_batch(states: &[u64], out: &mut [u64]) {
    for (st, o) in states.chunks_exact(12).zip(out.chunks_exact_mut(4)) {
        let mut s = [0u64; 12];
        s.copy_from_slice(st);
        permute(&mut s);
        o.copy_from_slice(&s[..4]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_v1_vectors() {
        let p1 = GOLDILOCKS_P - 1;
        assert_eq!(
            poseidon_goldilocks(&[0; 8], &[0; 4]),
            [4330397376401421145, 14124799381142128323, 8742572140681234676, 14345658006221440202]
        );
        assert_eq!(
            poseidon_goldilocks(&[1; 8], &[1; 4]),
            [16428316519797902711, 13351830238340666928, 682362844289978626, 12150588177266359240]
        );
        assert_eq!(
            poseidon_goldilocks(&[p1; 8], &[p1; 4]),
            [13691089994624172887, 15662102337790434313, 14940024623104903507, 10772674582659927682]
        );
        assert_eq!(
            poseidon_goldilocks(
                &[923978, 235763497586, 9827635653498, 112870, 289273673480943876, 230295874986745876, 6254867324987, 2087],
                &[0; 4]
            ),
            [1892171027578617759, 984732815927439256, 7866041765487844082, 8161503938059336191]
        );
    }

    #[test]
    fn hash_of_zeros_is_the_spec_all_zeroes_constant() {
        // HASH_POSEIDON_ALL_ZEROES = 0xc71603f33a1144ca7953db0ab48808f4c4055e3364a246c33c18a9786cb0b359 (h3‖h2‖h1‖h0)
        let h = poseidon_goldilocks(&[0; 8], &[0; 4]);
        assert_eq!(h, [0x3c18a9786cb0b359, 0xc4055e3364a246c3, 0x7953db0ab48808f4, 0xc71603f33a1144ca]);
    }

    #[test]
    fn field_multiplication_matches_u128_remainder() {
        let vals = [0u64, 1, 2, EPSILON, GOLDILOCKS_P - 1, GOLDILOCKS_P, u64::MAX, 0x1234_5678_9abc_def0, 1 << 63];
        for a in vals {
            for b in vals {
                let expect = ((a as u128 * b as u128) % GOLDILOCKS_P as u128) as u64;
                assert_eq!(canonical(mul(a, b)), expect, "{} * {}", a, b);
                let s = ((a as u128 + b as u128) % GOLDILOCKS_P as u128) as u64;
                assert_eq!(canonical(add(a, b)) % GOLDILOCKS_P, s, "{} + {}", a, b);
            }
        }
    }

    #[test]
    fn batch_matches_single_hashes() {
        let mut states = vec![0u64; 36];
        for (i, s) in states.iter_mut().enumerate() {
            *s = (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
        let mut out = vec![0u64; 12];
        poseidon_goldilocks_batch(&states, &mut out);
        for k in 0..3 {
            let st = &states[12 * k..12 * k + 12];
            let mut inp = [0u64; 8];
            inp.copy_from_slice(&st[..8]);
            let mut cap = [0u64; 4];
            cap.copy_from_slice(&st[8..]);
            assert_eq!(&out[4 * k..4 * k + 4], &poseidon_goldilocks(&inp, &cap));
        }
    }
}
