//! `holon.Holon`: holon-std's facade (seed, dimension, atom cache,
//! encoders) for Python, at a runtime `dims`.

use holon_std::Holon;
use numpy::PyArray1;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString, PyType};
use serde_json::Value;

use crate::array::to_array;
use crate::dims::{compute_dims, with_dims, DimsArg};
use crate::errors::value_error;
use crate::pyjson::to_value;

/// The calls Python makes on a facade, for any compiled dimension.
trait Facade: Send + Sync {
    fn atom<'py>(&mut self, py: Python<'py>, text: &str, dims: usize) -> Bound<'py, PyArray1<i8>>;
    fn encode_value<'py>(
        &mut self,
        py: Python<'py>,
        value: &Value,
        dims: usize,
    ) -> PyResult<Bound<'py, PyArray1<i8>>>;
    fn encode_text<'py>(
        &mut self,
        py: Python<'py>,
        text: &[u8],
        dims: usize,
    ) -> PyResult<Bound<'py, PyArray1<i8>>>;
}

impl<const D: usize> Facade for Holon<D> {
    fn atom<'py>(&mut self, py: Python<'py>, text: &str, dims: usize) -> Bound<'py, PyArray1<i8>> {
        to_array(py, &Holon::atom(self, text), dims)
    }

    fn encode_value<'py>(
        &mut self,
        py: Python<'py>,
        value: &Value,
        dims: usize,
    ) -> PyResult<Bound<'py, PyArray1<i8>>> {
        let v = self.encode(value).map_err(value_error)?;
        Ok(to_array(py, &v, dims))
    }

    fn encode_text<'py>(
        &mut self,
        py: Python<'py>,
        text: &[u8],
        dims: usize,
    ) -> PyResult<Bound<'py, PyArray1<i8>>> {
        let v = self.encode_json_bytes(text).map_err(value_error)?;
        Ok(to_array(py, &v, dims))
    }
}

/// Holon(dims=4096, seed=0)
///
/// Seed, dimension, atom cache and encoders in one object: turns JSON
/// documents and Python objects into vectors, the same ones `holon encode`
/// prints and holon-core computes on a device. `dims` is any integer from 1
/// to 65536 (the prefix of the vector at the next power of two).
/// Picklable: a copy starts with an empty atom cache.
#[pyclass(module = "holon", name = "Holon")]
pub struct PyHolon {
    dims: usize,
    seed: u64,
    inner: Box<dyn Facade>,
}

#[pymethods]
impl PyHolon {
    #[new]
    #[pyo3(signature = (dims = DimsArg(4096), seed = 0), text_signature = "(dims=4096, seed=0)")]
    fn new(dims: DimsArg, seed: u64) -> PyResult<Self> {
        let dims = dims.0;
        let inner: Box<dyn Facade> =
            with_dims!(compute_dims(dims)?, D => Box::new(Holon::<D>::new(seed)));
        Ok(Self { dims, seed, inner })
    }

    /// The number of components of every vector this facade returns.
    #[getter]
    fn dims(&self) -> usize {
        self.dims
    }

    /// The codebook seed.
    #[getter]
    fn seed(&self) -> u64 {
        self.seed
    }

    /// The vector of atom `text` (cached).
    fn atom<'py>(&mut self, py: Python<'py>, text: &str) -> Bound<'py, PyArray1<i8>> {
        self.inner.atom(py, text, self.dims)
    }

    /// The vector of a JSON document given as `str` or UTF-8 `bytes`, with
    /// the `$` markers of DESIGN §6 (`{"$log": 52}`, `{"$seq": [...]}`, ...).
    /// Malformed input raises `ValueError` with the reason.
    fn encode_json<'py>(
        &mut self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyArray1<i8>>> {
        if let Ok(s) = text.cast::<PyString>() {
            return self
                .inner
                .encode_text(py, s.to_cow()?.as_bytes(), self.dims);
        }
        if let Ok(b) = text.cast::<PyBytes>() {
            return self.inner.encode_text(py, b.as_bytes(), self.dims);
        }
        Err(pyo3::exceptions::PyTypeError::new_err(
            "encode_json takes a str or bytes of JSON text",
        ))
    }

    /// The vector of a Python document: dicts, lists, tuples, str, int,
    /// float, bool, None and marker dicts; equal to
    /// `encode_json(json.dumps(obj))`.
    fn encode<'py>(
        &mut self,
        py: Python<'py>,
        obj: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyArray1<i8>>> {
        let value = to_value(obj)?;
        self.inner.encode_value(py, &value, self.dims)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, PyType>, (usize, u64)) {
        let this = slf.borrow();
        (slf.get_type(), (this.dims, this.seed))
    }

    fn __repr__(&self) -> String {
        format!("Holon(dims={}, seed={})", self.dims, self.seed)
    }
}
