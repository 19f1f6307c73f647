//! Pippenger multi-scalar multiplication for G1 and G2: signed-digit windows, buckets accumulated in affine
//! coordinates with batched inversions (Montgomery's trick), window size chosen from the number of points, and
//! scalars halved along the curve's endomorphism (GLV on G1, ψ on G2) by `msm_auto`.
//! Works on any sub-range of bases/scalars, so a pool of single-threaded WASM instances can split one MSM by
//! point ranges and add the partial results.

use core::marker::PhantomData;

use crate::curve::{Affine, CurveField, Endomorphism, Jacobian, PointError};
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

/// Window width for n points with any 256-bit scalars.
pub fn window_bits(n: usize) -> u32 {
    window_bits_for(n, 256)
}

/// Windows of width `c` over scalars below 2^bits: all signed but the top one (`pippenger`).
fn windows_for(bits: u32, c: u32) -> u32 {
    (bits + c - 1) / c
}

/// Buckets of each window: 2^(c−1) signed digits, or the top window's unsigned range when that is wider.
fn buckets_for(bits: u32, c: u32) -> usize {
    let top_bits = bits - (windows_for(bits, c) - 1) * c;
    (1usize << (c - 1)).max(1 << top_bits)
}

/// Window width for n points with scalars below 2^bits, the one with the fewest multiplications in all: per
/// window, an affine addition (about 6) for each point that is not the first in its bucket, and for each bucket
/// in the reduction two additions and two copies of its point (into its row and its column), weighed as 14.
/// With 12 (the additions alone) the model chose 16 bits for 2^17 points, where 13 measured 5% faster on G1
/// and G2 (single thread: 489 against 516 ms, 1,416 against 1,491); from 2^18 points 16 bits stay the choice.
pub fn window_bits_for(n: usize, bits: u32) -> u32 {
    if n < 32 {
        return 3;
    }
    let mut best = (f64::MAX, 3u32);
    for c in 3u32..=16 {
        let windows = windows_for(bits, c) as f64;
        let buckets = (1u64 << (c - 1)) as f64;
        let first_in_bucket = buckets * (1.0 - (-(n as f64) / buckets).exp());
        let cost = windows * (6.0 * (n as f64 - first_in_bucket) + 14.0 * buckets);
        if cost < best.0 {
            best = (cost, c);
        }
    }
    best.1
}

/// Σ scalars[i]·bases[i]. Bases and scalars must have the same length.
pub fn msm<F: CurveField, B: BaseSource<F> + ?Sized, S: ScalarSource + ?Sized>(bases: &B, scalars: &S) -> Jacobian<F> {
    let n = bases.len().min(scalars.len());
    // Bases are read (and converted from snarkjs's layout) once, not once per window.
    let points: Vec<Affine<F>> = (0..n).map(|i| bases.get(i)).collect();
    msm_auto(&points, scalars)
}

/// Σ over i in `start..end` only: the unit of work a worker takes when one MSM is split by point ranges.
pub fn msm_range<F: CurveField, B: BaseSource<F> + ?Sized, S: ScalarSource + ?Sized>(
    bases: &B,
    scalars: &S,
    start: usize,
    end: usize,
) -> Jacobian<F> {
    let r = Range { bases, scalars, start, end, _f: PhantomData };
    msm(&RangeBases(&r), &RangeScalars(&r))
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

/// Sign flag on a sorted point index: the bucket takes −P.
const NEG: u32 = 1 << 31;

/// Per-window working memory, allocated once per MSM.
struct Scratch<F> {
    /// Signed digit of each point in the current window: bucket + 1 (0 = no bucket), NEG when negated.
    digit: Vec<u32>,
    /// Start of each bucket's run in `work` (counting-sort offsets), and how many points the run holds now.
    start: Vec<u32>,
    len: Vec<u32>,
    /// Points in bucket order; each pass of the tree halves every run.
    work: Vec<Affine<F>>,
    denom: Vec<F>,
    inv_scratch: Vec<F>,
}

/// Pairs whose denominators share one inversion: enough to make the inversion's cost (about 300 multiplications)
/// a small share, few enough that the block's points are still in cache when its additions read them again.
const INVERSION_BLOCK: usize = 2048;

/// Σ of each bucket's run by a pairwise tree in affine coordinates: every pass adds disjoint pairs in all buckets,
/// a block of buckets at a time with one shared inversion (Montgomery's trick), so runs of any length (a witness
/// full of 0/1 values puts most points in one bucket) stay at about 5M+1S per addition. Leaves `work[start[b]]`
/// as the bucket's point when `len[b]` is 1, nothing when 0.
fn accumulate<F: CurveField>(s: &mut Scratch<F>) {
    let nb = s.start.len();
    loop {
        let mut added = false;
        let mut first = 0;
        while first < nb {
            s.denom.clear();
            let mut end = first;
            while end < nb && s.denom.len() < INVERSION_BLOCK {
                push_denominators(s, end);
                end += 1;
            }
            if !s.denom.is_empty() {
                added = true;
                let pairs = s.denom.len();
                // A block outgrows INVERSION_BLOCK only by its last bucket's run (all of it when every scalar is
                // equal): the buffers grow to that instead of being sized for the worst case up front.
                if s.inv_scratch.len() < pairs {
                    s.inv_scratch.resize(pairs, F::ZERO);
                }
                F::batch_inverse(&mut s.denom[..pairs], &mut s.inv_scratch[..pairs]);
                add_pairs(s, first, end);
            }
            first = end;
        }
        if !added {
            return;
        }
    }
}

/// The denominators of bucket b's pairs (2k, 2k+1): x_q − x_p, 2y for equal points, zero for opposite ones.
#[inline(always)]
fn push_denominators<F: CurveField>(s: &mut Scratch<F>, b: usize) {
    let (st, l) = (s.start[b] as usize, s.len[b] as usize);
    let mut k = 0;
    while k + 1 < l {
        let p = &s.work[st + k];
        let q = &s.work[st + k + 1];
        let d = if p.x == q.x {
            // equal points double (denominator 2y); opposite points cancel (zero: skipped by the inversion)
            if p.y == q.y {
                p.y.double()
            } else {
                F::ZERO
            }
        } else {
            // unreduced (below 2p, never a multiple of p here): it only feeds products
            q.x.sub_unreduced(&p.x)
        };
        s.denom.push(d);
        k += 2;
    }
}

/// Adds the pairs of buckets `first..end` with their inverted denominators, halving each run in place.
fn add_pairs<F: CurveField>(s: &mut Scratch<F>, first: usize, end: usize) {
    let mut at = 0;
    for b in first..end {
        let (st, l) = (s.start[b] as usize, s.len[b] as usize);
        if l < 2 {
            continue;
        }
        // In place: pair k reads slots 2k, 2k+1 and writes slot ≤ k.
        let mut out = st;
        let mut k = 0;
        while k + 1 < l {
            let p = s.work[st + k];
            let q = s.work[st + k + 1];
            let inv = s.denom[at];
            at += 1;
            k += 2;
            if inv.is_zero() {
                continue; // P + (−P)
            }
            let lambda = if p.x == q.x {
                let xx = p.x.square();
                xx.double().add_unreduced(&xx) * inv
            } else {
                q.y.sub_unreduced(&p.y) * inv
            };
            let x3 = lambda.square() - p.x - q.x;
            let y3 = lambda * p.x.sub_unreduced(&x3) - p.y;
            s.work[out] = Affine::new(x3, y3);
            out += 1;
        }
        if l % 2 == 1 {
            s.work[out] = s.work[st + l - 1];
            out += 1;
        }
        s.len[b] = (out - st) as u32;
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
    // Bases are read (and converted from snarkjs's layout) once, not once per window.
    let points: Vec<Affine<F>> = (0..n).map(|i| bases.get(i)).collect();
    msm_points(&points, scalars, c)
}

/// Pippenger over bases already in memory (a worker's cached table), any 256-bit scalars, window width `c`.
pub fn msm_points<F: CurveField, S: ScalarSource + ?Sized>(points: &[Affine<F>], scalars: &S, c: u32) -> Jacobian<F> {
    let n = points.len().min(scalars.len());
    let (finite, limbs): (Vec<Affine<F>>, Vec<[u32; 8]>) =
        (0..n).filter(|&i| !points[i].infinity).map(|i| (points[i], scalars.limbs(i))).unzip();
    pippenger(&finite, &limbs[..], c, 256)
}

/// Σ over bases in memory with the window chosen from n, through the curve's endomorphism when it has one.
pub fn msm_auto<F: CurveField, S: ScalarSource + ?Sized>(points: &[Affine<F>], scalars: &S) -> Jacobian<F> {
    match F::endomorphism() {
        Some(e) => msm_split(points, scalars, &e),
        None => msm_points(points, scalars, window_bits(points.len())),
    }
}

/// k·P = k0·P + k1·φ(P) with k0, k1 below 2^128: Pippenger over the 2n points P, φ(P) with half-length scalars
/// does about the same number of bucket additions, but reduces half as many windows and affords a wider one.
/// φ(P) costs a few multiplications per point, once per call.
pub fn msm_split<F: CurveField, S: ScalarSource + ?Sized>(points: &[Affine<F>], scalars: &S, e: &Endomorphism<F>) -> Jacobian<F> {
    let n = points.len().min(scalars.len());
    let finite: Vec<u32> = (0..n as u32).filter(|&i| !points[i as usize].infinity).collect();
    let m = finite.len();
    // P then φ(P) in one table, filled in two passes so no second copy of the images is ever held.
    let mut pts = Vec::with_capacity(2 * m);
    let mut halves = vec![[0u32; 8]; 2 * m];
    let mut negate_image = Vec::with_capacity(m);
    for (k, &i) in finite.iter().enumerate() {
        let p = &points[i as usize];
        let [(k0, neg0), (k1, neg1)] = (e.split)(&scalars.limbs(i as usize));
        pts.push(Affine::new(p.x, if neg0 { -p.y } else { p.y }));
        halves[k] = u128_limbs(k0);
        halves[m + k] = u128_limbs(k1);
        negate_image.push(neg1);
    }
    for (&i, neg) in finite.iter().zip(negate_image) {
        let q = (e.map)(&points[i as usize]);
        pts.push(Affine::new(q.x, if neg { -q.y } else { q.y }));
    }
    pippenger(&pts, &halves[..], window_bits_for(2 * m, 128), 128)
}

fn u128_limbs(k: u128) -> [u32; 8] {
    [k as u32, (k >> 32) as u32, (k >> 64) as u32, (k >> 96) as u32, 0, 0, 0, 0]
}

/// Pippenger with window width `c` for scalars below 2^bits, over finite points only (the callers drop the point
/// at infinity, so the per-window digit pass reads scalars alone, not the points). Digits are signed, in
/// [−2^(c−1), 2^(c−1)], but in the top window, which takes what is left of the scalar and the carry unsigned: no
/// window is spent on the carry alone, and 128-bit halves take 8 windows of 16 bits.
fn pippenger<F: CurveField, S: ScalarSource + ?Sized>(points: &[Affine<F>], scalars: &S, c: u32, bits: u32) -> Jacobian<F> {
    let n = points.len().min(scalars.len());
    if n == 0 {
        return Jacobian::IDENTITY;
    }
    let windows = windows_for(bits, c);
    let half = 1u32 << (c - 1);
    let nbuckets = buckets_for(bits, c);
    let mut s = Scratch::<F> {
        digit: vec![0; n],
        start: vec![0; nbuckets],
        len: vec![0; nbuckets],
        work: vec![Affine::IDENTITY; n],
        denom: Vec::new(),
        inv_scratch: Vec::new(),
    };
    let mut grid = Scratch::<F> {
        digit: Vec::new(),
        start: Vec::new(),
        len: Vec::new(),
        work: Vec::with_capacity(2 * nbuckets),
        denom: Vec::new(),
        inv_scratch: Vec::new(),
    };
    let mut carry = vec![0u8; n];
    let mut window_sums: Vec<Jacobian<F>> = Vec::with_capacity(windows as usize);
    for w in 0..windows {
        let last = w + 1 == windows;
        s.len.iter_mut().for_each(|l| *l = 0);
        for (i, (cy, dg)) in carry.iter_mut().zip(s.digit.iter_mut()).enumerate() {
            let raw = window_value(&scalars.limbs(i), w * c, c) + *cy as u32;
            let (digit, neg) = if raw >= half && !last {
                *cy = 1;
                ((1u32 << c) - raw, NEG) // raw - 2^c < 0
            } else {
                *cy = 0;
                (raw, 0)
            };
            if digit == 0 {
                *dg = 0;
                continue;
            }
            *dg = digit | neg;
            s.len[(digit - 1) as usize] += 1;
        }
        let used = s.len.iter().rposition(|&l| l > 0).map_or(0, |b| b + 1);
        // Counting sort of the points into bucket runs.
        let mut at = 0u32;
        for b in 0..used {
            s.start[b] = at;
            at += s.len[b];
            s.len[b] = 0;
        }
        for (&d, p) in s.digit.iter().zip(points) {
            if d == 0 {
                continue;
            }
            let b = ((d & !NEG) - 1) as usize;
            let slot = (s.start[b] + s.len[b]) as usize;
            s.len[b] += 1;
            s.work[slot] = Affine::new(p.x, if d & NEG != 0 { -p.y } else { p.y });
        }
        s.start.truncate(used);
        s.len.truncate(used);
        accumulate(&mut s);
        window_sums.push(reduce_buckets(&s, &mut grid));
        s.start.resize(nbuckets, 0);
        s.len.resize(nbuckets, 0);
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

/// Σ (b+1)·B_b over the accumulated buckets B_b of `s`, through a grid: with b = h·L + l (L a power of two near
/// √buckets), Σ (b+1)·B_b = L·Σ_h h·R_h + Σ_l (l+1)·C_l for the row sums R_h = Σ_l B_{hL+l} and the column sums
/// C_l = Σ_h B_{hL+l}. The rows and columns are runs that `accumulate` sums in affine with shared inversions
/// (two additions per bucket, about 12 multiplications), leaving two short Jacobian running sums; a running sum
/// over all buckets costs about 27 multiplications per bucket.
fn reduce_buckets<F: CurveField>(s: &Scratch<F>, grid: &mut Scratch<F>) -> Jacobian<F> {
    let used = s.start.len();
    if used == 0 {
        return Jacobian::IDENTITY;
    }
    let log_used = usize::BITS - (used - 1).leading_zeros();
    let log_cols = (log_used + 1) / 2;
    let cols = 1usize << log_cols;
    let rows = (used + cols - 1) / cols;
    grid.start.clear();
    grid.len.clear();
    grid.work.clear();
    // Runs 0..rows are the rows, rows..rows + cols the columns.
    for (k, step, count) in (0..rows).map(|h| (h * cols, 1, cols)).chain((0..cols).map(|l| (l, cols, rows))) {
        let first = grid.work.len();
        for b in (k..used).step_by(step).take(count) {
            if s.len[b] == 1 {
                // Points are copied as coordinates here and in the sort: LLVM turns a whole 76-byte struct copy
                // into a call to compiler-builtins' memcpy, a byte loop on wasm32 (7% of the MSM here).
                let p = &s.work[s.start[b] as usize];
                grid.work.push(Affine::new(p.x, p.y));
            }
        }
        grid.start.push(first as u32);
        grid.len.push((grid.work.len() - first) as u32);
    }
    accumulate(grid);
    // Σ (k − first + 1)·X_k over the sums X_k of runs first..end: a running sum from the last run down.
    let sum = |runs: core::ops::Range<usize>, grid: &Scratch<F>| {
        let mut running = Jacobian::<F>::IDENTITY;
        let mut total = Jacobian::<F>::IDENTITY;
        for k in runs.rev() {
            if grid.len[k] == 1 {
                running = running.add_affine(&grid.work[grid.start[k] as usize]);
            }
            total = total.add(&running);
        }
        total
    };
    // Rows from 1 on: row h weighs h. Columns: column l weighs l + 1.
    let mut acc = sum(1..rows, grid);
    for _ in 0..log_cols {
        acc = acc.double();
    }
    acc.add(&sum(rows..rows + cols, grid))
}

#[cfg(test)]
mod tests;
