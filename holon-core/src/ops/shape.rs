//! The shape of one vector: keeping only `k` components, and how dense,
//! balanced and spread out its trits are.

use crate::vector::Vector;

/// `v` with only its first `k` non-zero components (in index order) kept,
/// the rest 0. `k >= nnz` gives `v`.
///
/// holon-rs keeps "the top `k` by magnitude", but every non-zero trit has
/// magnitude 1, so which of them it keeps is whatever order its unstable
/// sort leaves them in (it depends on the standard library's sort
/// algorithm and version). Keeping the first `k` is deterministic and keeps
/// the prefix property: `sparsify(v, k).truncate::<E>() ==
/// sparsify(&v.truncate::<E>(), k)`.
///
/// ```
/// use holon_core::{ops::sparsify, Vector};
///
/// let v: Vector<6> = "+0-+-0".parse().unwrap();
/// assert_eq!(sparsify(&v, 2).to_string(), "+0-000");
/// assert_eq!(sparsify(&v, 9), v);
/// assert!(sparsify(&v, 0).is_zero());
/// ```
pub fn sparsify<const D: usize>(v: &Vector<D>, k: usize) -> Vector<D> {
    const BLOCK: usize = 64;
    let mut out = v.clone();
    let (blocks, tail) = out.trusted_trits_mut().as_chunks_mut::<BLOCK>();
    let mut kept = 0usize;
    let mut blocks = blocks.iter_mut();
    // Whole blocks that keep every trit: only counted (a loop that
    // vectorises), up to the block in which the k-th non-zero falls.
    for block in &mut blocks {
        let count = block
            .iter()
            .map(|&t| u8::from(t != 0))
            .fold(0u8, u8::wrapping_add);
        if kept + usize::from(count) <= k {
            kept += usize::from(count);
            continue;
        }
        keep_first(block, &mut kept, k);
        // Past the k-th non-zero: everything else is 0.
        for rest in blocks {
            rest.fill(0);
        }
        tail.fill(0);
        return out;
    }
    keep_first(tail, &mut kept, k);
    out
}

/// Zeroes every non-zero of `trits` after the first `k - kept`, counting
/// the ones it keeps into `kept`.
fn keep_first(trits: &mut [i8], kept: &mut usize, k: usize) {
    for t in trits.iter_mut() {
        let keep = *kept < k;
        *kept += usize::from(*t != 0);
        *t *= i8::from(keep);
    }
}

/// Components that are not 0 (for trits: [`Vector::nnz`]), in `u8` lanes
/// that the compiler vectorises, widened every 255 steps. A non-trit (a
/// broken promise to `from_trusted_trits`) counts by its bit 0.
pub(crate) fn count_nonzero(trits: &[i8]) -> usize {
    const LANES: usize = 32;
    let (blocks, tail) = trits.as_chunks::<LANES>();
    let mut total = 0usize;
    let mut lanes = [0u8; LANES];
    let mut steps = 0u8;
    for block in blocks {
        for (l, &t) in lanes.iter_mut().zip(block) {
            // Bit 0 says "non-zero" for a trit.
            *l = l.wrapping_add((t & 1) as u8);
        }
        steps = steps.wrapping_add(1);
        if steps == u8::MAX {
            steps = 0;
            total += lanes.iter().map(|&l| usize::from(l)).sum::<usize>();
            lanes = [0; LANES];
        }
    }
    total += lanes.iter().map(|&l| usize::from(l)).sum::<usize>();
    total
        + tail
            .iter()
            .map(|&t| usize::from((t & 1) as u8))
            .sum::<usize>()
}

/// Counts of `+1`, `-1` and `0` components.
fn signs<const D: usize>(v: &Vector<D>) -> (u64, u64, u64) {
    let pos = v.as_trits().iter().filter(|&&t| t > 0).count() as u64;
    let neg = v.as_trits().iter().filter(|&&t| t < 0).count() as u64;
    (pos, neg, (D as u64).saturating_sub(pos + neg))
}

/// holon-rs's `complexity`, in `[0, 1]`: half the density (`nnz / D`) plus
/// half the balance (`2 min(pos, neg) / nnz`). A random atom scores about
/// 0.83; a one-signed vector at most 0.5.
///
/// ```
/// use holon_core::{ops::complexity, Vector};
///
/// assert_eq!(complexity(&"+-+-".parse::<Vector<4>>().unwrap()), 1.0);
/// assert_eq!(complexity(&"++00".parse::<Vector<4>>().unwrap()), 0.25);
/// assert_eq!(complexity(&Vector::<4>::zero()), 0.0);
/// ```
pub fn complexity<const D: usize>(v: &Vector<D>) -> f64 {
    if D == 0 {
        return 0.0;
    }
    let (pos, neg, _) = signs(v);
    let active = (pos + neg) as f64;
    let density = active / D as f64;
    let balance = if active == 0.0 {
        0.0
    } else {
        (pos.min(neg) as f64 / active) * 2.0
    };
    (0.5 * density + 0.5 * balance).clamp(0.0, 1.0)
}

/// The Shannon entropy of the trit distribution over `{+1, -1, 0}`,
/// normalised by `log2 3`, in `[0, 1]` (holon-rs's `entropy`): 1 when the
/// three are equally common, 0 for a constant vector.
///
/// ```
/// use holon_core::{ops::entropy, Vector};
///
/// assert!((entropy(&"+-0".parse::<Vector<3>>().unwrap()) - 1.0).abs() < 1e-15);
/// assert_eq!(entropy(&Vector::<8>::zero()), 0.0);
/// ```
pub fn entropy<const D: usize>(v: &Vector<D>) -> f64 {
    if D == 0 {
        return 0.0;
    }
    let total = D as f64;
    let (pos, neg, zero) = signs(v);
    let mut h = 0.0f64;
    for count in [pos, neg, zero] {
        let p = count as f64 / total;
        if p > 0.0 {
            h += -p * libm::log2(p);
        }
    }
    (h / libm::log2(3.0)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atom::atom;

    #[test]
    fn sparsify_keeps_the_prefix_property() {
        let v: Vector<512> = atom(3, "v");
        for k in [0, 1, 17, 100, 400] {
            assert_eq!(
                sparsify(&v, k).truncate::<100>(),
                sparsify(&v.truncate::<100>(), k)
            );
            assert_eq!(sparsify(&v, k).nnz(), k.min(v.nnz()));
        }
    }

    /// The definition: a trit is kept if fewer than `k` non-zeros precede it.
    fn sparsify_reference<const D: usize>(v: &Vector<D>, k: usize) -> Vector<D> {
        let mut kept = 0;
        Vector::from_fn(|i| {
            let t = v.as_trits()[i];
            let keep = kept < k;
            kept += usize::from(t != 0);
            if keep {
                t
            } else {
                0
            }
        })
    }

    #[test]
    fn sparsify_is_the_definition_at_every_cut() {
        let v: Vector<300> = atom(5, "v");
        for k in 0..=v.nnz() + 2 {
            assert_eq!(sparsify(&v, k), sparsify_reference(&v, k), "k = {k}");
        }
        let z = Vector::<130>::zero();
        assert!(sparsify(&z, 3).is_zero());
        let ones = Vector::<130>::from_fn(|_| 1);
        for k in [0, 1, 63, 64, 65, 128, 129, 130, 131] {
            assert_eq!(sparsify(&ones, k), sparsify_reference(&ones, k), "k = {k}");
        }
    }

    #[test]
    fn count_nonzero_is_nnz() {
        let v: Vector<9000> = atom(4, "v");
        for n in [0, 1, 31, 32, 33, 8160, 8161, 9000] {
            let t = &v.as_trits()[..n];
            assert_eq!(count_nonzero(t), t.iter().filter(|&&x| x != 0).count());
        }
        assert_eq!(count_nonzero(&[1i8; 9000]), 9000);
        assert_eq!(count_nonzero(&[-1i8; 9000]), 9000);
    }
}
