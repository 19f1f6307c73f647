//! C ABI of the math core for the TypeScript loader: buffers are (pointer, count) pairs in this instance's linear
//! memory, allocated with `prom_alloc`. Calls return 0 (or 1/0 for checks) and a negative `ERR_*` code on bad input;
//! `prom_error_index` names the offending element. Field elements are 32-byte LE; "mont" means Montgomery form as
//! snarkjs stores it; points use snarkjs's layout (x‖y, LE Montgomery, zeros for infinity).

use std::alloc::{alloc, dealloc, Layout};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::curve::{Affine, CurveField, G1Affine, G2Affine, Jacobian};
use crate::field::{Fq, Fq2, Fr};
use crate::msm::{msm, msm_with_window, window_bits_for, CanonicalScalars, MontBases};

/// A point is off the curve or a coordinate is ≥ p.
pub const ERR_INVALID_POINT: i32 = -1;
/// A field element is not below its modulus.
pub const ERR_OUT_OF_RANGE: i32 = -2;
/// A length is not acceptable (NTT size not a power of two ≤ 2^28, zero where items are needed).
pub const ERR_BAD_LENGTH: i32 = -3;
/// Inverse of zero.
pub const ERR_NOT_INVERTIBLE: i32 = -4;
/// Allocation failed (the 4 GiB WASM memory is exhausted).
pub const ERR_OUT_OF_MEMORY: i32 = -5;

static ERROR_INDEX: AtomicU32 = AtomicU32::new(0);

fn fail_at(code: i32, index: usize) -> i32 {
    ERROR_INDEX.store(index as u32, Ordering::Relaxed);
    code
}

/// Index of the element that made the last call fail.
#[no_mangle]
pub extern "C" fn prom_error_index() -> u32 {
    ERROR_INDEX.load(Ordering::Relaxed)
}

/// 8-byte aligned allocation; 0 when memory is exhausted.
#[no_mangle]
pub extern "C" fn prom_alloc(size: usize) -> *mut u8 {
    match Layout::from_size_align(size.max(1), 8) {
        Ok(l) => unsafe { alloc(l) },
        Err(_) => core::ptr::null_mut(),
    }
}

/// # Safety
/// `ptr` must come from `prom_alloc(size)` with the same size, freed once.
#[no_mangle]
pub unsafe extern "C" fn prom_free(ptr: *mut u8, size: usize) {
    if !ptr.is_null() {
        dealloc(ptr, Layout::from_size_align_unchecked(size.max(1), 8));
    }
}

unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if len == 0 {
        &[]
    } else {
        core::slice::from_raw_parts(ptr, len)
    }
}

unsafe fn bytes_mut<'a>(ptr: *mut u8, len: usize) -> &'a mut [u8] {
    if len == 0 {
        &mut []
    } else {
        core::slice::from_raw_parts_mut(ptr, len)
    }
}

/// Reads n Montgomery Fr elements (snarkjs layout); `Err(index)` at the first one not below r.
unsafe fn read_frs(ptr: *const u8, n: usize) -> Result<Vec<Fr>, usize> {
    bytes(ptr, 32 * n).chunks_exact(32).enumerate().map(|(i, c)| Fr::from_mont_bytes(c).ok_or(i)).collect()
}

unsafe fn write_frs(v: &[Fr], ptr: *mut u8) {
    for (x, c) in v.iter().zip(bytes_mut(ptr, 32 * v.len()).chunks_exact_mut(32)) {
        c.copy_from_slice(&x.to_mont_bytes());
    }
}

fn write_point<F: CurveField>(p: &Jacobian<F>, out: &mut [u8]) {
    p.to_affine().write_mont_bytes(out);
}

unsafe fn msm_abi<F: CurveField>(bases: *const u8, scalars: *const u8, n: usize, window: u32, check: u32, out: *mut u8) -> i32 {
    let size = Affine::<F>::SERIALIZED_BYTES;
    let bb = bytes(bases, n * size);
    let src = if check != 0 {
        match MontBases::<F>::new(bb) {
            Ok(s) => s,
            Err((i, _)) => return fail_at(ERR_INVALID_POINT, i),
        }
    } else {
        MontBases::<F>::new_trusted(bb)
    };
    let sc = CanonicalScalars(bytes(scalars, n * 32));
    let r = if window == 0 { msm(&src, &sc) } else { msm_with_window(&src, &sc, window.clamp(3, 16)) };
    write_point(&r, bytes_mut(out, size));
    0
}

/// out (64 bytes) = Σ scalars[i]·bases[i] over n G1 points (64 bytes each, snarkjs layout) and n canonical
/// 32-byte LE scalars. `window` 0 picks the width from n; `check` != 0 validates every base first.
/// A sub-range is the same call on offset pointers.
///
/// # Safety
/// Pointers must address n items each and 64 writable bytes.
#[no_mangle]
pub unsafe extern "C" fn msm_g1(bases: *const u8, scalars: *const u8, n: usize, window: u32, check: u32, out: *mut u8) -> i32 {
    msm_abi::<Fq>(bases, scalars, n, window, check, out)
}

/// The window width an MSM over n points with scalars below 2^bits takes (the GLV split halves 256-bit scalars
/// into 2n points below 2^128): the cost model of `msm`, for benchmarks that count its additions.
#[no_mangle]
pub extern "C" fn msm_window_bits(n: usize, bits: u32) -> u32 {
    window_bits_for(n, bits)
}

/// As `msm_g1` for G2 (128-byte points and result).
///
/// # Safety
/// Pointers must address n items each and 128 writable bytes.
#[no_mangle]
pub unsafe extern "C" fn msm_g2(bases: *const u8, scalars: *const u8, n: usize, window: u32, check: u32, out: *mut u8) -> i32 {
    msm_abi::<Fq2>(bases, scalars, n, window, check, out)
}

unsafe fn add_abi<F: CurveField>(a: *const u8, b: *const u8, out: *mut u8) -> i32 {
    let size = Affine::<F>::SERIALIZED_BYTES;
    let pa = match Affine::<F>::from_mont_bytes(bytes(a, size)) {
        Ok(p) => p,
        Err(_) => return fail_at(ERR_INVALID_POINT, 0),
    };
    let pb = match Affine::<F>::from_mont_bytes(bytes(b, size)) {
        Ok(p) => p,
        Err(_) => return fail_at(ERR_INVALID_POINT, 1),
    };
    write_point(&pa.to_jacobian().add_affine(&pb), bytes_mut(out, size));
    0
}

/// out = a + b on G1 (for summing range MSMs).
///
/// # Safety
/// 64-byte buffers.
#[no_mangle]
pub unsafe extern "C" fn g1_add(a: *const u8, b: *const u8, out: *mut u8) -> i32 {
    add_abi::<Fq>(a, b, out)
}

/// out = a + b on G2.
///
/// # Safety
/// 128-byte buffers.
#[no_mangle]
pub unsafe extern "C" fn g2_add(a: *const u8, b: *const u8, out: *mut u8) -> i32 {
    add_abi::<Fq2>(a, b, out)
}

/// out = k·P on G1 with a canonical 32-byte scalar.
///
/// # Safety
/// 64-byte point and output, 32-byte scalar.
#[no_mangle]
pub unsafe extern "C" fn g1_mul(p: *const u8, k: *const u8, out: *mut u8) -> i32 {
    let pa = match G1Affine::from_mont_bytes(bytes(p, 64)) {
        Ok(p) => p,
        Err(_) => return fail_at(ERR_INVALID_POINT, 0),
    };
    let k = crate::field::limbs_from_le(bytes(k, 32));
    write_point(&pa.to_jacobian().mul_limbs(&k), bytes_mut(out, 64));
    0
}

/// out = k·Q on G2.
///
/// # Safety
/// 128-byte point and output, 32-byte scalar.
#[no_mangle]
pub unsafe extern "C" fn g2_mul(p: *const u8, k: *const u8, out: *mut u8) -> i32 {
    let pa = match G2Affine::from_mont_bytes(bytes(p, 128)) {
        Ok(p) => p,
        Err(_) => return fail_at(ERR_INVALID_POINT, 0),
    };
    let k = crate::field::limbs_from_le(bytes(k, 32));
    write_point(&pa.to_jacobian().mul_limbs(&k), bytes_mut(out, 128));
    0
}

/// Writes the G1 (64 bytes) and G2 (128 bytes) generators.
///
/// # Safety
/// Writable buffers of those sizes.
#[no_mangle]
pub unsafe extern "C" fn generators(g1: *mut u8, g2: *mut u8) {
    crate::curve::g1_generator().write_mont_bytes(bytes_mut(g1, 64));
    crate::curve::g2_generator().write_mont_bytes(bytes_mut(g2, 128));
}

/// 1 when Π e(g1[i], g2[i]) = 1, 0 when not, negative on an invalid point.
///
/// # Safety
/// n G1 points (64 bytes) and n G2 points (128 bytes).
#[no_mangle]
pub unsafe extern "C" fn pairing_check(g1: *const u8, g2: *const u8, n: usize) -> i32 {
    let a = bytes(g1, 64 * n);
    let b = bytes(g2, 128 * n);
    let mut pairs = Vec::with_capacity(n);
    for i in 0..n {
        let p = match G1Affine::from_mont_bytes(&a[64 * i..64 * i + 64]) {
            Ok(p) => p,
            Err(_) => return fail_at(ERR_INVALID_POINT, i),
        };
        let q = match G2Affine::from_mont_bytes(&b[128 * i..128 * i + 128]) {
            Ok(q) => q,
            Err(_) => return fail_at(ERR_INVALID_POINT, i),
        };
        pairs.push((p, q));
    }
    crate::pairing::pairing_check(&pairs) as i32
}

fn ntt_code(r: Result<(), crate::ntt::NttError>) -> i32 {
    match r {
        Ok(()) => 0,
        Err(_) => ERR_BAD_LENGTH,
    }
}

/// In-place forward (inverse != 0: inverse) NTT of n Montgomery Fr elements, natural order, snarkjs's roots.
///
/// # Safety
/// 32·n bytes.
#[no_mangle]
pub unsafe extern "C" fn fr_fft(data: *mut u8, n: usize, inverse: u32) -> i32 {
    let mut a = match read_frs(data, n) {
        Ok(a) => a,
        Err(i) => return fail_at(ERR_OUT_OF_RANGE, i),
    };
    let code = ntt_code(if inverse != 0 { crate::ntt::ifft(&mut a) } else { crate::ntt::fft(&mut a) });
    if code == 0 {
        write_frs(&a, data);
    }
    code
}

/// In-place coset NTT (inverse != 0: its inverse) with a Montgomery Fr shift (32 bytes).
///
/// # Safety
/// 32·n bytes and a 32-byte shift.
#[no_mangle]
pub unsafe extern "C" fn fr_coset_fft(data: *mut u8, n: usize, shift: *const u8, inverse: u32) -> i32 {
    let s = match Fr::from_mont_bytes(bytes(shift, 32)) {
        Some(s) if !s.is_zero() => s,
        _ => return fail_at(ERR_OUT_OF_RANGE, 0),
    };
    let mut a = match read_frs(data, n) {
        Ok(a) => a,
        Err(i) => return fail_at(ERR_OUT_OF_RANGE, i),
    };
    let code = ntt_code(if inverse != 0 { crate::ntt::coset_ifft(&mut a, &s) } else { crate::ntt::coset_fft(&mut a, &s) });
    if code == 0 {
        write_frs(&a, data);
    }
    code
}

/// Writes snarkjs's `Fr.w[log_n]` (which = 0) or its Groth16 coset shift for a 2^log_n domain (which = 1), Montgomery.
///
/// # Safety
/// 32 writable bytes.
#[no_mangle]
pub unsafe extern "C" fn fr_domain_constant(log_n: u32, which: u32, out: *mut u8) -> i32 {
    let v = if which == 0 { Fr::root_of_unity(log_n) } else { Fr::snarkjs_coset_shift(log_n) };
    match v {
        Some(v) => {
            bytes_mut(out, 32).copy_from_slice(&v.to_mont_bytes());
            0
        }
        None => ERR_BAD_LENGTH,
    }
}

macro_rules! field_abi {
    ($F:ident, $to_mont:ident, $from_mont:ident, $op:ident) => {
        /// Canonical → Montgomery, n elements in place; fails on the first value ≥ modulus.
        ///
        /// # Safety
        /// 32·n bytes.
        #[no_mangle]
        pub unsafe extern "C" fn $to_mont(data: *mut u8, n: usize) -> i32 {
            let b = bytes_mut(data, 32 * n);
            for (i, c) in b.chunks_exact_mut(32).enumerate() {
                match $F::from_le_bytes(c) {
                    Some(v) => c.copy_from_slice(&v.to_mont_bytes()),
                    None => return fail_at(ERR_OUT_OF_RANGE, i),
                }
            }
            0
        }

        /// Montgomery → canonical, n elements in place.
        ///
        /// # Safety
        /// 32·n bytes.
        #[no_mangle]
        pub unsafe extern "C" fn $from_mont(data: *mut u8, n: usize) -> i32 {
            let b = bytes_mut(data, 32 * n);
            for (i, c) in b.chunks_exact_mut(32).enumerate() {
                match $F::from_mont_bytes(c) {
                    Some(v) => c.copy_from_slice(&v.to_le_bytes()),
                    None => return fail_at(ERR_OUT_OF_RANGE, i),
                }
            }
            0
        }

        /// out = a op b on Montgomery elements: op 0 add, 1 sub, 2 mul, 3 inverse (of a), 4 square (of a),
        /// 5 sqrt of a (Fq only; ERR_NOT_INVERTIBLE when a is not a square).
        ///
        /// # Safety
        /// 32-byte buffers.
        #[no_mangle]
        pub unsafe extern "C" fn $op(op: u32, a: *const u8, b: *const u8, out: *mut u8) -> i32 {
            let x = match $F::from_mont_bytes(bytes(a, 32)) {
                Some(v) => v,
                None => return fail_at(ERR_OUT_OF_RANGE, 0),
            };
            let y = if op <= 2 {
                match $F::from_mont_bytes(bytes(b, 32)) {
                    Some(v) => v,
                    None => return fail_at(ERR_OUT_OF_RANGE, 1),
                }
            } else {
                $F::ZERO
            };
            let r = match op {
                0 => x + y,
                1 => x - y,
                2 => x * y,
                3 => match x.inverse() {
                    Some(v) => v,
                    None => return ERR_NOT_INVERTIBLE,
                },
                4 => x.square(),
                5 => match field_sqrt(&x) {
                    Some(v) => v,
                    None => return ERR_NOT_INVERTIBLE,
                },
                _ => return ERR_BAD_LENGTH,
            };
            bytes_mut(out, 32).copy_from_slice(&r.to_mont_bytes());
            0
        }
    };
}

trait MaybeSqrt: Sized {
    fn maybe_sqrt(&self) -> Option<Self>;
}
impl MaybeSqrt for Fq {
    fn maybe_sqrt(&self) -> Option<Fq> {
        self.sqrt()
    }
}
impl MaybeSqrt for Fr {
    fn maybe_sqrt(&self) -> Option<Fr> {
        None
    }
}
fn field_sqrt<F: MaybeSqrt>(x: &F) -> Option<F> {
    x.maybe_sqrt()
}

field_abi!(Fr, fr_to_mont, fr_from_mont, fr_op);
field_abi!(Fq, fq_to_mont, fq_from_mont, fq_op);

/// out[0..4] = H(in[0..8], cap[0..4]) over Goldilocks (u64 lanes, little-endian).
///
/// # Safety
/// 8, 4 and 4 u64s, 8-byte aligned.
#[no_mangle]
pub unsafe extern "C" fn poseidon_goldilocks(input: *const u64, cap: *const u64, out: *mut u64) {
    let mut i = [0u64; 8];
    i.copy_from_slice(core::slice::from_raw_parts(input, 8));
    let mut c = [0u64; 4];
    c.copy_from_slice(core::slice::from_raw_parts(cap, 4));
    let h = crate::poseidon::poseidon_goldilocks(&i, &c);
    core::slice::from_raw_parts_mut(out, 4).copy_from_slice(&h);
}

/// n hashes: `states` holds n × 12 lanes (in ‖ cap), `out` n × 4.
///
/// # Safety
/// 12·n and 4·n u64s, 8-byte aligned.
#[no_mangle]
pub unsafe extern "C" fn poseidon_goldilocks_batch(states: *const u64, n: usize, out: *mut u64) {
    if n == 0 {
        return;
    }
    crate::poseidon::poseidon_goldilocks_batch(
        core::slice::from_raw_parts(states, 12 * n),
        core::slice::from_raw_parts_mut(out, 4 * n),
    );
}

/// Keccak-256 of `len` bytes at `data` into the 32 bytes at `out`.
///
/// # Safety
/// `len` readable bytes at `data`, 32 writable at `out`.
#[no_mangle]
pub unsafe extern "C" fn prom_keccak256(data: *const u8, len: usize, out: *mut u8) {
    let input = if len == 0 { &[][..] } else { core::slice::from_raw_parts(data, len) };
    core::slice::from_raw_parts_mut(out, 32).copy_from_slice(&crate::keccak::keccak256(input));
}

/// Field-multiplication probe for `npm run bench -- msm`: `iters` dependent Fq products (op 0) or squares
/// (op 1) from x = 3·y; returns the low canonical limb so the chain cannot be optimised away.
#[no_mangle]
pub extern "C" fn prom_bench_fq(op: u32, iters: u32) -> u32 {
    let y = Fq::from_u64(0x1234_5678_9abc_def1);
    let mut x = Fq::from_u64(3) * y;
    for _ in 0..iters {
        x = if op == 0 { x * y } else { x.square() };
    }
    x.to_canonical_limbs()[0]
}
