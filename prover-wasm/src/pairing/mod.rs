//! The optimal ate pairing on BN254 (affine Miller loop on the twist + final exponentiation), for Groth16
//! verification and self-checks. Simplicity over speed: it runs a handful of times per proof, not per constraint.

use crate::curve::{g2_frobenius, G1Affine, G2Affine};
use crate::field::{Field, Fq12, Fq2, Fq6};

/// 6x + 2 for the BN parameter x = 4965661367192848881.
const ATE_LOOP_COUNT: u128 = 0x19d797039be763ba8;
/// (p^6 + 1) / r: the final exponentiation after the easy part p^6 - 1.
const FINAL_EXP_HARD: [u32; 40] = [
    0x36e3f812, 0x5250a540, 0x96789051, 0xa5635f15, 0x4d5bd1d4, 0xd1138bf5, 0xbe36c7a2, 0xa8ce2533, 0x84e09bf6, 0x94f69f6b,
    0x50ef3644, 0x42ad1f5e, 0x48c3454c, 0x0fcc420e, 0xecc9952c, 0x758e4408, 0x87c6042c, 0xc901bf18, 0xb14bb3b5, 0xa733cd65,
    0xcf51b0d8, 0xdf6d76bd, 0x82eb59e1, 0xca64c0fd, 0xe39276a1, 0x1d2e5726, 0xa391cae9, 0xc2d1ea74, 0xc82d647e, 0x07409206,
    0xa5afdd17, 0x051c6d1a, 0x19667af5, 0xb37f6019, 0x5084015b, 0x150e578c, 0xc23998e4, 0xfbdea556, 0xc52f5b83, 0x000fd14c,
];

/// The line through T and Q (tangent when Q = T) evaluated at P, and T + Q. With the D-twist untwisted as
/// (x w^2, y w^3), the line is yP - λ·xP·w + (λ·xT - yT)·w^3. Vertical lines lie in Fq6 and are dropped: the
/// final exponentiation sends them to 1.
fn line(t: &G2Affine, q: &G2Affine, p: &G1Affine) -> (Option<Fq12>, G2Affine) {
    let lambda = if t.x == q.x {
        if t.y != q.y || t.y.is_zero() {
            return (None, G2Affine::IDENTITY);
        }
        let xx = t.x.square();
        (xx.double() + xx) * t.y.double().inverse().expect("y != 0")
    } else {
        (q.y - t.y) * (q.x - t.x).inverse().expect("x differ")
    };
    let x3 = lambda.square() - t.x - q.x;
    let y3 = lambda * (t.x - x3) - t.y;
    let c0 = Fq6::new(Fq2::new(p.y, crate::field::Fq::ZERO), Fq2::ZERO, Fq2::ZERO);
    let c1 = Fq6::new(-lambda.mul_by_fq(&p.x), lambda * t.x - t.y, Fq2::ZERO);
    (Some(Fq12::new(c0, c1)), G2Affine::new(x3, y3))
}

fn mul_line(f: Fq12, l: Option<Fq12>) -> Fq12 {
    match l {
        Some(l) => f * l,
        None => f,
    }
}

/// f_{6x+2,Q}(P) · l_{T,π(Q)}(P) · l_{T',-π²(Q)}(P); 1 when either point is the identity.
pub fn miller_loop(p: &G1Affine, q: &G2Affine) -> Fq12 {
    if p.infinity || q.infinity {
        return Fq12::ONE;
    }
    let mut f = Fq12::ONE;
    let mut t = *q;
    let top = 127 - ATE_LOOP_COUNT.leading_zeros();
    for i in (0..top).rev() {
        let (l, t2) = line(&t, &t, p);
        f = mul_line(f.square(), l);
        t = t2;
        if (ATE_LOOP_COUNT >> i) & 1 == 1 {
            let (l, tq) = line(&t, q, p);
            f = mul_line(f, l);
            t = tq;
        }
    }
    let q1 = g2_frobenius(q);
    let q2 = g2_frobenius(&q1).neg();
    let (l, t1) = line(&t, &q1, p);
    f = mul_line(f, l);
    let (l, _) = line(&t1, &q2, p);
    mul_line(f, l)
}

/// f^((p^12 - 1)/r).
pub fn final_exponentiation(f: &Fq12) -> Option<Fq12> {
    let easy = f.conjugate() * f.inverse()?;
    Some(easy.pow(&FINAL_EXP_HARD))
}

/// e(P, Q).
pub fn pairing(p: &G1Affine, q: &G2Affine) -> Fq12 {
    final_exponentiation(&miller_loop(p, q)).unwrap_or(Fq12::ONE)
}

/// Π e(P_i, Q_i) == 1: the Groth16 verification equation with negated terms folded in by the caller.
pub fn pairing_check(pairs: &[(G1Affine, G2Affine)]) -> bool {
    let f = pairs.iter().fold(Fq12::ONE, |acc, (p, q)| acc * miller_loop(p, q));
    match final_exponentiation(&f) {
        Some(e) => e == Fq12::ONE,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curve::{g1_generator, g2_generator};
    use crate::field::Fr;
    use crate::testutil::Rng;

    #[test]
    fn pairing_is_bilinear_and_non_degenerate() {
        let mut rng = Rng::new(7);
        let (g1, g2) = (g1_generator(), g2_generator());
        let e = pairing(&g1, &g2);
        assert_ne!(e, Fq12::ONE);
        assert_eq!(e.pow(&Fr::MODULUS), Fq12::ONE, "e(G1, G2) has order r");
        let a = rng.fr();
        let b = rng.fr();
        let pa = g1.to_jacobian().mul_fr(&a).to_affine();
        let qb = g2.to_jacobian().mul_fr(&b).to_affine();
        assert_eq!(pairing(&pa, &qb), e.pow(&(a * b).to_canonical_limbs()));
        assert_eq!(pairing(&pa, &g2), pairing(&g1, &g2.to_jacobian().mul_fr(&a).to_affine()));
    }

    #[test]
    fn pairing_check_accepts_balanced_products_and_rejects_tampered_ones() {
        let mut rng = Rng::new(8);
        let (g1, g2) = (g1_generator(), g2_generator());
        let a = rng.fr();
        let b = rng.fr();
        let pa = g1.to_jacobian().mul_fr(&a).to_affine();
        let qb = g2.to_jacobian().mul_fr(&b).to_affine();
        let neg_ab = g1.to_jacobian().mul_fr(&(a * b)).to_affine().neg();
        assert!(pairing_check(&[(pa, qb), (neg_ab, g2)]));
        assert!(!pairing_check(&[(pa, qb), (neg_ab.neg(), g2)]));
        assert!(!pairing_check(&[(pa, qb)]));
        assert!(pairing_check(&[(G1Affine::IDENTITY, qb), (pa, G2Affine::IDENTITY)]));
        assert!(pairing_check(&[]));
    }
}
