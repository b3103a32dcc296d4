//! The one error type of `holon-core`.
//!
//! Every fallible public operation returns [`Error`]; nothing in the crate
//! panics on bad input. Dimension mismatch between vectors is not an error
//! here: the dimension is part of the type, so it cannot happen at run time.
//! Bytes from outside (an engram file) can carry another dimension, which is
//! [`Error::DimensionMismatch`].
//!
//! Why one enum and not one error per concern (capacity, parameter, byte
//! format): the concerns meet in single calls — loading an engram file can
//! fail on its bytes, on `D` or on the bank's capacity; encoding a record on
//! its depth, a NaN or a name — so per-concern types would force every such
//! call into a wrapper enum that is this one again. The enum is small
//! (`Copy`, a few words, no strings), `#[non_exhaustive]`, and each variant
//! names one reason a caller can act on: input values (`LengthMismatch`,
//! `InvalidTrit`, `NonFinite`, `InvalidParameter`), record structure
//! (`TooDeep`, `TooWide`, `NotInMap`, `NotInSequence`, `Unbalanced`),
//! capacity (`CapacityExceeded`, `BufferTooSmall`, `NameTooLong`), byte
//! format (`Malformed`, `BadLength`, `ChecksumMismatch`,
//! `UnsupportedVersion`, `DimensionMismatch`) and `Unsupported`. Firmware
//! matches one type, and `defmt` formats it.

use core::fmt;

/// Why an operation could not produce a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Error {
    /// A slice or string had the wrong number of components for the vector's
    /// dimension.
    LengthMismatch {
        /// The dimension `D` of the vector being built.
        expected: usize,
        /// How many components the input had.
        found: usize,
    },
    /// A component was not one of -1, 0, +1 (or `-`, `0`, `+` in text).
    InvalidTrit {
        /// Position of the offending component.
        index: usize,
    },
    /// A record nested maps, lists or sets deeper than the encoder's limit.
    TooDeep {
        /// The encoder's nesting limit (its `DEPTH` parameter).
        limit: usize,
    },
    /// A record, sequence or set had more terms than its sums can count.
    TooWide {
        /// The largest number of terms one collection may hold.
        limit: u64,
    },
    /// A keyed field was given where a sequence or set expects an item.
    NotInMap,
    /// An item was given where a map expects a keyed field.
    NotInSequence,
    /// `end` without an open collection, or `finish` with one still open.
    Unbalanced,
    /// A NaN or infinite number where a finite one is required.
    NonFinite,
    /// The operation needs a feature this build does not have.
    Unsupported {
        /// What is missing.
        what: &'static str,
    },
    /// A parameter of an encoder (a scale, a period, a range) was out of its
    /// domain, e.g. zero, negative, NaN or infinite.
    InvalidParameter {
        /// Which parameter, and what it must be.
        what: &'static str,
    },
    /// An engram name was longer than its fixed capacity.
    NameTooLong {
        /// The largest name, in bytes of UTF-8.
        limit: usize,
    },
    /// A fixed-capacity container (an engram bank) had no room left, or an
    /// input held more items than it can take.
    CapacityExceeded {
        /// The container's capacity.
        capacity: usize,
    },
    /// An output buffer was too short for what was to be written into it.
    BufferTooSmall {
        /// Bytes the output needs.
        needed: usize,
    },
    /// Encoded bytes were structurally invalid (bad magic, unknown flags,
    /// a field out of its domain).
    Malformed {
        /// What was wrong.
        what: &'static str,
    },
    /// Encoded bytes were in a format version this build does not read.
    UnsupportedVersion {
        /// The version found.
        found: u16,
    },
    /// Encoded bytes were made for another dimension than the reader's `D`.
    DimensionMismatch {
        /// The reader's dimension `D`.
        expected: usize,
        /// The dimension the bytes declare.
        found: usize,
    },
    /// Encoded bytes were not the length their header implies (truncated or
    /// extended).
    BadLength {
        /// Bytes the header implies.
        expected: usize,
        /// Bytes present.
        found: usize,
    },
    /// Encoded bytes failed their checksum: corrupted in storage or transit.
    ChecksumMismatch {
        /// The checksum stored in the bytes.
        stored: u32,
        /// The checksum computed over them.
        computed: u32,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::LengthMismatch { expected, found } => {
                write!(f, "expected {expected} components, found {found}")
            }
            Error::TooDeep { limit } => {
                write!(f, "record nests deeper than the limit of {limit} levels")
            }
            Error::TooWide { limit } => {
                write!(f, "a collection holds more than {limit} terms")
            }
            Error::NotInMap => f.write_str("a keyed field outside a map (use an item)"),
            Error::NotInSequence => f.write_str("an item outside a list or set (use a field)"),
            Error::Unbalanced => {
                f.write_str("unbalanced record: end without begin, or begin without end")
            }
            Error::Unsupported { what } => write!(f, "unsupported in this build: {what}"),
            Error::NonFinite => f.write_str("NaN or infinity where a finite number is required"),
            Error::InvalidTrit { index } => write!(
                f,
                "component {index} is not a trit (-1, 0, +1 or '-', '0', '+')"
            ),
            Error::InvalidParameter { what } => write!(f, "invalid parameter: {what}"),
            Error::NameTooLong { limit } => write!(f, "name longer than {limit} bytes"),
            Error::CapacityExceeded { capacity } => {
                write!(f, "capacity of {capacity} exceeded")
            }
            Error::BufferTooSmall { needed } => {
                write!(f, "output buffer too small: {needed} bytes needed")
            }
            Error::Malformed { what } => write!(f, "malformed input: {what}"),
            Error::UnsupportedVersion { found } => {
                write!(f, "unsupported format version {found}")
            }
            Error::DimensionMismatch { expected, found } => {
                write!(f, "encoded for D = {found}, expected D = {expected}")
            }
            Error::BadLength { expected, found } => {
                write!(f, "input is {found} bytes, its header implies {expected}")
            }
            Error::ChecksumMismatch { stored, computed } => write!(
                f,
                "checksum mismatch: stored {stored:#010x}, computed {computed:#010x}"
            ),
        }
    }
}

impl core::error::Error for Error {}
