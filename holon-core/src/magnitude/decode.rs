//! Reading a magnitude back from its vector: the inverse of
//! [`LinearEncoder`] and [`LogEncoder`] (holon-rs has `decode_log`).
//!
//! The encoders are not invertible in closed form (each component is a
//! square wave of its own frequency), so decoding is a search, as in
//! holon-rs: score a grid of candidate values by how well their encodings
//! agree with the vector (the dot product), then refine around the best.
//! holon-rs refines once; holon refines three times, each round on the
//! previous round's grid spacing, which takes the error from the coarse
//! grid's spacing down to the encoder's own resolution. Every step is
//! integer scoring of `f64` candidates computed with IEEE `+ - * /` (and
//! `libm::pow` for the log scale): the same answer on every target.
//!
//! Accuracy depends on the noise in the vector and on the grid: the coarse
//! grid must be finer than the encoder's scale (`(hi - lo) / probes` well
//! under `scale`, or under `decades_per_scale` decades for the log scale),
//! or the search can lock onto a side lobe. The round trip over a sweep is
//! measured in `tests/tests/decode.rs`.

use crate::error::Error;
use crate::magnitude::{LinearEncoder, LogEncoder};
use crate::vector::Vector;

/// Refinement rounds after the coarse grid.
const REFINE_ROUNDS: usize = 6;
/// Bisection steps locating each end of the best interval.
const EDGE_BISECTIONS: usize = 24;

/// The value in `[lo, hi]` whose [`LinearEncoder`] vector best matches
/// `v`, searched on `probes` grid points and refined on `refine_steps`
/// (both at least 2).
///
/// Fails with [`Error::InvalidParameter`] unless `lo < hi`, both finite.
///
/// ```
/// use holon_core::magnitude::{decode::decode_linear, LinearEncoder};
///
/// let enc = LinearEncoder::<4096>::new(0, 10.0)?;
/// let x = decode_linear(&enc, &enc.encode(42.7), 0.0, 100.0, 200, 16)?;
/// assert!((x - 42.7).abs() < 0.01);
/// # Ok::<(), holon_core::Error>(())
/// ```
pub fn decode_linear<const D: usize>(
    encoder: &LinearEncoder<D>,
    v: &Vector<D>,
    lo: f64,
    hi: f64,
    probes: usize,
    refine_steps: usize,
) -> Result<f64, Error> {
    check_range(lo, hi)?;
    let mut candidate = Vector::zero();
    let best = search(lo, hi, probes, refine_steps, |x| {
        encoder.encode_into(x, &mut candidate);
        v.dot(&candidate)
    });
    Ok(best)
}

/// The value in `[lo, hi]` whose [`LogEncoder`] vector best matches `v`,
/// searched on `probes` points evenly spaced in `log10` and refined on
/// `refine_steps` (both at least 2). As in holon-rs, `lo` is raised to at
/// least `1e-10`.
///
/// Fails with [`Error::InvalidParameter`] unless `max(lo, 1e-10) < hi`,
/// both finite.
///
/// ```
/// use holon_core::magnitude::{decode::decode_log, LogEncoder};
///
/// let enc = LogEncoder::<4096>::new(0);
/// let x = decode_log(&enc, &enc.encode(1400.0), 1.0, 1e6, 200, 16)?;
/// assert!((x / 1400.0 - 1.0).abs() < 1e-3);
/// # Ok::<(), holon_core::Error>(())
/// ```
pub fn decode_log<const D: usize>(
    encoder: &LogEncoder<D>,
    v: &Vector<D>,
    lo: f64,
    hi: f64,
    probes: usize,
    refine_steps: usize,
) -> Result<f64, Error> {
    let lo = if lo > 1e-10 { lo } else { 1e-10 };
    check_range(lo, hi)?;
    let mut candidate = Vector::zero();
    let best = search(
        libm::log10(lo),
        libm::log10(hi),
        probes,
        refine_steps,
        |x| {
            encoder.encode_into(libm::pow(10.0, x), &mut candidate);
            v.dot(&candidate)
        },
    );
    Ok(libm::pow(10.0, best))
}

/// `x` limited to `[lo, hi]` (`f64::clamp` would assert `lo <= hi`).
fn within(x: f64, lo: f64, hi: f64) -> f64 {
    if x < lo {
        lo
    } else if x > hi {
        hi
    } else {
        x
    }
}

fn check_range(lo: f64, hi: f64) -> Result<(), Error> {
    if lo.is_finite() && hi.is_finite() && lo < hi && (hi - lo).is_finite() {
        Ok(())
    } else {
        Err(Error::InvalidParameter {
            what: "decode range must be finite with lo < hi",
        })
    }
}

/// Grid search for the best-scoring `x` in `[lo, hi]`, then refinement
/// rounds around it; the first of equal scores wins.
fn search(
    lo: f64,
    hi: f64,
    probes: usize,
    refine_steps: usize,
    mut score: impl FnMut(f64) -> i64,
) -> f64 {
    let mut best = lo;
    let mut best_score = i64::MIN;
    let mut scan = |from: f64, to: f64, points: usize, best: &mut f64, best_score: &mut i64| {
        for i in 0..points {
            let x = from + (i as f64 / (points - 1) as f64) * (to - from);
            // Refinement windows may poke past the range: stay inside.
            let x = within(x, lo, hi);
            let s = score(x);
            if s > *best_score {
                *best_score = s;
                *best = x;
            }
        }
    };
    let probes = probes.max(2);
    let refine_steps = refine_steps.max(2);
    scan(lo, hi, probes, &mut best, &mut best_score);
    let mut step = (hi - lo) / (probes - 1) as f64;
    for _ in 0..REFINE_ROUNDS {
        let center = best;
        scan(
            center - step,
            center + step,
            refine_steps,
            &mut best,
            &mut best_score,
        );
        // The next window spans two of this round's grid cells either side:
        // narrow enough to converge, wide enough not to step over a peak
        // that lies between two grid points.
        step = 4.0 * step / (refine_steps - 1) as f64;
    }
    // Every value on an interval encodes to the same vector: answer the
    // middle of the best score's interval, not whichever end was hit.
    let reach = (hi - lo) / (probes - 1) as f64;
    let left = edge(best, -reach, lo, hi, best_score, &mut score);
    let right = edge(best, reach, lo, hi, best_score, &mut score);
    left + (right - left) / 2.0
}

/// The farthest point from `inside` (which scores `target`) in the
/// direction of `reach`, at most `|reach|` away, that still scores
/// `target`: found by doubling the distance until the score drops, then
/// bisecting.
fn edge(
    inside: f64,
    reach: f64,
    lo: f64,
    hi: f64,
    target: i64,
    score: &mut impl FnMut(f64) -> i64,
) -> f64 {
    let mut inside = inside;
    let mut distance = reach / 1e6;
    let outside = loop {
        let probe = within(inside + distance, lo, hi);
        if score(probe) < target {
            break probe;
        }
        if probe == lo || probe == hi || distance.abs() >= reach.abs() {
            return probe;
        }
        inside = probe;
        distance *= 2.0;
    };
    let mut outside = outside;
    for _ in 0..EDGE_BISECTIONS {
        let middle = inside + (outside - inside) / 2.0;
        if score(middle) >= target {
            inside = middle;
        } else {
            outside = middle;
        }
    }
    inside
}
