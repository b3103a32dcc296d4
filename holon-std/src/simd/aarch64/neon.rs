//! NEON kernels over trit slices (-1, 0, +1 as `i8`).
//!
//! A product of trits is a trit, so a byte multiply is exact: `mul`
//! (`vmulq_s8`) binds 16 components, `mla` (`vmlaq_s8`) adds 16 products
//! to `i8` lanes, and `saba` (`vabaq_s8`, absolute difference and
//! accumulate) against zero adds `|x|`, counting non-zeros. Lanes take at
//! most [`NARROW_STEPS`] steps and are then widened by `saddlv`
//! (`vaddlvq_s8`: all sixteen lanes summed to an `i16`). Bundles clamp exact
//! sums to [-1, 1] with `smax`/`smin`.
//!
//! The main loops take [`STEP`] bytes at a time — one `ld1` of four
//! registers, four independent accumulators — then up to three 16-byte
//! blocks, then a scalar tail. NEON is baseline on AArch64: these are safe
//! functions.

use core::arch::aarch64::*;

/// Bytes a vector register holds.
const LANES: usize = 16;
/// Registers per step of the main loops.
const WAYS: usize = 4;
/// Bytes per step of the main loops.
const STEP: usize = WAYS * LANES;
/// Steps an `i8` lane may take (each adding at most 1 in magnitude) before
/// it could overflow.
const NARROW_STEPS: usize = 127;

#[inline]
#[target_feature(enable = "neon")]
fn load(bytes: &[i8; LANES]) -> int8x16_t {
    // SAFETY: `bytes` is a reference to 16 initialised bytes, exactly what a
    // 128-bit load reads (no alignment needed).
    unsafe { vld1q_s8(bytes.as_ptr()) }
}

#[inline]
#[target_feature(enable = "neon")]
fn store(bytes: &mut [i8; LANES], v: int8x16_t) {
    // SAFETY: `bytes` is an exclusive reference to 16 bytes, exactly what a
    // 128-bit store writes.
    unsafe { vst1q_s8(bytes.as_mut_ptr(), v) }
}

#[inline]
#[target_feature(enable = "neon")]
fn load_step(bytes: &[i8; STEP]) -> [int8x16_t; WAYS] {
    // SAFETY: `bytes` is a reference to 64 initialised bytes, exactly what a
    // four-register `ld1` reads.
    let v = unsafe { vld1q_s8_x4(bytes.as_ptr()) };
    [v.0, v.1, v.2, v.3]
}

#[inline]
#[target_feature(enable = "neon")]
fn store_step(bytes: &mut [i8; STEP], v: [int8x16_t; WAYS]) {
    // SAFETY: `bytes` is an exclusive reference to 64 bytes, exactly what a
    // four-register `st1` writes.
    unsafe { vst1q_s8_x4(bytes.as_mut_ptr(), int8x16x4_t(v[0], v[1], v[2], v[3])) }
}

/// Sum of all lanes of narrow accumulators.
#[inline]
#[target_feature(enable = "neon")]
fn widen<const N: usize>(acc: [int8x16_t; N]) -> i64 {
    acc.iter().map(|&v| i64::from(vaddlvq_s8(v))).sum()
}

/// Each lane clamped to [-1, 1]: the sign of an exact sum.
#[inline]
#[target_feature(enable = "neon")]
fn clamp_to_trit(v: int8x16_t) -> int8x16_t {
    vminq_s8(vmaxq_s8(v, vdupq_n_s8(-1)), vdupq_n_s8(1))
}

/// Scalar tail of a dot product.
fn dot_tail(a: &[i8], b: &[i8]) -> i64 {
    a.iter()
        .zip(b)
        .map(|(&x, &y)| i64::from(x) * i64::from(y))
        .sum()
}

/// Exact dot product of two equal-length trit slices.
#[target_feature(enable = "neon")]
pub(crate) fn dot(a: &[i8], b: &[i8]) -> i64 {
    sums::<false, false>(a, b).0
}

/// Exact `(dot, nnz(a), nnz(b))` of two equal-length trit slices.
#[target_feature(enable = "neon")]
pub(crate) fn dot_and_norms(a: &[i8], b: &[i8]) -> (i64, u64, u64) {
    sums::<true, true>(a, b)
}

/// Exact `(dot, nnz(b))`: the per-target work of a batch cosine.
#[target_feature(enable = "neon")]
pub(crate) fn dot_and_nnz_b(a: &[i8], b: &[i8]) -> (i64, u64) {
    let (dot, _, nnz_b) = sums::<false, true>(a, b);
    (dot, nnz_b)
}

/// Number of non-zero components.
#[target_feature(enable = "neon")]
pub(crate) fn nnz(a: &[i8]) -> u64 {
    // Counted as the norm of `a` against itself; the dot product this also
    // sums costs one `mla` per register, once per batch cosine.
    sums::<true, false>(a, a).1
}

/// `(dot, nnz(a), nnz(b))`; a norm whose flag is false is 0 and its
/// accumulators are compiled out.
#[target_feature(enable = "neon")]
fn sums<const NA: bool, const NB: bool>(a: &[i8], b: &[i8]) -> (i64, u64, u64) {
    let zero = vdupq_n_s8(0);
    let (steps_a, rest_a) = a.as_chunks::<STEP>();
    let (steps_b, rest_b) = b.as_chunks::<STEP>();
    let (mut dot, mut nnz_a, mut nnz_b) = (0i64, 0i64, 0i64);
    for (ga, gb) in steps_a
        .chunks(NARROW_STEPS)
        .zip(steps_b.chunks(NARROW_STEPS))
    {
        let mut acc_dot = [zero; WAYS];
        let mut acc_a = [zero; WAYS];
        let mut acc_b = [zero; WAYS];
        for (x, y) in ga.iter().zip(gb) {
            let (x, y) = (load_step(x), load_step(y));
            for i in 0..WAYS {
                acc_dot[i] = vmlaq_s8(acc_dot[i], x[i], y[i]);
                if NA {
                    acc_a[i] = vabaq_s8(acc_a[i], x[i], zero);
                }
                if NB {
                    acc_b[i] = vabaq_s8(acc_b[i], y[i], zero);
                }
            }
        }
        dot += widen(acc_dot);
        if NA {
            nnz_a += widen(acc_a);
        }
        if NB {
            nnz_b += widen(acc_b);
        }
    }
    // At most three 16-byte blocks remain: one step each.
    let (blocks_a, tail_a) = rest_a.as_chunks::<LANES>();
    let (blocks_b, tail_b) = rest_b.as_chunks::<LANES>();
    let (mut acc_dot, mut acc_a, mut acc_b) = (zero, zero, zero);
    for (x, y) in blocks_a.iter().zip(blocks_b) {
        let (x, y) = (load(x), load(y));
        acc_dot = vmlaq_s8(acc_dot, x, y);
        if NA {
            acc_a = vabaq_s8(acc_a, x, zero);
        }
        if NB {
            acc_b = vabaq_s8(acc_b, y, zero);
        }
    }
    dot += widen([acc_dot]) + dot_tail(tail_a, tail_b);
    let (mut nnz_a, mut nnz_b) = (nnz_a.unsigned_abs(), nnz_b.unsigned_abs());
    if NA {
        nnz_a += widen([acc_a]).unsigned_abs() + crate::simd::nnz_scalar(tail_a);
    }
    if NB {
        nnz_b += widen([acc_b]).unsigned_abs() + crate::simd::nnz_scalar(tail_b);
    }
    (dot, nnz_a, nnz_b)
}

/// `out[i] = a[i] * b[i]`.
#[target_feature(enable = "neon")]
pub(crate) fn bind(a: &[i8], b: &[i8], out: &mut [i8]) {
    let (steps_a, rest_a) = a.as_chunks::<STEP>();
    let (steps_b, rest_b) = b.as_chunks::<STEP>();
    let (steps_o, rest_o) = out.as_chunks_mut::<STEP>();
    for ((o, x), y) in steps_o.iter_mut().zip(steps_a).zip(steps_b) {
        let (x, y) = (load_step(x), load_step(y));
        store_step(o, [0, 1, 2, 3].map(|i| vmulq_s8(x[i], y[i])));
    }
    let (blocks_a, tail_a) = rest_a.as_chunks::<LANES>();
    let (blocks_b, tail_b) = rest_b.as_chunks::<LANES>();
    let (blocks_o, tail_o) = rest_o.as_chunks_mut::<LANES>();
    for ((o, x), y) in blocks_o.iter_mut().zip(blocks_a).zip(blocks_b) {
        store(o, vmulq_s8(load(x), load(y)));
    }
    for ((o, &x), &y) in tail_o.iter_mut().zip(tail_a).zip(tail_b) {
        *o = x.wrapping_mul(y);
    }
}

/// `sums[i] = sums[i].wrapping_add(a[i] * b[i])`: one bound pair added to
/// narrow (`i8`) bundle sums.
#[target_feature(enable = "neon")]
pub(crate) fn accumulate_bind(sums: &mut [i8], a: &[i8], b: &[i8]) {
    let (steps_s, rest_s) = sums.as_chunks_mut::<STEP>();
    let (steps_a, rest_a) = a.as_chunks::<STEP>();
    let (steps_b, rest_b) = b.as_chunks::<STEP>();
    for ((s, x), y) in steps_s.iter_mut().zip(steps_a).zip(steps_b) {
        let (acc, x, y) = (load_step(s), load_step(x), load_step(y));
        store_step(s, [0, 1, 2, 3].map(|i| vmlaq_s8(acc[i], x[i], y[i])));
    }
    let (blocks_s, tail_s) = rest_s.as_chunks_mut::<LANES>();
    let (blocks_a, tail_a) = rest_a.as_chunks::<LANES>();
    let (blocks_b, tail_b) = rest_b.as_chunks::<LANES>();
    for ((s, x), y) in blocks_s.iter_mut().zip(blocks_a).zip(blocks_b) {
        store(s, vmlaq_s8(load(s), load(x), load(y)));
    }
    for ((s, &x), &y) in tail_s.iter_mut().zip(tail_a).zip(tail_b) {
        *s = s.wrapping_add(x.wrapping_mul(y));
    }
}

/// `out[i] = signum(sums[i])`.
#[target_feature(enable = "neon")]
pub(crate) fn signs(sums: &[i8], out: &mut [i8]) {
    let (steps_s, rest_s) = sums.as_chunks::<STEP>();
    let (steps_o, rest_o) = out.as_chunks_mut::<STEP>();
    for (o, s) in steps_o.iter_mut().zip(steps_s) {
        store_step(o, load_step(s).map(|v| clamp_to_trit(v)));
    }
    let (blocks_s, tail_s) = rest_s.as_chunks::<LANES>();
    let (blocks_o, tail_o) = rest_o.as_chunks_mut::<LANES>();
    for (o, s) in blocks_o.iter_mut().zip(blocks_s) {
        store(o, clamp_to_trit(load(s)));
    }
    for (o, &s) in tail_o.iter_mut().zip(tail_s) {
        *o = s.signum();
    }
}

/// The sign of the component-wise sums of `inputs` (ties 0) into `out`.
/// At most `i32::MAX` inputs (the caller leaves more to the core, which
/// saturates).
#[target_feature(enable = "neon")]
pub(crate) fn bundle<const D: usize>(inputs: &[&[i8; D]], out: &mut [i8; D]) {
    let done = if inputs.len() <= NARROW_STEPS {
        bundle_narrow(inputs, out)
    } else {
        bundle_wide(inputs, out)
    };
    let (_, tail_o) = out.split_at_mut(done);
    for (i, o) in tail_o.iter_mut().enumerate() {
        let sum: i64 = inputs.iter().map(|x| i64::from(x[done + i])).sum();
        *o = sum.signum() as i8;
    }
}

/// Up to [`NARROW_STEPS`] inputs, column by column with `i8` sums: 64
/// components per column, then 16. Returns how many leading components it
/// wrote (all but a tail shorter than 16).
#[target_feature(enable = "neon")]
fn bundle_narrow<const D: usize>(inputs: &[&[i8; D]], out: &mut [i8; D]) -> usize {
    let zero = vdupq_n_s8(0);
    let (steps_o, rest_o) = out.as_chunks_mut::<STEP>();
    for (c, o) in steps_o.iter_mut().enumerate() {
        let mut acc = [zero; WAYS];
        for x in inputs {
            let (steps, _) = x.as_chunks::<STEP>();
            if let Some(step) = steps.get(c) {
                let v = load_step(step);
                for i in 0..WAYS {
                    acc[i] = vaddq_s8(acc[i], v[i]);
                }
            }
        }
        store_step(o, acc.map(|v| clamp_to_trit(v)));
    }
    let start = D - rest_o.len();
    let (blocks_o, tail_o) = rest_o.as_chunks_mut::<LANES>();
    for (c, o) in blocks_o.iter_mut().enumerate() {
        let mut acc = zero;
        for x in inputs {
            let (blocks, _) = x[start..].as_chunks::<LANES>();
            if let Some(block) = blocks.get(c) {
                acc = vaddq_s8(acc, load(block));
            }
        }
        store(o, clamp_to_trit(acc));
    }
    D - tail_o.len()
}

/// Many inputs: per 16-component column, `i8` sums of up to
/// [`NARROW_STEPS`] inputs widened into `i32` lanes (exact below
/// `i32::MAX` inputs). Returns how many leading components it wrote.
#[target_feature(enable = "neon")]
fn bundle_wide<const D: usize>(inputs: &[&[i8; D]], out: &mut [i8; D]) -> usize {
    let (blocks_o, tail_o) = out.as_chunks_mut::<LANES>();
    for (c, o) in blocks_o.iter_mut().enumerate() {
        let mut wide = [vdupq_n_s32(0); 4];
        for batch in inputs.chunks(NARROW_STEPS) {
            let mut acc = vdupq_n_s8(0);
            for x in batch {
                let (blocks, _) = x.as_chunks::<LANES>();
                if let Some(block) = blocks.get(c) {
                    acc = vaddq_s8(acc, load(block));
                }
            }
            let (low, high) = (vmovl_s8(vget_low_s8(acc)), vmovl_high_s8(acc));
            wide[0] = vaddw_s16(wide[0], vget_low_s16(low));
            wide[1] = vaddw_high_s16(wide[1], low);
            wide[2] = vaddw_s16(wide[2], vget_low_s16(high));
            wide[3] = vaddw_high_s16(wide[3], high);
        }
        let [s0, s1, s2, s3] =
            wide.map(|w| vminq_s32(vmaxq_s32(w, vdupq_n_s32(-1)), vdupq_n_s32(1)));
        let low = vcombine_s16(vmovn_s32(s0), vmovn_s32(s1));
        let high = vcombine_s16(vmovn_s32(s2), vmovn_s32(s3));
        store(o, vcombine_s8(vmovn_s16(low), vmovn_s16(high)));
    }
    D - tail_o.len()
}

/// OR of every byte of both slices (a read-bandwidth probe).
#[target_feature(enable = "neon")]
pub(crate) fn or_all(a: &[i8], b: &[i8]) -> u8 {
    let mut acc = [vdupq_n_s8(0); WAYS];
    let mut rest = 0u8;
    for slice in [a, b] {
        let (steps, tail) = slice.as_chunks::<STEP>();
        for step in steps {
            let v = load_step(step);
            for i in 0..WAYS {
                acc[i] = vorrq_s8(acc[i], v[i]);
            }
        }
        rest = tail.iter().fold(rest, |x, &t| x | t as u8);
    }
    let all = vorrq_s8(vorrq_s8(acc[0], acc[1]), vorrq_s8(acc[2], acc[3]));
    let mut bytes = [0i8; LANES];
    store(&mut bytes, all);
    bytes.iter().fold(rest, |x, &b| x | b as u8)
}
