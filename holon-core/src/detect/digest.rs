//! The verdict digest: one number that a server and a device replaying the
//! same records must agree on.
//!
//! FNV-1a (64-bit) over each verdict's anomaly flag (one byte, 0 or 1) and
//! score (`f32` bits, little-endian), verdict by verdict. Written once here
//! and called by `holon score`/`holon detect` and by the firmware replay.

/// FNV-1a 64 offset basis.
const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a 64 prime.
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// A running digest of a sequence of verdicts.
///
/// ```
/// use holon_core::detect::VerdictDigest;
///
/// let mut digest = VerdictDigest::new();
/// assert_eq!(digest.value(), 0xcbf2_9ce4_8422_2325);
/// digest.add(true, 0.25);
/// let mut again = VerdictDigest::new();
/// again.add(true, 0.25);
/// assert_eq!(digest, again);
/// again.add(false, 0.25);
/// assert_ne!(digest, again);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct VerdictDigest(u64);

impl VerdictDigest {
    /// The digest of no verdicts.
    pub const fn new() -> Self {
        Self(OFFSET)
    }

    /// Adds one verdict: its anomaly flag and its score.
    pub fn add(&mut self, anomaly: bool, score: f32) {
        self.write(u8::from(anomaly));
        for byte in score.to_bits().to_le_bytes() {
            self.write(byte);
        }
    }

    fn write(&mut self, byte: u8) {
        self.0 ^= u64::from(byte);
        self.0 = self.0.wrapping_mul(PRIME);
    }

    /// The digest so far.
    pub const fn value(&self) -> u64 {
        self.0
    }
}

impl Default for VerdictDigest {
    fn default() -> Self {
        Self::new()
    }
}
