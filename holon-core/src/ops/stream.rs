//! Analytics over a stream of vectors: change points, auto- and
//! cross-correlation, and the rate of drift (holon-rs's `segment`,
//! `autocorrelate`, `cross_correlate`, `drift_rate`).
//!
//! Similarities are holon-rs's `f64` cosine ([`metric::cosine`]), averaged
//! in the order holon-rs sums them, so results match it to rounding.
//! Results go into caller-provided buffers; each function returns how many
//! values it has (see each for what happens when the buffer is shorter).

use core::borrow::Borrow;

use crate::metric;
use crate::vector::Vector;

/// How [`segment`] decides that a vector starts a new segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum SegmentMethod {
    /// Its cosine with the previous vector is below the threshold.
    Diff,
    /// Its cosine with the prototype of the `window` vectors before it is
    /// below the threshold. The prototype is holon-rs's: `+1` (`-1`) where
    /// the sum of the window is at least `ceil(n / 2)` (at most minus that).
    Prototype,
}

/// The indices where a new segment starts: always 0 for a non-empty
/// stream, then every `i` whose similarity (see [`SegmentMethod`]) is below
/// `threshold`. Writes the first `out.len()` of them and returns how many
/// there are in all (so a return value above `out.len()` says the buffer
/// was too short).
///
/// holon-rs panics for the prototype method with `window = 0` (a prototype
/// of nothing); here a window of 0 counts as 1.
///
/// ```
/// use holon_core::{atom::atom, ops::{segment, SegmentMethod}, Vector};
///
/// let (a, b): (Vector<512>, Vector<512>) = (atom(0, "a"), atom(0, "b"));
/// let stream = [&a, &a, &a, &b, &b];
/// let mut out = [0; 4];
/// let n = segment(&stream, 2, 0.5, SegmentMethod::Diff, &mut out);
/// assert_eq!(&out[..n], &[0, 3]);
/// ```
pub fn segment<const D: usize, V: Borrow<Vector<D>>>(
    stream: &[V],
    window: usize,
    threshold: f64,
    method: SegmentMethod,
    out: &mut [usize],
) -> usize {
    if stream.is_empty() {
        return 0;
    }
    let mut found = 0usize;
    let mut push = |i: usize| {
        if let Some(slot) = out.get_mut(found) {
            *slot = i;
        }
        found += 1;
    };
    push(0);
    for (i, current) in stream.iter().enumerate().skip(1) {
        let current = current.borrow();
        let sim = match method {
            SegmentMethod::Diff => stream
                .get(i - 1)
                .map_or(0.0, |prev| metric::cosine(current, prev.borrow())),
            SegmentMethod::Prototype => {
                let start = i.saturating_sub(window.max(1));
                let baseline = stream.get(start..i).map_or(Vector::zero(), net_prototype);
                metric::cosine(current, &baseline)
            }
        };
        if sim < threshold {
            push(i);
        }
    }
    found
}

/// holon-rs's `prototype(vectors, 0.5)`: a bar on the *net* sum, not on
/// each sign's count (compare [`prototype`](crate::ops::prototype)).
fn net_prototype<const D: usize, V: Borrow<Vector<D>>>(window: &[V]) -> Vector<D> {
    let bar = window.len().div_ceil(2) as i64;
    Vector::from_fn(|i| {
        let sum: i64 = window
            .iter()
            .map(|v| i64::from(v.borrow().get(i).unwrap_or(0)))
            .sum();
        i8::from(sum >= bar) - i8::from(sum <= -bar)
    })
}

/// The mean cosine between the stream and itself `lag` steps back, for
/// `lag = 0, 1, ..., max_lag` (at most `len - 1`); lag 0 is 1.0. Writes
/// `min(max_lag + 1, out.len())` values (and as holon-rs, `[1.0]` for an
/// empty stream) and returns that count.
///
/// ```
/// use holon_core::{atom::atom, ops::autocorrelate, Vector};
///
/// let (a, b): (Vector<512>, Vector<512>) = (atom(0, "a"), atom(0, "b"));
/// let stream = [&a, &b, &a, &b, &a, &b];
/// let mut acf = [0.0; 3];
/// assert_eq!(autocorrelate(&stream, 2, &mut acf), 3);
/// assert_eq!(acf[2], 1.0); // period 2
/// assert!(acf[1] < 0.2);
/// ```
pub fn autocorrelate<const D: usize, V: Borrow<Vector<D>>>(
    stream: &[V],
    max_lag: usize,
    out: &mut [f64],
) -> usize {
    let n = stream.len();
    let lags = max_lag.min(n.saturating_sub(1)).saturating_add(1);
    let mut written = 0;
    for (lag, slot) in out.iter_mut().enumerate().take(lags) {
        *slot = if lag == 0 {
            1.0
        } else {
            mean_lagged_cosine(stream, stream, lag, n)
        };
        written += 1;
    }
    written
}

/// The mean cosine between `a` and `b` shifted `lag` steps later (`a[i -
/// lag]` with `b[i]`), for `lag = 0, ..., max_lag` (at most `len - 1`, over
/// the shorter stream's length). Writes `min(max_lag + 1, out.len())`
/// values and returns that count; empty streams give `[0.0]`.
pub fn cross_correlate<const D: usize, A: Borrow<Vector<D>>, B: Borrow<Vector<D>>>(
    a: &[A],
    b: &[B],
    max_lag: usize,
    out: &mut [f64],
) -> usize {
    let n = a.len().min(b.len());
    let lags = max_lag.min(n.saturating_sub(1)).saturating_add(1);
    let mut written = 0;
    for (lag, slot) in out.iter_mut().enumerate().take(lags) {
        *slot = mean_lagged_cosine(a, b, lag, n);
        written += 1;
    }
    written
}

/// `mean over i in lag..n of cosine(a[i - lag], b[i])`, 0.0 when empty.
fn mean_lagged_cosine<const D: usize, A: Borrow<Vector<D>>, B: Borrow<Vector<D>>>(
    a: &[A],
    b: &[B],
    lag: usize,
    n: usize,
) -> f64 {
    let mut sum = 0.0f64;
    let mut count = 0u64;
    for (x, y) in a.iter().zip(b.iter().skip(lag)).take(n.saturating_sub(lag)) {
        sum += metric::cosine(x.borrow(), y.borrow());
        count += 1;
    }
    if count == 0 {
        0.0
    } else {
        sum / count as f64
    }
}

/// How fast the stream's step-to-step similarity changes: with `s_i` the
/// cosine of vectors `i` and `i - 1` (averaged over the last `window`
/// steps once `i >= window > 1`), the differences `s_i - s_(i-1)`, one for
/// each `i` in `2..len`. Writes `min(len - 2, out.len())` values and returns
/// that count (0 for fewer than three vectors).
///
/// ```
/// use holon_core::{atom::atom, ops::drift_rate, Vector};
///
/// let (a, b): (Vector<512>, Vector<512>) = (atom(0, "a"), atom(0, "b"));
/// let stream = [&a, &a, &a, &b];
/// let mut rates = [0.0; 4];
/// assert_eq!(drift_rate(&stream, 1, &mut rates), 2);
/// assert_eq!(rates[0], 0.0);
/// assert!(rates[1] < -0.8); // the jump to b
/// ```
pub fn drift_rate<const D: usize, V: Borrow<Vector<D>>>(
    stream: &[V],
    window: usize,
    out: &mut [f64],
) -> usize {
    let n = stream.len();
    if n < 3 {
        return 0;
    }
    let step = |j: usize| match (stream.get(j), j.checked_sub(1).and_then(|p| stream.get(p))) {
        (Some(x), Some(y)) => metric::cosine(x.borrow(), y.borrow()),
        _ => 0.0,
    };
    let smoothed = |i: usize| {
        if window > 1 && i >= window {
            let start = i - window + 1;
            let mut sum = 0.0f64;
            for j in start..=i {
                sum += step(j);
            }
            sum / window as f64
        } else {
            step(i)
        }
    };
    let mut previous = smoothed(1);
    let mut written = 0;
    for (i, slot) in (2..n).zip(out.iter_mut()) {
        let current = smoothed(i);
        *slot = current - previous;
        previous = current;
        written += 1;
    }
    written
}
