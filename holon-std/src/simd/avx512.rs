//! AVX-512 kernels over trit slices (-1, 0, +1 as `i8`).
//!
//! AVX-512 has no byte `sign` instruction, but it has `vpdpbusd` (VNNI):
//! four products of unsigned by signed bytes, summed into an `i32` lane, in
//! one instruction. Read as unsigned, a trit is 0, 1 or 255, and
//! 255 = -1 (mod 256), so per lane
//!
//! - `dpbusd(a, b)` = `dot(a, b)` (mod 256), and
//! - `dpbusd(a, a)` = `nnz(a)` (mod 256)
//!
//! (a lane that took `k` steps has seen `4k` components, so the true value
//! lies in `[-4k, 4k]`). Every [`STEPS`] steps the low byte of each lane is
//! extracted (sign-extended for a dot product) and the lane restarts, which
//! makes the sums exact. (Counting `nnz` with `vpsadbw` against 128 instead
//! — a trit byte is 128 away from it when zero, 127 when not — moves work off
//! the `vpdpbusd` port but measured slower here; [`nnz`] alone uses it.)
//!
//! Every function is `#[target_feature(enable = ...)]`: the caller must
//! have checked that the CPU supports AVX-512 F, BW, VL, VNNI and VBMI
//! (`Level::detected` does).

use core::arch::x86_64::*;

/// Bytes a vector register holds.
const LANES: usize = 64;
/// Steps of one `i32` lane between extractions: `4 * 31 = 124 < 128`, so the
/// low byte still determines the signed value.
const STEPS: usize = 31;
/// Independent accumulators (the `vpdpbusd` latency is hidden behind them).
const WAYS: usize = 4;
/// Blocks per group: each accumulator takes at most `STEPS` steps, counting
/// the up-to-three leftover blocks that go to the first one.
const GROUP: usize = WAYS * (STEPS - WAYS + 1);

#[inline]
#[target_feature(enable = "avx512f,avx512bw")]
fn load(bytes: &[i8; LANES]) -> __m512i {
    // SAFETY: `bytes` is a reference to 64 initialised bytes, exactly what an
    // unaligned 512-bit load reads.
    unsafe { _mm512_loadu_si512(bytes.as_ptr().cast()) }
}

#[inline]
#[target_feature(enable = "avx512f,avx512bw")]
fn store(bytes: &mut [i8; LANES], v: __m512i) {
    // SAFETY: `bytes` is an exclusive reference to 64 bytes, exactly what an
    // unaligned 512-bit store writes.
    unsafe { _mm512_storeu_si512(bytes.as_mut_ptr().cast(), v) }
}

/// The signed value of each lane's low byte (a dot product mod 256).
#[inline]
#[target_feature(enable = "avx512f,avx512bw")]
fn low_byte_signed(v: __m512i) -> __m512i {
    _mm512_srai_epi32::<24>(_mm512_slli_epi32::<24>(v))
}

/// The unsigned value of each lane's low byte (a count mod 256).
#[inline]
#[target_feature(enable = "avx512f,avx512bw")]
fn low_byte(v: __m512i) -> __m512i {
    _mm512_and_si512(v, _mm512_set1_epi32(0xFF))
}

/// Scalar tail of a dot product.
fn dot_tail(a: &[i8], b: &[i8]) -> i64 {
    a.iter().zip(b).map(|(&x, &y)| i64::from(x * y)).sum()
}

/// Exact dot product of two equal-length trit slices.
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni")]
pub(super) fn dot(a: &[i8], b: &[i8]) -> i64 {
    let (blocks_a, tail_a) = a.as_chunks::<LANES>();
    let (blocks_b, tail_b) = b.as_chunks::<LANES>();
    let mut wide = _mm512_setzero_si512();
    for (ga, gb) in blocks_a.chunks(GROUP).zip(blocks_b.chunks(GROUP)) {
        let mut acc = [_mm512_setzero_si512(); WAYS];
        let (quads_a, rest_a) = ga.as_chunks::<WAYS>();
        let (quads_b, rest_b) = gb.as_chunks::<WAYS>();
        for (qa, qb) in quads_a.iter().zip(quads_b) {
            for ((s, x), y) in acc.iter_mut().zip(qa).zip(qb) {
                *s = _mm512_dpbusd_epi32(*s, load(x), load(y));
            }
        }
        for (x, y) in rest_a.iter().zip(rest_b) {
            acc[0] = _mm512_dpbusd_epi32(acc[0], load(x), load(y));
        }
        for s in acc {
            wide = _mm512_add_epi32(wide, low_byte_signed(s));
        }
    }
    i64::from(_mm512_reduce_add_epi32(wide)) + dot_tail(tail_a, tail_b)
}

/// Exact `(dot, nnz(a), nnz(b))` of two equal-length trit slices: three
/// `vpdpbusd` per 64 bytes.
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni")]
pub(super) fn dot_and_norms(a: &[i8], b: &[i8]) -> (i64, u64, u64) {
    dot_norms::<true>(a, b)
}

/// Exact `(dot, nnz(b))`: the per-target work of a batch cosine (two
/// `vpdpbusd` per 64 bytes).
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni")]
pub(super) fn dot_and_nnz_b(a: &[i8], b: &[i8]) -> (i64, u64) {
    let (dot, _, nnz_b) = dot_norms::<false>(a, b);
    (dot, nnz_b)
}

/// `(dot, nnz(a), nnz(b))`; with `COUNT_A` false, `nnz(a)` is 0 and its
/// accumulator is compiled out (a batch cosine knows the query's norm).
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni")]
fn dot_norms<const COUNT_A: bool>(a: &[i8], b: &[i8]) -> (i64, u64, u64) {
    let (blocks_a, tail_a) = a.as_chunks::<LANES>();
    let (blocks_b, tail_b) = b.as_chunks::<LANES>();
    let mut wide_dot = _mm512_setzero_si512();
    let mut wide_a = _mm512_setzero_si512();
    let mut wide_b = _mm512_setzero_si512();
    for (ga, gb) in blocks_a.chunks(GROUP).zip(blocks_b.chunks(GROUP)) {
        let mut acc_dot = [_mm512_setzero_si512(); WAYS];
        let mut acc_a = [_mm512_setzero_si512(); WAYS];
        let mut acc_b = [_mm512_setzero_si512(); WAYS];
        let (quads_a, rest_a) = ga.as_chunks::<WAYS>();
        let (quads_b, rest_b) = gb.as_chunks::<WAYS>();
        for (qa, qb) in quads_a.iter().zip(quads_b) {
            for k in 0..WAYS {
                let (x, y) = (load(&qa[k]), load(&qb[k]));
                acc_dot[k] = _mm512_dpbusd_epi32(acc_dot[k], x, y);
                if COUNT_A {
                    acc_a[k] = _mm512_dpbusd_epi32(acc_a[k], x, x);
                }
                acc_b[k] = _mm512_dpbusd_epi32(acc_b[k], y, y);
            }
        }
        for (x, y) in rest_a.iter().zip(rest_b) {
            let (x, y) = (load(x), load(y));
            acc_dot[0] = _mm512_dpbusd_epi32(acc_dot[0], x, y);
            if COUNT_A {
                acc_a[0] = _mm512_dpbusd_epi32(acc_a[0], x, x);
            }
            acc_b[0] = _mm512_dpbusd_epi32(acc_b[0], y, y);
        }
        for k in 0..WAYS {
            wide_dot = _mm512_add_epi32(wide_dot, low_byte_signed(acc_dot[k]));
            if COUNT_A {
                wide_a = _mm512_add_epi32(wide_a, low_byte(acc_a[k]));
            }
            wide_b = _mm512_add_epi32(wide_b, low_byte(acc_b[k]));
        }
    }
    let tail_nnz_a = if COUNT_A {
        super::nnz_scalar(tail_a)
    } else {
        0
    };
    (
        i64::from(_mm512_reduce_add_epi32(wide_dot)) + dot_tail(tail_a, tail_b),
        _mm512_reduce_add_epi32(wide_a).unsigned_abs() as u64 + tail_nnz_a,
        _mm512_reduce_add_epi32(wide_b).unsigned_abs() as u64 + super::nnz_scalar(tail_b),
    )
}

/// Number of non-zero components.
#[target_feature(enable = "avx512f,avx512bw")]
pub(super) fn nnz(a: &[i8]) -> u64 {
    let (blocks, tail) = a.as_chunks::<LANES>();
    let bias = _mm512_set1_epi8(i8::MIN);
    let mut distance = _mm512_setzero_si512();
    for x in blocks {
        distance = _mm512_add_epi64(distance, _mm512_sad_epu8(load(x), bias));
    }
    let simd_bytes = (blocks.len() * LANES) as i64;
    (128 * simd_bytes - _mm512_reduce_add_epi64(distance)).unsigned_abs() + super::nnz_scalar(tail)
}

/// `out[i] = a[i] * b[i]` with masks (no byte `sign` in AVX-512). Kept for
/// the benchmarks: it measured slower than the AVX2 `vpsignb` version.
#[target_feature(enable = "avx512f,avx512bw")]
pub(super) fn bind(a: &[i8], b: &[i8], out: &mut [i8]) {
    let (blocks_a, tail_a) = a.as_chunks::<LANES>();
    let (blocks_b, tail_b) = b.as_chunks::<LANES>();
    let (blocks_o, tail_o) = out.as_chunks_mut::<LANES>();
    let zero = _mm512_setzero_si512();
    for ((o, x), y) in blocks_o.iter_mut().zip(blocks_a).zip(blocks_b) {
        let (x, y) = (load(x), load(y));
        let negative = _mm512_movepi8_mask(y);
        let nonzero = _mm512_test_epi8_mask(y, y);
        let kept = _mm512_maskz_mov_epi8(nonzero, x);
        store(o, _mm512_mask_sub_epi8(kept, negative, zero, x));
    }
    for ((o, &x), &y) in tail_o.iter_mut().zip(tail_a).zip(tail_b) {
        *o = x * y;
    }
}

/// The sign of the component-wise sums of `inputs` (ties 0) into `out`.
/// At most `i32::MAX` inputs.
#[target_feature(enable = "avx512f,avx512bw")]
pub(super) fn bundle<const D: usize>(inputs: &[&[i8; D]], out: &mut [i8; D]) {
    let (blocks_o, tail_o) = out.as_chunks_mut::<LANES>();
    let one = _mm512_set1_epi8(1);
    let minus_one = _mm512_set1_epi8(-1);
    if inputs.len() <= 127 {
        for (c, o) in blocks_o.iter_mut().enumerate() {
            let mut acc = _mm512_setzero_si512();
            for x in inputs {
                let (blocks, _) = x.as_chunks::<LANES>();
                if let Some(block) = blocks.get(c) {
                    acc = _mm512_add_epi8(acc, load(block));
                }
            }
            store(o, _mm512_max_epi8(_mm512_min_epi8(acc, one), minus_one));
        }
    } else {
        let one32 = _mm512_set1_epi32(1);
        let minus_one32 = _mm512_set1_epi32(-1);
        for (c, o) in blocks_o.iter_mut().enumerate() {
            let mut wide = [_mm512_setzero_si512(); 4];
            for batch in inputs.chunks(127) {
                let mut acc = _mm512_setzero_si512();
                for x in batch {
                    let (blocks, _) = x.as_chunks::<LANES>();
                    if let Some(block) = blocks.get(c) {
                        acc = _mm512_add_epi8(acc, load(block));
                    }
                }
                let parts = [
                    _mm512_cvtepi8_epi32(_mm512_extracti32x4_epi32::<0>(acc)),
                    _mm512_cvtepi8_epi32(_mm512_extracti32x4_epi32::<1>(acc)),
                    _mm512_cvtepi8_epi32(_mm512_extracti32x4_epi32::<2>(acc)),
                    _mm512_cvtepi8_epi32(_mm512_extracti32x4_epi32::<3>(acc)),
                ];
                for (w, p) in wide.iter_mut().zip(parts) {
                    *w = _mm512_add_epi32(*w, p);
                }
            }
            let signs = wide.map(|w| {
                _mm512_cvtepi32_epi8(_mm512_max_epi32(_mm512_min_epi32(w, one32), minus_one32))
            });
            let low = _mm256_set_m128i(signs[1], signs[0]);
            let high = _mm256_set_m128i(signs[3], signs[2]);
            let v = _mm512_inserti64x4::<1>(_mm512_castsi256_si512(low), high);
            store(o, v);
        }
    }
    let start = D - tail_o.len();
    for (i, o) in tail_o.iter_mut().enumerate() {
        let sum: i64 = inputs.iter().map(|x| i64::from(x[start + i])).sum();
        *o = sum.signum() as i8;
    }
}

/// OR of every byte of both slices (a read-bandwidth probe).
#[target_feature(enable = "avx512f,avx512bw")]
pub(super) fn or_all(a: &[i8], b: &[i8]) -> u8 {
    let mut acc = [_mm512_setzero_si512(); 4];
    for slice in [a, b] {
        let (blocks, tail) = slice.as_chunks::<{ 4 * LANES }>();
        for block in blocks {
            let (parts, _) = block.as_chunks::<LANES>();
            for (s, p) in acc.iter_mut().zip(parts) {
                *s = _mm512_or_si512(*s, load(p));
            }
        }
        for &t in tail {
            acc[0] = _mm512_or_si512(acc[0], _mm512_set1_epi8(t));
        }
    }
    let all = _mm512_or_si512(
        _mm512_or_si512(acc[0], acc[1]),
        _mm512_or_si512(acc[2], acc[3]),
    );
    let mut bytes = [0i8; LANES];
    store(&mut bytes, all);
    bytes.iter().fold(0u8, |x, &b| x | b as u8)
}
