//! `holon.Accumulator`: the core's exact integer accumulator, picklable so
//! that a cluster can ship it and merge it bit for bit.

use std::any::Any;

use holon_core::Accumulator;
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyType};

use crate::array::{components, to_array, to_vector};
use crate::dims::{compute_dims, with_dims, DimsArg};
use crate::errors::value_error;

/// The calls Python makes on an accumulator, for any compiled dimension.
trait Sums: Send + Sync {
    fn add(&mut self, trits: &[i8], weight: i32) -> PyResult<()>;
    fn merge(&mut self, other: &dyn Sums) -> PyResult<()>;
    fn threshold<'py>(&self, py: Python<'py>, dims: usize) -> Bound<'py, PyArray1<i8>>;
    fn cosine(&self, trits: &[i8]) -> PyResult<f32>;
    fn dot(&self, trits: &[i8]) -> PyResult<i64>;
    fn count(&self) -> u64;
    fn sums(&self) -> &[i32];
    fn equals(&self, other: &dyn Sums) -> bool;
    fn clear(&mut self);
    fn as_any(&self) -> &dyn Any;
}

impl<const D: usize> Sums for Accumulator<D> {
    fn add(&mut self, trits: &[i8], weight: i32) -> PyResult<()> {
        self.add_weighted(&*to_vector::<D>(trits)?, weight);
        Ok(())
    }

    fn merge(&mut self, other: &dyn Sums) -> PyResult<()> {
        match other.as_any().downcast_ref::<Self>() {
            Some(other) => {
                Accumulator::merge(self, other);
                Ok(())
            }
            None => Err(value_error("cannot merge accumulators of different dims")),
        }
    }

    fn threshold<'py>(&self, py: Python<'py>, dims: usize) -> Bound<'py, PyArray1<i8>> {
        to_array(py, &Accumulator::threshold(self), dims)
    }

    fn cosine(&self, trits: &[i8]) -> PyResult<f32> {
        Ok(Accumulator::cosine(self, &*to_vector::<D>(trits)?))
    }

    fn dot(&self, trits: &[i8]) -> PyResult<i64> {
        Ok(Accumulator::dot(self, &*to_vector::<D>(trits)?))
    }

    fn count(&self) -> u64 {
        Accumulator::count(self)
    }

    fn sums(&self) -> &[i32] {
        Accumulator::sums(self)
    }

    fn equals(&self, other: &dyn Sums) -> bool {
        other.as_any().downcast_ref::<Self>() == Some(self)
    }

    fn clear(&mut self) {
        Accumulator::clear(self);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// An accumulator at the compiled dimension holding `dims`, from saved
/// sums (zero past `sums.len()`) and count.
fn build(dims: usize, sums: &[i32], count: u64) -> PyResult<Box<dyn Sums>> {
    with_dims!(compute_dims(dims)?, D => {
        let mut all = [0i32; D];
        for (s, &v) in all.iter_mut().zip(sums) {
            *s = v;
        }
        let acc: Box<dyn Sums> = Box::new(Accumulator::<D>::from_sums(all, count));
        Ok(acc)
    })
}

/// What `__reduce__` returns: `_restore` and its arguments.
type Reduced<'py> = (Bound<'py, PyAny>, (usize, u64, Bound<'py, PyBytes>));

/// Accumulator(dims)
///
/// Exact integer running sums of vectors (holon-core's `Accumulator`):
/// adding `a` 100 times weighs 100 times one `a`, which a bundle does not.
/// Sums merge exactly, so accumulators filled in different processes and
/// merged equal one filled in one process, bit for bit. Picklable.
#[pyclass(module = "holon", name = "Accumulator")]
pub struct PyAccumulator {
    dims: usize,
    inner: Box<dyn Sums>,
}

impl PyAccumulator {
    fn check(&self, trits: &[i8]) -> PyResult<()> {
        if trits.len() == self.dims {
            Ok(())
        } else {
            Err(value_error(holon_core::Error::LengthMismatch {
                expected: self.dims,
                found: trits.len(),
            }))
        }
    }
}

#[pymethods]
impl PyAccumulator {
    #[new]
    fn new(dims: DimsArg) -> PyResult<Self> {
        let dims = dims.0;
        Ok(Self {
            dims,
            inner: build(dims, &[], 0)?,
        })
    }

    /// The number of components.
    #[getter]
    fn dims(&self) -> usize {
        self.dims
    }

    /// Total weight added so far (`|weight|` per add; merges add counts).
    #[getter]
    fn count(&self) -> u64 {
        self.inner.count()
    }

    /// Adds vector `v` with an integer `weight` (negative subtracts). Sums
    /// saturate at the 32-bit range.
    #[pyo3(signature = (v, weight = 1))]
    fn add(&mut self, v: PyReadonlyArray1<'_, i8>, weight: i32) -> PyResult<()> {
        let trits = components(&v);
        self.check(&trits)?;
        self.inner.add(&trits, weight)
    }

    /// Adds everything `other` (of the same dims) holds.
    fn merge(&mut self, other: PyRef<'_, PyAccumulator>) -> PyResult<()> {
        if other.dims != self.dims {
            return Err(value_error(format!(
                "cannot merge an accumulator of dims {} into one of dims {}",
                other.dims, self.dims
            )));
        }
        self.inner.merge(other.inner.as_ref())
    }

    /// The sign of each sum (ties 0): the bundle of everything added, each
    /// vector counted as often as it was added.
    fn threshold<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<i8>> {
        self.inner.threshold(py, self.dims)
    }

    /// Cosine of the sums with `v`.
    fn cosine(&self, v: PyReadonlyArray1<'_, i8>) -> PyResult<f32> {
        let trits = components(&v);
        self.check(&trits)?;
        self.inner.cosine(&trits)
    }

    /// Exact dot product of the sums with `v`.
    fn dot(&self, v: PyReadonlyArray1<'_, i8>) -> PyResult<i64> {
        let trits = components(&v);
        self.check(&trits)?;
        self.inner.dot(&trits)
    }

    /// The per-component sums, as a new `int32` array.
    fn sums<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<i32>> {
        PyArray1::from_slice(py, &self.inner.sums()[..self.dims])
    }

    /// Empties the accumulator.
    fn clear(&mut self) {
        self.inner.clear();
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyAccumulator>()
            .map(|o| {
                let o = o.borrow();
                o.dims == self.dims && self.inner.equals(o.inner.as_ref())
            })
            .unwrap_or(false)
    }

    fn __repr__(&self) -> String {
        format!("Accumulator(dims={}, count={})", self.dims, self.count())
    }

    /// Rebuilds a pickled accumulator: dims, count and the sums as
    /// little-endian `int32` bytes.
    #[classmethod]
    fn _restore(_cls: &Bound<'_, PyType>, dims: usize, count: u64, sums: &[u8]) -> PyResult<Self> {
        if sums.len() != 4 * dims {
            return Err(value_error(format!(
                "{} bytes of sums for dims {dims}, expected {}",
                sums.len(),
                4 * dims
            )));
        }
        let values: Vec<i32> = sums
            .chunks_exact(4)
            .map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Ok(Self {
            dims,
            inner: build(dims, &values, count)?,
        })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduced<'py>> {
        let py = slf.py();
        let this = slf.borrow();
        let bytes: Vec<u8> = this.inner.sums()[..this.dims]
            .iter()
            .flat_map(|s| s.to_le_bytes())
            .collect();
        let restore = slf.get_type().getattr("_restore")?;
        Ok((restore, (this.dims, this.count(), PyBytes::new(py, &bytes))))
    }
}
