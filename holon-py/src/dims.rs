//! The dimensions Python can ask for, and how a runtime `dims` reaches the
//! core's const-generic types.
//!
//! The core computes at a dimension fixed in the type: `Vector<4096>`. The
//! package compiles the powers of two from 256 to 65 536 ([`SUPPORTED`]).
//! Any other `dims` from 1 to 65 536 is served by the prefix property
//! (DESIGN §1): the vector is computed at the smallest supported dimension
//! that holds it and its first `dims` components are returned, which is
//! exactly what a core compiled at `dims` would give. Element-wise
//! operations on such vectors pad them with zeros, which changes no
//! component of the result and no dot product or norm. Rotation
//! (`permute`) breaks the prefix property and so needs a supported `dims`.

use pyo3::exceptions::{PyOverflowError, PyValueError};
use pyo3::prelude::*;

/// Dimensions compiled into the package.
pub const SUPPORTED: [usize; 9] = [256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536];

/// The largest `dims` accepted.
pub const MAX_DIMS: usize = 65536;

/// A `dims` argument from Python: any `int`; one below 1 or beyond 64 bits
/// is a `ValueError` (not an `OverflowError`), like every unsupported
/// dimension.
#[derive(Debug, Clone, Copy)]
pub struct DimsArg(pub usize);

impl<'py> FromPyObject<'_, 'py> for DimsArg {
    type Error = PyErr;

    fn extract(obj: Borrowed<'_, 'py, PyAny>) -> Result<Self, Self::Error> {
        let n = obj.extract::<i64>().map_err(|e| {
            if e.is_instance_of::<PyOverflowError>(obj.py()) {
                PyValueError::new_err(format!("dims is above the largest supported, {MAX_DIMS}"))
            } else {
                e
            }
        })?;
        usize::try_from(n)
            .ok()
            .filter(|&d| d >= 1)
            .map(DimsArg)
            .ok_or_else(|| PyValueError::new_err("dims must be at least 1"))
    }
}

/// The compiled dimension that computes vectors of `dims` components: the
/// smallest supported one `>= dims`.
pub fn compute_dims(dims: usize) -> PyResult<usize> {
    if dims == 0 {
        return Err(PyValueError::new_err("dims must be at least 1"));
    }
    SUPPORTED
        .iter()
        .copied()
        .find(|&d| d >= dims)
        .ok_or_else(|| {
            PyValueError::new_err(format!(
                "dims {dims} is above the largest supported, {MAX_DIMS}"
            ))
        })
}

/// `dims` itself when it is compiled in; otherwise a `ValueError` naming
/// `what` (for types whose state is a whole vector, such as a detector).
pub fn exact_dims(dims: usize, what: &str) -> PyResult<usize> {
    if SUPPORTED.contains(&dims) {
        Ok(dims)
    } else {
        Err(PyValueError::new_err(format!(
            "{what} works at a power of two from 256 to 65536, not dims {dims}"
        )))
    }
}

/// Runs `$body` with `const $D: usize` set to `$compute`, one of
/// [`SUPPORTED`] (as returned by [`compute_dims`] or [`exact_dims`]).
macro_rules! with_dims {
    ($compute:expr, $D:ident => $body:expr) => {
        match $compute {
            256 => {
                const $D: usize = 256;
                $body
            }
            512 => {
                const $D: usize = 512;
                $body
            }
            1024 => {
                const $D: usize = 1024;
                $body
            }
            2048 => {
                const $D: usize = 2048;
                $body
            }
            4096 => {
                const $D: usize = 4096;
                $body
            }
            8192 => {
                const $D: usize = 8192;
                $body
            }
            16384 => {
                const $D: usize = 16384;
                $body
            }
            32768 => {
                const $D: usize = 32768;
                $body
            }
            _ => {
                const $D: usize = 65536;
                $body
            }
        }
    };
}
pub(crate) use with_dims;
