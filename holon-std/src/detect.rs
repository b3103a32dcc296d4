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
//!
//! The rules that decide a verdict (slot ids, the number encoding, the
//! per-slot score) live in [`holon_core::detect`], so a device that loads the
//! minted engrams ([`Detector::mint`]) reaches the same verdicts bit for bit
//! ([`EngramDetector`]).

use std::collections::BTreeMap;

use holon_core::detect::{
    field_slot, number_encoder, number_vector, pair_slot, slot_score, RecordScore,
};
use holon_core::engram::{Engram, EngramBank, NAME_CAPACITY};
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
            cluster_similarity: 0.6,
            anomaly_threshold: holon_core::detect::ANOMALY_THRESHOLD,
            max_prototypes_per_slot: 64,
            pairs: true,
        }
    }
}

/// One cluster of a slot's values.
#[derive(Clone)]
struct Prototype<const D: usize> {
    sums: Box<Accumulator<D>>,
    vector: Vector<D>,
}

/// What the detector learned about one slot.
struct SlotMemory<const D: usize> {
    id: u32,
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

    /// The prototype `v` joins: the nearest one if it is similar enough, or
    /// if the slot is full; `None` starts a new prototype.
    fn prototype_to_join(&self, v: &Vector<D>, config: &DetectorConfig) -> Option<usize> {
        match self.best(v) {
            Some((i, c)) if c >= config.cluster_similarity => Some(i),
            Some((i, _)) if self.prototypes.len() >= config.max_prototypes_per_slot => Some(i),
            _ => None,
        }
    }

    fn learn(&mut self, v: &Vector<D>, config: &DetectorConfig) {
        let join = self.prototype_to_join(v, config);
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

    /// Learns a whole prototype of another detector as if it were one value
    /// (its vector), carrying all of its sums: the rule of
    /// [`Detector::merge`].
    fn absorb(&mut self, other: &Prototype<D>, config: &DetectorConfig) {
        let join = self.prototype_to_join(&other.vector, config);
        match join.and_then(|i| self.prototypes.get_mut(i)) {
            Some(p) => {
                p.sums.merge(&other.sums);
                p.vector = p.sums.threshold();
            }
            None => self.prototypes.push(other.clone()),
        }
    }
}

/// One prototype a [`Detector`] learned: a cluster of one slot's values.
#[derive(Debug, Clone, Copy)]
pub struct LearnedPrototype<'a, const D: usize> {
    /// The slot's name ([`SlotValue::name`]).
    pub slot: &'a str,
    /// The slot's id ([`SlotValue::id`]).
    pub slot_id: u32,
    /// The sums of the values it absorbed; the prototype's vector is their
    /// [`threshold`](Accumulator::threshold).
    pub sums: &'a Accumulator<D>,
}

/// A slot of one record: its name, id and value vector.
pub struct SlotValue<const D: usize> {
    /// `path` for a field, `path_a&path_b` (sorted) for a pair.
    pub name: String,
    /// [`field_slot`] or [`pair_slot`] of the name.
    pub id: u32,
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
    config: DetectorConfig,
    encoder: SlotEncoder<D>,
    slots: BTreeMap<String, SlotMemory<D>>,
    learned: u64,
}

impl<const D: usize> Detector<D> {
    /// A detector with nothing learned.
    pub fn new(seed: u64, config: DetectorConfig) -> Self {
        Self {
            config,
            encoder: SlotEncoder::new(seed),
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

    /// The slots of a record (see [`SlotEncoder::slots`]).
    pub fn slots(&mut self, record: &Value) -> Vec<SlotValue<D>> {
        self.encoder.slots(record, self.config.pairs)
    }

    /// Learns `record` as normal.
    pub fn learn(&mut self, record: &Value) {
        let config = self.config;
        for slot in self.slots(record) {
            self.slots
                .entry(slot.name)
                .or_insert_with(|| SlotMemory {
                    id: slot.id,
                    prototypes: Vec::new(),
                })
                .learn(&slot.vector, &config);
        }
        self.learned += 1;
    }

    /// Scores `record` against what was learned.
    pub fn score(&mut self, record: &Value) -> Verdict {
        let threshold = self.config.anomaly_threshold;
        let slots = self.slots(record);
        let memory = &self.slots;
        verdict(slots, threshold, |slot| {
            memory
                .get(&slot.name)
                .and_then(|m| m.best(&slot.vector))
                .map_or(0.0, |(_, c)| c)
        })
    }

    /// What was learned, as engrams: one per prototype, named after its slot
    /// (cut to [`NAME_CAPACITY`] bytes), with the slot's id, the prototype,
    /// the anomaly threshold and the number of values it absorbed.
    ///
    /// Fails with [`holon_core::Error::CapacityExceeded`] when there are more
    /// than `N` prototypes.
    pub fn mint<const N: usize>(&self) -> Result<Box<EngramBank<D, N>>, holon_core::Error> {
        let mut bank = build_bank::<D, N>();
        for (name, memory) in &self.slots {
            for p in &memory.prototypes {
                let count = u32::try_from(p.sums.count()).unwrap_or(u32::MAX);
                bank.push(Engram::new(
                    short_name(name),
                    memory.id,
                    p.vector.clone(),
                    self.config.anomaly_threshold,
                    count,
                )?)?;
            }
        }
        Ok(bank)
    }
}

// Saving, restoring and merging what was learned: how learning travels
// between processes.
impl<const D: usize> Detector<D> {
    /// The codebook seed.
    pub fn seed(&self) -> u64 {
        self.encoder.seed
    }

    /// Every prototype learned, slots in name order, each slot's prototypes
    /// in the order they were started.
    pub fn prototypes(&self) -> impl Iterator<Item = LearnedPrototype<'_, D>> {
        self.slots.iter().flat_map(|(name, memory)| {
            memory.prototypes.iter().map(move |p| LearnedPrototype {
                slot: name,
                slot_id: memory.id,
                sums: &p.sums,
            })
        })
    }

    /// A detector that has learned exactly `prototypes` (as
    /// [`prototypes`](Self::prototypes) lists them) from `learned` records:
    /// a saved detector restored, e.g. after travelling between processes.
    /// Each prototype is appended to its slot as is, its vector the
    /// threshold of its sums, so a detector restored from its own
    /// prototypes scores and mints exactly as it did.
    pub fn from_prototypes(
        seed: u64,
        config: DetectorConfig,
        learned: u64,
        prototypes: impl IntoIterator<Item = (String, u32, Box<Accumulator<D>>)>,
    ) -> Self {
        let mut detector = Self::new(seed, config);
        for (slot, slot_id, sums) in prototypes {
            let vector = sums.threshold();
            detector
                .slots
                .entry(slot)
                .or_insert_with(|| SlotMemory {
                    id: slot_id,
                    prototypes: Vec::new(),
                })
                .prototypes
                .push(Prototype { sums, vector });
        }
        detector.learned = learned;
        detector
    }

    /// Adds what `other` learned (from other records of the same stream,
    /// e.g. another partition) to what this detector learned.
    ///
    /// The rule, deterministic and documented because warm-up clustering
    /// depends on order: this detector's prototypes stay as they are. A
    /// slot only `other` knows is taken as it is. In a slot both know,
    /// `other`'s prototypes, in the order `other` started them, are learned
    /// one by one as if each were a single value (its vector): it joins the
    /// nearest prototype of the slot when their cosine is at least
    /// [`DetectorConfig::cluster_similarity`] (or when the slot is full),
    /// adding all its sums and count, and otherwise becomes a new
    /// prototype. So merging partitions left to right in stream order gives
    /// one answer for one partitioning, a detector merged into an empty one
    /// is itself bit for bit, and no value is lost: every slot's counts add
    /// up to the values it saw. Sums add exactly: a merged prototype's
    /// vector is the threshold of everything it absorbed, whichever
    /// detector absorbed it.
    ///
    /// `other`'s configuration and seed are not checked: merge detectors
    /// made alike.
    ///
    /// ```
    /// use holon_std::detect::{Detector, DetectorConfig};
    ///
    /// let records: Vec<serde_json::Value> = (0..40)
    ///     .map(|i| serde_json::json!({"proto": "TCP", "sport": 50_000 + i * 97}))
    ///     .collect();
    /// let learn = |part: &[serde_json::Value]| {
    ///     let mut d = Detector::<256>::new(0, DetectorConfig::default());
    ///     part.iter().for_each(|r| d.learn(r));
    ///     d
    /// };
    /// let mut merged = learn(&records[..20]);
    /// merged.merge(&learn(&records[20..]));
    /// assert_eq!(merged.learned(), 40);
    ///
    /// let mut empty = Detector::<256>::new(0, DetectorConfig::default());
    /// empty.merge(&merged);
    /// assert_eq!(empty.mint_bytes::<64>(), merged.mint_bytes::<64>());
    /// ```
    pub fn merge(&mut self, other: &Detector<D>) {
        let config = self.config;
        for (name, theirs) in &other.slots {
            match self.slots.get_mut(name) {
                Some(ours) => {
                    for p in &theirs.prototypes {
                        ours.absorb(p, &config);
                    }
                }
                None => {
                    self.slots.insert(
                        name.clone(),
                        SlotMemory {
                            id: theirs.id,
                            prototypes: theirs.prototypes.clone(),
                        },
                    );
                }
            }
        }
        self.learned = self.learned.saturating_add(other.learned);
    }

    /// [`mint`](Self::mint) as the engram file bytes (what `holon mint`
    /// writes), under this detector's seed.
    pub fn mint_bytes<const N: usize>(&self) -> Result<Vec<u8>, holon_core::Error> {
        let bank = self.mint::<N>()?;
        let mut bytes = vec![0u8; bank.encoded_len()];
        bank.emit(self.seed(), &mut bytes)?;
        Ok(bytes)
    }
}

/// Builds an empty bank on the heap (a bank is about `N * D` bytes).
fn build_bank<const D: usize, const N: usize>() -> Box<EngramBank<D, N>> {
    crate::holon::build_off_stack::<EngramBank<D, N>, _>(|| Box::new(EngramBank::new()))
}

/// `name` cut to at most [`NAME_CAPACITY`] bytes on a character boundary.
fn short_name(name: &str) -> &str {
    let mut end = name.len().min(NAME_CAPACITY);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

/// Folds per-slot scores into a verdict with its explanation.
fn verdict<const D: usize>(
    slots: Vec<SlotValue<D>>,
    threshold: f32,
    mut score: impl FnMut(&SlotValue<D>) -> f32,
) -> Verdict {
    let mut total = RecordScore::default();
    let mut explanation = Vec::new();
    for slot in slots {
        let best = score(&slot);
        total.add(best);
        if best < threshold {
            explanation.push((slot.name, best));
        }
    }
    explanation.sort_by(|a, b| a.1.total_cmp(&b.1));
    Verdict {
        anomaly: total.is_anomaly(threshold),
        score: total.score,
        explanation,
    }
}

/// Scores records against minted engrams only: what a device does, on a
/// server. Gives the same verdicts as the [`Detector`] that minted them.
pub struct EngramDetector<const D: usize, const N: usize> {
    bank: Box<EngramBank<D, N>>,
    threshold: f32,
    pairs: bool,
    encoder: SlotEncoder<D>,
}

impl<const D: usize, const N: usize> EngramDetector<D, N> {
    /// Loads engram bytes (as [`Detector::mint`] and
    /// [`EngramBank::emit`] make them).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, holon_core::Error> {
        let mut bank = build_bank::<D, N>();
        let seed = bank.load(bytes)?;
        let threshold = bank
            .get(0)
            .map_or(holon_core::detect::ANOMALY_THRESHOLD, Engram::threshold);
        Ok(Self {
            bank,
            threshold,
            pairs: true,
            encoder: SlotEncoder::new(seed),
        })
    }

    /// The bank.
    pub fn bank(&self) -> &EngramBank<D, N> {
        &self.bank
    }

    /// Scores `record` against the engrams.
    pub fn score(&mut self, record: &Value) -> Verdict {
        let slots = self.encoder.slots(record, self.pairs);
        let bank = &self.bank;
        verdict(slots, self.threshold, |slot| {
            slot_score(bank, slot.id, &slot.vector)
        })
    }
}

/// Turns records into slots: atoms for strings, log magnitudes for numbers,
/// bindings for pairs, ids from [`holon_core::detect`].
pub struct SlotEncoder<const D: usize> {
    seed: u64,
    numbers: Box<LogEncoder<D>>,
    atoms: AtomMap<D>,
}

impl<const D: usize> SlotEncoder<D> {
    /// An encoder under `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            seed,
            numbers: crate::holon::build_off_stack::<LogEncoder<D>, _>(|| {
                Box::new(number_encoder(seed))
            }),
            atoms: AtomMap::new(),
        }
    }

    /// The vector of one leaf value.
    fn value_vector(&mut self, value: &Value) -> Vector<D> {
        match value {
            Value::Number(n) => number_vector(&self.numbers, n.as_f64().unwrap_or(0.0)),
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
    /// paths, in sorted order; keys starting with `_` are labels and never
    /// encoded) and, if `pairs`, every pair of fields.
    pub fn slots(&mut self, record: &Value, pairs: bool) -> Vec<SlotValue<D>> {
        let mut leaves = Vec::new();
        flatten("", record, &mut leaves);
        leaves.sort_by(|a, b| a.0.cmp(&b.0));
        let fields: Vec<SlotValue<D>> = leaves
            .into_iter()
            .map(|(name, value)| SlotValue {
                id: field_slot(self.seed, &name),
                vector: self.value_vector(value),
                name,
            })
            .collect();
        let mut slots = Vec::with_capacity(fields.len() * (fields.len() + 1) / 2);
        if pairs {
            for (i, a) in fields.iter().enumerate() {
                for b in fields.iter().skip(i + 1) {
                    slots.push(SlotValue {
                        name: format!("{}&{}", a.name, b.name),
                        id: pair_slot(self.seed, &a.name, &b.name),
                        vector: bind(&a.vector, &b.vector),
                    });
                }
            }
        }
        slots.extend(fields);
        slots
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
