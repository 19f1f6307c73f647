//! Radix-2 NTT over Fr, in place, natural order in and out, with snarkjs's roots of unity (`Fr.w[k]`) so that
//! forward/inverse/coset transforms agree with ffjavascript's `fft`/`ifft` and snarkjs's Groth16 H computation.

use crate::field::Fr;

/// Why a transform was refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NttError {
    /// The length is not a power of two, or exceeds 2^28 (Fr's two-adicity).
    BadLength(usize),
}

fn log2_exact(n: usize) -> Result<u32, NttError> {
    if n == 0 || !n.is_power_of_two() || n.trailing_zeros() > Fr::TWO_ADICITY {
        return Err(NttError::BadLength(n));
    }
    Ok(n.trailing_zeros())
}

fn bit_reverse(a: &mut [Fr]) {
    let n = a.len();
    let log = n.trailing_zeros();
    if log == 0 {
        return;
    }
    for i in 0..n {
        let j = i.reverse_bits() >> (usize::BITS - log);
        if i < j {
            a.swap(i, j);
        }
    }
}

/// Powers 1, g, g^2, ..., g^(n-1).
pub fn powers(g: &Fr, n: usize) -> Vec<Fr> {
    let mut v = Vec::with_capacity(n);
    let mut x = Fr::ONE;
    for _ in 0..n {
        v.push(x);
        x = x * *g;
    }
    v
}

/// A_k = Σ_j a_j ω^{jk} for a primitive n-th root ω (n = a.len(), a power of two).
pub fn ntt_with_root(a: &mut [Fr], omega: &Fr) {
    let n = a.len();
    if n <= 1 {
        return;
    }
    bit_reverse(a);
    let tw = powers(omega, n / 2);
    let mut m = 1;
    while m < n {
        let stride = n / (2 * m);
        let mut k = 0;
        while k < n {
            // the first butterfly of every block has twiddle 1
            let (lo, hi) = a[k..k + 2 * m].split_at_mut(m);
            let t = hi[0];
            hi[0] = lo[0] - t;
            lo[0] = lo[0] + t;
            for j in 1..m {
                let t = hi[j] * tw[j * stride];
                hi[j] = lo[j] - t;
                lo[j] = lo[j] + t;
            }
            k += 2 * m;
        }
        m *= 2;
    }
}

/// Forward transform (evaluations at ω^k, ω = snarkjs's `Fr.w[log n]`).
pub fn fft(a: &mut [Fr]) -> Result<(), NttError> {
    let log = log2_exact(a.len())?;
    let w = Fr::root_of_unity(log).ok_or(NttError::BadLength(a.len()))?;
    ntt_with_root(a, &w);
    Ok(())
}

/// Inverse transform: coefficients from evaluations.
pub fn ifft(a: &mut [Fr]) -> Result<(), NttError> {
    let log = log2_exact(a.len())?;
    let w = Fr::root_of_unity(log).ok_or(NttError::BadLength(a.len()))?;
    let winv = w.inverse().ok_or(NttError::BadLength(a.len()))?;
    ntt_with_root(a, &winv);
    let ninv = Fr::from_u64(a.len() as u64).inverse().ok_or(NttError::BadLength(a.len()))?;
    for x in a.iter_mut() {
        *x = *x * ninv;
    }
    Ok(())
}

/// a_i ← a_i · g^i.
pub fn distribute_powers(a: &mut [Fr], g: &Fr) {
    let mut x = Fr::ONE;
    for v in a.iter_mut() {
        *v = *v * x;
        x = x * *g;
    }
}

/// Evaluations of the polynomial with coefficients `a` at shift·ω^k (snarkjs: `batchApplyKey(a, 1, shift)` then `fft`).
pub fn coset_fft(a: &mut [Fr], shift: &Fr) -> Result<(), NttError> {
    log2_exact(a.len())?;
    distribute_powers(a, shift);
    fft(a)
}

/// Coefficients from evaluations at shift·ω^k: the inverse of `coset_fft`.
pub fn coset_ifft(a: &mut [Fr], shift: &Fr) -> Result<(), NttError> {
    ifft(a)?;
    let sinv = shift.inverse().ok_or(NttError::BadLength(a.len()))?;
    distribute_powers(a, &sinv);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::Rng;

    fn naive_dft(a: &[Fr], w: &Fr) -> Vec<Fr> {
        let n = a.len();
        (0..n)
            .map(|k| {
                let wk = w.pow(&[k as u32]);
                let mut x = Fr::ONE;
                let mut s = Fr::ZERO;
                for aj in a {
                    s = s + *aj * x;
                    x = x * wk;
                }
                s
            })
            .collect()
    }

    #[test]
    fn fft_matches_naive_dft_for_small_sizes() {
        let mut rng = Rng::new(1);
        for log in 0..=7u32 {
            let a: Vec<Fr> = (0..1usize << log).map(|_| rng.fr()).collect();
            let mut b = a.clone();
            fft(&mut b).unwrap();
            assert_eq!(b, naive_dft(&a, &Fr::root_of_unity(log).unwrap()), "log {}", log);
        }
    }

    #[test]
    fn ifft_inverts_fft_and_coset_ifft_inverts_coset_fft() {
        let mut rng = Rng::new(2);
        for log in [1u32, 4, 10, 14] {
            let a: Vec<Fr> = (0..1usize << log).map(|_| rng.fr()).collect();
            let mut b = a.clone();
            fft(&mut b).unwrap();
            ifft(&mut b).unwrap();
            assert_eq!(a, b);
            let shift = Fr::snarkjs_coset_shift(log).unwrap();
            coset_fft(&mut b, &shift).unwrap();
            assert_ne!(a, b);
            coset_ifft(&mut b, &shift).unwrap();
            assert_eq!(a, b);
        }
    }

    #[test]
    fn coset_fft_evaluates_the_polynomial_at_shifted_points() {
        let mut rng = Rng::new(3);
        let a: Vec<Fr> = (0..16).map(|_| rng.fr()).collect();
        let shift = Fr::snarkjs_coset_shift(4).unwrap();
        let mut b = a.clone();
        coset_fft(&mut b, &shift).unwrap();
        let w = Fr::root_of_unity(4).unwrap();
        for (k, bk) in b.iter().enumerate() {
            let x = shift * w.pow(&[k as u32]);
            let eval = a.iter().rev().fold(Fr::ZERO, |acc, c| acc * x + *c);
            assert_eq!(*bk, eval);
        }
    }

    #[test]
    fn bad_lengths_are_refused() {
        let mut v = vec![Fr::ONE; 12];
        assert_eq!(fft(&mut v), Err(NttError::BadLength(12)));
        assert_eq!(ifft(&mut v[..0]), Err(NttError::BadLength(0)));
    }
}
