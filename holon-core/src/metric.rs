//! Similarity measures beyond [`Vector::dot`] and [`Vector::cosine`], with
//! holon-rs's definitions, in `f64`.
//!
//! Every function here returns a *similarity* (larger means more alike),
//! as holon-rs's `Similarity` does; the `*_distance` functions give the
//! distance it is made from. All of them are total: a zero vector, a NaN
//! weight or a degenerate parameter gives a documented finite answer, and
//! the similarities stay in their range (cosines in `[-1, 1]`, the
//! `1 / (1 + distance)` forms in `[0, 1]`).
//!
//! **Precision.** Results are `f64`, computed from exact integer counts of
//! one pass over the components; where holon-rs sums floats component by
//! component, holon sums the same integers exactly, so results agree with
//! holon-rs to within rounding (the conformance test holds them to `1e-9`
//! relative). The weighted metrics ([`weighted_cosine`],
//! [`weighted_euclidean_distance`]) sum `f64` terms, each holon-rs's, in
//! one fixed order of 32 lanes (component `i` in lane `i % 32`) rather
//! than holon-rs's component order: about `1e-12` relative from holon-rs,
//! and the order that lets `holon_std::simd` keep four AVX-512 registers
//! of sums in flight (the portable loops here are no faster for it). The only floating-point functions are
//! `libm`'s correctly rounded `sqrt` and `pow` and IEEE `+ - * /`, in an
//! order written out in the code (no fused multiply-add, no
//! reassociation): the same bits on every target.
//!
//! **Names.** `metric::hamming` and `metric::agreement` are holon-rs's
//! *similarities* (a fraction of equal components; agreements minus
//! disagreements over `D`); [`Vector::hamming`] and [`Vector::agreement`]
//! are the integer counts they are built from.
//!
//! ```
//! use holon_core::{metric, Vector};
//!
//! let a: Vector<4> = "+-+-".parse().unwrap();
//! let b: Vector<4> = "++0-".parse().unwrap();
//! assert_eq!(metric::hamming(&a, &b), 0.5); // 2 of 4 components equal
//! assert_eq!(metric::agreement(&a, &b), 0.25); // (2 agree - 1 disagree) / 4
//! assert_eq!(metric::chebyshev(&a, &b), 0.0); // one component differs by 2
//! assert_eq!(metric::euclidean(&a, &a), 1.0);
//! ```

use crate::kernel::trit_product;
use crate::vector::Vector;

/// Which similarity [`similarity`] computes: holon-rs's `Metric`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Metric {
    /// [`cosine`].
    Cosine,
    /// The exact dot product, as `f64`.
    Dot,
    /// [`euclidean`].
    Euclidean,
    /// [`manhattan`].
    Manhattan,
    /// [`hamming`].
    Hamming,
    /// [`overlap`].
    Overlap,
    /// [`agreement`].
    Agreement,
    /// [`chebyshev`].
    Chebyshev,
}

/// The similarity `metric` names, as holon-rs's `Similarity::compute`.
///
/// ```
/// use holon_core::{metric::{similarity, Metric}, Vector};
///
/// let a: Vector<3> = "++-".parse().unwrap();
/// assert_eq!(similarity(&a, &a, Metric::Dot), 3.0);
/// assert_eq!(similarity(&a, &a, Metric::Cosine), 1.0);
/// ```
pub fn similarity<const D: usize>(a: &Vector<D>, b: &Vector<D>, metric: Metric) -> f64 {
    let t = Tally::of(a, b);
    match metric {
        Metric::Cosine => t.cosine(),
        Metric::Dot => t.dot as f64,
        Metric::Euclidean => inverse_distance(libm::sqrt(t.squared_distance() as f64)),
        Metric::Manhattan => inverse_distance(t.manhattan_distance() as f64),
        Metric::Hamming => t.hamming::<D>(),
        Metric::Overlap => t.overlap(),
        Metric::Agreement => t.agreement::<D>(),
        Metric::Chebyshev => chebyshev_from_distance(t.chebyshev_distance()),
    }
}

/// Cosine similarity in `f64`, in `[-1, 1]`; 0.0 when either side is zero.
///
/// `dot / (sqrt(nnz_a) * sqrt(nnz_b))` with `libm::sqrt`: holon-rs's
/// `Similarity::cosine`. [`Vector::cosine`] is the same formula in `f32`.
pub fn cosine<const D: usize>(a: &Vector<D>, b: &Vector<D>) -> f64 {
    let (dot, nnz_a, nnz_b) = crate::kernel::dot_and_norms(a.as_trits(), b.as_trits());
    cosine_from_parts(dot, nnz_a, nnz_b)
}

/// The one `f64` cosine formula of the crate's extended algebra.
pub(crate) fn cosine_from_parts(dot: i64, nnz_a: u64, nnz_b: u64) -> f64 {
    if nnz_a == 0 || nnz_b == 0 {
        return 0.0;
    }
    let c = dot as f64 / (libm::sqrt(nnz_a as f64) * libm::sqrt(nnz_b as f64));
    // |dot| <= sqrt(nnz_a * nnz_b) exactly; rounding may overshoot by an ulp.
    c.clamp(-1.0, 1.0)
}

/// Euclidean distance `sqrt(sum (a_i - b_i)^2)`.
pub fn euclidean_distance<const D: usize>(a: &Vector<D>, b: &Vector<D>) -> f64 {
    libm::sqrt(Tally::of(a, b).squared_distance() as f64)
}

/// `1 / (1 + euclidean_distance)`, in `(0, 1]`.
pub fn euclidean<const D: usize>(a: &Vector<D>, b: &Vector<D>) -> f64 {
    inverse_distance(euclidean_distance(a, b))
}

/// Manhattan distance `sum |a_i - b_i|`.
pub fn manhattan_distance<const D: usize>(a: &Vector<D>, b: &Vector<D>) -> f64 {
    Tally::of(a, b).manhattan_distance() as f64
}

/// `1 / (1 + manhattan_distance)`, in `(0, 1]`.
pub fn manhattan<const D: usize>(a: &Vector<D>, b: &Vector<D>) -> f64 {
    inverse_distance(manhattan_distance(a, b))
}

/// The fraction of components that are equal, in `[0, 1]` (holon-rs's
/// `hamming`, a similarity; [`Vector::hamming`] counts the others).
pub fn hamming<const D: usize>(a: &Vector<D>, b: &Vector<D>) -> f64 {
    Tally::of(a, b).hamming::<D>()
}

/// Of the components where either side is non-zero, the fraction where
/// both are equal, in `[0, 1]`; 0.0 when both vectors are zero.
pub fn overlap<const D: usize>(a: &Vector<D>, b: &Vector<D>) -> f64 {
    Tally::of(a, b).overlap()
}

/// `(agreements - disagreements) / D` over components where both sides are
/// non-zero, in `[-1, 1]` (holon-rs's `agreement`; [`Vector::agreement`]
/// counts the agreements).
pub fn agreement<const D: usize>(a: &Vector<D>, b: &Vector<D>) -> f64 {
    Tally::of(a, b).agreement::<D>()
}

/// The largest `|a_i - b_i|`: 0, 1 or 2.
pub fn chebyshev_distance<const D: usize>(a: &Vector<D>, b: &Vector<D>) -> f64 {
    Tally::of(a, b).chebyshev_distance()
}

/// `1 - chebyshev_distance / 2`, in `[0, 1]`: 1 for equal vectors, 0 as
/// soon as one component has opposite signs.
pub fn chebyshev<const D: usize>(a: &Vector<D>, b: &Vector<D>) -> f64 {
    chebyshev_from_distance(chebyshev_distance(a, b))
}

/// Minkowski distance `(sum |a_i - b_i|^p)^(1/p)`.
///
/// holon-rs panics for `p < 1`. Here `p` below 1 or NaN counts as 1
/// (Manhattan, the smallest `p` for which this is a distance), and
/// `p = +inf` gives the Chebyshev distance, the limit.
///
/// ```
/// use holon_core::{metric, Vector};
///
/// let a: Vector<4> = "+-+-".parse().unwrap();
/// let b: Vector<4> = "++0-".parse().unwrap();
/// assert_eq!(metric::minkowski_distance(&a, &b, 1.0), 3.0);
/// assert_eq!(metric::minkowski_distance(&a, &b, f64::INFINITY), 2.0);
/// assert_eq!(metric::minkowski_distance(&a, &b, -5.0), 3.0);
/// ```
pub fn minkowski_distance<const D: usize>(a: &Vector<D>, b: &Vector<D>, p: f64) -> f64 {
    let t = Tally::of(a, b);
    let p = if p >= 1.0 { p } else { 1.0 };
    if p == f64::INFINITY {
        return t.chebyshev_distance();
    }
    // Every |a_i - b_i| is 0, 1 or 2: the sum is ones + twos * 2^p.
    let (ones, twos) = t.differences();
    let sum = ones as f64 + twos as f64 * libm::pow(2.0, p);
    if sum == 0.0 {
        return 0.0;
    }
    let distance = libm::pow(sum, 1.0 / p);
    if distance.is_finite() {
        distance
    } else {
        f64::INFINITY
    }
}

/// `1 / (1 + minkowski_distance(p))`, in `[0, 1]`.
pub fn minkowski<const D: usize>(a: &Vector<D>, b: &Vector<D>, p: f64) -> f64 {
    inverse_distance(minkowski_distance(a, b, p))
}

/// Cosine of the component-wise weighted vectors `w_i a_i` and `w_i b_i`,
/// in `[-1, 1]`; 0.0 when either weighted norm is zero.
///
/// holon-rs's formula, `sum (w_i a_i)(w_i b_i) / sqrt(sum (w_i a_i)^2 *
/// sum (w_i b_i)^2)`, with each term exactly holon-rs's (for trits,
/// `(a_i w_i)(b_i w_i)` is `±(w_i * w_i)` or zero). The sums follow the
/// weighted metrics' one order, not holon-rs's component order: component
/// `i` is added to lane `i % 32`, each lane in increasing `i` from `+0.0`,
/// and the 32 lanes are combined by a balanced tree of adjacent pairs
/// (`(l0 + l1) + (l2 + l3)` and so on up). So the result is the same bits
/// on every target and agrees with holon-rs's to about `1e-12` relative.
///
/// A component where both vectors are 0 contributes nothing, whatever its
/// weight (as the Euclidean form ignores equal components): there holon-rs
/// computes `0 * w`, which is NaN for an infinite or NaN weight. A NaN or
/// infinite weight on any other component, or finite weights so large that
/// the sums overflow, give 0.0 rather than NaN (holon-rs: NaN or a
/// meaningless quotient).
///
/// ```
/// use holon_core::{metric::weighted_cosine, Vector};
///
/// let a: Vector<4> = "++-0".parse().unwrap();
/// let b: Vector<4> = "+--0".parse().unwrap();
/// // The second component counts twice: (1 - 4 + 1) / (1 + 4 + 1).
/// let w = [1.0, 2.0, 1.0, 5.0];
/// assert!((weighted_cosine(&a, &b, &w) - (-2.0 / 6.0)).abs() < 1e-15);
/// // A weight on a component both vectors leave at 0 does not matter.
/// let w = [1.0, 2.0, 1.0, f64::INFINITY];
/// assert!((weighted_cosine(&a, &b, &w) - (-2.0 / 6.0)).abs() < 1e-15);
/// // Anywhere else, an infinite weight gives 0.
/// let w = [f64::INFINITY, 2.0, 1.0, 5.0];
/// assert_eq!(weighted_cosine(&a, &b, &w), 0.0);
/// ```
pub fn weighted_cosine<const D: usize>(a: &Vector<D>, b: &Vector<D>, weights: &[f64; D]) -> f64 {
    let [dot, norm_a, norm_b] = lane_sums(a.as_trits(), b.as_trits(), weights, |x, y, w| {
        // Both trits 0: weight 0, so every term is 0 (a select on the
        // weight rather than a branch keeps the loop vectorised).
        let w = if x | y == 0 { 0.0 } else { w };
        let wa = f64::from(x) * w;
        let wb = f64::from(y) * w;
        [wa * wb, wa * wa, wb * wb]
    });
    weighted_cosine_from_sums(dot, norm_a, norm_b)
}

/// The cosine [`weighted_cosine`] makes of its three sums, `sum (w_i a_i)(w_i
/// b_i)`, `sum (w_i a_i)^2` and `sum (w_i b_i)^2`: in `[-1, 1]`, 0.0 for a
/// degenerate (below `1e-10`), infinite or NaN norm or quotient. For kernels
/// that compute the sums themselves, in the same order (`holon_std::simd`).
pub fn weighted_cosine_from_sums(dot: f64, norm_a: f64, norm_b: f64) -> f64 {
    let norm = libm::sqrt(norm_a * norm_b);
    // holon-rs's threshold for a degenerate norm.
    if norm.is_nan() || norm < 1e-10 || !norm.is_finite() {
        return 0.0;
    }
    let c = dot / norm;
    if c.is_finite() {
        c.clamp(-1.0, 1.0)
    } else {
        0.0
    }
}

/// `sqrt(sum w_i (a_i - b_i)^2)`. A negative or NaN weight counts as 0 (in
/// holon-rs a negative weight can make the sum negative and the distance
/// NaN), and equal components contribute nothing whatever their weight (an
/// infinite weight on them would make holon-rs's sum NaN).
///
/// Each term is `(a_i - b_i)^2 * max(w_i, 0)` (holon-rs's for a
/// non-negative weight), 0 for equal components; the sum follows the same
/// 32-lane order as [`weighted_cosine`] (component `i` to lane `i % 32`,
/// each lane in increasing `i`, lanes combined by a balanced tree of
/// adjacent pairs), not holon-rs's component order: the same bits on every
/// target, within about `1e-12` relative of holon-rs.
pub fn weighted_euclidean_distance<const D: usize>(
    a: &Vector<D>,
    b: &Vector<D>,
    weights: &[f64; D],
) -> f64 {
    let [sum] = lane_sums(a.as_trits(), b.as_trits(), weights, |x, y, w| {
        // In [0, inf]: never NaN.
        let w = if w > 0.0 { w } else { 0.0 };
        // `(a_i - b_i)^2`, exact in `i8` for trits: 0, 1 or 4.
        let diff = x.wrapping_sub(y);
        let term = f64::from(diff.wrapping_mul(diff)) * w;
        // NaN only as `0 * inf`, for equal components: they contribute
        // nothing whatever their weight.
        [if term.is_nan() { 0.0 } else { term }]
    });
    libm::sqrt(sum)
}

/// `1 / (1 + weighted_euclidean_distance)`, in `[0, 1]`.
pub fn weighted_euclidean<const D: usize>(a: &Vector<D>, b: &Vector<D>, weights: &[f64; D]) -> f64 {
    inverse_distance(weighted_euclidean_distance(a, b, weights))
}

/// How many standard deviations `similarity` is from what two independent
/// random vectors of `dimensions` components show: `similarity *
/// sqrt(dimensions)` (the cosine of independent random vectors has standard
/// deviation about `1 / sqrt(D)`). 0.0 for `dimensions == 0`.
///
/// ```
/// use holon_core::metric::significance;
///
/// assert_eq!(significance(0.2, 256), 3.2);
/// assert_eq!(significance(0.5, 0), 0.0);
/// ```
pub fn significance(similarity: f64, dimensions: usize) -> f64 {
    if dimensions == 0 {
        return 0.0;
    }
    similarity * libm::sqrt(dimensions as f64)
}

/// `1 / (1 + distance)`: 0 for an infinite distance.
fn inverse_distance(distance: f64) -> f64 {
    1.0 / (1.0 + distance)
}

fn chebyshev_from_distance(distance: f64) -> f64 {
    if distance <= 2.0 {
        1.0 - distance / 2.0
    } else {
        0.0
    }
}

/// Lanes of one bank of the weighted metrics' summation order.
const BANK_LANES: usize = 8;
/// Banks of [`BANK_LANES`] lanes: 32 lanes in all.
const BANKS: usize = 4;
/// Components of one round over all lanes.
const ROUND: usize = BANK_LANES * BANKS;

/// The weighted metrics' one summation order: `K` sums of `term(a_i, b_i,
/// w_i)` over the components, where component `i` is added to lane
/// `i % 32` (a tail shorter than 32 included), each lane adds its
/// components in increasing `i` starting from `+0.0`, and the lanes are
/// combined by a balanced tree of adjacent pairs: `l0 + l1`, `l2 + l3`, ...,
/// then those sums pairwise in the same way, down to one.
///
/// Rust never reassociates or contracts floating-point operations, so this
/// order written out is the same bits on every target. Its 32 independent
/// chains are what a SIMD kernel needs to keep several registers of sums
/// in flight (four AVX-512 registers; AVX2 takes one bank of eight lanes
/// at a time), where a single running sum is latency-bound.
///
/// The lanes are kept as four banks of eight (bank `q` holds lanes
/// `8q..8q + 8`, components `8q..8q + 8` of each round of 32), the shape
/// of the SIMD kernels in `holon_std::simd`; one pass over the rounds
/// measured faster on the x86-64 baseline than one pass a bank.
#[inline(always)]
fn lane_sums<const K: usize>(
    a: &[i8],
    b: &[i8],
    weights: &[f64],
    term: impl Fn(i8, i8, f64) -> [f64; K],
) -> [f64; K] {
    let mut banks = [[[0.0f64; K]; BANK_LANES]; BANKS];
    let rounds = a
        .chunks_exact(ROUND)
        .zip(b.chunks_exact(ROUND))
        .zip(weights.chunks_exact(ROUND));
    for ((xa, xb), xw) in rounds {
        if let (Ok(xa), Ok(xb), Ok(xw)) = (
            <&[i8; ROUND]>::try_from(xa),
            <&[i8; ROUND]>::try_from(xb),
            <&[f64; ROUND]>::try_from(xw),
        ) {
            let (ra, rb, rw) = (
                xa.as_chunks::<BANK_LANES>().0,
                xb.as_chunks::<BANK_LANES>().0,
                xw.as_chunks::<BANK_LANES>().0,
            );
            for (bank, ((xa, xb), xw)) in banks.iter_mut().zip(ra.iter().zip(rb).zip(rw)) {
                add_terms(bank, xa, xb, xw, &term);
            }
        }
    }
    // The components after the last full round of 32 start at lane 0:
    // bank `q` takes those from `8q` on (at most eight).
    for (q, bank) in banks.iter_mut().enumerate() {
        if let (Some(xa), Some(xb), Some(xw)) = (
            after_rounds(a, q * BANK_LANES),
            after_rounds(b, q * BANK_LANES),
            after_rounds(weights, q * BANK_LANES),
        ) {
            add_terms(bank, xa, xb, xw, &term);
        }
    }
    let [b0, b1, b2, b3] = banks.map(|bank| {
        let [l0, l1, l2, l3, l4, l5, l6, l7] = bank;
        pair(
            pair(pair(l0, l1), pair(l2, l3)),
            pair(pair(l4, l5), pair(l6, l7)),
        )
    });
    pair(pair(b0, b1), pair(b2, b3))
}

/// The components after the last full round of [`ROUND`], from the
/// `from`-th on (`None` when there are fewer).
#[inline(always)]
fn after_rounds<T>(x: &[T], from: usize) -> Option<&[T]> {
    x.chunks_exact(ROUND).remainder().get(from..)
}

/// One node of [`lane_sums`]'s tree: the two subtrees' sums, sum by sum.
#[inline(always)]
fn pair<const K: usize>(mut x: [f64; K], y: [f64; K]) -> [f64; K] {
    for (x, y) in x.iter_mut().zip(y) {
        *x += y;
    }
    x
}

/// Adds the terms of up to [`BANK_LANES`] consecutive components, the first
/// at an index that is a multiple of 8, to a bank's lanes 0, 1, ...
#[inline(always)]
fn add_terms<const K: usize>(
    lanes: &mut [[f64; K]; BANK_LANES],
    a: &[i8],
    b: &[i8],
    weights: &[f64],
    term: &impl Fn(i8, i8, f64) -> [f64; K],
) {
    for (lane, ((&x, &y), &w)) in lanes.iter_mut().zip(a.iter().zip(b).zip(weights)) {
        for (sum, t) in lane.iter_mut().zip(term(x, y, w)) {
            *sum += t;
        }
    }
}

/// Exact counts over a pair of vectors, from which every similarity here
/// follows: taken in one pass of narrow lanes that the compiler vectorises.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    /// `sum a_i b_i`.
    pub(crate) dot: i64,
    /// Non-zero components of `a`.
    pub(crate) nnz_a: u64,
    /// Non-zero components of `b`.
    pub(crate) nnz_b: u64,
    /// Components where both are non-zero.
    pub(crate) both: u64,
}

/// Components counted side by side in `i8` / `u8` lanes.
const LANES: usize = 32;
/// Steps before a lane could overflow.
const STEPS: usize = 127;

impl Tally {
    pub(crate) fn of<const D: usize>(a: &Vector<D>, b: &Vector<D>) -> Self {
        Self::of_slices(a.as_trits(), b.as_trits())
    }

    fn of_slices(a: &[i8], b: &[i8]) -> Self {
        let mut t = Tally::default();
        let block = LANES * STEPS;
        let mut blocks_a = a.chunks(block);
        let mut blocks_b = b.chunks(block);
        while let (Some(xa), Some(xb)) = (blocks_a.next(), blocks_b.next()) {
            let mut dot = [0i8; LANES];
            let mut na = [0u8; LANES];
            let mut nb = [0u8; LANES];
            let mut both = [0u8; LANES];
            let mut ca = xa.chunks_exact(LANES);
            let mut cb = xb.chunks_exact(LANES);
            for (wa, wb) in (&mut ca).zip(&mut cb) {
                let lanes = dot
                    .iter_mut()
                    .zip(na.iter_mut())
                    .zip(nb.iter_mut())
                    .zip(both.iter_mut());
                for ((((d, sa), sb), sboth), (&x, &y)) in lanes.zip(wa.iter().zip(wb)) {
                    let p = trit_product(x, y);
                    *d = d.wrapping_add(p);
                    *sa = sa.wrapping_add((x & 1) as u8);
                    *sb = sb.wrapping_add((y & 1) as u8);
                    *sboth = sboth.wrapping_add((p & 1) as u8);
                }
            }
            t.dot += dot.iter().map(|&v| i64::from(v)).sum::<i64>();
            t.nnz_a += na.iter().map(|&v| u64::from(v)).sum::<u64>();
            t.nnz_b += nb.iter().map(|&v| u64::from(v)).sum::<u64>();
            t.both += both.iter().map(|&v| u64::from(v)).sum::<u64>();
            for (&x, &y) in ca.remainder().iter().zip(cb.remainder()) {
                let p = trit_product(x, y);
                t.dot += i64::from(p);
                t.nnz_a += u64::from((x & 1) as u8);
                t.nnz_b += u64::from((y & 1) as u8);
                t.both += u64::from((p & 1) as u8);
            }
        }
        t
    }

    /// Components where both are non-zero and equal.
    fn agreements(&self) -> u64 {
        (self.both as i64).wrapping_add(self.dot).max(0) as u64 / 2
    }

    /// Components where both are non-zero and opposite.
    fn disagreements(&self) -> u64 {
        (self.both as i64).wrapping_sub(self.dot).max(0) as u64 / 2
    }

    /// (components differing by 1, components differing by 2).
    fn differences(&self) -> (u64, u64) {
        let ones = (self.nnz_a + self.nnz_b).saturating_sub(2 * self.both);
        (ones, self.disagreements())
    }

    fn squared_distance(&self) -> u64 {
        let (ones, twos) = self.differences();
        ones + 4 * twos
    }

    fn manhattan_distance(&self) -> u64 {
        let (ones, twos) = self.differences();
        ones + 2 * twos
    }

    fn chebyshev_distance(&self) -> f64 {
        match self.differences() {
            (_, twos) if twos > 0 => 2.0,
            (ones, _) if ones > 0 => 1.0,
            _ => 0.0,
        }
    }

    pub(crate) fn cosine(&self) -> f64 {
        cosine_from_parts(self.dot, self.nnz_a, self.nnz_b)
    }

    fn hamming<const D: usize>(&self) -> f64 {
        if D == 0 {
            return 0.0;
        }
        let (ones, twos) = self.differences();
        let equal = (D as u64).saturating_sub(ones + twos);
        equal as f64 / D as f64
    }

    fn overlap(&self) -> f64 {
        let active = (self.nnz_a + self.nnz_b).saturating_sub(self.both);
        if active == 0 {
            return 0.0;
        }
        self.agreements() as f64 / active as f64
    }

    fn agreement<const D: usize>(&self) -> f64 {
        if D == 0 {
            return 0.0;
        }
        (self.agreements() as f64 - self.disagreements() as f64) / D as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atom::atom;

    /// The definitions, component by component, as holon-rs writes them.
    fn naive(a: &[i8], b: &[i8]) -> [f64; 7] {
        let d = a.len() as f64;
        let pairs = || a.iter().zip(b).map(|(&x, &y)| (i32::from(x), i32::from(y)));
        let sq: i32 = pairs().map(|(x, y)| (x - y) * (x - y)).sum();
        let man: i32 = pairs().map(|(x, y)| (x - y).abs()).sum();
        let eq = pairs().filter(|(x, y)| x == y).count() as f64;
        let active = pairs().filter(|(x, y)| *x != 0 || *y != 0).count();
        let agree = pairs().filter(|(x, y)| x * y > 0).count() as f64;
        let dis = pairs().filter(|(x, y)| x * y < 0).count() as f64;
        let cheb = pairs().map(|(x, y)| (x - y).abs()).max().unwrap_or(0) as f64;
        [
            1.0 / (1.0 + f64::from(sq).sqrt()),
            1.0 / (1.0 + f64::from(man)),
            eq / d,
            if active == 0 {
                0.0
            } else {
                agree / active as f64
            },
            (agree - dis) / d,
            1.0 - cheb / 2.0,
            f64::from(sq),
        ]
    }

    #[test]
    fn tally_matches_the_definitions_across_block_boundaries() {
        fn check<const D: usize>(seed: u64) {
            let a: Vector<D> = atom(seed, "a");
            let mut b: Vector<D> = atom(seed, "b");
            // Make some components equal so every case occurs.
            for (i, t) in b.trusted_trits_mut().iter_mut().enumerate() {
                if i % 5 == 0 {
                    *t = a.as_trits()[i];
                }
            }
            let want = naive(a.as_trits(), b.as_trits());
            let got = [
                euclidean(&a, &b),
                manhattan(&a, &b),
                hamming(&a, &b),
                overlap(&a, &b),
                agreement(&a, &b),
                chebyshev(&a, &b),
                Tally::of(&a, &b).squared_distance() as f64,
            ];
            assert_eq!(got, want, "D = {D}");
            assert_eq!(Tally::of(&a, &b).dot, a.dot(&b));
        }
        check::<1>(0);
        check::<31>(1);
        check::<4064>(2);
        check::<4065>(3);
        check::<9000>(4);
    }

    #[test]
    fn zero_vectors_are_defined() {
        let z = Vector::<16>::zero();
        assert_eq!(cosine(&z, &z), 0.0);
        assert_eq!(overlap(&z, &z), 0.0);
        assert_eq!(hamming(&z, &z), 1.0);
        assert_eq!(chebyshev(&z, &z), 1.0);
        assert_eq!(minkowski(&z, &z, 3.0), 1.0);
        let w = [f64::NAN; 16];
        assert_eq!(weighted_cosine(&z, &z, &w), 0.0);
        assert_eq!(weighted_euclidean(&z, &z, &w), 1.0);
    }

    #[test]
    fn hostile_weights_never_give_nan() {
        let a: Vector<64> = atom(0, "a");
        let b: Vector<64> = atom(0, "b");
        for w in [f64::MAX, -f64::MAX, f64::NAN, f64::INFINITY, -1.0, 0.0] {
            let weights = [w; 64];
            let c = weighted_cosine(&a, &b, &weights);
            assert!((-1.0..=1.0).contains(&c), "{w}: {c}");
            let e = weighted_euclidean(&a, &b, &weights);
            assert!((0.0..=1.0).contains(&e), "{w}: {e}");
        }
        for p in [f64::NAN, -1.0, 0.5, 1.0, 2.5, 1e300, f64::INFINITY] {
            let m = minkowski(&a, &b, p);
            assert!((0.0..=1.0).contains(&m), "{p}: {m}");
        }
    }
}
