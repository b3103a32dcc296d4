//! The NEON packed-trit kernels (see `simd/packed.rs` for the format).
//!
//! NEON has neither a byte move-mask nor mask registers, so both directions
//! go through bytes: packing tests 64 trits (`cmtst` for non-zero, `cmlt`
//! for negative), keeps one weight bit per byte and folds the four
//! registers with three rounds of pairwise adds (`addp`) into the eight
//! bytes of a word; the bundle spreads each byte of a word over eight lanes
//! (`tbl`) and tests it against the same weights, giving -1 in every lane
//! whose bit is set, which it adds to `i8` counts.

use core::arch::aarch64::*;

/// Components per packed block (one pair of words).
const BLOCK: usize = 64;

/// Bit `k % 8` in lane `k`: the weight of each lane's bit within its byte.
const WEIGHTS: [u8; 16] = [1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128];

/// `SPREAD[r]` lane `k` reads byte `2 r + k / 8` of a word: register `r` of
/// a block covers components `16 r..16 r + 16`.
const SPREAD: [[u8; 16]; 4] = {
    let mut table = [[0u8; 16]; 4];
    let mut r = 0;
    while r < 4 {
        let mut k = 0;
        while k < 16 {
            table[r][k] = (2 * r + k / 8) as u8;
            k += 1;
        }
        r += 1;
    }
    table
};

#[inline]
#[target_feature(enable = "neon")]
fn weights() -> uint8x16_t {
    // SAFETY: `WEIGHTS` is 16 bytes, what a 128-bit load reads.
    unsafe { vld1q_u8(WEIGHTS.as_ptr()) }
}

/// The 64 bits of four lane masks (each lane 0x00 or 0xFF): bit `i` set when
/// lane `i % 16` of register `i / 16` is.
#[inline]
#[target_feature(enable = "neon")]
fn move_mask(masks: [uint8x16_t; 4]) -> u64 {
    let w = weights();
    let [m0, m1, m2, m3] = masks.map(|m| vandq_u8(m, w));
    // Each round of pairwise adds halves the lanes per component group:
    // after three, byte j holds the eight bits of components 8j..8j+8.
    let pairs = vpaddq_u8(vpaddq_u8(m0, m1), vpaddq_u8(m2, m3));
    let bytes = vpaddq_u8(pairs, pairs);
    vgetq_lane_u64::<0>(vreinterpretq_u64_u8(bytes))
}

/// Packs 64 trits into their (non-zero, negative) words.
#[inline]
#[target_feature(enable = "neon")]
fn pack_block(block: &[i8; BLOCK]) -> (u64, u64) {
    // SAFETY: `block` is 64 initialised bytes, what a four-register `ld1`
    // reads.
    let v = unsafe { vld1q_s8_x4(block.as_ptr()) };
    let v = [v.0, v.1, v.2, v.3];
    (
        move_mask(v.map(|x| vtstq_s8(x, x))),
        move_mask(v.map(|x| vcltzq_s8(x))),
    )
}

/// Packs trits into `out` (`packed_words(trits.len())` words; a shorter
/// `out` takes the leading components).
#[target_feature(enable = "neon")]
pub(crate) fn pack(trits: &[i8], out: &mut [u64]) {
    let (blocks, tail) = trits.as_chunks::<BLOCK>();
    let mut words = out.chunks_exact_mut(2);
    for (block, pair) in blocks.iter().zip(&mut words) {
        (pair[0], pair[1]) = pack_block(block);
    }
    if let (false, Some(pair)) = (tail.is_empty(), words.next()) {
        // Zeros beyond the tail pack to clear bits.
        let mut last = [0i8; BLOCK];
        last[..tail.len()].copy_from_slice(tail);
        (pair[0], pair[1]) = pack_block(&last);
    }
}

/// Asks the CPU to start loading `words` into cache (`prfm pldl1keep` per
/// 64-byte line).
#[inline]
#[target_feature(enable = "neon")]
pub(crate) fn prefetch(words: &[u64]) {
    for line in words.chunks(8) {
        // SAFETY: `prfm` is a hint: it changes no architectural state and
        // does not fault, whatever the address.
        unsafe {
            core::arch::asm!(
                "prfm pldl1keep, [{addr}]",
                addr = in(reg) line.as_ptr(),
                options(nostack, preserves_flags, readonly)
            )
        };
    }
}

/// -1 in each lane of the four registers of a block whose bit is set in
/// `word`, 0 elsewhere.
#[inline]
#[target_feature(enable = "neon")]
fn spread(word: u64) -> [int8x16_t; 4] {
    let bytes = vreinterpretq_u8_u64(vdupq_n_u64(word));
    let w = weights();
    SPREAD.map(|index| {
        // SAFETY: `index` is 16 bytes, what a 128-bit load reads.
        let index = unsafe { vld1q_u8(index.as_ptr()) };
        vreinterpretq_s8_u8(vtstq_u8(vqtbl1q_u8(bytes, index), w))
    })
}

/// The sign of the component-wise sum of packed vectors (ties 0) into
/// `out`. The caller checked that there are at most 127 inputs (so `i8`
/// counts are exact) and that each holds the words of `out.len()`
/// components.
#[target_feature(enable = "neon")]
pub(crate) fn bundle(inputs: &[&[u64]], out: &mut [i8]) {
    let (blocks, tail) = out.as_chunks_mut::<BLOCK>();
    let full = blocks.len();
    for (b, block) in blocks.iter_mut().enumerate() {
        store_block(block, block_signs(inputs, b));
    }
    if !tail.is_empty() {
        let mut last = [0i8; BLOCK];
        store_block(&mut last, block_signs(inputs, full));
        tail.copy_from_slice(&last[..tail.len()]);
    }
}

/// The signs of block `b` of the sum of `inputs`.
#[inline]
#[target_feature(enable = "neon")]
fn block_signs(inputs: &[&[u64]], b: usize) -> [int8x16_t; 4] {
    // Minus the counts of non-zero and of negative inputs.
    let mut nonzero = [vdupq_n_s8(0); 4];
    let mut negative = [vdupq_n_s8(0); 4];
    for x in inputs {
        let (nz, neg) = (spread(x[2 * b]), spread(x[2 * b + 1]));
        for i in 0..4 {
            nonzero[i] = vaddq_s8(nonzero[i], nz[i]);
            negative[i] = vaddq_s8(negative[i], neg[i]);
        }
    }
    // sum = count(non-zero) - 2 count(negative), formed as
    // (count(nz) - count(neg)) - count(neg): every step stays in i8.
    [0, 1, 2, 3].map(|i| {
        let sum = vaddq_s8(vsubq_s8(negative[i], nonzero[i]), negative[i]);
        vminq_s8(vmaxq_s8(sum, vdupq_n_s8(-1)), vdupq_n_s8(1))
    })
}

#[inline]
#[target_feature(enable = "neon")]
fn store_block(block: &mut [i8; BLOCK], v: [int8x16_t; 4]) {
    // SAFETY: `block` is an exclusive reference to 64 bytes, what a
    // four-register `st1` writes.
    unsafe { vst1q_s8_x4(block.as_mut_ptr(), int8x16x4_t(v[0], v[1], v[2], v[3])) }
}
