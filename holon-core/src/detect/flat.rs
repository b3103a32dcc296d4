//! The device half of the detector: one flat record scored against an
//! engram bank, allocation-free, with the rules of [`crate::detect`].
//!
//! A flat record is a list of leaves (dotted path, value) sorted by path.
//! The caller turns each leaf value into a vector with a [`LeafEncoder`]
//! (numbers by the detector's log encoder, everything else as an atom) into
//! scratch it owns, and [`score_leaves`] scores the record's slots in the
//! detector's order: every pair `i < j` (id [`SlotIds::pair`], value
//! `bind(leaf i, leaf j)`), then every leaf (id [`SlotIds::field`]). Slot ids
//! come from a [`SlotIds`]: [`NamedSlots`] hashes the names on each call;
//! a device with a fixed schema computes them once (each is a SHA-256) and
//! supplies them, e.g. as a [`SlotTable`]. [`score_slots`] is the same order
//! over any leaf representation (packed vectors against a packed bank).

use crate::atom::{AtomKey, Codebook};
use crate::detect::{
    field_slot, number_encoder, number_vector, pair_slot, slot_score, RecordScore,
};
use crate::engram::EngramBank;
use crate::magnitude::LogEncoder;
use crate::ops::bind_into;
use crate::record::Scalar;
use crate::vector::Vector;

/// The value of one leaf of a flat record, as the detector reads JSON.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Leaf<'a> {
    /// A string (a server also passes an array as its JSON text): the atom
    /// of its text.
    Str(&'a str),
    /// A number (integers as `f64`, as `serde_json`'s `as_f64`): its
    /// [`number_vector`].
    Number(f64),
    /// `true` or `false`: the atom of that word.
    Bool(bool),
    /// `null`: the atom of `null`.
    Null,
}

/// Turns leaf values into vectors: numbers through the detector's number
/// encoder, the rest as atoms from a codebook (an
/// [`AtomCache`](crate::AtomCache) on a device that sees repeats).
///
/// Memory: the number encoder's table (`4 * D` bytes) plus the codebook.
pub struct LeafEncoder<const D: usize, B> {
    seed: u64,
    numbers: LogEncoder<D>,
    atoms: B,
}

impl<const D: usize, B: Codebook<D>> LeafEncoder<D, B> {
    /// An encoder under `seed` (the engram file's seed), taking atoms from
    /// `atoms`.
    pub fn new(seed: u64, atoms: B) -> Self {
        Self {
            seed,
            numbers: number_encoder(seed),
            atoms,
        }
    }

    /// The seed atoms and numbers are derived under.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The codebook, e.g. to read a cache's statistics.
    pub fn codebook(&self) -> &B {
        &self.atoms
    }

    /// Writes the vector of `leaf` over `out`.
    pub fn encode_into(&mut self, leaf: Leaf<'_>, out: &mut Vector<D>) {
        let scalar = match leaf {
            Leaf::Number(x) => {
                *out = number_vector(&self.numbers, x);
                return;
            }
            Leaf::Str(text) => Scalar::Str(text),
            Leaf::Bool(b) => Scalar::Bool(b),
            Leaf::Null => Scalar::Null,
        };
        // Strings, bools and null always have a key; the fallback is never
        // taken and keeps this path panic-free.
        let key = scalar
            .key(self.seed)
            .unwrap_or_else(|_| AtomKey::new(self.seed, ""));
        self.atoms.load(key, out);
    }
}

/// The slot ids of a record's leaves, by their position in the sorted
/// record.
pub trait SlotIds {
    /// The id of leaf `leaf` alone ([`field_slot`] of its path).
    fn field(&self, leaf: usize) -> u32;
    /// The id of the pair of leaves `a < b` ([`pair_slot`] of their paths).
    fn pair(&self, a: usize, b: usize) -> u32;
}

/// Slot ids hashed from the leaves' paths on every call: simple, and about
/// `n * (n + 1) / 2` SHA-256s per record of `n` leaves.
#[derive(Debug, Clone, Copy)]
pub struct NamedSlots<'a> {
    seed: u64,
    paths: &'a [&'a str],
}

impl<'a> NamedSlots<'a> {
    /// The ids of `paths` (sorted, one per leaf) under `seed`.
    pub fn new(seed: u64, paths: &'a [&'a str]) -> Self {
        Self { seed, paths }
    }
}

impl SlotIds for NamedSlots<'_> {
    fn field(&self, leaf: usize) -> u32 {
        field_slot(self.seed, self.paths.get(leaf).copied().unwrap_or(""))
    }

    fn pair(&self, a: usize, b: usize) -> u32 {
        let path = |i: usize| self.paths.get(i).copied().unwrap_or("");
        pair_slot(self.seed, path(a), path(b))
    }
}

/// Slot ids computed once and supplied in scoring order: the
/// `n * (n - 1) / 2` pair ids (`(0, 1), (0, 2), ..., (1, 2), ...`), then the
/// `n` field ids. An id past the end of the table reads as 0.
#[derive(Debug, Clone, Copy)]
pub struct SlotTable<'a> {
    leaves: usize,
    ids: &'a [u32],
}

impl<'a> SlotTable<'a> {
    /// The table of a record of `leaves` leaves; `ids` should hold
    /// [`slot_count`]`(leaves)` ids.
    pub fn new(leaves: usize, ids: &'a [u32]) -> Self {
        Self { leaves, ids }
    }
}

impl SlotIds for SlotTable<'_> {
    fn field(&self, leaf: usize) -> u32 {
        let pairs = slot_count(self.leaves).saturating_sub(self.leaves);
        self.ids
            .get(pairs.saturating_add(leaf))
            .copied()
            .unwrap_or(0)
    }

    fn pair(&self, a: usize, b: usize) -> u32 {
        // Pairs (a, a+1 ..) start after the a rows above, which hold
        // (n - 1) + (n - 2) + ... + (n - a) pairs.
        let n = self.leaves;
        let row = a
            .saturating_mul(n.saturating_sub(1))
            .saturating_sub(slot_count(a).saturating_sub(a));
        let index = row.saturating_add(b.saturating_sub(a + 1));
        self.ids.get(index).copied().unwrap_or(0)
    }
}

/// Slots of a record of `leaves` leaves: its pairs and its leaves,
/// `n * (n + 1) / 2` (saturating).
pub const fn slot_count(leaves: usize) -> usize {
    leaves.saturating_mul(leaves.saturating_add(1)) / 2
}

/// Scores one record against `bank`: the worst of the best cosines of its
/// slots, pairs first, then leaves. `leaves` are the record's leaf vectors
/// in path order; `pair` is scratch for one binding.
///
/// ```
/// use holon_core::atom::DeriveAtoms;
/// use holon_core::detect::{
///     field_slot, pair_slot, score_leaves, slot_count, Leaf, LeafEncoder, NamedSlots,
///     RecordScore, SlotTable,
/// };
/// use holon_core::engram::{Engram, EngramBank};
/// use holon_core::ops::bind;
/// use holon_core::Vector;
///
/// let seed = 0;
/// let mut encoder = LeafEncoder::<256, _>::new(seed, DeriveAtoms);
/// let mut leaves = [Vector::zero(), Vector::zero()];
/// // {"port": 53, "proto": "UDP"}, leaves in path order.
/// let paths = ["port", "proto"];
/// encoder.encode_into(Leaf::Number(53.0), &mut leaves[0]);
/// encoder.encode_into(Leaf::Str("UDP"), &mut leaves[1]);
///
/// // A bank that learned exactly this record.
/// let mut bank: EngramBank<256, 4> = EngramBank::new();
/// let learned = [
///     (pair_slot(seed, "port", "proto"), bind(&leaves[0], &leaves[1])),
///     (field_slot(seed, "port"), leaves[0].clone()),
///     (field_slot(seed, "proto"), leaves[1].clone()),
/// ];
/// for (slot, v) in &learned {
///     bank.push(Engram::new("", *slot, v.clone(), 0.3, 1).unwrap()).unwrap();
/// }
///
/// let mut pair = Vector::zero();
/// let score = score_leaves(&bank, &NamedSlots::new(seed, &paths), &leaves, &mut pair);
/// assert_eq!(score.slots, 3);
/// assert!(score.score > 0.99 && !score.is_anomaly(0.3));
///
/// // Slot ids computed once give the same score.
/// let ids = [learned[0].0, learned[1].0, learned[2].0];
/// assert_eq!(ids.len(), slot_count(2));
/// assert_eq!(score_leaves(&bank, &SlotTable::new(2, &ids), &leaves, &mut pair), score);
///
/// // An unseen string: its slot and its pair score low, so it is anomalous.
/// encoder.encode_into(Leaf::Str("GRE"), &mut leaves[1]);
/// let odd = score_leaves(&bank, &SlotTable::new(2, &ids), &leaves, &mut pair);
/// assert!(odd.is_anomaly(0.3));
/// assert_eq!(RecordScore::default().slots, 0);
/// ```
pub fn score_leaves<const D: usize, const N: usize>(
    bank: &EngramBank<D, N>,
    ids: &impl SlotIds,
    leaves: &[Vector<D>],
    pair: &mut Vector<D>,
) -> RecordScore {
    score_slots(
        ids,
        leaves,
        |slot, a, b| {
            bind_into(a, b, pair);
            slot_score(bank, slot, pair)
        },
        |slot, leaf| slot_score(bank, slot, leaf),
    )
}

/// The detector's slot order over any leaf representation: `pair(id, leaf
/// i, leaf j)` for every pair `i < j`, then `field(id, leaf)` for every
/// leaf, each returning that slot's score; the verdict is the worst.
/// [`score_leaves`] is this over `Vector`s and an [`EngramBank`]; a device
/// matching packed vectors against a
/// [`PackedBank`](crate::packed::PackedBank) calls it with its own scores,
/// so the order of the slots is written once.
///
/// ```
/// use holon_core::detect::{score_slots, SlotTable};
/// use std::cell::RefCell;
///
/// // Three leaves, slot ids 1..=6 in scoring order: (0,1) (0,2) (1,2), then 0 1 2.
/// let ids = [1, 2, 3, 4, 5, 6];
/// let seen = RefCell::new(Vec::new());
/// let score = score_slots(
///     &SlotTable::new(3, &ids),
///     &["a", "b", "c"],
///     |slot, a, b| {
///         seen.borrow_mut().push((slot, format!("{a}{b}")));
///         0.5
///     },
///     |slot, leaf| {
///         seen.borrow_mut().push((slot, leaf.to_string()));
///         if *leaf == "c" { 0.1 } else { 0.9 }
///     },
/// );
/// assert_eq!((score.slots, score.score), (6, 0.1));
/// let seen = seen.into_inner();
/// let order: Vec<(u32, &str)> = seen.iter().map(|(s, t)| (*s, t.as_str())).collect();
/// assert_eq!(order, [(1, "ab"), (2, "ac"), (3, "bc"), (4, "a"), (5, "b"), (6, "c")]);
/// ```
pub fn score_slots<V>(
    ids: &impl SlotIds,
    leaves: &[V],
    mut pair: impl FnMut(u32, &V, &V) -> f32,
    mut field: impl FnMut(u32, &V) -> f32,
) -> RecordScore {
    let mut total = RecordScore::default();
    for (a, va) in leaves.iter().enumerate() {
        for (b, vb) in leaves.iter().enumerate().skip(a + 1) {
            total.add(pair(ids.pair(a, b), va, vb));
        }
    }
    for (leaf, v) in leaves.iter().enumerate() {
        total.add(field(ids.field(leaf), v));
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table's pair index walks the rows in scoring order.
    #[test]
    fn slot_table_reads_ids_in_scoring_order() {
        for n in 0..7usize {
            let ids: [u32; 28] = core::array::from_fn(|i| i as u32 + 1);
            let table = SlotTable::new(n, &ids);
            let mut expect = 1;
            for a in 0..n {
                for b in a + 1..n {
                    assert_eq!(table.pair(a, b), expect, "n={n} ({a},{b})");
                    expect += 1;
                }
            }
            for leaf in 0..n {
                assert_eq!(table.field(leaf), expect, "n={n} leaf {leaf}");
                expect += 1;
            }
            assert_eq!(expect as usize - 1, slot_count(n));
        }
    }
}
