//! Principal angles between two subspaces, for
//! [`OnlineSubspace::subspace_alignment`](super::OnlineSubspace::subspace_alignment).
//!
//! With `U` and `V` the unit rows of the non-zero components, the cosines of
//! the principal angles are the singular values of `M = U Vᵀ`: the square
//! roots of the eigenvalues of `MᵀM`, a small symmetric matrix that cyclic
//! Jacobi rotations diagonalise (holon-rs's method; `k` is small, so
//! `O(k³)` is fine and needs no linear-algebra crate).

use super::real::max;
use super::Real;

/// Mean of the top `top_angles` principal cosines between the subspaces
/// spanned by `a` and `b` (0: `max(3, n / 4)` of the `n` angles), in [0, 1].
pub(crate) fn principal_cosines<F: Real, const D: usize, const KA: usize, const KB: usize>(
    a: &[[F; D]],
    b: &[[F; D]],
    top_angles: usize,
) -> F {
    let negligible = F::NEGLIGIBLE;
    let a_norms = norms::<F, D, KA>(a);
    let b_norms = norms::<F, D, KB>(b);
    // Rows of M: one per non-zero component of `a`; columns likewise of `b`.
    let mut m = [[F::ZERO; KB]; KA];
    let mut rows = 0;
    for (row_a, &na) in a.iter().zip(a_norms.iter()) {
        if na <= negligible {
            continue;
        }
        let Some(m_row) = m.get_mut(rows) else {
            break;
        };
        let mut cols = 0;
        for (row_b, &nb) in b.iter().zip(b_norms.iter()) {
            if nb <= negligible {
                continue;
            }
            if let Some(cell) = m_row.get_mut(cols) {
                *cell = unit_dot(row_a, na, row_b, nb);
            }
            cols += 1;
        }
        rows += 1;
    }
    let cols = b_norms.iter().filter(|&&nb| nb > negligible).count();
    if rows == 0 || cols == 0 {
        return F::ZERO;
    }

    // MᵀM, cols × cols.
    let mut s = [[F::ZERO; KB]; KB];
    for (i, s_row) in s.iter_mut().enumerate().take(cols) {
        for (j, cell) in s_row.iter_mut().enumerate().take(cols) {
            let mut sum = F::ZERO;
            for m_row in m.iter().take(rows) {
                let (x, y) = (m_row.get(i), m_row.get(j));
                if let (Some(&x), Some(&y)) = (x, y) {
                    sum += x * y;
                }
            }
            *cell = sum;
        }
    }
    jacobi(&mut s, cols);

    let mut cosines = [F::ZERO; KB];
    for (i, c) in cosines.iter_mut().enumerate().take(cols) {
        let e = s.get(i).and_then(|r| r.get(i)).copied().unwrap_or(F::ZERO);
        let root = max(e, F::ZERO).sqrt();
        *c = if root > F::ONE { F::ONE } else { root };
    }
    let cosines = cosines.get_mut(..cols).unwrap_or(&mut []);
    sort_descending(cosines);
    let top = if top_angles == 0 {
        (cols / 4).max(3).min(cols)
    } else {
        top_angles.min(cols)
    };
    let mut sum = F::ZERO;
    for &c in cosines.iter().take(top) {
        sum += c;
    }
    sum / F::from_f64(top as f64)
}

fn norms<F: Real, const D: usize, const K: usize>(rows: &[[F; D]]) -> [F; K] {
    let mut out = [F::ZERO; K];
    for (slot, row) in out.iter_mut().zip(rows) {
        *slot = super::real::norm(row);
    }
    out
}

/// `(a / na) · (b / nb)`, each unit component formed before multiplying.
fn unit_dot<F: Real>(a: &[F], na: F, b: &[F], nb: F) -> F {
    let mut sum = F::ZERO;
    for (&x, &y) in a.iter().zip(b) {
        sum += (x / na) * (y / nb);
    }
    sum
}

/// Diagonalises the leading `n × n` block of the symmetric `s` in place by
/// Jacobi rotations on the largest off-diagonal entry, until every one is
/// below 1e-12 or after `100 n²` rotations.
fn jacobi<F: Real, const K: usize>(s: &mut [[F; K]; K], n: usize) {
    let n = n.min(K);
    let tol = F::from_f64(1e-12);
    let at = |s: &[[F; K]; K], i: usize, j: usize| -> F {
        s.get(i).and_then(|r| r.get(j)).copied().unwrap_or(F::ZERO)
    };
    let set = |s: &mut [[F; K]; K], i: usize, j: usize, v: F| {
        if let Some(cell) = s.get_mut(i).and_then(|r| r.get_mut(j)) {
            *cell = v;
        }
    };
    let abs = |v: F| if v < F::ZERO { -v } else { v };
    for _ in 0..100usize.saturating_mul(n).saturating_mul(n) {
        let (mut largest, mut p, mut q) = (F::ZERO, 0, 1);
        for i in 0..n {
            for j in (i + 1)..n {
                let v = abs(at(s, i, j));
                if v > largest {
                    (largest, p, q) = (v, i, j);
                }
            }
        }
        if largest < tol {
            break;
        }
        let (s_pp, s_qq, s_pq) = (at(s, p, p), at(s, q, q), at(s, p, q));
        let diff = s_qq - s_pp;
        let t = if abs(diff) < F::from_f64(1e-15) {
            F::ONE
        } else {
            let two = F::ONE + F::ONE;
            let tau = diff / (two * s_pq);
            let sign = if tau >= F::ZERO { F::ONE } else { -F::ONE };
            sign / (abs(tau) + (F::ONE + tau * tau).sqrt())
        };
        let c = F::ONE / (F::ONE + t * t).sqrt();
        let sv = t * c;
        let two = F::ONE + F::ONE;
        set(s, p, p, c * c * s_pp - two * sv * c * s_pq + sv * sv * s_qq);
        set(s, q, q, sv * sv * s_pp + two * sv * c * s_pq + c * c * s_qq);
        set(s, p, q, F::ZERO);
        set(s, q, p, F::ZERO);
        for i in 0..n {
            if i != p && i != q {
                let (s_ip, s_iq) = (at(s, i, p), at(s, i, q));
                let new_p = c * s_ip - sv * s_iq;
                let new_q = sv * s_ip + c * s_iq;
                set(s, i, p, new_p);
                set(s, p, i, new_p);
                set(s, i, q, new_q);
                set(s, q, i, new_q);
            }
        }
    }
}

/// Insertion sort, largest first; NaN-free input (square roots of clamped
/// values), so the order is total.
fn sort_descending<F: Real>(values: &mut [F]) {
    for i in 1..values.len() {
        let mut j = i;
        while j > 0 {
            let (Some(&prev), Some(&cur)) = (values.get(j - 1), values.get(j)) else {
                break;
            };
            if cur > prev {
                values.swap(j - 1, j);
                j -= 1;
            } else {
                break;
            }
        }
    }
}
