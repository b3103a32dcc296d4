//! The weighted metrics (`holon_core::metric::weighted_cosine`,
//! `weighted_euclidean_distance`) in AVX2 and AVX-512, bit for bit.
//!
//! The core sums each metric's `f64` terms in eight lanes: component `i`
//! into lane `i % 8`, each lane in increasing `i` from `+0.0`, the lanes
//! combined as `((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7))`. Here
//! those eight lanes are one `zmm` register (AVX-512) or two `ymm` registers
//! (AVX2: lanes 0-3 and 4-7), each step takes the next eight components,
//! and every term is computed with the core's operations in the core's
//! order (a trit converts to `f64` exactly; `mul` and `add` stay separate
//! instructions, never fused). The tail of fewer than eight components is
//! one more step on zero-padded copies: a padded component (trits 0,
//! weight 0) adds `+0.0`, which leaves a lane unchanged (a lane that starts
//! at `+0.0` is never `-0.0`). So the sums, and the core's formula applied
//! to them, are the same bits.
//!
//! Every function is `#[target_feature(enable = ...)]`: the caller must
//! have checked the features (`Level::detected` does; AVX-512 needs only F
//! here).

use core::arch::x86_64::*;

/// Components per step: the core's lane count.
const LANES: usize = 8;

/// The core's combine of the eight lane totals.
#[inline(always)]
fn combine(l: [f64; LANES]) -> f64 {
    let [l0, l1, l2, l3, l4, l5, l6, l7] = l;
    ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7))
}

/// Steps over full chunks of eight, then the zero-padded tail.
#[inline(always)]
fn for_each_step(
    a: &[i8],
    b: &[i8],
    w: &[f64],
    mut step: impl FnMut(&[i8; 8], &[i8; 8], &[f64; 8]),
) {
    let mut ca = a.chunks_exact(LANES);
    let mut cb = b.chunks_exact(LANES);
    let mut cw = w.chunks_exact(LANES);
    for ((xa, xb), xw) in (&mut ca).zip(&mut cb).zip(&mut cw) {
        if let (Ok(xa), Ok(xb), Ok(xw)) = (xa.try_into(), xb.try_into(), xw.try_into()) {
            step(xa, xb, xw);
        }
    }
    let (ra, rb, rw) = (ca.remainder(), cb.remainder(), cw.remainder());
    if !ra.is_empty() {
        let (mut ta, mut tb, mut tw) = ([0i8; LANES], [0i8; LANES], [0.0f64; LANES]);
        for (t, &x) in ta.iter_mut().zip(ra) {
            *t = x;
        }
        for (t, &x) in tb.iter_mut().zip(rb) {
            *t = x;
        }
        for (t, &x) in tw.iter_mut().zip(rw) {
            *t = x;
        }
        step(&ta, &tb, &tw);
    }
}

// ---------------------------------------------------------------- AVX-512

/// Eight trits as eight `f64`, lane `j` from `t[j]`.
#[inline]
#[target_feature(enable = "avx512f")]
fn trits_512(t: &[i8; LANES]) -> __m512d {
    // SAFETY: reads exactly the 8 bytes `t` refers to.
    let v = unsafe { _mm_loadl_epi64(t.as_ptr().cast()) };
    _mm512_cvtepi32_pd(_mm512_castsi512_si256(_mm512_cvtepi8_epi32(v)))
}

#[inline]
#[target_feature(enable = "avx512f")]
fn weights_512(w: &[f64; LANES]) -> __m512d {
    // SAFETY: reads exactly the 64 bytes `w` refers to.
    unsafe { _mm512_loadu_pd(w.as_ptr()) }
}

#[inline]
#[target_feature(enable = "avx512f")]
fn lanes_512(v: __m512d) -> [f64; LANES] {
    let mut out = [0.0f64; LANES];
    // SAFETY: writes exactly the 64 bytes of `out`.
    unsafe { _mm512_storeu_pd(out.as_mut_ptr(), v) };
    out
}

/// `[dot, norm_a, norm_b]` of `holon_core::metric::weighted_cosine`.
#[target_feature(enable = "avx512f")]
pub(crate) fn cosine_sums_512(a: &[i8], b: &[i8], w: &[f64]) -> [f64; 3] {
    let (mut dot, mut na, mut nb) = (
        _mm512_setzero_pd(),
        _mm512_setzero_pd(),
        _mm512_setzero_pd(),
    );
    for_each_step(a, b, w, |xa, xb, xw| {
        // The closure inherits this function's target features.
        {
            let w = weights_512(xw);
            let wa = _mm512_mul_pd(trits_512(xa), w);
            let wb = _mm512_mul_pd(trits_512(xb), w);
            dot = _mm512_add_pd(dot, _mm512_mul_pd(wa, wb));
            na = _mm512_add_pd(na, _mm512_mul_pd(wa, wa));
            nb = _mm512_add_pd(nb, _mm512_mul_pd(wb, wb));
        }
    });
    [
        combine(lanes_512(dot)),
        combine(lanes_512(na)),
        combine(lanes_512(nb)),
    ]
}

/// The sum under `holon_core::metric::weighted_euclidean_distance`'s root.
#[target_feature(enable = "avx512f")]
pub(crate) fn euclidean_sum_512(a: &[i8], b: &[i8], w: &[f64]) -> f64 {
    let mut sum = _mm512_setzero_pd();
    for_each_step(a, b, w, |xa, xb, xw| {
        // SAFETY: the loads read exactly the 8 bytes `xa` and `xb` refer to.
        unsafe {
            let w = weights_512(xw);
            // max(w, 0), NaN to 0: the core's `if w > 0.0 { w } else { 0.0 }`.
            let w =
                _mm512_maskz_mov_pd(_mm512_cmp_pd_mask::<_CMP_GT_OQ>(w, _mm512_setzero_pd()), w);
            let x = _mm_loadl_epi64(xa.as_ptr().cast());
            let y = _mm_loadl_epi64(xb.as_ptr().cast());
            let d = _mm512_cvtepi8_epi32(_mm_sub_epi8(x, y));
            let square = _mm512_cvtepi32_pd(_mm512_castsi512_si256(_mm512_mullo_epi32(d, d)));
            let term = _mm512_mul_pd(square, w);
            // NaN only as 0 * inf: an equal component adds nothing.
            let term = _mm512_maskz_mov_pd(_mm512_cmp_pd_mask::<_CMP_ORD_Q>(term, term), term);
            sum = _mm512_add_pd(sum, term);
        }
    });
    combine(lanes_512(sum))
}

// ------------------------------------------------------------------- AVX2

/// Eight trits as two times four `f64`: lanes 0-3 and 4-7.
#[inline]
#[target_feature(enable = "avx2")]
fn i32_halves(v: __m256i) -> (__m256d, __m256d) {
    (
        _mm256_cvtepi32_pd(_mm256_castsi256_si128(v)),
        _mm256_cvtepi32_pd(_mm256_extracti128_si256::<1>(v)),
    )
}

#[inline]
#[target_feature(enable = "avx2")]
fn trits_256(t: &[i8; LANES]) -> (__m256d, __m256d) {
    // SAFETY: reads exactly the 8 bytes `t` refers to.
    let v = unsafe { _mm_loadl_epi64(t.as_ptr().cast()) };
    i32_halves(_mm256_cvtepi8_epi32(v))
}

#[inline]
#[target_feature(enable = "avx2")]
fn weights_256(w: &[f64; LANES]) -> (__m256d, __m256d) {
    // SAFETY: two loads of 32 bytes, within the 64 `w` refers to.
    unsafe {
        (
            _mm256_loadu_pd(w.as_ptr()),
            _mm256_loadu_pd(w.as_ptr().add(4)),
        )
    }
}

#[inline]
#[target_feature(enable = "avx2")]
fn lanes_256(lo: __m256d, hi: __m256d) -> [f64; LANES] {
    let mut out = [0.0f64; LANES];
    // SAFETY: two stores of 32 bytes, within the 64 of `out`.
    unsafe {
        _mm256_storeu_pd(out.as_mut_ptr(), lo);
        _mm256_storeu_pd(out.as_mut_ptr().add(4), hi);
    }
    out
}

/// Pair-wise `(x.0 op y.0, x.1 op y.1)` on the two halves.
macro_rules! both {
    ($op:ident, $x:expr, $y:expr) => {{
        let (x, y) = ($x, $y);
        ($op(x.0, y.0), $op(x.1, y.1))
    }};
}

/// `[dot, norm_a, norm_b]` of `holon_core::metric::weighted_cosine`.
#[target_feature(enable = "avx2")]
pub(crate) fn cosine_sums_256(a: &[i8], b: &[i8], w: &[f64]) -> [f64; 3] {
    let zero = (_mm256_setzero_pd(), _mm256_setzero_pd());
    let (mut dot, mut na, mut nb) = (zero, zero, zero);
    for_each_step(a, b, w, |xa, xb, xw| {
        // The closure inherits this function's target features.
        {
            let w = weights_256(xw);
            let wa = both!(_mm256_mul_pd, trits_256(xa), w);
            let wb = both!(_mm256_mul_pd, trits_256(xb), w);
            dot = both!(_mm256_add_pd, dot, both!(_mm256_mul_pd, wa, wb));
            na = both!(_mm256_add_pd, na, both!(_mm256_mul_pd, wa, wa));
            nb = both!(_mm256_add_pd, nb, both!(_mm256_mul_pd, wb, wb));
        }
    });
    [
        combine(lanes_256(dot.0, dot.1)),
        combine(lanes_256(na.0, na.1)),
        combine(lanes_256(nb.0, nb.1)),
    ]
}

/// The sum under `holon_core::metric::weighted_euclidean_distance`'s root.
#[target_feature(enable = "avx2")]
pub(crate) fn euclidean_sum_256(a: &[i8], b: &[i8], w: &[f64]) -> f64 {
    let mut sum = (_mm256_setzero_pd(), _mm256_setzero_pd());
    for_each_step(a, b, w, |xa, xb, xw| {
        // SAFETY: the loads read exactly the 8 bytes `xa` and `xb` refer to.
        unsafe {
            let zero = _mm256_setzero_pd();
            let w = weights_256(xw);
            // max(w, 0), NaN to 0: the core's `if w > 0.0 { w } else { 0.0 }`.
            let positive = |w: __m256d| _mm256_and_pd(_mm256_cmp_pd::<_CMP_GT_OQ>(w, zero), w);
            let w = (positive(w.0), positive(w.1));
            let x = _mm_loadl_epi64(xa.as_ptr().cast());
            let y = _mm_loadl_epi64(xb.as_ptr().cast());
            let d = _mm256_cvtepi8_epi32(_mm_sub_epi8(x, y));
            let square = i32_halves(_mm256_mullo_epi32(d, d));
            let term = both!(_mm256_mul_pd, square, w);
            // NaN only as 0 * inf: an equal component adds nothing.
            let ordered = |t: __m256d| _mm256_and_pd(_mm256_cmp_pd::<_CMP_ORD_Q>(t, t), t);
            sum = both!(_mm256_add_pd, sum, (ordered(term.0), ordered(term.1)));
        }
    });
    combine(lanes_256(sum.0, sum.1))
}
