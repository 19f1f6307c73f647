use super::*;
use crate::testutil::Rng;

fn suite<F: CurveField>(g: Affine<F>, seed: u64) {
    let mut rng = Rng::new(seed);
    assert!(g.is_on_curve());
    let gj = g.to_jacobian();
    // r·G = O and (r-1)·G = -G
    assert!(gj.mul_limbs(&Fr::MODULUS).is_identity());
    let mut rm1 = Fr::MODULUS;
    rm1[0] -= 1;
    assert_eq!(gj.mul_limbs(&rm1).to_affine(), g.neg());
    for _ in 0..5 {
        let a = rng.fr();
        let b = rng.fr();
        let pa = gj.mul_fr(&a);
        let pb = gj.mul_fr(&b);
        // (a+b)G = aG + bG via all three addition formulas
        let sum = gj.mul_fr(&(a + b));
        assert_eq!(pa.add(&pb), sum);
        assert_eq!(pa.add_affine(&pb.to_affine()), sum);
        assert_eq!(pa.double(), gj.mul_fr(&a.double()));
        assert!(pa.to_affine().is_on_curve());
        // special cases of addition
        assert_eq!(pa.add(&pa), pa.double());
        assert_eq!(pa.add_affine(&pa.to_affine()), pa.double());
        assert!(pa.add(&pa.neg()).is_identity());
        assert!(pa.add_affine(&pa.to_affine().neg()).is_identity());
        assert_eq!(Jacobian::IDENTITY.add_affine(&pa.to_affine()), pa);
        assert_eq!(pa.add_affine(&Affine::IDENTITY), pa);
    }
    let pts: Vec<Jacobian<F>> = (0..6).map(|i| if i == 2 { Jacobian::IDENTITY } else { gj.mul_fr(&rng.fr()) }).collect();
    let aff = batch_to_affine(&pts);
    for (p, a) in pts.iter().zip(aff.iter()) {
        assert_eq!(p.to_affine(), *a);
    }
    // snarkjs layout round trip, infinity as zeros, off-curve rejected
    let mut buf = vec![0u8; Affine::<F>::SERIALIZED_BYTES];
    aff[0].write_mont_bytes(&mut buf);
    assert_eq!(Affine::<F>::from_mont_bytes(&buf), Ok(aff[0]));
    Affine::<F>::IDENTITY.write_mont_bytes(&mut buf);
    assert!(buf.iter().all(|b| *b == 0));
    assert_eq!(Affine::<F>::from_mont_bytes(&buf), Ok(Affine::IDENTITY));
    let mut bad = aff[0];
    bad.y = bad.y + F::ONE;
    bad.write_mont_bytes(&mut buf);
    assert_eq!(Affine::<F>::from_mont_bytes(&buf), Err(PointError::NotOnCurve));
    let ff = vec![0xffu8; Affine::<F>::SERIALIZED_BYTES];
    assert_eq!(Affine::<F>::from_mont_bytes(&ff), Err(PointError::CoordinateOutOfRange));
}

#[test]
fn g1_group_law_scalar_multiplication_and_encoding() {
    suite(g1_generator(), 1);
}

#[test]
fn g2_group_law_scalar_multiplication_and_encoding() {
    suite(g2_generator(), 2);
}

#[test]
fn g1_generator_is_one_two_and_small_multiples_match_known_values() {
    let g = g1_generator();
    assert_eq!(g.x.to_canonical_limbs()[0], 1);
    assert_eq!(g.y.to_canonical_limbs()[0], 2);
    // 2G = (0x030644e7...3c208c16d87cfd3, 0x15ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4)
    let two = g.to_jacobian().double().to_affine();
    let expect_x = Fq::from_le_bytes(&hex_le("030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd3")).unwrap();
    let expect_y = Fq::from_le_bytes(&hex_le("15ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4")).unwrap();
    assert_eq!(two, Affine::new(expect_x, expect_y));
}

fn hex_le(h: &str) -> Vec<u8> {
    let mut v: Vec<u8> = (0..h.len() / 2).map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).unwrap()).collect();
    v.reverse();
    v
}

#[test]
fn g2_frobenius_is_multiplication_by_6x_squared() {
    let mut rng = Rng::new(7);
    let lambda = [PSI_LAMBDA as u32, (PSI_LAMBDA >> 32) as u32, (PSI_LAMBDA >> 64) as u32, (PSI_LAMBDA >> 96) as u32];
    for _ in 0..3 {
        let q = g2_generator().to_jacobian().mul_fr(&rng.fr()).to_affine();
        assert_eq!(g2_frobenius(&q).to_jacobian(), q.to_jacobian().mul_limbs(&lambda));
    }
    assert!(g2_frobenius(&G2Affine::IDENTITY).infinity);
}

/// ⌊k/λ⌋ and k mod λ one bit at a time, over k reduced mod r by repeated subtraction: the reference for split_psi.
fn split_reference(k: &[u32; 8]) -> (u128, u128) {
    let limbs = |v: &[u32; 8]| (0..8).rev().fold(Vec::new(), |mut bits, i| {
        for b in (0..32).rev() {
            bits.push((v[i] >> b) & 1);
        }
        bits
    });
    let mut k = *k;
    loop {
        let ge = (0..8).rev().find(|&i| k[i] != Fr::MODULUS[i]).map_or(true, |i| k[i] > Fr::MODULUS[i]);
        if !ge {
            break;
        }
        let mut borrow = 0i64;
        for (ki, mi) in k.iter_mut().zip(Fr::MODULUS) {
            let v = *ki as i64 - mi as i64 - borrow;
            *ki = v as u32;
            borrow = (v < 0) as i64;
        }
    }
    let (mut q, mut rem) = (0u128, 0u128);
    for bit in limbs(&k) {
        rem = (rem << 1) | bit as u128;
        q <<= 1;
        if rem >= PSI_LAMBDA {
            rem -= PSI_LAMBDA;
            q |= 1;
        }
    }
    (rem, q)
}

#[test]
fn split_psi_matches_long_division_with_edge_cases() {
    let mut rng = Rng::new(8);
    let mut rm1 = Fr::MODULUS;
    rm1[0] -= 1;
    let lam = [PSI_LAMBDA as u32, (PSI_LAMBDA >> 32) as u32, (PSI_LAMBDA >> 64) as u32, (PSI_LAMBDA >> 96) as u32, 0, 0, 0, 0];
    let mut lam_m1 = lam;
    lam_m1[0] -= 1;
    let mut cases = vec![[0u32; 8], [1, 0, 0, 0, 0, 0, 0, 0], rm1, Fr::MODULUS, [u32::MAX; 8], lam, lam_m1];
    cases.extend((0..2000).map(|_| rng.fr().to_canonical_limbs()));
    cases.extend((0..200).map(|_| {
        let mut l = rng.fr().to_canonical_limbs();
        l[7] |= 0xf000_0000; // above r: reduced first
        l
    }));
    for k in cases.iter() {
        let [(k0, n0), (k1, n1)] = split_psi(k);
        assert!(!n0 && !n1);
        assert_eq!((k0, k1), split_reference(k), "{:08x?}", k);
    }
}

fn u128_fr(v: u128, neg: bool) -> Fr {
    let f = Fr::from_canonical_limbs([v as u32, (v >> 32) as u32, (v >> 64) as u32, (v >> 96) as u32, 0, 0, 0, 0]).unwrap();
    if neg {
        -f
    } else {
        f
    }
}

#[test]
fn g1_endomorphism_is_multiplication_by_glv_lambda() {
    let mut rng = Rng::new(9);
    let (hi, lo) = GLV_LAMBDA;
    let lambda = [lo as u32, (lo >> 32) as u32, (lo >> 64) as u32, (lo >> 96) as u32, hi as u32, (hi >> 32) as u32, 0, 0];
    for _ in 0..3 {
        let p = g1_generator().to_jacobian().mul_fr(&rng.fr()).to_affine();
        assert_eq!(g1_endomorphism(&p).to_jacobian(), p.to_jacobian().mul_limbs(&lambda));
    }
    assert!(g1_endomorphism(&G1Affine::IDENTITY).infinity);
}

#[test]
fn split_glv_recombines_to_the_scalar_with_halves_below_2_pow_128() {
    let mut rng = Rng::new(10);
    let (hi, lo) = GLV_LAMBDA;
    let lambda = u128_fr(lo, false) + u128_fr(hi, false) * u128_fr(1u128 << 64, false) * u128_fr(1u128 << 64, false);
    let mut rm1 = Fr::MODULUS;
    rm1[0] -= 1;
    let mut cases = vec![[0u32; 8], [1, 0, 0, 0, 0, 0, 0, 0], rm1, Fr::MODULUS, [u32::MAX; 8]];
    cases.extend((0..3000).map(|_| rng.fr().to_canonical_limbs()));
    for k in cases.iter() {
        let [(k0, n0), (k1, n1)] = split_glv(k);
        let expect = Fr::from_limbs_reduced(*k);
        assert_eq!(u128_fr(k0, n0) + u128_fr(k1, n1) * lambda, expect, "{:08x?}", k);
    }
}
