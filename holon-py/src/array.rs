//! Vectors between numpy and the core: a Python vector is a 1-D `int8`
//! array of -1, 0 and +1.
//!
//! Inputs are borrowed without a copy when contiguous and checked once on
//! their way into a core [`Vector`]; results are written once into the new
//! array.

use std::borrow::Cow;

use holon_core::Vector;
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use crate::dims::compute_dims;
use crate::errors::value_error;

/// The components of `array`, borrowed when it is contiguous.
pub fn components<'a>(array: &'a PyReadonlyArray1<'_, i8>) -> Cow<'a, [i8]> {
    match array.as_slice() {
        Ok(slice) => Cow::Borrowed(slice),
        Err(_) => Cow::Owned(array.as_array().iter().copied().collect()),
    }
}

/// The core vector at the compiled dimension `D` whose first
/// `trits.len()` components are `trits` and the rest 0. Fails with the
/// core's reason when a component is not a trit.
///
/// Built in place on the heap and filled with one copy: a vector is up to
/// 64 KiB, and moving it through `Result`s by value costs more than the
/// operation it feeds.
pub fn to_vector<const D: usize>(trits: &[i8]) -> PyResult<Box<Vector<D>>> {
    let mut v = Box::new(Vector::<D>::zero());
    let Some(prefix) = v.trusted_trits_mut().get_mut(..trits.len()) else {
        return Err(value_error(holon_core::Error::LengthMismatch {
            expected: D,
            found: trits.len(),
        }));
    };
    prefix.copy_from_slice(trits);
    // One branch-free pass (it vectorises); the index only on failure. The
    // vector is dropped unused if a component is not a trit.
    let invalid = prefix
        .iter()
        .fold(false, |bad, &t| bad | ((t as u8).wrapping_add(1) > 2));
    if invalid {
        let index = trits
            .iter()
            .position(|t| !(-1..=1).contains(t))
            .unwrap_or(0);
        return Err(value_error(holon_core::Error::InvalidTrit { index }));
    }
    Ok(v)
}

/// A new numpy array of the first `dims` components of `v`.
pub fn to_array<'py, const D: usize>(
    py: Python<'py>,
    v: &Vector<D>,
    dims: usize,
) -> Bound<'py, PyArray1<i8>> {
    PyArray1::from_slice(py, &v.as_trits()[..dims.min(D)])
}

/// The number of components shared by `arrays`, checked to be equal and
/// supported; returns it with the dimension that computes it.
pub fn common_dims(lengths: impl IntoIterator<Item = usize>) -> PyResult<(usize, usize)> {
    let mut lengths = lengths.into_iter();
    let Some(first) = lengths.next() else {
        return Err(value_error("no vectors given"));
    };
    if let Some(other) = lengths.find(|&n| n != first) {
        return Err(value_error(holon_core::Error::LengthMismatch {
            expected: first,
            found: other,
        }));
    }
    Ok((first, compute_dims(first)?))
}
