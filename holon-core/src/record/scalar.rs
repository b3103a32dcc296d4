//! A record's plain values and their canonical text: the text an atom is
//! hashed from (`80`, `80.0` and `8e1` are one atom; `"80"` is another).

use crate::atom::{AtomHasher, AtomKey};
use crate::error::Error;

/// A plain value whose filler is the atom of its canonical text.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Scalar<'a> {
    /// Text, as is.
    Str(&'a str),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// A signed integer, in decimal.
    Int(i64),
    /// An unsigned integer, in decimal.
    Uint(u64),
    /// A finite float: in decimal without fraction when it is a whole number
    /// below 2^63 in magnitude (so `80.0` and `80` are the same atom, and
    /// `-0.0` is `0`), otherwise in Rust's shortest round-trip form (`0.5`,
    /// `1e-7` as `0.0000001`) — that needs the default `float-text` feature,
    /// without which it is [`Error::Unsupported`]. NaN and infinities are
    /// rejected with [`Error::NonFinite`].
    Float(f64),
}

impl Scalar<'_> {
    /// The atom key of this scalar's canonical text under `seed`.
    ///
    /// ```
    /// use holon_core::record::Scalar;
    /// use holon_core::AtomKey;
    ///
    /// assert_eq!(Scalar::Uint(80).key(0), Ok(AtomKey::new(0, "80")));
    /// assert_eq!(Scalar::Float(80.0).key(0), Ok(AtomKey::new(0, "80")));
    /// assert_eq!(Scalar::Float(0.5).key(0), Ok(AtomKey::new(0, "0.5")));
    /// assert_eq!(Scalar::Bool(true).key(0), Ok(AtomKey::new(0, "true")));
    /// assert!(Scalar::Float(f64::NAN).key(0).is_err());
    /// ```
    pub fn key(&self, seed: u64) -> Result<AtomKey, Error> {
        let mut hasher = AtomHasher::new(seed);
        match *self {
            Scalar::Str(text) => {
                hasher.update_str(text);
            }
            Scalar::Bool(true) => {
                hasher.update_str("true");
            }
            Scalar::Bool(false) => {
                hasher.update_str("false");
            }
            Scalar::Null => {
                hasher.update_str("null");
            }
            Scalar::Int(value) => {
                if value < 0 {
                    hasher.update_str("-");
                }
                hasher.update_decimal(value.unsigned_abs());
            }
            Scalar::Uint(value) => {
                hasher.update_decimal(value);
            }
            Scalar::Float(value) => {
                if !value.is_finite() {
                    return Err(Error::NonFinite);
                }
                // 2^63: whole numbers below it print as integers.
                const WHOLE_LIMIT: f64 = 9_223_372_036_854_775_808.0;
                if libm::trunc(value) == value && libm::fabs(value) < WHOLE_LIMIT {
                    let whole = value as i64;
                    if whole < 0 {
                        hasher.update_str("-");
                    }
                    hasher.update_decimal(whole.unsigned_abs());
                } else {
                    write_float_text(&mut hasher, value)?;
                }
            }
        }
        Ok(hasher.finish())
    }
}

/// Appends the shortest round-trip text of a finite, non-whole float.
#[cfg(feature = "float-text")]
fn write_float_text(hasher: &mut AtomHasher, value: f64) -> Result<(), Error> {
    use core::fmt::Write;
    write!(hasher, "{value}").map_err(|_| Error::NonFinite)
}

/// Without the `float-text` feature non-whole floats have no canonical text.
#[cfg(not(feature = "float-text"))]
fn write_float_text(_: &mut AtomHasher, _: f64) -> Result<(), Error> {
    Err(Error::Unsupported {
        what: "non-whole float text (enable the `float-text` feature)",
    })
}
