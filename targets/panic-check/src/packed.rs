//! The packed vectors and the packed engram bank (`holon_core::packed`) on
//! opaque inputs: every public operation, at dimensions that fill whole
//! words and at odd ones, with untrusted components and planes.

use core::hint::black_box;

use holon_core::{
    atom::atom,
    detect::{number_encoder, number_packed},
    packed::{self, words, PackedBank, PackedVector},
    AtomKey, Vector,
};

use crate::inputs::{text, untrusted_vector, Count, FILE, INDEX, NUMBER, SEED, SLICE_INDEX};
use crate::opaque::read;

/// Opaque planes, possibly breaking the invariants (`from_planes` must
/// refuse them without panicking).
static PLANES: [u32; 4] = [0xDEAD_BEEF, 0x0F0F_0F0F, 0xFFFF_FFFF, 0x8000_0001];

#[inline(never)]
fn vectors<const D: usize, const W: usize>() {
    let seed = read(&SEED);
    let t = text();
    let a: PackedVector<D, W> = packed::atom(seed, t);
    let b: PackedVector<D, W> = packed::position(seed, read(&INDEX));
    let c = PackedVector::<D, W>::from_key(AtomKey::new(seed, t));
    let v: Vector<D> = atom(seed, t);
    let from_v = PackedVector::<D, W>::from_vector(&v);
    let odd = PackedVector::<D, W>::from_vector(&untrusted_vector::<D>(read(&SLICE_INDEX)));
    let mut planes = ([0u32; W], [0u32; W]);
    for (i, (z, n)) in planes.0.iter_mut().zip(planes.1.iter_mut()).enumerate() {
        *z = read(&PLANES[i % PLANES.len()]);
        *n = read(&PLANES[(i + 1) % PLANES.len()]);
    }
    black_box(PackedVector::<D, W>::from_planes(planes.0, planes.1));
    black_box((
        a.dot(&b),
        a.cosine(&b),
        a.dot_and_norms(&odd),
        odd.cosine(&odd),
    ));
    black_box((a.nnz(), a.is_zero(), a.get(read(&SLICE_INDEX)), a.planes()));
    black_box(packed::bind(&a, &odd));
    let mut out = PackedVector::zero();
    packed::bind_into(&a, &b, &mut out);
    black_box(&out);
    let n = read(&SLICE_INDEX);
    let inputs = [&a, &b, &c, &from_v, &odd, &out];
    black_box(packed::bundle(inputs.get(..n).unwrap_or(&inputs)));
    black_box(packed::bundle::<D, W, PackedVector<D, W>>(&[]));
    let mut back = Vector::<D>::zero();
    odd.unpack_into(&mut back);
    black_box((a.to_vector(), back));
    let mut count = Count(0);
    let _ = black_box(a.write_trits(&mut count));
    black_box(count.0);
    // Numbers straight into the planes (the log encoder, the detector's).
    let numbers = number_encoder::<D>(seed);
    let x = read(&NUMBER);
    let p: PackedVector<D, W> = numbers.encode_packed(x);
    black_box((p, number_packed::<D, W>(&numbers, -x)));
    black_box(number_packed::<D, W>(&numbers, (x - x) / (x - x)));
}

#[inline(never)]
fn truncations() {
    let a: PackedVector<1024, 32> = packed::atom(read(&SEED), text());
    black_box(a.truncate::<1000, { words(1000) }>());
    black_box(a.truncate::<1, 1>());
    black_box(a.truncate::<1024, 32>());
}

#[inline(never)]
fn bank<const D: usize, const W: usize, const N: usize>(bank: &mut PackedBank<D, W, N>) {
    let _ = black_box(bank.load(read(&FILE)));
    let q: PackedVector<D, W> = packed::atom(read(&SEED), text());
    black_box(bank.best_in_slot(read(&INDEX) as u32, &q));
    black_box(bank.top_k::<3>(&q));
    black_box(bank.top_k::<0>(&q));
    black_box((bank.len(), bank.is_empty(), bank.get(read(&SLICE_INDEX))));
    if let Some(e) = bank.get(0) {
        black_box((e.slot(), e.threshold(), e.prototype().nnz()));
    }
}

/// Every call of this module.
pub fn exercise() {
    vectors::<1024, { words(1024) }>();
    vectors::<1000, { words(1000) }>();
    vectors::<3, 1>();
    truncations();
    bank(&mut PackedBank::<1024, { words(1024) }, 4>::new());
    bank(&mut PackedBank::<3, 1, 2>::new());
    bank(&mut PackedBank::<3, 1, 0>::new());
}
