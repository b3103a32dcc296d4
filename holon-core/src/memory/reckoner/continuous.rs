//! [`ContinuousReckoner`]: bucketed nearest-neighbour regression from an
//! input to a scalar (holon-rs `Reckoner` in continuous mode).
//!
//! The scalar range is cut into `B` equal buckets; each accumulates the
//! inputs whose target fell in it. Every observation first decays all
//! buckets (0.999), so old experience fades; the range widens to take a new
//! value and, every 100 observations, contracts to the centres of the
//! buckets that still carry weight (plus a 10% margin, but never beyond
//! the current range: holon-rs's contraction could widen it, and did at
//! every step once all buckets were live), pouring each bucket into the
//! new one nearest its centre. A query scores every bucket by the
//! raw dot product of its sum with the input (so mass counts, not only
//! direction) and answers the score-weighted mean of the centres of the
//! top 3 positive buckets.

use super::discrete::is_finite_observation;
use crate::error::Error;
use crate::memory::real::{dot, norm};
use crate::memory::{Observation, Real};

/// The learning parameters of a [`ContinuousReckoner`], holon-rs's
/// constants from [`ContinuousParams::new`].
///
/// ```
/// use holon_core::memory::ContinuousParams;
///
/// let p = ContinuousParams::new(0.015);
/// assert_eq!((p.decay, p.rebalance_every, p.margin, p.floor), (0.999, 100, 0.1, 0.0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ContinuousParams {
    /// The answer before any experience, or when no bucket points towards
    /// the input.
    pub default_value: f64,
    /// Factor every bucket is multiplied by at each observation (default
    /// 0.999).
    pub decay: f64,
    /// Contract the range every this many observations, 0 never (default
    /// 100).
    pub rebalance_every: u32,
    /// Fraction of the live span added on each side when contracting
    /// (default 0.1).
    pub margin: f64,
    /// The contracted range never starts below this (default 0.0, as
    /// holon-rs, whose targets are distances; use `f64::NEG_INFINITY` for
    /// signed targets).
    pub floor: f64,
}

impl ContinuousParams {
    /// holon-rs's constants with `default_value`.
    pub const fn new(default_value: f64) -> Self {
        Self {
            default_value,
            decay: 0.999,
            rebalance_every: 100,
            margin: 0.1,
            floor: 0.0,
        }
    }

    fn check(&self) -> Result<(), Error> {
        if !(self.default_value.is_finite() && self.decay.is_finite() && self.margin.is_finite())
            || self.floor.is_nan()
            || self.floor == f64::INFINITY
        {
            return Err(Error::NonFinite);
        }
        if !(self.decay > 0.0 && self.decay <= 1.0) {
            return Err(Error::InvalidParameter {
                what: "decay must be in (0, 1]",
            });
        }
        if self.margin < 0.0 {
            return Err(Error::InvalidParameter {
                what: "margin must not be negative",
            });
        }
        Ok(())
    }
}

/// Below this Euclidean norm a bucket counts as dead when contracting
/// (holon-rs's 0.1).
const ALIVE: f64 = 0.1;

/// Bucketed regression from `D`-component inputs to a scalar, with `B`
/// buckets, computing in `F` (`f64` by default; see [`Real`]).
///
/// Memory is inline: `B · D` floats plus `16 · B + 80` bytes:
/// `ContinuousReckoner<1024, 10>` is 82 KB in `f64`,
/// `ContinuousReckoner<256, 8, f32>` 8.4 KB. [`observe`](Self::observe)
/// uses about `17 · B` bytes of stack, [`query`](Self::query) `D` floats.
///
/// Differences from holon-rs: errors instead of panics (NaN or infinite
/// value, weight or input); the decay, interval, margin and floor are
/// parameters; a contraction that the floor would invert is skipped
/// (holon-rs then builds a range of negative width).
///
/// ```
/// use holon_core::{magnitude::LinearEncoder, memory::ContinuousReckoner, Vector};
///
/// let enc = LinearEncoder::<1024>::new(0, 0.25).unwrap();
/// let mut r: Box<ContinuousReckoner<1024, 20>> = Box::new(ContinuousReckoner::new(0.0));
/// for i in 0..400 {
///     let x = f64::from(i * 17 % 40) / 40.0; // target: 2x + 1
///     r.observe(&enc.encode(x), 2.0 * x + 1.0, 1.0).unwrap();
/// }
/// let y = r.query(&enc.encode(0.5));
/// assert!((y - 2.0).abs() < 0.2, "{y}");
/// ```
#[derive(Clone, PartialEq)]
pub struct ContinuousReckoner<const D: usize, const B: usize, F: Real = f64> {
    params: ContinuousParams,
    observations: u64,
    since_rebalance: u32,
    /// `None` until the first observation sets the range.
    range: Option<(f64, f64)>,
    centers: [f64; B],
    counts: [u64; B],
    sums: [[F; D]; B],
}

impl<const D: usize, const B: usize, F: Real> ContinuousReckoner<D, B, F> {
    /// A fresh reckoner with holon-rs's constants
    /// ([`ContinuousParams::new`]) answering `default_value` until it has
    /// experience. `const`, so it can initialise a `static`; a NaN or
    /// infinite `default_value` answers as given (use
    /// [`with_params`](Self::with_params) to have it checked).
    ///
    /// ```
    /// use holon_core::memory::ContinuousReckoner;
    ///
    /// let r = ContinuousReckoner::<8, 4>::new(0.015);
    /// assert_eq!(r.query(&[1.0; 8]), 0.015);
    /// ```
    pub const fn new(default_value: f64) -> Self {
        Self::fresh(ContinuousParams::new(default_value))
    }

    /// A fresh reckoner with `params`; non-finite values are
    /// [`Error::NonFinite`], a decay outside `(0, 1]` or a negative margin
    /// [`Error::InvalidParameter`].
    ///
    /// ```
    /// use holon_core::memory::{ContinuousParams, ContinuousReckoner};
    ///
    /// let signed = ContinuousParams { floor: f64::NEG_INFINITY, ..ContinuousParams::new(0.0) };
    /// assert!(ContinuousReckoner::<8, 4>::with_params(signed).is_ok());
    /// let bad = ContinuousParams { decay: 1.5, ..signed };
    /// assert!(ContinuousReckoner::<8, 4>::with_params(bad).is_err());
    /// ```
    pub fn with_params(params: ContinuousParams) -> Result<Self, Error> {
        params.check()?;
        Ok(Self::fresh(params))
    }

    const fn fresh(params: ContinuousParams) -> Self {
        Self {
            params,
            observations: 0,
            since_rebalance: 0,
            range: None,
            centers: [0.0; B],
            counts: [0; B],
            sums: [[F::ZERO; D]; B],
        }
    }

    /// The parameters.
    ///
    /// ```
    /// use holon_core::memory::ContinuousReckoner;
    ///
    /// assert_eq!(ContinuousReckoner::<8, 4>::new(1.0).params().default_value, 1.0);
    /// ```
    pub const fn params(&self) -> ContinuousParams {
        self.params
    }

    /// Learns that `x` goes with `value`, weighted by `weight` (at least
    /// `1e-10`, as holon-rs). Errors, changing nothing: a NaN or infinite
    /// value, weight or component of `x` is [`Error::NonFinite`].
    ///
    /// ```
    /// use holon_core::{memory::ContinuousReckoner, Error};
    ///
    /// let mut r = ContinuousReckoner::<4, 4>::new(0.0);
    /// r.observe(&[1.0, 0.0, 0.0, 0.0], 0.008, 1.0).unwrap();
    /// assert_eq!(r.observations(), 1);
    /// assert!((r.query(&[1.0, 0.0, 0.0, 0.0]) - 0.008).abs() < 0.001);
    /// assert_eq!(r.observe(&[0.0; 4], f64::INFINITY, 1.0), Err(Error::NonFinite));
    /// ```
    pub fn observe<X: Observation<D>>(
        &mut self,
        x: &X,
        value: f64,
        weight: f64,
    ) -> Result<(), Error> {
        if !(value.is_finite() && weight.is_finite() && is_finite_observation(x)) {
            return Err(Error::NonFinite);
        }
        self.observations = self.observations.saturating_add(1);
        if B == 0 {
            return Ok(());
        }
        let decay = F::from_f64(self.params.decay);
        for v in self.sums.iter_mut().flatten() {
            *v *= decay;
        }
        let (mut lo, mut hi) = match self.range {
            Some(range) => range,
            None => {
                let (lo, hi) = (value - 0.001, value + 0.001);
                self.set_centers(lo, hi);
                (lo, hi)
            }
        };
        let mut widened = false;
        if value < lo {
            lo = value;
            widened = true;
        }
        if value > hi {
            hi = value + 1e-10;
            widened = true;
        }
        self.range = Some((lo, hi));
        if widened {
            self.rebalance();
        }
        if let Some((lo, hi)) = self.range {
            let width = (hi - lo) / B as f64;
            if width > 1e-15 {
                let at = bucket_of(value, lo, width, B);
                let w = if weight > 1e-10 { weight } else { 1e-10 };
                if let (Some(sums), Some(count)) = (self.sums.get_mut(at), self.counts.get_mut(at))
                {
                    for (i, s) in sums.iter_mut().enumerate() {
                        *s += F::from_f64(x.component(i) * w);
                    }
                    *count = count.saturating_add(1);
                }
            }
        }
        self.since_rebalance = self.since_rebalance.saturating_add(1);
        let every = self.params.rebalance_every;
        if every != 0 && self.since_rebalance >= every {
            self.rebalance();
            self.since_rebalance = 0;
        }
        Ok(())
    }

    /// Centres evenly spread over `[lo, hi]`.
    fn set_centers(&mut self, lo: f64, hi: f64) {
        let width = (hi - lo) / B as f64;
        for (i, c) in self.centers.iter_mut().enumerate() {
            *c = lo + (i as f64 + 0.5) * width;
        }
    }

    /// Contracts the range to where the weight lives and pours every live
    /// bucket into the new bucket nearest its centre (holon-rs's
    /// `rebalance_continuous`).
    fn rebalance(&mut self) {
        let Some((lo, hi)) = self.range else {
            return;
        };
        let alive: [bool; B] = core::array::from_fn(|b| {
            let count = self.counts.get(b).copied().unwrap_or(0);
            let sums = self.sums.get(b);
            count > 0 && sums.is_some_and(|s| norm(s).to_f64() > ALIVE)
        });
        let mut span: Option<(f64, f64)> = None;
        for (&c, &live) in self.centers.iter().zip(&alive) {
            if live {
                span = Some(match span {
                    None => (c, c),
                    Some((a, b)) => (a.min(c), b.max(c)),
                });
            }
        }
        let live_count = alive.iter().filter(|&&a| a).count();
        let Some((first, last)) = span.filter(|_| live_count >= 2) else {
            // Too little to contract to: keep the contents, respread the
            // centres over the current range.
            if (hi - lo) / B as f64 > 1e-15 {
                self.set_centers(lo, hi);
            }
            return;
        };
        if last - first < 1e-10 {
            return;
        }
        // holon-rs adds the margin to the live centres even when that widens
        // the range: with every bucket live, each contraction then moved the
        // edges outward (8% a time at 10 buckets), so the range grew without
        // bound and the error with it. Here a contraction only narrows; new
        // values outside the range still widen it in `observe`.
        let margin = (last - first) * self.params.margin;
        let new_lo = (first - margin).max(self.params.floor).max(lo);
        let new_hi = (last + margin).min(hi);
        let width = (new_hi - new_lo) / B as f64;
        if !(width > 0.0 && width.is_finite()) {
            return;
        }
        let target: [usize; B] = core::array::from_fn(|b| {
            let c = self.centers.get(b).copied().unwrap_or(new_lo);
            bucket_of(c, new_lo, width, B)
        });
        // Centres ascend, so `target` is monotone: moving the buckets that
        // go down in ascending order and those that go up in descending
        // order never overwrites a bucket before it has moved.
        for ((sums, count), &live) in self.sums.iter_mut().zip(&mut self.counts).zip(&alive) {
            if !live {
                sums.fill(F::ZERO);
                *count = 0;
            }
        }
        for b in 0..B {
            if alive.get(b) == Some(&true) && target.get(b).is_some_and(|&t| t < b) {
                self.pour(b, target.get(b).copied().unwrap_or(b));
            }
        }
        for b in (0..B).rev() {
            if alive.get(b) == Some(&true) && target.get(b).is_some_and(|&t| t > b) {
                self.pour(b, target.get(b).copied().unwrap_or(b));
            }
        }
        self.range = Some((new_lo, new_hi));
        self.set_centers(new_lo, new_hi);
    }

    /// Adds bucket `from` into bucket `to` and empties `from`.
    fn pour(&mut self, from: usize, to: usize) {
        let (src, dst) = if from < to {
            let Some((head, tail)) = self.sums.split_at_mut_checked(to) else {
                return;
            };
            (head.get_mut(from), tail.first_mut())
        } else {
            let Some((head, tail)) = self.sums.split_at_mut_checked(from) else {
                return;
            };
            (tail.first_mut(), head.get_mut(to))
        };
        if let (Some(src), Some(dst)) = (src, dst) {
            for (d, s) in dst.iter_mut().zip(src.iter_mut()) {
                *d += *s;
                *s = F::ZERO;
            }
        }
        let moved = self.counts.get(from).copied().unwrap_or(0);
        if let Some(c) = self.counts.get_mut(to) {
            *c = c.saturating_add(moved);
        }
        if let Some(c) = self.counts.get_mut(from) {
            *c = 0;
        }
    }

    /// The scalar `x` goes with: the mean of the centres of the 3 buckets
    /// whose sums have the largest positive dot product with `x`, weighted
    /// by it. `default_value` before any observation, when no bucket has a
    /// positive dot product, or when `x` has a NaN or infinite component.
    /// Otherwise the answer lies between the lowest and highest centre.
    ///
    /// ```
    /// use holon_core::memory::ContinuousReckoner;
    ///
    /// let mut r = ContinuousReckoner::<2, 10>::new(-1.0);
    /// r.observe(&[1.0, 0.0], 0.01, 1.0).unwrap();
    /// r.observe(&[1.0, 0.0], 0.02, 1.0).unwrap();
    /// let y = r.query(&[1.0, 0.0]);
    /// assert!((0.009..=0.021).contains(&y));
    /// assert_eq!(r.query(&[0.0, 1.0]), -1.0); // no bucket points there
    /// ```
    pub fn query<X: Observation<D>>(&self, x: &X) -> f64 {
        let fallback = self.params.default_value;
        if self.observations == 0 || !is_finite_observation(x) {
            return fallback;
        }
        let mut input = [F::ZERO; D];
        x.write_into(&mut input);
        // The top 3 (score, centre), best first; earlier buckets win ties.
        let mut top: [Option<(f64, f64)>; 3] = [None; 3];
        for ((sums, &count), &center) in self.sums.iter().zip(&self.counts).zip(&self.centers) {
            if count == 0 {
                continue;
            }
            let score = dot(sums, &input).to_f64();
            if score.is_nan() || score <= 0.0 {
                continue;
            }
            let mut carry = Some((score, center));
            for slot in top.iter_mut() {
                match (*slot, carry) {
                    (None, _) => {
                        *slot = carry;
                        break;
                    }
                    (Some((s, _)), Some((c, _))) if c > s => {
                        core::mem::swap(slot, &mut carry);
                    }
                    _ => {}
                }
            }
        }
        let (mut weights, mut values) = (0.0, 0.0);
        for &(score, center) in top.iter().flatten() {
            weights += score;
            values += score * center;
        }
        if weights.is_nan() || weights < 1e-10 {
            return fallback;
        }
        let y = values / weights;
        if y.is_finite() {
            y
        } else {
            fallback
        }
    }

    /// Multiplies every bucket by `factor` (on top of the per-observation
    /// decay). A NaN or infinite factor is [`Error::NonFinite`].
    ///
    /// ```
    /// use holon_core::memory::ContinuousReckoner;
    ///
    /// let mut r = ContinuousReckoner::<2, 4>::new(0.0);
    /// r.observe(&[1.0, 0.0], 1.0, 1.0).unwrap();
    /// r.decay(0.0).unwrap();
    /// assert_eq!(r.query(&[1.0, 0.0]), 0.0); // nothing points there now
    /// assert_eq!(r.observations(), 1);
    /// ```
    pub fn decay(&mut self, factor: f64) -> Result<(), Error> {
        if !factor.is_finite() {
            return Err(Error::NonFinite);
        }
        let factor = F::from_f64(factor);
        for v in self.sums.iter_mut().flatten() {
            *v *= factor;
        }
        Ok(())
    }

    /// Observations learned (decay does not lower it).
    ///
    /// ```
    /// use holon_core::memory::ContinuousReckoner;
    ///
    /// assert_eq!(ContinuousReckoner::<2, 4>::new(0.0).observations(), 0);
    /// ```
    pub const fn observations(&self) -> u64 {
        self.observations
    }

    /// The current scalar range `(low, high)`; `None` before the first
    /// observation.
    ///
    /// ```
    /// use holon_core::memory::ContinuousReckoner;
    ///
    /// let mut r = ContinuousReckoner::<2, 4>::new(0.0);
    /// assert_eq!(r.range(), None);
    /// r.observe(&[1.0, 1.0], 5.0, 1.0).unwrap();
    /// let (lo, hi) = r.range().unwrap();
    /// assert!(lo < 5.0 && 5.0 < hi);
    /// ```
    pub const fn range(&self) -> Option<(f64, f64)> {
        self.range
    }

    /// The bucket centres, ascending once the range is set.
    ///
    /// ```
    /// use holon_core::memory::ContinuousReckoner;
    ///
    /// let mut r = ContinuousReckoner::<2, 4>::new(0.0);
    /// r.observe(&[1.0, 1.0], 5.0, 1.0).unwrap();
    /// let c = r.centers();
    /// assert!(c.windows(2).all(|w| w[0] < w[1]));
    /// ```
    pub const fn centers(&self) -> &[f64; B] {
        &self.centers
    }
}

impl<const D: usize, const B: usize, F: Real> core::fmt::Debug for ContinuousReckoner<D, B, F> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ContinuousReckoner")
            .field("dim", &D)
            .field("buckets", &B)
            .field("observations", &self.observations)
            .field("range", &self.range)
            .finish_non_exhaustive()
    }
}

/// The bucket of `value` on the grid starting at `lo` with `width`:
/// `floor((value − lo) / width)`, clamped to `0..buckets`.
fn bucket_of(value: f64, lo: f64, width: f64, buckets: usize) -> usize {
    // `as` saturates: below the grid (or NaN) is bucket 0.
    let at = libm::floor((value - lo) / width) as usize;
    at.min(buckets.saturating_sub(1))
}
