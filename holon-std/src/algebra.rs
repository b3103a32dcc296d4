//! The extended algebra with `Vec` outputs: allocating conveniences over
//! holon-core's buffer-taking forms ([`holon_core::ops`]), with holon-rs's
//! signatures where it had them, and codebook lookups by atom name on the
//! [`Holon`] facade.
//!
//! Everything here calls the core (the weighted metrics through
//! [`crate::simd`], which gives the core's bits) and only sizes the
//! buffers, so results are the core's, bit for bit.
//!
//! ```
//! use holon_std::{algebra, Holon};
//!
//! let mut holon = Holon::<1024>::new(0);
//! let (tcp, udp) = (holon.atom("tcp"), holon.atom("udp"));
//! let mix = holon_core::ops::bundle(&[&tcp, &tcp, &udp]);
//! let ranked = holon.invert_atoms(&mix, &["icmp", "udp", "tcp"], 2, 0.2);
//! assert_eq!(ranked[0].0, "tcp");
//! let (v, margins) = algebra::bundle_with_confidence(&[tcp, udp]);
//! assert_eq!(margins.len(), 1024);
//! assert!(v.nnz() <= 1024);
//! ```

use holon_core::ops::{self, Match, SegmentMethod};
use holon_core::Vector;

use crate::Holon;

/// The `top_k` codebook members most similar to `v` with similarity at
/// least `threshold`, best first (holon-rs's `invert`).
pub fn invert<const D: usize>(
    v: &Vector<D>,
    codebook: &[Vector<D>],
    top_k: usize,
    threshold: f64,
) -> Vec<Match> {
    let mut out = vec![(0, 0.0); top_k.min(codebook.len())];
    let n = ops::invert(v, codebook, threshold, &mut out);
    out.truncate(n);
    out
}

/// The `k` candidates most similar to `query`, best first (holon-rs's
/// `topk_similar`).
pub fn topk_similar<const D: usize>(
    query: &Vector<D>,
    candidates: &[Vector<D>],
    k: usize,
) -> Vec<Match> {
    let mut out = vec![(0, 0.0); k.min(candidates.len())];
    let n = ops::topk_similar(query, candidates, &mut out);
    out.truncate(n);
    out
}

/// The `n x n` cosine matrix, row-major (holon-rs's `similarity_matrix`).
pub fn similarity_matrix<const D: usize>(vectors: &[Vector<D>]) -> Vec<f64> {
    let n = vectors.len();
    let mut out = vec![0.0; n * n];
    // The buffer is exactly n * n: the core cannot report it short.
    let _ = ops::similarity_matrix(vectors, &mut out);
    out
}

/// The bundle and its per-component margins (holon-rs's
/// `bundle_with_confidence`; an empty input gives the zero vector).
pub fn bundle_with_confidence<const D: usize>(vectors: &[Vector<D>]) -> (Vector<D>, Vec<f64>) {
    let mut margins = Box::new([0.0f64; D]);
    let v = ops::bundle_with_confidence(vectors, &mut margins);
    (v, margins.to_vec())
}

/// Every segment start (holon-rs's `segment`).
pub fn segment<const D: usize>(
    stream: &[Vector<D>],
    window: usize,
    threshold: f64,
    method: SegmentMethod,
) -> Vec<usize> {
    let mut out = vec![0; stream.len()];
    let n = ops::segment(stream, window, threshold, method, &mut out);
    out.truncate(n);
    out
}

/// Autocorrelation for lags `0..=max_lag` (holon-rs's `autocorrelate`).
pub fn autocorrelate<const D: usize>(stream: &[Vector<D>], max_lag: usize) -> Vec<f64> {
    let mut out = vec![0.0; max_lag.min(stream.len().saturating_sub(1)) + 1];
    let n = ops::autocorrelate(stream, max_lag, &mut out);
    out.truncate(n);
    out
}

/// Cross-correlation for lags `0..=max_lag` (holon-rs's
/// `cross_correlate`).
pub fn cross_correlate<const D: usize>(
    a: &[Vector<D>],
    b: &[Vector<D>],
    max_lag: usize,
) -> Vec<f64> {
    let n = a.len().min(b.len());
    let mut out = vec![0.0; max_lag.min(n.saturating_sub(1)) + 1];
    let written = ops::cross_correlate(a, b, max_lag, &mut out);
    out.truncate(written);
    out
}

/// The drift rate of a stream (holon-rs's `drift_rate`).
pub fn drift_rate<const D: usize>(stream: &[Vector<D>], window: usize) -> Vec<f64> {
    let mut out = vec![0.0; stream.len().saturating_sub(2)];
    let n = ops::drift_rate(stream, window, &mut out);
    out.truncate(n);
    out
}

/// holon-rs's `weighted_cosine` on a weight slice; `None` unless it has
/// exactly `D` weights. Through [`crate::simd::weighted_cosine`] (AVX2 or
/// AVX-512 where the CPU has them), the same bits as
/// [`holon_core::metric::weighted_cosine`].
///
/// ```
/// use holon_std::{algebra, Holon};
///
/// let mut holon = Holon::<64>::new(0);
/// let (a, b) = (holon.atom("a"), holon.atom("b"));
/// let w = [0.5; 64];
/// let c = algebra::weighted_cosine(&a, &b, &w).unwrap();
/// assert_eq!(c.to_bits(), holon_core::metric::weighted_cosine(&a, &b, &w).to_bits());
/// assert_eq!(algebra::weighted_cosine(&a, &b, &w[..63]), None);
/// ```
pub fn weighted_cosine<const D: usize>(
    a: &Vector<D>,
    b: &Vector<D>,
    weights: &[f64],
) -> Option<f64> {
    let weights: &[f64; D] = weights.try_into().ok()?;
    Some(crate::simd::weighted_cosine(a, b, weights))
}

/// holon-rs's `weighted_euclidean` similarity, `1 / (1 + distance)`, on a
/// weight slice; `None` unless it has exactly `D` weights. Through
/// [`crate::simd::weighted_euclidean`], the same bits as
/// [`holon_core::metric::weighted_euclidean`].
pub fn weighted_euclidean<const D: usize>(
    a: &Vector<D>,
    b: &Vector<D>,
    weights: &[f64],
) -> Option<f64> {
    let weights: &[f64; D] = weights.try_into().ok()?;
    Some(crate::simd::weighted_euclidean(a, b, weights))
}

/// Codebook lookups by atom name: the codebook is the atoms of `names`.
impl<const D: usize> Holon<D> {
    /// The name whose atom is most similar to `noisy`, with its cosine
    /// (holon-rs's `cleanup` over a codebook of atoms).
    pub fn cleanup_atoms<'n>(
        &mut self,
        noisy: &Vector<D>,
        names: &[&'n str],
    ) -> Option<(&'n str, f64)> {
        let book: Vec<Vector<D>> = names.iter().map(|n| self.atom(n)).collect();
        ops::cleanup(noisy, &book).and_then(|(i, s)| names.get(i).map(|n| (*n, s)))
    }

    /// The `top_k` names whose atoms are most similar to `v` with cosine at
    /// least `threshold`, best first (holon-rs's `invert` over atoms).
    pub fn invert_atoms<'n>(
        &mut self,
        v: &Vector<D>,
        names: &[&'n str],
        top_k: usize,
        threshold: f64,
    ) -> Vec<(&'n str, f64)> {
        let book: Vec<Vector<D>> = names.iter().map(|n| self.atom(n)).collect();
        invert(v, &book, top_k, threshold)
            .into_iter()
            .filter_map(|(i, s)| names.get(i).map(|n| (*n, s)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use holon_core::atom::atom;

    #[test]
    fn vec_forms_equal_the_core() {
        let xs: Vec<Vector<256>> = (0..6).map(|i| atom(0, &format!("x{}", i % 3))).collect();
        assert_eq!(autocorrelate(&xs, 10).len(), 6);
        assert_eq!(autocorrelate(&xs, 3)[3], 1.0);
        assert_eq!(drift_rate(&xs, 1).len(), 4);
        assert_eq!(similarity_matrix(&xs).len(), 36);
        assert_eq!(
            segment(&xs, 2, 0.5, SegmentMethod::Diff),
            vec![0, 1, 2, 3, 4, 5]
        );
        let top = topk_similar(&xs[0], &xs, 10);
        assert_eq!(top.len(), 6);
        assert_eq!((top[0].0, top[1].0), (0, 3));
        assert!(weighted_cosine(&xs[0], &xs[1], &[1.0; 3]).is_none());
    }
}
