//! The one error type of `holon-core`.
//!
//! Every fallible public operation returns [`Error`]; nothing in the crate
//! panics on bad input. Dimension mismatch is not an error here: the dimension
//! is part of the type, so it cannot happen at run time.

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
        }
    }
}

impl core::error::Error for Error {}
