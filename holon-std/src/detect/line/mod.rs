//! Scoring one JSON line at line rate: the flat scanner instead of
//! `serde_json`, slot names and ids interned once, and each slot's score
//! memoised by (slot, value) — the verdict is a pure function of each
//! slot's value against fixed memory, so a repeated value costs a table
//! look-up instead of a bind and a cosine against every prototype of its
//! slot.
//!
//! [`LineScorer`] gives the verdicts of the general path bit for bit, or
//! declines (`None`) and the caller takes the general path: for anything
//! the flat scanner refuses (nesting, arrays, escapes, fractions, long
//! integers, duplicate keys, invalid JSON), a path over
//! [`record::MAX_PATH_BYTES`], or when its intern tables are full.
//!
//! Memory is bounded: the memo is a fixed table of [`MEMO_ENTRIES`]
//! entries (32 bytes each, 8 MiB), two ways per set, that overwrites when
//! full (speed, never correctness: every entry holds its whole key); at most
//! [`MAX_SLOTS`] slot names and [`MAX_STRINGS`] string values of at most
//! [`MAX_STRING_BYTES`] in all are interned (a stream of ever-new long
//! strings is hashed on every use, never kept).
//! The hash that spreads keys over the table is seeded per scorer, so a
//! crafted stream cannot aim at one set. Whoever owns the memory the
//! scores come from calls [`LineScorer::invalidate`] when it changes
//! (the learning [`Detector`] does on every record it learns): every entry
//! of an older generation reads as empty.

use std::collections::HashMap;
use std::hash::BuildHasher;

use holon_core::detect::{field_slot, number_vector, pair_slot, RecordScore};
use holon_core::record::Scalar;
use holon_core::vector::cosine_from_counts;
use holon_core::{AtomKey, Vector};

use super::SlotEncoder;
use crate::flat::scan::{self, Kind};
use crate::record::{self, Labels};
use crate::seeded_hash::Seeded;
use crate::simd::packed::packed_words;

/// Entries of the memo table (a power of two; 32 bytes each).
pub const MEMO_ENTRIES: usize = 1 << 18;

/// Most slot names (fields and pairs) a scorer interns; past it, records
/// with new slots take the general path.
pub const MAX_SLOTS: usize = 1 << 16;

/// Most string values whose atom keys a scorer keeps; past it, new strings
/// are hashed on every use.
pub const MAX_STRINGS: usize = 1 << 16;

/// Most bytes of string values a scorer keeps with their atom keys (4 MiB);
/// past it, as past [`MAX_STRINGS`], new strings are hashed on every use.
pub const MAX_STRING_BYTES: usize = 4 << 20;

/// A leaf value's identity: equal identities give equal vectors. Numbers
/// by their `f64` bits, everything else by its atom key (the vector is a
/// function of the key).
#[derive(Clone, Copy, PartialEq, Eq, Default)]
struct ValueId {
    kind: u8,
    bits: u64,
}

const KIND_NUMBER: u8 = 1;
const KIND_ATOM: u8 = 2;

/// One memoised slot score.
#[derive(Clone, Copy, Default)]
struct Entry {
    a: u64,
    b: u64,
    slot: u32,
    generation: u32,
    kinds: u8,
    score: f32,
}

/// The memo table: empty until the first line is scored (a scorer that
/// only learns, or is only cloned, never allocates it). A clone starts
/// empty too: a memo is a cache, and a clone gives the same scores with
/// its own, so cloning a scorer (one a thread) copies no table.
#[derive(Default)]
struct Memo(Box<[[Entry; 2]]>);

impl Clone for Memo {
    fn clone(&self) -> Self {
        Self::default()
    }
}

/// An interned slot: its name, its JSON-escaped name and its id.
#[derive(Debug, Clone)]
struct SlotInfo {
    name: Box<str>,
    json: Box<[u8]>,
    id: u32,
}

/// A verdict from [`LineScorer::score`]: the fields of
/// [`Verdict`](super::Verdict) without allocating. The explanation holds
/// interned slots, named by [`slot_name`](Self::slot_name) and
/// [`slot_json`](Self::slot_json).
#[derive(Debug, Clone, Copy)]
pub struct LineVerdict<'a> {
    /// True when some slot scored below the threshold.
    pub anomaly: bool,
    /// The worst slot's score (1.0 for a record with no slots).
    pub score: f32,
    /// Slots below the threshold, worst first: (interned slot, score).
    pub explanation: &'a [(u32, f32)],
    /// The record's `_phase` and `_attack` labels.
    pub labels: Labels<'a>,
    slots: &'a [SlotInfo],
}

impl LineVerdict<'_> {
    /// The name of an interned slot (`path` or `path_a&path_b`).
    pub fn slot_name(&self, slot: u32) -> &str {
        self.slots.get(slot as usize).map_or("", |s| &s.name)
    }

    /// The name of an interned slot as a JSON string, quotes included
    /// (`serde_json`'s escaping).
    pub fn slot_json(&self, slot: u32) -> &[u8] {
        self.slots.get(slot as usize).map_or(b"\"\"", |s| &s.json)
    }

    /// The verdict as [`Verdict`](super::Verdict) (allocates the names).
    pub fn to_verdict(&self) -> super::Verdict {
        super::Verdict {
            anomaly: self.anomaly,
            score: self.score,
            explanation: self
                .explanation
                .iter()
                .map(|&(slot, score)| (self.slot_name(slot).to_string(), score))
                .collect(),
        }
    }
}

/// Scores JSON lines of flat records with memoised slot scores (see the
/// module documentation). A clone copies the intern tables, the packed
/// prototypes and the hash seed, and starts with an empty memo of its own
/// (one clone a thread).
#[derive(Clone)]
pub struct LineScorer<const D: usize> {
    slots: Vec<SlotInfo>,
    field_index: HashMap<Box<str>, u32, Seeded>,
    pair_index: HashMap<(u32, u32), u32, Seeded>,
    strings: HashMap<Box<str>, u64, Seeded>,
    /// Bytes of the keys of `strings`.
    string_bytes: usize,
    /// The last line's sorted paths with their slots, and its pair slots
    /// in scoring order: the next line of the same shape reuses them.
    last_paths: Vec<(Box<str>, u32)>,
    last_pairs: Vec<u32>,
    jobs: Vec<Job>,
    memo: Memo,
    generation: u32,
    hash_seed: u64,
    explanation: Vec<(u32, f32)>,
    /// The line's leaf vectors, packed ([`packed_words`] words each).
    leaves: Vec<u64>,
    pair: Vec<u64>,
    number: Box<Vector<D>>,
    /// Each interned slot's prototypes, packed, with their non-zero
    /// counts, and the generation they were read at.
    prototypes: Vec<Option<SlotPrototypes>>,
    stats: LineStats,
}

/// One slot's prototypes, packed for the miss path.
#[derive(Clone)]
struct SlotPrototypes {
    generation: u32,
    words: Vec<u64>,
    nnz: Vec<u64>,
}

/// How a [`LineScorer`] has spent its calls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineStats {
    /// Lines scored on the line path.
    pub lines: u64,
    /// Slot scores found in the memo.
    pub hits: u64,
    /// Slot scores computed (and memoised).
    pub misses: u64,
}

impl<const D: usize> Default for LineScorer<D> {
    fn default() -> Self {
        Self::new()
    }
}

/// `Job::j` of a field slot.
const NO_LEAF: u8 = u8::MAX;

/// One slot of a line to score: its slot, its leaves (`j` is [`NO_LEAF`]
/// for a field), their value identities, its memo set and, once probed,
/// the memoised score.
#[derive(Clone, Copy)]
struct Job {
    slot: u32,
    i: u8,
    j: u8,
    a: ValueId,
    b: ValueId,
    set: usize,
    score: Option<f32>,
}

impl Job {
    /// `i` and `j` are below [`scan::MAX_FIELDS`] (or `j` is [`NO_LEAF`]).
    fn new(slot: u32, i: usize, j: u8, a: ValueId, b: ValueId) -> Self {
        Self {
            slot,
            i: i as u8,
            j,
            a,
            b,
            set: 0,
            score: None,
        }
    }
}

/// The value of one field of a flat record: what a flat JSON object holds.
///
/// ```
/// use holon_std::detect::FieldValue;
///
/// let packet = [
///     ("protocol", FieldValue::Str("UDP")),
///     ("src_port", FieldValue::Int(53)),
///     ("truncated", FieldValue::Bool(false)),
/// ];
/// assert_eq!(packet[1].1, FieldValue::Int(53));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldValue<'a> {
    /// A string (`"UDP"`).
    Str(&'a str),
    /// An integer (`53`): its vector is that of `53` in JSON, the number's.
    Int(i64),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

impl<'a> FieldValue<'a> {
    /// The value of a scanned token; `None` for an integer outside `i64`
    /// (the scanner passes at most 18 digits, so none).
    fn from_token(kind: Kind, text: &'a str) -> Option<Self> {
        Some(match (kind, text) {
            (Kind::Int, _) => Self::Int(text.parse().ok()?),
            (Kind::Str, _) => Self::Str(text),
            (Kind::Word, "true") => Self::Bool(true),
            (Kind::Word, "false") => Self::Bool(false),
            (Kind::Word, _) => Self::Null,
        })
    }
}

/// A flat record as the detectors hand it to [`LineScorer::score_input`].
#[derive(Clone, Copy)]
pub(crate) enum LineInput<'t> {
    /// A JSON line.
    Line(&'t str),
    /// Parsed fields.
    Fields(&'t [(&'t str, FieldValue<'t>)]),
}

/// One leaf of a line: its interned field slot, value identity and value.
#[derive(Clone, Copy)]
struct LineLeaf<'a> {
    path: &'a str,
    kind: Kind,
    slot: u32,
    value: ValueId,
}

impl<const D: usize> LineScorer<D> {
    /// An empty scorer.
    pub fn new() -> Self {
        let hash_seed = std::collections::hash_map::RandomState::new().hash_one(0x686f6c6f6eu64);
        Self {
            slots: Vec::new(),
            field_index: HashMap::with_hasher(Seeded(hash_seed.rotate_left(17))),
            pair_index: HashMap::with_hasher(Seeded(hash_seed.rotate_left(31))),
            strings: HashMap::with_hasher(Seeded(hash_seed.rotate_left(47))),
            string_bytes: 0,
            last_paths: Vec::new(),
            last_pairs: Vec::new(),
            jobs: Vec::new(),
            memo: Memo::default(),
            generation: 1,
            hash_seed: hash_seed | 1,
            explanation: Vec::new(),
            leaves: Vec::new(),
            pair: vec![0; packed_words(D)],
            number: Box::new(Vector::zero()),
            prototypes: Vec::new(),
            stats: LineStats::default(),
        }
    }

    /// What the scorer has done so far.
    pub fn stats(&self) -> LineStats {
        self.stats
    }

    /// Forgets every memoised score (the memory they came from changed).
    pub fn invalidate(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            // After 2^32 generations stale entries could match again: clear.
            self.memo.0.fill([Entry::default(); 2]);
            self.generation = 1;
        }
    }

    fn intern(&mut self, name: &str, id: u32) -> Option<u32> {
        if self.slots.len() >= MAX_SLOTS {
            return None;
        }
        let index = self.slots.len() as u32;
        let json = serde_json::to_vec(name).ok()?.into_boxed_slice();
        self.slots.push(SlotInfo {
            name: name.into(),
            json,
            id,
        });
        Some(index)
    }

    fn field(&mut self, seed: u64, path: &str) -> Option<u32> {
        if let Some(&slot) = self.field_index.get(path) {
            return Some(slot);
        }
        let slot = self.intern(path, field_slot(seed, path))?;
        self.field_index.insert(path.into(), slot);
        Some(slot)
    }

    fn pair_slot(&mut self, seed: u64, a: &LineLeaf<'_>, b: &LineLeaf<'_>) -> Option<u32> {
        if let Some(&slot) = self.pair_index.get(&(a.slot, b.slot)) {
            return Some(slot);
        }
        let name = format!("{}&{}", a.path, b.path);
        let slot = self.intern(&name, pair_slot(seed, a.path, b.path))?;
        self.pair_index.insert((a.slot, b.slot), slot);
        Some(slot)
    }

    fn atom_key(&mut self, seed: u64, text: &str) -> u64 {
        if let Some(&key) = self.strings.get(text) {
            return key;
        }
        // Strings, bools and null always have a key (as in the general
        // path, whose fallback this mirrors).
        let key = Scalar::Str(text)
            .key(seed)
            .unwrap_or_else(|_| AtomKey::new(seed, ""))
            .raw();
        if self.strings.len() < MAX_STRINGS && text.len() <= MAX_STRING_BYTES - self.string_bytes {
            self.string_bytes += text.len();
            self.strings.insert(text.into(), key);
        }
        key
    }

    fn atom_value(&mut self, seed: u64, text: &str) -> ValueId {
        ValueId {
            kind: KIND_ATOM,
            bits: self.atom_key(seed, text),
        }
    }

    fn set(&self, slot: u32, a: ValueId, b: ValueId) -> usize {
        let mut h = (a.bits ^ self.hash_seed).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h = (h ^ b.bits ^ (u64::from(slot) << 8) ^ u64::from(a.kind | b.kind << 2))
            .wrapping_mul(0xd6e8_feb8_6659_fd93);
        h ^= h >> 32;
        (h as usize) & self.memo.0.len().saturating_sub(1)
    }

    fn lookup(&self, set: usize, slot: u32, a: ValueId, b: ValueId) -> Option<f32> {
        let kinds = a.kind | b.kind << 2;
        self.memo.0.get(set)?.iter().find_map(|e| {
            (e.generation == self.generation
                && e.slot == slot
                && e.kinds == kinds
                && e.a == a.bits
                && e.b == b.bits)
                .then_some(e.score)
        })
    }

    fn store(&mut self, set: usize, slot: u32, a: ValueId, b: ValueId, score: f32) {
        self.stats.misses += 1;
        let entry = Entry {
            a: a.bits,
            b: b.bits,
            slot,
            generation: self.generation,
            kinds: a.kind | b.kind << 2,
            score,
        };
        if let Some(ways) = self.memo.0.get_mut(set) {
            // The newest entry in way 0, the one before it in way 1.
            ways[1] = ways[0];
            ways[0] = entry;
        }
    }

    /// Scores one JSON line, or `None` when it is not a record this path
    /// takes (the caller then parses it and takes the general path, which
    /// gives the same verdict or the error). `prototypes(name, id, visit)`
    /// is the memory's score of one slot, called only for a (slot, value)
    /// not memoised.
    pub fn score<'s, 't: 's>(
        &'s mut self,
        text: &'t str,
        encoder: &mut SlotEncoder<D>,
        pairs: bool,
        threshold: f32,
        prototypes: impl FnMut(&str, u32, &mut dyn FnMut(&Vector<D>)),
    ) -> Option<LineVerdict<'s>> {
        let mut fields = scan::Fields::new();
        scan::scan_into(text, &mut fields)?;
        let values = fields
            .as_slice()
            .iter()
            .zip(fields.kinds())
            .map(|(&(key, text), &kind)| Some((key, FieldValue::from_token(kind, text)?)));
        self.score_values(values, encoder, pairs, threshold, prototypes)
    }

    /// Scores a flat record given as its fields, parsed already (no JSON
    /// text), with the verdict [`score`](Self::score) gives for the same
    /// record as a JSON line; `None` for more than [`scan::MAX_FIELDS`]
    /// fields, a repeated key, a key over [`record::MAX_PATH_BYTES`], or
    /// when the intern tables are full. Fields whose key starts with `_`
    /// are labels (`_phase`, `_attack`), as in a line.
    pub fn score_fields<'s, 't: 's>(
        &'s mut self,
        fields: &[(&'t str, FieldValue<'t>)],
        encoder: &mut SlotEncoder<D>,
        pairs: bool,
        threshold: f32,
        prototypes: impl FnMut(&str, u32, &mut dyn FnMut(&Vector<D>)),
    ) -> Option<LineVerdict<'s>> {
        for (i, (key, _)) in fields.iter().enumerate() {
            if fields[..i].iter().any(|(other, _)| other == key) {
                return None;
            }
        }
        let values = fields.iter().map(|&field| Some(field));
        self.score_values(values, encoder, pairs, threshold, prototypes)
    }

    /// [`score`](Self::score) or [`score_fields`](Self::score_fields), as
    /// `input` is.
    pub(crate) fn score_input<'s, 't: 's>(
        &'s mut self,
        input: LineInput<'t>,
        encoder: &mut SlotEncoder<D>,
        pairs: bool,
        threshold: f32,
        prototypes: impl FnMut(&str, u32, &mut dyn FnMut(&Vector<D>)),
    ) -> Option<LineVerdict<'s>> {
        match input {
            LineInput::Line(text) => self.score(text, encoder, pairs, threshold, prototypes),
            LineInput::Fields(fields) => {
                self.score_fields(fields, encoder, pairs, threshold, prototypes)
            }
        }
    }

    /// The verdict of a record's fields; `None` in an item, or any of
    /// [`score_fields`](Self::score_fields)'s cases, declines.
    fn score_values<'s, 't: 's>(
        &'s mut self,
        values: impl Iterator<Item = Option<(&'t str, FieldValue<'t>)>>,
        encoder: &mut SlotEncoder<D>,
        pairs: bool,
        threshold: f32,
        mut prototypes: impl FnMut(&str, u32, &mut dyn FnMut(&Vector<D>)),
    ) -> Option<LineVerdict<'s>> {
        if self.memo.0.is_empty() {
            self.memo.0 = vec![[Entry::default(); 2]; MEMO_ENTRIES / 2].into_boxed_slice();
        }
        let seed = encoder.seed;
        let mut leaves = [LineLeaf {
            path: "",
            kind: Kind::Str,
            slot: 0,
            value: ValueId::default(),
        }; scan::MAX_FIELDS];
        let mut n = 0;
        let mut labels = Labels::default();
        for item in values {
            let (key, value) = item?;
            if key.starts_with(record::LABEL_PREFIX) {
                match (key, value) {
                    ("_phase", FieldValue::Str(text)) => labels.phase = Some(text),
                    ("_attack", FieldValue::Bool(b)) => labels.attack = Some(b),
                    _ => {}
                }
                continue;
            }
            if key.len() > record::MAX_PATH_BYTES {
                return None;
            }
            let (kind, value) = match value {
                FieldValue::Int(x) => (
                    Kind::Int,
                    ValueId {
                        kind: KIND_NUMBER,
                        // As `serde_json`'s `as_f64` reads an integer.
                        bits: (x as f64).to_bits(),
                    },
                ),
                FieldValue::Str(text) => (Kind::Str, self.atom_value(seed, text)),
                FieldValue::Bool(b) => (
                    Kind::Word,
                    self.atom_value(seed, if b { "true" } else { "false" }),
                ),
                FieldValue::Null => (Kind::Word, self.atom_value(seed, "null")),
            };
            let leaf = leaves.get_mut(n)?;
            *leaf = LineLeaf {
                path: key,
                kind,
                slot: 0,
                value,
            };
            n += 1;
        }
        let leaves = leaves.get_mut(..n)?;
        // Paths in byte order (the scanner refused duplicate keys), by
        // insertion: a record has at most MAX_FIELDS leaves.
        for i in 1..leaves.len() {
            let mut j = i;
            while j > 0 && leaves[j - 1].path > leaves[j].path {
                leaves.swap(j - 1, j);
                j -= 1;
            }
        }
        // Slots: the last line's when the paths are the same (the usual
        // case in a stream), else from the intern tables.
        let mut same_shape = self.last_paths.len() == n;
        for (i, leaf) in leaves.iter_mut().enumerate() {
            match self.last_paths.get(i) {
                Some((path, slot)) if **path == *leaf.path => leaf.slot = *slot,
                _ => {
                    same_shape = false;
                    leaf.slot = self.field(seed, leaf.path)?;
                }
            }
        }
        if !same_shape {
            self.last_paths.clear();
            self.last_pairs.clear();
            for leaf in leaves.iter() {
                self.last_paths.push((leaf.path.into(), leaf.slot));
            }
            if pairs {
                for i in 0..n {
                    for j in i + 1..n {
                        let slot = self.pair_slot(seed, &leaves[i], &leaves[j])?;
                        self.last_pairs.push(slot);
                    }
                }
            }
        }
        let words = packed_words(D);
        if self.leaves.len() < n * words {
            self.leaves.resize(n * words, 0);
        }
        // Every slot of the line in scoring order (pairs, then fields),
        // probed in one pass so the memo's loads overlap; then the misses
        // are scored and stored.
        let mut jobs = std::mem::take(&mut self.jobs);
        jobs.clear();
        let none = ValueId::default();
        if pairs {
            let mut k = 0;
            for i in 0..n {
                for j in i + 1..n {
                    let slot = self.last_pairs.get(k).copied()?;
                    k += 1;
                    jobs.push(Job::new(slot, i, j as u8, leaves[i].value, leaves[j].value));
                }
            }
        }
        for (i, leaf) in leaves.iter().enumerate() {
            jobs.push(Job::new(leaf.slot, i, NO_LEAF, leaf.value, none));
        }
        for job in jobs.iter_mut() {
            job.set = self.set(job.slot, job.a, job.b);
            job.score = self.lookup(job.set, job.slot, job.a, job.b);
        }
        // Bit i: leaf i's vector is in self.leaves[i].
        let mut made = 0u32;
        let level = crate::simd::level();
        let mut total = RecordScore::default();
        self.explanation.clear();
        for job in jobs.iter() {
            let best = match job.score {
                Some(best) => {
                    self.stats.hits += 1;
                    best
                }
                None => {
                    let (i, j) = (usize::from(job.i), usize::from(job.j));
                    self.make(encoder, &leaves[i], i, &mut made);
                    let value = if job.j == NO_LEAF {
                        &self.leaves[i * words..(i + 1) * words]
                    } else {
                        self.make(encoder, &leaves[j], j, &mut made);
                        let (a, b) = (
                            &self.leaves[i * words..(i + 1) * words],
                            &self.leaves[j * words..(j + 1) * words],
                        );
                        for ((out, a), b) in self
                            .pair
                            .chunks_exact_mut(2)
                            .zip(a.chunks_exact(2))
                            .zip(b.chunks_exact(2))
                        {
                            // bind: non-zero where both are, negative where
                            // their signs differ.
                            let nonzero = a[0] & b[0];
                            out[0] = nonzero;
                            out[1] = (a[1] ^ b[1]) & nonzero;
                        }
                        &self.pair
                    };
                    let fresh = self
                        .prototypes
                        .get(job.slot as usize)
                        .and_then(Option::as_ref)
                        .is_some_and(|p| p.generation == self.generation);
                    if !fresh {
                        let info = &self.slots[job.slot as usize];
                        let mut read = SlotPrototypes {
                            generation: self.generation,
                            words: Vec::new(),
                            nnz: Vec::new(),
                        };
                        let mut packed = vec![0u64; words];
                        prototypes(&info.name, info.id, &mut |v: &Vector<D>| {
                            crate::simd::packed::pack(level, v.as_trits(), &mut packed);
                            read.words.extend_from_slice(&packed);
                            read.nnz.push(v.nnz() as u64);
                        });
                        let index = job.slot as usize;
                        if self.prototypes.len() <= index {
                            self.prototypes.resize_with(index + 1, || None);
                        }
                        self.prototypes[index] = Some(read);
                    }
                    let best = match self.prototypes.get(job.slot as usize) {
                        Some(Some(p)) => best_cosine(value, p),
                        _ => 0.0,
                    };
                    self.store(job.set, job.slot, job.a, job.b, best);
                    best
                }
            };
            total.add(best);
            if best < threshold {
                self.explanation.push((job.slot, best));
            }
        }
        self.jobs = jobs;
        // Worst first, ties in slot order: the general path's stable sort.
        self.explanation.sort_by(|a, b| a.1.total_cmp(&b.1));
        self.stats.lines += 1;
        let this: &'s Self = self;
        Some(LineVerdict {
            anomaly: total.is_anomaly(threshold),
            score: total.score,
            explanation: &this.explanation,
            labels,
            slots: &this.slots,
        })
    }

    /// Puts leaf `i`'s vector in `self.leaves[i]` unless it is there.
    fn make(
        &mut self,
        encoder: &mut SlotEncoder<D>,
        leaf: &LineLeaf<'_>,
        i: usize,
        made: &mut u32,
    ) {
        if *made & (1 << i) != 0 {
            return;
        }
        let words = packed_words(D);
        let Some(out) = self.leaves.get_mut(i * words..(i + 1) * words) else {
            return;
        };
        let level = crate::simd::level();
        match leaf.kind {
            Kind::Int => {
                *self.number = number_vector(&encoder.numbers, f64::from_bits(leaf.value.bits));
                crate::simd::packed::pack(level, self.number.as_trits(), out);
            }
            Kind::Str | Kind::Word => {
                let atom = encoder.atoms.get(AtomKey::from_raw(leaf.value.bits));
                crate::simd::packed::pack(level, atom.as_trits(), out);
            }
        }
        *made |= 1 << i;
    }
}

/// The best cosine of the packed `value` against a slot's packed
/// prototypes, in order (the first of equals, as the general path), 0 when
/// it has none: the same `f32` as `Vector::cosine`, from the same integers
/// through the same formula.
fn best_cosine(value: &[u64], prototypes: &SlotPrototypes) -> f32 {
    let words = value.len();
    let nnz_value = value
        .chunks_exact(2)
        .map(|w| u64::from(w[0].count_ones()))
        .sum::<u64>();
    let mut best: Option<f32> = None;
    for (proto, &nnz) in prototypes
        .words
        .chunks_exact(words.max(1))
        .zip(&prototypes.nnz)
    {
        let cosine = cosine_from_counts(super::popcount::packed_dot(value, proto), nnz, nnz_value);
        if best.is_none_or(|b| cosine > b) {
            best = Some(cosine);
        }
    }
    best.unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ever_new_long_strings_are_not_kept() {
        let mut scorer = LineScorer::<64>::new();
        let mut encoder = SlotEncoder::<64>::new(0);
        let pad = "x".repeat(32 << 10);
        for i in 0..200 {
            let line = format!(r#"{{"s":"{pad}{i}","n":{i}}}"#);
            let verdict = scorer.score(&line, &mut encoder, true, 0.3, |_, _, _| {});
            assert!(verdict.is_some_and(|v| v.anomaly));
        }
        // 200 strings of 32 KiB: only what fits in MAX_STRING_BYTES is kept.
        assert!(scorer.string_bytes <= MAX_STRING_BYTES);
        assert_eq!(scorer.strings.len(), MAX_STRING_BYTES / (32 << 10) - 1);
    }
}
