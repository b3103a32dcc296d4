//! `holon_core::cache`: the atom cache (hits, misses, loads, lent atoms and
//! pairs, statistics, clear) and the cache-free `DeriveAtoms` codebook, on
//! opaque keys.

use core::hint::black_box;

use holon_core::{atom::Codebook, atom::DeriveAtoms, AtomCache, AtomKey, Vector};

use crate::inputs::{text, INDEX, SEED};
use crate::opaque::read;

/// Every public call of `AtomCache<D, 8>`.
#[inline(never)]
pub fn exercise<const D: usize>() {
    let seed = read(&SEED);
    let t = text();
    let key = AtomKey::new(seed, t);
    let keyp = AtomKey::position(seed, read(&INDEX));
    let mut cache = AtomCache::<D, 8>::new();
    black_box(cache.get(key));
    black_box(cache.get_str(seed, t));
    black_box(cache.get(keyp));
    black_box((
        cache.contains(key),
        cache.len(),
        cache.is_empty(),
        cache.capacity(),
        cache.stats(),
    ));
    let mut loaded = Vector::<D>::zero();
    cache.load(key, &mut loaded);
    DeriveAtoms.load(keyp, &mut loaded);
    black_box(&loaded);
    let mut second = Vector::<D>::zero();
    black_box(cache.with_atom(keyp, &mut loaded, |v| v.nnz()));
    black_box(cache.with_pair([key, keyp], [&mut loaded, &mut second], |a, b| a.dot(b)));
    black_box(DeriveAtoms.with_pair([keyp, key], [&mut loaded, &mut second], |a, b| a.dot(b)));
    cache.clear();
    black_box(&cache);
}
