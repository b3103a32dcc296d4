//! Numbers, angles and times as vectors whose similarity follows their
//! distance: the table-free encoders of `holon_core::magnitude`.

use core::ffi::c_int;

use holon_core::{magnitude, Error, Vector};

use crate::dims::{at_d, compute_d, write_vector};
use crate::error::{code_of, status, HOLON_E_DIMS};

/// Writes `v` (or the encoder's error) to `out`.
///
/// # Safety
///
/// `out` writable for `dims` bytes.
unsafe fn emit<const D: usize>(
    v: Result<Vector<D>, Error>,
    out: *mut i8,
    dims: usize,
) -> Result<(), c_int> {
    let v = v.map_err(code_of)?;
    // SAFETY: the caller's contract.
    unsafe { write_vector(&v, out, dims) }
}

unsafe fn linear_at<const D: usize>(
    seed: u64,
    value: f64,
    scale: f64,
    out: *mut i8,
    dims: usize,
) -> Result<(), c_int> {
    // SAFETY: forwarded contract.
    unsafe { emit(magnitude::linear::<D>(seed, value, scale), out, dims) }
}

/// The linear encoding of `value` (cosine falls from 1 at equal values to
/// about 0 at a distance of `scale`) into the `dims` components at `out`.
/// A NaN or infinite `value` gives a documented vector, as in core.
///
/// Returns 0, `HOLON_E_NULL`, `HOLON_E_DIMS` or `HOLON_E_PARAM` (`scale`
/// not positive and finite).
///
/// # Safety
///
/// `out` writable for `dims` bytes.
#[no_mangle]
pub unsafe extern "C" fn holon_linear(
    seed: u64,
    value: f64,
    scale: f64,
    out: *mut i8,
    dims: usize,
) -> c_int {
    // SAFETY: forwarded contract.
    status(at_d!(
        compute_d(dims),
        linear_at(seed, value, scale, out, dims),
        Err(HOLON_E_DIMS)
    ))
}

unsafe fn log_at<const D: usize>(
    seed: u64,
    value: f64,
    out: *mut i8,
    dims: usize,
) -> Result<(), c_int> {
    // SAFETY: forwarded contract.
    unsafe { emit(Ok(magnitude::log::<D>(seed, value)), out, dims) }
}

/// The log encoding of `value` (linear on `log10(value)`, 2 decades a
/// scale: equal ratios give equal similarity) into `out`; `value <= 0` and
/// NaN give the zero vector.
///
/// Returns 0, `HOLON_E_NULL` or `HOLON_E_DIMS`.
///
/// # Safety
///
/// `out` writable for `dims` bytes.
#[no_mangle]
pub unsafe extern "C" fn holon_log(seed: u64, value: f64, out: *mut i8, dims: usize) -> c_int {
    // SAFETY: forwarded contract.
    status(at_d!(
        compute_d(dims),
        log_at(seed, value, out, dims),
        Err(HOLON_E_DIMS)
    ))
}

unsafe fn circular_at<const D: usize>(
    seed: u64,
    value: f64,
    period: f64,
    out: *mut i8,
    dims: usize,
) -> Result<(), c_int> {
    // SAFETY: forwarded contract.
    unsafe { emit(magnitude::circular::<D>(seed, value, period), out, dims) }
}

/// The circular encoding of `value` on a circle of `period` (23 h is next
/// to 0 h on a period of 24; opposite points are orthogonal) into `out`.
///
/// Returns 0, `HOLON_E_NULL`, `HOLON_E_DIMS` or `HOLON_E_PARAM` (`period`
/// not positive and finite).
///
/// # Safety
///
/// `out` writable for `dims` bytes.
#[no_mangle]
pub unsafe extern "C" fn holon_circular(
    seed: u64,
    value: f64,
    period: f64,
    out: *mut i8,
    dims: usize,
) -> c_int {
    // SAFETY: forwarded contract.
    status(at_d!(
        compute_d(dims),
        circular_at(seed, value, period, out, dims),
        Err(HOLON_E_DIMS)
    ))
}

unsafe fn time_at<const D: usize>(
    seed: u64,
    unix_seconds: i64,
    out: *mut i8,
    dims: usize,
) -> Result<(), c_int> {
    // SAFETY: forwarded contract.
    unsafe { emit(Ok(magnitude::time::<D>(seed, unix_seconds)), out, dims) }
}

/// The time encoding of `unix_seconds` (UTC): hour of day, day of week and
/// month of year, each circular and bound to its role, bundled.
///
/// Returns 0, `HOLON_E_NULL` or `HOLON_E_DIMS`.
///
/// # Safety
///
/// `out` writable for `dims` bytes.
#[no_mangle]
pub unsafe extern "C" fn holon_time(
    seed: u64,
    unix_seconds: i64,
    out: *mut i8,
    dims: usize,
) -> c_int {
    // SAFETY: forwarded contract.
    status(at_d!(
        compute_d(dims),
        time_at(seed, unix_seconds, out, dims),
        Err(HOLON_E_DIMS)
    ))
}
