//! A bounded, allocation-free atom cache.
//!
//! Deriving an atom costs a SHA-256 and `D` keystream words; a cache turns
//! repeats into a lookup. Caching is purely a speed matter: a cached atom is
//! the same vector the derivation gives. Capacity `N` is a const generic, the
//! storage is inline (`N * D` bytes plus a little), and a full cache evicts:
//! it never grows, allocates or fails.
//!
//! Placement is set-associative: a key may live in one of [`WAYS`] slots
//! starting at its home slot; when all are taken the oldest of them (by
//! insertion) is replaced.

use crate::atom::{AtomKey, Codebook};
use crate::vector::Vector;

/// How many slots a key may occupy; also how many a lookup inspects.
pub const WAYS: usize = 4;

/// Hit, miss and eviction counts, saturating.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct CacheStats {
    /// Lookups answered from the cache.
    pub hits: u64,
    /// Lookups that derived the atom.
    pub misses: u64,
    /// Misses that replaced a cached atom.
    pub evictions: u64,
}

#[derive(Clone)]
struct Slot<const D: usize> {
    key: Option<AtomKey>,
    inserted_at: u64,
    vector: Vector<D>,
}

impl<const D: usize> Slot<D> {
    const EMPTY: Self = Self {
        key: None,
        inserted_at: 0,
        vector: Vector::zero(),
    };
}

/// Up to `N` atoms of dimension `D`, inline.
///
/// `N` must be at least 1 (checked at compile time). A cache of useful size
/// is large (`N * D` bytes), so on a microcontroller put it in a `static` or
/// in `main`'s frame, not in a deep call; [`AtomCache::new`] is `const` for
/// that reason.
///
/// ```
/// use holon_core::{atom::atom, AtomCache, AtomKey, Vector};
///
/// let mut cache: AtomCache<1024, 8> = AtomCache::new();
/// let key = AtomKey::new(0, "dst_port");
/// let first = cache.get(key).clone();
/// assert_eq!(&first, cache.get(key));
/// assert_eq!(first, atom::<1024>(0, "dst_port"));
/// assert_eq!(cache.stats().hits, 1);
/// assert_eq!(cache.stats().misses, 1);
/// ```
pub struct AtomCache<const D: usize, const N: usize> {
    slots: [Slot<D>; N],
    clock: u64,
    stats: CacheStats,
}

impl<const D: usize, const N: usize> AtomCache<D, N> {
    /// An empty cache.
    pub const fn new() -> Self {
        const {
            assert!(N >= 1, "an AtomCache needs capacity N >= 1");
        }
        Self {
            slots: [const { Slot::EMPTY }; N],
            clock: 0,
            stats: CacheStats {
                hits: 0,
                misses: 0,
                evictions: 0,
            },
        }
    }

    /// The vector of `key`, derived on a miss and kept for next time.
    pub fn get(&mut self, key: AtomKey) -> &Vector<D> {
        let index = self.find_or_insert(key);
        // `index` comes from `home_slots`, which only yields indices < N, and
        // N >= 1; the fallback is never taken and keeps this path panic-free.
        match self.slots.get(index) {
            Some(slot) => &slot.vector,
            None => &self.slots[0].vector,
        }
    }

    /// The vector of atom `text` under `seed` (hashes the text every call).
    pub fn get_str(&mut self, seed: u64, text: &str) -> &Vector<D> {
        self.get(AtomKey::new(seed, text))
    }

    /// True when `key` is cached (does not count as a lookup).
    pub fn contains(&self, key: AtomKey) -> bool {
        home_slots::<N>(key).any(|i| self.slots.get(i).is_some_and(|s| s.key == Some(key)))
    }

    /// How many atoms are cached.
    pub fn len(&self) -> usize {
        self.slots.iter().filter(|s| s.key.is_some()).count()
    }

    /// True when nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The capacity, `N`.
    pub const fn capacity(&self) -> usize {
        N
    }

    /// Hit, miss and eviction counts since creation or [`clear`](Self::clear).
    pub fn stats(&self) -> CacheStats {
        self.stats
    }

    /// Forgets every atom and resets the counts.
    pub fn clear(&mut self) {
        for slot in &mut self.slots {
            slot.key = None;
        }
        self.clock = 0;
        self.stats = CacheStats::default();
    }

    fn find_or_insert(&mut self, key: AtomKey) -> usize {
        // Rank 0 is an empty slot; otherwise older insertions rank lower.
        let mut victim = None::<(usize, u64)>;
        for i in home_slots::<N>(key) {
            let Some(slot) = self.slots.get(i) else {
                continue;
            };
            if slot.key == Some(key) {
                self.stats.hits = self.stats.hits.saturating_add(1);
                return i;
            }
            let rank = match slot.key {
                None => 0,
                Some(_) => slot.inserted_at.saturating_add(1),
            };
            if victim.is_none_or(|(_, best)| rank < best) {
                victim = Some((i, rank));
            }
        }
        self.stats.misses = self.stats.misses.saturating_add(1);
        let (index, rank) = victim.unwrap_or((0, 0));
        if rank != 0 {
            self.stats.evictions = self.stats.evictions.saturating_add(1);
        }
        self.clock = self.clock.wrapping_add(1);
        if let Some(slot) = self.slots.get_mut(index) {
            slot.key = Some(key);
            slot.inserted_at = self.clock;
            key.stream().fill(slot.vector.trusted_trits_mut());
        }
        index
    }
}

impl<const D: usize, const N: usize> Codebook<D> for AtomCache<D, N> {
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
        let (i, j) = (self.find_or_insert(first), self.find_or_insert(second));
        match (self.slots.get(i), self.slots.get(j)) {
            // Both still cached: `second` did not evict `first`.
            (Some(a), Some(b)) if a.key == Some(first) => f(&a.vector, &b.vector),
            _ => {
                second_scratch.clone_from(self.get(second));
                f(self.get(first), second_scratch)
            }
        }
    }
}

impl<const D: usize, const N: usize> Default for AtomCache<D, N> {
    fn default() -> Self {
        Self::new()
    }
}

/// The slots key `key` may live in: its home slot and the next `WAYS - 1`,
/// wrapping, never more than `N` distinct ones.
fn home_slots<const N: usize>(key: AtomKey) -> impl Iterator<Item = usize> {
    // The key is already a uniform hash; fold its halves so both matter for
    // small power-of-two N.
    let raw = key.raw();
    let home = ((raw ^ (raw >> 32)) % N.max(1) as u64) as usize;
    (0..WAYS.min(N)).map(move |offset| (home + offset) % N.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atom::{atom, DeriveAtoms};
    use crate::record::{RecordEncoder, Scalar};

    #[test]
    fn lent_atoms_are_the_atoms_even_when_the_second_evicts_the_first() {
        // One slot: every pair of distinct keys takes the copying fallback.
        let mut one: AtomCache<64, 1> = AtomCache::new();
        let mut four: AtomCache<64, 4> = AtomCache::new();
        let mut scratch = [Vector::zero(), Vector::zero()];
        for i in 0..12u64 {
            let (a, b) = (AtomKey::position(0, i), AtomKey::position(0, (i * 7) % 5));
            let expected = (a.vector::<64>(), b.vector::<64>());
            let [x, y] = &mut scratch;
            let lent = one.with_pair([a, b], [x, y], |p, q| (p.clone(), q.clone()));
            assert_eq!(lent, expected, "one slot, pair {i}");
            let [x, y] = &mut scratch;
            let lent = four.with_pair([a, b], [x, y], |p, q| (p.clone(), q.clone()));
            assert_eq!(lent, expected, "four slots, pair {i}");
            let single = one.with_atom(b, &mut scratch[0], |v| v.clone());
            assert_eq!(single, expected.1);
        }
    }

    #[test]
    fn a_record_through_a_one_slot_cache_is_the_derived_record() {
        let mut derived = RecordEncoder::<256, 3, _>::new(7, DeriveAtoms);
        let mut cached = RecordEncoder::<256, 3, _>::new(7, AtomCache::<256, 1>::new());
        for (key, value) in [("protocol", "UDP"), ("port", "53"), ("proto", "UDP")] {
            derived.field(key, Scalar::Str(value)).unwrap();
            cached.field(key, Scalar::Str(value)).unwrap();
        }
        let filler = atom::<256>(7, "x");
        derived.field_vector("v", &filler).unwrap();
        cached.field_vector("v", &filler).unwrap();
        assert_eq!(cached.finish().unwrap(), derived.finish().unwrap());
    }

    #[test]
    fn a_full_cache_evicts_and_stays_exact() {
        let mut cache: AtomCache<64, 2> = AtomCache::new();
        for round in 0..3 {
            for i in 0..20u64 {
                let key = AtomKey::position(0, i);
                assert_eq!(cache.get(key), &key.vector::<64>(), "round {round}");
            }
        }
        assert_eq!(cache.len(), 2);
        let stats = cache.stats();
        assert_eq!(stats.hits + stats.misses, 60);
        assert!(stats.evictions > 0);
    }

    #[test]
    fn capacity_one_works() {
        let mut cache: AtomCache<16, 1> = AtomCache::new();
        assert_eq!(cache.get_str(0, "a"), &atom::<16>(0, "a"));
        assert_eq!(cache.get_str(0, "b"), &atom::<16>(0, "b"));
        assert_eq!(cache.get_str(0, "a"), &atom::<16>(0, "a"));
        assert_eq!(cache.stats().evictions, 2);
    }

    #[test]
    fn repeats_hit() {
        let mut cache: AtomCache<16, 64> = AtomCache::new();
        for _ in 0..5 {
            for i in 0..10u64 {
                cache.get(AtomKey::position(0, i));
            }
        }
        assert_eq!(cache.stats().misses, 10);
        assert_eq!(cache.stats().hits, 40);
        assert!(cache.contains(AtomKey::position(0, 3)));
        cache.clear();
        assert!(cache.is_empty());
    }
}
