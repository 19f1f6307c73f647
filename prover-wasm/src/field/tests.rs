use super::*;
use crate::testutil::{Big, Rng};

fn modmul(a: [u32; 8], b: [u32; 8], m: [u32; 8]) -> [u32; 8] {
    Big::from_limbs(&a).mul(&Big::from_limbs(&b)).rem(&Big::from_limbs(&m)).to_limbs8()
}

fn modadd(a: [u32; 8], b: [u32; 8], m: [u32; 8]) -> [u32; 8] {
    Big::from_limbs(&a).add(&Big::from_limbs(&b)).rem(&Big::from_limbs(&m)).to_limbs8()
}

macro_rules! field_suite {
    ($modname:ident, $F:ident, $seed:expr) => {
        mod $modname {
            use super::*;

            fn edge_values(rng: &mut Rng) -> Vec<[u32; 8]> {
                let m = $F::MODULUS;
                let mut m1 = m;
                m1[0] -= 1;
                let mut v = vec![[0u32; 8], { let mut o = [0u32; 8]; o[0] = 1; o }, m1, { let mut h = m; h[7] >>= 1; h }];
                for _ in 0..40 {
                    v.push($F::from_limbs_reduced(rng.limbs()).to_canonical_limbs());
                }
                v
            }

            #[test]
            fn mul_add_sub_match_schoolbook_modular_arithmetic() {
                let mut rng = Rng::new($seed);
                let vals = edge_values(&mut rng);
                let m = $F::MODULUS;
                for a in &vals {
                    for b in vals.iter().take(12) {
                        let fa = $F::from_canonical_limbs(*a).unwrap();
                        let fb = $F::from_canonical_limbs(*b).unwrap();
                        assert_eq!((fa * fb).to_canonical_limbs(), modmul(*a, *b, m));
                        assert_eq!((fa + fb).to_canonical_limbs(), modadd(*a, *b, m));
                        // a - b + b == a, and (a - b) matches a + (m - b)
                        assert_eq!((fa - fb) + fb, fa);
                        assert_eq!(fa.square(), fa * fa);
                    }
                }
            }

            #[test]
            fn unreduced_sums_and_differences_multiply_like_reduced_ones() {
                let mut rng = Rng::new($seed + 6);
                let vals: Vec<$F> = edge_values(&mut rng).iter().map(|a| $F::from_canonical_limbs(*a).unwrap()).collect();
                for a in &vals {
                    for b in vals.iter().take(12) {
                        let (s, d) = (a.add_unreduced(b), a.sub_unreduced(b));
                        for c in vals.iter().take(6) {
                            assert_eq!(s * *c, (*a + *b) * *c);
                            assert_eq!(d * *c, (*a - *b) * *c);
                            // both operands unreduced (below 2m)
                            assert_eq!(s * c.sub_unreduced(a), (*a + *b) * (*c - *a));
                        }
                        assert_eq!(s.square(), (*a + *b).square());
                        assert_eq!(d * d, (*a - *b).square());
                    }
                }
            }

            #[test]
            fn montgomery_constants_match_their_definitions() {
                let m = Big::from_limbs(&$F::MODULUS);
                let pow2 = |k: usize| {
                    let mut l = vec![0u32; k / 32 + 1];
                    l[k / 32] = 1 << (k % 32);
                    Big::from_limbs(&l).rem(&m).to_limbs8()
                };
                assert_eq!($F::R256, pow2(256));
                assert_eq!($F::R2_256, pow2(512));
                // ONE's limbs hold 2^261 mod m (R = 2^261 for 9×29-bit limbs)
                assert_eq!(crate::field::mont::join29(&$F::ONE.0), pow2(261));
                let low58 = ($F::MODULUS[0] as u64 | ($F::MODULUS[1] as u64) << 32) & ((1 << 58) - 1);
                assert_eq!(low58.wrapping_mul($F::INV58) & ((1 << 58) - 1), (1 << 58) - 1, "INV58 = -m^-1 mod 2^58");
            }

            #[test]
            fn snarkjs_montgomery_bytes_hold_value_times_2_pow_256() {
                let mut rng = Rng::new($seed + 4);
                let m = $F::MODULUS;
                for a in edge_values(&mut rng) {
                    let f = $F::from_canonical_limbs(a).unwrap();
                    let expect = modmul(a, $F::R256, m);
                    assert_eq!(f.to_mont_bytes(), limbs_to_le(&expect));
                    assert_eq!($F::from_mont256(expect), f);
                    assert_eq!($F::from_mont_bytes_unchecked(&limbs_to_le(&expect)), f);
                }
                // unchecked reads of values ≥ m still give the reduced element
                let mut over = m;
                over[0] += 5;
                assert_eq!($F::from_mont_bytes_unchecked(&limbs_to_le(&over)), $F::from_mont256([5, 0, 0, 0, 0, 0, 0, 0]));
            }

            #[test]
            fn squaring_matches_schoolbook_for_random_and_edge_values() {
                let mut rng = Rng::new($seed + 5);
                let m = $F::MODULUS;
                let mut vals = edge_values(&mut rng);
                for _ in 0..500 {
                    vals.push($F::from_limbs_reduced(rng.limbs()).to_canonical_limbs());
                }
                for a in vals {
                    let f = $F::from_canonical_limbs(a).unwrap();
                    assert_eq!(f.square().to_canonical_limbs(), modmul(a, a, m));
                }
            }

            #[test]
            fn inverse_and_pow_agree_with_fermat() {
                let mut rng = Rng::new($seed + 1);
                assert!($F::ZERO.inverse().is_none());
                for _ in 0..20 {
                    let a = $F::from_limbs_reduced(rng.limbs());
                    if a.is_zero() {
                        continue;
                    }
                    assert_eq!(a * a.inverse().unwrap(), $F::ONE);
                    let mut e = $F::MODULUS;
                    e[0] -= 2;
                    assert_eq!(a.inverse().unwrap(), a.pow(&e));
                    assert_eq!(a.pow(&[5]), a * a * a * a * a);
                }
                // the ends of the range: 1, 2 and m − 1 (its own inverse)
                assert_eq!($F::ONE.inverse().unwrap(), $F::ONE);
                assert_eq!($F::from_u64(2).inverse().unwrap() * $F::from_u64(2), $F::ONE);
                assert_eq!((-$F::ONE).inverse().unwrap(), -$F::ONE);
                let mut m1 = $F::MODULUS;
                m1[0] -= 1;
                assert_eq!($F::from_u64(7).pow(&m1), $F::ONE);
            }

            #[test]
            fn byte_encodings_round_trip_and_reject_values_out_of_range() {
                let mut rng = Rng::new($seed + 2);
                for _ in 0..20 {
                    let a = $F::from_limbs_reduced(rng.limbs());
                    assert_eq!($F::from_le_bytes(&a.to_le_bytes()), Some(a));
                    assert_eq!($F::from_mont_bytes(&a.to_mont_bytes()), Some(a));
                    assert_eq!(a.to_le_bytes(), limbs_to_le(&a.to_canonical_limbs()));
                }
                assert_eq!($F::from_le_bytes(&limbs_to_le(&$F::MODULUS)), None);
                assert_eq!($F::from_mont_bytes(&[0xff; 32]), None);
                assert_eq!($F::from_u64(2).to_le_bytes()[0], 2);
                assert_eq!($F::from_u64(258).to_le_bytes()[1], 1);
            }

            #[test]
            fn batch_inverse_inverts_each_element_and_keeps_zeros() {
                let mut rng = Rng::new($seed + 3);
                let mut v: Vec<$F> = (0..17).map(|_| $F::from_limbs_reduced(rng.limbs())).collect();
                v[3] = $F::ZERO;
                let orig = v.clone();
                let mut scratch = vec![$F::ZERO; v.len()];
                batch_inverse(&mut v, &mut scratch);
                for (a, b) in orig.iter().zip(v.iter()) {
                    if a.is_zero() {
                        assert!(b.is_zero());
                    } else {
                        assert_eq!(*a * *b, $F::ONE);
                    }
                }
            }
        }
    };
}

field_suite!(fq, Fq, 11);
field_suite!(fr, Fr, 22);

#[test]
fn fq_sqrt_finds_roots_of_squares_and_rejects_non_squares() {
    let mut rng = Rng::new(5);
    let mut non_squares = 0;
    for _ in 0..20 {
        let a = rng.fq();
        let s = a.square().sqrt().unwrap();
        assert!(s == a || s == -a);
        if a.sqrt().is_none() {
            non_squares += 1;
        }
    }
    assert!(non_squares > 0);
    assert!(Fq::from_u64(3).sqrt().is_none() || Fq::from_u64(3).sqrt().unwrap().square() == Fq::from_u64(3));
}

#[test]
fn fr_roots_of_unity_have_exact_order() {
    for log in [1u32, 5, 16, 28] {
        let w = Fr::root_of_unity(log).unwrap();
        let mut x = w;
        for _ in 0..log - 1 {
            x = x.square();
        }
        assert_eq!(x, -Fr::ONE, "w^(n/2) = -1 for log {}", log);
    }
    assert_eq!(Fr::root_of_unity(29), None);
    assert_eq!(Fr::SNARKJS_SHIFT, Fr::from_u64(25));
}

fn rand_fq2(rng: &mut Rng) -> Fq2 {
    Fq2::new(rng.fq(), rng.fq())
}

/// Fq12 as Σ a_i w^i (i < 6) over Fq2 with w^6 = ξ: c0 = (a0, a2, a4), c1 = (a1, a3, a5).
fn to_coeffs(x: &Fq12) -> [Fq2; 6] {
    [x.c0.c0, x.c1.c0, x.c0.c1, x.c1.c1, x.c0.c2, x.c1.c2]
}

fn naive_fq12_mul(a: &Fq12, b: &Fq12) -> [Fq2; 6] {
    let (a, b) = (to_coeffs(a), to_coeffs(b));
    let mut r = [Fq2::ZERO; 6];
    for i in 0..6 {
        for j in 0..6 {
            let p = a[i] * b[j];
            if i + j >= 6 {
                r[i + j - 6] = r[i + j - 6] + p.mul_by_xi();
            } else {
                r[i + j] = r[i + j] + p;
            }
        }
    }
    r
}

#[test]
fn fq2_mul_matches_complex_multiplication_and_inverts() {
    let mut rng = Rng::new(9);
    for _ in 0..200 {
        let (a, b) = (rand_fq2(&mut rng), rand_fq2(&mut rng));
        let c = a * b;
        assert_eq!(c.c0, a.c0 * b.c0 - a.c1 * b.c1);
        assert_eq!(c.c1, a.c0 * b.c1 + a.c1 * b.c0);
        assert_eq!(a.square(), a * a);
        assert_eq!(a * a.inverse().unwrap(), Fq2::ONE);
        assert_eq!(a.mul_by_xi(), a * Fq2::new(Fq::from_u64(9), Fq::ONE));
        // components unreduced (below 2p), as the curve formulas pass them
        let u = Fq2::new(a.c0.sub_unreduced(&b.c0), a.c1.add_unreduced(&b.c1));
        assert_eq!(u * b, Fq2::new(a.c0 - b.c0, a.c1 + b.c1) * b);
    }
}

#[test]
fn fq12_mul_and_square_match_naive_polynomial_product_mod_w6_minus_xi() {
    let mut rng = Rng::new(10);
    let r12 = |rng: &mut Rng| {
        Fq12::new(
            Fq6::new(rand_fq2(rng), rand_fq2(rng), rand_fq2(rng)),
            Fq6::new(rand_fq2(rng), rand_fq2(rng), rand_fq2(rng)),
        )
    };
    for _ in 0..10 {
        let (a, b) = (r12(&mut rng), r12(&mut rng));
        assert_eq!(to_coeffs(&(a * b)), naive_fq12_mul(&a, &b));
        assert_eq!(to_coeffs(&a.square()), naive_fq12_mul(&a, &a));
        assert_eq!(a * a.inverse().unwrap(), Fq12::ONE);
        assert_eq!(a.c0 * a.c0.inverse().unwrap(), Fq6::ONE);
    }
}

#[test]
fn fq2_batch_inverse_through_norms_inverts_each_element_and_keeps_zeros() {
    let mut rng = Rng::new(77);
    let mut v: Vec<Fq2> = (0..19).map(|_| Fq2::new(rng.fq(), rng.fq())).collect();
    v[0] = Fq2::ZERO;
    v[5] = Fq2::new(Fq::ZERO, rng.fq());
    v[6] = Fq2::new(rng.fq(), Fq::ZERO);
    let orig = v.clone();
    let mut scratch = vec![Fq2::ZERO; v.len()];
    Fq2::batch_inverse(&mut v, &mut scratch);
    for (a, b) in orig.iter().zip(v.iter()) {
        if a.is_zero() {
            assert!(b.is_zero());
        } else {
            assert_eq!(*b, a.inverse().unwrap());
        }
    }
}

#[test]
fn sum_of_products_equals_two_products_added_on_reduced_and_unreduced_operands() {
    let mut rng = Rng::new(78);
    let p_minus_1 = -Fq::ONE;
    for k in 0..300 {
        let mut v: [Fq; 4] = [rng.fq(), rng.fq(), rng.fq(), rng.fq()];
        if k % 3 == 1 {
            v = [p_minus_1, p_minus_1, p_minus_1, p_minus_1];
        }
        // Unreduced operands up to 2p: sums and negations that feed a product.
        let [a, b, c, d] = v;
        let (ua, ub) = (a.add_unreduced(&b), c.neg_unreduced());
        assert_eq!(Fq::sum_of_products(&a, &b, &c, &d), a * b + c * d);
        assert_eq!(Fq::sum_of_products(&ua, &ub, &ub, &ua), (a + b) * -c + -c * (a + b));
        assert_eq!(Fq::sum_of_products(&a, &Fq::ZERO.neg_unreduced(), &c, &d), c * d);
        assert_eq!(c.neg_unreduced() * Fq::ONE, -c);
    }
}


/// The `scalar-product` build's Montgomery product (WASM) is the same function as the const one natively tested
/// above: same result on reduced, edge and unreduced (below 2p) operands, for both fields.
#[test]
fn column_product_equals_the_const_montgomery_product() {
    let mut rng = Rng::new(91);
    for k in 0..400 {
        let (a, b) = (rng.fq(), rng.fq());
        let (a, b) = match k % 4 {
            0 => (a, b),
            1 => (-Fq::ONE, -Fq::ONE),
            2 => (a.add_unreduced(&b), b.neg_unreduced()),
            _ => (Fq::ZERO, b),
        };
        assert_eq!(mont::mont_mul_columns(&a.0, &b.0, &Fq::P, Fq::INV58), mont::mont_mul(&a.0, &b.0, &Fq::P, Fq::INV58));
        let (x, y) = (Fr::from_limbs_reduced(rng.limbs()), Fr::from_limbs_reduced(rng.limbs()));
        let x = if k % 2 == 0 { x } else { x.add_unreduced(&y) };
        assert_eq!(mont::mont_mul_columns(&x.0, &y.0, &Fr::P, Fr::INV58), mont::mont_mul(&x.0, &y.0, &Fr::P, Fr::INV58));
    }
}

/// Linear maps commute with reading snarkjs's Montgomery bytes unconverted: sums and products by a constant of
/// elements read that way, written back the same way, are the converted results' bytes; out-of-range bytes fail.
#[test]
fn unconverted_montgomery_bytes_give_the_same_linear_combinations() {
    let mut rng = Rng::new(93);
    for _ in 0..200 {
        let (a, b, k) = (Fr::from_limbs_reduced(rng.limbs()), Fr::from_limbs_reduced(rng.limbs()), Fr::from_limbs_reduced(rng.limbs()));
        let (ab, bb) = (a.to_mont_bytes(), b.to_mont_bytes());
        let (ua, ub) = (Fr::from_unconverted_mont_bytes(&ab).unwrap(), Fr::from_unconverted_mont_bytes(&bb).unwrap());
        assert_eq!((ua * k - ub).to_unconverted_mont_bytes(), (a * k - b).to_mont_bytes());
        assert_eq!(ua.to_unconverted_mont_bytes(), ab);
    }
    assert!(Fr::from_unconverted_mont_bytes(&crate::field::limbs_to_le(&Fr::MODULUS)).is_none());
}

#[test]
fn binary_inverse_strips_whole_words_of_twos() {
    use super::mont::{binary_inverse, words32, words64};
    // Multiples of 2^64 and 2^128 take the shift's cap (63) more than once per word.
    let values: [[u32; 8]; 4] = [[0, 0, 1, 0, 0, 0, 0, 0], [0, 0, 0, 0, 3, 0, 0, 0], [0, 0, 0, 0, 0, 0, 5, 0], [1, 0, 0, 0, 0, 0, 0, 0]];
    for m in [Fq::MODULUS, Fr::MODULUS] {
        for x in values {
            let y = words32(&binary_inverse(words64(&x), &words64(&m)));
            assert_eq!(modmul(x, y, m), [1, 0, 0, 0, 0, 0, 0, 0]);
        }
    }
}
