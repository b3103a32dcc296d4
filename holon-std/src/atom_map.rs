//! A large, bounded atom cache for servers.
//!
//! `holon-core` has a small inline [`AtomCache`](holon_core::AtomCache) for
//! devices; a server keeps many more atoms on the heap, up to a byte cap
//! ([`DEFAULT_ATOM_CACHE_BYTES`] unless told otherwise). When full, a new
//! atom evicts an old one by the clock rule (an atom used since the hand last
//! passed it gets a second chance): a stream of ever-new values costs
//! derivations, never memory. [`AtomMap`] is a [`Codebook`], so the record
//! encoder uses it directly.
//! Keys are [`AtomKey`]s, which are already uniform 64-bit hashes, so the
//! map hashes them by identity. Atoms are derived with the SIMD keystream
//! ([`crate::simd::key_vector`]), which gives holon-core's vectors bit for
//! bit. The keys of short values come from a [`KeyMemo`] (no more bytes
//! than the vectors', and at most 256 KiB), which answers the record
//! encoder's [`Codebook::key_of`]: a flat record seen before hashes no key.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use holon_core::atom::Codebook;
use holon_core::record::Scalar;
use holon_core::{AtomKey, Error, Vector};

use crate::key_memo::KeyMemo;

/// Passes a `u64` key through unchanged: `AtomKey`s are SHA-256 output.
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only reached for non-u64 keys; fold bytes in so it stays a hash.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// Bytes of atom vectors an [`AtomMap`] keeps by default (64 MiB: 65 536
/// atoms at D = 1024, 1 024 at D = 65 536).
pub const DEFAULT_ATOM_CACHE_BYTES: usize = 64 << 20;

/// Atoms an [`AtomMap`] holds however small its byte cap.
pub const MIN_ATOMS: usize = 16;

/// One cached atom.
#[derive(Clone)]
struct Slot<const D: usize> {
    key: AtomKey,
    vector: Box<Vector<D>>,
    /// Used since the clock hand last passed.
    referenced: bool,
}

/// Atoms derived once and kept, up to a byte cap.
///
/// ```
/// use holon_core::atom::{atom, Codebook};
/// use holon_core::{AtomKey, Vector};
/// use holon_std::atom_map::AtomMap;
///
/// let mut map = AtomMap::<1024>::new();
/// let mut v = Vector::zero();
/// map.load(AtomKey::new(0, "dst_port"), &mut v);
/// assert_eq!(v, atom::<1024>(0, "dst_port"));
/// assert_eq!(map.len(), 1);
///
/// let mut small = AtomMap::<1024>::with_capacity_bytes(0);
/// for i in 0..100 {
///     small.get(AtomKey::new(0, &i.to_string()));
/// }
/// assert_eq!(small.len(), 16);
/// assert_eq!(small.get(AtomKey::new(0, "7")), &atom::<1024>(0, "7"));
/// ```
///
/// A clone copies the cached atoms (and its byte cap): each clone then
/// caches on its own.
#[derive(Clone)]
pub struct AtomMap<const D: usize> {
    index: HashMap<AtomKey, usize, BuildHasherDefault<KeyHasher>>,
    slots: Vec<Slot<D>>,
    hand: usize,
    capacity: usize,
    misses: u64,
    evictions: u64,
    keys: KeyMemo,
}

impl<const D: usize> Default for AtomMap<D> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const D: usize> AtomMap<D> {
    /// An empty map holding at most [`DEFAULT_ATOM_CACHE_BYTES`] of atoms.
    pub fn new() -> Self {
        Self::with_capacity_bytes(DEFAULT_ATOM_CACHE_BYTES)
    }

    /// An empty map holding at most `bytes` of atom vectors (`D` bytes
    /// each, plus about 40 bytes of index), and at least [`MIN_ATOMS`];
    /// its key memo takes at most as many bytes again, one 64-byte entry
    /// an atom up to [`MAX_MEMO_ENTRIES`](crate::key_memo::MAX_MEMO_ENTRIES).
    pub fn with_capacity_bytes(bytes: usize) -> Self {
        let capacity = (bytes / D.max(1)).max(MIN_ATOMS);
        // No more memo than vectors: one entry an atom, fewer when D < 64.
        let memo_entries = capacity.min(capacity.saturating_mul(D) / 64);
        Self {
            index: HashMap::default(),
            slots: Vec::new(),
            hand: 0,
            capacity,
            misses: 0,
            evictions: 0,
            keys: KeyMemo::with_entries(memo_entries),
        }
    }

    /// The vector of `key`, derived on first use (or after its eviction).
    pub fn get(&mut self, key: AtomKey) -> &Vector<D> {
        let index = self.slot_of(key);
        &self.slots[index].vector
    }

    /// The slot holding `key`, derived into one on a miss.
    fn slot_of(&mut self, key: AtomKey) -> usize {
        match self.index.get(&key) {
            Some(&index) => {
                self.slots[index].referenced = true;
                index
            }
            None => self.insert(key),
        }
    }

    fn insert(&mut self, key: AtomKey) -> usize {
        self.misses += 1;
        // The SIMD keystream gives holon-core's vector bit for bit, 3-6x faster.
        let vector = crate::simd::key_vector(key);
        let index = if self.slots.len() < self.capacity {
            self.slots.push(Slot {
                key,
                vector: Box::new(vector),
                referenced: false,
            });
            self.slots.len() - 1
        } else {
            let victim = self.victim();
            let slot = &mut self.slots[victim];
            self.index.remove(&slot.key);
            slot.key = key;
            *slot.vector = vector;
            slot.referenced = false;
            self.evictions += 1;
            victim
        };
        self.index.insert(key, index);
        index
    }

    /// The clock hand's next victim (at most two turns: the first may only
    /// take second chances away).
    fn victim(&mut self) -> usize {
        loop {
            let index = self.hand;
            self.hand = (self.hand + 1) % self.slots.len();
            let slot = &mut self.slots[index];
            if !std::mem::replace(&mut slot.referenced, false) {
                return index;
            }
        }
    }

    /// The vector of `key` if it is held (no derivation). A later
    /// [`get`](Self::get) of another key may evict it.
    pub fn peek(&self, key: AtomKey) -> Option<&Vector<D>> {
        self.index
            .get(&key)
            .map(|&index| &*self.slots[index].vector)
    }

    /// Number of atoms held.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// True when no atom is held.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The most atoms it holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// How many lookups had to derive their atom.
    pub fn misses(&self) -> u64 {
        self.misses
    }

    /// How many atoms were evicted to make room for others.
    pub fn evictions(&self) -> u64 {
        self.evictions
    }

    /// The memo of value keys (its hits and misses).
    pub fn key_memo(&self) -> &KeyMemo {
        &self.keys
    }

    /// Forgets every atom (remembered keys stay: a key never changes).
    pub fn clear(&mut self) {
        self.index.clear();
        self.slots.clear();
        self.hand = 0;
    }
}

impl<const D: usize> Codebook<D> for AtomMap<D> {
    fn load(&mut self, key: AtomKey, out: &mut Vector<D>) {
        out.clone_from(self.get(key));
    }

    fn with_atom<R>(
        &mut self,
        key: AtomKey,
        _scratch: &mut Vector<D>,
        f: impl FnOnce(&Vector<D>) -> R,
    ) -> R {
        f(self.get(key))
    }

    fn with_pair<R>(
        &mut self,
        [first, second]: [AtomKey; 2],
        [_, second_scratch]: [&mut Vector<D>; 2],
        f: impl FnOnce(&Vector<D>, &Vector<D>) -> R,
    ) -> R {
        let (i, j) = (self.slot_of(first), self.slot_of(second));
        // Deriving `second` into a full map may have evicted `first`.
        if self.slots[i].key == first {
            f(&self.slots[i].vector, &self.slots[j].vector)
        } else {
            second_scratch.clone_from(&self.slots[j].vector);
            f(self.get(first), second_scratch)
        }
    }

    fn key_of(&mut self, seed: u64, value: Scalar<'_>) -> Result<AtomKey, Error> {
        self.keys.key_of(seed, value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lent_pairs_are_the_atoms_in_a_full_map() {
        // 40 keys through 16 slots: deriving the second atom of a pair
        // sometimes evicts the first.
        let mut map = AtomMap::<64>::with_capacity_bytes(0);
        let mut scratch = [Vector::zero(), Vector::zero()];
        for i in 0..400u64 {
            let (a, b) = (
                AtomKey::position(1, i % 40),
                AtomKey::position(1, (i * 17 + 3) % 40),
            );
            let [x, y] = &mut scratch;
            let lent = map.with_pair([a, b], [x, y], |p, q| (p.clone(), q.clone()));
            assert_eq!(lent, (a.vector(), b.vector()), "pair {i}");
        }
        assert!(map.evictions() > 300, "{} evictions", map.evictions());
        assert_eq!(map.len(), MIN_ATOMS);
    }

    #[test]
    fn a_pair_whose_second_atom_evicts_the_first_is_still_exact() {
        // Every slot referenced and the clock's hand on the first atom's
        // slot: deriving the second sweeps once and takes that slot.
        let mut map = AtomMap::<64>::with_capacity_bytes(0);
        let keys: Vec<AtomKey> = (0..=MIN_ATOMS as u64)
            .map(|i| AtomKey::position(2, i))
            .collect();
        for key in keys[..MIN_ATOMS].iter().chain(&keys[..MIN_ATOMS]) {
            map.get(*key);
        }
        let (first, second) = (keys[0], keys[MIN_ATOMS]);
        let mut scratch = [Vector::zero(), Vector::zero()];
        let [x, y] = &mut scratch;
        let lent = map.with_pair([first, second], [x, y], |p, q| (p.clone(), q.clone()));
        assert_eq!(lent, (first.vector(), second.vector()));
        assert!(map.peek(first).is_some() && map.peek(second).is_some());
    }
}
