//! Looking vectors up in a codebook: the nearest member, the best `k`, the
//! pairwise similarity matrix and a set's coherence.
//!
//! Similarities are holon-rs's `f64` cosine ([`metric::cosine`]). Results
//! go into caller-provided buffers, so nothing allocates: the buffer's
//! length is `k`. Ranking is by similarity, highest first; equal
//! similarities keep codebook order (holon-rs's stable sort does the same).

use core::borrow::Borrow;

use crate::error::Error;
use crate::metric;
use crate::vector::Vector;

/// A codebook member and its similarity to the query.
pub type Match = (usize, f64);

/// The codebook member most similar to `noisy` (cosine; the first of equal
/// ones), or `None` for an empty codebook.
///
/// ```
/// use holon_core::{atom::atom, ops::{bundle, cleanup}, Vector};
///
/// let book: [Vector<1024>; 3] = [atom(0, "a"), atom(0, "b"), atom(0, "c")];
/// let noisy = bundle(&[&book[1], &book[1], &atom(0, "noise")]);
/// assert_eq!(cleanup(&noisy, &book).map(|(i, _)| i), Some(1));
/// assert_eq!(cleanup::<1024, Vector<1024>>(&noisy, &[]), None);
/// ```
pub fn cleanup<const D: usize, V: Borrow<Vector<D>>>(
    noisy: &Vector<D>,
    codebook: &[V],
) -> Option<Match> {
    let mut best: Option<Match> = None;
    for (i, member) in codebook.iter().enumerate() {
        let sim = metric::cosine(noisy, member.borrow());
        if best.is_none_or(|(_, b)| sim > b) {
            best = Some((i, sim));
        }
    }
    best
}

/// The `out.len()` codebook members most similar to `query`, best first,
/// with similarity at least `threshold`; returns how many were written
/// (fewer when fewer pass). holon-rs's `invert` with `top_k = out.len()`.
///
/// A NaN threshold lets nothing pass.
///
/// ```
/// use holon_core::{atom::atom, ops::{bundle, invert}, Vector};
///
/// let book: [Vector<1024>; 4] = [atom(0, "a"), atom(0, "b"), atom(0, "c"), atom(0, "d")];
/// let mix = bundle(&[&book[3], &book[1], &atom(0, "x")]);
/// let mut out = [(0, 0.0); 3];
/// let n = invert(&mix, &book, 0.2, &mut out);
/// assert_eq!(n, 2);
/// let mut found = [out[0].0, out[1].0];
/// found.sort();
/// assert_eq!(found, [1, 3]);
/// assert!(out[0].1 >= out[1].1);
/// ```
pub fn invert<const D: usize, V: Borrow<Vector<D>>>(
    v: &Vector<D>,
    codebook: &[V],
    threshold: f64,
    out: &mut [Match],
) -> usize {
    let mut filled = 0;
    for (i, member) in codebook.iter().enumerate() {
        let sim = metric::cosine(v, member.borrow());
        if sim >= threshold {
            insert_ranked(out, &mut filled, (i, sim));
        }
    }
    filled
}

/// The `out.len()` candidates most similar to `query`, best first; returns
/// how many were written (`min(out.len(), candidates.len())`). holon-rs's
/// `topk_similar` with `k = out.len()`.
///
/// ```
/// use holon_core::{atom::atom, ops::topk_similar, Vector};
///
/// let book: [Vector<256>; 3] = [atom(0, "a"), atom(0, "b"), atom(0, "c")];
/// let mut out = [(0, 0.0); 2];
/// assert_eq!(topk_similar(&book[2], &book, &mut out), 2);
/// assert_eq!(out[0], (2, 1.0));
/// ```
pub fn topk_similar<const D: usize, V: Borrow<Vector<D>>>(
    query: &Vector<D>,
    candidates: &[V],
    out: &mut [Match],
) -> usize {
    let mut filled = 0;
    for (i, member) in candidates.iter().enumerate() {
        let sim = metric::cosine(query, member.borrow());
        insert_ranked(out, &mut filled, (i, sim));
    }
    filled
}

/// Inserts `item` into the ranked prefix `out[..filled]`, after every
/// entry at least as similar (so ties keep arrival order), dropping the
/// last when full.
fn insert_ranked(out: &mut [Match], filled: &mut usize, item: Match) {
    let len = (*filled).min(out.len());
    // Put the item in the first free slot, or over the last entry if it
    // beats it, then bubble it up past every entry it strictly beats.
    let mut at = if len < out.len() {
        len
    } else {
        match out.last() {
            Some(&(_, worst)) if item.1 > worst => len - 1,
            _ => return,
        }
    };
    if let Some(slot) = out.get_mut(at) {
        *slot = item;
    }
    *filled = (len + 1).min(out.len());
    while at > 0 {
        let Some([better, current]) = out.get_mut(at - 1..=at) else {
            return;
        };
        if current.1 > better.1 {
            core::mem::swap(better, current);
            at -= 1;
        } else {
            return;
        }
    }
}

/// The `n x n` cosine matrix of `vectors`, row-major, into `out[..n * n]`
/// (holon-rs's `similarity_matrix`; the diagonal is 1.0, even for a zero
/// vector, as there). Fails with [`Error::BufferTooSmall`] when `out` is
/// shorter than `n * n`.
///
/// ```
/// use holon_core::{atom::atom, ops::similarity_matrix, Vector};
///
/// let xs: [Vector<256>; 2] = [atom(0, "a"), atom(0, "b")];
/// let mut m = [0.0; 4];
/// similarity_matrix(&xs, &mut m)?;
/// assert_eq!((m[0], m[3]), (1.0, 1.0));
/// assert_eq!(m[1], m[2]);
/// # Ok::<(), holon_core::Error>(())
/// ```
pub fn similarity_matrix<const D: usize, V: Borrow<Vector<D>>>(
    vectors: &[V],
    out: &mut [f64],
) -> Result<(), Error> {
    let n = vectors.len();
    let needed = n
        .checked_mul(n)
        .ok_or(Error::BufferTooSmall { needed: usize::MAX })?;
    let Some(matrix) = out.get_mut(..needed) else {
        return Err(Error::BufferTooSmall { needed });
    };
    for (i, a) in vectors.iter().enumerate() {
        if let Some(d) = matrix.get_mut(i * n + i) {
            *d = 1.0;
        }
        for (j, b) in vectors.iter().enumerate().skip(i + 1) {
            let sim = metric::cosine(a.borrow(), b.borrow());
            if let Some(x) = matrix.get_mut(i * n + j) {
                *x = sim;
            }
            if let Some(x) = matrix.get_mut(j * n + i) {
                *x = sim;
            }
        }
    }
    Ok(())
}

/// The mean pairwise cosine of `vectors`, in `[-1, 1]`; 1.0 for fewer than
/// two (holon-rs's `coherence`).
///
/// ```
/// use holon_core::{atom::atom, ops::coherence, Vector};
///
/// let a: Vector<1024> = atom(0, "a");
/// assert_eq!(coherence(&[&a, &a]), 1.0);
/// assert!(coherence(&[a, atom(0, "b"), atom(0, "c")]).abs() < 0.1);
/// ```
pub fn coherence<const D: usize, V: Borrow<Vector<D>>>(vectors: &[V]) -> f64 {
    let n = vectors.len();
    if n < 2 {
        return 1.0;
    }
    let mut total = 0.0f64;
    let mut count = 0u64;
    for (i, a) in vectors.iter().enumerate() {
        for b in vectors.iter().skip(i + 1) {
            total += metric::cosine(a.borrow(), b.borrow());
            count += 1;
        }
    }
    (total / count as f64).clamp(-1.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atom::atom;

    #[test]
    fn ranking_is_stable_and_bounded() {
        let mut out = [(9, 9.0); 3];
        let mut filled = 0;
        for (i, s) in [0.5, 0.7, 0.5, 0.9, 0.7, 0.1].into_iter().enumerate() {
            insert_ranked(&mut out, &mut filled, (i, s));
        }
        assert_eq!(filled, 3);
        assert_eq!(out, [(3, 0.9), (1, 0.7), (4, 0.7)]);
        let mut none: [Match; 0] = [];
        let mut f = 0;
        insert_ranked(&mut none, &mut f, (0, 1.0));
        assert_eq!(f, 0);
    }

    #[test]
    fn small_matrix_buffer_is_an_error() {
        let xs: [Vector<16>; 3] = [atom(0, "a"), atom(0, "b"), atom(0, "c")];
        let mut m = [0.0; 8];
        assert_eq!(
            similarity_matrix(&xs, &mut m),
            Err(Error::BufferTooSmall { needed: 9 })
        );
    }
}
