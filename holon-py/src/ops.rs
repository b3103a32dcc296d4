//! Module-level functions: atoms, the algebra and the similarity measures,
//! each a call into holon-core (or holon-std's SIMD kernels, bit-identical
//! to the core) at the compiled dimension that holds the vectors.

use holon_core::ops::{self, NegateMode};
use holon_core::{AtomKey, Vector};
use holon_std::simd;
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use crate::array::{common_dims, components, to_array, to_vector};
use crate::dims::{compute_dims, exact_dims, with_dims, DimsArg};
use crate::errors::value_error;

/// The components of an atom, derived from SHA-256 and ChaCha8 straight
/// into a new array (any `dims` from 1 to 65 536).
fn key_array(py: Python<'_>, key: AtomKey, dims: usize) -> PyResult<Bound<'_, PyArray1<i8>>> {
    compute_dims(dims)?;
    let mut trits = vec![0i8; dims];
    simd::key_trits(simd::level(), key, &mut trits);
    Ok(PyArray1::from_vec(py, trits))
}

/// The vector of atom `text` under `seed`: bit-exact with holon-rs 0.1 and
/// with every holon build (firmware included).
#[pyfunction]
#[pyo3(signature = (text, dims = DimsArg(4096), seed = 0), text_signature = "(text, dims=4096, seed=0)")]
pub fn atom<'py>(
    py: Python<'py>,
    text: &str,
    dims: DimsArg,
    seed: u64,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    let dims = dims.0;
    key_array(py, AtomKey::new(seed, text), dims)
}

/// The role vector of position `index` in a sequence (the atom
/// `"__pos__{index}"`).
#[pyfunction]
#[pyo3(signature = (index, dims = DimsArg(4096), seed = 0), text_signature = "(index, dims=4096, seed=0)")]
pub fn position<'py>(
    py: Python<'py>,
    index: u64,
    dims: DimsArg,
    seed: u64,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    let dims = dims.0;
    key_array(py, AtomKey::position(seed, index), dims)
}

/// Applies a two-vector operation of the core.
fn binary<'py>(
    py: Python<'py>,
    a: &PyReadonlyArray1<'_, i8>,
    b: &PyReadonlyArray1<'_, i8>,
    op: impl BinaryOp,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    let (a, b) = (components(a), components(b));
    let (dims, compute) = common_dims([a.len(), b.len()])?;
    with_dims!(compute, D => {
        let out = op.apply::<D>(&*to_vector::<D>(&a)?, &*to_vector::<D>(&b)?);
        Ok(to_array(py, &out, dims))
    })
}

/// A core operation generic over the dimension (closures cannot be).
trait BinaryOp {
    fn apply<const D: usize>(&self, a: &Vector<D>, b: &Vector<D>) -> Vector<D>;
}

struct Bind;
impl BinaryOp for Bind {
    fn apply<const D: usize>(&self, a: &Vector<D>, b: &Vector<D>) -> Vector<D> {
        simd::bind(a, b)
    }
}

struct Negate(NegateMode);
impl BinaryOp for Negate {
    fn apply<const D: usize>(&self, a: &Vector<D>, b: &Vector<D>) -> Vector<D> {
        ops::negate(a, b, self.0)
    }
}

struct Amplify(f32);
impl BinaryOp for Amplify {
    fn apply<const D: usize>(&self, a: &Vector<D>, b: &Vector<D>) -> Vector<D> {
        ops::amplify(a, b, self.0)
    }
}

struct Difference;
impl BinaryOp for Difference {
    fn apply<const D: usize>(&self, a: &Vector<D>, b: &Vector<D>) -> Vector<D> {
        ops::difference(a, b)
    }
}

struct Blend(f32);
impl BinaryOp for Blend {
    fn apply<const D: usize>(&self, a: &Vector<D>, b: &Vector<D>) -> Vector<D> {
        ops::blend(a, b, self.0)
    }
}

struct Resonance;
impl BinaryOp for Resonance {
    fn apply<const D: usize>(&self, a: &Vector<D>, b: &Vector<D>) -> Vector<D> {
        ops::resonance(a, b)
    }
}

/// Component-wise product: binds a role to a filler. Self-inverse where
/// `a` is non-zero: `bind(bind(a, b), a)` recovers `b` there.
#[pyfunction]
pub fn bind<'py>(
    py: Python<'py>,
    a: PyReadonlyArray1<'_, i8>,
    b: PyReadonlyArray1<'_, i8>,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    binary(py, &a, &b, Bind)
}

/// Removes `c` from the superposition `s`. `mode`: "subtract"
/// (`clamp(s - c, -1, 1)`), "zero_out" (0 where `c` is non-zero) or
/// "invert" (`-s` where `c` is non-zero).
#[pyfunction]
#[pyo3(signature = (s, c, mode = "subtract"))]
pub fn negate<'py>(
    py: Python<'py>,
    s: PyReadonlyArray1<'_, i8>,
    c: PyReadonlyArray1<'_, i8>,
    mode: &str,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    let mode = match mode {
        "subtract" => NegateMode::Subtract,
        "zero_out" => NegateMode::ZeroOut,
        "invert" => NegateMode::Invert,
        other => {
            return Err(value_error(format!(
                "negate mode must be \"subtract\", \"zero_out\" or \"invert\", not {other:?}"
            )))
        }
    };
    binary(py, &s, &c, Negate(mode))
}

/// Strengthens `c` in `s`: the sign of `s + weight * c` (a NaN weight gives
/// the zero vector).
#[pyfunction]
pub fn amplify<'py>(
    py: Python<'py>,
    s: PyReadonlyArray1<'_, i8>,
    c: PyReadonlyArray1<'_, i8>,
    weight: f32,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    binary(py, &s, &c, Amplify(weight))
}

/// What changed: `clamp(after - before, -1, 1)`.
#[pyfunction]
pub fn difference<'py>(
    py: Python<'py>,
    before: PyReadonlyArray1<'_, i8>,
    after: PyReadonlyArray1<'_, i8>,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    binary(py, &before, &after, Difference)
}

/// Interpolation: the sign of `(1 - w) a + w b`.
#[pyfunction]
pub fn blend<'py>(
    py: Python<'py>,
    a: PyReadonlyArray1<'_, i8>,
    b: PyReadonlyArray1<'_, i8>,
    w: f32,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    binary(py, &a, &b, Blend(w))
}

/// The part of `v` that agrees with `reference`: `v` where they are equal,
/// else 0.
#[pyfunction]
pub fn resonance<'py>(
    py: Python<'py>,
    v: PyReadonlyArray1<'_, i8>,
    reference: PyReadonlyArray1<'_, i8>,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    binary(py, &v, &reference, Resonance)
}

/// The vectors of a list, at a common compiled dimension; `dims` is needed
/// only for an empty list.
fn many<'py>(
    py: Python<'py>,
    vectors: &[PyReadonlyArray1<'_, i8>],
    dims: Option<usize>,
    op: impl ManyOp,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    let parts: Vec<_> = vectors.iter().map(components).collect();
    let (dims, compute) = match (parts.is_empty(), dims) {
        (true, Some(d)) => (d, compute_dims(d)?),
        (true, None) => return Err(value_error("an empty list of vectors needs dims=")),
        (false, wanted) => {
            let found = common_dims(parts.iter().map(|p| p.len()))?;
            if let Some(d) = wanted.filter(|&d| d != found.0) {
                return Err(value_error(holon_core::Error::LengthMismatch {
                    expected: d,
                    found: found.0,
                }));
            }
            found
        }
    };
    with_dims!(compute, D => {
        let inputs = parts
            .iter()
            .map(|p| to_vector::<D>(p))
            .collect::<PyResult<Vec<Box<Vector<D>>>>>()?;
        Ok(to_array(py, &op.apply::<D>(&inputs), dims))
    })
}

trait ManyOp {
    fn apply<const D: usize>(&self, inputs: &[Box<Vector<D>>]) -> Vector<D>;
}

struct Bundle;
impl ManyOp for Bundle {
    fn apply<const D: usize>(&self, inputs: &[Box<Vector<D>>]) -> Vector<D> {
        simd::bundle(inputs)
    }
}

struct Prototype(f32);
impl ManyOp for Prototype {
    fn apply<const D: usize>(&self, inputs: &[Box<Vector<D>>]) -> Vector<D> {
        ops::prototype(inputs, self.0)
    }
}

/// Superposition: the sign of the component-wise sum (a tie gives 0). An
/// empty list gives the zero vector of `dims`.
#[pyfunction]
#[pyo3(signature = (vectors, dims = None))]
pub fn bundle<'py>(
    py: Python<'py>,
    vectors: Vec<PyReadonlyArray1<'_, i8>>,
    dims: Option<DimsArg>,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    let dims = dims.map(|d| d.0);
    many(py, &vectors, dims, Bundle)
}

/// The common pattern: +1 (or -1) where at least `ceil(threshold * n)` of
/// the `n` vectors are +1 (or -1), else 0.
#[pyfunction]
#[pyo3(signature = (vectors, threshold, dims = None))]
pub fn prototype<'py>(
    py: Python<'py>,
    vectors: Vec<PyReadonlyArray1<'_, i8>>,
    threshold: f32,
    dims: Option<DimsArg>,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    let dims = dims.map(|d| d.0);
    many(py, &vectors, dims, Prototype(threshold))
}

/// Rotation by `k` places (negative allowed). Rotation breaks the prefix
/// property, so `len(a)` must be a power of two from 256 to 65536.
#[pyfunction]
pub fn permute<'py>(
    py: Python<'py>,
    a: PyReadonlyArray1<'_, i8>,
    k: i64,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    let a = components(&a);
    let dims = exact_dims(a.len(), "permute")?;
    with_dims!(dims, D => Ok(to_array(py, &ops::permute(&*to_vector::<D>(&a)?, k), dims)))
}

/// Both vectors at their compiled dimension, for a similarity measure.
fn measure<T>(
    a: &PyReadonlyArray1<'_, i8>,
    b: &PyReadonlyArray1<'_, i8>,
    op: impl MeasureOp<T>,
) -> PyResult<T> {
    let (a, b) = (components(a), components(b));
    let (_, compute) = common_dims([a.len(), b.len()])?;
    with_dims!(compute, D => Ok(op.apply::<D>(&*to_vector::<D>(&a)?, &*to_vector::<D>(&b)?)))
}

trait MeasureOp<T> {
    fn apply<const D: usize>(&self, a: &Vector<D>, b: &Vector<D>) -> T;
}

struct Cosine;
impl MeasureOp<f32> for Cosine {
    fn apply<const D: usize>(&self, a: &Vector<D>, b: &Vector<D>) -> f32 {
        simd::cosine(a, b)
    }
}

struct Dot;
impl MeasureOp<i64> for Dot {
    fn apply<const D: usize>(&self, a: &Vector<D>, b: &Vector<D>) -> i64 {
        simd::dot(a, b)
    }
}

struct Hamming;
impl MeasureOp<usize> for Hamming {
    fn apply<const D: usize>(&self, a: &Vector<D>, b: &Vector<D>) -> usize {
        a.hamming(b)
    }
}

struct Agreement;
impl MeasureOp<usize> for Agreement {
    fn apply<const D: usize>(&self, a: &Vector<D>, b: &Vector<D>) -> usize {
        a.agreement(b)
    }
}

/// Cosine similarity in [-1, 1], computed in `f32` exactly as the core does
/// (0.0 when either side is zero, never NaN).
#[pyfunction]
pub fn cosine(a: PyReadonlyArray1<'_, i8>, b: PyReadonlyArray1<'_, i8>) -> PyResult<f32> {
    measure(&a, &b, Cosine)
}

/// Exact integer dot product.
#[pyfunction]
pub fn dot(a: PyReadonlyArray1<'_, i8>, b: PyReadonlyArray1<'_, i8>) -> PyResult<i64> {
    measure(&a, &b, Dot)
}

/// Number of components that differ.
#[pyfunction]
pub fn hamming(a: PyReadonlyArray1<'_, i8>, b: PyReadonlyArray1<'_, i8>) -> PyResult<usize> {
    measure(&a, &b, Hamming)
}

/// Number of components where both are non-zero and equal.
#[pyfunction]
pub fn agreement(a: PyReadonlyArray1<'_, i8>, b: PyReadonlyArray1<'_, i8>) -> PyResult<usize> {
    measure(&a, &b, Agreement)
}
