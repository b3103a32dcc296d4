//! The weighted metrics (`holon_core::metric::weighted_cosine`,
//! `weighted_euclidean_distance`) in AVX2 and AVX-512, bit for bit.
//!
//! The core sums each metric's `f64` terms in 32 lanes: component `i` into
//! lane `i % 32`, each lane in increasing `i` from `+0.0`, the lanes
//! combined by a balanced tree of adjacent pairs. Here the lanes are four
//! *banks* of eight: bank `q` holds lanes `8q..8q + 8` in one `zmm`
//! register (AVX-512) or two `ymm` registers (AVX2: lanes `8q..8q + 4` and
//! `8q + 4..8q + 8`). Each step takes the next eight components into the
//! next bank, round-robin, so component `i` lands in lane `i % 32`; four
//! banks keep four independent chains of additions in flight where one
//! would wait on each add's latency. The tree's first three levels are
//! [`combine`] of a bank, the last two `(b0 + b1) + (b2 + b3)`.
//!
//! AVX2 computes holon-rs's terms with the core's operations in the core's
//! order (a trit converts to `f64` exactly; `mul` and `add` stay separate
//! instructions, never fused); it does not zero the weight where both
//! trits are 0 as the core does, which differs only for a weight that is
//! not finite there, and that makes a sum NaN, which hands the pair to the
//! core. AVX-512 adds only the terms that are not zero (see its section).
//! The components after the last full round of 32 (AVX2: in steps of up to
//! eight, a bank's share of that round) or block of 64 (AVX-512) are one
//! more step on zero-padded copies: a padded
//! component (trits 0, weight 0) adds `+0.0` or nothing, which leaves a
//! lane unchanged (a lane that starts at `+0.0` is never `-0.0`). So the
//! sums, and the core's formula applied to them, are the same bits.
//!
//! Every function is `#[target_feature(enable = ...)]`: the caller must
//! have checked the features (`Level::detected` does).

use core::arch::x86_64::*;

/// Components per step: the lanes of one bank.
const LANES: usize = 8;

/// Banks of [`LANES`] lanes: the core's 32 lanes.
const BANKS: usize = 4;

/// The core's tree over the eight lanes of one bank.
#[inline(always)]
fn combine(l: [f64; LANES]) -> f64 {
    let [l0, l1, l2, l3, l4, l5, l6, l7] = l;
    ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7))
}

/// The rest of the core's tree, over the four banks' totals.
#[inline(always)]
fn combine_banks(b: [f64; BANKS]) -> f64 {
    let [b0, b1, b2, b3] = b;
    (b0 + b1) + (b2 + b3)
}

/// The steps of bank `q`: components `8q..8q + 8` of each round of 32, in
/// order, then those of the last, short round (zero-padded) if it reaches
/// `8q`. One bank at a time keeps AVX2's sums in registers (four banks of
/// three sums would need 24).
#[inline(always)]
fn for_each_step_of_bank(
    q: usize,
    a: &[i8],
    b: &[i8],
    w: &[f64],
    mut step: impl FnMut(&[i8; 8], &[i8; 8], &[f64; 8]),
) {
    const ROUND: usize = LANES * BANKS;
    let run = q * LANES..(q + 1) * LANES;
    let rounds = a
        .chunks_exact(ROUND)
        .zip(b.chunks_exact(ROUND))
        .zip(w.chunks_exact(ROUND));
    for ((xa, xb), xw) in rounds {
        if let (Some(Ok(xa)), Some(Ok(xb)), Some(Ok(xw))) = (
            xa.get(run.clone()).map(<&[i8; LANES]>::try_from),
            xb.get(run.clone()).map(<&[i8; LANES]>::try_from),
            xw.get(run.clone()).map(<&[f64; LANES]>::try_from),
        ) {
            step(xa, xb, xw);
        }
    }
    let rest = |n: usize| n - n % ROUND + run.start;
    if let (Some(ra), Some(rb), Some(rw)) = (
        a.get(rest(a.len())..),
        b.get(rest(b.len())..),
        w.get(rest(w.len())..),
    ) {
        if ra.is_empty() {
            return;
        }
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
//
// Here the trits become masks instead of `f64`s: a term is a weight's
// square (or the weight itself), added only where the trits call for it.
// A term the core adds as `+0.0` or `-0.0` leaves its lane unchanged, so
// skipping it changes nothing, unless it is NaN. The distance's only NaN
// term (`0 * inf`, equal trits) is one the core drops too. The cosine's
// come only from a weight whose square is not finite on a component where
// a trit is not 0 (the core drops components where both are 0); such a
// square goes into `norm_a` or `norm_b`, so a sum that is not finite tells
// the caller to let the core decide.
//
// The masks cost more than the adds on AMD Zen 4 (each `kshift` or
// compare into a mask register takes a vector slot), so the cosine's dot
// takes its signs from a byte permute and a ternary-logic op instead.

/// Components per block: one 64-byte load of trits, eight steps of eight.
const BLOCK: usize = 64;

/// The zero-padded copy of a tail shorter than a block: a padded
/// component (trits 0, weight 0) is masked out of every sum.
struct PaddedTail {
    a: [i8; BLOCK],
    b: [i8; BLOCK],
    w: [f64; BLOCK],
}

impl PaddedTail {
    fn new() -> Self {
        Self {
            a: [0; BLOCK],
            b: [0; BLOCK],
            w: [0.0; BLOCK],
        }
    }
}

/// The blocks of 64 components, then the tail (if any) padded in `tail`.
/// An iterator rather than a callback, so the kernel's loop body stays in
/// the kernel, compiled with its target features.
#[inline(always)]
fn blocks<'a>(
    a: &'a [i8],
    b: &'a [i8],
    w: &'a [f64],
    tail: &'a mut PaddedTail,
) -> impl Iterator<Item = (&'a [i8; BLOCK], &'a [i8; BLOCK], &'a [f64; BLOCK])> {
    let (full_a, rest_a) = a.as_chunks::<BLOCK>();
    let (full_b, rest_b) = b.as_chunks::<BLOCK>();
    let (full_w, rest_w) = w.as_chunks::<BLOCK>();
    let padded = if rest_a.is_empty() {
        None
    } else {
        tail.a[..rest_a.len()].copy_from_slice(rest_a);
        tail.b[..rest_b.len()].copy_from_slice(rest_b);
        tail.w[..rest_w.len()].copy_from_slice(rest_w);
        Some((&tail.a, &tail.b, &tail.w))
    };
    full_a
        .iter()
        .zip(full_b)
        .zip(full_w)
        .map(|((a, b), w)| (a, b, w))
        .chain(padded)
}

/// The masks of one block: which `a`, `b` are non-zero, which pairs have
/// opposite signs, which differ (bit `i` for component `i`).
struct BlockMasks {
    nonzero_a: u64,
    nonzero_b: u64,
    opposite: u64,
    differ: u64,
}

#[inline]
#[target_feature(enable = "avx512f,avx512bw")]
fn block_masks(a: &[i8; BLOCK], b: &[i8; BLOCK]) -> BlockMasks {
    // SAFETY: each load reads exactly the 64 bytes its array refers to.
    let (va, vb) = unsafe {
        (
            _mm512_loadu_si512(a.as_ptr().cast()),
            _mm512_loadu_si512(b.as_ptr().cast()),
        )
    };
    let nonzero_a = _mm512_test_epi8_mask(va, va);
    let nonzero_b = _mm512_test_epi8_mask(vb, vb);
    let sum = _mm512_add_epi8(va, vb);
    BlockMasks {
        nonzero_a,
        nonzero_b,
        // Trits: a + b == 0 with a != 0 is a = -b, both non-zero.
        opposite: _mm512_mask_testn_epi8_mask(nonzero_a, sum, sum),
        differ: _mm512_cmpneq_epi8_mask(va, vb),
    }
}

/// The eight bits of step `j` (components `8j..8j+8`) of a block mask.
#[inline(always)]
fn step_mask(mask: u64, j: usize) -> __mmask8 {
    (mask >> (8 * j)) as __mmask8
}

#[inline]
#[target_feature(enable = "avx512f")]
fn lanes_512(v: __m512d) -> [f64; LANES] {
    let mut out = [0.0f64; LANES];
    // SAFETY: writes exactly the 64 bytes of `out`.
    unsafe { _mm512_storeu_pd(out.as_mut_ptr(), v) };
    out
}

/// The core's tree over the four banks' 32 lanes.
#[inline]
#[target_feature(enable = "avx512f")]
fn total_512(banks: [__m512d; BANKS]) -> f64 {
    combine_banks(banks.map(|bank| combine(lanes_512(bank))))
}

/// `[dot, norm_a, norm_b]` of `holon_core::metric::weighted_cosine`,
/// equal to the core's whenever all three are finite.
#[target_feature(enable = "avx512f,avx512bw,avx512vbmi")]
pub(crate) fn cosine_sums_512(a: &[i8], b: &[i8], w: &[f64]) -> [f64; 3] {
    let zero = _mm512_setzero_pd();
    let (mut dot, mut na, mut nb) = ([zero; BANKS], [zero; BANKS], [zero; BANKS]);
    let sign = _mm512_set1_epi64(i64::MIN);
    // Step j's selector for f64 i: its top byte from `top[8j + i]`, the
    // seven others from `low[8j + i]` (vpermt2b: index bit 6 picks `top`).
    let index = |j: i8| {
        let (l, t) = (j, j + 64);
        _mm512_set_epi8(
            t + 7,
            l + 7,
            l + 7,
            l + 7,
            l + 7,
            l + 7,
            l + 7,
            l + 7,
            t + 6,
            l + 6,
            l + 6,
            l + 6,
            l + 6,
            l + 6,
            l + 6,
            l + 6,
            t + 5,
            l + 5,
            l + 5,
            l + 5,
            l + 5,
            l + 5,
            l + 5,
            l + 5,
            t + 4,
            l + 4,
            l + 4,
            l + 4,
            l + 4,
            l + 4,
            l + 4,
            l + 4,
            t + 3,
            l + 3,
            l + 3,
            l + 3,
            l + 3,
            l + 3,
            l + 3,
            l + 3,
            t + 2,
            l + 2,
            l + 2,
            l + 2,
            l + 2,
            l + 2,
            l + 2,
            l + 2,
            t + 1,
            l + 1,
            l + 1,
            l + 1,
            l + 1,
            l + 1,
            l + 1,
            l + 1,
            t,
            l,
            l,
            l,
            l,
            l,
            l,
            l,
        )
    };
    let indices = [
        index(0),
        index(8),
        index(16),
        index(24),
        index(32),
        index(40),
        index(48),
        index(56),
    ];
    let mut tail = PaddedTail::new();
    for (xa, xb, xw) in blocks(a, b, w, &mut tail) {
        let m = block_masks(xa, xb);
        let common = m.nonzero_a & m.nonzero_b;
        // Selector bytes: 0 where a product is zero; else all ones below
        // the top byte, and a top byte of 0x7F (same signs) or 0xFF
        // (opposite).
        let low = _mm512_maskz_mov_epi8(common, _mm512_set1_epi8(-1));
        let top = _mm512_maskz_mov_epi8(
            common,
            _mm512_mask_mov_epi8(_mm512_set1_epi8(0x7F), m.opposite, _mm512_set1_epi8(-1)),
        );
        for (j, w8) in xw.chunks_exact(LANES).enumerate() {
            // SAFETY: reads the 8 weights of `w8` (`chunks_exact` of 8).
            let w = unsafe { _mm512_loadu_pd(w8.as_ptr()) };
            let square = _mm512_mul_pd(w, w);
            // A block is two rounds of the four banks.
            let q = j % BANKS;
            na[q] = _mm512_mask_add_pd(na[q], step_mask(m.nonzero_a, j), na[q], square);
            nb[q] = _mm512_mask_add_pd(nb[q], step_mask(m.nonzero_b, j), nb[q], square);
            let selector = _mm512_permutex2var_epi8(low, indices[j], top);
            // (square & selector) ^ (selector & sign): 0, square or -square.
            let signed =
                _mm512_ternarylogic_epi64::<0x48>(_mm512_castpd_si512(square), selector, sign);
            dot[q] = _mm512_add_pd(dot[q], _mm512_castsi512_pd(signed));
        }
    }
    [total_512(dot), total_512(na), total_512(nb)]
}

/// The sum under `holon_core::metric::weighted_euclidean_distance`'s root.
#[target_feature(enable = "avx512f,avx512bw")]
pub(crate) fn euclidean_sum_512(a: &[i8], b: &[i8], w: &[f64]) -> f64 {
    let mut sum = [_mm512_setzero_pd(); BANKS];
    let (zero, four) = (_mm512_setzero_pd(), _mm512_set1_pd(4.0));
    let mut tail = PaddedTail::new();
    for (xa, xb, xw) in blocks(a, b, w, &mut tail) {
        let m = block_masks(xa, xb);
        for (j, w8) in xw.chunks_exact(LANES).enumerate() {
            // SAFETY: reads the 8 weights of `w8` (`chunks_exact` of 8).
            let w = unsafe { _mm512_loadu_pd(w8.as_ptr()) };
            // max(w, 0), NaN to 0: the core's `if w > 0.0 { w } else {
            // 0.0 }` (`vmaxpd` returns its second operand for a NaN or
            // two zeros).
            let w = _mm512_max_pd(w, zero);
            // (a - b)^2 * w: 1 * w, or 4 * w for opposite signs.
            let term = _mm512_mask_mul_pd(w, step_mask(m.opposite, j), w, four);
            let q = j % BANKS;
            sum[q] = _mm512_mask_add_pd(sum[q], step_mask(m.differ, j), sum[q], term);
        }
    }
    total_512(sum)
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
fn lanes_256((lo, hi): (__m256d, __m256d)) -> [f64; LANES] {
    let mut out = [0.0f64; LANES];
    // SAFETY: two stores of 32 bytes, within the 64 of `out`.
    unsafe {
        _mm256_storeu_pd(out.as_mut_ptr(), lo);
        _mm256_storeu_pd(out.as_mut_ptr().add(4), hi);
    }
    out
}

/// The core's tree over the four banks' 32 lanes.
#[inline]
#[target_feature(enable = "avx2")]
fn total_256(banks: [(__m256d, __m256d); BANKS]) -> f64 {
    combine_banks(banks.map(|bank| combine(lanes_256(bank))))
}

/// Pair-wise `(x.0 op y.0, x.1 op y.1)` on the two halves.
macro_rules! both {
    ($op:ident, $x:expr, $y:expr) => {{
        let (x, y) = ($x, $y);
        ($op(x.0, y.0), $op(x.1, y.1))
    }};
}

/// `[dot, norm_a, norm_b]` of `holon_core::metric::weighted_cosine`,
/// equal to the core's whenever all three are finite: a component where
/// both trits are 0 adds `+0.0` here, nothing in the core, unless its
/// weight is infinite or NaN, which makes a sum NaN.
#[target_feature(enable = "avx2")]
pub(crate) fn cosine_sums_256(a: &[i8], b: &[i8], w: &[f64]) -> [f64; 3] {
    let zero = (_mm256_setzero_pd(), _mm256_setzero_pd());
    // Per bank: dot, norm_a, norm_b.
    let mut banks = [[zero; 3]; BANKS];
    for (q, [dot, na, nb]) in banks.iter_mut().enumerate() {
        for_each_step_of_bank(q, a, b, w, |xa, xb, xw| {
            // The closure inherits this function's target features.
            {
                let w = weights_256(xw);
                let wa = both!(_mm256_mul_pd, trits_256(xa), w);
                let wb = both!(_mm256_mul_pd, trits_256(xb), w);
                *dot = both!(_mm256_add_pd, *dot, both!(_mm256_mul_pd, wa, wb));
                *na = both!(_mm256_add_pd, *na, both!(_mm256_mul_pd, wa, wa));
                *nb = both!(_mm256_add_pd, *nb, both!(_mm256_mul_pd, wb, wb));
            }
        });
    }
    [0, 1, 2].map(|k| total_256(banks.map(|sums| sums[k])))
}

/// The sum under `holon_core::metric::weighted_euclidean_distance`'s root.
#[target_feature(enable = "avx2")]
pub(crate) fn euclidean_sum_256(a: &[i8], b: &[i8], w: &[f64]) -> f64 {
    let mut sum = [(_mm256_setzero_pd(), _mm256_setzero_pd()); BANKS];
    for (q, sum) in sum.iter_mut().enumerate() {
        for_each_step_of_bank(q, a, b, w, |xa, xb, xw| {
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
                *sum = both!(_mm256_add_pd, *sum, (ordered(term.0), ordered(term.1)));
            }
        });
    }
    total_256(sum)
}
