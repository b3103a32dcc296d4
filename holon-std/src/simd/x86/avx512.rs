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
//! makes the sums exact. A cosine is three `vpdpbusd` per 64 bytes, [`WAYS`]
//! independent accumulators each.
//!
//! What bounds it (D = 4096, this Sapphire-Rapids-class Xeon): `vpdpbusd`
//! on a `zmm` issues on ports 0 *and* 5 (measured: 12 independent ones take
//! as long as 12 `vpaddq`), so three per block are 1.5 cycles; `vpsadbw` is
//! port 5 only, and counting a norm with it against 128 (a trit byte is 128
//! away from it when zero, 127 when not) costs a `vpsadbw` plus a `vpaddq`
//! — two port slots instead of one. It measured slower again here (one
//! norm: 69 ns against 64 ns; both: 77 ns), with 2 to 8 accumulators;
//! [`nnz`] alone uses it. The real cost was the loads: a `Vector<D>` is
//! byte-aligned, and at an offset that is not a multiple of 64 every 64-byte
//! load straddles two cache lines. The same kernel took 47 ns on aligned
//! input and 64 ns at offset 40 (where the benchmark's vectors happened to
//! sit). So the kernels peel a masked partial block up to `a`'s first 64-byte
//! boundary (and take the tail as a second masked block): every other load
//! of `a` is aligned, and so is every load of `b` at the same offset modulo
//! 64 (49 ns; 53 ns when only `a` can be aligned). [`cosine`] also keeps
//! its float tail in one register (one `sqrtps` for both norms), which the
//! call's critical path runs through.
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

/// The first `bytes.len()` (at most [`LANES`]) bytes of a block, the rest
/// zero: zero trits add nothing to a dot product or a count.
#[inline]
#[target_feature(enable = "avx512f,avx512bw")]
fn load_partial(bytes: &[i8]) -> __m512i {
    debug_assert!(bytes.len() <= LANES);
    let mask = u64::MAX
        .checked_shr((LANES - bytes.len()) as u32)
        .unwrap_or(0);
    // SAFETY: the mask selects the first `bytes.len()` bytes, all inside the
    // slice; a masked AVX-512 load does not access the bytes it masks off
    // (faults on them are suppressed), so nothing outside `bytes` is read.
    unsafe { _mm512_maskz_loadu_epi8(mask, bytes.as_ptr()) }
}

/// Bytes before the first 64-byte boundary at or after `a` (0..64), capped
/// at `a.len()`: peeling them makes every full-block load of `a` aligned.
fn head_len(a: &[i8]) -> usize {
    ((a.as_ptr() as usize).wrapping_neg() % LANES).min(a.len())
}

/// Narrow `vpdpbusd` lanes of `dot(a, b)`, `nnz(a)` (when `NA`) and
/// `nnz(b)` (when `NB`); a sum the caller does not want is compiled out.
#[derive(Clone, Copy)]
struct Narrow<const NA: bool, const NB: bool> {
    dot: __m512i,
    a: __m512i,
    b: __m512i,
}

impl<const NA: bool, const NB: bool> Narrow<NA, NB> {
    #[inline]
    #[target_feature(enable = "avx512f,avx512bw")]
    fn zero() -> Self {
        let zero = _mm512_setzero_si512();
        Narrow {
            dot: zero,
            a: zero,
            b: zero,
        }
    }

    /// One step: 64 components of each slice.
    #[inline]
    #[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni")]
    fn step(&mut self, x: __m512i, y: __m512i) {
        self.dot = _mm512_dpbusd_epi32(self.dot, x, y);
        if NA {
            self.a = _mm512_dpbusd_epi32(self.a, x, x);
        }
        if NB {
            self.b = _mm512_dpbusd_epi32(self.b, y, y);
        }
    }

    /// Adds the exact values of at most [`STEPS`] steps to `wide`.
    #[inline]
    #[target_feature(enable = "avx512f,avx512bw")]
    fn flush_into(self, wide: &mut Self) {
        wide.dot = _mm512_add_epi32(wide.dot, low_byte_signed(self.dot));
        if NA {
            wide.a = _mm512_add_epi32(wide.a, low_byte(self.a));
        }
        if NB {
            wide.b = _mm512_add_epi32(wide.b, low_byte(self.b));
        }
    }
}

/// Exact dot product of two equal-length trit slices.
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni")]
pub(crate) fn dot(a: &[i8], b: &[i8]) -> i64 {
    dot_norms::<false, false>(a, b).0
}

/// Exact `(dot, nnz(a), nnz(b))` of two equal-length trit slices: three
/// `vpdpbusd` per 64 bytes.
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni")]
pub(crate) fn dot_and_norms(a: &[i8], b: &[i8]) -> (i64, u64, u64) {
    dot_norms::<true, true>(a, b)
}

/// Exact `(dot, nnz(b))`: the per-target work of a batch cosine (two
/// `vpdpbusd` per 64 bytes).
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni")]
pub(crate) fn dot_and_nnz_b(a: &[i8], b: &[i8]) -> (i64, u64) {
    let (dot, _, nnz_b) = dot_norms::<false, true>(a, b);
    (dot, nnz_b)
}

/// `(dot, nnz(a), nnz(b))` of two equal-length slices; a count not asked
/// for (`NA`, `NB` false) is 0 and costs nothing.
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni")]
fn dot_norms<const NA: bool, const NB: bool>(a: &[i8], b: &[i8]) -> (i64, u64, u64) {
    let wide = sums::<NA, NB>(a, b);
    let count = |v: __m512i| _mm512_reduce_add_epi32(v).unsigned_abs() as u64;
    (
        i64::from(_mm512_reduce_add_epi32(wide.dot)),
        if NA { count(wide.a) } else { 0 },
        if NB { count(wide.b) } else { 0 },
    )
}

/// The exact sums of two equal-length slices, spread over `i32` lanes (the
/// lanes of each sum add up to it; every lane is at most `a.len()` in
/// magnitude).
///
/// The bytes up to `a`'s first 64-byte boundary (the head) and the bytes
/// after the last full block (the tail) are two masked partial blocks; every
/// other load of `a` is aligned, and so is every load of `b` when `b` has
/// the same offset modulo 64.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni")]
fn sums<const NA: bool, const NB: bool>(a: &[i8], b: &[i8]) -> Narrow<NA, NB> {
    let head = head_len(a);
    let (head_a, body_a) = a.split_at(head);
    let (head_b, body_b) = b.split_at(head);
    let (blocks_a, tail_a) = body_a.as_chunks::<LANES>();
    let (blocks_b, tail_b) = body_b.as_chunks::<LANES>();
    let mut edges = Narrow::<NA, NB>::zero();
    edges.step(load_partial(head_a), load_partial(head_b));
    edges.step(load_partial(tail_a), load_partial(tail_b));
    let mut wide = Narrow::zero();
    edges.flush_into(&mut wide);
    for (ga, gb) in blocks_a.chunks(GROUP).zip(blocks_b.chunks(GROUP)) {
        let mut acc = [Narrow::<NA, NB>::zero(); WAYS];
        let (quads_a, rest_a) = ga.as_chunks::<WAYS>();
        let (quads_b, rest_b) = gb.as_chunks::<WAYS>();
        for (qa, qb) in quads_a.iter().zip(quads_b) {
            for ((s, x), y) in acc.iter_mut().zip(qa).zip(qb) {
                s.step(load(x), load(y));
            }
        }
        for (x, y) in rest_a.iter().zip(rest_b) {
            acc[0].step(load(x), load(y));
        }
        for s in acc {
            s.flush_into(&mut wide);
        }
    }
    wide
}

/// The four `i32` lanes of `v`'s 128-bit quarters, added.
#[inline]
#[target_feature(enable = "avx512f")]
fn fold_to_128(v: __m512i) -> __m128i {
    let half = _mm256_add_epi32(_mm512_castsi512_si256(v), _mm512_extracti64x4_epi64::<1>(v));
    _mm_add_epi32(
        _mm256_castsi256_si128(half),
        _mm256_extracti128_si256::<1>(half),
    )
}

/// Cosine of two equal-length trit slices (shorter than 2^31), bit for bit
/// the core's `dot as f32 / (sqrtf(nnz_a as f32) * sqrtf(nnz_b as f32))`,
/// 0.0 for a zero norm.
///
/// The three sums are reduced and converted side by side in one register
/// and both square roots are one `sqrtps`: the float tail sits on the
/// critical path of every call, so it is kept short. Exact: every sum fits
/// an `i32`, `cvtdq2ps` rounds it to nearest as `as f32` does, and `sqrtps`,
/// `mulss` and `divss` are the correctly rounded IEEE operations `sqrtf`,
/// `*` and `/` are.
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vnni")]
pub(crate) fn cosine(a: &[i8], b: &[i8]) -> f32 {
    debug_assert!(i32::try_from(a.len()).is_ok());
    let wide = sums::<true, true>(a, b);
    let (dot, na, nb) = (
        fold_to_128(wide.dot),
        fold_to_128(wide.a),
        fold_to_128(wide.b),
    );
    // [a0 + a2, b0 + b2, a1 + a3, b1 + b3], then [nnz_a, nnz_b, nnz_a, nnz_b].
    let norms = _mm_add_epi32(_mm_unpacklo_epi32(na, nb), _mm_unpackhi_epi32(na, nb));
    let norms = _mm_add_epi32(norms, _mm_shuffle_epi32::<0b01_00_11_10>(norms));
    let dot = _mm_add_epi32(dot, _mm_shuffle_epi32::<0b01_00_11_10>(dot));
    let dot = _mm_add_epi32(dot, _mm_shuffle_epi32::<0b10_11_00_01>(dot));
    let zero_norm = _mm_cmpeq_epi32_mask(norms, _mm_setzero_si128()) & 0b11 != 0;
    let roots = _mm_sqrt_ps(_mm_cvtepi32_ps(norms));
    let denominator = _mm_mul_ss(roots, _mm_movehdup_ps(roots));
    let cosine = _mm_cvtss_f32(_mm_div_ss(_mm_cvtepi32_ps(dot), denominator));
    if zero_norm {
        0.0
    } else {
        cosine
    }
}

/// Number of non-zero components.
#[target_feature(enable = "avx512f,avx512bw")]
pub(crate) fn nnz(a: &[i8]) -> u64 {
    let (blocks, tail) = a.as_chunks::<LANES>();
    let bias = _mm512_set1_epi8(i8::MIN);
    let mut distance = _mm512_setzero_si512();
    for x in blocks {
        distance = _mm512_add_epi64(distance, _mm512_sad_epu8(load(x), bias));
    }
    let simd_bytes = (blocks.len() * LANES) as i64;
    (128 * simd_bytes - _mm512_reduce_add_epi64(distance)).unsigned_abs()
        + crate::simd::nnz_scalar(tail)
}

/// `out[i] = a[i] * b[i]` with masks (no byte `sign` in AVX-512). Kept for
/// the benchmarks: it measured slower than the AVX2 `vpsignb` version.
#[target_feature(enable = "avx512f,avx512bw")]
pub(crate) fn bind(a: &[i8], b: &[i8], out: &mut [i8]) {
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
pub(crate) fn bundle<const D: usize>(inputs: &[&[i8; D]], out: &mut [i8; D]) {
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
pub(crate) fn or_all(a: &[i8], b: &[i8]) -> u8 {
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
