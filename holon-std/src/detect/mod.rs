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
//! Records are read by [`crate::record`] (one object check, leaves by
//! dotted path, labels left out, at most [`record::MAX_LEAVES`] leaves), and
//! a record's pairs are made one at a time, never all held. Learning keeps
//! at most [`DetectorConfig::max_prototypes`] prototypes.
//!
//! The rules that decide a verdict (slot ids, the number encoding, the
//! per-slot score) live in [`holon_core::detect`], so a device that loads the
//! minted engrams ([`Detector::mint`]) reaches the same verdicts bit for bit
//! ([`EngramDetector`]).

//!
//! Files: this one holds the settings, the learning [`Detector`] and its
//! verdicts; `persist` mints, restores and merges what it learned;
//! `engram` scores against minted engrams alone ([`EngramDetector`]);
//! `slots` turns a record into its slots ([`SlotEncoder`]); `line` scores
//! JSON lines of flat records at line rate ([`LineScorer`]).

mod engram;
mod line;
mod persist;
// The bit-count kernels of the line path's misses (run-time dispatched
// `target_feature` code, the crate's only unsafe outside `simd`).
#[allow(unsafe_code)]
mod popcount;
mod slots;

use line::LineInput;

pub use engram::EngramDetector;
pub use line::{
    FieldValue, LineScorer, LineStats, LineVerdict, MAX_SLOTS, MAX_STRINGS, MAX_STRING_BYTES,
    MEMO_ENTRIES,
};
pub use slots::SlotEncoder;

use std::collections::BTreeMap;

use holon_core::detect::{
    field_slot, number_encoder, number_vector, pair_slot, slot_score, RecordScore,
};
use holon_core::engram::{Engram, EngramBank, NAME_CAPACITY};
use holon_core::magnitude::LogEncoder;
use holon_core::ops::bind;
use holon_core::record::Scalar;
use holon_core::{Accumulator, AtomKey, Vector};
use serde_json::Value;

use crate::atom_map::AtomMap;
use crate::record::{self, LeafValue, RecordError};

/// The dimension `holon detect` works at: small enough for the detector's
/// many slots to be cheap (and to run the same engram on a Cortex-M), large
/// enough that noise (about 1/32 in cosine) stays far below the threshold.
pub const DETECT_DIMS: usize = 1024;

/// Most engrams `holon mint` writes and `holon score` loads.
pub const DETECT_BANK_CAPACITY: usize = 256;

/// Settings of a [`Detector`]; the defaults are the ones every test and the
/// demo use: cluster similarity 0.6, anomaly threshold 0.3
/// ([`holon_core::detect::ANOMALY_THRESHOLD`]), 64 prototypes a slot, field
/// pairs on, 16 384 prototypes in all.
///
/// ```
/// use holon_std::detect::{Detector, DetectorConfig};
///
/// let config = DetectorConfig::default();
/// assert_eq!(
///     (config.cluster_similarity, config.anomaly_threshold, config.pairs),
///     (0.6, 0.3, true)
/// );
/// assert_eq!((config.max_prototypes_per_slot, config.max_prototypes), (64, 16_384));
/// // Single fields only, and a stricter threshold.
/// let strict = DetectorConfig { pairs: false, anomaly_threshold: 0.5, ..config };
/// let detector = Detector::<1024>::new(0, strict);
/// assert!(!detector.config().pairs);
/// ```
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
    /// Most prototypes over all slots. Past it a value only joins its
    /// slot's nearest prototype, and slots not seen yet are not learned
    /// (they score 0, as unseen fields do): learning costs bounded memory,
    /// about `max_prototypes * 5 * D` bytes.
    pub max_prototypes: usize,
}

impl Default for DetectorConfig {
    fn default() -> Self {
        Self {
            cluster_similarity: 0.6,
            anomaly_threshold: holon_core::detect::ANOMALY_THRESHOLD,
            max_prototypes_per_slot: 64,
            pairs: true,
            max_prototypes: 16_384,
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
#[derive(Clone)]
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
    /// if the slot is full or `room` (for a new prototype in the detector)
    /// is false; `None` starts a new prototype.
    fn prototype_to_join(
        &self,
        v: &Vector<D>,
        config: &DetectorConfig,
        room: bool,
    ) -> Option<usize> {
        match self.best(v) {
            Some((i, c)) if c >= config.cluster_similarity => Some(i),
            Some((i, _)) if self.prototypes.len() >= config.max_prototypes_per_slot || !room => {
                Some(i)
            }
            _ => None,
        }
    }

    /// Learns `v`; `room` says whether a new prototype may be made. True
    /// when one was.
    fn learn(&mut self, v: &Vector<D>, config: &DetectorConfig, room: bool) -> bool {
        let join = self.prototype_to_join(v, config, room);
        match join.and_then(|i| self.prototypes.get_mut(i)) {
            Some(p) => {
                p.sums.add(v);
                p.vector = p.sums.threshold();
                false
            }
            None => {
                let mut sums = Box::new(Accumulator::new());
                sums.add(v);
                self.prototypes.push(Prototype {
                    sums,
                    vector: v.clone(),
                });
                true
            }
        }
    }

    /// Learns a whole prototype of another detector as if it were one value
    /// (its vector), carrying all of its sums: the rule of
    /// [`Detector::merge`]. True when it became a new prototype.
    fn absorb(&mut self, other: &Prototype<D>, config: &DetectorConfig, room: bool) -> bool {
        let join = self.prototype_to_join(&other.vector, config, room);
        match join.and_then(|i| self.prototypes.get_mut(i)) {
            Some(p) => {
                p.sums.merge(&other.sums);
                p.vector = p.sums.threshold();
                false
            }
            None => {
                self.prototypes.push(other.clone());
                true
            }
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
///     detector.learn(&serde_json::from_str(&doc).unwrap())?;
/// }
/// let normal = serde_json::from_str(r#"{"proto":"TCP","sport":61000,"dport":443}"#).unwrap();
/// let odd = serde_json::from_str(r#"{"proto":"TCP","sport":53,"dport":443}"#).unwrap();
/// assert!(!detector.score(&normal)?.anomaly);
/// let verdict = detector.score(&odd)?;
/// assert!(verdict.anomaly);
/// assert!(verdict.explanation.iter().any(|(slot, _)| slot == "sport"));
/// assert!(verdict.explanation.iter().all(|(slot, _)| slot.contains("sport")));
/// // Not a record: refused, not guessed at.
/// assert!(detector.score(&serde_json::json!([1, 2])).is_err());
/// # Ok::<(), holon_std::record::RecordError>(())
/// ```
///
/// A clone is a detector of its own (what was learned, caches and memo
/// copied): `holon detect --threads N` scores with one clone a thread.
#[derive(Clone)]
pub struct Detector<const D: usize> {
    config: DetectorConfig,
    encoder: SlotEncoder<D>,
    slots: BTreeMap<String, SlotMemory<D>>,
    prototypes: usize,
    learned: u64,
    line: LineScorer<D>,
}

impl<const D: usize> Detector<D> {
    /// A detector with nothing learned.
    pub fn new(seed: u64, config: DetectorConfig) -> Self {
        Self {
            config,
            encoder: SlotEncoder::new(seed),
            slots: BTreeMap::new(),
            prototypes: 0,
            learned: 0,
            line: LineScorer::new(),
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
        (self.slots.len(), self.prototypes)
    }

    /// The slots of a record (see [`SlotEncoder::slots`]).
    pub fn slots(&mut self, record: &Value) -> Result<Vec<SlotValue<D>>, RecordError> {
        self.encoder.slots(record, self.config.pairs)
    }

    /// Learns `record` as normal; a value that is not a record within
    /// [`crate::record`]'s limits is refused (and nothing is learned).
    pub fn learn(&mut self, record: &Value) -> Result<(), RecordError> {
        let config = self.config;
        // What was memoised came from the memory this record changes.
        self.line.invalidate();
        let (slots, prototypes) = (&mut self.slots, &mut self.prototypes);
        self.encoder
            .for_each_slot(record, config.pairs, |name, id, vector| {
                let room = *prototypes < config.max_prototypes;
                let memory = match slots.get_mut(name) {
                    Some(memory) => memory,
                    None if room => slots.entry(name.to_string()).or_insert(SlotMemory {
                        id,
                        prototypes: Vec::new(),
                    }),
                    // Full: a slot never seen stays unseen (it scores 0).
                    None => return,
                };
                if memory.learn(vector, &config, room) {
                    *prototypes += 1;
                }
            })?;
        self.learned += 1;
        Ok(())
    }

    /// Scores `record` against what was learned; a value that is not a
    /// record within [`crate::record`]'s limits is refused.
    pub fn score(&mut self, record: &Value) -> Result<Verdict, RecordError> {
        let threshold = self.config.anomaly_threshold;
        let memory = &self.slots;
        let mut fold = VerdictFold::default();
        self.encoder
            .for_each_slot(record, self.config.pairs, |name, _, vector| {
                let best = memory
                    .get(name)
                    .and_then(|m| m.best(vector))
                    .map_or(0.0, |(_, c)| c);
                fold.add(name, best, threshold);
            })?;
        Ok(fold.finish(threshold))
    }

    /// Scores one JSON line as [`score`](Self::score) scores its record,
    /// the same verdict bit for bit, on the line-rate path
    /// ([`LineScorer`]); `None` when the line is not a flat record that
    /// path takes (parse it and call [`score`](Self::score)).
    pub fn score_line<'a>(&'a mut self, text: &'a str) -> Option<LineVerdict<'a>> {
        self.score_input(LineInput::Line(text))
    }

    /// Scores a flat record given as parsed fields, with the verdict
    /// [`score_line`](Self::score_line) gives the same record as a JSON
    /// line; `None` in the cases of [`LineScorer::score_fields`].
    pub fn score_fields<'a>(
        &'a mut self,
        fields: &'a [(&'a str, FieldValue<'a>)],
    ) -> Option<LineVerdict<'a>> {
        self.score_input(LineInput::Fields(fields))
    }

    fn score_input<'a>(&'a mut self, input: LineInput<'a>) -> Option<LineVerdict<'a>> {
        let (config, memory) = (&self.config, &self.slots);
        self.line.score_input(
            input,
            &mut self.encoder,
            config.pairs,
            config.anomaly_threshold,
            // The slot's prototypes in order, none for an unseen slot.
            |name, _, visit| {
                for p in memory.get(name).into_iter().flat_map(|m| &m.prototypes) {
                    visit(&p.vector);
                }
            },
        )
    }

    /// What the line path ([`score_line`](Self::score_line)) has done.
    pub fn line_stats(&self) -> LineStats {
        self.line.stats()
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

/// Folds per-slot scores into a verdict with its explanation, one slot at
/// a time (a record's slots are never all held at once).
#[derive(Default)]
struct VerdictFold {
    total: RecordScore,
    explanation: Vec<(String, f32)>,
}

impl VerdictFold {
    fn add(&mut self, name: &str, best: f32, threshold: f32) {
        self.total.add(best);
        if best < threshold {
            self.explanation.push((name.to_string(), best));
        }
    }

    fn finish(mut self, threshold: f32) -> Verdict {
        self.explanation.sort_by(|a, b| a.1.total_cmp(&b.1));
        Verdict {
            anomaly: self.total.is_anomaly(threshold),
            score: self.total.score,
            explanation: self.explanation,
        }
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
