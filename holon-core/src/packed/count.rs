//! Word-wide bit counting for targets without a popcount instruction.
//!
//! Cortex-M0/M4 and RV32IMAC have no popcount: `u32::count_ones` becomes a
//! full SWAR sequence (or, on the M0, a library call) per word. Here words
//! go through a carry-save adder tree first (Harley-Seal): a full adder
//! (five logic operations) folds two words into a running one-bit count and
//! a word of carries, the carries go up a level the same way, and only the
//! words leaving the top level are reduced to byte counts, one word in
//! sixteen (in eight for the dot). Byte counts are summed in byte lanes and
//! widened once every [`BLOCKS_PER_FLUSH`] top-level words.
//!
//! The dot product counts `same + !opposite` (see [`dot_count`]) and saves
//! the tree's first level: the two streams are disjoint, so their full
//! adder is three operations on words the dot computes anyway.
//!
//! On Thumb-2 and Thumb-1 cores the block loops are the assembly of
//! `thumb2.rs` and `thumb1.rs` (the same trees; the Rust loops here are
//! their reference, and run everywhere else).

/// Top-level words whose byte counts (at most 8 each) fit a byte lane:
/// 31 * 8 = 248.
const BLOCKS_PER_FLUSH: usize = 31;

/// The number of set bits of each byte of `x`, in that byte (0..=8).
#[inline(always)]
fn byte_counts(x: u32) -> u32 {
    let pairs = x - ((x >> 1) & 0x5555_5555);
    let nibbles = (pairs & 0x3333_3333) + ((pairs >> 2) & 0x3333_3333);
    (nibbles + (nibbles >> 4)) & 0x0F0F_0F0F
}

/// The sum of the four byte lanes of `lanes`.
#[inline(always)]
fn lane_sum(lanes: u32) -> u64 {
    let halves = (lanes & 0x00FF_00FF) + ((lanes >> 8) & 0x00FF_00FF);
    u64::from((halves & 0xFFFF) + (halves >> 16))
}

/// A full adder on 32 bit lanes: `(sum, carry)` of `a + b + c`.
#[inline(always)]
fn csa(a: u32, b: u32, c: u32) -> (u32, u32) {
    let partial = a ^ b;
    (partial ^ c, (a & b) | (partial & c))
}

/// The running counts of a carry-save tree: bit `i` of `levels[k]` is worth
/// `2^k` in lane `i`.
#[derive(Clone, Copy, Default)]
pub(super) struct Levels {
    pub(super) ones: u32,
    pub(super) twos: u32,
    pub(super) fours: u32,
    pub(super) eights: u32,
}

impl Levels {
    /// Adds eight words worth 1 each; returns the carries, worth 2.
    // The Thumb loops do this level themselves.
    #[cfg_attr(any(holon_thumb1, holon_thumb2), allow(dead_code))]
    #[inline(always)]
    fn add_ones(&mut self, w: &[u32; 8]) -> [u32; 4] {
        let (ones, a) = csa(self.ones, w[0], w[1]);
        let (ones, b) = csa(ones, w[2], w[3]);
        let (ones, c) = csa(ones, w[4], w[5]);
        let (ones, d) = csa(ones, w[6], w[7]);
        self.ones = ones;
        [a, b, c, d]
    }

    /// Adds four words worth 2 each; returns the carry, worth 8.
    #[inline(always)]
    fn add_twos(&mut self, w: [u32; 4]) -> u32 {
        let (twos, a) = csa(self.twos, w[0], w[1]);
        let (twos, b) = csa(twos, w[2], w[3]);
        self.twos = twos;
        let (fours, carry) = csa(self.fours, a, b);
        self.fours = fours;
        carry
    }

    /// Adds two words worth 8 each; returns the carry, worth 16.
    // The Thumb loops do this level themselves.
    #[cfg_attr(any(holon_thumb1, holon_thumb2), allow(dead_code))]
    #[inline(always)]
    fn add_eights(&mut self, a: u32, b: u32) -> u32 {
        let (eights, carry) = csa(self.eights, a, b);
        self.eights = eights;
        carry
    }

    /// The count the levels hold.
    #[inline(always)]
    fn total(self) -> u64 {
        // Each level to 4-bit counts (0..=4), two levels a word (the second
        // doubled: at most 12 a nibble), then bytes: at most 24 + 4 * 24.
        let nibbles = |x: u32| {
            let pairs = x - ((x >> 1) & 0x5555_5555);
            (pairs & 0x3333_3333) + ((pairs >> 2) & 0x3333_3333)
        };
        let bytes = |x: u32| (x & 0x0F0F_0F0F) + ((x >> 4) & 0x0F0F_0F0F);
        let low = nibbles(self.ones) + (nibbles(self.twos) << 1);
        let high = nibbles(self.fours) + (nibbles(self.eights) << 1);
        lane_sum(bytes(low) + (bytes(high) << 2))
    }
}

/// The number of set bits in `words`: a carry-save tree over blocks of 16.
pub(super) fn count_ones(words: &[u32]) -> u64 {
    let mut levels = Levels::default();
    let mut total = 0u64;
    let (blocks, rest) = words.as_chunks::<16>();
    for run in blocks.chunks(BLOCKS_PER_FLUSH) {
        total += 16 * lane_sum(ones_run(&mut levels, run));
    }
    // Fewer than 16 words: at most 15 * 8 in a lane.
    let lanes = rest.iter().fold(0, |lanes, &w| lanes + byte_counts(w));
    total + lane_sum(lanes) + levels.total()
}

/// Adds `blocks` (at most [`BLOCKS_PER_FLUSH`]) to `levels`; returns the
/// byte lanes of the words leaving the top level (each worth 16).
#[cfg(not(any(holon_thumb1, holon_thumb2)))]
fn ones_run(levels: &mut Levels, blocks: &[[u32; 16]]) -> u32 {
    let mut lanes = 0u32;
    for block in blocks {
        let (halves, _) = block.as_chunks::<8>();
        let mut carries = [0u32; 2];
        for (carry, half) in carries.iter_mut().zip(halves) {
            let twos = levels.add_ones(half);
            *carry = levels.add_twos(twos);
        }
        lanes += byte_counts(levels.add_eights(carries[0], carries[1]));
    }
    lanes
}

// The assembly loops of this core: Thumb-2 (Cortex-M3/M4/M7) or Thumb-1
// (Cortex-M0/M0+).
#[cfg(holon_thumb1)]
use super::thumb1 as kernel;
#[cfg(holon_thumb2)]
use super::thumb2 as kernel;
#[cfg(any(holon_thumb1, holon_thumb2))]
use kernel::ones_run;

/// `(dot_count, nnz_a, nnz_b)` of two vectors' planes in one Thumb-2 pass,
/// when the shape suits it (see `thumb2::dot_and_norms`);
/// `None` sends the caller to [`dot_count`] and [`count_ones`].
#[cfg(holon_thumb2)]
#[inline(always)]
#[allow(unsafe_code)]
pub(super) fn dot_and_norms<const W: usize>(
    za: &[u32; W],
    na: &[u32; W],
    zb: &[u32; W],
    nb: &[u32; W],
) -> Option<[u32; 3]> {
    let follows = |z: &[u32; W], n: &[u32; W]| {
        (n.as_ptr() as usize).wrapping_sub(z.as_ptr() as usize) == 4 * W
    };
    if !W.is_multiple_of(16) || !(16..=124).contains(&W) || !follows(za, na) || !follows(zb, nb) {
        return None;
    }
    // SAFETY: each negative plane follows its non-zero plane at 4 * W bytes
    // (checked), and W is a multiple of 16 in 16..=124.
    Some(unsafe { super::thumb2::dot_and_norms::<W>(za.as_ptr(), zb.as_ptr()) })
}

/// No single-pass kernel here.
#[cfg(not(holon_thumb2))]
#[inline(always)]
pub(super) fn dot_and_norms<const W: usize>(
    _: &[u32; W],
    _: &[u32; W],
    _: &[u32; W],
    _: &[u32; W],
) -> Option<[u32; 3]> {
    None
}

/// `count(same) + count(!opposite)` over the words of two vectors' planes,
/// where per bit `same` is "both non-zero, equal signs" and `opposite`
/// "both non-zero, different signs": the dot product plus `32 * W`.
pub(super) fn dot_count<const W: usize>(
    za: &[u32; W],
    na: &[u32; W],
    zb: &[u32; W],
    nb: &[u32; W],
) -> u64 {
    let mut levels = Levels::default();
    let mut total = 0u64;
    // Blocks of 4 words the Thumb-2 loop counted (none elsewhere).
    let done = dot_kernel(&mut levels, &mut total, za, na, zb, nb);
    let from = 4 * done;
    let (za4, za_rest) = za.get(from..).unwrap_or(&[]).as_chunks::<4>();
    let (na4, na_rest) = na.get(from..).unwrap_or(&[]).as_chunks::<4>();
    let (zb4, zb_rest) = zb.get(from..).unwrap_or(&[]).as_chunks::<4>();
    let (nb4, nb_rest) = nb.get(from..).unwrap_or(&[]).as_chunks::<4>();
    let blocks = za4.iter().zip(na4).zip(zb4).zip(nb4);
    let mut lanes = 0u32;
    for (index, (((za, na), zb), nb)) in blocks.enumerate() {
        lanes += byte_counts(dot_block(&mut levels, za, na, zb, nb));
        if index % BLOCKS_PER_FLUSH == BLOCKS_PER_FLUSH - 1 {
            total += 8 * lane_sum(lanes);
            lanes = 0;
        }
    }
    total += 8 * lane_sum(lanes);
    // Fewer than 4 words: at most 3 * 16 in a lane.
    let rest = za_rest.iter().zip(na_rest).zip(zb_rest).zip(nb_rest);
    let lanes = rest.fold(0, |lanes, (((&za, &na), &zb), &nb)| {
        let common = za & zb;
        let differ = na ^ nb;
        lanes + byte_counts(common & !differ) + byte_counts(!(common & differ))
    });
    total + lane_sum(lanes) + levels.total()
}

/// Adds one block of 4 words of both vectors to `levels`; returns the
/// carry leaving the top level (worth 8).
///
/// `same` and `opposite` are disjoint and together make `common` (both
/// non-zero), so their full adder with the running one-bit count `ones`
/// needs no words of its own: the sum bit is `!(ones ^ common)` and the
/// carry is `!(na ^ nb)` where `common` is set, `ones` elsewhere.
#[inline(always)]
fn dot_block(
    levels: &mut Levels,
    za: &[u32; 4],
    na: &[u32; 4],
    zb: &[u32; 4],
    nb: &[u32; 4],
) -> u32 {
    // Written out: at `opt-level = "s"` a loop here is not unrolled and
    // its carries go through the stack.
    let step = |ones: u32, i: usize| {
        let common = za[i] & zb[i];
        let differ = na[i] ^ nb[i];
        (ones ^ (common & !(ones ^ differ)), !(ones ^ common))
    };
    let (h0, ones) = step(levels.ones, 0);
    let (h1, ones) = step(ones, 1);
    let (h2, ones) = step(ones, 2);
    let (h3, ones) = step(ones, 3);
    levels.ones = ones;
    let twos = [h0, h1, h2, h3];
    levels.add_twos(twos)
}

/// The Thumb-2 or Thumb-1 loop over as many whole blocks of 4 words as it
/// can take; returns how many it counted.
#[cfg(any(holon_thumb1, holon_thumb2))]
#[inline(always)]
#[allow(unsafe_code)]
fn dot_kernel<const W: usize>(
    levels: &mut Levels,
    total: &mut u64,
    za: &[u32; W],
    na: &[u32; W],
    zb: &[u32; W],
    nb: &[u32; W],
) -> usize {
    // The loop finds each negative plane 4 * W bytes after its non-zero
    // plane (a `PackedVector` is `repr(C)`), within `ldrd`'s reach.
    let follows = |z: &[u32; W], n: &[u32; W]| {
        (n.as_ptr() as usize).wrapping_sub(z.as_ptr() as usize) == 4 * W
    };
    // Thumb-2's `ldrd` reaches 1020 bytes; Thumb-1 adds a register.
    let reach = cfg!(holon_thumb2) && 4 * W > 1020;
    if reach || !follows(za, na) || !follows(zb, nb) {
        return 0;
    }
    let blocks = W / 4;
    let mut done = 0;
    while done < blocks {
        let run = (blocks - done).min(BLOCKS_PER_FLUSH);
        // SAFETY: blocks `done..done + run` are within both non-zero
        // planes, each negative plane follows its non-zero plane at 4 * W
        // bytes (checked above, at most 1020), and `run >= 1`.
        let lanes = unsafe {
            kernel::dot_run::<W>(
                levels,
                za.as_ptr().add(4 * done),
                zb.as_ptr().add(4 * done),
                run,
            )
        };
        *total += 8 * lane_sum(lanes);
        done += run;
    }
    done
}

/// No loop in assembly here: the portable blocks count everything.
#[cfg(not(any(holon_thumb1, holon_thumb2)))]
#[inline(always)]
fn dot_kernel<const W: usize>(
    _: &mut Levels,
    _: &mut u64,
    _: &[u32; W],
    _: &[u32; W],
    _: &[u32; W],
    _: &[u32; W],
) -> usize {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words<const N: usize>(mut seed: u32) -> [u32; N] {
        let mut words = [0u32; N];
        for w in words.iter_mut() {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            *w = seed;
        }
        words
    }

    #[test]
    fn counts_equal_count_ones() {
        let mut words = words::<600>(0x2545_F491);
        words[3] = u32::MAX;
        words[77] = 0;
        for len in [0, 1, 15, 16, 17, 31, 32, 62, 63, 200, 495, 496, 497, 600] {
            let expected: u64 = words[..len].iter().map(|w| u64::from(w.count_ones())).sum();
            assert_eq!(count_ones(&words[..len]), expected, "len {len}");
        }
        let ones = [u32::MAX; 1100];
        for len in [0, 1, 16, 496, 511, 512, 1100] {
            assert_eq!(count_ones(&ones[..len]), 32 * len as u64, "ones len {len}");
        }
    }

    fn dot_case<const W: usize>(planes: [&[u32; 600]; 4]) {
        let [za, na, zb, nb] = planes.map(|p| -> [u32; W] { core::array::from_fn(|i| p[i]) });
        let expected: u64 = (0..W)
            .map(|i| {
                let (common, differ) = (za[i] & zb[i], na[i] ^ nb[i]);
                u64::from((common & !differ).count_ones())
                    + u64::from((!(common & differ)).count_ones())
            })
            .sum();
        assert_eq!(dot_count(&za, &na, &zb, &nb), expected, "W = {W}");
    }

    #[test]
    fn dot_count_is_same_plus_not_opposite() {
        let planes = |seed| {
            let z = words::<600>(seed);
            let mut n = words::<600>(seed ^ 0x9E37_79B9);
            n.iter_mut().zip(&z).for_each(|(n, z)| *n &= z);
            (z, n)
        };
        let (za, na) = planes(0x2545_F491);
        let (zb, nb) = planes(0x1234_5678);
        let full = [u32::MAX; 600];
        let zero = [0u32; 600];
        let cases = [
            [&za, &na, &zb, &nb],
            [&full, &zero, &full, &zero],
            [&full, &full, &full, &zero],
            [&zero, &zero, &zero, &zero],
            [&za, &na, &za, &na],
        ];
        for case in cases {
            dot_case::<0>(case);
            dot_case::<1>(case);
            dot_case::<3>(case);
            dot_case::<4>(case);
            dot_case::<5>(case);
            dot_case::<32>(case);
            dot_case::<123>(case);
            dot_case::<124>(case);
            dot_case::<125>(case);
            dot_case::<128>(case);
            dot_case::<600>(case);
        }
    }
}
