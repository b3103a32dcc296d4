//! An unbounded atom cache for servers.
//!
//! `holon-core` has a bounded, inline [`AtomCache`](holon_core::AtomCache)
//! for devices; a server with memory to spare keeps every atom it has seen.
//! [`AtomMap`] is a [`Codebook`], so the record encoder uses it directly.
//! Keys are [`AtomKey`]s, which are already uniform 64-bit hashes, so the
//! map hashes them by identity. Atoms are derived with the SIMD keystream
//! ([`crate::simd::key_vector`]), which gives holon-core's vectors bit for
//! bit.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use holon_core::atom::Codebook;
use holon_core::{AtomKey, Vector};

/// Passes a `u64` key through unchanged: `AtomKey`s are SHA-256 output.
#[derive(Default)]
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

/// Every atom seen so far, derived once.
///
/// ```
/// use holon_core::atom::{atom, Codebook};
/// use holon_core::{AtomKey, Vector};
/// use holon_std::cache::AtomMap;
///
/// let mut map = AtomMap::<1024>::new();
/// let mut v = Vector::zero();
/// map.load(AtomKey::new(0, "dst_port"), &mut v);
/// assert_eq!(v, atom::<1024>(0, "dst_port"));
/// assert_eq!(map.len(), 1);
/// ```
#[derive(Default)]
pub struct AtomMap<const D: usize> {
    atoms: HashMap<AtomKey, Box<Vector<D>>, BuildHasherDefault<KeyHasher>>,
    misses: u64,
}

impl<const D: usize> AtomMap<D> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// The vector of `key`, derived on first use.
    pub fn get(&mut self, key: AtomKey) -> &Vector<D> {
        let misses = &mut self.misses;
        self.atoms.entry(key).or_insert_with(|| {
            *misses += 1;
            // The SIMD keystream gives holon-core's vector bit for bit, 3-6x faster.
            Box::new(crate::simd::key_vector(key))
        })
    }

    /// The vector of `key` if it is held (no derivation): lets a caller
    /// borrow several atoms at once after [`get`](Self::get) made sure of
    /// them.
    pub fn peek(&self, key: AtomKey) -> Option<&Vector<D>> {
        self.atoms.get(&key).map(|v| &**v)
    }

    /// Number of atoms held.
    pub fn len(&self) -> usize {
        self.atoms.len()
    }

    /// True when no atom is held.
    pub fn is_empty(&self) -> bool {
        self.atoms.is_empty()
    }

    /// How many lookups had to derive their atom.
    pub fn misses(&self) -> u64 {
        self.misses
    }

    /// Forgets every atom.
    pub fn clear(&mut self) {
        self.atoms.clear();
    }
}

impl<const D: usize> Codebook<D> for AtomMap<D> {
    fn load(&mut self, key: AtomKey, out: &mut Vector<D>) {
        out.clone_from(self.get(key));
    }
}
