//! # holon for Python
//!
//! The native module `holon._holon` behind `import holon`: a thin PyO3
//! layer over holon-core and holon-std. It never computes a vector itself;
//! every vector Python sees is the one the core computes (on a
//! microcontroller, too), and every error is a Python exception carrying
//! the core's reason, never a crash of the interpreter.
//!
//! - [`dims`]: runtime `dims` to the core's const-generic dimensions.
//! - [`array`](mod@array): vectors between numpy and the core.
//! - [`ops`]: atoms, the algebra, similarity.
//! - [`encoders`]: the magnitude encoders.
//! - [`facade`]: `Holon`, documents to vectors.
//! - [`pyjson`]: Python objects as JSON values.
//! - [`accumulator`]: `Accumulator`, picklable exact sums.
//! - [`detector`]: `Detector`, `EngramScorer`, `VerdictDigest`.
//! - [`errors`]: core errors as Python exceptions.
#![deny(unsafe_code)]
#![deny(missing_docs)]

pub mod accumulator;
pub mod array;
pub mod detector;
pub mod dims;
pub mod encoders;
pub mod errors;
pub mod facade;
pub mod ops;
pub mod pyjson;

use pyo3::prelude::*;

/// The native module; `python/holon/__init__.py` re-exports it.
#[pymodule]
fn _holon(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(ops::atom, m)?)?;
    m.add_function(wrap_pyfunction!(ops::position, m)?)?;
    m.add_function(wrap_pyfunction!(ops::bind, m)?)?;
    m.add_function(wrap_pyfunction!(ops::bundle, m)?)?;
    m.add_function(wrap_pyfunction!(ops::permute, m)?)?;
    m.add_function(wrap_pyfunction!(ops::negate, m)?)?;
    m.add_function(wrap_pyfunction!(ops::amplify, m)?)?;
    m.add_function(wrap_pyfunction!(ops::difference, m)?)?;
    m.add_function(wrap_pyfunction!(ops::blend, m)?)?;
    m.add_function(wrap_pyfunction!(ops::resonance, m)?)?;
    m.add_function(wrap_pyfunction!(ops::prototype, m)?)?;
    m.add_function(wrap_pyfunction!(ops::cosine, m)?)?;
    m.add_function(wrap_pyfunction!(ops::dot, m)?)?;
    m.add_function(wrap_pyfunction!(ops::hamming, m)?)?;
    m.add_function(wrap_pyfunction!(ops::agreement, m)?)?;
    m.add_function(wrap_pyfunction!(encoders::linear, m)?)?;
    m.add_function(wrap_pyfunction!(encoders::log, m)?)?;
    m.add_function(wrap_pyfunction!(encoders::circular, m)?)?;
    m.add_function(wrap_pyfunction!(encoders::time, m)?)?;
    m.add_class::<facade::PyHolon>()?;
    m.add_class::<accumulator::PyAccumulator>()?;
    m.add_class::<detector::PyDetector>()?;
    m.add_class::<detector::PyEngramScorer>()?;
    m.add_class::<detector::PyVerdictDigest>()?;
    m.add("SUPPORTED_DIMS", dims::SUPPORTED.to_vec())?;
    m.add("MAX_DIMS", dims::MAX_DIMS)?;
    m.add("BANK_CAPACITY", detector::BANK_CAPACITY)?;
    Ok(())
}
