//! A one-block ChaCha8 keystream for the `compact` feature: the very words
//! of `rand_chacha` 0.3.1's `ChaCha8Rng::seed_from_u64(key)`, in order, in
//! a fraction of the code.
//!
//! `rand_chacha` computes four blocks at a time (a 256-byte buffer), which
//! on a microcontroller without SIMD unrolls into about 2.5 KB of code.
//! The stream is plain ChaCha with 8 rounds, so one block at a time gives
//! the same words:
//!
//! - key: eight words of PCG32 output (`rand_core` 0.6's `seed_from_u64`:
//!   multiplier 6364136223846793005, increment 11634580027462260723, state
//!   advanced before each output, XSH-RR output);
//! - state: "expand 32-byte k", the key, a 64-bit block counter from 0
//!   (words 12, 13) and a zero stream id (words 14, 15);
//! - output: block after block in counter order, sixteen words each.
//!
//! The tests check it word for word against `ChaCha8Rng`.

/// "expand 32-byte k".
const CONSTANTS: [u32; 4] = [0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574];

/// Words in a block.
const BLOCK: usize = 16;

/// The keystream of one atom key, one 64-byte block buffered.
pub(crate) struct ChaCha8 {
    key: [u32; 8],
    counter: u64,
    block: [u32; BLOCK],
    /// Next word of `block` to hand out; `BLOCK` when it is used up.
    index: usize,
}

impl ChaCha8 {
    /// The stream `ChaCha8Rng::seed_from_u64(seed)` gives.
    pub(crate) fn seed_from_u64(seed: u64) -> Self {
        const MULTIPLIER: u64 = 6_364_136_223_846_793_005;
        const INCREMENT: u64 = 11_634_580_027_462_260_723;
        let mut state = seed;
        let mut key = [0u32; 8];
        for word in &mut key {
            state = state.wrapping_mul(MULTIPLIER).wrapping_add(INCREMENT);
            let xorshifted = (((state >> 18) ^ state) >> 27) as u32;
            *word = xorshifted.rotate_right((state >> 59) as u32);
        }
        Self {
            key,
            counter: 0,
            block: [0; BLOCK],
            index: BLOCK,
        }
    }

    /// The next keystream word.
    #[inline]
    pub(crate) fn next_u32(&mut self) -> u32 {
        if self.index >= BLOCK {
            self.refill();
        }
        let word = self.block.get(self.index).copied().unwrap_or(0);
        self.index += 1;
        word
    }

    /// Computes the block at `counter` and advances it. Out of line: one
    /// copy of the rounds however many callers inline `next_u32`.
    #[inline(never)]
    fn refill(&mut self) {
        let mut input = [0u32; BLOCK];
        input[..4].copy_from_slice(&CONSTANTS);
        input[4..12].copy_from_slice(&self.key);
        input[12] = self.counter as u32;
        input[13] = (self.counter >> 32) as u32;
        let mut x = input;
        for _ in 0..4 {
            // A double round: the columns, then the diagonals.
            quarter(&mut x, 0, 4, 8, 12);
            quarter(&mut x, 1, 5, 9, 13);
            quarter(&mut x, 2, 6, 10, 14);
            quarter(&mut x, 3, 7, 11, 15);
            quarter(&mut x, 0, 5, 10, 15);
            quarter(&mut x, 1, 6, 11, 12);
            quarter(&mut x, 2, 7, 8, 13);
            quarter(&mut x, 3, 4, 9, 14);
        }
        for ((out, mixed), original) in self.block.iter_mut().zip(x).zip(input) {
            *out = mixed.wrapping_add(original);
        }
        self.counter = self.counter.wrapping_add(1);
        self.index = 0;
    }
}

/// The ChaCha quarter round on words `a`, `b`, `c`, `d` (indices below 16:
/// the calls are constant, so the bounds checks fold away).
#[inline(always)]
fn quarter(x: &mut [u32; BLOCK], a: usize, b: usize, c: usize, d: usize) {
    x[a] = x[a].wrapping_add(x[b]);
    x[d] = (x[d] ^ x[a]).rotate_left(16);
    x[c] = x[c].wrapping_add(x[d]);
    x[b] = (x[b] ^ x[c]).rotate_left(12);
    x[a] = x[a].wrapping_add(x[b]);
    x[d] = (x[d] ^ x[a]).rotate_left(8);
    x[c] = x[c].wrapping_add(x[d]);
    x[b] = (x[b] ^ x[c]).rotate_left(7);
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::ChaCha8Rng;
    use rand_core::{RngCore, SeedableRng};

    #[test]
    fn the_keystream_is_rand_chachas() {
        // Keys near the edges and a spread between; 200 words cross the
        // one-block and four-block boundaries several times.
        let keys = [0u64, 1, 2, 0x7a0b_81a1_f570_55af, u64::MAX, u64::MAX - 1]
            .into_iter()
            .chain((0..64u64).map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15)));
        for key in keys {
            let (mut ours, mut theirs) =
                (ChaCha8::seed_from_u64(key), ChaCha8Rng::seed_from_u64(key));
            for i in 0..200 {
                assert_eq!(ours.next_u32(), theirs.next_u32(), "key {key:#x} word {i}");
            }
        }
    }
}
