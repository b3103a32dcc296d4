//! The NEON atom keystream: ChaCha8 four blocks at a time, word-sliced
//! (register `j` holds word `j` of each of four consecutive blocks; see
//! `simd/chacha.rs` for the stream and the division-free trit map).
//!
//! Rotations: by 16 a half-word reverse (`rev32`), by 8 a byte table lookup
//! (`tbl`), by 12 and 7 a shift plus a shift-right-and-insert (`shl` +
//! `sri`). Trits come from unsigned compares (`cmhi`) of `w * 0xAAAA_AAAB`;
//! the low bytes of the sixteen word registers are then transposed into
//! block order by four-register table lookups (`tbl`/`tbx`).

use core::arch::aarch64::*;

use crate::simd::chacha::{counters, key_words, CONSTANTS, INVERSE_OF_3, ONE_THIRD, TWO_THIRDS};

/// Blocks per batch.
const BLOCKS: usize = 4;
/// Trits per batch (sixteen words per block).
const BATCH: usize = 16 * BLOCKS;

/// Fills `out` with the atom trits of `key`, four blocks at a time.
#[target_feature(enable = "neon")]
pub(crate) fn fill_neon(key: u64, out: &mut [i8]) {
    let words = key_words(key);
    let (batches, tail) = out.as_chunks_mut::<BATCH>();
    let mut counter = 0u64;
    for batch in batches {
        batch_trits(&words, counter, batch);
        counter += BLOCKS as u64;
    }
    if !tail.is_empty() {
        let mut last = [0i8; BATCH];
        batch_trits(&words, counter, &mut last);
        tail.copy_from_slice(&last[..tail.len()]);
    }
}

/// Byte `k` of each 32-bit lane rotated left by 8 comes from byte `k - 1`.
const ROTATE_8: [u8; 16] = [3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14];

/// `GATHER[i][g]`: for output block `i`, the table index into word
/// registers `4 g..4 g + 4` of the byte for each word `j` with `j / 4 == g`
/// (the low byte of lane `i` of register `j`: `16 (j % 4) + 4 i`), and 0xFF
/// (out of range: `tbl` gives 0, `tbx` keeps) for the other words.
const GATHER: [[[u8; 16]; 4]; BLOCKS] = {
    let mut table = [[[0xFFu8; 16]; 4]; BLOCKS];
    let mut i = 0;
    while i < BLOCKS {
        let mut j = 0;
        while j < 16 {
            table[i][j / 4][j] = (16 * (j % 4) + 4 * i) as u8;
            j += 1;
        }
        i += 1;
    }
    table
};

#[inline]
#[target_feature(enable = "neon")]
fn load_u8(bytes: &[u8; 16]) -> uint8x16_t {
    // SAFETY: `bytes` is 16 initialised bytes, what a 128-bit load reads.
    unsafe { vld1q_u8(bytes.as_ptr()) }
}

#[inline]
#[target_feature(enable = "neon")]
fn rotate_left<const L: i32, const R: i32>(x: uint32x4_t) -> uint32x4_t {
    vsriq_n_u32::<R>(vshlq_n_u32::<L>(x), x)
}

#[inline]
#[target_feature(enable = "neon")]
fn quarter_round(x: &mut [uint32x4_t; 16], a: usize, b: usize, c: usize, d: usize) {
    let rotate_8 = load_u8(&ROTATE_8);
    x[a] = vaddq_u32(x[a], x[b]);
    x[d] = vreinterpretq_u32_u16(vrev32q_u16(vreinterpretq_u16_u32(veorq_u32(x[d], x[a]))));
    x[c] = vaddq_u32(x[c], x[d]);
    x[b] = rotate_left::<12, 20>(veorq_u32(x[b], x[c]));
    x[a] = vaddq_u32(x[a], x[b]);
    let mixed = vreinterpretq_u8_u32(veorq_u32(x[d], x[a]));
    x[d] = vreinterpretq_u32_u8(vqtbl1q_u8(mixed, rotate_8));
    x[c] = vaddq_u32(x[c], x[d]);
    x[b] = rotate_left::<7, 25>(veorq_u32(x[b], x[c]));
}

/// The trits of four consecutive blocks from block `counter` on, in stream
/// order.
#[target_feature(enable = "neon")]
fn batch_trits(key: &[u32; 8], counter: u64, out: &mut [i8; BATCH]) {
    let (low, high) = counters::<BLOCKS>(counter);
    let mut initial = [vdupq_n_u32(0); 16];
    for (s, &c) in initial.iter_mut().zip(&CONSTANTS) {
        *s = vdupq_n_u32(c);
    }
    for (s, &k) in initial[4..12].iter_mut().zip(key) {
        *s = vdupq_n_u32(k);
    }
    // SAFETY: `low` and `high` are four u32 each, what a 128-bit load reads.
    (initial[12], initial[13]) = unsafe { (vld1q_u32(low.as_ptr()), vld1q_u32(high.as_ptr())) };
    let mut x = initial;
    for _ in 0..4 {
        quarter_round(&mut x, 0, 4, 8, 12);
        quarter_round(&mut x, 1, 5, 9, 13);
        quarter_round(&mut x, 2, 6, 10, 14);
        quarter_round(&mut x, 3, 7, 11, 15);
        quarter_round(&mut x, 0, 5, 10, 15);
        quarter_round(&mut x, 1, 6, 11, 12);
        quarter_round(&mut x, 2, 7, 8, 13);
        quarter_round(&mut x, 3, 4, 9, 14);
    }
    // Words to trits plus one, still word-sliced: 2 [t > 1/3] - [t > 2/3]
    // in 0..=2 (the -1 is added per output byte). Compare masks are all
    // ones, i.e. -1, where true.
    let inverse = vdupq_n_u32(INVERSE_OF_3);
    let one_third = vdupq_n_u32(ONE_THIRD);
    let two_thirds = vdupq_n_u32(TWO_THIRDS);
    let mut t = [vdupq_n_u8(0); 16];
    for ((t, &w), &s) in t.iter_mut().zip(&x).zip(&initial) {
        let m = vmulq_u32(vaddq_u32(w, s), inverse);
        let above_third = vcgtq_u32(m, one_third);
        let above_two_thirds = vcgtq_u32(m, two_thirds);
        *t = vreinterpretq_u8_u32(vsubq_u32(
            above_two_thirds,
            vaddq_u32(above_third, above_third),
        ));
    }
    let groups =
        [0, 1, 2, 3].map(|g| uint8x16x4_t(t[4 * g], t[4 * g + 1], t[4 * g + 2], t[4 * g + 3]));
    let (blocks, _) = out.as_chunks_mut::<16>();
    for (block, gather) in blocks.iter_mut().zip(&GATHER) {
        let mut bytes = vqtbl4q_u8(groups[0], load_u8(&gather[0]));
        for (group, index) in groups.iter().zip(gather).skip(1) {
            bytes = vqtbx4q_u8(bytes, *group, load_u8(index));
        }
        let trits = vaddq_s8(vreinterpretq_s8_u8(bytes), vdupq_n_s8(-1));
        // SAFETY: `block` is an exclusive reference to 16 bytes, what a
        // 128-bit store writes.
        unsafe { vst1q_s8(block.as_mut_ptr(), trits) };
    }
}
