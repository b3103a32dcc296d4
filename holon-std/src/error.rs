//! Why a document could not be encoded.

use std::fmt;

/// Every way encoding can fail; none of them is a panic.
#[derive(Debug)]
#[non_exhaustive]
pub enum EncodeError {
    /// The input is not valid JSON (or nests deeper than the parser allows).
    #[cfg(feature = "json")]
    Json(serde_json::Error),
    /// The input bytes are not UTF-8.
    InvalidUtf8 {
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// A `$` marker object is malformed: wrong keys, wrong types, bad values.
    Marker(String),
    /// The record encoder refused the structure (too deep, a NaN, …).
    Record(holon_core::Error),
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            #[cfg(feature = "json")]
            EncodeError::Json(e) => write!(f, "invalid JSON: {e}"),
            EncodeError::InvalidUtf8 { offset } => {
                write!(f, "invalid UTF-8 at byte {offset}")
            }
            EncodeError::Marker(why) => write!(f, "malformed marker: {why}"),
            EncodeError::Record(e) => write!(f, "cannot encode: {e}"),
        }
    }
}

impl std::error::Error for EncodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            #[cfg(feature = "json")]
            EncodeError::Json(e) => Some(e),
            EncodeError::Record(e) => Some(e),
            _ => None,
        }
    }
}

#[cfg(feature = "json")]
impl From<serde_json::Error> for EncodeError {
    fn from(e: serde_json::Error) -> Self {
        EncodeError::Json(e)
    }
}

impl From<holon_core::Error> for EncodeError {
    fn from(e: holon_core::Error) -> Self {
        EncodeError::Record(e)
    }
}
