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
//! [`MAX_SLOTS`] slot names and [`MAX_STRINGS`] string values are interned.
//! The hash that spreads keys over the table is seeded per scorer, so a
//! crafted stream cannot aim at one set. Whoever owns the memory the
//! scores come from calls [`LineScorer::invalidate`] when it changes
//! (the learning [`Detector`] does on every record it learns): every entry
//! of an older generation reads as empty.

use std::collections::HashMap;
use std::hash::BuildHasher;

use holon_core::detect::{field_slot, number_vector, pair_slot, RecordScore};
use holon_core::ops::bind_into;
use holon_core::record::Scalar;
use holon_core::{AtomKey, Vector};

use super::SlotEncoder;
use crate::flat::scan::{self, Kind};
use crate::record::{self, Labels};

/// Entries of the memo table (a power of two; 32 bytes each).
pub const MEMO_ENTRIES: usize = 1 << 18;

/// Most slot names (fields and pairs) a scorer interns; past it, records
/// with new slots take the general path.
pub const MAX_SLOTS: usize = 1 << 16;

/// Most string values whose atom keys a scorer keeps; past it, new strings
/// are hashed on every use.
pub const MAX_STRINGS: usize = 1 << 16;

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

/// An interned slot: its name, its JSON-escaped name and its id.
#[derive(Debug)]
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
/// module documentation).
pub struct LineScorer<const D: usize> {
    slots: Vec<SlotInfo>,
    field_index: HashMap<Box<str>, u32>,
    pair_index: HashMap<(u32, u32), u32>,
    strings: HashMap<Box<str>, u64>,
    memo: Box<[[Entry; 2]]>,
    generation: u32,
    hash_seed: u64,
    explanation: Vec<(u32, f32)>,
    leaves: Vec<Vector<D>>,
    pair: Box<Vector<D>>,
}

impl<const D: usize> Default for LineScorer<D> {
    fn default() -> Self {
        Self::new()
    }
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
            field_index: HashMap::new(),
            pair_index: HashMap::new(),
            strings: HashMap::new(),
            memo: vec![[Entry::default(); 2]; MEMO_ENTRIES / 2].into_boxed_slice(),
            generation: 1,
            hash_seed: hash_seed | 1,
            explanation: Vec::new(),
            leaves: Vec::new(),
            pair: Box::new(Vector::zero()),
        }
    }

    /// Forgets every memoised score (the memory they came from changed).
    pub fn invalidate(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            // After 2^32 generations stale entries could match again: clear.
            self.memo.fill([Entry::default(); 2]);
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
        if self.strings.len() < MAX_STRINGS {
            self.strings.insert(text.into(), key);
        }
        key
    }

    fn set(&self, slot: u32, a: ValueId, b: ValueId) -> usize {
        let mut h = (a.bits ^ self.hash_seed).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h = (h ^ b.bits ^ (u64::from(slot) << 8) ^ u64::from(a.kind | b.kind << 2))
            .wrapping_mul(0xd6e8_feb8_6659_fd93);
        h ^= h >> 32;
        (h as usize) & (self.memo.len() - 1)
    }

    fn lookup(&self, set: usize, slot: u32, a: ValueId, b: ValueId) -> Option<f32> {
        let kinds = a.kind | b.kind << 2;
        self.memo.get(set)?.iter().find_map(|e| {
            (e.generation == self.generation
                && e.slot == slot
                && e.kinds == kinds
                && e.a == a.bits
                && e.b == b.bits)
                .then_some(e.score)
        })
    }

    fn store(&mut self, set: usize, slot: u32, a: ValueId, b: ValueId, score: f32) {
        let entry = Entry {
            a: a.bits,
            b: b.bits,
            slot,
            generation: self.generation,
            kinds: a.kind | b.kind << 2,
            score,
        };
        if let Some(ways) = self.memo.get_mut(set) {
            // The newest entry in way 0, the one before it in way 1.
            ways[1] = ways[0];
            ways[0] = entry;
        }
    }

    /// Scores one JSON line, or `None` when it is not a record this path
    /// takes (the caller then parses it and takes the general path, which
    /// gives the same verdict or the error). `score_slot(name, id, value)`
    /// is the memory's score of one slot, called only for a (slot, value)
    /// not memoised.
    pub fn score<'s, 't: 's>(
        &'s mut self,
        text: &'t str,
        encoder: &mut SlotEncoder<D>,
        pairs: bool,
        threshold: f32,
        mut score_slot: impl FnMut(&str, u32, &Vector<D>) -> f32,
    ) -> Option<LineVerdict<'s>> {
        let fields = scan::scan(text)?;
        let seed = encoder.seed;
        let mut leaves = [LineLeaf {
            path: "",
            kind: Kind::Str,
            slot: 0,
            value: ValueId::default(),
        }; scan::MAX_FIELDS];
        let mut n = 0;
        let mut labels = Labels::default();
        for (&(key, text), &kind) in fields.as_slice().iter().zip(fields.kinds()) {
            if key.starts_with(record::LABEL_PREFIX) {
                match (key, kind, text) {
                    ("_phase", Kind::Str, _) => labels.phase = Some(text),
                    ("_attack", Kind::Word, "true") => labels.attack = Some(true),
                    ("_attack", Kind::Word, "false") => labels.attack = Some(false),
                    _ => {}
                }
                continue;
            }
            if key.len() > record::MAX_PATH_BYTES {
                return None;
            }
            let value = match kind {
                Kind::Int => ValueId {
                    kind: KIND_NUMBER,
                    bits: number(text)?.to_bits(),
                },
                Kind::Str | Kind::Word => ValueId {
                    kind: KIND_ATOM,
                    bits: self.atom_key(seed, text),
                },
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
        for leaf in leaves.iter_mut() {
            leaf.slot = self.field(seed, leaf.path)?;
        }
        if self.leaves.len() < n {
            self.leaves.resize(n, Vector::zero());
        }
        // Bit i: leaf i's vector is in self.leaves[i].
        let mut made = 0u32;
        let mut total = RecordScore::default();
        self.explanation.clear();
        if pairs {
            for i in 0..n {
                for j in i + 1..n {
                    let (a, b) = (leaves[i], leaves[j]);
                    let slot = self.pair_slot(seed, &a, &b)?;
                    let set = self.set(slot, a.value, b.value);
                    let best = match self.lookup(set, slot, a.value, b.value) {
                        Some(best) => best,
                        None => {
                            self.make(encoder, &a, i, &mut made);
                            self.make(encoder, &b, j, &mut made);
                            bind_into(&self.leaves[i], &self.leaves[j], &mut self.pair);
                            let info = &self.slots[slot as usize];
                            let best = score_slot(&info.name, info.id, &self.pair);
                            self.store(set, slot, a.value, b.value, best);
                            best
                        }
                    };
                    total.add(best);
                    if best < threshold {
                        self.explanation.push((slot, best));
                    }
                }
            }
        }
        for (i, a) in leaves.iter().enumerate() {
            let none = ValueId::default();
            let set = self.set(a.slot, a.value, none);
            let best = match self.lookup(set, a.slot, a.value, none) {
                Some(best) => best,
                None => {
                    self.make(encoder, a, i, &mut made);
                    let info = &self.slots[a.slot as usize];
                    let best = score_slot(&info.name, info.id, &self.leaves[i]);
                    self.store(set, a.slot, a.value, none, best);
                    best
                }
            };
            total.add(best);
            if best < threshold {
                self.explanation.push((a.slot, best));
            }
        }
        // Worst first, ties in slot order: the general path's stable sort.
        self.explanation.sort_by(|a, b| a.1.total_cmp(&b.1));
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
        let Some(out) = self.leaves.get_mut(i) else {
            return;
        };
        match leaf.kind {
            Kind::Int => {
                *out = number_vector(&encoder.numbers, f64::from_bits(leaf.value.bits));
            }
            Kind::Str | Kind::Word => {
                out.clone_from(encoder.atoms.get(AtomKey::from_raw(leaf.value.bits)));
            }
        }
        *made |= 1 << i;
    }
}

/// The `f64` of an integer token (at most 18 digits, so an `i64`), as
/// `serde_json`'s `as_f64` reads it.
fn number(text: &str) -> Option<f64> {
    text.parse::<i64>().ok().map(|x| x as f64)
}
