//! The atom keystream, many ChaCha8 blocks at a time.
//!
//! An atom's components are `[-1, 0, +1][w % 3]` over the words `w` of the
//! ChaCha8 keystream of `rand_chacha` 0.3.1's `ChaCha8Rng::seed_from_u64(key)`
//! (see [`holon_core::atom`]). That stream is standard ChaCha with 8 rounds:
//!
//! - key: the 32 bytes `seed_from_u64` (`rand_core` 0.6) expands the `u64`
//!   to with PCG32 ([`key_words`]), read as eight little-endian words;
//! - state: the four "expand 32-byte k" constants, the key, a 64-bit block
//!   counter from 0 (words 12, 13: low, high) and a zero stream id (14, 15);
//! - output: block after block in counter order, each block's sixteen words
//!   in order.
//!
//! The SIMD versions (`x86/chacha.rs`, `aarch64/chacha.rs`) run 4 (NEON), 8
//! (AVX2) or 16 (AVX-512) blocks side by side, one block per 32-bit lane ("word-sliced": register `j` holds word `j` of every
//! block), map the words to trits in that form, and transpose bytes at the
//! end. `w % 3` is computed without a division: with `t = w * 0xAAAA_AAAB`
//! (mod 2^32; 0xAAAA_AAAB is the inverse of 3), `w % 3 == 0` exactly when
//! `t <= 0x5555_5555`, `w % 3 == 2` when `0x5555_5555 < t <= 0xAAAA_AAAA`,
//! and `w % 3 == 1` above. So the trit is `-1 + 2 [t > 0x5555_5555] -
//! [t > 0xAAAA_AAAA]`.

/// "expand 32-byte k".
#[cfg(all(feature = "simd", any(target_arch = "x86_64", target_arch = "aarch64")))]
pub(super) const CONSTANTS: [u32; 4] = [0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574];
/// The inverse of 3 modulo 2^32.
#[cfg(all(feature = "simd", any(target_arch = "x86_64", target_arch = "aarch64")))]
pub(super) const INVERSE_OF_3: u32 = 0xAAAA_AAAB;
/// `t <= ONE_THIRD` means `w % 3 == 0`.
#[cfg(all(feature = "simd", any(target_arch = "x86_64", target_arch = "aarch64")))]
pub(super) const ONE_THIRD: u32 = 0x5555_5555;
/// `ONE_THIRD < t <= TWO_THIRDS` means `w % 3 == 2`; above, `w % 3 == 1`.
#[cfg(all(feature = "simd", any(target_arch = "x86_64", target_arch = "aarch64")))]
pub(super) const TWO_THIRDS: u32 = 0xAAAA_AAAA;

/// The ChaCha key `rand_core` 0.6's `seed_from_u64(key)` makes: eight PCG32
/// outputs (multiplier 6364136223846793005, increment
/// 11634580027462260723, state advanced before each output, XSH-RR output
/// function), as key words.
///
/// ```
/// // Deterministic, and different keys give different ChaCha keys.
/// use holon_std::simd::key_words;
/// assert_eq!(key_words(7), key_words(7));
/// assert_ne!(key_words(7), key_words(8));
/// ```
pub fn key_words(key: u64) -> [u32; 8] {
    const MULTIPLIER: u64 = 6_364_136_223_846_793_005;
    const INCREMENT: u64 = 11_634_580_027_462_260_723;
    let mut state = key;
    let mut words = [0u32; 8];
    for w in &mut words {
        state = state.wrapping_mul(MULTIPLIER).wrapping_add(INCREMENT);
        let xorshifted = (((state >> 18) ^ state) >> 27) as u32;
        let rotation = (state >> 59) as u32;
        *w = xorshifted.rotate_right(rotation);
    }
    words
}

/// The 64-bit block counters of `n` consecutive blocks, split into low and
/// high words.
#[cfg(all(feature = "simd", any(target_arch = "x86_64", target_arch = "aarch64")))]
pub(super) fn counters<const N: usize>(first: u64) -> ([u32; N], [u32; N]) {
    let mut low = [0u32; N];
    let mut high = [0u32; N];
    for (i, (l, h)) in low.iter_mut().zip(high.iter_mut()).enumerate() {
        let c = first.wrapping_add(i as u64);
        *l = c as u32;
        *h = (c >> 32) as u32;
    }
    (low, high)
}
