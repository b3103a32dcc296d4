//! The slot ids of a fixed set of leaf names, computed once: a device whose
//! records draw their names from a known list hashes each name and each
//! pair of names once (a SHA-256 each) instead of once a record. The
//! minimal application and the engram replay both look slots up here, and
//! [`RecordSlots`] hands one record's ids to the core's slot order
//! ([`holon_core::detect::score_slots`]).

use holon_core::detect::{field_slot, pair_slot};

/// Slot ids of every name and every pair of names of `NAMES` names, by
/// name index (the names' order is the caller's).
pub struct SlotIds<const NAMES: usize> {
    field: [u32; NAMES],
    pair: [[u32; NAMES]; NAMES],
}

impl<const NAMES: usize> SlotIds<NAMES> {
    /// The ids of `names` and of every pair of them under `seed`.
    pub fn new(seed: u64, names: &[&str; NAMES]) -> Self {
        let mut ids = Self {
            field: [0; NAMES],
            pair: [[0; NAMES]; NAMES],
        };
        for ((id, row), a) in ids.field.iter_mut().zip(ids.pair.iter_mut()).zip(names) {
            *id = field_slot(seed, a);
            for (pid, b) in row.iter_mut().zip(names) {
                *pid = pair_slot(seed, a, b);
            }
        }
        ids
    }

    /// The slot id of name `name` alone (0 for an index out of range).
    pub fn field(&self, name: u8) -> u32 {
        self.field.get(usize::from(name)).copied().unwrap_or(0)
    }

    /// The slot id of the pair of names `a`, `b` (0 for an index out of
    /// range).
    pub fn pair(&self, a: u8, b: u8) -> u32 {
        self.pair
            .get(usize::from(a))
            .and_then(|row| row.get(usize::from(b)))
            .copied()
            .unwrap_or(0)
    }
}

/// A leaf of a record whose name is an index into a [`SlotIds`] table.
pub trait NameIndex {
    /// The leaf's name index.
    fn name_index(&self) -> u8;
}

impl<T> NameIndex for (u8, T) {
    fn name_index(&self) -> u8 {
        self.0
    }
}

/// The slot ids of one record, its leaves' names looked up in `ids`: what
/// the core's scoring takes ([`holon_core::detect::SlotIds`]).
pub struct RecordSlots<'a, const NAMES: usize, F> {
    /// The table of every name and pair of names.
    pub ids: &'a SlotIds<NAMES>,
    /// The record's leaves, in path order.
    pub fields: &'a [F],
}

impl<const NAMES: usize, F: NameIndex> holon_core::detect::SlotIds for RecordSlots<'_, NAMES, F> {
    fn field(&self, leaf: usize) -> u32 {
        self.fields
            .get(leaf)
            .map_or(0, |f| self.ids.field(f.name_index()))
    }

    fn pair(&self, a: usize, b: usize) -> u32 {
        match (self.fields.get(a), self.fields.get(b)) {
            (Some(fa), Some(fb)) => self.ids.pair(fa.name_index(), fb.name_index()),
            _ => 0,
        }
    }
}
