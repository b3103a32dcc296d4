//! `holon.Detector`, `holon.EngramScorer` and `holon.VerdictDigest`:
//! holon-std's zero-knowledge detector, the engram-only scorer a device
//! runs, and the digest `holon detect` prints, for Python.

use std::any::Any;

use holon_core::Accumulator;
use holon_std::detect::{Detector, DetectorConfig, EngramDetector, Verdict};
use holon_std::record::RecordError;
use holon_std::report::VerdictDigest;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use serde_json::Value;

use crate::dims::{exact_dims, with_dims, DimsArg, SUPPORTED};
use crate::errors::value_error;
use crate::pyjson::to_value;

/// Most engrams a minted file holds and a scorer loads: the capacity
/// `holon mint` and `holon score` use, so their files are interchangeable.
pub const BANK_CAPACITY: usize = 256;

/// A record given as a dict or as JSON text (`str` or `bytes`); it must be
/// a JSON object, as for `holon detect`.
fn record_value(record: &Bound<'_, PyAny>) -> PyResult<Value> {
    let value = if let Ok(s) = record.cast::<PyString>() {
        serde_json::from_str(&s.to_cow()?).map_err(value_error)?
    } else if let Ok(b) = record.cast::<PyBytes>() {
        serde_json::from_slice(b.as_bytes()).map_err(value_error)?
    } else if record.cast::<PyDict>().is_ok() {
        to_value(record)?
    } else {
        return Err(PyTypeError::new_err(
            "a record is a dict or its JSON text (str or bytes)",
        ));
    };
    if value.is_object() {
        Ok(value)
    } else {
        Err(value_error("a record must be a JSON object"))
    }
}

/// A verdict as a dict: `anomaly`, `score` (the exact `f32` value; `holon
/// detect` prints it rounded to 4 decimals) and `explain`, the slots below
/// the threshold, worst first, as `(slot, score)` pairs.
fn verdict_dict<'py>(py: Python<'py>, verdict: Verdict) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("anomaly", verdict.anomaly)?;
    dict.set_item("score", verdict.score)?;
    let explain = PyList::empty(py);
    for (slot, score) in verdict.explanation {
        explain.append(PyTuple::new(
            py,
            [
                slot.into_pyobject(py)?.into_any(),
                score.into_pyobject(py)?.into_any(),
            ],
        )?)?;
    }
    dict.set_item("explain", explain)?;
    Ok(dict)
}

/// One learned prototype as it travels in a pickle: slot name, slot id,
/// count and the sums as little-endian `int32` bytes.
type SavedPrototype = (String, u32, u64, Vec<u8>);

/// The calls Python makes on a detector, for any compiled dimension.
trait Learner: Send + Sync {
    fn learn(&mut self, record: &Value) -> Result<(), RecordError>;
    fn score(&mut self, record: &Value) -> Result<Verdict, RecordError>;
    fn mint(&self) -> Result<Vec<u8>, holon_core::Error>;
    fn merge(&mut self, other: &dyn Learner) -> PyResult<()>;
    fn learned(&self) -> u64;
    fn size(&self) -> (usize, usize);
    fn save(&self) -> Vec<SavedPrototype>;
    fn as_any(&self) -> &dyn Any;
}

impl<const D: usize> Learner for Detector<D> {
    fn learn(&mut self, record: &Value) -> Result<(), RecordError> {
        Detector::learn(self, record)
    }

    fn score(&mut self, record: &Value) -> Result<Verdict, RecordError> {
        Detector::score(self, record)
    }

    fn mint(&self) -> Result<Vec<u8>, holon_core::Error> {
        self.mint_bytes::<BANK_CAPACITY>()
    }

    fn merge(&mut self, other: &dyn Learner) -> PyResult<()> {
        match other.as_any().downcast_ref::<Self>() {
            Some(other) => {
                Detector::merge(self, other);
                Ok(())
            }
            None => Err(value_error("cannot merge detectors of different dims")),
        }
    }

    fn learned(&self) -> u64 {
        Detector::learned(self)
    }

    fn size(&self) -> (usize, usize) {
        Detector::size(self)
    }

    fn save(&self) -> Vec<SavedPrototype> {
        self.prototypes()
            .map(|p| {
                let sums = p.sums.sums().iter().flat_map(|s| s.to_le_bytes()).collect();
                (p.slot.to_owned(), p.slot_id, p.sums.count(), sums)
            })
            .collect()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A detector at dimension `D` that learned `saved` from `learned` records.
fn restore<const D: usize>(
    seed: u64,
    learned: u64,
    saved: Vec<SavedPrototype>,
) -> PyResult<Box<dyn Learner>> {
    let mut prototypes = Vec::with_capacity(saved.len());
    for (slot, slot_id, count, bytes) in saved {
        if bytes.len() != 4 * D {
            return Err(value_error(format!(
                "prototype of slot {slot:?}: {} bytes of sums, expected {}",
                bytes.len(),
                4 * D
            )));
        }
        let mut sums = [0i32; D];
        for (s, c) in sums.iter_mut().zip(bytes.chunks_exact(4)) {
            *s = i32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        }
        prototypes.push((slot, slot_id, Box::new(Accumulator::from_sums(sums, count))));
    }
    Ok(Box::new(Detector::<D>::from_prototypes(
        seed,
        DetectorConfig::default(),
        learned,
        prototypes,
    )))
}

/// What `Detector.__reduce__` returns: `_restore` and its arguments.
type ReducedDetector<'py> = (
    Bound<'py, PyAny>,
    (u64, usize, u64, u64, Bound<'py, PyList>),
);

/// Detector(warmup, dims=1024, seed=0)
///
/// holon-std's zero-knowledge anomaly detector, with the settings `holon
/// detect` uses. `learn(record)` learns a record as normal, `score(record)`
/// judges one, and `observe(record)` does what `holon detect` does with each
/// line: it learns until `warmup` records have been learned, then scores.
/// `mint()` gives the engram file `holon mint` writes. `dims` is a power of
/// two from 256 to 65536 (`holon detect` works at 1024). Picklable;
/// `merge(other)` adds what another detector learned (see its rule).
#[pyclass(module = "holon", name = "Detector")]
pub struct PyDetector {
    warmup: u64,
    dims: usize,
    seed: u64,
    inner: Box<dyn Learner>,
}

#[pymethods]
impl PyDetector {
    #[new]
    #[pyo3(signature = (warmup, dims = DimsArg(1024), seed = 0), text_signature = "(warmup, dims=1024, seed=0)")]
    fn new(warmup: u64, dims: DimsArg, seed: u64) -> PyResult<Self> {
        let dims = dims.0;
        let dims = exact_dims(dims, "Detector")?;
        let inner: Box<dyn Learner> = with_dims!(dims, D => {
            Box::new(Detector::<D>::new(seed, DetectorConfig::default()))
        });
        Ok(Self {
            warmup,
            dims,
            seed,
            inner,
        })
    }

    /// Records `observe` learns before it scores.
    #[getter]
    fn warmup(&self) -> u64 {
        self.warmup
    }

    /// The dimension the detector works at.
    #[getter]
    fn dims(&self) -> usize {
        self.dims
    }

    /// The codebook seed.
    #[getter]
    fn seed(&self) -> u64 {
        self.seed
    }

    /// Records learned so far (merges add them up).
    #[getter]
    fn learned(&self) -> u64 {
        self.inner.learned()
    }

    /// `(slots, prototypes)`: slots known and prototypes over all slots.
    #[getter]
    fn size(&self) -> (usize, usize) {
        self.inner.size()
    }

    /// Learns `record` (a dict or its JSON text) as normal.
    fn learn(&mut self, record: &Bound<'_, PyAny>) -> PyResult<()> {
        let value = record_value(record)?;
        self.inner.learn(&value).map_err(value_error)
    }

    /// Judges `record` against what was learned: a dict with `anomaly`,
    /// `score` and `explain` (the slots below the threshold, worst first).
    fn score<'py>(&mut self, record: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
        let value = record_value(record)?;
        verdict_dict(record.py(), self.inner.score(&value).map_err(value_error)?)
    }

    /// What `holon detect` does with one line: learns `record` while fewer
    /// than `warmup` records have been learned (and returns `{"anomaly":
    /// False, "score": 1.0, "warmup": True}`), scores it afterwards.
    fn observe<'py>(&mut self, record: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
        let py = record.py();
        let value = record_value(record)?;
        if self.inner.learned() < self.warmup {
            self.inner.learn(&value).map_err(value_error)?;
            let dict = PyDict::new(py);
            dict.set_item("anomaly", false)?;
            dict.set_item("score", 1.0f32)?;
            dict.set_item("warmup", true)?;
            return Ok(dict);
        }
        verdict_dict(py, self.inner.score(&value).map_err(value_error)?)
    }

    /// What was learned as engram file bytes: exactly what `holon mint`
    /// writes after learning the same records. `ValueError` when there are
    /// more than 256 prototypes.
    fn mint<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = self.inner.mint().map_err(value_error)?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// Adds what `other` learned (same dims and seed), by holon-std's
    /// documented rule: this detector's prototypes stay as they are;
    /// `other`'s, slot by slot in name order and in the order they were
    /// started, each join the nearest prototype of their slot when their
    /// cosine reaches the clustering similarity (or the slot is full),
    /// adding all their sums, or else become new prototypes. Merging
    /// partitions left to right in stream order is deterministic, and a
    /// detector merged into nothing is itself.
    fn merge(&mut self, other: PyRef<'_, PyDetector>) -> PyResult<()> {
        if other.dims != self.dims || other.seed != self.seed {
            return Err(value_error(format!(
                "cannot merge a detector of dims {} seed {} into one of dims {} seed {}",
                other.dims, other.seed, self.dims, self.seed
            )));
        }
        self.inner.merge(other.inner.as_ref())
    }

    /// Rebuilds a pickled detector.
    #[classmethod]
    fn _restore(
        _cls: &Bound<'_, pyo3::types::PyType>,
        warmup: u64,
        dims: usize,
        seed: u64,
        learned: u64,
        saved: Vec<SavedPrototype>,
    ) -> PyResult<Self> {
        let dims = exact_dims(dims, "Detector")?;
        let inner = with_dims!(dims, D => restore::<D>(seed, learned, saved)?);
        Ok(Self {
            warmup,
            dims,
            seed,
            inner,
        })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<ReducedDetector<'py>> {
        let py = slf.py();
        let this = slf.borrow();
        let saved = PyList::empty(py);
        for (slot, slot_id, count, sums) in this.inner.save() {
            saved.append((slot, slot_id, count, PyBytes::new(py, &sums)))?;
        }
        let restore = slf.get_type().getattr("_restore")?;
        Ok((
            restore,
            (
                this.warmup,
                this.dims,
                this.seed,
                this.inner.learned(),
                saved,
            ),
        ))
    }

    fn __repr__(&self) -> String {
        let (slots, prototypes) = self.inner.size();
        format!(
            "Detector(warmup={}, dims={}, seed={}) with {} learned records, {slots} slots, {prototypes} prototypes",
            self.warmup,
            self.dims,
            self.seed,
            self.inner.learned()
        )
    }
}

/// The calls Python makes on an engram scorer, for any compiled dimension.
trait Scorer: Send + Sync {
    fn score(&mut self, record: &Value) -> Result<Verdict, RecordError>;
    fn len(&self) -> usize;
}

impl<const D: usize> Scorer for EngramDetector<D, BANK_CAPACITY> {
    fn score(&mut self, record: &Value) -> Result<Verdict, RecordError> {
        EngramDetector::score(self, record)
    }

    fn len(&self) -> usize {
        self.bank().len()
    }
}

/// EngramScorer(engram_bytes)
///
/// Scores records against minted engrams only, as a device does (what
/// `holon score` runs): the verdicts equal those of the detector that
/// minted them. The dimension and seed come from the file; malformed bytes
/// raise `ValueError` with the core's reason. Picklable.
#[pyclass(module = "holon", name = "EngramScorer")]
pub struct PyEngramScorer {
    bytes: Vec<u8>,
    dims: usize,
    inner: Box<dyn Scorer>,
}

/// The scorer for `bytes` at whichever supported dimension they declare.
fn load_scorer(bytes: &[u8]) -> PyResult<(usize, Box<dyn Scorer>)> {
    let mut declared = None;
    for dims in SUPPORTED {
        let loaded: Result<Box<dyn Scorer>, holon_core::Error> = with_dims!(dims, D => {
            EngramDetector::<D, BANK_CAPACITY>::from_bytes(bytes)
                .map(|s| Box::new(s) as Box<dyn Scorer>)
        });
        match loaded {
            Ok(scorer) => return Ok((dims, scorer)),
            Err(holon_core::Error::DimensionMismatch { found, .. }) => declared = Some(found),
            Err(other) => return Err(value_error(other)),
        }
    }
    Err(value_error(format!(
        "engram file of dimension {}: EngramScorer loads powers of two from 256 to 65536",
        declared.unwrap_or(0)
    )))
}

#[pymethods]
impl PyEngramScorer {
    #[new]
    fn new(engram_bytes: &[u8]) -> PyResult<Self> {
        let (dims, inner) = load_scorer(engram_bytes)?;
        Ok(Self {
            bytes: engram_bytes.to_vec(),
            dims,
            inner,
        })
    }

    /// The dimension of the engrams.
    #[getter]
    fn dims(&self) -> usize {
        self.dims
    }

    /// Number of engrams loaded.
    fn __len__(&self) -> usize {
        self.inner.len()
    }

    /// Judges `record` (a dict or its JSON text): a dict with `anomaly`,
    /// `score` and `explain`, as `Detector.score` gives.
    fn score<'py>(&mut self, record: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
        let value = record_value(record)?;
        verdict_dict(record.py(), self.inner.score(&value).map_err(value_error)?)
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> (Bound<'py, pyo3::types::PyType>, (Bound<'py, PyBytes>,)) {
        let this = slf.borrow();
        (slf.get_type(), (PyBytes::new(slf.py(), &this.bytes),))
    }

    fn __repr__(&self) -> String {
        format!(
            "EngramScorer(dims={}, engrams={})",
            self.dims,
            self.inner.len()
        )
    }
}

/// VerdictDigest()
///
/// The digest `holon detect` and `holon score` print (`verdict digest:
/// ...`): FNV-1a over each verdict's anomaly flag and `f32` score, in
/// order. A device replaying the same records computes the same one.
#[pyclass(module = "holon", name = "VerdictDigest")]
#[derive(Default)]
pub struct PyVerdictDigest {
    inner: VerdictDigest,
}

#[pymethods]
impl PyVerdictDigest {
    #[new]
    fn new() -> Self {
        Self::default()
    }

    /// Adds one verdict: a dict as `score` returns it, or `anomaly` and
    /// `score` given separately.
    #[pyo3(signature = (verdict_or_anomaly, score = None))]
    fn add(&mut self, verdict_or_anomaly: &Bound<'_, PyAny>, score: Option<f32>) -> PyResult<()> {
        let (anomaly, score) = match score {
            Some(s) => (verdict_or_anomaly.extract::<bool>()?, s),
            None => {
                let v = verdict_or_anomaly.cast::<PyDict>()?;
                let anomaly = v
                    .get_item("anomaly")?
                    .ok_or_else(|| value_error("verdict without \"anomaly\""))?
                    .extract::<bool>()?;
                let score = v
                    .get_item("score")?
                    .ok_or_else(|| value_error("verdict without \"score\""))?
                    .extract::<f32>()?;
                (anomaly, score)
            }
        };
        self.inner.add(anomaly, score);
        Ok(())
    }

    /// The digest as an integer.
    #[getter]
    fn value(&self) -> u64 {
        self.inner.value()
    }

    /// The digest as `holon detect` prints it: 16 hex digits.
    fn hexdigest(&self) -> String {
        format!("{:016x}", self.inner.value())
    }

    fn __repr__(&self) -> String {
        format!("VerdictDigest({:016x})", self.inner.value())
    }
}
