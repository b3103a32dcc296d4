//! A zero-knowledge anomaly detector for streams of JSON records.
//!
//! It knows no field names, ports or protocols. Every record is cut into
//! *slots*: one per field (its dotted path) and one per pair of fields. A
//! slot's value is a vector: a string (or bool, null) is the atom of its
//! text; a number is a log-magnitude encoding of `10 + |x|` (negated for
//! negative numbers), so 52 and 55 are close and 53 and 51 301 are not; a
//! pair is the binding of its two values, so it is novel when the
//! *combination* is, even if each value is common.
//!
//! During warm-up each slot clusters its values into prototypes (an
//! accumulator per cluster, thresholded). A record's score is the worst, over
//! its slots, of the best cosine between the slot's value and that slot's
//! prototypes; an unseen field scores 0. Below the threshold the record is
//! anomalous, and the slots below it explain why. The same rule applies to
//! every field: nothing is tuned per field or per attack.

use std::collections::BTreeMap;

use holon_core::ops::bind;
use holon_core::record::Scalar;
use holon_core::scalar::LogEncoder;
use holon_core::{Accumulator, AtomKey, Vector};
use serde_json::Value;

use crate::cache::AtomMap;

/// Settings of a [`Detector`]; the defaults are the ones every test and the
/// demo use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DetectorConfig {
    /// Decades of `offset + |x|` over which numbers become near-orthogonal.
    pub decades_per_scale: f64,
    /// Added to `|x|` before the logarithm: below about this magnitude,
    /// numbers blur together instead of spreading over decades.
    pub number_offset: f64,
    /// During warm-up a value joins its nearest prototype when their cosine
    /// is at least this; otherwise it starts a new prototype.
    pub cluster_similarity: f32,
    /// A record whose worst slot scores below this is anomalous.
    pub anomaly_threshold: f32,
    /// Most prototypes a slot keeps; further values join the nearest.
    pub max_prototypes_per_slot: usize,
    /// Also score pairs of fields (combinations), not only single fields.
    pub pairs: bool,
}

impl Default for DetectorConfig {
    fn default() -> Self {
        Self {
            decades_per_scale: 1.5,
            number_offset: 10.0,
            cluster_similarity: 0.6,
            anomaly_threshold: 0.3,
            max_prototypes_per_slot: 64,
            pairs: true,
        }
    }
}

/// One cluster of a slot's values.
struct Prototype<const D: usize> {
    sums: Box<Accumulator<D>>,
    vector: Vector<D>,
}

/// What the detector learned about one slot.
#[derive(Default)]
struct SlotMemory<const D: usize> {
    prototypes: Vec<Prototype<D>>,
}

impl<const D: usize> SlotMemory<D> {
    /// Best cosine between `v` and a prototype, with its index.
    fn best(&self, v: &Vector<D>) -> Option<(usize, f32)> {
        self.prototypes
            .iter()
            .enumerate()
            .map(|(i, p)| (i, p.vector.cosine(v)))
            .fold(None, |best: Option<(usize, f32)>, (i, c)| match best {
                Some((_, b)) if b >= c => best,
                _ => Some((i, c)),
            })
    }

    fn learn(&mut self, v: &Vector<D>, config: &DetectorConfig) {
        let best = self.best(v);
        let join = match best {
            Some((i, c)) if c >= config.cluster_similarity => Some(i),
            Some((i, _)) if self.prototypes.len() >= config.max_prototypes_per_slot => Some(i),
            _ => None,
        };
        match join.and_then(|i| self.prototypes.get_mut(i)) {
            Some(p) => {
                p.sums.add(v);
                p.vector = p.sums.threshold();
            }
            None => {
                let mut sums = Box::new(Accumulator::new());
                sums.add(v);
                self.prototypes.push(Prototype {
                    sums,
                    vector: v.clone(),
                });
            }
        }
    }
}

/// A slot of one record: its name and its value vector.
pub struct SlotValue<const D: usize> {
    /// `path` for a field, `path_a&path_b` (sorted) for a pair.
    pub name: String,
    /// The value (field) or bound values (pair).
    pub vector: Vector<D>,
}

/// The verdict on one record.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// True when some slot scored below the threshold.
    pub anomaly: bool,
    /// The worst slot's score (1.0 for a record with no slots).
    pub score: f32,
    /// Slots below the threshold, worst first, with their scores.
    pub explanation: Vec<(String, f32)>,
}

/// Learns normal records during a warm-up, then scores each record.
///
/// ```
/// use holon_std::detect::{Detector, DetectorConfig};
///
/// let mut detector = Detector::<1024>::new(0, DetectorConfig::default());
/// for i in 0..50 {
///     let doc = format!(r#"{{"proto":"TCP","sport":{},"dport":443}}"#, 50_000 + i * 97);
///     detector.learn(&serde_json::from_str(&doc).unwrap());
/// }
/// let normal = serde_json::from_str(r#"{"proto":"TCP","sport":61000,"dport":443}"#).unwrap();
/// let odd = serde_json::from_str(r#"{"proto":"TCP","sport":53,"dport":443}"#).unwrap();
/// assert!(!detector.score(&normal).anomaly);
/// let verdict = detector.score(&odd);
/// assert!(verdict.anomaly);
/// assert!(verdict.explanation.iter().any(|(slot, _)| slot == "sport"));
/// assert!(verdict.explanation.iter().all(|(slot, _)| slot.contains("sport")));
/// ```
pub struct Detector<const D: usize> {
    seed: u64,
    config: DetectorConfig,
    numbers: Box<LogEncoder<D>>,
    atoms: AtomMap<D>,
    slots: BTreeMap<String, SlotMemory<D>>,
    learned: u64,
}

impl<const D: usize> Detector<D> {
    /// A detector with nothing learned.
    ///
    /// # Panics
    ///
    /// Never for the default configuration; a `decades_per_scale` that is not
    /// positive and finite falls back to the default.
    pub fn new(seed: u64, config: DetectorConfig) -> Self {
        let numbers = LogEncoder::with_decades(seed, config.decades_per_scale)
            .unwrap_or_else(|_| LogEncoder::new(seed));
        Self {
            seed,
            config,
            numbers: Box::new(numbers),
            atoms: AtomMap::new(),
            slots: BTreeMap::new(),
            learned: 0,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &DetectorConfig {
        &self.config
    }

    /// Records learned so far.
    pub fn learned(&self) -> u64 {
        self.learned
    }

    /// Slots known, and prototypes over all slots.
    pub fn size(&self) -> (usize, usize) {
        (
            self.slots.len(),
            self.slots.values().map(|s| s.prototypes.len()).sum(),
        )
    }

    /// The vector of one leaf value.
    fn value_vector(&mut self, value: &Value) -> Vector<D> {
        match value {
            Value::Number(n) => {
                let x = n.as_f64().unwrap_or(0.0);
                let v = self.numbers.encode(self.config.number_offset + x.abs());
                if x < 0.0 {
                    holon_core::ops::negate(&Vector::zero(), &v, Default::default())
                } else {
                    v
                }
            }
            Value::String(s) => self.atom(Scalar::Str(s)),
            Value::Bool(b) => self.atom(Scalar::Bool(*b)),
            Value::Null => self.atom(Scalar::Null),
            // Arrays (and objects inside arrays) count as their JSON text.
            other => self.atom(Scalar::Str(&other.to_string())),
        }
    }

    fn atom(&mut self, scalar: Scalar<'_>) -> Vector<D> {
        let key = scalar
            .key(self.seed)
            .unwrap_or_else(|_| AtomKey::new(self.seed, ""));
        self.atoms.get(key).clone()
    }

    /// The slots of a record: its fields (nested maps flatten to dotted
    /// paths; keys starting with `_` are labels and never encoded) and, if
    /// enabled, every pair of fields.
    pub fn slots(&mut self, record: &Value) -> Vec<SlotValue<D>> {
        let mut leaves = Vec::new();
        flatten("", record, &mut leaves);
        let fields: Vec<SlotValue<D>> = leaves
            .into_iter()
            .map(|(name, value)| SlotValue {
                vector: self.value_vector(value),
                name,
            })
            .collect();
        let mut slots = Vec::with_capacity(fields.len() * (fields.len() + 1) / 2);
        if self.config.pairs {
            for (i, a) in fields.iter().enumerate() {
                for b in fields.iter().skip(i + 1) {
                    slots.push(SlotValue {
                        name: format!("{}&{}", a.name, b.name),
                        vector: bind(&a.vector, &b.vector),
                    });
                }
            }
        }
        slots.extend(fields);
        slots
    }

    /// Learns `record` as normal.
    pub fn learn(&mut self, record: &Value) {
        let config = self.config;
        for slot in self.slots(record) {
            self.slots
                .entry(slot.name)
                .or_default()
                .learn(&slot.vector, &config);
        }
        self.learned += 1;
    }

    /// Scores `record` against what was learned.
    pub fn score(&mut self, record: &Value) -> Verdict {
        let mut worst = 1.0f32;
        let mut explanation = Vec::new();
        for slot in self.slots(record) {
            let best = self
                .slots
                .get(&slot.name)
                .and_then(|memory| memory.best(&slot.vector))
                .map_or(0.0, |(_, c)| c);
            worst = worst.min(best);
            if best < self.config.anomaly_threshold {
                explanation.push((slot.name, best));
            }
        }
        explanation.sort_by(|a, b| a.1.total_cmp(&b.1));
        Verdict {
            anomaly: worst < self.config.anomaly_threshold,
            score: worst,
            explanation,
        }
    }
}

/// Collects `(dotted path, leaf)` for every non-label leaf of `value`.
fn flatten<'a>(prefix: &str, value: &'a Value, out: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if key.starts_with('_') {
                    continue;
                }
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&path, v, out);
            }
        }
        leaf => out.push((prefix.to_string(), leaf)),
    }
}
