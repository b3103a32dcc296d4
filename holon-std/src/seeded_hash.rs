//! The hash of the tables keyed by short texts (the line path's slot names
//! and strings, the atom keys of remembered texts): a seeded multiply-rotate
//! mix, far cheaper than SipHash on short keys.

use std::hash::{BuildHasher, Hasher};

/// A seeded multiply-rotate hasher for tables keyed by short texts: far
/// cheaper than SipHash on short keys, and seeded per table so that
/// colliding keys cannot be chosen ahead (a collision costs time, never a
/// wrong answer: the tables compare whole keys).
#[derive(Clone, Copy)]
pub(crate) struct Seeded(pub(crate) u64);

pub(crate) struct Mixer(u64);

impl BuildHasher for Seeded {
    type Hasher = Mixer;
    fn build_hasher(&self) -> Mixer {
        Mixer(self.0)
    }
}

impl Mixer {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(23) ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

impl Hasher for Mixer {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while let (Some(word), Some(tail)) = (rest.first_chunk::<8>(), rest.get(8..)) {
            if tail.is_empty() {
                break;
            }
            self.add(u64::from_le_bytes(*word));
            rest = tail;
        }
        // The last 1 to 8 bytes in whole loads (overlapping when short): no
        // byte-wise copy for a load to wait on.
        self.add(tail_word(rest) ^ ((bytes.len() as u64) << 56));
    }
    #[inline]
    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }
    #[inline]
    fn write_u32(&mut self, value: u32) {
        self.add(u64::from(value));
    }
    #[inline]
    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }
    #[inline]
    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        // SplitMix64's finaliser: a key's last word moves its high bits
        // only (a product carries upwards), and tables index by the low
        // ones, so every bit must reach every other.
        let mut h = self.0;
        h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^ (h >> 31)
    }
}

/// The little-endian `u64` of the bytes of `bytes` from `at`, or `None`
/// when fewer than 8 are left.
#[inline]
pub(crate) fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    bytes
        .get(at..)
        .and_then(<[u8]>::first_chunk::<8>)
        .map(|word| u64::from_le_bytes(*word))
}

/// A word made of `rest`'s (at most 8) bytes by whole loads: the first and
/// last four bytes, or three single bytes, when fewer than eight.
#[inline]
pub(crate) fn tail_word(rest: &[u8]) -> u64 {
    let four = |chunk: Option<&[u8; 4]>| chunk.map_or(0, |c| u64::from(u32::from_le_bytes(*c)));
    if let Some(word) = rest.last_chunk::<8>() {
        u64::from_le_bytes(*word)
    } else if rest.len() >= 4 {
        four(rest.first_chunk::<4>()) | four(rest.last_chunk::<4>()) << 32
    } else {
        let byte = |i: usize| rest.get(i).map_or(0, |&b| u64::from(b));
        byte(0) | byte(rest.len() / 2) << 8 | byte(rest.len().wrapping_sub(1)) << 16
    }
}
