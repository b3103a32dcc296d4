//! Superpositions beyond the plain majority vote: real weights, a
//! per-component confidence, and holon-rs's `centroid`.
//!
//! All are element-wise (the prefix property holds) and walk the inputs a
//! chunk of components at a time, so their only memory is a small stack
//! buffer whatever `D` and the number of inputs.

use core::borrow::Borrow;

use crate::ops::{bundle, sign_f64, CHUNK};
use crate::vector::Vector;

/// The sign of `sum_k weights_k x_k,i`, summed in `f64` in input order
/// (holon-rs's `weighted_bundle`). A tie gives 0.
///
/// holon-rs panics on an empty input or when the two lengths differ; here
/// inputs and weights are paired up to the shorter of the two and an empty
/// input gives the zero vector. A NaN weight (or `inf - inf`) makes the
/// components it touches 0.
///
/// ```
/// use holon_core::{ops::weighted_bundle, Vector};
///
/// let a: Vector<3> = "++-".parse().unwrap();
/// let b: Vector<3> = "--+".parse().unwrap();
/// assert_eq!(weighted_bundle(&[&a, &b], &[1.0, 2.5]), b);
/// assert_eq!(weighted_bundle(&[&a, &b], &[1.0, 1.0]).to_string(), "000");
/// assert!(weighted_bundle::<3, Vector<3>>(&[], &[]).is_zero());
/// ```
pub fn weighted_bundle<const D: usize, V: Borrow<Vector<D>>>(
    inputs: &[V],
    weights: &[f64],
) -> Vector<D> {
    let mut out = Vector::zero();
    let mut sums = [0.0f64; CHUNK];
    for (chunk, out_chunk) in out.trusted_trits_mut().chunks_mut(CHUNK).enumerate() {
        let start = chunk * CHUNK;
        let range = start..start + out_chunk.len();
        sums.fill(0.0);
        for (input, &w) in inputs.iter().zip(weights) {
            if let Some(part) = input.borrow().as_trits().get(range.clone()) {
                for (s, &t) in sums.iter_mut().zip(part) {
                    *s += f64::from(t) * w;
                }
            }
        }
        for (o, &s) in out_chunk.iter_mut().zip(&sums) {
            *o = sign_f64(s);
        }
    }
    out
}

/// [`bundle`] and, in `margins`, how decided each component was: `|sum_i|
/// / n`, in `[0, 1]` (1 when all `n` inputs agree, 0 on a tie). holon-rs's
/// `bundle_with_confidence`, computed in `f64`.
///
/// holon-rs panics on an empty input; here it gives the zero vector and
/// every margin 0.
///
/// ```
/// use holon_core::{ops::bundle_with_confidence, Vector};
///
/// let xs: [Vector<3>; 3] = ["++-", "+--", "+0+"].map(|t| t.parse().unwrap());
/// let mut margins = [0.0; 3];
/// let v = bundle_with_confidence(&xs, &mut margins);
/// assert_eq!(v.to_string(), "+0-");
/// assert_eq!(margins, [1.0, 0.0, 1.0 / 3.0]);
/// ```
pub fn bundle_with_confidence<const D: usize, V: Borrow<Vector<D>>>(
    inputs: &[V],
    margins: &mut [f64; D],
) -> Vector<D> {
    let n = inputs.len() as f64;
    let mut out = Vector::zero();
    let mut sums = [0i64; CHUNK];
    let trits = out.trusted_trits_mut();
    for (chunk, (out_chunk, margin_chunk)) in trits
        .chunks_mut(CHUNK)
        .zip(margins.chunks_mut(CHUNK))
        .enumerate()
    {
        let start = chunk * CHUNK;
        let range = start..start + out_chunk.len();
        sums.fill(0);
        for input in inputs {
            if let Some(part) = input.borrow().as_trits().get(range.clone()) {
                for (s, &t) in sums.iter_mut().zip(part) {
                    *s = s.wrapping_add(i64::from(t));
                }
            }
        }
        for ((o, m), &s) in out_chunk.iter_mut().zip(margin_chunk).zip(&sums) {
            *o = s.signum() as i8;
            *m = if inputs.is_empty() {
                0.0
            } else {
                (s.unsigned_abs() as f64 / n).min(1.0)
            };
        }
    }
    out
}

/// holon-rs's `centroid`: the sign of the normalised sum of the inputs,
/// which is the sign of the sum, so exactly [`bundle`]. holon-rs panics on
/// an empty input; here it gives the zero vector.
///
/// ```
/// use holon_core::{ops::{bundle, centroid}, Vector};
///
/// let xs: [Vector<3>; 2] = ["++-", "+--"].map(|t| t.parse().unwrap());
/// assert_eq!(centroid(&xs), bundle(&xs));
/// ```
pub fn centroid<const D: usize, V: Borrow<Vector<D>>>(inputs: &[V]) -> Vector<D> {
    bundle(inputs)
}
