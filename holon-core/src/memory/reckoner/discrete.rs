//! [`DiscreteReckoner`]: an `L`-label discriminant learner that knows how
//! far to trust itself (holon-rs `Reckoner` in discrete mode).
//!
//! Each label accumulates its weighted observations. Every
//! `recalibrate_every` observations the prototypes (the label sums, unit
//! length) are turned into *discriminants*: label `i`'s prototype minus the
//! mean of the other labels' prototypes, unit length. A prediction strips
//! the mean prototype from the input and scores it against every
//! discriminant by cosine; the best label wins, its |cosine| is the
//! conviction, and the [`AccuracyCurve`] fitted to past resolved
//! predictions turns the conviction into an expected accuracy.

use super::curve::{AccuracyCurve, Curve, CurveParams, HISTORY};
use crate::error::Error;
use crate::memory::real::{dot, norm};
use crate::memory::{Observation, Real};

/// What a [`DiscreteReckoner`] thinks of an input.
///
/// ```
/// use holon_core::memory::Prediction;
///
/// let none = Prediction::<2>::NONE;
/// assert_eq!((none.label, none.conviction, none.accuracy), (None, 0.0, None));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Prediction<const L: usize> {
    /// The label whose discriminant has the highest signed cosine (the
    /// lowest index among equals); `None` before the first recalibration.
    pub label: Option<usize>,
    /// `|cosine|` of the winner: how strongly the reckoner leans, in
    /// `[0, 1]`.
    pub conviction: f64,
    /// The winner's signed cosine, in `[-1, 1]`.
    pub cosine: f64,
    /// Every label's cosine, indexed by label (0 for a label without a
    /// discriminant).
    pub scores: [f64; L],
    /// The fitted accuracy curve at this conviction, in `[0, 0.99]`; `None`
    /// until [`DiscreteReckoner::fit_curve`] succeeded.
    pub accuracy: Option<f64>,
}

impl<const L: usize> Prediction<L> {
    /// No opinion: no label, zero conviction, no accuracy.
    pub const NONE: Self = Self {
        label: None,
        conviction: 0.0,
        cosine: 0.0,
        scores: [0.0; L],
        accuracy: None,
    };
}

/// An `L`-label discriminant learner over `D`-component observations
/// (labels are indices `0..L`), computing its vectors in `F` (`f64` by
/// default; see [`Real`]) and remembering the last `H` resolved predictions
/// (holon-rs's 5 000 by default) for its accuracy curve.
///
/// Memory is inline: `(2·L + 1) · D` floats, `16 · H` bytes of history and
/// about `9·L + 100` bytes: `DiscreteReckoner<1024, 2>` is 121 KB in `f64`,
/// `DiscreteReckoner<256, 3, 200, f32>` 10.5 KB. Place a large one in a
/// `static` ([`new`](Self::new) is `const`) or a `Box`.
/// [`predict`](Self::predict) uses `D` floats of stack.
///
/// Differences from holon-rs: errors instead of panics (a label out of
/// range, a NaN weight or input); `recalibrate_every == 0` means never
/// (holon-rs divides by it); the history is `H` long rather than a growing
/// `Vec` trimmed to 5 000.
///
/// ```
/// use holon_core::{atom::atom, memory::DiscreteReckoner, Vector};
///
/// let mut r: Box<DiscreteReckoner<512, 2, 100>> = Box::new(DiscreteReckoner::new(10));
/// let (win, loss): (Vector<512>, Vector<512>) = (atom(0, "win"), atom(0, "loss"));
/// for _ in 0..20 {
///     r.observe(&win, 0, 1.0).unwrap();
///     r.observe(&loss, 1, 1.0).unwrap();
/// }
/// let p = r.predict(&win);
/// assert_eq!(p.label, Some(0));
/// assert!(p.conviction > 0.5);
/// ```
#[derive(Clone, PartialEq)]
pub struct DiscreteReckoner<const D: usize, const L: usize, const H: usize = HISTORY, F: Real = f64>
{
    recalibrate_every: u32,
    updates: u64,
    recalibrations: u64,
    counts: [u64; L],
    /// The weighted sum of each label's observations.
    sums: [[F; D]; L],
    /// Unit discriminants, meaningful where `valid`.
    discriminants: [[F; D]; L],
    valid: [bool; L],
    /// The mean of the unit prototypes at the last recalibration.
    mean: [F; D],
    curve: AccuracyCurve<H>,
}

impl<const D: usize, const L: usize, const H: usize, F: Real> DiscreteReckoner<D, L, H, F> {
    /// A fresh reckoner that recalibrates its discriminants every
    /// `recalibrate_every` observations (0: never), with holon-rs's curve
    /// defaults ([`CurveParams::new`]). `const`, so it can initialise a
    /// `static`.
    ///
    /// ```
    /// use holon_core::memory::DiscreteReckoner;
    ///
    /// let r = DiscreteReckoner::<64, 3, 10>::new(500);
    /// assert!(!r.is_ready());
    /// ```
    pub const fn new(recalibrate_every: u32) -> Self {
        Self::with_curve(recalibrate_every, CurveParams::new())
    }

    /// As [`new`](Self::new), with the curve fitted by `curve`.
    ///
    /// ```
    /// use holon_core::memory::{CurveParams, DiscreteReckoner};
    ///
    /// let curve = CurveParams { min_resolved: 100, bins: 10 };
    /// let r = DiscreteReckoner::<64, 2, 100>::with_curve(50, curve);
    /// assert_eq!(r.curve_params(), curve);
    /// ```
    pub const fn with_curve(recalibrate_every: u32, curve: CurveParams) -> Self {
        Self {
            recalibrate_every,
            updates: 0,
            recalibrations: 0,
            counts: [0; L],
            sums: [[F::ZERO; D]; L],
            discriminants: [[F::ZERO; D]; L],
            valid: [false; L],
            mean: [F::ZERO; D],
            curve: AccuracyCurve::new(curve),
        }
    }

    /// The curve's fitting parameters.
    ///
    /// ```
    /// use holon_core::memory::DiscreteReckoner;
    ///
    /// assert_eq!(DiscreteReckoner::<8, 2, 8>::new(1).curve_params().min_resolved, 500);
    /// ```
    pub const fn curve_params(&self) -> crate::memory::CurveParams {
        self.curve.params()
    }

    /// Learns that `x` is an instance of `label`, with `weight` (holon-rs:
    /// the count of observations advances and, on a multiple of
    /// `recalibrate_every`, the discriminants are recalibrated *before*
    /// `x` is added).
    ///
    /// Errors, changing nothing: `label >= L` is
    /// [`Error::InvalidParameter`]; a NaN or infinite weight or component of
    /// `x` is [`Error::NonFinite`].
    ///
    /// ```
    /// use holon_core::{memory::DiscreteReckoner, Error};
    ///
    /// let mut r = DiscreteReckoner::<4, 2, 8>::new(10);
    /// r.observe(&[1.0, 0.0, 0.0, 0.0], 1, 2.0).unwrap();
    /// assert_eq!(r.label_count(1), 1);
    /// assert!(matches!(r.observe(&[0.0; 4], 2, 1.0), Err(Error::InvalidParameter { .. })));
    /// assert_eq!(r.observe(&[0.0; 4], 0, f64::NAN), Err(Error::NonFinite));
    /// ```
    pub fn observe<X: Observation<D>>(
        &mut self,
        x: &X,
        label: usize,
        weight: f64,
    ) -> Result<(), Error> {
        if label >= L {
            return Err(Error::InvalidParameter {
                what: "label must be below the reckoner's label count",
            });
        }
        if !weight.is_finite() || !is_finite_observation(x) {
            return Err(Error::NonFinite);
        }
        self.updates = self.updates.saturating_add(1);
        let every = u64::from(self.recalibrate_every);
        if every != 0 && self.updates.is_multiple_of(every) {
            self.recalibrate();
        }
        if let (Some(sums), Some(count)) = (self.sums.get_mut(label), self.counts.get_mut(label)) {
            for (i, s) in sums.iter_mut().enumerate() {
                *s += F::from_f64(x.component(i) * weight);
            }
            *count = count.saturating_add(1);
        }
        Ok(())
    }

    /// Recomputes the mean prototype and every discriminant from the label
    /// sums; a no-op with fewer than 2 labels or a label never observed.
    fn recalibrate(&mut self) {
        if L < 2 || self.counts.contains(&0) {
            return;
        }
        // The unit prototypes, written where the discriminants go.
        for (proto, sums) in self.discriminants.iter_mut().zip(&self.sums) {
            let n = norm(sums);
            let usable = n.is_finite() && n >= F::from_f64(1e-10);
            for (p, &s) in proto.iter_mut().zip(sums) {
                *p = if usable { s / n } else { F::ZERO };
            }
        }
        let labels = F::from_f64(L as f64);
        let others = F::from_f64((L - 1) as f64);
        // Component by component, so the others' mean needs only `L`
        // floats of scratch (summed in label order, as holon-rs does).
        for (d, mean) in self.mean.iter_mut().enumerate() {
            let column: [F; L] = core::array::from_fn(|l| {
                let row = self.discriminants.get(l);
                row.and_then(|r| r.get(d)).copied().unwrap_or(F::ZERO)
            });
            let mut total = F::ZERO;
            for &p in &column {
                total += p;
            }
            *mean = total / labels;
            for (i, (&own, row)) in column.iter().zip(self.discriminants.iter_mut()).enumerate() {
                let mut rest = F::ZERO;
                for (j, &p) in column.iter().enumerate() {
                    if j != i {
                        rest += p;
                    }
                }
                if let Some(slot) = row.get_mut(d) {
                    *slot = own - rest / others;
                }
            }
        }
        for (disc, valid) in self.discriminants.iter_mut().zip(self.valid.iter_mut()) {
            let n = norm(disc);
            *valid = n.is_finite() && n > F::from_f64(1e-10);
            if *valid {
                for v in disc.iter_mut() {
                    *v = *v / n;
                }
            }
        }
        self.recalibrations = self.recalibrations.saturating_add(1);
    }

    /// Which label `x` most resembles, how strongly, and (once the curve is
    /// fitted) how often a prediction this strong was right.
    /// [`Prediction::NONE`] before the first recalibration, or when `x` has
    /// a NaN or infinite component.
    ///
    /// ```
    /// use holon_core::memory::DiscreteReckoner;
    ///
    /// let mut r = DiscreteReckoner::<4, 2, 8>::new(4);
    /// assert_eq!(r.predict(&[1.0, 0.0, 0.0, 0.0]).label, None);
    /// for _ in 0..3 {
    ///     r.observe(&[1.0, 0.0, 0.0, 0.0], 0, 1.0).unwrap();
    ///     r.observe(&[0.0, 1.0, 0.0, 0.0], 1, 1.0).unwrap();
    /// }
    /// let p = r.predict(&[0.0, 2.0, 0.0, 0.1]);
    /// assert_eq!(p.label, Some(1));
    /// assert!(p.scores[1] > p.scores[0]);
    /// ```
    pub fn predict<X: Observation<D>>(&self, x: &X) -> Prediction<L> {
        if !self.valid.iter().any(|&v| v) || !is_finite_observation(x) {
            return Prediction::NONE;
        }
        let mut stripped = [F::ZERO; D];
        x.write_into(&mut stripped);
        for (s, &m) in stripped.iter_mut().zip(&self.mean) {
            *s -= m;
        }
        let length = norm(&stripped);
        let mut prediction = Prediction::NONE;
        let mut best: Option<(usize, f64)> = None;
        for (l, ((disc, &valid), score)) in self
            .discriminants
            .iter()
            .zip(&self.valid)
            .zip(prediction.scores.iter_mut())
            .enumerate()
        {
            // The discriminant is unit length, so its norm drops out.
            *score = if valid {
                unit_cosine(dot(&stripped, disc), length)
            } else {
                0.0
            };
            if best.is_none_or(|(_, b)| *score > b) {
                best = Some((l, *score));
            }
        }
        if let Some((label, cosine)) = best {
            prediction.label = Some(label);
            prediction.cosine = cosine;
            prediction.conviction = libm::fabs(cosine);
            prediction.accuracy = self.curve.accuracy_at(prediction.conviction);
        }
        prediction
    }

    /// Records whether a prediction of `conviction` turned out right, for
    /// the accuracy curve (the oldest of `H` leaves). A NaN or infinite
    /// conviction is [`Error::NonFinite`].
    ///
    /// ```
    /// use holon_core::memory::DiscreteReckoner;
    ///
    /// let mut r = DiscreteReckoner::<4, 2, 8>::new(4);
    /// r.resolve(0.4, true).unwrap();
    /// assert_eq!(r.resolved(), 1);
    /// ```
    pub fn resolve(&mut self, conviction: f64, correct: bool) -> Result<(), Error> {
        self.curve.resolve(conviction, correct)
    }

    /// Resolved predictions held for the curve (at most `H`).
    ///
    /// ```
    /// use holon_core::memory::DiscreteReckoner;
    ///
    /// assert_eq!(DiscreteReckoner::<4, 2, 8>::new(4).resolved(), 0);
    /// ```
    pub const fn resolved(&self) -> usize {
        self.curve.len()
    }

    /// Fits `accuracy = 1/L + a·e^(b·conviction)` to the resolved
    /// predictions and uses it from now on; `None` (keeping the previous
    /// curve) when the history does not support a fit
    /// ([`AccuracyCurve::fit`]).
    ///
    /// ```
    /// use holon_core::memory::{CurveParams, DiscreteReckoner};
    ///
    /// let curve = CurveParams { min_resolved: 200, bins: 10 };
    /// let mut r: Box<DiscreteReckoner<4, 2, 400>> = Box::new(DiscreteReckoner::with_curve(4, curve));
    /// for i in 0..400u32 {
    ///     let c = f64::from(i) / 400.0;
    ///     r.resolve(c, (i * 7919) % 400 < 200 + i / 3).unwrap();
    /// }
    /// let fitted = r.fit_curve().unwrap();
    /// assert_eq!(fitted.base, 0.5);
    /// assert!(r.accuracy_at(0.9).unwrap() > r.accuracy_at(0.1).unwrap());
    /// ```
    pub fn fit_curve(&mut self) -> Option<Curve> {
        self.curve.fit(L)
    }

    /// The fitted curve's accuracy at `conviction`, in `[0, 0.99]`; `None`
    /// before a fit.
    ///
    /// ```
    /// use holon_core::memory::DiscreteReckoner;
    ///
    /// assert_eq!(DiscreteReckoner::<4, 2, 8>::new(4).accuracy_at(0.7), None);
    /// ```
    pub fn accuracy_at(&self, conviction: f64) -> Option<f64> {
        self.curve.accuracy_at(conviction)
    }

    /// The fitted curve, if any.
    ///
    /// ```
    /// use holon_core::memory::DiscreteReckoner;
    ///
    /// assert!(DiscreteReckoner::<4, 2, 8>::new(4).curve().is_none());
    /// ```
    pub const fn curve(&self) -> Option<Curve> {
        self.curve.curve()
    }

    /// Multiplies every label sum by `factor`, so older observations weigh
    /// less (the discriminants follow at the next recalibration). A NaN or
    /// infinite factor is [`Error::NonFinite`].
    ///
    /// ```
    /// use holon_core::memory::DiscreteReckoner;
    ///
    /// let mut r = DiscreteReckoner::<2, 2, 8>::new(4);
    /// r.observe(&[2.0, 0.0], 0, 1.0).unwrap();
    /// r.decay(0.5).unwrap();
    /// assert_eq!(r.raw_prototype(0), Some(&[1.0, 0.0]));
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

    /// Observations of `label` learned (0 for a label out of range).
    ///
    /// ```
    /// use holon_core::memory::DiscreteReckoner;
    ///
    /// assert_eq!(DiscreteReckoner::<2, 2, 8>::new(4).label_count(7), 0);
    /// ```
    pub fn label_count(&self, label: usize) -> u64 {
        self.counts.get(label).copied().unwrap_or(0)
    }

    /// The weighted sum of `label`'s observations; `None` for a label out of
    /// range or never observed.
    ///
    /// ```
    /// use holon_core::memory::DiscreteReckoner;
    ///
    /// let mut r = DiscreteReckoner::<2, 2, 8>::new(4);
    /// assert_eq!(r.raw_prototype(0), None);
    /// r.observe(&[1.0, -1.0], 0, 3.0).unwrap();
    /// assert_eq!(r.raw_prototype(0), Some(&[3.0, -3.0]));
    /// ```
    pub fn raw_prototype(&self, label: usize) -> Option<&[F; D]> {
        if self.label_count(label) == 0 {
            return None;
        }
        self.sums.get(label)
    }

    /// `label`'s unit discriminant from the last recalibration; `None` for
    /// a label out of range, before a recalibration, or when it coincided
    /// with the others' mean.
    ///
    /// ```
    /// use holon_core::memory::DiscreteReckoner;
    ///
    /// let mut r = DiscreteReckoner::<2, 2, 8>::new(3);
    /// r.observe(&[1.0, 0.0], 0, 1.0).unwrap();
    /// r.observe(&[0.0, 1.0], 1, 1.0).unwrap();
    /// r.observe(&[0.0, 1.0], 1, 1.0).unwrap(); // recalibrates first
    /// let d = r.discriminant(0).unwrap();
    /// assert!((d[0] - 0.5f64.sqrt()).abs() < 1e-12 && (d[1] + 0.5f64.sqrt()).abs() < 1e-12);
    /// ```
    pub fn discriminant(&self, label: usize) -> Option<&[F; D]> {
        match self.valid.get(label) {
            Some(true) => self.discriminants.get(label),
            _ => None,
        }
    }

    /// Observations learned, all labels together.
    ///
    /// ```
    /// use holon_core::memory::DiscreteReckoner;
    ///
    /// assert_eq!(DiscreteReckoner::<2, 2, 8>::new(4).updates(), 0);
    /// ```
    pub const fn updates(&self) -> u64 {
        self.updates
    }

    /// Recalibrations done (each needs every label observed).
    ///
    /// ```
    /// use holon_core::memory::DiscreteReckoner;
    ///
    /// assert_eq!(DiscreteReckoner::<2, 2, 8>::new(4).recalibrations(), 0);
    /// ```
    pub const fn recalibrations(&self) -> u64 {
        self.recalibrations
    }

    /// True once the discriminants were recalibrated at least once.
    ///
    /// ```
    /// use holon_core::memory::DiscreteReckoner;
    ///
    /// assert!(!DiscreteReckoner::<2, 2, 8>::new(4).is_ready());
    /// ```
    pub const fn is_ready(&self) -> bool {
        self.recalibrations > 0
    }
}

impl<const D: usize, const L: usize, const H: usize, F: Real> core::fmt::Debug
    for DiscreteReckoner<D, L, H, F>
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("DiscreteReckoner")
            .field("dim", &D)
            .field("labels", &L)
            .field("updates", &self.updates)
            .field("recalibrations", &self.recalibrations)
            .field("resolved", &self.curve.len())
            .finish_non_exhaustive()
    }
}

/// True when every component of `x` is finite.
pub(super) fn is_finite_observation<const D: usize, X: Observation<D>>(x: &X) -> bool {
    (0..D).all(|i| x.component(i).is_finite())
}

/// `dot / length` for a unit second vector, in `[-1, 1]`; 0 when `length`
/// is below `1e-10` or the quotient is not finite (holon-rs's zero-norm
/// rule).
fn unit_cosine<F: Real>(dot: F, length: F) -> f64 {
    let (dot, length) = (dot.to_f64(), length.to_f64());
    if length.is_nan() || length < 1e-10 {
        return 0.0;
    }
    let c = dot / length;
    if c.is_finite() {
        c.clamp(-1.0, 1.0)
    } else {
        0.0
    }
}
