//! The reckoner's self-calibration: a bounded history of resolved
//! predictions and the conviction-to-accuracy curve fitted to it.
//!
//! holon-rs (`memory/reckoner.rs`) keeps the last 5 000 `(conviction,
//! correct)` pairs, sorts them by conviction, cuts them into 20 bins of equal
//! count and fits `accuracy = 1/N + a·e^(b·conviction)` by least squares on
//! `ln(accuracy − 1/N)`, capped at 0.99. Here the history is kept *sorted*
//! (oldest first among equal convictions, which is what holon-rs's stable
//! sort yields), so fitting needs neither a sort nor a scratch copy.

use crate::error::Error;

/// holon-rs's history capacity: the last 5 000 resolved predictions.
pub const HISTORY: usize = 5000;

/// How the curve is fitted: holon-rs's defaults from [`CurveParams::new`].
///
/// ```
/// use holon_core::memory::CurveParams;
///
/// let p = CurveParams::new();
/// assert_eq!((p.min_resolved, p.bins), (500, 20));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CurveParams {
    /// Resolved predictions needed before a fit is tried (default 500).
    pub min_resolved: usize,
    /// Equal-count conviction bins (default 20); a fit also needs at least
    /// 10 predictions a bin and 3 bins above chance.
    pub bins: usize,
}

impl CurveParams {
    /// holon-rs's defaults: 500 resolved predictions, 20 bins.
    pub const fn new() -> Self {
        Self {
            min_resolved: 500,
            bins: 20,
        }
    }
}

impl Default for CurveParams {
    fn default() -> Self {
        Self::new()
    }
}

/// A fitted curve: `accuracy(c) = base + a·e^(b·c)`, capped at 0.99.
///
/// ```
/// use holon_core::memory::Curve;
///
/// let curve = Curve { base: 0.5, a: 0.05, b: 3.0 };
/// assert!(curve.accuracy_at(0.9) > curve.accuracy_at(0.1));
/// assert_eq!(curve.accuracy_at(100.0), 0.99);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Curve {
    /// Chance accuracy, `1 / labels`.
    pub base: f64,
    /// Scale of the excess over chance (positive: it is `e^intercept`).
    pub a: f64,
    /// Growth rate of the excess with conviction.
    pub b: f64,
}

impl Curve {
    /// The accuracy the curve predicts at `conviction`, always in
    /// `[0, 0.99]`; a NaN conviction (or a NaN result) gives `base`.
    ///
    /// ```
    /// use holon_core::memory::Curve;
    ///
    /// let curve = Curve { base: 1.0 / 3.0, a: 0.1, b: 2.0 };
    /// let acc = curve.accuracy_at(0.5);
    /// assert!((acc - (1.0 / 3.0 + 0.1 * libm::exp(1.0))).abs() < 1e-12);
    /// assert_eq!(curve.accuracy_at(f64::NAN), 1.0 / 3.0);
    /// ```
    pub fn accuracy_at(&self, conviction: f64) -> f64 {
        let value = self.base + self.a * libm::exp(self.b * conviction);
        let value = if value.is_nan() { self.base } else { value };
        if value.is_nan() {
            return 0.0;
        }
        value.clamp(0.0, 0.99)
    }
}

/// One resolved prediction; `seq` dates it for eviction.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Resolved {
    conviction: f64,
    seq: u32,
    correct: bool,
}

impl Resolved {
    const EMPTY: Self = Self {
        conviction: 0.0,
        seq: 0,
        correct: false,
    };
}

/// The last `H` resolved predictions and the curve fitted to them.
///
/// Memory: `16 · H` bytes plus about 64 (80 KB at holon-rs's
/// [`HISTORY`] of 5 000; choose a smaller `H` on a microcontroller, keeping
/// it at least `min_resolved`). [`resolve`](Self::resolve) costs `O(H)`: the
/// oldest entry leaves and the new one is inserted in conviction order.
///
/// ```
/// use holon_core::memory::{AccuracyCurve, CurveParams};
///
/// let mut history: Box<AccuracyCurve<1000>> = Box::new(AccuracyCurve::new(CurveParams::new()));
/// for i in 0..1000u32 {
///     let conviction = f64::from(i) / 1000.0;
///     // Right more often at high conviction.
///     let correct = (i * 7919) % 1000 < 500 + i / 3;
///     history.resolve(conviction, correct).unwrap();
/// }
/// let curve = history.fit(2).expect("enough predictions above chance");
/// assert!(curve.accuracy_at(0.9) > curve.accuracy_at(0.1));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct AccuracyCurve<const H: usize> {
    params: CurveParams,
    /// `entries[..len]`, sorted by conviction, oldest first among equals.
    entries: [Resolved; H],
    len: usize,
    next_seq: u32,
    fitted: Option<Curve>,
}

impl<const H: usize> AccuracyCurve<H> {
    /// An empty history with `params`. `const`, so it can initialise a
    /// `static`.
    pub const fn new(params: CurveParams) -> Self {
        Self {
            params,
            entries: [Resolved::EMPTY; H],
            len: 0,
            next_seq: 0,
            fitted: None,
        }
    }

    /// The fitting parameters.
    ///
    /// ```
    /// use holon_core::memory::{AccuracyCurve, CurveParams};
    ///
    /// assert_eq!(AccuracyCurve::<16>::new(CurveParams::new()).params().bins, 20);
    /// ```
    pub const fn params(&self) -> CurveParams {
        self.params
    }

    /// Records a resolved prediction: its conviction and whether it was
    /// right. Once `H` are held, the oldest leaves. A NaN or infinite
    /// conviction is [`Error::NonFinite`] and changes nothing.
    ///
    /// ```
    /// use holon_core::{memory::{AccuracyCurve, CurveParams}, Error};
    ///
    /// let mut h = AccuracyCurve::<2>::new(CurveParams::new());
    /// for c in [0.3, 0.1, 0.2] {
    ///     h.resolve(c, true).unwrap();
    /// }
    /// assert_eq!(h.len(), 2); // 0.3 was the oldest
    /// assert_eq!(h.resolve(f64::NAN, true), Err(Error::NonFinite));
    /// ```
    pub fn resolve(&mut self, conviction: f64, correct: bool) -> Result<(), Error> {
        if !conviction.is_finite() {
            return Err(Error::NonFinite);
        }
        if H == 0 {
            return Ok(());
        }
        if self.len >= H {
            // Sequence numbers are consecutive, so the oldest is known; it
            // is found by scanning since the order is by conviction.
            let oldest = self.next_seq.wrapping_sub(self.len as u32);
            let live = self.entries.get(..self.len).unwrap_or(&[]);
            let at = live.iter().position(|e| e.seq == oldest).unwrap_or(0);
            remove_at(&mut self.entries, at, self.len);
            self.len -= 1;
        }
        let live = self.entries.get(..self.len).unwrap_or(&[]);
        let at = live
            .iter()
            .take_while(|e| e.conviction <= conviction)
            .count();
        let item = Resolved {
            conviction,
            seq: self.next_seq,
            correct,
        };
        insert_at(&mut self.entries, at, self.len, item);
        self.len += 1;
        self.next_seq = self.next_seq.wrapping_add(1);
        Ok(())
    }

    /// Resolved predictions held (at most `H`).
    ///
    /// ```
    /// use holon_core::memory::{AccuracyCurve, CurveParams};
    ///
    /// assert_eq!(AccuracyCurve::<8>::new(CurveParams::new()).len(), 0);
    /// ```
    pub const fn len(&self) -> usize {
        self.len
    }

    /// True when no prediction was resolved.
    ///
    /// ```
    /// use holon_core::memory::{AccuracyCurve, CurveParams};
    ///
    /// assert!(AccuracyCurve::<8>::new(CurveParams::new()).is_empty());
    /// ```
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Fits the curve for a problem of `labels` classes (chance `1 /
    /// labels`) and keeps it. `None`, keeping the previous curve, when
    /// there are fewer than 2 labels, fewer than `min_resolved`
    /// predictions, fewer than 10 a bin, fewer than 3 bins above chance
    /// (by more than 0.005) or all those bins at one conviction.
    ///
    /// ```
    /// use holon_core::memory::{AccuracyCurve, CurveParams};
    ///
    /// let mut h = AccuracyCurve::<600>::new(CurveParams::new());
    /// assert_eq!(h.fit(2), None); // nothing resolved yet
    /// ```
    pub fn fit(&mut self, labels: usize) -> Option<Curve> {
        let curve = self.compute(labels)?;
        self.fitted = Some(curve);
        Some(curve)
    }

    fn compute(&self, labels: usize) -> Option<Curve> {
        let len = self.len;
        let bins = self.params.bins;
        if labels < 2 || len < self.params.min_resolved || bins == 0 {
            return None;
        }
        let bin_size = len / bins;
        if bin_size < 10 {
            return None;
        }
        let base = 1.0 / labels as f64;
        let live = self.entries.get(..len)?;
        // Least-squares sums of the points (mean conviction, ln excess).
        let (mut n, mut sx, mut sy, mut sxx, mut sxy) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for bin in 0..bins {
            let start = bin * bin_size;
            let end = if bin + 1 == bins {
                len
            } else {
                start + bin_size
            };
            let Some(slice) = live.get(start..end) else {
                continue;
            };
            let count = slice.len() as f64;
            let mean_c = slice.iter().map(|e| e.conviction).sum::<f64>() / count;
            let right = slice.iter().filter(|e| e.correct).count() as f64;
            let accuracy = right / count;
            if accuracy > base + 0.005 {
                let ln_excess = libm::log(accuracy - base);
                if ln_excess.is_finite() {
                    n += 1.0;
                    sx += mean_c;
                    sy += ln_excess;
                    sxx += mean_c * mean_c;
                    sxy += mean_c * ln_excess;
                }
            }
        }
        if n < 3.0 {
            return None;
        }
        let denom = n * sxx - sx * sx;
        if denom.is_nan() || libm::fabs(denom) < 1e-10 {
            return None;
        }
        let b = (n * sxy - sx * sy) / denom;
        let a = libm::exp((sy - b * sx) / n);
        if !(a.is_finite() && b.is_finite()) {
            return None;
        }
        Some(Curve { base, a, b })
    }

    /// The last fitted curve, if any.
    ///
    /// ```
    /// use holon_core::memory::{AccuracyCurve, CurveParams};
    ///
    /// assert!(AccuracyCurve::<8>::new(CurveParams::new()).curve().is_none());
    /// ```
    pub const fn curve(&self) -> Option<Curve> {
        self.fitted
    }

    /// The fitted curve's accuracy at `conviction` (in `[0, 0.99]`), or
    /// `None` before a fit.
    ///
    /// ```
    /// use holon_core::memory::{AccuracyCurve, CurveParams};
    ///
    /// assert_eq!(AccuracyCurve::<8>::new(CurveParams::new()).accuracy_at(0.5), None);
    /// ```
    pub fn accuracy_at(&self, conviction: f64) -> Option<f64> {
        self.fitted.map(|c| c.accuracy_at(conviction))
    }

    /// Forgets every resolved prediction and the fitted curve.
    ///
    /// ```
    /// use holon_core::memory::{AccuracyCurve, CurveParams};
    ///
    /// let mut h = AccuracyCurve::<8>::new(CurveParams::new());
    /// h.resolve(0.5, true).unwrap();
    /// h.clear();
    /// assert!(h.is_empty());
    /// ```
    pub fn clear(&mut self) {
        self.len = 0;
        self.fitted = None;
    }
}

/// Inserts `item` at `at` into the first `len` slots (`len < slots.len()`),
/// shifting the tail right by one.
fn insert_at(slots: &mut [Resolved], at: usize, len: usize, item: Resolved) {
    if let Some(tail) = slots.get_mut(at..=len) {
        let mut carry = item;
        for slot in tail {
            core::mem::swap(slot, &mut carry);
        }
    }
}

/// Removes slot `at` of the first `len`, shifting the tail left by one.
fn remove_at(slots: &mut [Resolved], at: usize, len: usize) {
    if let Some(tail) = slots.get_mut(at..len) {
        let mut carry = Resolved::EMPTY;
        for slot in tail.iter_mut().rev() {
            core::mem::swap(slot, &mut carry);
        }
    }
}
