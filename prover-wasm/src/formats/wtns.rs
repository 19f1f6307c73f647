//! circom witness (`.wtns`, version 2): header (section 1: field size, prime, count) and the values (section 2),
//! each little-endian in standard (not Montgomery) form.
use super::binfile::{read_u32, BinFile, BinWriter};
use super::error::{FormatError, Result};
use super::zkey::{check_prime, FR_BYTES};
use super::BN254_R_LE;

pub struct Wtns<'a> {
    pub n_witness: u32,
    /// n_witness values of 32 bytes.
    pub values: &'a [u8],
}

pub fn parse_header(sec1: &[u8]) -> Result<u32> {
    let at = check_prime(sec1, 0, &BN254_R_LE, "witness prime")?;
    read_u32(sec1, at, "witness count")
}

pub fn check_values(n_witness: u32, values: &[u8]) -> Result<()> {
    let want = n_witness as usize * FR_BYTES;
    if values.len() < want {
        return Err(FormatError::Truncated(format!(
            "witness values section has {} bytes, header announces {} values ({} bytes)",
            values.len(),
            n_witness,
            want
        )));
    }
    if values.len() > want {
        return Err(FormatError::Corrupt(format!("witness values section has {} bytes, expected {}", values.len(), want)));
    }
    Ok(())
}

/// A witness belongs to a circuit when it has one value per signal and signal 0 is the constant 1.
pub fn check_against(n_witness: u32, values: &[u8], n_vars: u32) -> Result<()> {
    if n_witness != n_vars {
        return Err(FormatError::WitnessMismatch(format!(
            "the witness has {} values, the circuit has {} signals",
            n_witness, n_vars
        )));
    }
    let mut one = [0u8; FR_BYTES];
    one[0] = 1;
    if values.get(..FR_BYTES) != Some(&one[..]) {
        return Err(FormatError::WitnessMismatch("the witness's first value (the constant signal) is not 1".into()));
    }
    Ok(())
}

impl<'a> Wtns<'a> {
    pub fn parse(data: &'a [u8]) -> Result<Wtns<'a>> {
        let f = BinFile::parse(data, b"wtns", "wtns")?;
        let n_witness = parse_header(f.section(1)?)?;
        let values = f.section(2)?;
        check_values(n_witness, values)?;
        Ok(Wtns { n_witness, values })
    }
}

pub fn write(values: &[u8]) -> Vec<u8> {
    let mut w = BinWriter::new(b"wtns", 2, 2);
    let mut h = Vec::new();
    h.extend_from_slice(&32u32.to_le_bytes());
    h.extend_from_slice(&BN254_R_LE);
    h.extend_from_slice(&((values.len() / FR_BYTES) as u32).to_le_bytes());
    w.section(1, &h);
    w.section(2, values);
    w.out
}
