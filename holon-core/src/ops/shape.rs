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
    let mut out = v.clone();
    let mut kept = 0usize;
    for t in out.trusted_trits_mut().iter_mut() {
        // Branch-free: once `k` are kept, every further trit is zeroed.
        let keep = kept < k;
        kept += usize::from(*t != 0);
        *t *= i8::from(keep);
    }
    out
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
}
