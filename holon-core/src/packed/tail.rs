//! The cosine's float tail for counts that fit `f32` exactly, per core.
//!
//! [`cosine_from_counts`](crate::vector::cosine_from_counts) is
//! `dot / (sqrtf(nnz_a) * sqrtf(nnz_b))` with `libm::sqrtf` and 64-bit
//! integers. Packed counts are at most `32 * W`, so up to 2^24 they are
//! exact `f32`s and the 32-bit conversions give the same floats as the
//! 64-bit ones; the square root of such an integer is computed in the
//! cheapest exactly rounded way the core has, which gives the bits
//! `libm::sqrtf` gives (it rounds correctly too):
//!
//! - on Arm hard-float targets, the FPU: conversions, `vsqrt.f32`, product
//!   and quotient in one piece of assembly (`libm` has no Arm path: its
//!   software root costs about 100 instructions on a Cortex-M4);
//! - on soft-float Arm (Cortex-M0), where every `f32` operation inside
//!   `libm::sqrtf` is a library call (about 800 instructions), a
//!   digit-by-digit integer root (its steps in Thumb-1 assembly) and an
//!   integer product of the two roots;
//! - `libm::sqrtf` everywhere else, the reference (RV32IMAC's `mulhu` makes
//!   it cheaper there than the integer root).
//!
//! Larger counts take [`cosine_from_counts`](crate::vector::cosine_from_counts)
//! itself. The host tests compare every root up to 2^24 with `libm::sqrtf`
//! and the integer product with the FPU's.

use crate::vector::cosine_from_counts;

/// Counts up to this are exact in `f32` (24-bit significand).
const EXACT: u32 = 1 << 24;

/// [`cosine_from_counts`], the same bits, faster for counts up to 2^24.
#[inline]
pub(super) fn cosine(dot: i64, nnz_a: u64, nnz_b: u64) -> f32 {
    match (
        i32::try_from(dot),
        u32::try_from(nnz_a),
        u32::try_from(nnz_b),
    ) {
        (Ok(dot), Ok(a), Ok(b)) if a <= EXACT && b <= EXACT => exact(dot, a, b),
        _ => cosine_from_counts(dot, nnz_a, nnz_b),
    }
}

/// [`cosine`] for counts the caller knows are at most 2^24.
#[inline(always)]
pub(super) fn exact(dot: i32, nnz_a: u32, nnz_b: u32) -> f32 {
    if nnz_a == 0 || nnz_b == 0 {
        return 0.0;
    }
    quotient(dot, nnz_a, nnz_b)
}

/// `dot / (sqrt(a) * sqrt(b))` for non-zero counts up to 2^24: the
/// conversions, roots, product and quotient in the FPU, in one piece of
/// assembly (the same IEEE operations, rounded to nearest, that the
/// compiler emits for the Rust expression, with the hardware root).
#[cfg(all(target_arch = "arm", target_abi = "eabihf"))]
#[inline(always)]
#[allow(unsafe_code)]
fn quotient(dot: i32, a: u32, b: u32) -> f32 {
    let bits: u32;
    // SAFETY: the instructions read the three named core registers, write
    // one, and use s0 and s1, which they save and restore on the stack;
    // every Arm hard-float target has the VFP unit. (They go through the
    // stack because Rust's `sreg` operands need the `vfp2` feature, which
    // a single-precision FPU such as the Cortex-M4's lacks.)
    unsafe {
        core::arch::asm!(
            "vpush {{s0, s1}}",
            "vmov s0, {a}",
            "vmov s1, {b}",
            "vcvt.f32.u32 s0, s0",
            "vcvt.f32.u32 s1, s1",
            "vsqrt.f32 s0, s0",
            "vsqrt.f32 s1, s1",
            "vmul.f32 s0, s0, s1",
            "vmov s1, {dot}",
            "vcvt.f32.s32 s1, s1",
            "vdiv.f32 s0, s1, s0",
            "vmov {bits}, s0",
            "vpop {{s0, s1}}",
            a = in(reg) a,
            b = in(reg) b,
            dot = in(reg) dot,
            bits = lateout(reg) bits,
            options(pure, nomem, preserves_flags),
        );
    }
    f32::from_bits(bits)
}

/// `libm::sqrtf(x)`, the same bits for every `x >= 0` (infinity
/// included): on Arm hard-float targets the FPU's `vsqrt.f32` (both round
/// correctly), so a firmware that takes its roots here links no software
/// root (about 0.5 KB with its table on a Cortex-M4). A negative or NaN `x`
/// gives a NaN from both, not necessarily with the same bits, so callers
/// pass counts and sums of squares only.
#[cfg(all(target_arch = "arm", target_abi = "eabihf"))]
#[allow(unsafe_code)]
pub(crate) fn sqrtf(x: f32) -> f32 {
    let bits: u32;
    // SAFETY: as in `quotient`: one core register in, one out, s0 saved
    // and restored on the stack.
    unsafe {
        core::arch::asm!(
            "vpush {{s0}}",
            "vmov s0, {x}",
            "vsqrt.f32 s0, s0",
            "vmov {bits}, s0",
            "vpop {{s0}}",
            x = in(reg) x.to_bits(),
            bits = lateout(reg) bits,
            options(pure, nomem, preserves_flags),
        );
    }
    f32::from_bits(bits)
}

/// `libm::sqrtf(x)`.
#[cfg(not(all(target_arch = "arm", target_abi = "eabihf")))]
#[inline(always)]
pub(crate) fn sqrtf(x: f32) -> f32 {
    libm::sqrtf(x)
}

/// `dot / (sqrt(a) * sqrt(b))` for non-zero counts up to 2^24.
#[cfg(not(all(target_arch = "arm", target_abi = "eabihf")))]
#[inline(always)]
fn quotient(dot: i32, a: u32, b: u32) -> f32 {
    dot as f32 / product(root(a), root(b))
}

/// `x * y` where `f32` arithmetic is a library call: the integer product
/// of the significands, rounded to nearest even, for the roots of counts
/// (`x` and `y` in `[1, 2^12]`, so the product is a normal number).
#[cfg(all(target_arch = "arm", not(target_abi = "eabihf")))]
#[inline(always)]
fn product(x: f32, y: f32) -> f32 {
    integer_product(x, y)
}

/// `x * y`, the reference.
#[cfg(not(target_arch = "arm"))]
#[inline(always)]
fn product(x: f32, y: f32) -> f32 {
    x * y
}

/// The correctly rounded product of two positive normal `f32`s whose
/// product is normal, by 32-bit integer arithmetic only (no 64-bit
/// multiply, which is a library call on the Cortex-M0).
///
/// The 48-bit product of the 24-bit significands is built from 16-bit
/// halves as `hi * 2^32 + lo`; its top 24 bits are the significand, the
/// next bit and the rest decide the rounding (half to even).
#[cfg_attr(
    not(any(test, all(target_arch = "arm", not(target_abi = "eabihf")))),
    allow(dead_code)
)]
fn integer_product(x: f32, y: f32) -> f32 {
    let (bx, by) = (x.to_bits(), y.to_bits());
    let (mx, my) = ((bx & 0x7F_FFFF) | 0x80_0000, (by & 0x7F_FFFF) | 0x80_0000);
    let (xh, xl, yh, yl) = (mx >> 16, mx & 0xFFFF, my >> 16, my & 0xFFFF);
    // xh, yh < 2^8: the cross terms stay below 2^25.
    let cross = xh * yl + xl * yh;
    let (lo, carry) = (xl * yl).overflowing_add(cross << 16);
    let hi = xh * yh + (cross >> 16) + u32::from(carry);
    // The product is in [2^46, 2^48): drop 23 bits, or 24 from 2^47 up.
    let shift = 23 + (hi >> 15);
    let significand = (hi << (32 - shift)) | (lo >> shift);
    let half = 1u32 << (shift - 1);
    let rest = lo & ((half << 1) - 1);
    let up = rest > half || (rest == half && significand & 1 == 1);
    // A significand rounded up to 2^24 carries into the exponent.
    let exponent = shift + (bx >> 23) + (by >> 23) - 151;
    f32::from_bits((exponent << 23) + significand + u32::from(up))
}

/// `libm::sqrtf(n as f32)` for `n <= 2^24`: the integer root.
#[cfg(all(target_arch = "arm", not(target_abi = "eabihf")))]
#[inline(always)]
fn root(n: u32) -> f32 {
    integer_root(n)
}

/// `libm::sqrtf(n as f32)`, the reference.
#[cfg(not(target_arch = "arm"))]
#[inline(always)]
fn root(n: u32) -> f32 {
    sqrtf(n as f32)
}

/// The correctly rounded `f32` square root of `n <= 2^24`, by integer
/// arithmetic only.
///
/// The root of `N = n * 4^k`, with `k` chosen so that `N` has 25 pairs of
/// bits, is taken one bit a step (25 steps, all in `u32`: the remainder
/// stays below `2 * root + 1 < 2^26`). Its 25 bits are the significand and
/// the rounding bit. No tie can occur: the root of an integer is an integer
/// or irrational, and an integer root has at most 13 bits, so its last
/// significant bit is far above the rounding bit.
#[cfg_attr(
    not(any(test, all(target_arch = "arm", not(target_abi = "eabihf")))),
    allow(dead_code)
)]
fn integer_root(n: u32) -> f32 {
    if n == 0 || n > EXACT {
        return libm::sqrtf(n as f32);
    }
    let (root, pairs) = root_bits(n);
    // root is in [2^24, 2^25): the significand, rounded half up (there is
    // no half), is in [2^23, 2^24]; 2^24 carries into the exponent. The
    // value is significand * 2^(1 - k) with k = 25 - pairs.
    let significand = (root + 1) >> 1;
    f32::from_bits(((125 + pairs) << 23) + significand)
}

/// The 25 steps of [`integer_root`] for `n` in `1..=2^24`: a step for each
/// of the `pairs` pairs of bits of `n` (1..=13) from the top, then `25 -
/// pairs` steps taking zero pairs. Returns the root (25 bits) and `pairs`.
#[cfg(not(holon_thumb1))]
#[inline(always)]
fn root_bits(n: u32) -> (u32, u32) {
    // The top pair at bits 31..30 of `x`.
    let pairs = (32 - n.leading_zeros()).div_ceil(2);
    let mut x = n << (32 - 2 * pairs);
    let (mut root, mut rem) = (0u32, 0u32);
    for _ in 0..25 {
        rem = (rem << 2) | (x >> 30);
        x <<= 2;
        let trial = (root << 2) | 1;
        root <<= 1;
        if rem >= trial {
            rem -= trial;
            root |= 1;
        }
    }
    (root, pairs)
}

/// [`root_bits`] in Thumb-1 assembly. A binary search on pairs finds the
/// top pair (a library call for `leading_zeros` costs twice as much), the
/// trial `4 * root + 1` is kept
/// instead of the root (a step doubles it and adds 3 or subtracts 1), the
/// steps on zero pairs skip taking a pair, and every value stays in a low
/// register.
#[cfg(holon_thumb1)]
#[inline(always)]
#[allow(unsafe_code)]
fn root_bits(n: u32) -> (u32, u32) {
    let (trial, pairs): (u32, u32);
    // SAFETY: register arithmetic only; `n` is in 1..=2^24, so the binary
    // search leaves `pairs` in 1..=13, the first loop ends and the second
    // runs (25 - pairs) / 2 >= 6 times.
    unsafe {
        core::arch::asm!(
            "movs {pairs}, #16",
            "lsrs {t}, {x}, #16",
            "bne 20f",
            "lsls {x}, {x}, #16",
            "subs {pairs}, #8",
            "20:",
            "lsrs {t}, {x}, #24",
            "bne 21f",
            "lsls {x}, {x}, #8",
            "subs {pairs}, #4",
            "21:",
            "lsrs {t}, {x}, #28",
            "bne 22f",
            "lsls {x}, {x}, #4",
            "subs {pairs}, #2",
            "22:",
            "lsrs {t}, {x}, #30",
            "bne 23f",
            "lsls {x}, {x}, #2",
            "subs {pairs}, #1",
            "23:",
            "mov {n}, {pairs}",
            "movs {rem}, #0",
            "movs {y}, #1",
            "2:",
            "lsls {x}, {x}, #1",
            "adcs {rem}, {rem}",
            "lsls {x}, {x}, #1",
            "adcs {rem}, {rem}",
            "cmp {rem}, {y}",
            "blo 3f",
            "subs {rem}, {rem}, {y}",
            "lsls {y}, {y}, #1",
            "adds {y}, #3",
            "b 4f",
            "3:",
            "lsls {y}, {y}, #1",
            "subs {y}, #1",
            "4:",
            "subs {n}, #1",
            "bne 2b",
            "movs {n}, #25",
            "subs {n}, {n}, {pairs}",
            "lsrs {n}, {n}, #1",
            "bcc 5f",
            "lsls {rem}, {rem}, #2",
            "cmp {rem}, {y}",
            "blo 6f",
            "subs {rem}, {rem}, {y}",
            "lsls {y}, {y}, #1",
            "adds {y}, #3",
            "b 7f",
            "6:",
            "lsls {y}, {y}, #1",
            "subs {y}, #1",
            "7:",
            "5:",
            "8:",
            "lsls {rem}, {rem}, #2",
            "cmp {rem}, {y}",
            "blo 10f",
            "subs {rem}, {rem}, {y}",
            "lsls {y}, {y}, #1",
            "adds {y}, #3",
            "b 11f",
            "10:",
            "lsls {y}, {y}, #1",
            "subs {y}, #1",
            "11:",
            "lsls {rem}, {rem}, #2",
            "cmp {rem}, {y}",
            "blo 12f",
            "subs {rem}, {rem}, {y}",
            "lsls {y}, {y}, #1",
            "adds {y}, #3",
            "b 13f",
            "12:",
            "lsls {y}, {y}, #1",
            "subs {y}, #1",
            "13:",
            "subs {n}, #1",
            "bne 8b",
            x = inout(reg) n => _,
            n = out(reg) _,
            pairs = out(reg) pairs,
            t = out(reg) _,
            rem = out(reg) _,
            y = out(reg) trial,
            options(pure, nomem, nostack),
        );
    }
    (trial >> 2, pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_integer_root_is_libms_up_to_2_pow_24() {
        for n in 0..=EXACT {
            let expected = libm::sqrtf(n as f32);
            assert_eq!(integer_root(n).to_bits(), expected.to_bits(), "n = {n}");
        }
    }

    #[test]
    fn the_integer_product_is_the_fpus() {
        let roots: [f32; 4097] = core::array::from_fn(|n| libm::sqrtf(n as f32));
        for &x in &roots[1..] {
            for &y in &roots[1..] {
                assert_eq!(
                    integer_product(x, y).to_bits(),
                    (x * y).to_bits(),
                    "{x} * {y}"
                );
            }
        }
        // Significands with many trailing bits, ties included.
        let mut seed = 0x2545_F491u32;
        for _ in 0..1_000_000 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let x = f32::from_bits((127 + (seed >> 28)) << 23 | (seed & 0x7F_FFFF));
            let y = f32::from_bits((127 + (seed & 7)) << 23 | (seed.rotate_left(11) & 0x7F_FFFF));
            assert_eq!(
                integer_product(x, y).to_bits(),
                (x * y).to_bits(),
                "{x} * {y}"
            );
        }
        for (x, y) in [
            (1.0, 1.0),
            (1.5, 1.5),
            (4096.0, 4096.0),
            (f32::from_bits(0x3FFF_FFFF), 2.0),
        ] {
            assert_eq!(
                integer_product(x, y).to_bits(),
                (x * y).to_bits(),
                "{x} * {y}"
            );
        }
    }

    #[test]
    fn the_root_is_libms() {
        for n in (0..=EXACT)
            .step_by(997)
            .chain([1, 2, 3, 4, 1023, 1024, EXACT])
        {
            assert_eq!(
                root(n).to_bits(),
                libm::sqrtf(n as f32).to_bits(),
                "n = {n}"
            );
        }
    }

    #[test]
    fn the_tail_is_cosine_from_counts() {
        let counts = [
            0u64,
            1,
            2,
            3,
            511,
            512,
            700,
            1023,
            1024,
            4096,
            1 << 24,
            (1 << 24) + 1,
        ];
        for &a in &counts {
            for &b in &counts {
                for dot in [
                    0i64,
                    1,
                    -1,
                    7,
                    -300,
                    511,
                    -1024,
                    4096,
                    1 << 24,
                    -(1 << 24) - 3,
                ] {
                    let (got, expected) = (cosine(dot, a, b), cosine_from_counts(dot, a, b));
                    assert_eq!(got.to_bits(), expected.to_bits(), "{dot} {a} {b}");
                }
            }
        }
    }
}
