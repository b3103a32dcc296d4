//! Return codes: 0 for success, a negative `HOLON_E_*` for each way a call
//! can be refused. A refused call writes nothing to its outputs.

use core::ffi::c_int;

use holon_core::Error;

/// Success.
pub const HOLON_OK: c_int = 0;
/// A required pointer was NULL.
pub const HOLON_E_NULL: c_int = -1;
/// `dims` is 0, larger than `holon_max_dims()`, not a dimension this build
/// stores at (engram banks), or different from the one an accumulator or
/// bank was set up with.
pub const HOLON_E_DIMS: c_int = -2;
/// An input vector has a component other than -1, 0 or +1.
pub const HOLON_E_TRIT: c_int = -3;
/// A parameter is out of its domain: a scale or period that is not positive
/// and finite, a NaN or infinite float value, an unknown value kind,
/// two handles that must differ being the same.
pub const HOLON_E_PARAM: c_int = -4;
/// A name or string value is not valid UTF-8.
pub const HOLON_E_UTF8: c_int = -5;
/// Engram bytes are malformed: wrong magic, version, dimension, length or
/// checksum, or a bad name, threshold or trit code.
pub const HOLON_E_ENGRAM: c_int = -6;
/// Too many: engrams for the bank's capacity, fields for
/// `HOLON_MAX_FIELDS`, terms for a record's sums.
pub const HOLON_E_CAPACITY: c_int = -7;
/// Caller storage is too small or misaligned (see `HOLON_STORAGE_ALIGN`),
/// or a handle does not point at storage a `*_init` / `*_load` set up.
pub const HOLON_E_STORAGE: c_int = -8;
/// A record's fields are not sorted by name (byte order), or a name repeats.
pub const HOLON_E_UNSORTED: c_int = -9;
/// This build cannot do it: a non-whole float in a record without the
/// `float-text` feature.
pub const HOLON_E_UNSUPPORTED: c_int = -10;
/// A slot-id table has the wrong length for the record.
pub const HOLON_E_SLOTS: c_int = -11;

/// The code of a core error.
pub(crate) fn code_of(error: Error) -> c_int {
    match error {
        Error::InvalidTrit { .. } => HOLON_E_TRIT,
        Error::LengthMismatch { .. } | Error::DimensionMismatch { .. } => HOLON_E_DIMS,
        Error::NonFinite | Error::InvalidParameter { .. } => HOLON_E_PARAM,
        Error::Unsupported { .. } => HOLON_E_UNSUPPORTED,
        Error::CapacityExceeded { .. } | Error::TooWide { .. } | Error::TooDeep { .. } => {
            HOLON_E_CAPACITY
        }
        _ => HOLON_E_ENGRAM,
    }
}

/// `Ok(())` as [`HOLON_OK`], an error as its code.
pub(crate) fn status(result: Result<(), c_int>) -> c_int {
    match result {
        Ok(()) => HOLON_OK,
        Err(code) => code,
    }
}
