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
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::LengthMismatch { expected, found } => {
                write!(f, "expected {expected} components, found {found}")
            }
            Error::InvalidTrit { index } => write!(
                f,
                "component {index} is not a trit (-1, 0, +1 or '-', '0', '+')"
            ),
        }
    }
}

impl core::error::Error for Error {}
