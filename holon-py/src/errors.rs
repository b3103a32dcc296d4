//! How the core's errors become Python exceptions: bad input is a
//! `ValueError` carrying the core's own reason.

use std::fmt::Display;

use pyo3::exceptions::PyValueError;
use pyo3::PyErr;

/// A `ValueError` whose message is `why`'s display text.
pub fn value_error(why: impl Display) -> PyErr {
    PyValueError::new_err(why.to_string())
}
