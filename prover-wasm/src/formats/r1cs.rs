//! circom constraint system (`.r1cs`, version 1): header (section 1) and constraints (section 2), each constraint
//! three linear combinations A, B, C of (wire, coefficient) with coefficients little-endian in standard form.
use super::binfile::{read_u32, read_u64, slice, BinFile};
use super::error::{FormatError, Result};
use super::zkey::{check_prime, FR_BYTES};
use super::BN254_R_LE;

pub struct R1csHeader {
    pub n_wires: u32,
    pub n_pub_out: u32,
    pub n_pub_in: u32,
    pub n_prv_in: u32,
    pub n_labels: u64,
    pub n_constraints: u32,
}

impl R1csHeader {
    pub fn n_public(&self) -> u32 {
        self.n_pub_out + self.n_pub_in
    }
}

/// One term of a linear combination: wire index and its coefficient (32 bytes LE, standard form).
pub type Term<'a> = (u32, &'a [u8]);

pub struct Constraint<'a> {
    pub a: Vec<Term<'a>>,
    pub b: Vec<Term<'a>>,
    pub c: Vec<Term<'a>>,
}

pub struct R1cs<'a> {
    pub header: R1csHeader,
    pub constraints: Vec<Constraint<'a>>,
}

fn read_lc<'a>(b: &'a [u8], at: &mut usize, n_wires: u32) -> Result<Vec<Term<'a>>> {
    let n = read_u32(b, *at, "linear combination length")? as usize;
    *at += 4;
    if n > b.len() / (4 + FR_BYTES) {
        return Err(FormatError::Truncated(format!("linear combination of {} terms at byte {}", n, *at)));
    }
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        let w = read_u32(b, *at, "wire index")?;
        if w >= n_wires {
            return Err(FormatError::Corrupt(format!("wire {} out of range (circuit has {} wires)", w, n_wires)));
        }
        v.push((w, slice(b, *at + 4, FR_BYTES, "coefficient")?));
        *at += 4 + FR_BYTES;
    }
    Ok(v)
}

impl<'a> R1cs<'a> {
    pub fn parse(data: &'a [u8]) -> Result<R1cs<'a>> {
        let f = BinFile::parse(data, b"r1cs", "r1cs")?;
        let h = f.section(1)?;
        let at = check_prime(h, 0, &BN254_R_LE, "r1cs prime")?;
        let header = R1csHeader {
            n_wires: read_u32(h, at, "nWires")?,
            n_pub_out: read_u32(h, at + 4, "nPubOut")?,
            n_pub_in: read_u32(h, at + 8, "nPubIn")?,
            n_prv_in: read_u32(h, at + 12, "nPrvIn")?,
            n_labels: read_u64(h, at + 16, "nLabels")?,
            n_constraints: read_u32(h, at + 24, "nConstraints")?,
        };
        if header.n_public() as u64 + header.n_prv_in as u64 + 1 > header.n_wires as u64 {
            return Err(FormatError::Corrupt("more inputs and outputs than wires".into()));
        }
        let body = f.section(2)?;
        let mut at = 0usize;
        let mut constraints = Vec::with_capacity((header.n_constraints as usize).min(body.len() / 12));
        for _ in 0..header.n_constraints {
            let a = read_lc(body, &mut at, header.n_wires)?;
            let b = read_lc(body, &mut at, header.n_wires)?;
            let c = read_lc(body, &mut at, header.n_wires)?;
            constraints.push(Constraint { a, b, c });
        }
        if at != body.len() {
            return Err(FormatError::Corrupt(format!("{} bytes after the last constraint", body.len() - at)));
        }
        Ok(R1cs { header, constraints })
    }
}
