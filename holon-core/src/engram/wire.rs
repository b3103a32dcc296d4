//! The engram byte format: constants, the checked view [`EngramFile`], and
//! the bank's `emit` / `from_bytes` / `load`. The layout table is in the
//! parent module's documentation; version 2's subspace records are in
//! `subspace_wire`.

use core::fmt;

use super::{Engram, EngramBank, NAME_CAPACITY};
use crate::error::Error;
use crate::vector::Vector;

/// The first four bytes of every engram file.
pub const MAGIC: [u8; 4] = *b"HLNG";

/// The format version of prototype-only files: [`EngramBank::emit`] writes
/// it, every reader reads it.
pub const FORMAT_VERSION: u16 = 1;

/// The format version of files that also hold subspace engrams
/// ([`emit_with_subspaces`](super::emit_with_subspaces) writes it).
pub const SUBSPACE_FORMAT_VERSION: u16 = 2;

/// Bytes before the first record of a version-2 file: version 1's 24,
/// the subspace record count (`u32`) and the component rows each subspace
/// record stores (`u32`).
pub const SUBSPACE_HEADER_LEN: usize = 32;

/// Bytes before the first record.
pub const HEADER_LEN: usize = 24;

/// Bytes of a record before its packed prototype.
pub const RECORD_FIXED_LEN: usize = 45;

/// Bytes after the last record: the CRC-32.
pub const TRAILER_LEN: usize = 4;

// Header field offsets.
const AT_VERSION: usize = 4;
const AT_FLAGS: usize = 6;
const AT_DIMENSIONS: usize = 8;
const AT_COUNT: usize = 12;
const AT_SEED: usize = 16;
const AT_SUBSPACES: usize = 24;
const AT_ROWS: usize = 28;

// Record field offsets.
const AT_NAME: usize = 1;
const AT_SLOT: usize = 33;
const AT_THRESHOLD: usize = 37;
const AT_RECORD_COUNT: usize = 41;

/// Bytes of a packed prototype of dimension `d`: `ceil(d / 4)`.
///
/// ```
/// use holon_core::engram::packed_len;
///
/// assert_eq!(packed_len(1024), 256);
/// assert_eq!(packed_len(1001), 251);
/// ```
pub const fn packed_len(d: usize) -> usize {
    d.div_ceil(4)
}

/// Bytes of one engram record at dimension `d`: `45 + ceil(d / 4)`.
///
/// ```
/// use holon_core::engram::record_len;
///
/// assert_eq!(record_len(1024), 301);
/// ```
pub const fn record_len(d: usize) -> usize {
    RECORD_FIXED_LEN.saturating_add(packed_len(d))
}

/// Bytes of an engram file holding `engrams` engrams of dimension `d`:
/// `24 + engrams * (45 + ceil(d / 4)) + 4`. Saturates at `usize::MAX` (no
/// such file fits in memory).
///
/// ```
/// use holon_core::engram::encoded_len;
///
/// assert_eq!(encoded_len(1024, 0), 28);
/// assert_eq!(encoded_len(1024, 16), 4844);
/// assert_eq!(encoded_len(4096, 64), 68444);
/// assert_eq!(encoded_len(1001, 3), 916);
/// ```
pub const fn encoded_len(d: usize, engrams: usize) -> usize {
    match checked_encoded_len(d, engrams) {
        Some(len) => len,
        None => usize::MAX,
    }
}

pub(super) const fn checked_encoded_len(d: usize, engrams: usize) -> Option<usize> {
    let records = match record_len(d).checked_mul(engrams) {
        Some(r) => r,
        None => return None,
    };
    records.checked_add(HEADER_LEN + TRAILER_LEN)
}

impl<const D: usize> Engram<D> {
    /// Writes this engram as one record into `out`, which is exactly
    /// [`record_len`]`(D)` bytes long.
    fn write_record(&self, out: &mut [u8]) {
        let packed = self.prototype.as_trits().chunks(4).map(pack_trits);
        let bytes = core::iter::once(self.name_len)
            .chain(self.name)
            .chain(self.slot.to_le_bytes())
            .chain(self.threshold.to_bits().to_le_bytes())
            .chain(self.count.to_le_bytes())
            .chain(packed);
        for (dst, src) in out.iter_mut().zip(bytes) {
            *dst = src;
        }
    }
}

impl<const D: usize, const N: usize> EngramBank<D, N> {
    /// Bytes [`emit`](Self::emit) writes for this bank:
    /// [`encoded_len`]`(D, self.len())`.
    pub fn encoded_len(&self) -> usize {
        encoded_len(D, self.len)
    }

    /// Writes the bank as an engram file into the start of `out`, returning
    /// the number of bytes written. `seed` is recorded as the codebook seed
    /// of the prototypes.
    ///
    /// Errors: [`Error::BufferTooSmall`]; [`Error::Unsupported`] if `D` does
    /// not fit the format's `u32`.
    ///
    /// ```
    /// use holon_core::engram::{encoded_len, Engram, EngramBank};
    /// use holon_core::{Error, Vector};
    ///
    /// let mut bank: EngramBank<5, 4> = EngramBank::new();
    /// let proto: Vector<5> = "+-0+-".parse().unwrap();
    /// bank.push(Engram::new("ab", 1, proto, 0.5, 3).unwrap()).unwrap();
    ///
    /// let mut out = [0u8; 80];
    /// let n = bank.emit(7, &mut out).unwrap();
    /// assert_eq!(n, encoded_len(5, 1));
    /// assert_eq!(n, 75);
    /// assert_eq!(&out[..8], b"HLNG\x01\x00\x00\x00"); // magic, version 1, flags 0
    /// assert_eq!(&out[24..27], b"\x02ab"); // name length, name
    /// // "+-0+-": codes 01 10 00 01 | 10, lowest bits first.
    /// assert_eq!(&out[69..71], &[0b01_00_10_01, 0b10]);
    /// assert_eq!(&out[71..75], &0x8dff_5e7fu32.to_le_bytes()); // CRC-32 (zlib)
    ///
    /// assert_eq!(
    ///     bank.emit(7, &mut out[..74]),
    ///     Err(Error::BufferTooSmall { needed: 75 })
    /// );
    /// ```
    pub fn emit(&self, seed: u64, out: &mut [u8]) -> Result<usize, Error> {
        let dimensions = u32::try_from(D).map_err(|_| Error::Unsupported {
            what: "engram files hold D up to u32::MAX",
        })?;
        let count = u32::try_from(self.len).map_err(|_| Error::Unsupported {
            what: "engram files hold up to u32::MAX engrams",
        })?;
        let needed = checked_encoded_len(D, self.len).unwrap_or(usize::MAX);
        let out = out
            .get_mut(..needed)
            .ok_or(Error::BufferTooSmall { needed })?;
        // `split_at_mut_checked`, not `split_last_chunk_mut`: the latter
        // keeps a panic path at opt-level 3 (panic-check).
        let (body, trailer) = out
            .split_at_mut_checked(needed.saturating_sub(TRAILER_LEN))
            .ok_or(Error::BufferTooSmall { needed })?;
        let (header, records) = body
            .split_at_mut_checked(HEADER_LEN)
            .ok_or(Error::BufferTooSmall { needed })?;

        let header_bytes = MAGIC
            .into_iter()
            .chain(FORMAT_VERSION.to_le_bytes())
            .chain(0u16.to_le_bytes())
            .chain(dimensions.to_le_bytes())
            .chain(count.to_le_bytes())
            .chain(seed.to_le_bytes());
        for (dst, src) in header.iter_mut().zip(header_bytes) {
            *dst = src;
        }
        self.write_records(records);
        for (dst, src) in trailer.iter_mut().zip(crc32(body).to_le_bytes()) {
            *dst = src;
        }
        Ok(needed)
    }

    /// Writes every engram as a record into `records`, in order.
    pub(super) fn write_records(&self, records: &mut [u8]) {
        for (chunk, engram) in records.chunks_exact_mut(record_len(D)).zip(self.iter()) {
            engram.write_record(chunk);
        }
    }

    /// Parses an engram file into a new bank, returning it with the file's
    /// seed. Everything [`EngramFile::new_checked`] rejects is an error, and
    /// a file of more than `N` engrams is [`Error::CapacityExceeded`].
    ///
    /// ```
    /// use holon_core::{atom::atom, engram::{Engram, EngramBank}, Error};
    ///
    /// let mut bank: EngramBank<64, 2> = EngramBank::new();
    /// bank.push(Engram::new("x", 0, atom(5, "x"), 0.25, 9).unwrap()).unwrap();
    /// let mut bytes = [0u8; 128];
    /// let n = bank.emit(5, &mut bytes).unwrap();
    ///
    /// let (back, seed) = EngramBank::<64, 2>::from_bytes(&bytes[..n]).unwrap();
    /// assert_eq!((back == bank, seed), (true, 5));
    /// // A bank at another D refuses the file.
    /// assert_eq!(
    ///     EngramBank::<65, 2>::from_bytes(&bytes[..n]).unwrap_err(),
    ///     Error::DimensionMismatch { expected: 65, found: 64 }
    /// );
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<(Self, u64), Error> {
        let mut bank = Self::new();
        let seed = bank.load(bytes)?;
        Ok((bank, seed))
    }

    /// Replaces the bank's contents with the engrams of an engram file, in
    /// place (no second bank on the stack), returning the file's seed. On
    /// error the bank is left unchanged. Errors as for
    /// [`from_bytes`](Self::from_bytes).
    pub fn load(&mut self, bytes: &[u8]) -> Result<u64, Error> {
        let file = EngramFile::<D, _>::new_checked(bytes)?;
        if file.len() > N {
            return Err(Error::CapacityExceeded { capacity: N });
        }
        for (engram, record) in self.engrams.iter_mut().zip(file.iter()) {
            record.read_into(engram);
        }
        self.len = file.len();
        Ok(file.seed())
    }
}

/// A checked, zero-copy view of an engram file over any byte buffer.
///
/// [`new_checked`](Self::new_checked) validates the whole buffer once; the
/// accessors then read fields in place and cannot fail.
///
/// ```
/// use holon_core::{atom::atom, engram::{Engram, EngramBank, EngramFile}, Error};
///
/// let mut bank: EngramBank<32, 4> = EngramBank::new();
/// bank.push(Engram::new("é", 3, atom(0, "é"), -0.5, 2).unwrap()).unwrap();
/// let mut bytes = [0u8; 100];
/// let n = bank.emit(42, &mut bytes).unwrap();
///
/// let file = EngramFile::<32, _>::new_checked(&bytes[..n]).unwrap();
/// assert_eq!((file.version(), file.seed(), file.len()), (1, 42, 1));
/// let record = file.get(0).unwrap();
/// assert_eq!((record.name(), record.slot(), record.threshold()), ("é", 3, -0.5));
/// assert_eq!(record.prototype(), atom(0, "é"));
///
/// // One flipped bit anywhere is caught.
/// bytes[30] ^= 0x10;
/// assert!(matches!(
///     EngramFile::<32, _>::new_checked(&bytes[..n]),
///     Err(Error::ChecksumMismatch { .. })
/// ));
/// ```
#[derive(Clone)]
pub struct EngramFile<const D: usize, T: AsRef<[u8]>> {
    buffer: T,
    layout: Layout,
}

/// Where the records of a validated file are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Layout {
    pub(super) header: usize,
    pub(super) prototypes: usize,
    pub(super) subspaces: usize,
    pub(super) rows: usize,
}

impl<const D: usize, T: AsRef<[u8]>> EngramFile<D, T> {
    /// Validates `buffer` as an engram file of dimension `D` (version 1 or
    /// 2), in this order: at least its header and checksum, magic, version
    /// ([`Error::UnsupportedVersion`]), flags, `D`
    /// ([`Error::DimensionMismatch`]), exact length ([`Error::BadLength`]),
    /// checksum ([`Error::ChecksumMismatch`]), then every record. Structural
    /// faults are [`Error::Malformed`].
    pub fn new_checked(buffer: T) -> Result<Self, Error> {
        let layout = check_file::<D>(buffer.as_ref())?;
        Ok(Self { buffer, layout })
    }

    /// Subspace engram records (0 in a version-1 file).
    pub fn subspace_count(&self) -> usize {
        self.layout.subspaces
    }

    /// Component rows each subspace record stores: the most active
    /// components of any of them (0 in a version-1 file).
    pub fn subspace_rows(&self) -> usize {
        self.layout.rows
    }

    /// Subspace record `index`, or `None` past the end.
    pub fn subspace(&self, index: usize) -> Option<super::SubspaceRecord<'_, D>> {
        self.subspaces().nth(index)
    }

    /// Iterates over the subspace records, in file order.
    pub fn subspaces(&self) -> super::SubspaceRecords<'_, D> {
        super::subspace_wire::records(self.as_bytes(), self.layout)
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// The file's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.buffer.as_ref()
    }

    /// The format version ([`FORMAT_VERSION`] or [`SUBSPACE_FORMAT_VERSION`]).
    pub fn version(&self) -> u16 {
        u16::from_le_bytes(field(self.as_bytes(), AT_VERSION))
    }

    /// The flags (0: this version defines none).
    pub fn flags(&self) -> u16 {
        u16::from_le_bytes(field(self.as_bytes(), AT_FLAGS))
    }

    /// The dimension recorded in the header, equal to `D`.
    pub fn dimensions(&self) -> usize {
        D
    }

    /// The codebook seed the prototypes were made with.
    pub fn seed(&self) -> u64 {
        u64::from_le_bytes(field(self.as_bytes(), AT_SEED))
    }

    /// The number of prototype engram records.
    pub fn len(&self) -> usize {
        self.layout.prototypes
    }

    /// True when the file holds no prototype engram.
    pub fn is_empty(&self) -> bool {
        self.layout.prototypes == 0
    }

    /// The stored CRC-32 (equal to the computed one).
    pub fn checksum(&self) -> u32 {
        let bytes = self.as_bytes();
        u32::from_le_bytes(field(bytes, bytes.len().saturating_sub(TRAILER_LEN)))
    }

    /// Record `index`, or `None` past the end.
    pub fn get(&self, index: usize) -> Option<EngramRecord<'_, D>> {
        self.iter().nth(index)
    }

    /// Iterates over the records, in file order.
    pub fn iter(&self) -> EngramRecords<'_, D> {
        EngramRecords {
            chunks: records_of::<D>(self.as_bytes(), self.layout).chunks_exact(record_len(D)),
        }
    }
}

impl<const D: usize, T: AsRef<[u8]>> fmt::Debug for EngramFile<D, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EngramFile")
            .field("version", &self.version())
            .field("dimensions", &D)
            .field("engrams", &self.layout.prototypes)
            .field("subspaces", &self.layout.subspaces)
            .field("seed", &self.seed())
            .finish()
    }
}

/// One validated record of an [`EngramFile`], read in place.
#[derive(Clone, Copy)]
pub struct EngramRecord<'a, const D: usize> {
    bytes: &'a [u8],
}

impl<'a, const D: usize> EngramRecord<'a, D> {
    /// The name.
    pub fn name(&self) -> &'a str {
        let len = usize::from(self.bytes.first().copied().unwrap_or(0));
        self.bytes
            .get(AT_NAME..)
            .and_then(|name| name.get(..len))
            .and_then(|name| core::str::from_utf8(name).ok())
            .unwrap_or("")
    }

    /// The slot.
    pub fn slot(&self) -> u32 {
        u32::from_le_bytes(field(self.bytes, AT_SLOT))
    }

    /// The threshold (finite).
    pub fn threshold(&self) -> f32 {
        f32::from_bits(u32::from_le_bytes(field(self.bytes, AT_THRESHOLD)))
    }

    /// The observation count.
    pub fn count(&self) -> u32 {
        u32::from_le_bytes(field(self.bytes, AT_RECORD_COUNT))
    }

    /// The prototype, unpacked.
    pub fn prototype(&self) -> Vector<D> {
        let mut v = Vector::zero();
        self.unpack_into(&mut v);
        v
    }

    /// The record as an owned [`Engram`].
    pub fn to_engram(&self) -> Engram<D> {
        let mut engram = Engram::EMPTY;
        self.read_into(&mut engram);
        engram
    }

    fn unpack_into(&self, v: &mut Vector<D>) {
        let packed = self.bytes.get(RECORD_FIXED_LEN..).unwrap_or(&[]);
        let trits = packed.iter().flat_map(|&b| {
            [b, b >> 2, b >> 4, b >> 6].map(|code| match code & 0b11 {
                0b01 => 1,
                0b10 => -1,
                _ => 0,
            })
        });
        for (dst, src) in v.trusted_trits_mut().iter_mut().zip(trits) {
            *dst = src;
        }
    }

    fn read_into(&self, engram: &mut Engram<D>) {
        let name = self.name();
        engram.name = [0; NAME_CAPACITY];
        for (dst, &src) in engram.name.iter_mut().zip(name.as_bytes()) {
            *dst = src;
        }
        engram.name_len = u8::try_from(name.len()).unwrap_or(0);
        engram.slot = self.slot();
        engram.threshold = self.threshold();
        engram.count = self.count();
        self.unpack_into(&mut engram.prototype);
    }
}

impl<const D: usize> fmt::Debug for EngramRecord<'_, D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EngramRecord")
            .field("name", &self.name())
            .field("slot", &self.slot())
            .field("threshold", &self.threshold())
            .field("count", &self.count())
            .finish()
    }
}

/// Iterator over the records of an [`EngramFile`].
#[derive(Clone, Debug)]
pub struct EngramRecords<'a, const D: usize> {
    chunks: core::slice::ChunksExact<'a, u8>,
}

impl<'a, const D: usize> Iterator for EngramRecords<'a, D> {
    type Item = EngramRecord<'a, D>;

    fn next(&mut self) -> Option<Self::Item> {
        self.chunks.next().map(|bytes| EngramRecord { bytes })
    }

    fn nth(&mut self, n: usize) -> Option<Self::Item> {
        self.chunks.nth(n).map(|bytes| EngramRecord { bytes })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.chunks.size_hint()
    }
}

impl<const D: usize> ExactSizeIterator for EngramRecords<'_, D> {}

impl<'a, const D: usize, T: AsRef<[u8]>> IntoIterator for &'a EngramFile<D, T> {
    type Item = EngramRecord<'a, D>;
    type IntoIter = EngramRecords<'a, D>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// `W` bytes at `at`, or zeros where the buffer is too short (only reached
/// on lengths already checked).
pub(super) fn field<const W: usize>(bytes: &[u8], at: usize) -> [u8; W] {
    bytes
        .get(at..)
        .and_then(|b| b.first_chunk::<W>())
        .copied()
        .unwrap_or([0; W])
}

/// The prototype records region, after the header.
fn records_of<const D: usize>(bytes: &[u8], layout: Layout) -> &[u8] {
    let len = layout.prototypes.saturating_mul(record_len(D));
    bytes
        .get(layout.header..)
        .and_then(|rest| rest.get(..len))
        .unwrap_or(&[])
}

/// Validates a whole file; returns where its records are.
fn check_file<const D: usize>(bytes: &[u8]) -> Result<Layout, Error> {
    if bytes.len() < HEADER_LEN + TRAILER_LEN {
        return Err(Error::Malformed {
            what: "engram file shorter than its 24-byte header and 4-byte checksum",
        });
    }
    if field::<4>(bytes, 0) != MAGIC {
        return Err(Error::Malformed {
            what: "engram file magic is not HLNG",
        });
    }
    let version = u16::from_le_bytes(field(bytes, AT_VERSION));
    if version == SUBSPACE_FORMAT_VERSION {
        return check_file_v2::<D>(bytes);
    }
    if version != FORMAT_VERSION {
        return Err(Error::UnsupportedVersion { found: version });
    }
    if u16::from_le_bytes(field(bytes, AT_FLAGS)) != 0 {
        return Err(Error::Malformed {
            what: "engram file sets flags this version does not define",
        });
    }
    let dimensions = u32::from_le_bytes(field(bytes, AT_DIMENSIONS));
    let dimensions = usize::try_from(dimensions).unwrap_or(usize::MAX);
    if dimensions != D {
        return Err(Error::DimensionMismatch {
            expected: D,
            found: dimensions,
        });
    }
    let count = u32::from_le_bytes(field(bytes, AT_COUNT));
    let count = usize::try_from(count).unwrap_or(usize::MAX);
    let expected = checked_encoded_len(D, count).unwrap_or(usize::MAX);
    if bytes.len() != expected {
        return Err(Error::BadLength {
            expected,
            found: bytes.len(),
        });
    }
    let body_len = expected.saturating_sub(TRAILER_LEN);
    let body = bytes.get(..body_len).unwrap_or(&[]);
    let stored = u32::from_le_bytes(field(bytes, body_len));
    let computed = crc32(body);
    if stored != computed {
        return Err(Error::ChecksumMismatch { stored, computed });
    }
    let layout = Layout {
        header: HEADER_LEN,
        prototypes: count,
        subspaces: 0,
        rows: 0,
    };
    for record in records_of::<D>(bytes, layout).chunks_exact(record_len(D)) {
        check_record::<D>(record)?;
    }
    Ok(layout)
}

/// Validates a version-2 file (magic and version already checked).
fn check_file_v2<const D: usize>(bytes: &[u8]) -> Result<Layout, Error> {
    if bytes.len() < SUBSPACE_HEADER_LEN + TRAILER_LEN {
        return Err(Error::Malformed {
            what: "engram file shorter than its 32-byte header and 4-byte checksum",
        });
    }
    if u16::from_le_bytes(field(bytes, AT_FLAGS)) != 0 {
        return Err(Error::Malformed {
            what: "engram file sets flags this version does not define",
        });
    }
    let read =
        |at: usize| usize::try_from(u32::from_le_bytes(field(bytes, at))).unwrap_or(usize::MAX);
    let dimensions = read(AT_DIMENSIONS);
    if dimensions != D {
        return Err(Error::DimensionMismatch {
            expected: D,
            found: dimensions,
        });
    }
    let layout = Layout {
        header: SUBSPACE_HEADER_LEN,
        prototypes: read(AT_COUNT),
        subspaces: read(AT_SUBSPACES),
        rows: read(AT_ROWS),
    };
    let expected = super::subspace_wire::checked_file_len(D, layout).unwrap_or(usize::MAX);
    if bytes.len() != expected {
        return Err(Error::BadLength {
            expected,
            found: bytes.len(),
        });
    }
    let body_len = expected.saturating_sub(TRAILER_LEN);
    let body = bytes.get(..body_len).unwrap_or(&[]);
    let stored = u32::from_le_bytes(field(bytes, body_len));
    let computed = crc32(body);
    if stored != computed {
        return Err(Error::ChecksumMismatch { stored, computed });
    }
    for record in records_of::<D>(bytes, layout).chunks_exact(record_len(D)) {
        check_record::<D>(record)?;
    }
    super::subspace_wire::check_records::<D>(bytes, layout)?;
    Ok(layout)
}

/// Writes a version-2 header.
pub(super) fn write_header_v2(
    out: &mut [u8],
    dimensions: u32,
    seed: u64,
    layout: Layout,
) -> Result<(), Error> {
    let count = |n: usize| {
        u32::try_from(n).map_err(|_| Error::Unsupported {
            what: "engram files hold up to u32::MAX engrams",
        })
    };
    let bytes = MAGIC
        .into_iter()
        .chain(SUBSPACE_FORMAT_VERSION.to_le_bytes())
        .chain(0u16.to_le_bytes())
        .chain(dimensions.to_le_bytes())
        .chain(count(layout.prototypes)?.to_le_bytes())
        .chain(seed.to_le_bytes())
        .chain(count(layout.subspaces)?.to_le_bytes())
        .chain(count(layout.rows)?.to_le_bytes());
    for (dst, src) in out.iter_mut().zip(bytes) {
        *dst = src;
    }
    Ok(())
}

/// Validates one record of exactly `record_len(D)` bytes.
fn check_record<const D: usize>(record: &[u8]) -> Result<(), Error> {
    check_name(record)?;
    let threshold = f32::from_bits(u32::from_le_bytes(field(record, AT_THRESHOLD)));
    if !threshold.is_finite() {
        return Err(Error::Malformed {
            what: "engram threshold is not finite",
        });
    }
    let packed = record.get(RECORD_FIXED_LEN..).unwrap_or(&[]);
    // A byte holds code 11 where both bits of a pair are set.
    if packed.iter().any(|&b| b & (b >> 1) & 0b0101_0101 != 0) {
        return Err(Error::Malformed {
            what: "prototype holds the trit code 11",
        });
    }
    // Codes past component D - 1 in the last byte must be 00.
    let unused: u8 = match D % 4 {
        1 => 0b1111_1100,
        2 => 0b1111_0000,
        3 => 0b1100_0000,
        _ => 0,
    };
    if packed.last().is_some_and(|&b| b & unused != 0) {
        return Err(Error::Malformed {
            what: "prototype codes past D are not zero",
        });
    }
    Ok(())
}

/// Validates the name field shared by both record kinds: a length byte,
/// then 32 bytes of UTF-8 and zero padding.
pub(super) fn check_name(record: &[u8]) -> Result<(), Error> {
    let name_len = usize::from(record.first().copied().unwrap_or(0));
    let name_field: [u8; NAME_CAPACITY] = field(record, AT_NAME);
    let (name, padding) = name_field
        .split_at_checked(name_len)
        .ok_or(Error::Malformed {
            what: "engram name longer than 32 bytes",
        })?;
    if padding.iter().any(|&b| b != 0) {
        return Err(Error::Malformed {
            what: "engram name padding is not zero",
        });
    }
    if core::str::from_utf8(name).is_err() {
        return Err(Error::Malformed {
            what: "engram name is not UTF-8",
        });
    }
    Ok(())
}

/// Packs up to four trits, lowest bits first: 0 → 00, +1 → 01, -1 → 10.
fn pack_trits(trits: &[i8]) -> u8 {
    trits.iter().rev().fold(0u8, |byte, &t| {
        let code = match t {
            1 => 0b01,
            -1 => 0b10,
            _ => 0b00,
        };
        (byte << 2) | code
    })
}

/// CRC-32/ISO-HDLC (the zlib, PNG and Ethernet CRC): reflected polynomial
/// 0xEDB88320, initial value and final XOR all ones. Four bits a step from a
/// 16-entry table: 64 bytes of flash instead of 1 KiB.
pub(super) fn crc32(bytes: &[u8]) -> u32 {
    let step = |crc: u32| {
        let low = (crc & 0xF) as usize;
        (crc >> 4) ^ CRC_NIBBLES.get(low).copied().unwrap_or(0)
    };
    !bytes
        .iter()
        .fold(!0u32, |crc, &b| step(step(crc ^ u32::from(b))))
}

const CRC_NIBBLES: [u32; 16] = {
    let mut table = [0u32; 16];
    let mut i = 0;
    while i < 16 {
        let mut crc = i as u32;
        let mut bit = 0;
        while bit < 4 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
};

#[cfg(feature = "defmt")]
impl<const D: usize, T: AsRef<[u8]>> defmt::Format for EngramFile<D, T> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "EngramFile<{=usize}>(version={=u16}, engrams={=usize}, seed={=u64})",
            D,
            self.version(),
            self.layout.prototypes,
            self.seed()
        );
    }
}

#[cfg(feature = "defmt")]
impl<const D: usize> defmt::Format for EngramRecord<'_, D> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "EngramRecord<{=usize}>(name={=str}, slot={=u32}, threshold={=f32}, count={=u32})",
            D,
            self.name(),
            self.slot(),
            self.threshold(),
            self.count()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: usize = 7;

    fn sample_bank() -> EngramBank<D, 3> {
        let mut bank = EngramBank::new();
        let a: Vector<D> = "+-0+-0+".parse().unwrap();
        let b: Vector<D> = "-------".parse().unwrap();
        bank.push(Engram::new("alpha", 1, a, 0.5, 10).unwrap())
            .unwrap();
        bank.push(Engram::new("", 2, b, -1.25, 0).unwrap()).unwrap();
        bank
    }

    fn encode(bank: &EngramBank<D, 3>) -> ([u8; 128], usize) {
        let mut out = [0u8; 128];
        let n = bank.emit(99, &mut out).unwrap();
        (out, n)
    }

    /// Recomputes the trailer so a deliberate fault reaches record checks.
    fn reseal(bytes: &mut [u8]) {
        let end = bytes.len() - TRAILER_LEN;
        let crc = crc32(&bytes[..end]);
        bytes[end..].copy_from_slice(&crc.to_le_bytes());
    }

    fn first_record_at() -> usize {
        HEADER_LEN
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn record_layout_adds_up() {
        assert_eq!(AT_NAME + NAME_CAPACITY, AT_SLOT);
        assert_eq!(AT_SLOT + 4, AT_THRESHOLD);
        assert_eq!(AT_THRESHOLD + 4, AT_RECORD_COUNT);
        assert_eq!(AT_RECORD_COUNT + 4, RECORD_FIXED_LEN);
        assert_eq!(AT_SEED + 8, HEADER_LEN);
    }

    #[test]
    fn packing_round_trips_every_short_vector() {
        // Every trit pattern of length 5 (3^5 of them), across a byte border.
        for n in 0..243u32 {
            let v: Vector<5> = Vector::from_fn(|i| ((n / 3u32.pow(i as u32)) % 3) as i8 - 1);
            let mut bank: EngramBank<5, 1> = EngramBank::new();
            bank.push(Engram::new("v", 0, v.clone(), 0.0, 0).unwrap())
                .unwrap();
            let mut out = [0u8; 80];
            let len = bank.emit(0, &mut out).unwrap();
            let (back, _) = EngramBank::<5, 1>::from_bytes(&out[..len]).unwrap();
            assert_eq!(back.get(0).unwrap().prototype(), &v);
        }
    }

    #[test]
    fn round_trip_keeps_every_field() {
        let bank = sample_bank();
        let (bytes, n) = encode(&bank);
        assert_eq!(n, encoded_len(D, 2));
        let (back, seed) = EngramBank::<D, 3>::from_bytes(&bytes[..n]).unwrap();
        assert_eq!(seed, 99);
        assert_eq!(back, bank);
        assert_eq!(back.get(1).unwrap().threshold(), -1.25);
    }

    #[test]
    fn record_faults_are_rejected_even_with_a_valid_checksum() {
        let (clean, n) = encode(&sample_bank());
        let rec = first_record_at();
        let proto = rec + RECORD_FIXED_LEN;
        let cases: [(usize, u8, &str); 6] = [
            (rec, 33, "engram name longer than 32 bytes"),
            (rec + AT_NAME + 20, b'x', "engram name padding is not zero"),
            (rec + AT_NAME, 0xFF, "engram name is not UTF-8"),
            // f32 bits 0x7FC0_0000 (NaN): top byte of the threshold.
            (
                rec + AT_THRESHOLD + 3,
                0x7F,
                "engram threshold is not finite",
            ),
            (proto, 0b11, "prototype holds the trit code 11"),
            // D = 7: the last byte holds components 4..6, code 7 must be 00.
            (
                proto + 1,
                0b0100_0000,
                "prototype codes past D are not zero",
            ),
        ];
        for (at, value, what) in cases {
            let mut bytes = clean;
            bytes[at] = value;
            if what.contains("threshold") {
                bytes[at - 1] = 0xC0;
            }
            reseal(&mut bytes[..n]);
            assert_eq!(
                EngramFile::<D, _>::new_checked(&bytes[..n]).map(|_| ()),
                Err(Error::Malformed { what }),
                "{what}"
            );
        }
    }

    #[test]
    fn header_faults_are_reported_precisely() {
        let (clean, n) = encode(&sample_bank());
        let mut bytes = clean;
        bytes[AT_VERSION] = 3;
        reseal(&mut bytes[..n]);
        assert_eq!(
            EngramFile::<D, _>::new_checked(&bytes[..n]).map(|_| ()),
            Err(Error::UnsupportedVersion { found: 3 })
        );
        let mut bytes = clean;
        bytes[AT_FLAGS + 1] = 0x80;
        reseal(&mut bytes[..n]);
        assert!(matches!(
            EngramFile::<D, _>::new_checked(&bytes[..n]),
            Err(Error::Malformed { .. })
        ));
        let mut bytes = clean;
        bytes[AT_COUNT] = 3;
        assert_eq!(
            EngramFile::<D, _>::new_checked(&bytes[..n]).map(|_| ()),
            Err(Error::BadLength {
                expected: encoded_len(D, 3),
                found: n
            })
        );
        let mut bytes = clean;
        bytes[AT_COUNT + 3] = 0xFF;
        assert!(matches!(
            EngramFile::<D, _>::new_checked(&bytes[..n]),
            Err(Error::BadLength { .. })
        ));
    }

    #[test]
    fn load_failure_leaves_the_bank_alone() {
        let bank = sample_bank();
        let (bytes, n) = encode(&bank);
        let mut small: EngramBank<D, 1> = EngramBank::new();
        small
            .push(Engram::new("keep", 0, Vector::zero(), 0.0, 0).unwrap())
            .unwrap();
        assert_eq!(
            small.load(&bytes[..n]),
            Err(Error::CapacityExceeded { capacity: 1 })
        );
        assert_eq!(small.len(), 1);
        assert_eq!(small.find("keep"), Some(0));
        small.clear();
        assert!(small.is_empty());
        assert_eq!(small.find("keep"), None);
    }
}
