//! The dot product of two packed ternary vectors (`simd::packed` layout:
//! per 64 components a non-zero word, then a negative word) with the
//! CPU's bit-count instructions when it has them (POPCNT; AVX-512
//! VPOPCNTDQ), chosen at run time; the portable count elsewhere. Every
//! version counts the same bits, so they return the same integer.

/// Components where both are non-zero, less twice those where, in
/// addition, their signs differ: the dot product. `a` and `b` have the same
/// length (a shorter one ends the count).
pub(super) fn packed_dot(a: &[u64], b: &[u64]) -> i64 {
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("avx512vpopcntdq")
            && std::is_x86_feature_detected!("avx512f")
        {
            // SAFETY: the CPU has AVX-512 F and VPOPCNTDQ (checked above).
            return unsafe { dot_avx512(a, b) };
        }
        if std::is_x86_feature_detected!("popcnt") {
            // SAFETY: the CPU has POPCNT (checked above).
            return unsafe { dot_popcnt(a, b) };
        }
    }
    dot_portable(a, b)
}

#[inline(always)]
fn dot_portable(a: &[u64], b: &[u64]) -> i64 {
    let (mut common, mut opposite) = (0u64, 0u64);
    for (x, y) in a.chunks_exact(2).zip(b.chunks_exact(2)) {
        let both = x[0] & y[0];
        common += u64::from(both.count_ones());
        opposite += u64::from((both & (x[1] ^ y[1])).count_ones());
    }
    common as i64 - 2 * opposite as i64
}

/// [`dot_portable`] compiled with POPCNT.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
unsafe fn dot_popcnt(a: &[u64], b: &[u64]) -> i64 {
    dot_portable(a, b)
}

/// [`dot_portable`] compiled with AVX-512 VPOPCNTDQ, for the compiler to
/// vectorise the counts.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt,avx2,avx512f,avx512bw,avx512vpopcntdq")]
unsafe fn dot_avx512(a: &[u64], b: &[u64]) -> i64 {
    dot_portable(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_counts_the_same() {
        let mut state = 0x1234_5678_9abc_def0u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for words in [0usize, 2, 16, 32, 34] {
            let mut make = || {
                let mut v = vec![0u64; words];
                for pair in v.chunks_exact_mut(2) {
                    pair[0] = next();
                    pair[1] = next() & pair[0];
                }
                v
            };
            let (a, b) = (make(), make());
            let expect = dot_portable(&a, &b);
            assert_eq!(packed_dot(&a, &b), expect);
            #[cfg(target_arch = "x86_64")]
            if std::is_x86_feature_detected!("popcnt") {
                // SAFETY: checked just above.
                assert_eq!(unsafe { dot_popcnt(&a, &b) }, expect);
            }
        }
    }
}
