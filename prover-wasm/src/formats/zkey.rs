//! snarkjs Groth16 proving key (`.zkey`): header (section 2) with the verification key points, then IC (3),
//! QAP coefficients (4), A (5), B1 (6), B2 (7), C (8), H (9) point tables and contributions (10).
//! Points are affine, coordinates little-endian in Montgomery form (R = 2^256), the point at infinity all zeros.
use super::binfile::{read_u32, slice, BinFile, BinWriter};
use super::error::{FormatError, Result};
use super::{BN254_Q_LE, BN254_R_LE};

pub const FR_BYTES: usize = 32;
pub const G1_BYTES: usize = 64;
pub const G2_BYTES: usize = 128;
/// One coefficient record: matrix (0 = A, 1 = B), constraint, signal, value (v * R^2 mod r, little-endian).
pub const COEF_BYTES: usize = 12 + FR_BYTES;
pub const GROTH16_PROTOCOL: u32 = 1;
/// Fr's two-adicity: the largest NTT domain is 2^28.
pub const MAX_DOMAIN_LOG: u32 = 28;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZkeyHeader {
    pub n_vars: u32,
    pub n_public: u32,
    pub domain_size: u32,
    pub alpha1: Vec<u8>,
    pub beta1: Vec<u8>,
    pub beta2: Vec<u8>,
    pub gamma2: Vec<u8>,
    pub delta1: Vec<u8>,
    pub delta2: Vec<u8>,
}

impl ZkeyHeader {
    pub fn domain_log(&self) -> u32 {
        self.domain_size.trailing_zeros()
    }
}

pub fn parse_protocol(sec1: &[u8]) -> Result<()> {
    let p = read_u32(sec1, 0, "zkey protocol id")?;
    if p != GROTH16_PROTOCOL {
        return Err(FormatError::WrongProtocol(p));
    }
    Ok(())
}

pub fn check_prime(b: &[u8], at: usize, expected: &[u8; 32], what: &str) -> Result<usize> {
    let n8 = read_u32(b, at, what)? as usize;
    let p = slice(b, at + 4, n8, what)?;
    if n8 != 32 || p != expected {
        return Err(FormatError::WrongCurve(format!(
            "{} is not BN254's (a {}-byte prime 0x{})",
            what,
            n8,
            p.iter().rev().map(|x| format!("{:02x}", x)).collect::<String>()
        )));
    }
    Ok(at + 4 + n8)
}

pub fn parse_header(sec2: &[u8]) -> Result<ZkeyHeader> {
    let at = check_prime(sec2, 0, &BN254_Q_LE, "zkey base field prime q")?;
    let at = check_prime(sec2, at, &BN254_R_LE, "zkey scalar field prime r")?;
    let n_vars = read_u32(sec2, at, "nVars")?;
    let n_public = read_u32(sec2, at + 4, "nPublic")?;
    let domain_size = read_u32(sec2, at + 8, "domainSize")?;
    let mut p = at + 12;
    let mut take = |len: usize, what: &str| -> Result<Vec<u8>> {
        let s = slice(sec2, p, len, what)?.to_vec();
        p += len;
        Ok(s)
    };
    let alpha1 = take(G1_BYTES, "alpha1")?;
    let beta1 = take(G1_BYTES, "beta1")?;
    let beta2 = take(G2_BYTES, "beta2")?;
    let gamma2 = take(G2_BYTES, "gamma2")?;
    let delta1 = take(G1_BYTES, "delta1")?;
    let delta2 = take(G2_BYTES, "delta2")?;
    if !domain_size.is_power_of_two() || domain_size.trailing_zeros() > MAX_DOMAIN_LOG {
        return Err(FormatError::Corrupt(format!("domainSize {} is not a power of two up to 2^28", domain_size)));
    }
    if n_vars == 0 || n_public >= n_vars || (n_public as u64 + 1) > domain_size as u64 {
        return Err(FormatError::Corrupt(format!(
            "inconsistent sizes: nVars {}, nPublic {}, domainSize {}",
            n_vars, n_public, domain_size
        )));
    }
    Ok(ZkeyHeader { n_vars, n_public, domain_size, alpha1, beta1, beta2, gamma2, delta1, delta2 })
}

/// Expected byte length of each point/coefficient section for a header; `n_coefs` is section 4's count.
pub fn expected_lengths(h: &ZkeyHeader, n_coefs: u32) -> [(u32, usize); 7] {
    let nv = h.n_vars as usize;
    let np = h.n_public as usize;
    [
        (3, (np + 1) * G1_BYTES),
        (4, 4 + n_coefs as usize * COEF_BYTES),
        (5, nv * G1_BYTES),
        (6, nv * G1_BYTES),
        (7, nv * G2_BYTES),
        (8, (nv - np - 1) * G1_BYTES),
        (9, h.domain_size as usize * G1_BYTES),
    ]
}

/// Checks section lengths against the header: `len_of(id)` gives a section's length.
pub fn check_lengths(h: &ZkeyHeader, n_coefs: u32, len_of: &dyn Fn(u32) -> usize) -> Result<()> {
    for (id, want) in expected_lengths(h, n_coefs).iter() {
        let got = len_of(*id);
        if got != *want {
            let kind = if got < *want { "truncated" } else { "oversized" };
            let msg = format!("zkey section {} is {}: {} bytes, header implies {}", id, kind, got, want);
            return Err(if got < *want { FormatError::Truncated(msg) } else { FormatError::Corrupt(msg) });
        }
    }
    Ok(())
}

/// Checks every coefficient record's indices against the header.
pub fn check_coefs(h: &ZkeyHeader, coefs: &[u8]) -> Result<()> {
    for (i, rec) in coefs.chunks_exact(COEF_BYTES).enumerate() {
        let m = read_u32(rec, 0, "coef matrix")?;
        let c = read_u32(rec, 4, "coef constraint")?;
        let s = read_u32(rec, 8, "coef signal")?;
        if m > 1 || c >= h.domain_size || s >= h.n_vars {
            return Err(FormatError::Corrupt(format!(
                "coefficient #{} (matrix {}, constraint {}, signal {}) is out of range",
                i, m, c, s
            )));
        }
    }
    Ok(())
}

/// A parsed proving key borrowing the file's bytes.
pub struct Zkey<'a> {
    pub header: ZkeyHeader,
    pub ic: &'a [u8],
    /// Coefficient records without the leading count.
    pub coefs: &'a [u8],
    pub a: &'a [u8],
    pub b1: &'a [u8],
    pub b2: &'a [u8],
    pub c: &'a [u8],
    pub h: &'a [u8],
}

impl<'a> Zkey<'a> {
    pub fn parse(data: &'a [u8]) -> Result<Zkey<'a>> {
        let f = BinFile::parse(data, b"zkey", "zkey")?;
        parse_protocol(f.section(1)?)?;
        let header = parse_header(f.section(2)?)?;
        let coef_sec = f.section(4)?;
        let n_coefs = read_u32(coef_sec, 0, "coefficient count")?;
        let lens: Vec<(u32, usize)> =
            (3..=9).map(|id| (id, f.section(id).map(|s| s.len()).unwrap_or(0))).collect();
        for id in 3..=9 {
            f.section(id)?;
        }
        check_lengths(&header, n_coefs, &|id| lens.iter().find(|l| l.0 == id).map_or(0, |l| l.1))?;
        check_coefs(&header, &coef_sec[4..])?;
        Ok(Zkey {
            header,
            ic: f.section(3)?,
            coefs: &coef_sec[4..],
            a: f.section(5)?,
            b1: f.section(6)?,
            b2: f.section(7)?,
            c: f.section(8)?,
            h: f.section(9)?,
        })
    }
}

/// Everything a Groth16 zkey holds, as owned bytes in the file's encoding, for writing.
/// The tables are borrowed: a zkey of 2^21 constraints is about a gigabyte, and copies of its parts beside the
/// output would not fit in a 4 GB WASM instance.
pub struct ZkeyParts<'a> {
    pub header: ZkeyHeader,
    pub ic: &'a [u8],
    pub coefs: &'a [u8],
    pub n_coefs: u32,
    pub a: &'a [u8],
    pub b1: &'a [u8],
    pub b2: &'a [u8],
    pub c: &'a [u8],
    pub h: &'a [u8],
    /// Circuit hash (64 bytes) for section 10.
    pub cs_hash: [u8; 64],
    /// One contribution record is written with this name (snarkjs shows it in `zkey verify`/`export json`).
    pub contribution_name: String,
}

pub fn write(p: &ZkeyParts) -> Vec<u8> {
    // sections 1, 2 and 10 are under 2 KB together
    let tables = p.ic.len() + 4 + p.coefs.len() + p.a.len() + p.b1.len() + p.b2.len() + p.c.len() + p.h.len();
    let mut w = BinWriter::with_capacity(b"zkey", 1, 10, tables + 2048);
    w.section(1, &GROTH16_PROTOCOL.to_le_bytes());
    let h = &p.header;
    let mut s2 = Vec::new();
    s2.extend_from_slice(&32u32.to_le_bytes());
    s2.extend_from_slice(&BN254_Q_LE);
    s2.extend_from_slice(&32u32.to_le_bytes());
    s2.extend_from_slice(&BN254_R_LE);
    for v in [h.n_vars, h.n_public, h.domain_size].iter() {
        s2.extend_from_slice(&v.to_le_bytes());
    }
    for pt in [&h.alpha1, &h.beta1, &h.beta2, &h.gamma2, &h.delta1, &h.delta2].iter() {
        s2.extend_from_slice(pt);
    }
    w.section(2, &s2);
    w.section(3, p.ic);
    w.section_parts(4, &[&p.n_coefs.to_le_bytes(), p.coefs]);
    w.section(5, p.a);
    w.section(6, p.b1);
    w.section(7, p.b2);
    w.section(8, p.c);
    w.section(9, p.h);
    // Section 10: csHash, one contribution: deltaAfter, g1_s, g1_sx (G1), g2_spx (G2), 64-byte transcript,
    // type 0, then params: id 1 = name (length-prefixed UTF-8, at most 64 bytes).
    let mut s10 = Vec::new();
    s10.extend_from_slice(&p.cs_hash);
    s10.extend_from_slice(&1u32.to_le_bytes());
    s10.extend_from_slice(&h.delta1);
    s10.extend_from_slice(&h.beta1);
    s10.extend_from_slice(&h.delta1);
    s10.extend_from_slice(&h.delta2);
    s10.extend_from_slice(&[0u8; 64]);
    s10.extend_from_slice(&0u32.to_le_bytes());
    let name = p.contribution_name.as_bytes();
    let name = &name[..name.len().min(64)];
    let mut params = vec![1u8, name.len() as u8];
    params.extend_from_slice(name);
    s10.extend_from_slice(&(params.len() as u32).to_le_bytes());
    s10.extend_from_slice(&params);
    w.section(10, &s10);
    w.out
}
