//! Trits at two bits each, and the bundle of packed vectors.
//!
//! A packed vector stores each run of 64 components as two words: the bits
//! of the non-zero components, then the bits of the negative ones (a subset).
//! 4096 trits take 1 KiB instead of 4: a cache of many vectors (one per
//! field value seen on a link) is read from L3 or memory, so the bytes read
//! per record, not the arithmetic, set its speed.
//!
//! The bundle adds, per component, the count of non-zero inputs minus twice
//! the count of negative ones — with AVX-512 each word is a mask register
//! driving a masked byte add, 64 components per instruction
//! (`x86/packed.rs`); with NEON each byte of a word is spread over eight
//! lanes and tested (`aarch64/packed.rs`). The portable code here is the
//! reference both are tested against.

#[cfg(all(feature = "simd", target_arch = "aarch64"))]
use super::aarch64;
#[cfg(all(feature = "simd", target_arch = "x86_64"))]
use super::x86;
use super::Level;

/// Words of a packed vector of `dims` components.
pub const fn packed_words(dims: usize) -> usize {
    2 * dims.div_ceil(64)
}

/// Packs trits into `out` (`packed_words(trits.len())` words; a shorter
/// `out` takes the leading components).
pub fn pack(level: Level, trits: &[i8], out: &mut [u64]) {
    match level.effective() {
        #[cfg(all(feature = "simd", target_arch = "x86_64"))]
        // SAFETY: AVX-512 F/BW were detected at run time.
        Level::Avx512 => unsafe { x86::packed::pack_avx512(trits, out) },
        #[cfg(all(feature = "simd", target_arch = "aarch64"))]
        // SAFETY: NEON is part of the AArch64 baseline.
        Level::Neon => unsafe { aarch64::packed::pack(trits, out) },
        _ => pack_portable(trits, out),
    }
}

/// Moves bit 0 of each byte of `bytes` to bit `i` of the result.
const fn gather_low_bits(bytes: u64) -> u64 {
    ((bytes & 0x0101_0101_0101_0101).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

fn pack_portable(trits: &[i8], out: &mut [u64]) {
    for (chunk, words) in trits.chunks(64).zip(out.chunks_exact_mut(2)) {
        let (mut nonzero, mut negative) = (0u64, 0u64);
        for (i, eight) in chunk.chunks(8).enumerate() {
            let mut bytes = [0u8; 8];
            for (b, &t) in bytes.iter_mut().zip(eight) {
                *b = t as u8;
            }
            // A trit byte is 0x00, 0x01 or 0xFF: bit 0 says non-zero,
            // bit 7 negative.
            let word = u64::from_le_bytes(bytes);
            nonzero |= gather_low_bits(word) << (8 * i);
            negative |= gather_low_bits(word >> 7) << (8 * i);
        }
        words[0] = nonzero;
        words[1] = negative;
    }
}

/// Asks the CPU to start loading `words` into cache: a record's vectors
/// come from scattered places in a large cache, and loading all of them
/// while the other fields are still looked up hides most of the wait.
#[inline]
pub fn prefetch(words: &[u64]) {
    #[cfg(all(feature = "simd", target_arch = "x86_64"))]
    x86::packed::prefetch(words);
    #[cfg(all(feature = "simd", target_arch = "aarch64"))]
    // SAFETY: NEON is part of the AArch64 baseline.
    unsafe {
        aarch64::packed::prefetch(words)
    };
    // Elsewhere a prefetch is only a hint, and there is none to give.
    #[cfg(not(all(feature = "simd", any(target_arch = "x86_64", target_arch = "aarch64"))))]
    let _ = words;
}

/// Inputs the narrow (`i8`) counts of [`bundle_packed`] hold exactly.
pub const MAX_PACKED_INPUTS: usize = 127;

/// The sign of the component-wise sum of packed vectors (ties 0), as trits:
/// [`super::bundle_trits`] of their unpacked forms. Each input must hold
/// `packed_words(D)` words; at most [`MAX_PACKED_INPUTS`] inputs (`None`
/// beyond, or for a short input).
pub fn bundle_packed<const D: usize>(
    level: Level,
    inputs: &[&[u64]],
    out: &mut [i8; D],
) -> Option<()> {
    let words = packed_words(D);
    if inputs.len() > MAX_PACKED_INPUTS || inputs.iter().any(|x| x.len() < words) {
        return None;
    }
    match level.effective() {
        #[cfg(all(feature = "simd", target_arch = "x86_64"))]
        // SAFETY: AVX-512 F/BW were detected at run time.
        Level::Avx512 => unsafe { x86::packed::bundle_avx512(inputs, out) },
        #[cfg(all(feature = "simd", target_arch = "aarch64"))]
        // SAFETY: NEON is part of the AArch64 baseline; every input holds
        // the words of D components (checked above).
        Level::Neon => unsafe { aarch64::packed::bundle(inputs, out) },
        _ => bundle_portable(inputs, out),
    }
    Some(())
}

fn bundle_portable(inputs: &[&[u64]], out: &mut [i8]) {
    for (block, chunk) in out.chunks_mut(64).enumerate() {
        let mut sums = [0i8; 64];
        for x in inputs {
            let (nonzero, negative) = (x[2 * block], x[2 * block + 1]);
            for (i, s) in sums.iter_mut().enumerate() {
                let bit = |word: u64| ((word >> i) & 1) as i8;
                *s += bit(nonzero) - 2 * bit(negative);
            }
        }
        for (o, s) in chunk.iter_mut().zip(sums) {
            *o = s.signum();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trits(seed: u64, len: usize) -> Vec<i8> {
        let mut state = seed;
        (0..len)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((state >> 33) % 3) as i8 - 1
            })
            .collect()
    }

    fn check<const D: usize>(count: usize) {
        let vectors: Vec<Vec<i8>> = (0..count).map(|i| trits(i as u64 + 1, D)).collect();
        let packed: Vec<Vec<u64>> = vectors
            .iter()
            .map(|v| {
                let mut words = vec![0; packed_words(D)];
                pack(Level::Scalar, v, &mut words);
                for level in Level::ALL {
                    let mut other = vec![0; packed_words(D)];
                    pack(level, v, &mut other);
                    assert_eq!(other, words, "{level:?}");
                }
                words
            })
            .collect();
        let arrays: Vec<&[i8; D]> = vectors.iter().map(|v| v[..].try_into().unwrap()).collect();
        let inputs: Vec<&[u64]> = packed.iter().map(Vec::as_slice).collect();
        for level in Level::ALL {
            let mut expected = [0i8; D];
            super::super::bundle_trits(Level::Scalar, &arrays, &mut expected);
            let mut got = [7i8; D];
            assert_eq!(bundle_packed(level, &inputs, &mut got), Some(()));
            assert_eq!(got, expected, "D = {D}, {count} inputs, {level:?}");
        }
    }

    #[test]
    fn packs_bit_by_bit() {
        let v = trits(9, 200);
        let mut words = vec![0; packed_words(200)];
        pack(Level::Scalar, &v, &mut words);
        for (i, &t) in v.iter().enumerate() {
            let (nonzero, negative) = (words[2 * (i / 64)], words[2 * (i / 64) + 1]);
            assert_eq!((nonzero >> (i % 64)) & 1, u64::from(t != 0), "{i}");
            assert_eq!((negative >> (i % 64)) & 1, u64::from(t < 0), "{i}");
        }
    }

    #[test]
    fn bundles_like_the_unpacked_kernel() {
        for count in [0, 1, 2, 5, 126, 127] {
            check::<1>(count);
            check::<63>(count);
            check::<64>(count);
            check::<65>(count);
            check::<1000>(count);
        }
    }

    #[test]
    fn refuses_what_it_cannot_sum_exactly() {
        let words = [0u64; 2];
        let mut out = [0i8; 64];
        assert_eq!(
            bundle_packed(Level::Scalar, &[&words[..]; 128], &mut out),
            None
        );
        assert_eq!(bundle_packed(Level::Scalar, &[&words[..1]], &mut out), None);
    }
}
