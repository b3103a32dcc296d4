//! Atoms: the hash function is the codebook.
//!
//! An atom is any text (a field name, a value, a position marker). Its vector
//! is derived, never stored, bit-exact with holon-rs 0.1:
//!
//! 1. `digest = SHA-256(seed.to_le_bytes() || text)`
//! 2. `k = u64::from_le_bytes(digest[0..8])` — the [`AtomKey`]
//! 3. `rng = ChaCha8Rng::seed_from_u64(k)` (rand_core 0.6 / rand_chacha 0.3)
//! 4. component `i` = `[-1, 0, +1][rng.next_u32() % 3]`, in order.
//!
//! Because component `i` does not depend on `D`, an atom is an endless
//! [`AtomStream`] of trits and every dimension sees a prefix of the same
//! stream. [`AtomHasher`] hashes an atom's text in pieces, so a role path
//! like `request.headers.host` never has to be built as one string.
//!
//! ```
//! use holon_core::atom::{atom, AtomHasher};
//! use holon_core::{AtomKey, Vector};
//!
//! // The same text and seed give the same vector on every machine.
//! let port: Vector<1024> = atom(0, "dst_port");
//! assert_eq!(port, atom(0, "dst_port"));
//! // Another text (or seed) is a quasi-orthogonal vector.
//! assert!(port.cosine(&atom(0, "src_port")).abs() < 0.1);
//! assert!(port.cosine(&atom(1, "dst_port")).abs() < 0.1);
//! // Every dimension sees a prefix of one stream.
//! assert_eq!(atom::<4096>(0, "dst_port").truncate::<1024>(), port);
//! // A text hashed in pieces is the same atom.
//! let mut path = AtomHasher::new(0);
//! path.update_str("dst");
//! path.update_str("_port");
//! assert_eq!(path.finish(), AtomKey::new(0, "dst_port"));
//! ```

#[cfg(not(feature = "compact"))]
use rand_chacha::ChaCha8Rng;
#[cfg(not(feature = "compact"))]
use rand_core::{RngCore, SeedableRng};
use sha2::{Digest, Sha256};

// The `compact` feature swaps in a one-block ChaCha8 with the same words
// (checked against rand_chacha in its tests): less code, same atoms.
#[cfg(feature = "compact")]
use crate::chacha::ChaCha8 as ChaCha8Rng;

use crate::error::Error;
use crate::record::Scalar;
use crate::vector::Vector;

/// The seed every atom uses unless told otherwise.
pub const DEFAULT_SEED: u64 = 0;

/// The text prefix of position atoms: position `i` is the atom `"__pos__{i}"`.
pub const POSITION_PREFIX: &str = "__pos__";

/// The 64-bit key an atom's text hashes to: the whole of what determines its
/// vector. Two texts with the same key have the same vector, so a cache keyed
/// by `AtomKey` is exact.
///
/// ```
/// use holon_core::AtomKey;
///
/// // Pinned: SHA-256 of eight zero bytes, first eight bytes little-endian.
/// assert_eq!(AtomKey::new(0, "").raw(), 0x7a0b_81a1_f570_55af);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct AtomKey(u64);

impl AtomKey {
    /// The key of `text` under `seed`.
    pub fn new(seed: u64, text: &str) -> Self {
        Self::from_bytes(seed, text.as_bytes())
    }

    /// The key of arbitrary bytes under `seed` (text atoms hash their UTF-8).
    pub fn from_bytes(seed: u64, bytes: &[u8]) -> Self {
        let mut hasher = AtomHasher::new(seed);
        hasher.update(bytes);
        hasher.finish()
    }

    /// The key of the position atom `"__pos__{index}"`.
    pub fn position(seed: u64, index: u64) -> Self {
        let mut hasher = AtomHasher::new(seed);
        hasher.update_str(POSITION_PREFIX).update_decimal(index);
        hasher.finish()
    }

    /// Wraps a raw key, e.g. one received from another node.
    pub const fn from_raw(raw: u64) -> Self {
        Self(raw)
    }

    /// The raw 64-bit key.
    pub const fn raw(self) -> u64 {
        self.0
    }

    /// The endless component stream of this atom.
    pub fn stream(self) -> AtomStream {
        AtomStream {
            rng: ChaCha8Rng::seed_from_u64(self.0),
        }
    }

    /// The first `D` components of this atom, as a vector.
    pub fn vector<const D: usize>(self) -> Vector<D> {
        let mut v = Vector::zero();
        self.stream().fill(v.trusted_trits_mut());
        v
    }
}

/// Hashes an atom's text in pieces: `seed`, then any number of byte slices,
/// as if they were one string.
///
/// Cloning a hasher part-way lets a common prefix be hashed once:
///
/// ```
/// use holon_core::{AtomHasher, AtomKey};
///
/// let mut request = AtomHasher::new(0);
/// request.update_str("request.");
/// let mut path = request.clone();
/// path.update_str("headers.").update_str("content-type");
/// assert_eq!(path.finish(), AtomKey::new(0, "request.headers.content-type"));
/// ```
#[derive(Clone)]
pub struct AtomHasher {
    sha: Sha256,
}

impl AtomHasher {
    /// Starts an atom under `seed`.
    pub fn new(seed: u64) -> Self {
        let mut sha = Sha256::new();
        sha.update(seed.to_le_bytes());
        Self { sha }
    }

    /// Appends bytes to the atom's text.
    pub fn update(&mut self, bytes: &[u8]) -> &mut Self {
        self.sha.update(bytes);
        self
    }

    /// Appends text.
    pub fn update_str(&mut self, text: &str) -> &mut Self {
        self.update(text.as_bytes())
    }

    /// Appends `value` in decimal, without allocating.
    pub fn update_decimal(&mut self, value: u64) -> &mut Self {
        let mut buffer = DecimalBuffer::default();
        self.update(buffer.format(value))
    }

    /// The key of everything appended so far.
    pub fn finish(self) -> AtomKey {
        let digest = self.sha.finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        AtomKey(u64::from_le_bytes(first))
    }
}

/// Text written with `write!` is appended to the atom, so numbers and other
/// `Display` values hash without an intermediate string.
impl core::fmt::Write for AtomHasher {
    fn write_str(&mut self, text: &str) -> core::fmt::Result {
        self.update_str(text);
        Ok(())
    }
}

/// Where atom vectors come from: derived every time ([`DeriveAtoms`]), or
/// looked up in a cache ([`AtomCache`](crate::AtomCache), or a std cache).
/// Every codebook gives the same vector for the same key; only speed differs.
///
/// ```
/// use holon_core::atom::{Codebook, DeriveAtoms};
/// use holon_core::{AtomCache, AtomKey, Vector};
///
/// let key = AtomKey::new(0, "protocol");
/// let (mut derived, mut cached) = (Vector::<1024>::zero(), Vector::<1024>::zero());
/// DeriveAtoms.load(key, &mut derived);
/// let mut cache: AtomCache<1024, 4> = AtomCache::new();
/// cache.load(key, &mut cached);
/// assert_eq!(derived, cached);
/// assert_eq!(derived, key.vector());
/// ```
pub trait Codebook<const D: usize> {
    /// Writes the vector of `key` into `out`.
    fn load(&mut self, key: AtomKey, out: &mut Vector<D>);

    /// Calls `f` with the vector of `key`. A codebook that keeps its
    /// vectors lends its own copy; the provided form loads it into
    /// `scratch`.
    fn with_atom<R>(
        &mut self,
        key: AtomKey,
        scratch: &mut Vector<D>,
        f: impl FnOnce(&Vector<D>) -> R,
    ) -> R {
        self.load(key, scratch);
        f(scratch)
    }

    /// Calls `f` with the vectors of `first` and `second`, the pair a
    /// record's leaf binds (role, filler). A codebook that keeps its
    /// vectors lends its own copies, which saves writing `2 * D` bytes a
    /// leaf; the provided form loads both into `scratch`.
    ///
    /// ```
    /// use holon_core::atom::Codebook;
    /// use holon_core::{AtomCache, AtomKey, Vector};
    ///
    /// let mut cache: AtomCache<256, 8> = AtomCache::new();
    /// let (role, filler) = (AtomKey::new(0, "protocol"), AtomKey::new(0, "UDP"));
    /// let mut scratch = [Vector::zero(), Vector::zero()];
    /// let [a, b] = &mut scratch;
    /// let dot = cache.with_pair([role, filler], [a, b], |r, f| r.dot(f));
    /// assert_eq!(dot, role.vector::<256>().dot(&filler.vector()));
    /// ```
    fn with_pair<R>(
        &mut self,
        [first, second]: [AtomKey; 2],
        [first_scratch, second_scratch]: [&mut Vector<D>; 2],
        f: impl FnOnce(&Vector<D>, &Vector<D>) -> R,
    ) -> R {
        self.load(first, first_scratch);
        self.load(second, second_scratch);
        f(first_scratch, second_scratch)
    }

    /// The key of `value`'s atom under `seed`: [`Scalar::key`], which
    /// hashes its text with SHA-256. The record encoder asks its codebook
    /// for the key of every scalar filler and item, and of every field
    /// name whose path starts afresh (`Scalar::Str` of the name: fields,
    /// sequences and sets at the root or in a map that is an item; nested
    /// maps' paths are still hashed), so a codebook that remembers the keys
    /// of values it has seen can answer without hashing; it must give
    /// `value.key(seed)`.
    ///
    /// ```
    /// use holon_core::atom::{Codebook, DeriveAtoms};
    /// use holon_core::record::Scalar;
    /// use holon_core::AtomKey;
    ///
    /// let key = <DeriveAtoms as Codebook<256>>::key_of(&mut DeriveAtoms, 0, Scalar::Uint(53));
    /// assert_eq!(key, Ok(AtomKey::new(0, "53")));
    /// ```
    fn key_of(&mut self, seed: u64, value: Scalar<'_>) -> Result<AtomKey, Error> {
        value.key(seed)
    }
}

/// The codebook with no memory: derives every atom from its key (about as
/// costly as one SHA-256 block and `D / 16` ChaCha8 words), for firmware
/// that would rather spend cycles than RAM.
///
/// ```
/// use holon_core::atom::DeriveAtoms;
/// use holon_core::record::{RecordEncoder, Scalar};
///
/// let mut enc = RecordEncoder::<1024, 2, _>::new(0, DeriveAtoms);
/// enc.field("protocol", Scalar::Str("UDP"))?;
/// let packet = enc.finish()?;
/// assert!(!packet.is_zero());
/// # Ok::<(), holon_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct DeriveAtoms;

impl<const D: usize> Codebook<D> for DeriveAtoms {
    fn load(&mut self, key: AtomKey, out: &mut Vector<D>) {
        key.stream().fill(out.trusted_trits_mut());
    }
}

/// Formats a `u64` in decimal into a stack buffer.
#[derive(Default)]
pub(crate) struct DecimalBuffer {
    digits: [u8; 20],
}

impl DecimalBuffer {
    /// The decimal digits of `value`, borrowed from the buffer.
    pub(crate) fn format(&mut self, mut value: u64) -> &[u8] {
        let mut start = self.digits.len();
        for slot in self.digits.iter_mut().rev() {
            *slot = b'0' + (value % 10) as u8;
            value /= 10;
            start -= 1;
            if value == 0 {
                break;
            }
        }
        self.digits.get(start..).unwrap_or(&[])
    }
}

/// The endless stream of an atom's components, -1, 0 or +1, in order.
///
/// Component `i` is the same whatever dimension the caller wants, which is
/// what makes the prefix property hold for atoms.
///
/// ```
/// use holon_core::AtomKey;
///
/// // Golden: the first components of atom "hello" under seed 0 (holon-rs).
/// let first: Vec<i8> = AtomKey::new(0, "hello").stream().take(8).collect();
/// assert_eq!(first, [0, -1, -1, 0, 1, 1, 1, 0]);
/// ```
pub struct AtomStream {
    rng: ChaCha8Rng,
}

impl AtomStream {
    /// The stream of `text` under `seed`.
    pub fn new(seed: u64, text: &str) -> Self {
        AtomKey::new(seed, text).stream()
    }

    /// The next raw keystream word, for encoders that derive per-component
    /// parameters (thresholds, phases) from an atom. Each word consumed this
    /// way is one component not taken as a trit.
    pub fn next_word(&mut self) -> u32 {
        self.rng.next_u32()
    }

    /// Fills `out` with the next `out.len()` components.
    pub fn fill(&mut self, out: &mut [i8]) {
        for t in out {
            *t = trit_of_word(self.rng.next_u32());
        }
    }
}

impl Iterator for AtomStream {
    type Item = i8;

    fn next(&mut self) -> Option<i8> {
        Some(trit_of_word(self.rng.next_u32()))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (usize::MAX, None)
    }
}

/// `[-1, 0, +1][word % 3]`: the holon-rs mapping from keystream word to trit.
const fn trit_of_word(word: u32) -> i8 {
    match word % 3 {
        0 => -1,
        1 => 0,
        _ => 1,
    }
}

/// The vector of atom `text` under `seed`.
///
/// ```
/// use holon_core::{atom::atom, Vector};
///
/// let v: Vector<8> = atom(0, "hello");
/// assert_eq!(v.to_string(), "0--0+++0");
/// ```
pub fn atom<const D: usize>(seed: u64, text: &str) -> Vector<D> {
    AtomKey::new(seed, text).vector()
}

/// The vector of the position atom `"__pos__{index}"` under `seed`.
pub fn position<const D: usize>(seed: u64, index: u64) -> Vector<D> {
    AtomKey::position(seed, index).vector()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_buffer_formats_edges() {
        let mut b = DecimalBuffer::default();
        assert_eq!(b.format(0), b"0");
        assert_eq!(b.format(7), b"7");
        assert_eq!(b.format(1234567890), b"1234567890");
        assert_eq!(b.format(u64::MAX), b"18446744073709551615");
    }

    #[test]
    fn position_key_matches_its_text() {
        for i in [0u64, 1, 7, 10, 99, 12345] {
            let mut text = [0u8; 32];
            let prefix = POSITION_PREFIX.as_bytes();
            text[..prefix.len()].copy_from_slice(prefix);
            let mut b = DecimalBuffer::default();
            let digits = b.format(i);
            text[prefix.len()..prefix.len() + digits.len()].copy_from_slice(digits);
            let len = prefix.len() + digits.len();
            assert_eq!(
                AtomKey::position(3, i),
                AtomKey::from_bytes(3, &text[..len])
            );
        }
    }

    #[test]
    fn stream_is_a_prefix_at_every_dimension() {
        let long: Vector<64> = atom(9, "x");
        let short: Vector<5> = atom(9, "x");
        assert_eq!(long.truncate::<5>(), short);
    }

    #[test]
    fn seed_changes_the_vector() {
        let a: Vector<256> = atom(0, "x");
        let b: Vector<256> = atom(1, "x");
        assert_ne!(a, b);
    }
}
