//! AVX2 kernels over trit slices (-1, 0, +1 as `i8`).
//!
//! The one instruction that makes trits cheap here is `vpsignb`:
//! `sign(x, y)` is `x` where `y > 0`, `-x` where `y < 0` and 0 where `y == 0`,
//! which for trits is exactly the product `x * y`, and `sign(x, x) = |x|`.
//! Sums run in `i8` lanes for at most [`NARROW_STEPS`] steps and are then
//! widened with `vpsadbw` (sum of absolute differences against zero: eight
//! bytes to one `u64`).
//!
//! Every function is `#[target_feature(enable = "avx2")]`: the caller must
//! have checked that the CPU supports AVX2 (`Level::detected` does).

use core::arch::x86_64::*;
use core::mem::MaybeUninit;

/// Bytes a vector register holds.
const LANES: usize = 32;
/// Steps an `i8` lane may take (each adding at most 1 in magnitude) before
/// it could overflow.
const NARROW_STEPS: usize = 127;

#[inline]
#[target_feature(enable = "avx2")]
fn load(bytes: &[i8; LANES]) -> __m256i {
    // SAFETY: `bytes` is a reference to 32 initialised bytes, exactly what an
    // unaligned 256-bit load reads.
    unsafe { _mm256_loadu_si256(bytes.as_ptr().cast()) }
}

#[inline]
#[target_feature(enable = "avx2")]
fn store(bytes: &mut [i8; LANES], v: __m256i) {
    // SAFETY: `bytes` is an exclusive reference to 32 bytes, exactly what an
    // unaligned 256-bit store writes.
    unsafe { _mm256_storeu_si256(bytes.as_mut_ptr().cast(), v) }
}

/// Sum of 32 signed bytes.
#[inline]
#[target_feature(enable = "avx2")]
fn sum_i8(v: __m256i) -> i64 {
    // Bias each byte to unsigned (x + 128), sum eight at a time, unbias.
    let biased = _mm256_xor_si256(v, _mm256_set1_epi8(i8::MIN));
    sum_u64(_mm256_sad_epu8(biased, _mm256_setzero_si256())) - 128 * LANES as i64
}

/// Sum of 32 unsigned bytes.
#[inline]
#[target_feature(enable = "avx2")]
fn sum_u8(v: __m256i) -> i64 {
    sum_u64(_mm256_sad_epu8(v, _mm256_setzero_si256()))
}

/// Sum of the four 64-bit lanes.
#[inline]
#[target_feature(enable = "avx2")]
fn sum_u64(v: __m256i) -> i64 {
    let half = _mm_add_epi64(_mm256_castsi256_si128(v), _mm256_extracti128_si256::<1>(v));
    _mm_cvtsi128_si64(half) + _mm_extract_epi64::<1>(half)
}

/// Scalar tail of a dot product.
fn dot_tail(a: &[i8], b: &[i8]) -> i64 {
    a.iter()
        .zip(b)
        .map(|(&x, &y)| i64::from(x) * i64::from(y))
        .sum()
}

/// Exact dot product of two equal-length trit slices.
#[target_feature(enable = "avx2")]
pub(crate) fn dot(a: &[i8], b: &[i8]) -> i64 {
    let (blocks_a, tail_a) = a.as_chunks::<LANES>();
    let (blocks_b, tail_b) = b.as_chunks::<LANES>();
    let mut total = 0i64;
    // Two products are added before they reach the accumulator (halving its
    // dependency chain), so a group is at most NARROW_STEPS / 2 pairs.
    let group = 2 * (NARROW_STEPS / 2);
    for (ga, gb) in blocks_a.chunks(group).zip(blocks_b.chunks(group)) {
        let mut acc = _mm256_setzero_si256();
        let (pairs_a, rest_a) = ga.as_chunks::<2>();
        let (pairs_b, rest_b) = gb.as_chunks::<2>();
        for ([a0, a1], [b0, b1]) in pairs_a.iter().zip(pairs_b) {
            let p0 = _mm256_sign_epi8(load(a0), load(b0));
            let p1 = _mm256_sign_epi8(load(a1), load(b1));
            acc = _mm256_add_epi8(acc, _mm256_add_epi8(p0, p1));
        }
        for (x, y) in rest_a.iter().zip(rest_b) {
            acc = _mm256_add_epi8(acc, _mm256_sign_epi8(load(x), load(y)));
        }
        total += sum_i8(acc);
    }
    total + dot_tail(tail_a, tail_b)
}

/// Exact `(dot, nnz(a), nnz(b))` of two equal-length trit slices.
#[target_feature(enable = "avx2")]
pub(crate) fn dot_and_norms(a: &[i8], b: &[i8]) -> (i64, u64, u64) {
    dot_norms::<true>(a, b)
}

/// Exact `(dot, nnz(b))`: the per-target work of a batch cosine.
#[target_feature(enable = "avx2")]
pub(crate) fn dot_and_nnz_b(a: &[i8], b: &[i8]) -> (i64, u64) {
    let (dot, _, nnz_b) = dot_norms::<false>(a, b);
    (dot, nnz_b)
}

/// `(dot, nnz(a), nnz(b))`; with `COUNT_A` false, `nnz(a)` is 0 and its
/// accumulator is compiled out (a batch cosine knows the query's norm).
#[target_feature(enable = "avx2")]
fn dot_norms<const COUNT_A: bool>(a: &[i8], b: &[i8]) -> (i64, u64, u64) {
    let (blocks_a, tail_a) = a.as_chunks::<LANES>();
    let (blocks_b, tail_b) = b.as_chunks::<LANES>();
    let (mut dot, mut nnz_a, mut nnz_b) = (0i64, 0i64, 0i64);
    for (ga, gb) in blocks_a
        .chunks(NARROW_STEPS)
        .zip(blocks_b.chunks(NARROW_STEPS))
    {
        let mut acc_dot = _mm256_setzero_si256();
        let mut acc_a = _mm256_setzero_si256();
        let mut acc_b = _mm256_setzero_si256();
        for (x, y) in ga.iter().zip(gb) {
            let (x, y) = (load(x), load(y));
            acc_dot = _mm256_add_epi8(acc_dot, _mm256_sign_epi8(x, y));
            if COUNT_A {
                acc_a = _mm256_add_epi8(acc_a, _mm256_sign_epi8(x, x));
            }
            acc_b = _mm256_add_epi8(acc_b, _mm256_sign_epi8(y, y));
        }
        dot += sum_i8(acc_dot);
        if COUNT_A {
            nnz_a += sum_u8(acc_a);
        }
        nnz_b += sum_u8(acc_b);
    }
    let tail_nnz_a = if COUNT_A {
        crate::simd::nnz_scalar(tail_a)
    } else {
        0
    };
    (
        dot + dot_tail(tail_a, tail_b),
        nnz_a.unsigned_abs() + tail_nnz_a,
        nnz_b.unsigned_abs() + crate::simd::nnz_scalar(tail_b),
    )
}

/// Number of non-zero components.
#[target_feature(enable = "avx2")]
pub(crate) fn nnz(a: &[i8]) -> u64 {
    let (blocks, tail) = a.as_chunks::<LANES>();
    let mut total = 0i64;
    for group in blocks.chunks(NARROW_STEPS) {
        let mut acc = _mm256_setzero_si256();
        for x in group {
            let x = load(x);
            acc = _mm256_add_epi8(acc, _mm256_sign_epi8(x, x));
        }
        total += sum_u8(acc);
    }
    total.unsigned_abs() + crate::simd::nnz_scalar(tail)
}

/// `out[i] = a[i] * b[i]`.
#[target_feature(enable = "avx2")]
pub(crate) fn bind(a: &[i8], b: &[i8], out: &mut [i8]) {
    let (blocks_a, tail_a) = a.as_chunks::<LANES>();
    let (blocks_b, tail_b) = b.as_chunks::<LANES>();
    let (blocks_o, tail_o) = out.as_chunks_mut::<LANES>();
    for ((o, x), y) in blocks_o.iter_mut().zip(blocks_a).zip(blocks_b) {
        store(o, _mm256_sign_epi8(load(x), load(y)));
    }
    for ((o, &x), &y) in tail_o.iter_mut().zip(tail_a).zip(tail_b) {
        *o = x.wrapping_mul(y);
    }
}

/// [`bind`] into memory not yet initialised: every byte of `out` is
/// written (a fresh vector needs no zeroing first).
#[target_feature(enable = "avx2")]
pub(crate) fn bind_uninit(a: &[i8], b: &[i8], out: &mut [MaybeUninit<i8>]) {
    let (blocks_a, tail_a) = a.as_chunks::<LANES>();
    let (blocks_b, tail_b) = b.as_chunks::<LANES>();
    let (blocks_o, tail_o) = out.as_chunks_mut::<LANES>();
    for ((o, x), y) in blocks_o.iter_mut().zip(blocks_a).zip(blocks_b) {
        // SAFETY: `o` is an exclusive reference to 32 bytes, exactly what an
        // unaligned 256-bit store writes (no byte of it is read).
        unsafe { _mm256_storeu_si256(o.as_mut_ptr().cast(), _mm256_sign_epi8(load(x), load(y))) };
    }
    for ((o, &x), &y) in tail_o.iter_mut().zip(tail_a).zip(tail_b) {
        o.write(x.wrapping_mul(y));
    }
}

/// The sign of the component-wise sums of `inputs` (ties 0) into `out`.
/// Every input has `out.len()` components; at most `i32::MAX` inputs (the
/// caller leaves more to the core, which saturates).
#[target_feature(enable = "avx2")]
pub(crate) fn bundle<const D: usize>(inputs: &[&[i8; D]], out: &mut [i8; D]) {
    let ones = _mm256_set1_epi8(1);
    let (blocks_o, tail_o) = out.as_chunks_mut::<LANES>();
    if inputs.len() <= NARROW_STEPS {
        // Column by column: one i8 accumulator per 32 components.
        for (c, o) in blocks_o.iter_mut().enumerate() {
            let mut acc = _mm256_setzero_si256();
            for x in inputs {
                let (blocks, _) = x.as_chunks::<LANES>();
                if let Some(block) = blocks.get(c) {
                    acc = _mm256_add_epi8(acc, load(block));
                }
            }
            store(o, _mm256_sign_epi8(ones, acc));
        }
    } else {
        // Many inputs: i8 sums of up to 127 inputs, widened into i32.
        for (c, o) in blocks_o.iter_mut().enumerate() {
            let mut wide = [_mm256_setzero_si256(); 4];
            for batch in inputs.chunks(NARROW_STEPS) {
                let mut acc = _mm256_setzero_si256();
                for x in batch {
                    let (blocks, _) = x.as_chunks::<LANES>();
                    if let Some(block) = blocks.get(c) {
                        acc = _mm256_add_epi8(acc, load(block));
                    }
                }
                let low = _mm256_castsi256_si128(acc);
                let high = _mm256_extracti128_si256::<1>(acc);
                let parts = [
                    _mm256_cvtepi8_epi32(low),
                    _mm256_cvtepi8_epi32(_mm_srli_si128::<8>(low)),
                    _mm256_cvtepi8_epi32(high),
                    _mm256_cvtepi8_epi32(_mm_srli_si128::<8>(high)),
                ];
                for (w, p) in wide.iter_mut().zip(parts) {
                    *w = _mm256_add_epi32(*w, p);
                }
            }
            let ones32 = _mm256_set1_epi32(1);
            let signs = wide.map(|w| _mm256_sign_epi32(ones32, w));
            // packs work within 128-bit halves; the permute restores order.
            let words_01 = _mm256_packs_epi32(signs[0], signs[1]);
            let words_23 = _mm256_packs_epi32(signs[2], signs[3]);
            let bytes = _mm256_packs_epi16(words_01, words_23);
            let ordered =
                _mm256_permutevar8x32_epi32(bytes, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
            store(o, ordered);
        }
    }
    let start = D - tail_o.len();
    for (i, o) in tail_o.iter_mut().enumerate() {
        let sum: i64 = inputs.iter().map(|x| i64::from(x[start + i])).sum();
        *o = sum.signum() as i8;
    }
}

/// OR of every byte of both slices (a read-bandwidth probe).
#[target_feature(enable = "avx2")]
pub(crate) fn or_all(a: &[i8], b: &[i8]) -> u8 {
    let mut acc = [_mm256_setzero_si256(); 4];
    for slice in [a, b] {
        let (blocks, tail) = slice.as_chunks::<{ 4 * LANES }>();
        for block in blocks {
            let (parts, _) = block.as_chunks::<LANES>();
            for (s, p) in acc.iter_mut().zip(parts) {
                *s = _mm256_or_si256(*s, load(p));
            }
        }
        for &t in tail {
            acc[0] = _mm256_or_si256(acc[0], _mm256_set1_epi8(t));
        }
    }
    let all = _mm256_or_si256(
        _mm256_or_si256(acc[0], acc[1]),
        _mm256_or_si256(acc[2], acc[3]),
    );
    let mut bytes = [0i8; LANES];
    store(&mut bytes, all);
    bytes.iter().fold(0u8, |x, &b| x | b as u8)
}

/// `sums[i] = sums[i].wrapping_add(a[i] * b[i])`: one bound pair added to
/// narrow (`i8`) bundle sums.
#[target_feature(enable = "avx2")]
pub(crate) fn accumulate_bind(sums: &mut [i8], a: &[i8], b: &[i8]) {
    let (blocks_s, tail_s) = sums.as_chunks_mut::<LANES>();
    let (blocks_a, tail_a) = a.as_chunks::<LANES>();
    let (blocks_b, tail_b) = b.as_chunks::<LANES>();
    for ((s, x), y) in blocks_s.iter_mut().zip(blocks_a).zip(blocks_b) {
        let product = _mm256_sign_epi8(load(x), load(y));
        store(s, _mm256_add_epi8(load(s), product));
    }
    for ((s, &x), &y) in tail_s.iter_mut().zip(tail_a).zip(tail_b) {
        *s = s.wrapping_add(x.wrapping_mul(y));
    }
}

/// `out[i] = signum(sums[i])`.
#[target_feature(enable = "avx2")]
pub(crate) fn signs(sums: &[i8], out: &mut [i8]) {
    let ones = _mm256_set1_epi8(1);
    let (blocks_s, tail_s) = sums.as_chunks::<LANES>();
    let (blocks_o, tail_o) = out.as_chunks_mut::<LANES>();
    for (o, s) in blocks_o.iter_mut().zip(blocks_s) {
        store(o, _mm256_sign_epi8(ones, load(s)));
    }
    for (o, &s) in tail_o.iter_mut().zip(tail_s) {
        *o = s.signum();
    }
}
