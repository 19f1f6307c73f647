//! The MDS layer's circulant product as a 12-point cyclic convolution, computed as a 3×4 two-dimensional one
//! (Good–Thomas: lane n ↔ (n mod 3, n mod 4)) with a 4-point DFT along the second axis. The DFT of a real sequence
//! of 4 needs only additions (its twiddles are ±1, ±i) and the kernel's DFT is precomputed, so one half-vector costs
//! 54 small multiplications and about 100 additions instead of 144 multiply-adds: the layer runs once per round and
//! was the larger part of a permutation.
//!
//! Inputs are 32-bit halves of the lanes; every intermediate stays below 2^48 in magnitude, so i64 holds it exactly.

use super::MCIRC;

/// Lane index of the 2D position (a, b): the n in 0..12 with n ≡ a (mod 3), n ≡ b (mod 4).
const fn lane(a: usize, b: usize) -> usize {
    let mut n = 0;
    while n % 3 != a || n % 4 != b {
        n += 1;
    }
    n
}

const fn lanes() -> [[usize; 4]; 3] {
    let mut t = [[0; 4]; 3];
    let mut a = 0;
    while a < 3 {
        let mut b = 0;
        while b < 4 {
            t[a][b] = lane(a, b);
            b += 1;
        }
        a += 1;
    }
    t
}
const LANE: [[usize; 4]; 3] = lanes();

/// The kernel's DFT along the second axis: for each a, (D0, D2, Re D1, Im D1), where new[i] = Σ_j d[(i − j) mod 12]·s[j]
/// and d[m] = MCIRC[(−m) mod 12] (row i of the matrix is MCIRC rotated right by i).
const fn kernel() -> [[i64; 4]; 3] {
    let mut k = [[0i64; 4]; 3];
    let mut a = 0;
    while a < 3 {
        let mut d = [0i64; 4];
        let mut b = 0;
        while b < 4 {
            d[b] = MCIRC[(12 - LANE[a][b]) % 12] as i64;
            b += 1;
        }
        k[a] = [d[0] + d[1] + d[2] + d[3], d[0] - d[1] + d[2] - d[3], d[0] - d[2], d[3] - d[1]];
        a += 1;
    }
    k
}
const KERNEL: [[i64; 4]; 3] = kernel();

/// out[i] = Σ_j MCIRC[(j − i) mod 12]·v[j] for v[j] < 2^32 (each out[i] < 2^41).
#[inline(always)]
pub(super) fn circulant(v: &[u64; 12]) -> [u64; 12] {
    // forward 4-point DFT (ω = −i) of each row a: X0 and X2 real, X1 = re + i·im, X3 its conjugate
    let mut x0 = [0i64; 3];
    let mut x2 = [0i64; 3];
    let mut xr = [0i64; 3];
    let mut xi = [0i64; 3];
    for a in 0..3 {
        let [p0, p1, p2, p3] = [v[LANE[a][0]] as i64, v[LANE[a][1]] as i64, v[LANE[a][2]] as i64, v[LANE[a][3]] as i64];
        let (s02, s13) = (p0 + p2, p1 + p3);
        x0[a] = s02 + s13;
        x2[a] = s02 - s13;
        xr[a] = p0 - p2;
        xi[a] = p3 - p1;
    }
    let mut out = [0u64; 12];
    for a in 0..3 {
        // 3-point cyclic convolution along the first axis, per frequency
        let (mut u0, mut u2, mut ur, mut ui) = (0i64, 0i64, 0i64, 0i64);
        for a2 in 0..3 {
            let k = &KERNEL[(a + 3 - a2) % 3];
            u0 += k[0] * x0[a2];
            u2 += k[1] * x2[a2];
            ur += k[2] * xr[a2] - k[3] * xi[a2];
            ui += k[2] * xi[a2] + k[3] * xr[a2];
        }
        // inverse DFT: u_b = (U0 + (−1)^b U2 + 2 Re(i^b U1)) / 4, exact
        let (e, o) = (u0 + u2, u0 - u2);
        out[LANE[a][0]] = ((e + 2 * ur) >> 2) as u64;
        out[LANE[a][1]] = ((o - 2 * ui) >> 2) as u64;
        out[LANE[a][2]] = ((e - 2 * ur) >> 2) as u64;
        out[LANE[a][3]] = ((o + 2 * ui) >> 2) as u64;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equals_the_matrix_product_on_edge_and_random_halves() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut cases: Vec<[u64; 12]> = vec![[0; 12], [0xffff_ffff; 12], [1; 12]];
        for i in 0..12 {
            let mut unit = [0u64; 12];
            unit[i] = 0xffff_ffff;
            cases.push(unit);
        }
        for _ in 0..2000 {
            let mut v = [0u64; 12];
            for x in v.iter_mut() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                *x = seed & 0xffff_ffff;
            }
            cases.push(v);
        }
        for v in cases {
            let mut expect = [0u64; 12];
            for (i, e) in expect.iter_mut().enumerate() {
                for (j, x) in v.iter().enumerate() {
                    *e += MCIRC[(j + 12 - i) % 12] * x;
                }
            }
            assert_eq!(circulant(&v), expect, "{:?}", v);
        }
    }
}
