//! C ABI of the Groth16 layer (`g16_*`): every call takes (pointer, length) pairs into this instance's memory and
//! returns 0 or a `FormatError` code; results and error messages wait in per-instance buffers the caller reads
//! with `g16_result_ptr/len` and `g16_error_ptr/len` before the next call.
use crate::curve::{CurveField, Jacobian};
use crate::field::{Fq, Fq2, Fr};
use crate::ceremony;
use crate::formats::binfile::read_u32;
use crate::formats::error::{FormatError, Result};
use crate::formats::{wtns, zkey};
use crate::curve::{G1Affine, G2Affine};
use crate::groth16::proof::{finish, g1_to_le, g2_to_le, msm_cached, point, points, table_points, BlindingFactors, MsmSums, Proof};
use crate::groth16::verifier::{verify, VerifyingKey};
use crate::groth16::qap::{build_ab, join_abc, pointwise_mul, to_odd_coset, witness_raw};
use std::cell::RefCell;

/// A base table resident in this instance (converted once per zkey, reused by every proof).
enum Table {
    G1(Vec<G1Affine>),
    G2(Vec<G2Affine>),
}

thread_local! {
    static RESULT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static ERROR: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static TABLES: RefCell<Vec<Option<Table>>> = const { RefCell::new(Vec::new()) };
}

fn done(r: Result<Vec<u8>>) -> i32 {
    match r {
        Ok(v) => {
            RESULT.with(|b| *b.borrow_mut() = v);
            0
        }
        Err(e) => {
            ERROR.with(|b| *b.borrow_mut() = e.to_string().into_bytes());
            RESULT.with(|b| *b.borrow_mut() = Vec::new());
            e.code()
        }
    }
}

unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if len == 0 {
        &[]
    } else {
        std::slice::from_raw_parts(ptr, len)
    }
}

#[no_mangle]
pub extern "C" fn g16_alloc(len: usize) -> *mut u8 {
    let mut v = Vec::<u8>::with_capacity(len.max(1));
    let p = v.as_mut_ptr();
    std::mem::forget(v);
    p
}

/// # Safety
/// `ptr` must come from `g16_alloc(len)` and not be freed twice.
#[no_mangle]
pub unsafe extern "C" fn g16_free(ptr: *mut u8, len: usize) {
    drop(Vec::from_raw_parts(ptr, 0, len.max(1)));
}

#[no_mangle]
pub extern "C" fn g16_result_ptr() -> *const u8 {
    RESULT.with(|b| b.borrow().as_ptr())
}

#[no_mangle]
pub extern "C" fn g16_result_len() -> usize {
    RESULT.with(|b| b.borrow().len())
}

#[no_mangle]
pub extern "C" fn g16_error_ptr() -> *const u8 {
    ERROR.with(|b| b.borrow().as_ptr())
}

#[no_mangle]
pub extern "C" fn g16_error_len() -> usize {
    ERROR.with(|b| b.borrow().len())
}

/// The size of this instance's linear memory in bytes (it only grows, so after a proof it is the proof's peak).
/// Result: u64 LE.
#[no_mangle]
pub extern "C" fn g16_memory_bytes() -> i32 {
    #[cfg(target_arch = "wasm32")]
    let bytes = core::arch::wasm32::memory_size(0) as u64 * 65536;
    #[cfg(not(target_arch = "wasm32"))]
    let bytes = 0u64;
    done(Ok(bytes.to_le_bytes().to_vec()))
}

fn u32s(v: &[u32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// Validates a zkey from its sections 1 and 2, the lengths of sections 3..9 (7 u32) and the coefficient count.
/// Result: nVars, nPublic, domainSize (u32 each).
///
/// # Safety
/// Pointers must be valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn g16_zkey_header(
    s1: *const u8,
    s1_len: usize,
    s2: *const u8,
    s2_len: usize,
    lens: *const u8,
    n_coefs: u32,
) -> i32 {
    let lens = bytes(lens, 28);
    done((|| {
        zkey::parse_protocol(bytes(s1, s1_len))?;
        let h = zkey::parse_header(bytes(s2, s2_len))?;
        zkey::check_lengths(&h, n_coefs, &|id| read_u32(lens, (id as usize - 3) * 4, "len").unwrap_or(0) as usize)?;
        for (p, what) in [(&h.alpha1, "alpha1"), (&h.beta1, "beta1"), (&h.delta1, "delta1")].iter() {
            crate::groth16::proof::point::<Fq>(p, what)?;
        }
        for (p, what) in [(&h.beta2, "beta2"), (&h.gamma2, "gamma2"), (&h.delta2, "delta2")].iter() {
            crate::groth16::proof::point::<Fq2>(p, what)?;
        }
        Ok(u32s(&[h.n_vars, h.n_public, h.domain_size]))
    })())
}

/// Validates a witness header and its values section against a circuit of `n_vars` signals. Result: nWitness.
///
/// # Safety
/// Pointers must be valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn g16_wtns_check(s1: *const u8, s1_len: usize, values: *const u8, values_len: usize, n_vars: u32) -> i32 {
    done((|| {
        let n = wtns::parse_header(bytes(s1, s1_len))?;
        let v = bytes(values, values_len);
        wtns::check_values(n, v)?;
        wtns::check_against(n, v, n_vars)?;
        Ok(u32s(&[n]))
    })())
}

/// A, B, C on the n-domain from the coefficient records (without the count) and the witness values.
/// Result: 3·n field elements, Montgomery little-endian.
///
/// # Safety
/// Pointers must be valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn g16_build_abc(coefs: *const u8, coefs_len: usize, wit: *const u8, wit_len: usize, domain_size: u32) -> i32 {
    done((|| {
        let w = witness_raw(bytes(wit, wit_len))?;
        let (a, b) = build_ab(bytes(coefs, coefs_len), &w, domain_size as usize)?;
        let c = pointwise_mul(&a, &b);
        let mut out = Vec::with_capacity(a.len() * 96);
        for v in [a, b, c].iter() {
            for x in v.iter() {
                out.extend_from_slice(&x.to_mont_bytes());
            }
        }
        Ok(out)
    })())
}

fn frs(b: &[u8]) -> Result<Vec<Fr>> {
    b.chunks_exact(32)
        .map(|c| Fr::from_mont_bytes(c).ok_or_else(|| FormatError::Corrupt("field element not below r".into())))
        .collect()
}

/// n-domain evaluations (Montgomery LE) → odd-coset evaluations, same layout.
///
/// # Safety
/// Pointers must be valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn g16_odd_coset(evals: *const u8, len: usize) -> i32 {
    done((|| {
        // The transform is linear: elements read without their Montgomery conversion come out right when
        // written back the same way.
        let mut v = bytes(evals, len)
            .chunks_exact(32)
            .map(|c| Fr::from_unconverted_mont_bytes(c).ok_or_else(|| FormatError::Corrupt("field element not below r".into())))
            .collect::<Result<Vec<Fr>>>()?;
        if !v.len().is_power_of_two() {
            return Err(FormatError::Corrupt("NTT size is not a power of two".into()));
        }
        to_odd_coset(&mut v)?;
        Ok(v.iter().flat_map(|x| x.to_unconverted_mont_bytes()).collect())
    })())
}

/// H scalars A·B − C from three coset evaluation vectors (Montgomery LE); result standard-form LE.
///
/// # Safety
/// Pointers must be valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn g16_join_abc(a: *const u8, b: *const u8, c: *const u8, len: usize) -> i32 {
    done((|| {
        let h = join_abc(&frs(bytes(a, len))?, &frs(bytes(b, len))?, &frs(bytes(c, len))?);
        let mut out = Vec::with_capacity(32 * h.len());
        for l in &h {
            out.extend_from_slice(&crate::field::limbs_to_le(l));
        }
        Ok(out)
    })())
}

fn jacobian_bytes<F: CurveField>(p: &Jacobian<F>) -> Vec<u8> {
    let n = F::BYTES;
    let mut out = vec![0u8; 3 * n];
    p.x.write_mont(&mut out[..n]);
    p.y.write_mont(&mut out[n..2 * n]);
    p.z.write_mont(&mut out[2 * n..]);
    out
}

fn jacobian_sum<F: CurveField>(b: &[u8]) -> Result<Jacobian<F>> {
    let n = F::BYTES;
    let mut acc = Jacobian::<F>::IDENTITY;
    for c in b.chunks_exact(3 * n) {
        let f = |o: usize| F::read_mont(&c[o..o + n]).ok_or_else(|| FormatError::Corrupt("partial sum coordinate".into()));
        acc = acc.add(&Jacobian { x: f(0)?, y: f(n)?, z: f(2 * n)? });
    }
    Ok(acc)
}

/// Checks and converts a zkey point table (group 1 or 2) and keeps it in this instance. Result: its handle (u32).
///
/// # Safety
/// Pointers must be valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn g16_table_load(group: u32, pts: *const u8, pts_len: usize) -> i32 {
    done(checked_table(group, bytes(pts, pts_len)).map(|t| {
        TABLES.with(|ts| {
            let mut ts = ts.borrow_mut();
            let h = ts.iter().position(|t| t.is_none()).unwrap_or(ts.len());
            if h == ts.len() {
                ts.push(None);
            }
            ts[h] = Some(t);
            u32s(&[h as u32])
        })
    }))
}

/// Releases a table from `g16_table_load`.
#[no_mangle]
pub extern "C" fn g16_table_free(handle: u32) -> i32 {
    TABLES.with(|ts| {
        if let Some(t) = ts.borrow_mut().get_mut(handle as usize) {
            *t = None;
        }
    });
    done(Ok(Vec::new()))
}

/// Σ sᵢ·Pᵢ over a resident table and standard-form LE scalars. Result: Jacobian (x, y, z) Montgomery LE.
///
/// # Safety
/// Pointers must be valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn g16_table_msm(handle: u32, sc: *const u8, sc_len: usize) -> i32 {
    let sc = bytes(sc, sc_len);
    done(TABLES.with(|ts| match ts.borrow().get(handle as usize) {
        Some(Some(t)) => table_msm(t, sc),
        _ => Err(FormatError::Corrupt(format!("no point table {} in this worker", handle))),
    }))
}

/// Σ sᵢ·Pᵢ over a zkey point table (group 1 or 2) that is checked and converted for this call only: how a worker
/// runs a range resident in another worker that is still busy. Result: as `g16_table_msm`.
///
/// # Safety
/// Pointers must be valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn g16_msm(group: u32, pts: *const u8, pts_len: usize, sc: *const u8, sc_len: usize) -> i32 {
    done(checked_table(group, bytes(pts, pts_len)).and_then(|t| table_msm(&t, bytes(sc, sc_len))))
}

/// A zkey point table of group 1 or 2, each point checked (on the curve) and converted.
fn checked_table(group: u32, pts: &[u8]) -> Result<Table> {
    match group {
        1 => Ok(Table::G1(table_points::<Fq>(pts, "G1")?)),
        2 => Ok(Table::G2(table_points::<Fq2>(pts, "G2")?)),
        _ => Err(FormatError::Corrupt(format!("group {} is neither G1 nor G2", group))),
    }
}

/// Σ sᵢ·Pᵢ over a table and standard-form LE scalars, as Jacobian (x, y, z) Montgomery LE.
fn table_msm(t: &Table, sc: &[u8]) -> Result<Vec<u8>> {
    match t {
        Table::G1(p) => msm_cached::<Fq>(p, sc, "G1").map(|r| jacobian_bytes(&r)),
        Table::G2(p) => msm_cached::<Fq2>(p, sc, "G2").map(|r| jacobian_bytes(&r)),
    }
}

fn fr_from_random(b: &[u8]) -> Fr {
    let mut l = crate::field::limbs_from_le(&b[..32]);
    l[7] &= 0x3fff_ffff;
    Fr::from_limbs_reduced(l)
}

/// The proof from the zkey header (section 2), partial MSM sums (concatenated Jacobians: A, B1, C, H in G1;
/// B2 in G2) and 32 random bytes each for r and s. Result: 256-byte proof (standard-form LE affine).
///
/// # Safety
/// Pointers must be valid for their lengths; `r` and `s` for 32 bytes.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn g16_finish(
    s2: *const u8,
    s2_len: usize,
    a: *const u8,
    a_len: usize,
    b1: *const u8,
    b1_len: usize,
    b2: *const u8,
    b2_len: usize,
    c: *const u8,
    c_len: usize,
    h: *const u8,
    h_len: usize,
    r: *const u8,
    s: *const u8,
) -> i32 {
    done((|| {
        let header = zkey::parse_header(bytes(s2, s2_len))?;
        let sums = MsmSums {
            a: jacobian_sum::<Fq>(bytes(a, a_len))?,
            b1: jacobian_sum::<Fq>(bytes(b1, b1_len))?,
            b2: jacobian_sum::<Fq2>(bytes(b2, b2_len))?,
            c: jacobian_sum::<Fq>(bytes(c, c_len))?,
            h: jacobian_sum::<Fq>(bytes(h, h_len))?,
        };
        let k = BlindingFactors { r: fr_from_random(bytes(r, 32)), s: fr_from_random(bytes(s, 32)) };
        Ok(finish(&header, &sums, &k)?.to_le_bytes())
    })())
}

/// The verification key of a zkey (section 2 and the IC section) in the layout `g16_verify` reads: alpha1, beta2,
/// gamma2, delta2, then the IC points, standard-form LE affine.
///
/// # Safety
/// Pointers must be valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn g16_zkey_vk(s2: *const u8, s2_len: usize, ic: *const u8, ic_len: usize) -> i32 {
    done((|| {
        let h = zkey::parse_header(bytes(s2, s2_len))?;
        let mut out = vec![0u8; 448];
        g1_to_le(&point::<Fq>(&h.alpha1, "alpha1")?, &mut out[..64]);
        g2_to_le(&point::<Fq2>(&h.beta2, "beta2")?, &mut out[64..192]);
        g2_to_le(&point::<Fq2>(&h.gamma2, "gamma2")?, &mut out[192..320]);
        g2_to_le(&point::<Fq2>(&h.delta2, "delta2")?, &mut out[320..448]);
        for p in points::<Fq>(bytes(ic, ic_len), "IC")?.iter() {
            let mut b = [0u8; 64];
            g1_to_le(p, &mut b);
            out.extend_from_slice(&b);
        }
        Ok(out)
    })())
}

/// The deterministic development ceremony (UNSAFE for production), in three calls so workers can share the
/// point tables: `setup_info` gives the G1 and G2 table sizes (u32 each), `setup_points` the points of one range
/// (`g2` 0 or 1), `setup_assemble` the `.zkey` from all points. `power` 0 picks the smallest powers of tau.
///
/// # Safety
/// Pointers must be valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn g16_setup_info(r1cs: *const u8, r1cs_len: usize, seed: *const u8, seed_len: usize, power: u32) -> i32 {
    done(ceremony::plan(bytes(r1cs, r1cs_len), bytes(seed, seed_len), power)
        .map(|p| u32s(&[p.g1_scalars.len() as u32, p.g2_scalars.len() as u32])))
}

/// # Safety
/// Pointers must be valid for their lengths.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn g16_setup_points(
    r1cs: *const u8,
    r1cs_len: usize,
    seed: *const u8,
    seed_len: usize,
    power: u32,
    g2: u32,
    start: u32,
    end: u32,
) -> i32 {
    done(ceremony::plan(bytes(r1cs, r1cs_len), bytes(seed, seed_len), power).map(|p| {
        let scalars = if g2 == 1 { &p.g2_scalars } else { &p.g1_scalars };
        ceremony::points_range(scalars, g2 == 1, start as usize, end as usize)
    }))
}

/// # Safety
/// Pointers must be valid for their lengths.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn g16_setup_assemble(
    r1cs: *const u8,
    r1cs_len: usize,
    seed: *const u8,
    seed_len: usize,
    power: u32,
    g1: *const u8,
    g1_len: usize,
    g2: *const u8,
    g2_len: usize,
) -> i32 {
    done((|| {
        let p = ceremony::plan(bytes(r1cs, r1cs_len), bytes(seed, seed_len), power)?;
        ceremony::assemble(p, bytes(g1, g1_len), bytes(g2, g2_len))
    })())
}

/// Verifies a proof: key as `g16_zkey_vk` lays it out, public signals (32 bytes each), proof (256 bytes).
/// Result: one byte, 1 = valid.
///
/// # Safety
/// Pointers must be valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn g16_verify(vk: *const u8, vk_len: usize, publics: *const u8, publics_len: usize, proof: *const u8, proof_len: usize) -> i32 {
    done((|| {
        let key = VerifyingKey::from_le_bytes(bytes(vk, vk_len))?;
        let p = Proof::from_le_bytes(bytes(proof, proof_len))?;
        Ok(vec![verify(&key, bytes(publics, publics_len), &p)? as u8])
    })())
}

/// e(α, β) of a verification key as snarkjs's `vk_alphabeta_12` holds it (its pairing is ours to the power λ): 12 standard-form LE Fq in the order
/// c0.c0.c0, c0.c0.c1, c0.c1.c0, …, c1.c2.c1.
///
/// # Safety
/// Pointers must be valid for their lengths.
#[no_mangle]
pub unsafe extern "C" fn g16_alphabeta(vk: *const u8, vk_len: usize) -> i32 {
    done((|| {
        let f = VerifyingKey::from_le_bytes(bytes(vk, vk_len))?.alpha_beta_snarkjs();
        let mut out = Vec::with_capacity(384);
        for f6 in [f.c0, f.c1].iter() {
            for f2 in [f6.c0, f6.c1, f6.c2].iter() {
                out.extend_from_slice(&f2.c0.to_le_bytes());
                out.extend_from_slice(&f2.c1.to_le_bytes());
            }
        }
        Ok(out)
    })())
}
