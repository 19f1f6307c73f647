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
