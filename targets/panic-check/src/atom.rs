//! `holon_core::atom` on opaque inputs: keys (from text, bytes, positions,
//! raw words), the incremental hasher, the trit stream and the atom
//! constructors.

use core::hint::black_box;

use holon_core::{
    atom::{atom, position},
    AtomHasher, AtomKey, AtomStream, Vector,
};

use crate::inputs::{text, INDEX, SEED};
use crate::opaque::read;

/// Every public call of the atom layer at dimension `D`.
#[inline(never)]
pub fn exercise<const D: usize>() {
    let seed = read(&SEED);
    let t = text();

    let key = AtomKey::new(seed, t);
    let key2 = AtomKey::from_bytes(seed, t.as_bytes());
    let keyp = AtomKey::position(seed, read(&INDEX));
    black_box((
        key.raw(),
        key2 == key,
        AtomKey::from_raw(read(&INDEX)).raw(),
        keyp,
    ));
    let mut hasher = AtomHasher::new(seed);
    hasher
        .update_str(t)
        .update(t.as_bytes())
        .update_decimal(read(&INDEX));
    let k3 = hasher.clone().finish();
    black_box(k3);
    let mut stream = AtomStream::new(seed, t);
    let mut buf = [0i8; 37];
    stream.fill(&mut buf);
    black_box((&buf, stream.next()));
    let mut ks = key.stream();
    black_box((ks.next(), ks.next_word()));

    let a: Vector<D> = atom(seed, t);
    let b: Vector<D> = position(seed, read(&INDEX));
    let c: Vector<D> = key.vector();
    black_box((&a, &b, &c));
}
