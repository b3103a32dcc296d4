//! Engrams: named units of learned geometry that a server mints and a device
//! loads without code changes (DESIGN §7).
//!
//! An [`Engram`] is a prototype vector with a name, a caller-defined slot
//! (a detector uses one slot per field or field pair), a threshold and the
//! number of observations it was learned from. An [`EngramBank`] holds up to
//! `N` of them inline and matches a query against them: [`top_k`] over the
//! whole bank, [`best_in_slot`] within one slot, both a linear scan.
//!
//! Engrams travel in a byte format in the smoltcp `wire` style:
//! [`EngramFile`] is a checked, zero-copy view over a buffer, and
//! [`EngramBank::emit`] / [`EngramBank::from_bytes`] write and parse it. The
//! format is versioned, length-checked and checksummed, and its size follows
//! from `D` and the engram count alone ([`encoded_len`]). All integers are
//! little-endian.
//!
//! Header, 24 bytes:
//!
//! | offset | size | field |
//! |---:|---:|---|
//! | 0 | 4 | magic `b"HLNG"` |
//! | 4 | 2 | format version, `u16`, [`FORMAT_VERSION`] = 1 |
//! | 6 | 2 | flags, `u16`; none are defined, must be 0 |
//! | 8 | 4 | `D`, `u32` |
//! | 12 | 4 | engram count `n`, `u32` |
//! | 16 | 8 | seed, `u64`: the codebook seed the prototypes were made with |
//!
//! Then `n` records of `R = 45 + ceil(D / 4)` bytes each ([`record_len`]):
//!
//! | offset | size | field |
//! |---:|---:|---|
//! | 0 | 1 | name length `L`, at most [`NAME_CAPACITY`] = 32 |
//! | 1 | 32 | name: `L` bytes of UTF-8, then zeros |
//! | 33 | 4 | slot, `u32` |
//! | 37 | 4 | threshold, `f32` bits, finite |
//! | 41 | 4 | count, `u32` |
//! | 45 | `ceil(D / 4)` | prototype, 2 bits a trit: trit `i` in byte `i / 4` at bit `2 * (i % 4)`; `00` = 0, `01` = +1, `10` = -1 |
//!
//! Then a 4-byte trailer: the CRC-32 (IEEE 802.3, as in zlib and PNG) of
//! every byte before it. Total: `24 + n * R + 4` bytes.
//!
//! A reader rejects, with an [`Error`] and never a panic: a wrong magic, an
//! unknown version or flag, a `D` other than its own, a length other than the
//! header implies, a checksum mismatch, a name longer than 32 bytes or not
//! UTF-8 or not zero-padded, a non-finite threshold, the trit code `11`, and
//! a non-zero code past component `D - 1` in the last prototype byte. So a
//! file is accepted only in its one canonical form: emitting what was parsed
//! gives back the same bytes.
//!
//! ## Version 2: subspace engrams
//!
//! A file that also carries subspace engrams ([`SubspaceBank`], written by
//! [`emit_with_subspaces`]) is version 2 ([`SUBSPACE_FORMAT_VERSION`]). Its
//! header is 32 bytes: version 1's 24 (with version 2), then the subspace
//! record count `s` (`u32`, offset 24) and the component rows `C` each
//! subspace record stores (`u32`, offset 28; the largest active component
//! count of any record, 0 without records). Then the `n` prototype records
//! exactly as above, then `s` subspace records of `129 + 8 · D · (C + 1)`
//! bytes each ([`subspace_record_len`]), then the CRC-32 of everything before
//! it. So the size is again known from the header alone
//! ([`encoded_len_with_subspaces`]). A subspace record, floats as `f64` bits:
//!
//! | offset | size | field |
//! |---:|---:|---|
//! | 0 | 33 | name length and name, as in a prototype record |
//! | 33 | 4 | slot, `u32` |
//! | 37 | 4 | active components `a`, `u32`, at most `C` |
//! | 41 | 16 | initial, min and max components, re-orthogonalisation interval, `u32` each |
//! | 57 | 8 | observations, `u64` |
//! | 65 | 40 | amnesia, EMA alpha, sigma multiplier, grow and shrink thresholds |
//! | 105 | 16 | residual running mean and variance (the threshold state) |
//! | 121 | 8 | the engram's residual threshold |
//! | 129 | `8 D` | mean |
//! | `129 + 8 D` | `8 D C` | component rows; rows `a..C` all zero bytes |
//!
//! Every float must be finite and every parameter in its domain
//! (`0 < alpha <= 1`, `sigma >= 0`, `min <= initial <= max <= D`, `a <=
//! max`), or the file is [`Error::Malformed`]. Version-1 files load as
//! before and [`EngramBank::emit`] still writes version 1, byte for byte;
//! [`EngramBank::load`] reads the prototype records of either version.
//!
//! [`top_k`]: EngramBank::top_k
//! [`best_in_slot`]: EngramBank::best_in_slot

use core::fmt;

use crate::error::Error;
use crate::vector::Vector;

mod bank;
mod subspace;
mod wire;

pub use bank::EngramBank;
pub use subspace::{
    emit_engrams, emit_with_subspaces, encoded_len_of_engrams, SubspaceBank, SubspaceEngram,
};
pub use wire::subspace::{
    encoded_len_with_subspaces, subspace_record_len, SubspaceRecord, SubspaceRecords,
    SUBSPACE_RECORD_FIXED_LEN,
};
pub use wire::{
    encoded_len, packed_len, record_len, EngramFile, EngramRecord, EngramRecords, FORMAT_VERSION,
    HEADER_LEN, MAGIC, RECORD_FIXED_LEN, SUBSPACE_FORMAT_VERSION, SUBSPACE_HEADER_LEN, TRAILER_LEN,
};

/// The largest name an engram may carry, in bytes of UTF-8.
pub const NAME_CAPACITY: usize = 32;

/// A named, fixed-size unit of learned geometry: a ternary prototype with
/// its slot, threshold and observation count.
///
/// Memory is inline: `D` bytes for the prototype plus 48 bytes.
///
/// ```
/// use holon_core::{engram::Engram, Error, Vector};
///
/// let proto: Vector<4> = "+-0+".parse().unwrap();
/// let e = Engram::new("dns.qname", 2, proto.clone(), 0.35, 120).unwrap();
/// assert_eq!(e.name(), "dns.qname");
/// assert_eq!((e.slot(), e.threshold(), e.count()), (2, 0.35, 120));
/// assert_eq!(e.prototype(), &proto);
///
/// let long = "a-name-that-is-longer-than-32-bytes";
/// assert_eq!(
///     Engram::new(long, 0, proto.clone(), 0.0, 0).unwrap_err(),
///     Error::NameTooLong { limit: 32 }
/// );
/// assert_eq!(
///     Engram::new("x", 0, proto, f32::NAN, 0).unwrap_err(),
///     Error::NonFinite
/// );
/// ```
#[derive(Clone, PartialEq)]
pub struct Engram<const D: usize> {
    name: [u8; NAME_CAPACITY],
    name_len: u8,
    slot: u32,
    threshold: f32,
    count: u32,
    prototype: Vector<D>,
}

impl<const D: usize> Engram<D> {
    /// The unnamed zero engram filling a bank's unused storage.
    const EMPTY: Self = Self {
        name: [0; NAME_CAPACITY],
        name_len: 0,
        slot: 0,
        threshold: 0.0,
        count: 0,
        prototype: Vector::zero(),
    };

    /// An engram named `name` (at most [`NAME_CAPACITY`] bytes of UTF-8,
    /// empty allowed) in group `slot`, with a finite `threshold`.
    ///
    /// Errors: [`Error::NameTooLong`], or [`Error::NonFinite`] for a NaN or
    /// infinite threshold.
    pub fn new(
        name: &str,
        slot: u32,
        prototype: Vector<D>,
        threshold: f32,
        count: u32,
    ) -> Result<Self, Error> {
        let bytes = name.as_bytes();
        let name_len = u8::try_from(bytes.len())
            .ok()
            .filter(|&len| usize::from(len) <= NAME_CAPACITY)
            .ok_or(Error::NameTooLong {
                limit: NAME_CAPACITY,
            })?;
        if !threshold.is_finite() {
            return Err(Error::NonFinite);
        }
        let mut stored = [0u8; NAME_CAPACITY];
        for (dst, &src) in stored.iter_mut().zip(bytes) {
            *dst = src;
        }
        Ok(Self {
            name: stored,
            name_len,
            slot,
            threshold,
            count,
            prototype,
        })
    }

    /// The name.
    pub fn name(&self) -> &str {
        self.name
            .get(..usize::from(self.name_len))
            .and_then(|bytes| core::str::from_utf8(bytes).ok())
            .unwrap_or("")
    }

    /// The caller-defined group this engram belongs to.
    pub fn slot(&self) -> u32 {
        self.slot
    }

    /// The learned prototype.
    pub fn prototype(&self) -> &Vector<D> {
        &self.prototype
    }

    /// The threshold, always finite; its meaning is the caller's (typically
    /// the cosine below which a query does not match).
    pub fn threshold(&self) -> f32 {
        self.threshold
    }

    /// How many observations the prototype was learned from.
    pub fn count(&self) -> u32 {
        self.count
    }
}

impl<const D: usize> fmt::Debug for Engram<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Engram")
            .field("name", &self.name())
            .field("slot", &self.slot)
            .field("threshold", &self.threshold)
            .field("count", &self.count)
            .field("prototype", &self.prototype)
            .finish()
    }
}
