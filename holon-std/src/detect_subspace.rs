//! A zero-knowledge anomaly detector that learns the *manifold* of each slot
//! with an online subspace, next to [`crate::detect`]'s prototype detector.
//!
//! Records are cut into the same slots as the prototype detector (one per
//! field, one per pair of fields, through [`SlotEncoder`]); each slot learns
//! an [`OnlineSubspace`] (CCIPCA) of its value vectors during the warm-up.
//! A slot scores `1 − residual / threshold`, where the threshold is
//! calibrated on the warm-up itself (see [`SubspaceDetectorConfig`]); the
//! record's score is its worst slot's, and the record is anomalous when that
//! is below 0, i.e. some slot's value lies farther from its subspace than
//! any normal value did. An unseen field scores −1. Nothing is tuned per
//! field or per attack.
//!
//! [`SubspaceDetector::mint`] writes one subspace engram per slot (engram
//! format version 2) and [`SubspaceEngramDetector`] scores from those bytes
//! alone, with the same verdicts.
//!
//! Why per slot: a whole-record subspace (holon-rs's use) sees one novel
//! field as a change of one binding in a bundle of fifteen, a residual
//! smaller than the spread of normal records; a slot's subspace sees the
//! whole change.

use std::collections::BTreeMap;

use std::collections::HashMap;

use holon_core::engram::{
    emit_engrams, encoded_len_of_engrams, EngramBank, EngramFile, SubspaceEngram, NAME_CAPACITY,
};
use holon_core::memory::{OnlineSubspace, SubspaceParams};
use holon_core::{Error, Vector};
use serde_json::Value;

use crate::detect::{SlotEncoder, Verdict};
use crate::record::RecordError;

/// Capacity (most components) of each slot's subspace.
pub const SLOT_COMPONENTS: usize = 16;

/// Settings of a [`SubspaceDetector`]; the defaults are the ones every test
/// uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SubspaceDetectorConfig {
    /// Components each slot's subspace starts with (it grows up to
    /// [`SLOT_COMPONENTS`] by holon-rs's reflexive rule).
    pub components: usize,
    /// The slot threshold is `margin` times the largest residual of a
    /// warm-up value, after learning.
    pub margin: f64,
    /// ... and at least this fraction of a value vector's norm
    /// (`sqrt(nnz)`), so slots whose values the subspace fits exactly
    /// (residual ≈ 0) still tolerate rounding.
    pub floor: f64,
    /// Also score pairs of fields (combinations), not only single fields.
    pub pairs: bool,
}

impl Default for SubspaceDetectorConfig {
    fn default() -> Self {
        Self {
            components: 4,
            margin: 1.5,
            floor: 0.1,
            pairs: true,
        }
    }
}

type SlotSubspace<const D: usize> = OnlineSubspace<D, SLOT_COMPONENTS>;

/// What the detector learned about one slot.
#[derive(Clone)]
struct SlotModel<const D: usize> {
    id: u32,
    subspace: Box<SlotSubspace<D>>,
    /// The warm-up values, kept until the threshold is calibrated.
    warmup: Vec<Vector<D>>,
    threshold: f64,
}

/// Learns normal records during a warm-up, then scores each record by its
/// worst slot's distance to that slot's learned subspace.
///
/// Memory: one subspace of `(SLOT_COMPONENTS + 1) · D` f64 per slot (136 KiB
/// at D = 1024), and the warm-up's slot vectors until the first score.
///
/// ```
/// use holon_std::detect_subspace::{SubspaceDetector, SubspaceDetectorConfig};
///
/// let mut detector = SubspaceDetector::<1024>::new(0, SubspaceDetectorConfig::default());
/// for i in 0..60 {
///     let doc = format!(r#"{{"proto":"TCP","sport":{},"dport":443}}"#, 50_000 + i * 97);
///     detector.learn(&serde_json::from_str(&doc).unwrap()).unwrap();
/// }
/// let normal = serde_json::from_str(r#"{"proto":"TCP","sport":51000,"dport":443}"#).unwrap();
/// let odd = serde_json::from_str(r#"{"proto":"TCP","sport":53,"dport":443}"#).unwrap();
/// assert!(!detector.score(&normal).unwrap().anomaly);
/// let verdict = detector.score(&odd).unwrap();
/// assert!(verdict.anomaly);
/// assert!(verdict.explanation.iter().all(|(slot, _)| slot.contains("sport")));
/// ```
///
/// A clone is a detector of its own (`holon detect --memory subspace
/// --threads N` scores with one calibrated clone a thread).
#[derive(Clone)]
pub struct SubspaceDetector<const D: usize> {
    seed: u64,
    config: SubspaceDetectorConfig,
    encoder: SlotEncoder<D>,
    slots: BTreeMap<String, SlotModel<D>>,
    learned: u64,
    calibrated: bool,
}

impl<const D: usize> SubspaceDetector<D> {
    /// A detector with nothing learned.
    pub fn new(seed: u64, config: SubspaceDetectorConfig) -> Self {
        Self {
            seed,
            config,
            encoder: SlotEncoder::new(seed),
            slots: BTreeMap::new(),
            learned: 0,
            calibrated: true,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &SubspaceDetectorConfig {
        &self.config
    }

    /// Records learned so far.
    pub fn learned(&self) -> u64 {
        self.learned
    }

    /// Slots known, and active components over all slots.
    pub fn size(&self) -> (usize, usize) {
        (
            self.slots.len(),
            self.slots.values().map(|s| s.subspace.active()).sum(),
        )
    }

    /// Learns `record` as normal.
    ///
    /// # Errors
    ///
    /// The record's [`RecordError`] (not an object, too deep, too wide);
    /// nothing is learned from it.
    pub fn learn(&mut self, record: &Value) -> Result<(), RecordError> {
        let components = self.config.components;
        for slot in self.encoder.slots(record, self.config.pairs)? {
            let model = self.slots.entry(slot.name).or_insert_with(|| SlotModel {
                id: slot.id,
                subspace: new_subspace(components),
                warmup: Vec::new(),
                threshold: f64::INFINITY,
            });
            model.subspace.update(&slot.vector);
            model.warmup.push(slot.vector);
        }
        self.learned += 1;
        self.calibrated = false;
        Ok(())
    }

    /// Sets every slot's threshold from its warm-up values (done by the
    /// first [`score`](Self::score) after learning; call it to choose when).
    pub fn calibrate(&mut self) {
        let (margin, floor) = (self.config.margin, self.config.floor);
        for model in self.slots.values_mut() {
            let mut largest = 0.0f64;
            let mut scale = 0.0f64;
            for v in &model.warmup {
                largest = largest.max(model.subspace.residual(v));
                scale = scale.max((v.nnz() as f64).sqrt());
            }
            model.threshold = (margin * largest).max(floor * scale);
            model.warmup = Vec::new();
        }
        self.calibrated = true;
    }

    /// Each slot's name, id, subspace and calibrated threshold (infinite
    /// before calibration), in name order.
    pub fn slot_models(&self) -> impl Iterator<Item = (&str, u32, &SlotSubspace<D>, f64)> {
        self.slots
            .iter()
            .map(|(name, m)| (name.as_str(), m.id, &*m.subspace, m.threshold))
    }

    /// Scores `record` against what was learned.
    ///
    /// # Errors
    ///
    /// The record's [`RecordError`].
    pub fn score(&mut self, record: &Value) -> Result<Verdict, RecordError> {
        if !self.calibrated {
            self.calibrate();
        }
        let slots = self.encoder.slots(record, self.config.pairs)?;
        let mut worst = 1.0f32;
        let mut explanation = Vec::new();
        for slot in slots {
            let score = match self.slots.get(&slot.name) {
                Some(m) => slot_score(m.subspace.residual(&slot.vector), m.threshold),
                None => -1.0,
            };
            worst = worst.min(score);
            if score < 0.0 {
                explanation.push((slot.name, score));
            }
        }
        explanation.sort_by(|a, b| a.1.total_cmp(&b.1));
        Ok(Verdict {
            anomaly: worst < 0.0,
            score: worst,
            explanation,
        })
    }
}

impl<const D: usize> SubspaceDetector<D> {
    /// What was learned, as one subspace engram per slot (named after the
    /// slot, cut to [`NAME_CAPACITY`] bytes, with the slot's id and its
    /// calibrated threshold), calibrating first if needed.
    pub fn mint(&mut self) -> Result<Vec<Box<SlotEngram<D>>>, Error> {
        if !self.calibrated {
            self.calibrate();
        }
        self.slots
            .iter()
            .map(|(name, m)| {
                SubspaceEngram::new(short_name(name), m.id, m.threshold, &m.subspace).map(Box::new)
            })
            .collect()
    }

    /// [`mint`](Self::mint) as an engram file (version 2, subspace records
    /// only), under the detector's seed.
    pub fn mint_bytes(&mut self) -> Result<Vec<u8>, Error> {
        let engrams = self.mint()?;
        let none: EngramBank<D, 0> = EngramBank::new();
        let mut bytes = vec![0u8; encoded_len_of_engrams(&none, &engrams)];
        emit_engrams(self.seed, &none, &engrams, &mut bytes)?;
        Ok(bytes)
    }
}

/// The engram a slot mints: its subspace and threshold.
pub type SlotEngram<const D: usize> = SubspaceEngram<D, SLOT_COMPONENTS>;

/// Scores records against minted subspace engrams only: what a device
/// does, on a server. Gives the same verdicts as the [`SubspaceDetector`]
/// that minted them. A clone scores on its own (one a thread for `holon
/// score --threads N`).
#[derive(Clone)]
pub struct SubspaceEngramDetector<const D: usize> {
    engrams: Vec<Box<SlotEngram<D>>>,
    by_slot: HashMap<u32, usize>,
    pairs: bool,
    encoder: SlotEncoder<D>,
}

impl<const D: usize> SubspaceEngramDetector<D> {
    /// Loads engram bytes as [`SubspaceDetector::mint_bytes`] makes them.
    /// Prototype records, if any, are ignored.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let file = EngramFile::<D, _>::new_checked(bytes)?;
        let mut engrams = Vec::with_capacity(file.subspace_count());
        let mut by_slot = HashMap::new();
        for record in file.subspaces() {
            let mut engram = Box::new(SubspaceEngram::new(
                "",
                0,
                0.0,
                &OnlineSubspace::<D, SLOT_COMPONENTS>::new(0),
            )?);
            engram.load_record(&record)?;
            by_slot.entry(engram.slot()).or_insert(engrams.len());
            engrams.push(engram);
        }
        Ok(Self {
            engrams,
            by_slot,
            pairs: true,
            encoder: SlotEncoder::new(file.seed()),
        })
    }

    /// The engrams, in file order.
    pub fn engrams(&self) -> &[Box<SlotEngram<D>>] {
        &self.engrams
    }

    /// Scores `record` against the engrams.
    ///
    /// # Errors
    ///
    /// The record's [`RecordError`].
    pub fn score(&mut self, record: &Value) -> Result<Verdict, RecordError> {
        let slots = self.encoder.slots(record, self.pairs)?;
        let mut worst = 1.0f32;
        let mut explanation = Vec::new();
        for slot in slots {
            let score = match self
                .by_slot
                .get(&slot.id)
                .and_then(|&i| self.engrams.get(i))
            {
                Some(e) => slot_score(e.residual(&slot.vector), e.threshold()),
                None => -1.0,
            };
            worst = worst.min(score);
            if score < 0.0 {
                explanation.push((slot.name, score));
            }
        }
        explanation.sort_by(|a, b| a.1.total_cmp(&b.1));
        Ok(Verdict {
            anomaly: worst < 0.0,
            score: worst,
            explanation,
        })
    }
}

/// `name` cut to at most [`NAME_CAPACITY`] bytes on a character boundary.
fn short_name(name: &str) -> &str {
    let mut end = name.len().min(NAME_CAPACITY);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

/// `1 − residual / threshold`, below 0 when the residual is past the
/// threshold.
pub fn slot_score(residual: f64, threshold: f64) -> f32 {
    if threshold > 0.0 && threshold.is_finite() {
        (1.0 - residual / threshold) as f32
    } else {
        -1.0
    }
}

fn new_subspace<const D: usize>(components: usize) -> Box<SlotSubspace<D>> {
    let params = SubspaceParams::new(components);
    crate::holon::build_off_stack::<SlotSubspace<D>, _>(|| {
        Box::new(
            OnlineSubspace::with_params(params).unwrap_or_else(|_| OnlineSubspace::new(components)),
        )
    })
}
