//! Pippenger multi-scalar multiplication for G1 and G2: signed-digit windows, buckets accumulated in affine
//! coordinates with batched inversions (Montgomery's trick), window size chosen from the number of points.
//! Works on any sub-range of bases/scalars, so a pool of single-threaded WASM instances can split one MSM by
//! point ranges and add the partial results.

use core::marker::PhantomData;

use crate::curve::{Affine, CurveField, Jacobian, PointError};
use crate::field::Fr;

/// Where the MSM reads its bases from.
pub trait BaseSource<F: CurveField> {
    fn len(&self) -> usize;
    fn get(&self, i: usize) -> Affine<F>;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<F: CurveField> BaseSource<F> for [Affine<F>] {
    fn len(&self) -> usize {
        <[Affine<F>]>::len(self)
    }
    #[inline(always)]
    fn get(&self, i: usize) -> Affine<F> {
        self[i]
    }
}

/// Bases in snarkjs's byte layout (x‖y, LE Montgomery; zeros = infinity), read in place: no copy of the table.
pub struct MontBases<'a, F> {
    bytes: &'a [u8],
    _f: PhantomData<F>,
}

impl<'a, F: CurveField> MontBases<'a, F> {
    /// Checks every point once (coordinates in range, on the curve) so the MSM can read them unchecked.
    pub fn new(bytes: &'a [u8]) -> Result<MontBases<'a, F>, (usize, PointError)> {
        let size = Affine::<F>::SERIALIZED_BYTES;
        for (i, chunk) in bytes.chunks(size).enumerate() {
            if chunk.len() != size {
                return Err((i, PointError::CoordinateOutOfRange));
            }
            Affine::<F>::from_mont_bytes(chunk).map_err(|e| (i, e))?;
        }
        Ok(MontBases { bytes, _f: PhantomData })
    }

    /// Without the checks, for bases validated before (a worker that reuses resident zkey points).
    /// Invalid bytes give a wrong result, never undefined behaviour.
    pub fn new_trusted(bytes: &'a [u8]) -> MontBases<'a, F> {
        MontBases { bytes, _f: PhantomData }
    }
}

impl<'a, F: CurveField> BaseSource<F> for MontBases<'a, F> {
    fn len(&self) -> usize {
        self.bytes.len() / Affine::<F>::SERIALIZED_BYTES
    }
    #[inline(always)]
    fn get(&self, i: usize) -> Affine<F> {
        let n = F::BYTES;
        let b = &self.bytes[i * 2 * n..(i + 1) * 2 * n];
        let x = F::read_mont_raw(&b[..n]);
        let y = F::read_mont_raw(&b[n..]);
        if x.is_zero() && y.is_zero() {
            Affine::IDENTITY
        } else {
            Affine::new(x, y)
        }
    }
}

/// Where the MSM reads its scalars from: canonical (not Montgomery) values below r, as 8 LE 32-bit limbs.
pub trait ScalarSource {
    fn len(&self) -> usize;
    fn limbs(&self, i: usize) -> [u32; 8];
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl ScalarSource for [[u32; 8]] {
    fn len(&self) -> usize {
        <[[u32; 8]]>::len(self)
    }
    #[inline(always)]
    fn limbs(&self, i: usize) -> [u32; 8] {
        self[i]
    }
}

/// 32-byte canonical little-endian scalars (the `.wtns` layout). Values ≥ r are reduced by the group order
/// implicitly (r·P = O), so they give the same result as their reduction.
pub struct CanonicalScalars<'a>(pub &'a [u8]);

impl<'a> ScalarSource for CanonicalScalars<'a> {
    fn len(&self) -> usize {
        self.0.len() / 32
    }
    #[inline(always)]
    fn limbs(&self, i: usize) -> [u32; 8] {
        crate::field::limbs_from_le(&self.0[32 * i..32 * i + 32])
    }
}

/// Window width for n points: minimises windows × (n affine additions + bucket reduction).
pub fn window_bits(n: usize) -> u32 {
    if n < 32 {
        return 3;
    }
    let mut best = (u64::MAX, 3u32);
    for c in 3u32..=16 {
        let windows = ((255 + c - 1) / c) as u64;
        // ~6 multiplications per batch-affine addition, ~27 per bucket in the running-sum reduction.
        let cost = windows * (6 * n as u64 + 27 * (1u64 << (c - 1)));
        if cost < best.0 {
            best = (cost, c);
        }
    }
    best.1
}

/// Σ scalars[i]·bases[i]. Bases and scalars must have the same length.
pub fn msm<F: CurveField, B: BaseSource<F> + ?Sized, S: ScalarSource + ?Sized>(bases: &B, scalars: &S) -> Jacobian<F> {
    msm_with_window(bases, scalars, window_bits(bases.len()))
}

/// Σ over i in `start..end` only: the unit of work a worker takes when one MSM is split by point ranges.
pub fn msm_range<F: CurveField, B: BaseSource<F> + ?Sized, S: ScalarSource + ?Sized>(
    bases: &B,
    scalars: &S,
    start: usize,
    end: usize,
) -> Jacobian<F> {
    let r = Range { bases, scalars, start, end, _f: PhantomData };
    msm_with_window(&RangeBases(&r), &RangeScalars(&r), window_bits(end - start))
}

struct Range<'a, F, B: ?Sized, S: ?Sized> {
    bases: &'a B,
    scalars: &'a S,
    start: usize,
    end: usize,
    _f: PhantomData<F>,
}
struct RangeBases<'a, 'b, F, B: ?Sized, S: ?Sized>(&'b Range<'a, F, B, S>);
struct RangeScalars<'a, 'b, F, B: ?Sized, S: ?Sized>(&'b Range<'a, F, B, S>);

impl<'a, 'b, F: CurveField, B: BaseSource<F> + ?Sized, S: ?Sized> BaseSource<F> for RangeBases<'a, 'b, F, B, S> {
    fn len(&self) -> usize {
        self.0.end - self.0.start
    }
    #[inline(always)]
    fn get(&self, i: usize) -> Affine<F> {
        self.0.bases.get(self.0.start + i)
    }
}
impl<'a, 'b, F, B: ?Sized, S: ScalarSource + ?Sized> ScalarSource for RangeScalars<'a, 'b, F, B, S> {
    fn len(&self) -> usize {
        self.0.end - self.0.start
    }
    #[inline(always)]
    fn limbs(&self, i: usize) -> [u32; 8] {
        self.0.scalars.limbs(self.0.start + i)
    }
}

/// MSM with Fr scalars in Montgomery form (converted once to canonical limbs).
pub fn msm_fr<F: CurveField, B: BaseSource<F> + ?Sized>(bases: &B, scalars: &[Fr]) -> Jacobian<F> {
    let canon: Vec<[u32; 8]> = scalars.iter().map(|s| s.to_canonical_limbs()).collect();
    msm(bases, &canon[..])
}

#[inline(always)]
fn window_value(l: &[u32; 8], offset: u32, c: u32) -> u32 {
    let idx = (offset / 32) as usize;
    let sh = offset % 32;
    if idx >= 8 {
        return 0;
    }
    let lo = l[idx] as u64;
    let hi = if idx + 1 < 8 { l[idx + 1] as u64 } else { 0 };
    ((((hi << 32) | lo) >> sh) as u32) & ((1u32 << c) - 1)
}

/// Pending affine additions bucket[i] += point, executed together with one inversion. A point whose bucket
/// already waits in the batch goes instead into that bucket's Jacobian overflow accumulator (mixed addition):
/// this keeps inputs with many equal digits (a witness full of 0/1 values, the short top window) linear.
struct Batch<F> {
    bucket: Vec<u32>,
    point: Vec<Affine<F>>,
    denom: Vec<F>,
    scratch: Vec<F>,
    /// busy[b] == true while bucket b has an addition in this batch.
    busy: Vec<bool>,
    overflow: Vec<Jacobian<F>>,
    cap: usize,
}

impl<F: CurveField> Batch<F> {
    fn new(buckets: usize, cap: usize) -> Batch<F> {
        Batch {
            bucket: Vec::with_capacity(cap),
            point: Vec::with_capacity(cap),
            denom: Vec::with_capacity(cap),
            scratch: vec![F::ZERO; cap],
            busy: vec![false; buckets],
            overflow: vec![Jacobian::IDENTITY; buckets],
            cap,
        }
    }

    #[inline(always)]
    fn insert(&mut self, buckets: &mut [Affine<F>], b: u32, p: Affine<F>) {
        let bi = b as usize;
        if self.busy[bi] {
            self.overflow[bi] = self.overflow[bi].add_affine(&p);
        } else if buckets[bi].infinity {
            buckets[bi] = p;
        } else {
            self.busy[bi] = true;
            self.bucket.push(b);
            self.point.push(p);
            if self.bucket.len() == self.cap {
                self.flush(buckets);
            }
        }
    }

    fn flush(&mut self, buckets: &mut [Affine<F>]) {
        let k = self.bucket.len();
        if k == 0 {
            return;
        }
        self.denom.clear();
        for j in 0..k {
            let a = &buckets[self.bucket[j] as usize];
            let p = &self.point[j];
            let d = if a.x == p.x {
                // equal points double (denominator 2y); opposite points cancel (zero: skipped by the inversion)
                if a.y == p.y {
                    a.y.double()
                } else {
                    F::ZERO
                }
            } else {
                p.x - a.x
            };
            self.denom.push(d);
        }
        crate::field::batch_inverse(&mut self.denom[..k], &mut self.scratch[..k]);
        for j in 0..k {
            let bi = self.bucket[j] as usize;
            self.busy[bi] = false;
            let a = buckets[bi];
            let p = self.point[j];
            let inv = self.denom[j];
            if inv.is_zero() {
                buckets[bi] = Affine::IDENTITY;
                continue;
            }
            let lambda = if a.x == p.x {
                let xx = a.x.square();
                (xx.double() + xx) * inv
            } else {
                (p.y - a.y) * inv
            };
            let x3 = lambda.square() - a.x - p.x;
            let y3 = lambda * (a.x - x3) - a.y;
            buckets[bi] = Affine::new(x3, y3);
        }
        self.bucket.clear();
        self.point.clear();
    }
}

/// Pippenger with window width `c` (3..=16).
pub fn msm_with_window<F: CurveField, B: BaseSource<F> + ?Sized, S: ScalarSource + ?Sized>(
    bases: &B,
    scalars: &S,
    c: u32,
) -> Jacobian<F> {
    let n = bases.len().min(scalars.len());
    if n == 0 {
        return Jacobian::IDENTITY;
    }
    let windows = (255 + c - 1) / c;
    let half = 1u32 << (c - 1);
    let nbuckets = half as usize;
    let cap = (nbuckets / 4).clamp(64, 2048).min(n.max(1));
    let mut buckets = vec![Affine::<F>::IDENTITY; nbuckets];
    let mut batch = Batch::<F>::new(nbuckets, cap);
    let mut carry = vec![0u8; n];
    let mut window_sums: Vec<Jacobian<F>> = Vec::with_capacity(windows as usize);
    for w in 0..windows {
        let last = w + 1 == windows;
        for i in 0..n {
            let raw = window_value(&scalars.limbs(i), w * c, c) + carry[i] as u32;
            let (digit, neg) = if raw >= half && !last {
                carry[i] = 1;
                let d = (1u32 << c) - raw; // raw - 2^c < 0
                (d, true)
            } else {
                carry[i] = 0;
                (raw, false)
            };
            if digit == 0 {
                continue;
            }
            let p = bases.get(i);
            if p.infinity {
                continue;
            }
            batch.insert(&mut buckets, digit - 1, if neg { p.neg() } else { p });
        }
        batch.flush(&mut buckets);
        // Σ (b+1)·bucket[b] by a running sum from the top bucket down.
        let mut running = Jacobian::<F>::IDENTITY;
        let mut sum = Jacobian::<F>::IDENTITY;
        for (b, o) in buckets.iter_mut().zip(batch.overflow.iter_mut()).rev() {
            running = running.add_affine(b);
            if !o.is_identity() {
                running = running.add(o);
                *o = Jacobian::IDENTITY;
            }
            sum = sum.add(&running);
            *b = Affine::IDENTITY;
        }
        window_sums.push(sum);
    }
    let mut acc = Jacobian::<F>::IDENTITY;
    for s in window_sums.iter().rev() {
        for _ in 0..c {
            acc = acc.double();
        }
        acc = acc.add(s);
    }
    acc
}

#[cfg(test)]
mod tests;
