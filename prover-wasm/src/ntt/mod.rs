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
    dit_from_bit_reversed(a, &powers(omega, n / 2));
}

/// The transform with twiddles `tw` = ω^0..ω^(n/2−1) of input in bit-reversed order: output in natural order
/// (Cooley–Tukey, decimation in time).
fn dit_from_bit_reversed(a: &mut [Fr], tw: &[Fr]) {
    let n = a.len();
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

/// The transform with twiddles `tw` = ω^0..ω^(n/2−1) of input in natural order: output in bit-reversed order
/// (Gentleman–Sande, decimation in frequency). Followed by `dit_from_bit_reversed` with the inverse root, no
/// bit-reversal pass is needed between or around the two.
fn dif_to_bit_reversed(a: &mut [Fr], tw: &[Fr]) {
    let n = a.len();
    let mut m = n / 2;
    while m >= 1 {
        let stride = n / (2 * m);
        let mut k = 0;
        while k < n {
            let (lo, hi) = a[k..k + 2 * m].split_at_mut(m);
            let (u, v) = (lo[0], hi[0]);
            lo[0] = u + v;
            hi[0] = u - v;
            for j in 1..m {
                let (u, v) = (lo[j], hi[j]);
                lo[j] = u + v;
                hi[j] = u.sub_unreduced(&v) * tw[j * stride];
            }
            k += 2 * m;
        }
        m /= 2;
    }
}

/// What `to_odd_coset` needs for one domain size, kept by the worker between calls (every proof with a zkey
/// transforms the same domain three times): the inverse and forward twiddles, and n⁻¹·shift^i in bit-reversed
/// order, the inverse transform's 1/n and the coset's powers in one product per element.
struct OddCosetPlan {
    log: u32,
    inverse_twiddles: Vec<Fr>,
    twiddles: Vec<Fr>,
    scale_bit_reversed: Vec<Fr>,
}

impl OddCosetPlan {
    fn new(log: u32) -> Result<OddCosetPlan, NttError> {
        let n = 1usize << log;
        let bad = NttError::BadLength(n);
        let w = Fr::root_of_unity(log).ok_or(bad)?;
        let shift = Fr::snarkjs_coset_shift(log).ok_or(bad)?;
        let ninv = Fr::from_u64(n as u64).inverse().ok_or(bad)?;
        let mut scale = vec![ninv; n];
        distribute_powers(&mut scale, &shift);
        bit_reverse(&mut scale);
        Ok(OddCosetPlan {
            log,
            inverse_twiddles: powers(&w.inverse().ok_or(bad)?, n / 2),
            twiddles: powers(&w, n / 2),
            scale_bit_reversed: scale,
        })
    }
}

thread_local! {
    /// The last size's plan only: a worker proves with one zkey at a time, and a plan is 72 bytes per element.
    static ODD_COSET_PLAN: core::cell::RefCell<Option<std::rc::Rc<OddCosetPlan>>> = const { core::cell::RefCell::new(None) };
}

/// Evaluations on the n-domain → evaluations on the odd coset shift·ω^k (shift = snarkjs's, ω^2n's generator):
/// `coset_fft(ifft(a), shift)` with one scaling pass and no bit reversal.
pub fn odd_coset(a: &mut [Fr]) -> Result<(), NttError> {
    let log = log2_exact(a.len())?;
    if log == 0 {
        // one point: the constant polynomial a_0 everywhere
        return Ok(());
    }
    let plan = ODD_COSET_PLAN.with(|cell| -> Result<_, NttError> {
        let mut slot = cell.borrow_mut();
        match slot.as_ref() {
            Some(p) if p.log == log => Ok(p.clone()),
            _ => {
                *slot = None; // the old plan goes before the new one is built
                let p = std::rc::Rc::new(OddCosetPlan::new(log)?);
                *slot = Some(p.clone());
                Ok(p)
            }
        }
    })?;
    dif_to_bit_reversed(a, &plan.inverse_twiddles);
    for (x, s) in a.iter_mut().zip(plan.scale_bit_reversed.iter()) {
        *x = *x * *s;
    }
    dit_from_bit_reversed(a, &plan.twiddles);
    Ok(())
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
    fn odd_coset_equals_inverse_transform_then_coset_transform_and_keeps_one_plan_per_size() {
        let mut rng = Rng::new(4);
        for log in [0u32, 1, 2, 5, 10, 13, 10] {
            let a: Vec<Fr> = (0..1usize << log).map(|_| rng.fr()).collect();
            let mut want = a.clone();
            ifft(&mut want).unwrap();
            coset_fft(&mut want, &Fr::snarkjs_coset_shift(log).unwrap()).unwrap();
            let mut got = a.clone();
            odd_coset(&mut got).unwrap();
            assert_eq!(got, want, "log {}", log);
        }
        assert_eq!(odd_coset(&mut vec![Fr::ONE; 12]), Err(NttError::BadLength(12)));
    }

    #[test]
    fn bad_lengths_are_refused() {
        let mut v = vec![Fr::ONE; 12];
        assert_eq!(fft(&mut v), Err(NttError::BadLength(12)));
        assert_eq!(ifft(&mut v[..0]), Err(NttError::BadLength(0)));
    }
}
