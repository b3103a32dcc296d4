//! `holon_core::accumulator`: the counting and the decaying accumulator
//! (add, weights, merge, decay, threshold, similarity, clear) on opaque
//! inputs and weights, valid and untrusted vectors.

use core::hint::black_box;

use holon_core::{Accumulator, DecayingAccumulator};

use crate::inputs::{operands, untrusted_operands, SECONDS, SHIFT, WEIGHT};
use crate::opaque::read;

/// Every public call of both accumulators at dimension `D`.
#[inline(never)]
pub fn exercise<const D: usize>() {
    let (a, b, c) = operands::<D>();
    let w = read(&WEIGHT);
    let mut acc = Accumulator::<D>::new();
    acc.add(&a);
    acc.add_weighted(&b, read(&SHIFT) as i32);
    let other = acc.clone();
    acc.merge(&other);
    black_box((
        acc.count(),
        acc.sums(),
        acc.threshold(),
        acc.dot(&c),
        acc.cosine(&c),
    ));
    acc.clear();
    black_box(&acc);
    let mut dec = DecayingAccumulator::<D>::new();
    dec.add(&a);
    dec.add_weighted(&b, w);
    dec.decay(w);
    let other = dec.clone();
    dec.merge(&other);
    black_box((
        dec.total_weight(),
        dec.sums(),
        dec.threshold(),
        dec.dot(&c),
        dec.cosine(&c),
    ));
    dec.clear();
    black_box(&dec);
}

/// Both accumulators fed vectors that break the trit invariant, with
/// opaque (possibly extreme) weights.
#[inline(never)]
pub fn untrusted<const D: usize>() {
    let (a, b, c) = untrusted_operands::<D>();
    let w = read(&WEIGHT);
    let mut acc = Accumulator::<D>::new();
    acc.add(&a);
    acc.add_weighted(&b, read(&SHIFT) as i32);
    acc.add_weighted(&c, read(&SECONDS) as i32);
    let other = acc.clone();
    acc.merge(&other);
    black_box((acc.threshold(), acc.dot(&a), acc.cosine(&b)));
    let mut dec = DecayingAccumulator::<D>::new();
    dec.add(&a);
    dec.add_weighted(&b, w);
    dec.decay(w);
    black_box((dec.threshold(), dec.dot(&a), dec.cosine(&b)));
}
