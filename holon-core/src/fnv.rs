//! FNV-1a (64-bit), the one byte hash behind every digest that a server and
//! a device compare (verdicts, workloads, traces) and behind holon-rs's
//! leaf-to-stripe rule. Not a defence against chosen inputs: nothing here
//! keys a table an attacker fills.

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// Streaming FNV-1a over bytes.
///
/// ```
/// use holon_core::fnv::Fnv64;
///
/// let mut h = Fnv64::new();
/// h.write(b"a");
/// assert_eq!(h.finish(), 0xaf63_dc4c_8601_ec8c); // the published FNV-1a of "a"
/// assert_eq!(Fnv64::new().finish(), 0xcbf2_9ce4_8422_2325);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Fnv64(u64);

impl Fnv64 {
    /// The hash of no bytes (the offset basis).
    pub const fn new() -> Self {
        Self(OFFSET)
    }

    /// Absorbs one byte.
    #[inline]
    pub fn write_u8(&mut self, byte: u8) {
        self.0 ^= u64::from(byte);
        self.0 = self.0.wrapping_mul(PRIME);
    }

    /// Absorbs `bytes` in order.
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u8(b);
        }
    }

    /// Absorbs a `u64`, little-endian.
    pub fn write_u64(&mut self, value: u64) {
        self.write(&value.to_le_bytes());
    }

    /// The hash so far.
    pub const fn finish(&self) -> u64 {
        self.0
    }
}

impl Default for Fnv64 {
    fn default() -> Self {
        Self::new()
    }
}
