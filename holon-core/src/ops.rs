//! The algebra: pure functions from vectors to a vector.
//!
//! Every function here is element-wise (component `i` of the result depends
//! only on component `i` of the inputs) and so keeps the prefix property —
//! except [`permute`], a rotation, which mixes positions by design.
//!
//! None of them allocate or panic: an empty bundle is the zero vector, a NaN
//! weight is a defined result, and the dimension is checked by the type.
//!
//! The rest of holon-rs's algebra lives in submodules, one family a file,
//! and is re-exported here (`holon_core::ops::attend`, ...):
//!
//! - [`elementwise`]: `unbind`, `similarity_profile`, `conditional_bind`,
//!   `analogy`, `flip`, `power`, `prototype_add`, `blend_weighted`.
//! - [`attention`]: `attend` (hard / soft / amplify), `reflect_about_mean`,
//!   `grover_amplify`.
//! - [`weighted`]: `weighted_bundle`, `bundle_with_confidence`, `centroid`.
//! - [`span`]: `project` and `reject` onto the span of a set of vectors.
//! - [`codebook`]: `cleanup`, `invert`, `topk_similar`,
//!   `similarity_matrix`, `coherence`.
//! - [`shape`]: `sparsify`, `complexity`, `entropy`.
//! - [`projection`]: `random_project` to another dimension.
//! - [`stream`]: `segment`, `autocorrelate`, `cross_correlate`,
//!   `drift_rate`.
//!
//! Where holon-rs panics or its answer depends on its platform, the
//! function's documentation says what holon returns instead; the whole list
//! is in `docs/algebra.md`. Operations that compute in floating point use
//! `f64` and holon-rs's formulas (the older [`amplify`] and [`blend`] use
//! `f32`).

use core::borrow::Borrow;

pub mod attention;
pub mod codebook;
pub mod elementwise;
pub mod projection;
pub mod shape;
pub mod span;
pub mod stream;
pub mod weighted;

pub use attention::{attend, grover_amplify, reflect_about_mean, AttendMode};
pub use codebook::{cleanup, coherence, invert, similarity_matrix, topk_similar, Match};
pub use elementwise::{
    analogy, blend_weighted, conditional_bind, flip, power, prototype_add, similarity_profile,
    unbind, unbind_into, Gate,
};
pub use projection::random_project;
pub use shape::{complexity, entropy, sparsify};
pub use span::{project, reject, MAX_ORTHOGONAL_SPAN};
pub use stream::{autocorrelate, cross_correlate, drift_rate, segment, SegmentMethod};
pub use weighted::{bundle_with_confidence, centroid, weighted_bundle};

use crate::kernel::add_trits_i16;
use crate::vector::Vector;

/// Components processed together by the multi-input operations: small enough
/// for the stack of a microcontroller, large enough to vectorise.
pub(crate) const CHUNK: usize = 128;

/// Inputs summed in `i16` lanes before widening: no `i16` can overflow.
const NARROW_BATCH: usize = i16::MAX as usize;

/// Combines two vectors component by component.
pub(crate) fn zip_with<const D: usize>(
    a: &Vector<D>,
    b: &Vector<D>,
    combine: impl Fn(i8, i8) -> i8,
) -> Vector<D> {
    let mut out = Vector::zero();
    for ((o, &x), &y) in out
        .trusted_trits_mut()
        .iter_mut()
        .zip(a.as_trits())
        .zip(b.as_trits())
    {
        *o = combine(x, y);
    }
    out
}

/// The sign of an `f32` as a trit; NaN and ±0 give 0.
fn sign_f32(x: f32) -> i8 {
    if x > 0.0 {
        1
    } else if x < 0.0 {
        -1
    } else {
        0
    }
}

/// The sign of an `f64` as a trit; NaN and ±0 give 0.
pub(crate) fn sign_f64(x: f64) -> i8 {
    i8::from(x > 0.0) - i8::from(x < 0.0)
}

/// Association: `a_i * b_i`.
///
/// Self-inverse where the key is non-zero: `bind(bind(a, k), k)` equals `a`
/// on every component where `k_i != 0`. The result is near-orthogonal to
/// both inputs.
///
/// ```
/// use holon_core::{ops::bind, Vector};
///
/// let a: Vector<4> = "+-0+".parse().unwrap();
/// let k: Vector<4> = "--+0".parse().unwrap();
/// assert_eq!(bind(&a, &k).to_string(), "-+00");
/// assert_eq!(bind(&bind(&a, &k), &k).to_string(), "+-00");
/// ```
pub fn bind<const D: usize>(a: &Vector<D>, b: &Vector<D>) -> Vector<D> {
    let mut out = Vector::zero();
    bind_into(a, b, &mut out);
    out
}

/// [`bind`] written over `out`, which need not be zero: no fresh vector is
/// built, so nothing is zeroed first.
///
/// ```
/// use holon_core::{ops::{bind, bind_into}, Vector};
///
/// let a: Vector<4> = "+-0+".parse().unwrap();
/// let k: Vector<4> = "--+0".parse().unwrap();
/// let mut out: Vector<4> = "++++".parse().unwrap();
/// bind_into(&a, &k, &mut out);
/// assert_eq!(out.to_string(), "-+00");
/// assert_eq!(out, bind(&a, &k));
/// ```
pub fn bind_into<const D: usize>(a: &Vector<D>, b: &Vector<D>, out: &mut Vector<D>) {
    // Products of trits are trits.
    crate::kernel::product_into(out.trusted_trits_mut(), a.as_trits(), b.as_trits());
}

/// Superposition: the sign of the component-wise sum; a tie gives 0, an empty
/// input the zero vector. Accepts `&[Vector<D>]` and `&[&Vector<D>]`.
///
/// The result is similar to every input. Sums are exact for up to
/// `i32::MAX` inputs and saturate beyond.
///
/// ```
/// use holon_core::{ops::bundle, Vector};
///
/// let a: Vector<4> = "++-0".parse().unwrap();
/// let b: Vector<4> = "+--+".parse().unwrap();
/// let c: Vector<4> = "-+-+".parse().unwrap();
/// assert_eq!(bundle(&[&a, &b, &c]).to_string(), "++-+");
/// assert_eq!(bundle(&[&a, &b]).to_string(), "+0-+");
/// assert!(bundle::<4, Vector<4>>(&[]).is_zero());
/// ```
pub fn bundle<const D: usize, V: Borrow<Vector<D>>>(inputs: &[V]) -> Vector<D> {
    let mut out = Vector::zero();
    let mut narrow = [0i16; CHUNK];
    let mut sums = [0i32; CHUNK];
    for (chunk, out_chunk) in out.trusted_trits_mut().chunks_mut(CHUNK).enumerate() {
        let start = chunk * CHUNK;
        let range = start..start + out_chunk.len();
        sums.fill(0);
        for batch in inputs.chunks(NARROW_BATCH) {
            narrow.fill(0);
            for input in batch {
                if let Some(part) = input.borrow().as_trits().get(range.clone()) {
                    add_trits_i16(&mut narrow, part);
                }
            }
            for (s, &n) in sums.iter_mut().zip(&narrow) {
                *s = s.saturating_add(i32::from(n));
            }
        }
        for (o, &s) in out_chunk.iter_mut().zip(&sums) {
            *o = s.signum() as i8;
        }
    }
    out
}

/// Rotation: component `i` of the result is `a[(i + k) mod D]`, for any `k`
/// (negative allowed). `permute(permute(a, k), -k) == a`.
///
/// This is the holon-rs convention. Rotation is the one primitive that
/// breaks the prefix property; no encoder relies on it.
///
/// ```
/// use holon_core::{ops::permute, Vector};
///
/// let a: Vector<5> = "+-000".parse().unwrap();
/// assert_eq!(permute(&a, 1).to_string(), "-000+");
/// assert_eq!(permute(&a, -1).to_string(), "0+-00");
/// assert_eq!(permute(&a, 5), a);
/// ```
pub fn permute<const D: usize>(a: &Vector<D>, k: i64) -> Vector<D> {
    let Ok(d) = i64::try_from(D) else {
        return a.clone();
    };
    if d == 0 {
        return Vector::zero();
    }
    // rem_euclid by a positive divisor never overflows and lands in [0, D).
    let shift = usize::try_from(k.rem_euclid(d)).unwrap_or(0);
    let Some((head, tail)) = a.as_trits().split_at_checked(shift) else {
        return a.clone();
    };
    Vector::from_trit_iter(tail.iter().chain(head).copied())
}

/// How [`negate`] removes a component from a superposition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum NegateMode {
    /// `clamp(s_i - c_i, -1, 1)`: the default, as in holon-rs.
    #[default]
    Subtract,
    /// `0` where `c_i != 0`, else `s_i`: forget everything `c` touches.
    ZeroOut,
    /// `-s_i` where `c_i != 0`, else `s_i`: on `c`'s support the
    /// superposition's agreement with `c` becomes disagreement, so its dot
    /// product with `c` changes sign.
    Invert,
}

/// Removes component `c` from superposition `s`, as `mode` says.
///
/// ```
/// use holon_core::{ops::{negate, NegateMode}, Vector};
///
/// let s: Vector<4> = "++-0".parse().unwrap();
/// let c: Vector<4> = "+0++".parse().unwrap();
/// assert_eq!(negate(&s, &c, NegateMode::Subtract).to_string(), "0+--");
/// assert_eq!(negate(&s, &c, NegateMode::ZeroOut).to_string(), "0+00");
/// assert_eq!(negate(&s, &c, NegateMode::Invert).to_string(), "-++0");
/// ```
pub fn negate<const D: usize>(s: &Vector<D>, c: &Vector<D>, mode: NegateMode) -> Vector<D> {
    match mode {
        NegateMode::Subtract => zip_with(s, c, |x, y| x.wrapping_sub(y).clamp(-1, 1)),
        NegateMode::ZeroOut => zip_with(s, c, |x, y| if y != 0 { 0 } else { x }),
        NegateMode::Invert => zip_with(s, c, |x, y| if y != 0 { x.wrapping_neg() } else { x }),
    }
}

/// Strengthens component `c` in superposition `s`: the sign of
/// `s_i + weight * c_i`. A NaN weight gives the zero vector (`NaN * 0` is
/// NaN too, and the sign of NaN is taken as 0).
///
/// ```
/// use holon_core::{ops::amplify, Vector};
///
/// let s: Vector<3> = "+-0".parse().unwrap();
/// let c: Vector<3> = "--+".parse().unwrap();
/// assert_eq!(amplify(&s, &c, 0.5).to_string(), "+-+");
/// assert_eq!(amplify(&s, &c, 2.0).to_string(), "--+");
/// assert_eq!(amplify(&s, &c, 1.0).to_string(), "0-+");
/// ```
pub fn amplify<const D: usize>(s: &Vector<D>, c: &Vector<D>, weight: f32) -> Vector<D> {
    zip_with(s, c, |x, y| sign_f32(f32::from(x) + weight * f32::from(y)))
}

/// What changed from `before` to `after`: `clamp(after_i - before_i, -1, 1)`.
pub fn difference<const D: usize>(before: &Vector<D>, after: &Vector<D>) -> Vector<D> {
    zip_with(before, after, |b, a| a.wrapping_sub(b).clamp(-1, 1))
}

/// Interpolation: the sign of `(1 - w) a_i + w b_i`. `w = 0` gives `a`,
/// `w = 1` gives `b`; a NaN weight gives the zero vector.
///
/// ```
/// use holon_core::{ops::blend, Vector};
///
/// let a: Vector<3> = "++0".parse().unwrap();
/// let b: Vector<3> = "-+-".parse().unwrap();
/// assert_eq!(blend(&a, &b, 0.0), a);
/// assert_eq!(blend(&a, &b, 1.0), b);
/// assert_eq!(blend(&a, &b, 0.5).to_string(), "0+-");
/// ```
pub fn blend<const D: usize>(a: &Vector<D>, b: &Vector<D>, w: f32) -> Vector<D> {
    let keep = 1.0 - w;
    zip_with(a, b, |x, y| {
        sign_f32(keep * f32::from(x) + w * f32::from(y))
    })
}

/// The part of `v` that agrees with `reference`: `v_i` where
/// `v_i == reference_i`, else 0.
pub fn resonance<const D: usize>(v: &Vector<D>, reference: &Vector<D>) -> Vector<D> {
    zip_with(v, reference, |x, r| if x == r { x } else { 0 })
}

/// The common pattern of `inputs`: +1 (or -1) where at least
/// `ceil(threshold * n)` of the `n` inputs are +1 (or -1), else 0.
///
/// `threshold` is clamped to `[0, 1]` and a NaN threshold counts as 1 (the
/// strictest). At least one vote is always required, and when both signs
/// reach the bar (possible for `threshold <= 0.5`) the larger count wins and
/// a tie gives 0. An empty input gives the zero vector.
///
/// ```
/// use holon_core::{ops::prototype, Vector};
///
/// let xs: [Vector<4>; 3] = ["++-0", "+--+", "+0-+"].map(|t| t.parse().unwrap());
/// assert_eq!(prototype(&xs, 1.0).to_string(), "+0-0");
/// assert_eq!(prototype(&xs, 0.6).to_string(), "+0-+");
/// ```
pub fn prototype<const D: usize, V: Borrow<Vector<D>>>(inputs: &[V], threshold: f32) -> Vector<D> {
    let t = if threshold.is_nan() {
        1.0
    } else {
        threshold.clamp(0.0, 1.0)
    };
    let needed = libm::ceilf(t * inputs.len() as f32);
    // `needed` is within [0, n]; the float-to-int cast saturates.
    prototype_min_agree(inputs, (needed as usize).min(inputs.len()))
}

/// [`prototype`] with the bar given as a count: +1 (or -1) where at least
/// `min_agree` inputs (and at least one) are +1 (or -1), else 0.
pub fn prototype_min_agree<const D: usize, V: Borrow<Vector<D>>>(
    inputs: &[V],
    min_agree: usize,
) -> Vector<D> {
    let bar = min_agree.max(1);
    let mut out = Vector::zero();
    let mut positive = [0usize; CHUNK];
    let mut negative = [0usize; CHUNK];
    for (chunk, out_chunk) in out.trusted_trits_mut().chunks_mut(CHUNK).enumerate() {
        let start = chunk * CHUNK;
        let range = start..start + out_chunk.len();
        positive.fill(0);
        negative.fill(0);
        for input in inputs {
            if let Some(part) = input.borrow().as_trits().get(range.clone()) {
                for ((p, n), &t) in positive.iter_mut().zip(negative.iter_mut()).zip(part) {
                    *p += usize::from(t > 0);
                    *n += usize::from(t < 0);
                }
            }
        }
        for ((o, &p), &n) in out_chunk.iter_mut().zip(&positive).zip(&negative) {
            *o = match (p >= bar, n >= bar) {
                (true, false) => 1,
                (false, true) => -1,
                (true, true) => (p.cmp(&n) as i8).signum(),
                (false, false) => 0,
            };
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atom::atom;

    #[test]
    fn invert_flips_the_dot_product_with_the_component() {
        let c: Vector<512> = atom(0, "c");
        let s = bundle(&[atom::<512>(0, "a"), c.clone(), atom(0, "b")]);
        let inverted = negate(&s, &c, NegateMode::Invert);
        assert_eq!(inverted.dot(&c), -s.dot(&c));
    }

    #[test]
    fn zero_out_removes_all_overlap() {
        let c: Vector<512> = atom(0, "c");
        let s = bundle(&[atom::<512>(0, "a"), c.clone(), atom(0, "b")]);
        assert_eq!(negate(&s, &c, NegateMode::ZeroOut).dot(&c), 0);
    }

    #[test]
    fn nan_weights_are_defined() {
        let a: Vector<64> = atom(0, "a");
        let b: Vector<64> = atom(0, "b");
        assert!(blend(&a, &b, f32::NAN).is_zero());
        assert!(amplify(&a, &b, f32::NAN).is_zero());
        let xs = [a.clone(), b];
        assert_eq!(prototype(&xs, f32::NAN), prototype(&xs, 1.0));
    }

    #[test]
    fn prototype_bar_is_at_least_one_vote() {
        let a: Vector<8> = "+0000000".parse().unwrap();
        assert_eq!(prototype(&[&a], 0.0), a);
        assert!(prototype::<8, Vector<8>>(&[], 0.5).is_zero());
    }

    #[test]
    fn bundle_handles_dimensions_not_a_multiple_of_the_chunk() {
        let xs: [Vector<131>; 3] = [atom(1, "x"), atom(1, "y"), atom(1, "z")];
        let expected =
            Vector::<131>::from_fn(|i| xs.iter().map(|x| x.as_trits()[i]).sum::<i8>().signum());
        assert_eq!(bundle(&xs), expected);
    }

    #[test]
    fn permute_by_extreme_shifts() {
        let a: Vector<7> = atom(0, "p");
        assert_eq!(permute(&a, i64::MIN), permute(&a, i64::MIN.rem_euclid(7)));
        assert_eq!(permute(&permute(&a, i64::MAX), -(i64::MAX % 7)), a);
    }
}
