//! The iden3 binary container shared by `.zkey`, `.wtns`, `.r1cs` and `.ptau`: 4-byte magic, u32 version,
//! u32 section count, then sections of (u32 id, u64 length, bytes), all little-endian.
use super::error::{FormatError, Result};

pub struct BinFile<'a> {
    pub version: u32,
    data: &'a [u8],
    /// (id, offset, length) in file order.
    sections: Vec<(u32, usize, usize)>,
}

pub fn read_u32(b: &[u8], at: usize, what: &str) -> Result<u32> {
    match b.get(at..at + 4) {
        Some(s) => Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]])),
        None => Err(FormatError::Truncated(format!("{} at byte {}", what, at))),
    }
}

pub fn read_u64(b: &[u8], at: usize, what: &str) -> Result<u64> {
    match b.get(at..at + 8) {
        Some(s) => {
            let mut a = [0u8; 8];
            a.copy_from_slice(s);
            Ok(u64::from_le_bytes(a))
        }
        None => Err(FormatError::Truncated(format!("{} at byte {}", what, at))),
    }
}

pub fn slice<'a>(b: &'a [u8], at: usize, len: usize, what: &str) -> Result<&'a [u8]> {
    at.checked_add(len)
        .and_then(|end| b.get(at..end))
        .ok_or_else(|| FormatError::Truncated(format!("{} ({} bytes at {})", what, len, at)))
}

impl<'a> BinFile<'a> {
    pub fn parse(data: &'a [u8], magic: &[u8; 4], kind: &str) -> Result<BinFile<'a>> {
        if data.len() < 12 {
            return Err(FormatError::Truncated(format!("{} header needs 12 bytes, file has {}", kind, data.len())));
        }
        if &data[0..4] != magic {
            return Err(FormatError::Corrupt(format!(
                "not a {} file (magic {:?}, expected {:?})",
                kind,
                String::from_utf8_lossy(&data[0..4]),
                String::from_utf8_lossy(magic)
            )));
        }
        let version = read_u32(data, 4, "version")?;
        let n = read_u32(data, 8, "section count")? as usize;
        let mut sections = Vec::with_capacity(n.min(64));
        let mut at = 12usize;
        for i in 0..n {
            let id = read_u32(data, at, "section id")?;
            let len = read_u64(data, at + 4, "section length")?;
            let len = usize::try_from(len).map_err(|_| FormatError::TooLarge(format!("section {} length {}", id, len)))?;
            at += 12;
            if at.checked_add(len).map_or(true, |end| end > data.len()) {
                return Err(FormatError::Truncated(format!(
                    "{} section #{} (id {}) announces {} bytes at offset {}, file has {}",
                    kind,
                    i,
                    id,
                    len,
                    at,
                    data.len()
                )));
            }
            sections.push((id, at, len));
            at += len;
        }
        Ok(BinFile { version, data, sections })
    }

    /// The one section with this id; a missing or repeated section is corruption.
    pub fn section(&self, id: u32) -> Result<&'a [u8]> {
        let mut found = self.sections.iter().filter(|s| s.0 == id);
        match (found.next(), found.next()) {
            (Some(&(_, at, len)), None) => Ok(&self.data[at..at + len]),
            (None, _) => Err(FormatError::Corrupt(format!("section {} is missing", id))),
            _ => Err(FormatError::Corrupt(format!("section {} appears more than once", id))),
        }
    }

    /// (offset, length) of the section inside the file, for callers that slice the file themselves.
    pub fn section_range(&self, id: u32) -> Result<(usize, usize)> {
        let s = self.section(id)?;
        Ok((s.as_ptr() as usize - self.data.as_ptr() as usize, s.len()))
    }
}

/// Builds a container in memory, section by section.
pub struct BinWriter {
    pub out: Vec<u8>,
}

impl BinWriter {
    pub fn new(magic: &[u8; 4], version: u32, n_sections: u32) -> BinWriter {
        BinWriter::with_capacity(magic, version, n_sections, 0)
    }

    /// `body_bytes`: the sum of the sections' bodies, so a large file is allocated once (a growing Vec briefly
    /// holds its old and its doubled buffer, which is what runs a 4 GB WASM instance out of memory).
    pub fn with_capacity(magic: &[u8; 4], version: u32, n_sections: u32, body_bytes: usize) -> BinWriter {
        let mut out = Vec::with_capacity(12 + 12 * n_sections as usize + body_bytes);
        out.extend_from_slice(magic);
        out.extend_from_slice(&version.to_le_bytes());
        out.extend_from_slice(&n_sections.to_le_bytes());
        BinWriter { out }
    }

    pub fn section(&mut self, id: u32, body: &[u8]) {
        self.section_parts(id, &[body]);
    }

    /// A section whose body is the concatenation of `parts`, written without joining them first.
    pub fn section_parts(&mut self, id: u32, parts: &[&[u8]]) {
        self.out.extend_from_slice(&id.to_le_bytes());
        let len: usize = parts.iter().map(|p| p.len()).sum();
        self.out.extend_from_slice(&(len as u64).to_le_bytes());
        for p in parts {
            self.out.extend_from_slice(p);
        }
    }
}
