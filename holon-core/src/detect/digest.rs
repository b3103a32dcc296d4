//! The verdict digest: one number that a server and a device replaying the
//! same records must agree on.
//!
//! FNV-1a (64-bit) over each verdict's anomaly flag (one byte, 0 or 1) and
//! score (`f32` bits, little-endian), verdict by verdict. Written once here
//! and called by `holon score`/`holon detect` and by the firmware replay.

use crate::fnv::Fnv64;

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
pub struct VerdictDigest(Fnv64);

impl VerdictDigest {
    /// The digest of no verdicts.
    pub const fn new() -> Self {
        Self(Fnv64::new())
    }

    /// Adds one verdict: its anomaly flag and its score.
    pub fn add(&mut self, anomaly: bool, score: f32) {
        self.0.write_u8(u8::from(anomaly));
        self.0.write(&score.to_bits().to_le_bytes());
    }

    /// The digest so far.
    pub const fn value(&self) -> u64 {
        self.0.finish()
    }
}

impl Default for VerdictDigest {
    fn default() -> Self {
        Self::new()
    }
}
