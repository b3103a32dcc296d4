//! Inner loops over trit slices, written so that the compiler vectorises them
//! on any target without `unsafe` or target-specific code.
//!
//! Two habits make the difference: products of trits are formed with bit
//! operations (no byte multiply exists on SSE2 or Cortex-M), and sums run in
//! narrow lanes (`i8`, at most 127 steps) that are widened only now and then,
//! instead of widening every component.

/// Components summed side by side in narrow lanes.
const LANES: usize = 32;
/// Steps an `i8` lane may take before it could overflow.
const NARROW_STEPS: usize = 127;

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
    for (o, &s) in out.trits_mut().iter_mut().zip(sums) {
        *o = i8::from(s > 0) - i8::from(s < 0);
    }
    out
}

/// The sign of each `i8` sum as a trit vector.
pub(crate) fn signs_narrow<const D: usize>(sums: &[i8; D]) -> crate::Vector<D> {
    let mut out = crate::Vector::zero();
    for (o, &s) in out.trits_mut().iter_mut().zip(sums) {
        *o = s.signum();
    }
    out
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
    fn long_runs_do_not_overflow_the_narrow_lanes() {
        // 200 blocks of all +1: every lane passes 127 and must be widened.
        let ones = [1i8; LANES * 200 + 5];
        let minus = [-1i8; LANES * 200 + 5];
        assert_eq!(dot(&ones, &ones), (LANES * 200 + 5) as i64);
        assert_eq!(dot(&ones, &minus), -((LANES * 200 + 5) as i64));
        let n = (LANES * 200 + 5) as u64;
        assert_eq!(dot_and_norms(&ones, &minus), (-(n as i64), n, n));
    }
}
