//! Projection onto, and rejection from, the span of a set of vectors:
//! holon-rs's `project` and `reject`.
//!
//! Both compute in `f64` with holon-rs's formulas and summation order, so
//! their trits are holon-rs's: each basis vector `u` contributes `(v·u /
//! u·u) u` to the projection, optionally after modified Gram-Schmidt
//! orthogonalisation of the basis. Without orthogonalisation that is the
//! true projection only for an orthogonal basis (random atoms nearly are).
//!
//! No `D`-sized float buffer is kept: the projection is built a chunk of
//! components at a time, and the orthogonalised basis is held as its
//! Gram-Schmidt coefficients (at most [`MAX_ORTHOGONAL_SPAN`] vectors),
//! from which each component of each orthogonal vector is recomputed with
//! exactly the operations holon-rs performs on its buffers. Both keep the
//! prefix property only without orthogonalisation (the coefficients are
//! dot products over all `D` components).

use core::borrow::Borrow;

use crate::error::Error;
use crate::ops::{sign_f64, CHUNK};
use crate::vector::Vector;

/// The most vectors [`project`] and [`reject`] orthogonalise. Without
/// orthogonalisation any number is accepted.
pub const MAX_ORTHOGONAL_SPAN: usize = 16;

/// holon-rs's threshold below which a (squared) norm counts as zero.
const DEGENERATE: f64 = 1e-10;

/// The sign of the projection of `v` onto the span of `subspace`.
///
/// An empty subspace gives the zero vector. With `orthogonalize`, the
/// basis is first made orthogonal (modified Gram-Schmidt, dropping vectors
/// that become zero), which makes this the true orthogonal projection; that
/// fails with [`Error::CapacityExceeded`] for more than
/// [`MAX_ORTHOGONAL_SPAN`] vectors.
///
/// ```
/// use holon_core::{atom::atom, ops::project, Vector};
///
/// let (a, b, c): (Vector<1024>, Vector<1024>, Vector<1024>) =
///     (atom(0, "a"), atom(0, "b"), atom(0, "c"));
/// // On a's support the projection is a; elsewhere it takes the sign of
/// // what b (and rounding) leave there, as in holon-rs.
/// let onto = project(&a, &[&a, &b], true)?;
/// assert!(onto.cosine(&a) > 0.75);
/// assert!(project(&c, &[&a, &b], false)?.cosine(&c) < 0.3);
/// # Ok::<(), holon_core::Error>(())
/// ```
pub fn project<const D: usize, V: Borrow<Vector<D>>>(
    v: &Vector<D>,
    subspace: &[V],
    orthogonalize: bool,
) -> Result<Vector<D>, Error> {
    projection_signs(v, subspace, orthogonalize, false)
}

/// The sign of what is left of `v` after removing its projection onto the
/// span of `subspace` (`v - project(v)` before the sign). An empty subspace
/// gives `v`. Same orthogonalisation and limit as [`project`].
///
/// ```
/// use holon_core::{atom::atom, ops::reject, Vector};
///
/// let (a, b): (Vector<1024>, Vector<1024>) = (atom(0, "a"), atom(0, "b"));
/// let mix = holon_core::ops::bundle(&[&a, &b, &atom(0, "c")]);
/// let rest = reject(&mix, &[&a, &b], true)?;
/// assert!(rest.cosine(&a).abs() < mix.cosine(&a).abs());
/// assert_eq!(reject::<1024, Vector<1024>>(&mix, &[], false)?, mix);
/// # Ok::<(), holon_core::Error>(())
/// ```
pub fn reject<const D: usize, V: Borrow<Vector<D>>>(
    v: &Vector<D>,
    subspace: &[V],
    orthogonalize: bool,
) -> Result<Vector<D>, Error> {
    projection_signs(v, subspace, orthogonalize, true)
}

fn projection_signs<const D: usize, V: Borrow<Vector<D>>>(
    v: &Vector<D>,
    subspace: &[V],
    orthogonalize: bool,
    residual: bool,
) -> Result<Vector<D>, Error> {
    if subspace.is_empty() {
        return Ok(if residual { v.clone() } else { Vector::zero() });
    }
    if orthogonalize && subspace.len() > 1 {
        if subspace.len() > MAX_ORTHOGONAL_SPAN {
            return Err(Error::CapacityExceeded {
                capacity: MAX_ORTHOGONAL_SPAN,
            });
        }
        let basis = Orthogonal::build(subspace);
        return Ok(basis.signs(v, subspace, residual));
    }
    Ok(plain_signs(v, subspace, residual))
}

/// The sign of `v_i - p_i` (residual) or `p_i`.
fn finish(v: i8, p: f64, residual: bool) -> i8 {
    if residual {
        sign_f64(f64::from(v) - p)
    } else {
        sign_f64(p)
    }
}

/// Projection onto the raw basis, a chunk of components at a time.
fn plain_signs<const D: usize, V: Borrow<Vector<D>>>(
    v: &Vector<D>,
    subspace: &[V],
    residual: bool,
) -> Vector<D> {
    let mut out = Vector::zero();
    let mut projection = [0.0f64; CHUNK];
    for (chunk, out_chunk) in out.trusted_trits_mut().chunks_mut(CHUNK).enumerate() {
        let start = chunk * CHUNK;
        let range = start..start + out_chunk.len();
        projection.fill(0.0);
        for u in subspace {
            let u = u.borrow();
            // Exact integers: holon-rs's f64 sums of ±1 products are exact.
            let norm_sq = u.nnz() as f64;
            if norm_sq > DEGENERATE {
                let coeff = v.dot(u) as f64 / norm_sq;
                if let Some(part) = u.as_trits().get(range.clone()) {
                    for (p, &t) in projection.iter_mut().zip(part) {
                        *p += coeff * f64::from(t);
                    }
                }
            }
        }
        if let Some(part) = v.as_trits().get(range) {
            for ((o, &p), &x) in out_chunk.iter_mut().zip(&projection).zip(part) {
                *o = finish(x, p, residual);
            }
        }
    }
    out
}

/// A Gram-Schmidt basis held as coefficients: orthogonal vector `r` is the
/// subspace vector `source[r]` minus `coefficient[r][p] q_p` for each
/// earlier `p` with `applied[r][p]`, subtracted in order.
struct Orthogonal {
    kept: usize,
    source: [usize; MAX_ORTHOGONAL_SPAN],
    coefficient: [[f64; MAX_ORTHOGONAL_SPAN]; MAX_ORTHOGONAL_SPAN],
    applied: [[bool; MAX_ORTHOGONAL_SPAN]; MAX_ORTHOGONAL_SPAN],
    norm_sq: [f64; MAX_ORTHOGONAL_SPAN],
}

/// Component `i` of subspace vector `j`, as `f64`.
fn trit_at<const D: usize, V: Borrow<Vector<D>>>(subspace: &[V], j: usize, i: usize) -> f64 {
    subspace
        .get(j)
        .and_then(|u| u.borrow().get(i))
        .map_or(0.0, f64::from)
}

impl Orthogonal {
    /// Component `i` of orthogonal vectors `0..count`, into `q`.
    fn components<const D: usize, V: Borrow<Vector<D>>>(
        &self,
        subspace: &[V],
        i: usize,
        count: usize,
        q: &mut [f64; MAX_ORTHOGONAL_SPAN],
    ) {
        let rows = self
            .source
            .iter()
            .zip(&self.coefficient)
            .zip(&self.applied)
            .take(count);
        for (r, ((&source, coefficients), applied)) in rows.enumerate() {
            let Some((done, rest)) = q.split_at_mut_checked(r) else {
                return;
            };
            let mut value = trit_at(subspace, source, i);
            reduce(&mut value, coefficients, applied, done);
            if let Some(slot) = rest.first_mut() {
                *slot = value;
            }
        }
    }

    fn build<const D: usize, V: Borrow<Vector<D>>>(subspace: &[V]) -> Self {
        let mut basis = Self {
            kept: 0,
            source: [0; MAX_ORTHOGONAL_SPAN],
            coefficient: [[0.0; MAX_ORTHOGONAL_SPAN]; MAX_ORTHOGONAL_SPAN],
            applied: [[false; MAX_ORTHOGONAL_SPAN]; MAX_ORTHOGONAL_SPAN],
            norm_sq: [0.0; MAX_ORTHOGONAL_SPAN],
        };
        let mut q = [0.0f64; MAX_ORTHOGONAL_SPAN];
        for j in 0..subspace.len().min(MAX_ORTHOGONAL_SPAN) {
            let r = basis.kept.min(MAX_ORTHOGONAL_SPAN - 1);
            let mut coefficients = [0.0f64; MAX_ORTHOGONAL_SPAN];
            let mut applied = [false; MAX_ORTHOGONAL_SPAN];
            // The candidate, partly reduced: subtract each earlier q_p in
            // turn, each coefficient taken against the vector reduced so far.
            for p in 0..r {
                let norm_sq = basis.norm_sq.get(p).copied().unwrap_or(0.0);
                if norm_sq.is_nan() || norm_sq <= DEGENERATE {
                    continue;
                }
                let mut dot = 0.0f64;
                for i in 0..D {
                    basis.components(subspace, i, p + 1, &mut q);
                    let mut reduced = trit_at(subspace, j, i);
                    reduce(
                        &mut reduced,
                        &coefficients,
                        &applied,
                        q.get(..p).unwrap_or(&[]),
                    );
                    dot += reduced * q.get(p).copied().unwrap_or(0.0);
                }
                if let (Some(c), Some(a)) = (coefficients.get_mut(p), applied.get_mut(p)) {
                    *c = dot / norm_sq;
                    *a = true;
                }
            }
            if let (Some(s), Some(c), Some(a)) = (
                basis.source.get_mut(r),
                basis.coefficient.get_mut(r),
                basis.applied.get_mut(r),
            ) {
                *s = j;
                *c = coefficients;
                *a = applied;
            }
            let mut norm_sq = 0.0f64;
            for i in 0..D {
                basis.components(subspace, i, r + 1, &mut q);
                let value = q.get(r).copied().unwrap_or(0.0);
                norm_sq += value * value;
            }
            if libm::sqrt(norm_sq) > DEGENERATE {
                if let Some(n) = basis.norm_sq.get_mut(r) {
                    *n = norm_sq;
                }
                basis.kept = r + 1;
            }
        }
        basis
    }

    fn signs<const D: usize, V: Borrow<Vector<D>>>(
        &self,
        v: &Vector<D>,
        subspace: &[V],
        residual: bool,
    ) -> Vector<D> {
        let mut q = [0.0f64; MAX_ORTHOGONAL_SPAN];
        let mut coeff = [0.0f64; MAX_ORTHOGONAL_SPAN];
        let mut used = [false; MAX_ORTHOGONAL_SPAN];
        let kept = self.kept.min(MAX_ORTHOGONAL_SPAN);
        for (r, ((c, u), &norm_sq)) in coeff
            .iter_mut()
            .zip(used.iter_mut())
            .zip(&self.norm_sq)
            .enumerate()
            .take(kept)
        {
            if norm_sq > DEGENERATE {
                let mut dot = 0.0f64;
                for (i, &x) in v.as_trits().iter().enumerate() {
                    self.components(subspace, i, r + 1, &mut q);
                    dot += f64::from(x) * q.get(r).copied().unwrap_or(0.0);
                }
                *c = dot / norm_sq;
                *u = true;
            }
        }
        Vector::from_trit_iter(v.as_trits().iter().enumerate().map(|(i, &x)| {
            self.components(subspace, i, kept, &mut q);
            let mut p = 0.0f64;
            for ((&c, &u), &qr) in coeff.iter().zip(&used).zip(&q).take(kept) {
                if u {
                    p += c * qr;
                }
            }
            finish(x, p, residual)
        }))
    }
}

/// `value -= coefficient[p] * q[p]` for each earlier `p` that was applied,
/// in order: one component's Gram-Schmidt reduction.
fn reduce(value: &mut f64, coefficients: &[f64], applied: &[bool], q: &[f64]) {
    for ((&c, &a), &qp) in coefficients.iter().zip(applied).zip(q) {
        if a {
            *value -= c * qp;
        }
    }
}
