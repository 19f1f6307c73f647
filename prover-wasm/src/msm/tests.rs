use super::*;
use crate::curve::{g1_generator, g2_generator};
use crate::field::{Fq, Fq2};
use crate::testutil::Rng;

fn naive<F: CurveField>(bases: &[Affine<F>], scalars: &[[u32; 8]]) -> Jacobian<F> {
    bases
        .iter()
        .zip(scalars.iter())
        .fold(Jacobian::IDENTITY, |acc, (b, s)| acc.add(&b.to_jacobian().mul_limbs(s)))
}

fn random_bases<F: CurveField>(g: Affine<F>, n: usize, rng: &mut Rng) -> Vec<Affine<F>> {
    let pts: Vec<Jacobian<F>> = (0..n).map(|_| g.to_jacobian().mul_fr(&rng.fr())).collect();
    crate::curve::batch_to_affine(&pts)
}

fn check_edge_cases<F: CurveField>(g: Affine<F>, seed: u64) {
    let mut rng = Rng::new(seed);
    let n = 300;
    let mut bases = random_bases(g, n, &mut rng);
    let mut scalars: Vec<[u32; 8]> = (0..n).map(|_| rng.fr().to_canonical_limbs()).collect();
    let mut rm1 = Fr::MODULUS;
    rm1[0] -= 1;
    scalars[0] = [0; 8]; // zero scalar
    bases[1] = Affine::IDENTITY; // point at infinity
    scalars[2] = rm1; // r - 1
    scalars[3] = rm1;
    for i in 10..40 {
        bases[i] = bases[9]; // repeated points, same bucket -> doublings and cancellations
        scalars[i] = scalars[9];
    }
    bases[41] = bases[40].neg(); // P and -P with the same scalar cancel
    scalars[41] = scalars[40];
    scalars[50] = [1, 0, 0, 0, 0, 0, 0, 0];
    scalars[51] = [0, 0, 0, 0, 0, 0, 0, 0x8000_0000 >> 2]; // top bits
    let expect = naive(&bases, &scalars);
    for c in [3u32, 4, 7, 8, 11, 16] {
        assert_eq!(msm_with_window(&bases[..], &scalars[..], c), expect, "window {}", c);
    }
    assert_eq!(msm(&bases[..], &scalars[..]), expect);
    // all scalars zero, and empty input
    let zeros = vec![[0u32; 8]; n];
    assert!(msm(&bases[..], &zeros[..]).is_identity());
    assert!(msm::<F, _, _>(&bases[..0], &zeros[..0]).is_identity());
    // ranges sum to the whole
    let a = msm_range(&bases[..], &scalars[..], 0, 123);
    let b = msm_range(&bases[..], &scalars[..], 123, n);
    assert_eq!(a.add(&b), expect);
}

#[test]
fn g1_msm_matches_naive_double_and_add_with_edge_cases() {
    check_edge_cases::<Fq>(g1_generator(), 1);
}

#[test]
fn g2_msm_matches_naive_double_and_add_with_edge_cases() {
    check_edge_cases::<Fq2>(g2_generator(), 2);
}

#[test]
fn g1_msm_reads_snarkjs_byte_layouts_in_place() {
    let mut rng = Rng::new(3);
    let n = 2000;
    let bases = random_bases(g1_generator(), n, &mut rng);
    let scalars: Vec<Fr> = (0..n).map(|_| rng.fr()).collect();
    let mut bb = vec![0u8; 64 * n];
    let mut sb = vec![0u8; 32 * n];
    for i in 0..n {
        bases[i].write_mont_bytes(&mut bb[64 * i..64 * i + 64]);
        sb[32 * i..32 * i + 32].copy_from_slice(&scalars[i].to_le_bytes());
    }
    let src = MontBases::<Fq>::new(&bb).unwrap();
    let expect = msm_fr(&bases[..], &scalars);
    assert_eq!(msm(&src, &CanonicalScalars(&sb)), expect);
    // expected via a different route: Σ s_i·P_i where P_i = k_i·G  ==  (Σ s_i k_i)·G is checked in the naive test
    let limbs: Vec<[u32; 8]> = scalars.iter().map(|s| s.to_canonical_limbs()).collect();
    assert_eq!(naive(&bases[..200], &limbs[..200]), msm(&bases[..200], &limbs[..200]));
    bb[5] ^= 1;
    assert!(MontBases::<Fq>::new(&bb).is_err());
}

#[test]
fn msm_equals_generator_times_inner_product() {
    // Σ s_i·(k_i·G) = (Σ s_i k_i)·G: a reference that uses field arithmetic only.
    let mut rng = Rng::new(4);
    let n = 5000;
    let ks: Vec<Fr> = (0..n).map(|_| rng.fr()).collect();
    let ss: Vec<Fr> = (0..n).map(|_| rng.fr()).collect();
    let g = g1_generator().to_jacobian();
    let bases = crate::curve::batch_to_affine(&ks.iter().map(|k| g.mul_fr(k)).collect::<Vec<_>>());
    let ip = ks.iter().zip(ss.iter()).fold(Fr::ZERO, |a, (k, s)| a + *k * *s);
    assert_eq!(msm_fr(&bases[..], &ss), g.mul_fr(&ip));
}

#[test]
fn msm_with_all_scalars_equal_small_values_matches_naive() {
    // A witness is mostly 0 and 1: every point lands in the same bucket of the same window.
    let mut rng = Rng::new(6);
    let n = 700;
    let bases = random_bases(g1_generator(), n, &mut rng);
    for v in [1u32, 2, 0x8000] {
        let scalars = vec![[v, 0, 0, 0, 0, 0, 0, 0]; n];
        assert_eq!(msm_with_window(&bases[..], &scalars[..], 8), naive(&bases, &scalars), "scalar {}", v);
    }
}

#[test]
fn top_window_takes_unsigned_digits_up_to_its_full_width() {
    // 128-bit halves in 8 windows of 16 bits: the top window's digit reaches 2^16 (all ones plus the carry), twice
    // the signed windows' buckets; 256-bit scalars (a .wtns value may be ≥ r) likewise in 16 windows.
    let mut rng = Rng::new(7);
    let g = g1_generator();
    let bases = random_bases(g, 40, &mut rng);
    let ones128 = [u32::MAX, u32::MAX, u32::MAX, u32::MAX, 0, 0, 0, 0];
    let mut halves: Vec<[u32; 8]> = (0..40).map(|_| u128_limbs(((rng.next_u64() as u128) << 64) | rng.next_u64() as u128)).collect();
    halves[0] = ones128;
    halves[1] = u128_limbs(1 << 127);
    halves[2] = u128_limbs((1 << 127) - 1);
    for c in [13u32, 15, 16] {
        assert_eq!(pippenger(&bases, &halves[..], c, 128), naive(&bases, &halves), "window {}", c);
    }
    let mut full: Vec<[u32; 8]> = (0..40).map(|_| rng.fr().to_canonical_limbs()).collect();
    full[0] = [u32::MAX; 8];
    full[1] = [0, 0, 0, 0, 0, 0, 0, 0x8000_0000];
    for c in [13u32, 15, 16] {
        assert_eq!(msm_with_window(&bases[..], &full[..], c), naive(&bases, &full), "window {}", c);
    }
}

#[test]
fn bucket_grid_reduction_weighs_every_bucket_by_its_digit() {
    // One point per digit 1..=k for bucket counts around powers of two (grids with a partial last row), checked
    // against Σ d·P_d by double-and-add.
    let mut rng = Rng::new(8);
    let g = g1_generator();
    for used in [1usize, 2, 3, 5, 63, 64, 65, 1000] {
        let bases = random_bases(g, used, &mut rng);
        let scalars: Vec<[u32; 8]> = (1..=used as u32).map(|d| [d, 0, 0, 0, 0, 0, 0, 0]).collect();
        // c = 11: every digit below 2^10 is its own bucket in the only window that holds any.
        assert_eq!(msm_with_window(&bases[..], &scalars[..], 11), naive(&bases, &scalars), "{} buckets", used);
    }
}
