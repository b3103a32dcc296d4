//! Inner loops over trit slices, written so that the compiler vectorises them
//! on any target without `unsafe` or target-specific code.
//!
//! Two habits make the difference: products of trits are formed with bit
//! operations (no byte multiply exists on SSE2 or Cortex-M), and sums run in
//! narrow lanes (`i8`, at most 127 steps) that are widened only now and then,
//! instead of widening every component.
//!
//! A vector may hold non-trits after a broken promise to
//! [`Vector::from_trusted_trits`](crate::Vector::from_trusted_trits) (a logic
//! error). Then every narrow lane still only wraps, the SWAR lanes still add
//! at most 1 per byte per step, and no shift, index or multiply depends on a
//! component's value: results are unspecified (and differ between the two
//! implementations) but nothing panics or overflows, even with overflow
//! checks on.

/// Components summed side by side in narrow lanes.
#[cfg(any(test, target_pointer_width = "64"))]
const LANES: usize = 32;
/// Steps an `i8` lane may take before it could overflow.
#[cfg(any(test, target_pointer_width = "64"))]
const NARROW_STEPS: usize = 127;

// Two implementations of the same exact integer results. 64-bit targets
// (x86-64 SSE2, AArch64 NEON) auto-vectorise the narrow-lane loops; 32-bit
// microcontrollers have no vector unit, and there word-wide SWAR (four trits
// per `u32`) is 3-6x fewer instructions (Cortex-M4 under QEMU -icount:
// cosine at D = 4096 85 484 -> 14 120, bind 53 282 -> 17 442) while it is
// 1.3-1.5x slower than the vectorised loops on x86-64. Tests run both.
#[cfg(target_pointer_width = "64")]
pub(crate) use lanes::{dot, dot_and_norms, product_into};
#[cfg(not(target_pointer_width = "64"))]
pub(crate) use swar::{dot, dot_and_norms, product_into};

/// `x * y` for trits, without a multiply.
///
/// Both non-zero trits have bit 0 set, and bit 1 set only for -1, so
/// `both = x & y & 1` says whether the product is non-zero and
/// `(x ^ y) & -both` is `0` (same sign) or `0xFE` (opposite signs).
#[inline(always)]
pub(crate) fn trit_product(x: i8, y: i8) -> i8 {
    let both = x & y & 1;
    both | ((x ^ y) & both.wrapping_neg())
}

/// `1` for a non-zero trit, else `0`.
#[inline(always)]
fn trit_is_nonzero(x: i8) -> i8 {
    x & 1
}

/// Narrow `i8` lanes that the compiler vectorises.
#[cfg(any(test, target_pointer_width = "64"))]
mod lanes {
    use super::{trit_is_nonzero, trit_product, LANES, NARROW_STEPS};

    /// Widening sum of `i8` lanes.
    fn widen(lanes: &[i8; LANES]) -> i64 {
        lanes.iter().map(|&l| i64::from(l)).sum()
    }

    /// Exact `(dot, nnz(a), nnz(b))` of two equal-length trit slices.
    pub(crate) fn dot_and_norms(a: &[i8], b: &[i8]) -> (i64, u64, u64) {
        let (mut dot, mut nnz_a, mut nnz_b) = (0i64, 0i64, 0i64);
        // `as_chunks` splits at compile-time block size: unlike `chunks_exact`,
        // no division by a runtime length survives into the code, so no panic
        // path does either at any optimisation level.
        let (blocks_a, tail_a) = a.as_chunks::<LANES>();
        let (blocks_b, tail_b) = b.as_chunks::<LANES>();
        let mut lanes_dot = [0i8; LANES];
        let mut lanes_a = [0i8; LANES];
        let mut lanes_b = [0i8; LANES];
        let mut steps = 0;
        for (block_a, block_b) in blocks_a.iter().zip(blocks_b) {
            for (((d, na), nb), (&x, &y)) in lanes_dot
                .iter_mut()
                .zip(lanes_a.iter_mut())
                .zip(lanes_b.iter_mut())
                .zip(block_a.iter().zip(block_b))
            {
                *d = d.wrapping_add(trit_product(x, y));
                *na = na.wrapping_add(trit_is_nonzero(x));
                *nb = nb.wrapping_add(trit_is_nonzero(y));
            }
            steps += 1;
            if steps == NARROW_STEPS {
                steps = 0;
                dot += widen(&lanes_dot);
                nnz_a += widen(&lanes_a);
                nnz_b += widen(&lanes_b);
                lanes_dot = [0; LANES];
                lanes_a = [0; LANES];
                lanes_b = [0; LANES];
            }
        }
        dot += widen(&lanes_dot);
        nnz_a += widen(&lanes_a);
        nnz_b += widen(&lanes_b);
        for (&x, &y) in tail_a.iter().zip(tail_b) {
            dot += i64::from(trit_product(x, y));
            nnz_a += i64::from(trit_is_nonzero(x));
            nnz_b += i64::from(trit_is_nonzero(y));
        }
        (dot, nnz_a.unsigned_abs(), nnz_b.unsigned_abs())
    }

    /// Exact dot product of two equal-length trit slices.
    pub(crate) fn dot(a: &[i8], b: &[i8]) -> i64 {
        let mut total = 0i64;
        let (blocks_a, tail_a) = a.as_chunks::<LANES>();
        let (blocks_b, tail_b) = b.as_chunks::<LANES>();
        let mut lanes = [0i8; LANES];
        let mut steps = 0;
        for (block_a, block_b) in blocks_a.iter().zip(blocks_b) {
            for (l, (&x, &y)) in lanes.iter_mut().zip(block_a.iter().zip(block_b)) {
                *l = l.wrapping_add(trit_product(x, y));
            }
            steps += 1;
            if steps == NARROW_STEPS {
                steps = 0;
                total += widen(&lanes);
                lanes = [0; LANES];
            }
        }
        total += widen(&lanes);
        for (&x, &y) in tail_a.iter().zip(tail_b) {
            total += i64::from(trit_product(x, y));
        }
        total
    }

    /// `out[i] = a[i] * b[i]` over equal-length trit slices.
    pub(crate) fn product_into(out: &mut [i8], a: &[i8], b: &[i8]) {
        for ((o, &x), &y) in out.iter_mut().zip(a).zip(b) {
            *o = trit_product(x, y);
        }
    }
}

/// Word-wide SWAR: four trits per `u32`, for targets without vector units.
#[cfg(any(test, not(target_pointer_width = "64")))]
mod swar {
    use super::{trit_is_nonzero, trit_product};

    /// Four trits side by side in the bytes of a `u32` (little-endian): -1 is
    /// `0xFF`, 0 is `0x00`, +1 is `0x01`. Bit 0 of a byte says "non-zero".
    const LOW_BITS: u32 = 0x0101_0101;

    /// Words summed into byte lanes before those could overflow (each step adds
    /// at most 1 to a lane).
    const WORDS_PER_FLUSH: usize = 255;

    /// Four trits as one word.
    #[inline(always)]
    fn word(trits: &[i8; 4]) -> u32 {
        u32::from_le_bytes(trits.map(|t| t as u8))
    }

    /// The four products of two words of trits, as a word of trits.
    ///
    /// `both` has bit 0 set in each byte where both trits are non-zero; there
    /// `x ^ y` is `0x00` (same sign) or `0xFE` (opposite), so the product is
    /// `both | ((x ^ y) & 0xFE)`, and 0 elsewhere. `both * 0xFE` widens each
    /// bit to its byte's mask with no carry between bytes.
    #[inline(always)]
    fn product_word(x: u32, y: u32) -> u32 {
        let both = x & y & LOW_BITS;
        both | ((x ^ y) & both.wrapping_mul(0xFE))
    }

    /// Sum of the four byte lanes of a word.
    #[inline(always)]
    fn lane_sum(v: u32) -> u64 {
        let pairs = (v & 0x00FF_00FF) + ((v >> 8) & 0x00FF_00FF);
        u64::from((pairs & 0xFFFF) + (pairs >> 16))
    }

    /// `out[i] = a[i] * b[i]` over equal-length trit slices, four at a time.
    pub(crate) fn product_into(out: &mut [i8], a: &[i8], b: &[i8]) {
        let (out_words, out_tail) = out.as_chunks_mut::<4>();
        let (a_words, a_tail) = a.as_chunks::<4>();
        let (b_words, b_tail) = b.as_chunks::<4>();
        for ((o, x), y) in out_words.iter_mut().zip(a_words).zip(b_words) {
            *o = product_word(word(x), word(y))
                .to_le_bytes()
                .map(|v| v as i8);
        }
        for ((o, &x), &y) in out_tail.iter_mut().zip(a_tail).zip(b_tail) {
            *o = trit_product(x, y);
        }
    }

    /// Exact `(dot, nnz(a), nnz(b))` of two equal-length trit slices.
    ///
    /// Per word: `both` marks the pairs that are both non-zero, `opposite` those
    /// of them with opposite signs; `dot = Σ both - 2 Σ opposite`. The counts
    /// run in byte lanes and are widened every [`WORDS_PER_FLUSH`] words.
    pub(crate) fn dot_and_norms(a: &[i8], b: &[i8]) -> (i64, u64, u64) {
        let (a_words, a_tail) = a.as_chunks::<4>();
        let (b_words, b_tail) = b.as_chunks::<4>();
        let (mut both, mut opposite, mut nnz_a, mut nnz_b) = (0u64, 0u64, 0u64, 0u64);
        for (block_a, block_b) in a_words
            .chunks(WORDS_PER_FLUSH)
            .zip(b_words.chunks(WORDS_PER_FLUSH))
        {
            let (mut lanes_both, mut lanes_opp, mut lanes_a, mut lanes_b) =
                (0u32, 0u32, 0u32, 0u32);
            for (x, y) in block_a.iter().zip(block_b) {
                let (x, y) = (word(x), word(y));
                let b = x & y & LOW_BITS;
                lanes_both += b;
                lanes_opp += b & ((x ^ y) >> 1);
                lanes_a += x & LOW_BITS;
                lanes_b += y & LOW_BITS;
            }
            both += lane_sum(lanes_both);
            opposite += lane_sum(lanes_opp);
            nnz_a += lane_sum(lanes_a);
            nnz_b += lane_sum(lanes_b);
        }
        let mut dot = both as i64 - 2 * opposite as i64;
        for (&x, &y) in a_tail.iter().zip(b_tail) {
            dot += i64::from(trit_product(x, y));
            nnz_a += u64::from(trit_is_nonzero(x) as u8);
            nnz_b += u64::from(trit_is_nonzero(y) as u8);
        }
        (dot, nnz_a, nnz_b)
    }

    /// Exact dot product of two equal-length trit slices.
    pub(crate) fn dot(a: &[i8], b: &[i8]) -> i64 {
        let (a_words, a_tail) = a.as_chunks::<4>();
        let (b_words, b_tail) = b.as_chunks::<4>();
        let (mut both, mut opposite) = (0u64, 0u64);
        for (block_a, block_b) in a_words
            .chunks(WORDS_PER_FLUSH)
            .zip(b_words.chunks(WORDS_PER_FLUSH))
        {
            let (mut lanes_both, mut lanes_opp) = (0u32, 0u32);
            for (x, y) in block_a.iter().zip(block_b) {
                let (x, y) = (word(x), word(y));
                let b = x & y & LOW_BITS;
                lanes_both += b;
                lanes_opp += b & ((x ^ y) >> 1);
            }
            both += lane_sum(lanes_both);
            opposite += lane_sum(lanes_opp);
        }
        let mut total = both as i64 - 2 * opposite as i64;
        for (&x, &y) in a_tail.iter().zip(b_tail) {
            total += i64::from(trit_product(x, y));
        }
        total
    }
}

/// Adds the trits of `part` to `sums`, for at most `i16::MAX` calls between
/// resets of `sums` (the caller batches inputs so an `i16` cannot overflow).
#[inline(always)]
pub(crate) fn add_trits_i16(sums: &mut [i16], part: &[i8]) {
    for (s, &t) in sums.iter_mut().zip(part) {
        *s = s.wrapping_add(i16::from(t));
    }
}

/// The sign of each sum as a trit vector (ties 0), branch-free so it
/// vectorises.
pub(crate) fn signs<const D: usize>(sums: &[i32; D]) -> crate::Vector<D> {
    let mut out = crate::Vector::zero();
    signs_into(sums, &mut out);
    out
}

/// [`signs`] into `out` (every trit written).
pub(crate) fn signs_into<const D: usize>(sums: &[i32; D], out: &mut crate::Vector<D>) {
    for (o, &s) in out.trusted_trits_mut().iter_mut().zip(sums) {
        *o = i8::from(s > 0) - i8::from(s < 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trit_product_is_multiplication() {
        for x in -1i8..=1 {
            for y in -1i8..=1 {
                assert_eq!(trit_product(x, y), x * y, "{x} * {y}");
            }
        }
    }

    #[test]
    fn swar_and_lanes_agree() {
        // Lengths around the word and flush boundaries, all trit pairs.
        let mut seed = 0x1234_5678u32;
        for len in [
            0usize, 1, 3, 4, 5, 31, 32, 33, 1020, 1021, 1024, 1029, 4096, 4099,
        ] {
            let mut gen = || {
                seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                [-1i8, 0, 1][(seed >> 16) as usize % 3]
            };
            let (mut a, mut b) = ([0i8; 4099], [0i8; 4099]);
            for (x, y) in a.iter_mut().zip(b.iter_mut()).take(len) {
                (*x, *y) = (gen(), gen());
            }
            let (a, b) = (&a[..len], &b[..len]);
            assert_eq!(swar::dot(a, b), lanes::dot(a, b), "len {len}");
            assert_eq!(
                swar::dot_and_norms(a, b),
                lanes::dot_and_norms(a, b),
                "len {len}"
            );
            let (mut p, mut q) = ([0i8; 4099], [0i8; 4099]);
            swar::product_into(&mut p[..len], a, b);
            lanes::product_into(&mut q[..len], a, b);
            assert_eq!(p, q, "len {len}");
        }
    }

    #[test]
    fn non_trits_never_panic_in_either_implementation() {
        // Debug builds check overflow: every i8, in runs long enough to
        // cross the flush boundaries of both implementations.
        let n = LANES * 300 + 7;
        let (mut a, mut b) = ([0i8; LANES * 300 + 7], [0i8; LANES * 300 + 7]);
        let mut seed = 0x9E37_79B9u32;
        for (x, y) in a.iter_mut().zip(b.iter_mut()) {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (*x, *y) = ((seed >> 24) as i8, (seed >> 16) as i8);
        }
        let extremes = [i8::MIN; LANES * 300 + 7];
        let mut out = [0i8; LANES * 300 + 7];
        for (x, y) in [(&a, &b), (&extremes, &extremes), (&a, &extremes)] {
            for len in [0, 1, 5, 33, 4099, n] {
                let (x, y, o) = (&x[..len], &y[..len], &mut out[..len]);
                let _ = (lanes::dot(x, y), lanes::dot_and_norms(x, y));
                let _ = (swar::dot(x, y), swar::dot_and_norms(x, y));
                lanes::product_into(o, x, y);
                swar::product_into(o, x, y);
            }
        }
        let mut sums = [i16::MAX; 8];
        add_trits_i16(&mut sums, &[i8::MAX; 8]);
        crate::record::threshold_portable(&[i8::MIN; 8], &mut [0; 8]);
    }

    #[test]
    fn long_runs_do_not_overflow_the_narrow_lanes() {
        // 200 blocks of all +1: every lane passes 127 and must be widened.
        let ones = [1i8; LANES * 200 + 5];
        let minus = [-1i8; LANES * 200 + 5];
        assert_eq!(dot(&ones, &ones), (LANES * 200 + 5) as i64);
        assert_eq!(swar::dot(&ones, &minus), -((LANES * 200 + 5) as i64));
        assert_eq!(dot(&ones, &minus), -((LANES * 200 + 5) as i64));
        let n = (LANES * 200 + 5) as u64;
        assert_eq!(dot_and_norms(&ones, &minus), (-(n as i64), n, n));
    }
}
