//! Roots of unity of Fr as snarkjs/ffjavascript choose them: w_28 = 5^t (t = (r-1)/2^28), w_k = w_28^(2^(28-k)).
use crate::field::Fr;

/// 5^((r-1)/2^28), standard form, little-endian limbs.
const W28: [u32; 8] = [0x725b19f0, 0x9bd61b6e, 0x41112ed4, 0x402d111e, 0x8ef62abc, 0x00e0a7eb, 0xa58a7e85, 0x2a3c09f0];

/// A primitive 2^k-th root of unity (k ≤ 28), the same element snarkjs uses.
pub fn root_of_unity(k: u32) -> Fr {
    assert!(k <= 28, "Fr has no 2^{}-th root of unity", k);
    let mut w = Fr::from_canonical_limbs(W28).expect("w28 below r");
    for _ in k..28 {
        w = w.square();
    }
    w
}

/// w^0..w^(n-1).
pub fn powers(w: Fr, n: usize) -> Vec<Fr> {
    let mut v = Vec::with_capacity(n);
    let mut acc = Fr::ONE;
    for _ in 0..n {
        v.push(acc);
        acc = acc.mul(&w);
    }
    v
}
