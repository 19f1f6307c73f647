//! The one error type of the file readers and the prover; `code()` is the number the C ABI returns and the
//! TypeScript side maps back to a `ProverError` code.
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The file ends before a header or section it announces.
    Truncated(String),
    /// Bad magic, version, section table or an index out of range.
    Corrupt(String),
    /// The file's prime is not BN254's.
    WrongCurve(String),
    /// A zkey for another protocol (PLONK, FFLONK).
    WrongProtocol(u32),
    /// Witness and zkey (or r1cs) do not belong to the same circuit.
    WitnessMismatch(String),
    /// The witness does not satisfy the circuit (the proof failed its self-check).
    WitnessUnsatisfied,
    /// A size beyond what this build supports (domain larger than 2^28, sizes that overflow).
    TooLarge(String),
}

impl FormatError {
    pub fn code(&self) -> i32 {
        match self {
            FormatError::Truncated(_) => 1,
            FormatError::Corrupt(_) => 2,
            FormatError::WrongCurve(_) => 3,
            FormatError::WrongProtocol(_) => 4,
            FormatError::WitnessMismatch(_) => 5,
            FormatError::WitnessUnsatisfied => 6,
            FormatError::TooLarge(_) => 7,
        }
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::Truncated(m) => write!(f, "file is truncated: {}", m),
            FormatError::Corrupt(m) => write!(f, "file is corrupt: {}", m),
            FormatError::WrongCurve(m) => write!(f, "wrong curve: {}", m),
            FormatError::WrongProtocol(p) => write!(f, "zkey protocol {} is not Groth16 (1)", p),
            FormatError::WitnessMismatch(m) => write!(f, "witness does not belong to this circuit: {}", m),
            FormatError::WitnessUnsatisfied => write!(f, "the witness does not satisfy the circuit's constraints"),
            FormatError::TooLarge(m) => write!(f, "too large: {}", m),
        }
    }
}

pub type Result<T> = std::result::Result<T, FormatError>;
