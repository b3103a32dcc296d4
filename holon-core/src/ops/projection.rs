//! Random projection to another dimension: holon-rs's `random_project`.
//!
//! Output component `p` is the sign of `sum_j r_pj v_j`, where the
//! projection matrix `r` (entries -1 with probability 1/6, +1 with 1/6, 0
//! otherwise) is drawn row by row from `ChaCha8Rng::seed_from_u64(seed)`,
//! one uniform index into `[-1, 0, 0, 0, 0, 1]` an entry, the way rand 0.8
//! draws `gen_range(0..6)` for a 64-bit `usize` (a widening multiply of a
//! `u64` word, rejecting the top quarter of the range). holon-rs on a
//! 32-bit target would draw `u32` words instead and get other vectors;
//! holon draws the 64-bit way on every target. The matrix is regenerated,
//! never stored: `E * D` draws per call.
//!
//! Nearby vectors stay nearby (Johnson-Lindenstrauss): similarity survives
//! the change of dimension, roughly.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

use crate::ops::sign_f64;
use crate::vector::Vector;

/// `v` (dimension `D`) projected to dimension `E` with the random matrix of
/// `seed`.
///
/// ```
/// use holon_core::{atom::atom, ops::{bundle, random_project}, Vector};
///
/// let a: Vector<2048> = atom(0, "a");
/// let near = bundle(&[&a, &a, &atom(0, "b")]);
/// let (pa, pn): (Vector<512>, Vector<512>) = (random_project(&a, 7), random_project(&near, 7));
/// assert!(pa.cosine(&pn) > 0.5);
/// assert!(pa.cosine(&random_project(&atom::<2048>(0, "c"), 7)).abs() < 0.2);
/// ```
pub fn random_project<const D: usize, const E: usize>(v: &Vector<D>, seed: u64) -> Vector<E> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = Vector::zero();
    for o in out.trusted_trits_mut().iter_mut() {
        // Exact: |sum| <= D, far inside f64's integers (holon-rs sums f64).
        let mut sum = 0i64;
        for &x in v.as_trits() {
            sum += i64::from(entry(&mut rng)) * i64::from(x);
        }
        *o = sign_f64(sum as f64);
    }
    out
}

/// One matrix entry: `[-1, 0, 0, 0, 0, 1][i]` with `i` uniform in `0..6`.
fn entry(rng: &mut ChaCha8Rng) -> i8 {
    const RANGE: u64 = 6;
    // rand 0.8's rejection zone for a 64-bit range of 6.
    const ZONE: u64 = (RANGE << RANGE.leading_zeros()).wrapping_sub(1);
    loop {
        // rand_core's `next_u64` of a block RNG is two `next_u32` words,
        // low first.
        let lo = u64::from(rng.next_u32());
        let word = lo | (u64::from(rng.next_u32()) << 32);
        let product = u128::from(word) * u128::from(RANGE);
        let (index, low) = ((product >> 64) as u64, product as u64);
        if low <= ZONE {
            return match index {
                0 => -1,
                5 => 1,
                _ => 0,
            };
        }
    }
}
