//! `holon_core::ops`' core operations (bind, bundle, permute, negate,
//! amplify, difference, blend, resonance, prototypes) on opaque inputs,
//! valid and untrusted. The extended `ops` submodules are in
//! [`algebra`](crate::algebra).

use core::hint::black_box;

use holon_core::{
    ops::{self, NegateMode},
    Vector,
};

use crate::inputs::{operands, untrusted_operands, SHIFT, THRESHOLD, WEIGHT};
use crate::opaque::read;

static MIN_AGREE: usize = 2;

/// Every core operation on `a`, `b`, `c`, plus the empty bundle and the
/// extreme shift (`exercise` only: `untrusted` has `bind_into` instead).
fn all<const D: usize>(a: &Vector<D>, b: &Vector<D>, c: &Vector<D>) {
    let w = read(&WEIGHT);
    black_box(ops::bundle(&[a, b, c]));
    black_box(ops::permute(a, read(&SHIFT)));
    black_box(ops::negate(a, b, NegateMode::Subtract));
    black_box(ops::negate(a, b, NegateMode::ZeroOut));
    black_box(ops::negate(a, b, NegateMode::Invert));
    black_box(ops::amplify(a, b, w));
    black_box(ops::difference(a, b));
    black_box(ops::blend(a, b, w));
    black_box(ops::resonance(a, b));
    black_box(ops::prototype(&[a, b, c], read(&THRESHOLD)));
    black_box(ops::prototype_min_agree(&[a, b, c], read(&MIN_AGREE)));
}

/// The operations on valid vectors at dimension `D`.
#[inline(never)]
pub fn exercise<const D: usize>() {
    let (a, b, c) = operands::<D>();
    black_box(ops::bind(&a, &b));
    black_box(ops::bundle::<D, Vector<D>>(&[]));
    black_box(ops::permute(&a, i64::MIN));
    all(&a, &b, &c);
}

/// The operations on vectors that break the trit invariant.
#[inline(never)]
pub fn untrusted<const D: usize>() {
    let (a, b, c) = untrusted_operands::<D>();
    let mut out = Vector::<D>::zero();
    ops::bind_into(&a, &b, &mut out);
    black_box(&out);
    black_box(ops::bind(&a, &c));
    all(&a, &b, &c);
}
