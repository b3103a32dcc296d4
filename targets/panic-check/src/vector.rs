//! `holon_core::vector` on opaque inputs: the constructors (checked and
//! not), parsing and writing trits, the similarity measures and truncation,
//! on valid vectors and on vectors that break the trit invariant.

use core::hint::black_box;

use holon_core::{atom::atom, Vector};

use crate::inputs::{operands, text, untrusted_operands, Count, SEED, SLICE_INDEX};
use crate::opaque::read;

static TRITS: [i8; 8] = [1, -1, 0, 1, 0, 0, -1, 1];
static TRITS_LEN: usize = 8;
static TRIT_TEXT: [u8; 8] = *b"+-0+00-+";
/// (dot, nnz_a, nnz_b) for the cosine formula, extremes included.
static COUNTS: (i64, u64, u64) = (i64::MIN, u64::MAX, 0);

/// Every public call of `Vector<D>` and the trit-character helpers.
#[inline(never)]
pub fn exercise<const D: usize>() {
    let (a, b, _) = operands::<D>();
    let z = Vector::<D>::zero();
    let f = Vector::<D>::from_fn(|i| (i as i8).wrapping_mul(read(&TRITS[0])));
    let it = Vector::<D>::from_trit_iter(read(&TRITS).into_iter().cycle().take(read(&TRITS_LEN)));
    let tr = Vector::<D>::try_from_trits(TRITS.get(..read(&TRITS_LEN)).unwrap_or(&[]));
    let s = core::str::from_utf8(&TRIT_TEXT).unwrap_or("");
    let parsed: Result<Vector<D>, _> = s.parse();
    black_box((&z, &f, &it, &tr, &parsed));
    black_box((
        a.get(read(&SLICE_INDEX)),
        a.nnz(),
        a.is_zero(),
        a.as_trits(),
    ));
    black_box((a.dot(&b), a.cosine(&b), a.hamming(&b), a.agreement(&b)));
    let mut count = Count(0);
    let written = a.write_trits(&mut count).is_ok();
    black_box((written, count.0));
    black_box(holon_core::vector::cosine_from_counts(
        read(&COUNTS.0),
        read(&COUNTS.1),
        read(&COUNTS.2),
    ));
    black_box(holon_core::vector::trit_char(read(&TRITS[1])));
    black_box(holon_core::vector::trit_from_char(char::from(read(
        &TRIT_TEXT[2],
    ))));
}

/// Every reading call on vectors that break the trit invariant: the
/// results are unspecified, but no panic path may survive.
#[inline(never)]
pub fn untrusted<const D: usize>() {
    let (a, b, _) = untrusted_operands::<D>();
    black_box((a.dot(&b), a.cosine(&b), a.hamming(&b), a.agreement(&b)));
    black_box((a.nnz(), a.is_zero(), a.get(read(&SLICE_INDEX)), a == b));
    black_box(Vector::<D>::try_from_trits(a.as_trits()));
    let mut count = Count(0);
    black_box((a.write_trits(&mut count).is_ok(), count.0));
}

/// `truncate` to a shorter, a one-component and the same dimension.
#[inline(never)]
pub fn truncations() {
    let a: Vector<1024> = atom(read(&SEED), text());
    black_box(a.truncate::<1000>());
    black_box(a.truncate::<1>());
    black_box(a.truncate::<1024>());
}
