//! Frequency-preserving superposition.
//!
//! A [`bundle`](crate::ops::bundle) is a majority vote: adding `a` 100 times
//! and `b` once gives the same result as adding each once. An accumulator
//! keeps the running sums, so `a` weighs 100 times `b`.
//!
//! - [`Accumulator`] keeps exact integer sums (`i32` a component, saturating)
//!   for `add`, `merge` and `count`: 4 bytes a dimension.
//! - [`DecayingAccumulator`] keeps `f32` sums for streams: real weights and
//!   exponential decay. IEEE-754 addition and multiplication are exactly
//!   rounded on every target, so its results are the same bits everywhere.
//!
//! Both compare against a vector without materialising floats for all of `D`,
//! and neither can overflow into undefined behaviour or a panic.
//!
//! ```
//! use holon_core::{atom::atom, Accumulator, DecayingAccumulator, Vector};
//!
//! let (normal, rare): (Vector<1024>, Vector<1024>) = (atom(0, "normal"), atom(0, "rare"));
//! let mut exact = Accumulator::<1024>::new();
//! let mut recent = DecayingAccumulator::<1024>::new();
//! for _ in 0..50 {
//!     exact.add(&normal);
//!     recent.add(&normal);
//!     recent.decay(0.9); // old observations fade
//! }
//! exact.add(&rare);
//! recent.add_weighted(&rare, 20.0);
//! // The exact sums still say "normal"; the decayed ones follow the news.
//! assert!(exact.cosine(&normal) > exact.cosine(&rare));
//! assert!(recent.threshold().cosine(&rare) > recent.threshold().cosine(&normal));
//! ```

use crate::vector::Vector;

/// Exact integer running sums of ternary vectors.
///
/// ```
/// use holon_core::{atom::atom, ops::bundle, Accumulator, Vector};
///
/// let a: Vector<1024> = atom(0, "a");
/// let b: Vector<1024> = atom(0, "b");
/// let mut acc = Accumulator::<1024>::new();
/// for _ in 0..100 {
///     acc.add(&a);
/// }
/// acc.add(&b);
/// assert_eq!(acc.count(), 101);
/// // The accumulator remembers that `a` dominates; a bundle cannot.
/// assert!(acc.cosine(&a) > 0.99);
/// assert!(bundle(&[&a, &b]).cosine(&a) < 0.8);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Accumulator<const D: usize> {
    sums: [i32; D],
    count: u64,
}

impl<const D: usize> Accumulator<D> {
    /// An empty accumulator.
    pub const fn new() -> Self {
        Self {
            sums: [0; D],
            count: 0,
        }
    }

    /// Adds `v` once.
    pub fn add(&mut self, v: &Vector<D>) {
        self.add_weighted(v, 1);
    }

    /// Adds `v` with an integer `weight` (negative subtracts). Each sum
    /// saturates at the `i32` range; the count grows by `|weight|`.
    pub fn add_weighted(&mut self, v: &Vector<D>, weight: i32) {
        let magnitude = u64::from(weight.unsigned_abs());
        let new_count = self.count.saturating_add(magnitude);
        // Every |sum| is at most `count`, so below i32::MAX nothing can
        // saturate and the plain add (which vectorises) is exact. (Only a
        // vector holding non-trits, a logic error, could wrap here.)
        if new_count <= i32::MAX as u64 {
            for (s, &t) in self.sums.iter_mut().zip(v.as_trits()) {
                *s = s.wrapping_add(i32::from(t).wrapping_mul(weight));
            }
        } else {
            for (s, &t) in self.sums.iter_mut().zip(v.as_trits()) {
                *s = s.saturating_add(i32::from(t).saturating_mul(weight));
            }
        }
        self.count = new_count;
    }

    /// Adds everything `other` holds.
    pub fn merge(&mut self, other: &Self) {
        let new_count = self.count.saturating_add(other.count);
        if new_count <= i32::MAX as u64 {
            for (s, &o) in self.sums.iter_mut().zip(&other.sums) {
                *s = s.wrapping_add(o);
            }
        } else {
            for (s, &o) in self.sums.iter_mut().zip(&other.sums) {
                *s = s.saturating_add(o);
            }
        }
        self.count = new_count;
    }

    /// Total weight added so far (saturating).
    pub const fn count(&self) -> u64 {
        self.count
    }

    /// The per-component sums.
    pub const fn sums(&self) -> &[i32; D] {
        &self.sums
    }

    /// An accumulator holding `sums` and `count`, as [`sums`](Self::sums)
    /// and [`count`](Self::count) read them: one that was saved (or sent to
    /// another process) restored exactly.
    ///
    /// ```
    /// use holon_core::{atom::atom, Accumulator};
    ///
    /// let mut acc = Accumulator::<64>::new();
    /// acc.add_weighted(&atom(0, "a"), 3);
    /// let copy = Accumulator::from_sums(*acc.sums(), acc.count());
    /// assert_eq!(copy, acc);
    /// ```
    pub const fn from_sums(sums: [i32; D], count: u64) -> Self {
        Self { sums, count }
    }

    /// The sign of each sum (ties 0): the bundle of everything added, with
    /// each vector counted as often as it was added.
    pub fn threshold(&self) -> Vector<D> {
        crate::kernel::signs(&self.sums)
    }

    /// Exact dot product of the sums with `v`.
    pub fn dot(&self, v: &Vector<D>) -> i64 {
        self.sums
            .iter()
            .zip(v.as_trits())
            .map(|(&s, &t)| i64::from(s) * i64::from(t))
            .fold(0, i64::wrapping_add)
    }

    /// Cosine of the sums with `v`; 0.0 when either is zero. Always in
    /// [-1, 1], at every weight (saturated sums included).
    pub fn cosine(&self, v: &Vector<D>) -> f32 {
        // The squared norm is summed in u128: a sum is at most 2^31 in
        // magnitude, so each square is below 2^62 and D of them cannot reach
        // 2^128. (A saturating u64 used to stop growing at 2^64 while the dot
        // kept growing, which put the cosine above 1.) The dot is at most
        // D * 2^31 in magnitude: an i64 holds it for any D that fits memory.
        let (dot, norm_sq, nnz) =
            self.sums
                .iter()
                .zip(v.as_trits())
                .fold((0i64, 0u128, 0u64), |(d, n, z), (&s, &t)| {
                    let s = i64::from(s);
                    let square = u128::from(s.unsigned_abs() * s.unsigned_abs());
                    (
                        d.wrapping_add(s * i64::from(t)),
                        n.wrapping_add(square),
                        z + u64::from(t != 0),
                    )
                });
        if norm_sq == 0 || nnz == 0 {
            return 0.0;
        }
        // f64 here: squared sums exceed f32's exact integer range quickly.
        // Exact integers obey Cauchy-Schwarz (|dot| <= sqrt(norm_sq * nnz));
        // the rounded quotient can exceed 1 by an ulp, hence the clamp.
        let denominator = libm::sqrt(norm_sq as f64) * libm::sqrt(nnz as f64);
        ((dot as f64 / denominator) as f32).clamp(-1.0, 1.0)
    }

    /// Empties the accumulator.
    pub fn clear(&mut self) {
        self.sums = [0; D];
        self.count = 0;
    }
}

impl<const D: usize> Default for Accumulator<D> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const D: usize> core::fmt::Debug for Accumulator<D> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Accumulator")
            .field("dimensions", &D)
            .field("count", &self.count)
            .finish_non_exhaustive()
    }
}

/// Running `f32` sums with real weights and exponential decay, for streams.
///
/// ```
/// use holon_core::{atom::atom, DecayingAccumulator, Vector};
///
/// let old: Vector<1024> = atom(0, "old");
/// let new: Vector<1024> = atom(0, "new");
/// let mut acc = DecayingAccumulator::<1024>::new();
/// for _ in 0..50 {
///     acc.add(&old);
/// }
/// for _ in 0..50 {
///     acc.decay(0.9);
///     acc.add(&new);
/// }
/// assert!(acc.cosine(&new) > acc.cosine(&old));
/// ```
#[derive(Clone, PartialEq)]
pub struct DecayingAccumulator<const D: usize> {
    sums: [f32; D],
    weight: f32,
}

impl<const D: usize> DecayingAccumulator<D> {
    /// An empty accumulator.
    pub const fn new() -> Self {
        Self {
            sums: [0.0; D],
            weight: 0.0,
        }
    }

    /// Adds `v` with weight 1.
    pub fn add(&mut self, v: &Vector<D>) {
        self.add_weighted(v, 1.0);
    }

    /// Adds `v` with a real `weight`. A non-finite weight is ignored, so the
    /// sums stay finite.
    pub fn add_weighted(&mut self, v: &Vector<D>, weight: f32) {
        if !weight.is_finite() {
            return;
        }
        for (s, &t) in self.sums.iter_mut().zip(v.as_trits()) {
            *s = saturate_f32(*s + weight * f32::from(t));
        }
        self.weight = saturate_f32(self.weight + weight);
    }

    /// Multiplies everything held by `factor` (clamped to `[0, 1]`; NaN
    /// counts as 1, no decay). `0.99` a step gives a half-life of ~69 steps.
    pub fn decay(&mut self, factor: f32) {
        let f = if factor.is_nan() {
            1.0
        } else {
            factor.clamp(0.0, 1.0)
        };
        for s in &mut self.sums {
            *s *= f;
        }
        self.weight *= f;
    }

    /// Adds everything `other` holds.
    pub fn merge(&mut self, other: &Self) {
        for (s, &o) in self.sums.iter_mut().zip(&other.sums) {
            *s = saturate_f32(*s + o);
        }
        self.weight = saturate_f32(self.weight + other.weight);
    }

    /// An accumulator holding `sums` and `weight`, as
    /// [`sums`](Self::sums) and [`total_weight`](Self::total_weight) read
    /// them: a saved one restored exactly.
    ///
    /// ```
    /// use holon_core::{atom::atom, DecayingAccumulator};
    ///
    /// let mut acc = DecayingAccumulator::<64>::new();
    /// acc.add_weighted(&atom(0, "a"), 0.5);
    /// let copy = DecayingAccumulator::from_sums(*acc.sums(), acc.total_weight());
    /// assert_eq!(copy.threshold(), acc.threshold());
    /// ```
    pub const fn from_sums(sums: [f32; D], weight: f32) -> Self {
        Self { sums, weight }
    }

    /// Total (decayed) weight added so far.
    pub const fn total_weight(&self) -> f32 {
        self.weight
    }

    /// The per-component sums.
    pub const fn sums(&self) -> &[f32; D] {
        &self.sums
    }

    /// The sign of each sum (exact zeros give 0).
    pub fn threshold(&self) -> Vector<D> {
        Vector::from_trit_iter(self.sums.iter().map(|&s| {
            if s > 0.0 {
                1
            } else if s < 0.0 {
                -1
            } else {
                0
            }
        }))
    }

    /// Dot product of the sums with `v`, summed in component order.
    pub fn dot(&self, v: &Vector<D>) -> f32 {
        self.sums
            .iter()
            .zip(v.as_trits())
            .fold(0.0, |d, (&s, &t)| d + s * f32::from(t))
    }

    /// Cosine of the sums with `v`; 0.0 when either is zero.
    pub fn cosine(&self, v: &Vector<D>) -> f32 {
        let (dot, norm_sq, nnz) = self
            .sums
            .iter()
            .zip(v.as_trits())
            .fold((0.0f32, 0.0f32, 0u32), |(d, n, z), (&s, &t)| {
                (d + s * f32::from(t), n + s * s, z + u32::from(t != 0))
            });
        if norm_sq <= 0.0 || nnz == 0 {
            return 0.0;
        }
        // `libm::sqrtf`'s bits, from the FPU where there is one.
        let cosine = dot / (crate::packed::sqrtf(norm_sq) * crate::packed::sqrtf(nnz as f32));
        // Sums near f32::MAX overflow the norm to infinity; say "no answer"
        // (0.0) rather than NaN.
        if cosine.is_finite() {
            cosine.clamp(-1.0, 1.0)
        } else {
            0.0
        }
    }

    /// Empties the accumulator.
    pub fn clear(&mut self) {
        self.sums = [0.0; D];
        self.weight = 0.0;
    }
}

/// Keeps a finite sum finite: an overflow to ±infinity stops at ±`f32::MAX`.
fn saturate_f32(x: f32) -> f32 {
    x.clamp(-f32::MAX, f32::MAX)
}

impl<const D: usize> Default for DecayingAccumulator<D> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const D: usize> core::fmt::Debug for DecayingAccumulator<D> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("DecayingAccumulator")
            .field("dimensions", &D)
            .field("total_weight", &self.weight)
            .finish_non_exhaustive()
    }
}

/// Diagnostics holon-rs offers on its accumulator: how full, how pure and
/// how spread the superposition is. Computed from the exact integer sums;
/// results are `f64` in the stated ranges, never NaN.
impl<const D: usize> Accumulator<D> {
    /// `sum s_i^2` over the components, exactly (saturating at `u128::MAX`).
    fn squared_norm(&self) -> u128 {
        self.sums.iter().fold(0u128, |n, &s| {
            let m = u128::from(s.unsigned_abs());
            n.saturating_add(m * m)
        })
    }

    /// How much room is left before items stop being recoverable from a
    /// codebook of `codebook_size` entries, in `[0, 1]` (holon-rs's
    /// `capacity`): `1 - (|s|^2 / D) / (D / (2 ln codebook_size))`. 1 for an
    /// empty accumulator or a codebook of fewer than two entries.
    ///
    /// ```
    /// use holon_core::{atom::atom, Accumulator, Vector};
    ///
    /// let mut acc = Accumulator::<1024>::new();
    /// assert_eq!(acc.capacity(1000), 1.0);
    /// for i in 0..20 {
    ///     acc.add(&atom::<1024>(0, &format!("item{i}")));
    /// }
    /// let c = acc.capacity(1000);
    /// assert!(c > 0.0 && c < 1.0);
    /// ```
    pub fn capacity(&self, codebook_size: usize) -> f64 {
        if codebook_size < 2 || D == 0 {
            return 1.0;
        }
        let d = D as f64;
        let max_items = d / (2.0 * libm::log(codebook_size as f64));
        let estimated_items = self.squared_norm() as f64 / d;
        let c = 1.0 - estimated_items / max_items;
        if c.is_nan() {
            0.0
        } else {
            c.clamp(0.0, 1.0)
        }
    }

    /// How close the superposition is to a single item, in `[0, 1]`
    /// (holon-rs's `purity`): `min(D / |s|^2, 1)`; 0 when empty.
    pub fn purity(&self) -> f64 {
        let norm = self.squared_norm();
        if norm == 0 || D == 0 {
            return 0.0;
        }
        (D as f64 / norm as f64).min(1.0)
    }

    /// The effective number of components carrying the sums, in `[0, D]`
    /// (holon-rs's `participation_ratio`): `|s|_2^4 / |s|_4^4`; 0 when
    /// empty. `D` for sums of equal magnitude everywhere, 1 for one
    /// non-zero component.
    ///
    /// ```
    /// use holon_core::{atom::atom, Accumulator, Vector};
    ///
    /// let mut acc = Accumulator::<512>::new();
    /// let a: Vector<512> = atom(0, "a");
    /// acc.add(&a);
    /// assert_eq!(acc.participation_ratio(), a.nnz() as f64);
    /// ```
    pub fn participation_ratio(&self) -> f64 {
        let l2 = self.squared_norm() as f64;
        let l4: f64 = self
            .sums
            .iter()
            .map(|&s| {
                let x = f64::from(s);
                x * x * x * x
            })
            .sum();
        if l2 == 0.0 || l4.is_nan() || l4 <= 0.0 {
            return 0.0;
        }
        let ratio = (l2 * l2) / l4;
        if ratio.is_finite() {
            ratio.clamp(0.0, D as f64)
        } else {
            0.0
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::atom::atom;

    #[test]
    fn saturates_instead_of_overflowing() {
        let a: Vector<16> = atom(0, "a");
        let mut acc = Accumulator::<16>::new();
        acc.add_weighted(&a, i32::MAX);
        acc.add_weighted(&a, i32::MAX);
        acc.add_weighted(&a, i32::MIN);
        // Saturating: MAX + MAX stays MAX (and -MAX - MAX stops at MIN), so
        // adding MIN afterwards lands on -1 on a's support. Wrapping would not.
        for (&s, &t) in acc.sums().iter().zip(a.as_trits()) {
            assert_eq!(s, if t == 0 { 0 } else { -1 });
        }
        let mut big = Accumulator::<16>::new();
        big.add_weighted(&a, i32::MAX);
        big.merge(&big.clone());
        for (&s, &t) in big.sums().iter().zip(a.as_trits()) {
            let expected = match t {
                1 => i32::MAX,
                -1 => i32::MIN,
                _ => 0,
            };
            assert_eq!(s, expected);
        }
        assert!(acc.cosine(&a).is_finite());
        acc.count = u64::MAX;
        acc.add(&a);
        assert_eq!(acc.count(), u64::MAX);
    }

    #[test]
    fn threshold_of_single_adds_is_the_bundle() {
        let xs: [Vector<100>; 4] = [atom(2, "w"), atom(2, "x"), atom(2, "y"), atom(2, "z")];
        let mut acc = Accumulator::<100>::new();
        for x in &xs {
            acc.add(x);
        }
        assert_eq!(acc.threshold(), crate::ops::bundle(&xs));
    }

    #[test]
    fn decaying_ignores_non_finite_weights() {
        let a: Vector<32> = atom(0, "a");
        let mut acc = DecayingAccumulator::<32>::new();
        acc.add_weighted(&a, f32::INFINITY);
        acc.add_weighted(&a, f32::NAN);
        assert_eq!(acc.total_weight(), 0.0);
        acc.add(&a);
        acc.decay(f32::NAN);
        assert_eq!(acc.threshold(), a);
        acc.decay(0.0);
        assert!(acc.threshold().is_zero());
        assert_eq!(acc.cosine(&a), 0.0);
        for _ in 0..3 {
            acc.add_weighted(&a, f32::MAX);
        }
        assert!(acc.sums().iter().all(|s| s.is_finite()));
        assert_eq!(acc.threshold(), a);
        assert!(!acc.cosine(&a).is_nan());
    }
}
