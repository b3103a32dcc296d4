//! The slot ids of a fixed set of leaf names, computed once: a device whose
//! records draw their names from a known list hashes each name and each
//! pair of names once (a SHA-256 each) instead of once a record. The
//! minimal application and the engram replay both look slots up here.

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
