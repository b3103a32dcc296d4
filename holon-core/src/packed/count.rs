//! Word-wide bit counting for targets without a popcount instruction.
//!
//! Cortex-M0/M4 and RV32IMAC have no popcount: `u32::count_ones` becomes a
//! full SWAR sequence (or, on the M0, a library call) per word. Here each
//! word is reduced only to per-byte counts and those are summed in byte
//! lanes; the lanes are widened once every [`WORDS_PER_FLUSH`] words.
//!
//! [`Tally`] halves the counting work of a stream of words: a carry-save
//! adder folds two words into a one-bit running count and a word of
//! carries, and only the carries are counted (Harley-Seal's first level).

/// Words whose byte counts (at most 8 each) fit a byte lane: 31 * 8 = 248.
pub(super) const WORDS_PER_FLUSH: usize = 31;

/// The number of set bits of each byte of `x`, in that byte (0..=8).
#[inline(always)]
pub(super) fn byte_counts(x: u32) -> u32 {
    let pairs = x - ((x >> 1) & 0x5555_5555);
    let nibbles = (pairs & 0x3333_3333) + ((pairs >> 2) & 0x3333_3333);
    (nibbles + (nibbles >> 4)) & 0x0F0F_0F0F
}

/// The sum of the four byte lanes of `lanes`.
#[inline(always)]
pub(super) fn lane_sum(lanes: u32) -> u64 {
    let halves = (lanes & 0x00FF_00FF) + ((lanes >> 8) & 0x00FF_00FF);
    u64::from((halves & 0xFFFF) + (halves >> 16))
}

/// Pairs of words a [`Tally`]'s byte lanes absorb before they are widened.
pub(super) const PAIRS_PER_FLUSH: usize = WORDS_PER_FLUSH;

/// A running bit count over pairs of words: `ones` holds each lane's count
/// mod 2, `lanes` the byte counts of the carries (each worth 2).
#[derive(Clone, Copy, Default)]
pub(super) struct Tally {
    ones: u32,
    lanes: u32,
    total: u64,
}

impl Tally {
    /// Adds the set bits of `x` and `y`: a full adder per bit lane (five
    /// logic operations), then one byte count of the carries.
    #[inline(always)]
    pub(super) fn add_pair(&mut self, x: u32, y: u32) {
        let partial = self.ones ^ x;
        let carries = (self.ones & x) | (partial & y);
        self.ones = partial ^ y;
        self.lanes += byte_counts(carries);
    }

    /// Widens the byte lanes; call at least every [`PAIRS_PER_FLUSH`] pairs.
    #[inline(always)]
    pub(super) fn flush(&mut self) {
        self.total += 2 * lane_sum(self.lanes);
        self.lanes = 0;
    }

    /// The count of every bit added.
    #[inline(always)]
    pub(super) fn finish(mut self) -> u64 {
        self.flush();
        self.total + lane_sum(byte_counts(self.ones))
    }
}

/// The number of set bits in `words`: a [`Tally`] over consecutive pairs.
pub(super) fn count_ones(words: &[u32]) -> u64 {
    let mut tally = Tally::default();
    let (pairs, odd) = words.as_chunks::<2>();
    for block in pairs.chunks(PAIRS_PER_FLUSH) {
        for &[x, y] in block {
            tally.add_pair(x, y);
        }
        tally.flush();
    }
    if let Some(&last) = odd.first() {
        tally.add_pair(last, 0);
    }
    tally.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_equal_count_ones() {
        let mut seed = 0x2545_F491u32;
        let mut words = [0u32; 200];
        for w in words.iter_mut() {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            *w = seed;
        }
        words[3] = u32::MAX;
        words[77] = 0;
        for len in [0, 1, 30, 31, 32, 62, 63, 200] {
            let expected: u64 = words[..len].iter().map(|w| u64::from(w.count_ones())).sum();
            assert_eq!(count_ones(&words[..len]), expected, "len {len}");
        }
        let ones = [u32::MAX; 100];
        assert_eq!(count_ones(&ones), 3200);
        for len in [0, 1, 2, 61, 62, 63, 200] {
            let mut tally = Tally::default();
            for (i, pair) in words[..len].chunks(2).enumerate() {
                tally.add_pair(pair[0], pair.get(1).copied().unwrap_or(0));
                if i % PAIRS_PER_FLUSH == PAIRS_PER_FLUSH - 1 {
                    tally.flush();
                }
            }
            assert_eq!(tally.finish(), count_ones(&words[..len]), "tally len {len}");
        }
        let mut full = Tally::default();
        for _ in 0..PAIRS_PER_FLUSH {
            full.add_pair(u32::MAX, u32::MAX);
        }
        assert_eq!(full.finish(), 64 * PAIRS_PER_FLUSH as u64);
    }
}
