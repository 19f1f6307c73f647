//! Fixed-base scalar multiplication with 8-bit windows: 32 tables of k·2^(8w)·G (k = 1..255) in affine form,
//! so k·G costs at most 32 mixed additions — the ceremony multiplies one generator by every key scalar.
use crate::curve::{batch_to_affine, Affine, CurveField, Jacobian};
use crate::field::Fr;

pub struct FixedBase<F> {
    windows: Vec<Vec<Affine<F>>>,
}

impl<F: CurveField> FixedBase<F> {
    pub fn new(g: &Affine<F>) -> FixedBase<F> {
        let mut windows = Vec::with_capacity(32);
        let mut base = g.to_jacobian();
        for _ in 0..32 {
            let mut row = Vec::with_capacity(255);
            let mut acc = base;
            for _ in 0..255 {
                row.push(acc);
                acc = acc.add(&base);
            }
            windows.push(batch_to_affine(&row));
            for _ in 0..8 {
                base = base.double();
            }
        }
        FixedBase { windows }
    }

    pub fn mul(&self, k: &Fr) -> Jacobian<F> {
        let limbs = k.to_canonical_limbs();
        let mut acc = Jacobian::<F>::IDENTITY;
        for (w, row) in self.windows.iter().enumerate() {
            let byte = (limbs[w / 4] >> (8 * (w % 4))) & 0xff;
            if byte != 0 {
                acc = acc.add_affine(&row[byte as usize - 1]);
            }
        }
        acc
    }
}
