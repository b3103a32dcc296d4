//! The magnitude encoders (DESIGN §5) as module functions: numbers, angles
//! and times become vectors whose similarity follows their distance. Each
//! builds the core's encoder at the compiled dimension holding `dims` and
//! returns the first `dims` components (the prefix property: the same
//! vector a core compiled at `dims` gives).

use holon_core::magnitude::{self, LogEncoder};
use numpy::PyArray1;
use pyo3::prelude::*;

use crate::array::to_array;
use crate::dims::{compute_dims, with_dims, DimsArg};
use crate::errors::value_error;

/// The linear encoding of `value`: cosine falls smoothly with the distance
/// and is near 0 once it reaches `scale` (which must be positive and
/// finite).
#[pyfunction]
#[pyo3(signature = (value, scale, dims = DimsArg(4096), seed = 0), text_signature = "(value, scale, dims=4096, seed=0)")]
pub fn linear<'py>(
    py: Python<'py>,
    value: f64,
    scale: f64,
    dims: DimsArg,
    seed: u64,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    let dims = dims.0;
    with_dims!(compute_dims(dims)?, D => {
        let v = magnitude::linear::<D>(seed, value, scale).map_err(value_error)?;
        Ok(to_array(py, &v, dims))
    })
}

/// The log-magnitude encoding of `value`: equal ratios give equal
/// similarity; values `10 ** decades_per_scale` apart (100 by default) are
/// near-orthogonal. `value <= 0` and NaN encode as the zero vector.
#[pyfunction]
#[pyo3(signature = (value, dims = DimsArg(4096), seed = 0, decades_per_scale = None), text_signature = "(value, dims=4096, seed=0, decades_per_scale=None)")]
pub fn log<'py>(
    py: Python<'py>,
    value: f64,
    dims: DimsArg,
    seed: u64,
    decades_per_scale: Option<f64>,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    let dims = dims.0;
    with_dims!(compute_dims(dims)?, D => {
        let v = match decades_per_scale {
            None => magnitude::log::<D>(seed, value),
            Some(d) => LogEncoder::<D>::with_decades(seed, d).map_err(value_error)?.encode(value),
        };
        Ok(to_array(py, &v, dims))
    })
}

/// The circular encoding of `value` on a circle of `period` (positive and
/// finite): similarity depends only on the circular distance, so 23 h and
/// 0 h are as close as 0 h and 1 h.
#[pyfunction]
#[pyo3(signature = (value, period, dims = DimsArg(4096), seed = 0), text_signature = "(value, period, dims=4096, seed=0)")]
pub fn circular<'py>(
    py: Python<'py>,
    value: f64,
    period: f64,
    dims: DimsArg,
    seed: u64,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    let dims = dims.0;
    with_dims!(compute_dims(dims)?, D => {
        let v = magnitude::circular::<D>(seed, value, period).map_err(value_error)?;
        Ok(to_array(py, &v, dims))
    })
}

/// The encoding of a moment, `seconds` since the Unix epoch (UTC):
/// hour of day, day of week and month as circular components, each bound
/// to its role and bundled. Monday 09:00 is closer to Tuesday 09:00 than to
/// Monday 21:00.
#[pyfunction]
#[pyo3(signature = (seconds, dims = DimsArg(4096), seed = 0), text_signature = "(seconds, dims=4096, seed=0)")]
pub fn time<'py>(
    py: Python<'py>,
    seconds: i64,
    dims: DimsArg,
    seed: u64,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    let dims = dims.0;
    with_dims!(compute_dims(dims)?, D => Ok(to_array(py, &magnitude::time::<D>(seed, seconds), dims)))
}
