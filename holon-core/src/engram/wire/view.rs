//! The checked view: [`EngramFile`] validates a whole buffer once, then
//! reads fields in place ([`EngramRecord`]) and cannot fail. Every rule a
//! reader enforces is here, in the order the errors are reported.

use core::fmt;

use super::codes;
use super::crc::crc32;
use super::field::{
    checked_encoded_len, header, read, record, record_len, Field, HEADER_LEN, TRAILER_LEN,
};
use super::header::{Header, Layout};
use super::subspace;
use crate::engram::{Engram, SubspaceRecord, SubspaceRecords, NAME_CAPACITY};
use crate::error::Error;
use crate::vector::Vector;

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
    pub fn subspace(&self, index: usize) -> Option<SubspaceRecord<'_, D>> {
        self.subspaces().nth(index)
    }

    /// Iterates over the subspace records, in file order.
    pub fn subspaces(&self) -> SubspaceRecords<'_, D> {
        subspace::records(self.as_bytes(), self.layout)
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// The file's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.buffer.as_ref()
    }

    /// The format version ([`FORMAT_VERSION`](crate::engram::FORMAT_VERSION) or [`SUBSPACE_FORMAT_VERSION`](crate::engram::SUBSPACE_FORMAT_VERSION)).
    pub fn version(&self) -> u16 {
        u16::from_le_bytes(read(self.as_bytes(), header::VERSION))
    }

    /// The flags (0: this version defines none).
    pub fn flags(&self) -> u16 {
        u16::from_le_bytes(read(self.as_bytes(), header::FLAGS))
    }

    /// The dimension recorded in the header, equal to `D`.
    pub fn dimensions(&self) -> usize {
        D
    }

    /// The codebook seed the prototypes were made with.
    pub fn seed(&self) -> u64 {
        u64::from_le_bytes(read(self.as_bytes(), header::SEED))
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
        u32::from_le_bytes(read(bytes, trailer_at(bytes.len())))
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
        name_of(self.bytes)
    }

    /// The slot.
    pub fn slot(&self) -> u32 {
        u32::from_le_bytes(read(self.bytes, record::SLOT))
    }

    /// The threshold (finite).
    pub fn threshold(&self) -> f32 {
        f32::from_bits(u32::from_le_bytes(read(self.bytes, record::THRESHOLD)))
    }

    /// The observation count.
    pub fn count(&self) -> u32 {
        u32::from_le_bytes(read(self.bytes, record::COUNT))
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

    /// The packed prototype bytes (2 bits a trit).
    pub(crate) fn packed_prototype(&self) -> &'a [u8] {
        self.bytes.get(record::PROTOTYPE..).unwrap_or(&[])
    }

    fn unpack_into(&self, v: &mut Vector<D>) {
        codes::unpack_into(self.packed_prototype(), v.trusted_trits_mut());
    }

    pub(crate) fn read_into(&self, engram: &mut Engram<D>) {
        engram.read_record(self);
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

/// The prototype records region, after the header.
fn records_of<const D: usize>(bytes: &[u8], layout: Layout) -> &[u8] {
    let len = layout.prototypes.saturating_mul(record_len(D));
    bytes
        .get(layout.header..)
        .and_then(|rest| rest.get(..len))
        .unwrap_or(&[])
}

/// Validates a whole file; returns where its records are.
pub(crate) fn check_file<const D: usize>(bytes: &[u8]) -> Result<Layout, Error> {
    let header = Header::parse(bytes)?;
    if header.dimensions != D {
        return Err(Error::DimensionMismatch {
            expected: D,
            found: header.dimensions,
        });
    }
    let layout = header.layout();
    let expected = file_len(D, layout).unwrap_or(usize::MAX);
    if bytes.len() != expected {
        return Err(Error::BadLength {
            expected,
            found: bytes.len(),
        });
    }
    let body_len = expected.saturating_sub(TRAILER_LEN);
    let body = bytes.get(..body_len).unwrap_or(&[]);
    let stored = u32::from_le_bytes(read(bytes, trailer_at(expected)));
    let computed = crc32(body);
    if stored != computed {
        return Err(Error::ChecksumMismatch { stored, computed });
    }
    for record in records_of::<D>(bytes, layout).chunks_exact(record_len(D)) {
        check_record::<D>(record)?;
    }
    subspace::check_records::<D>(bytes, layout)?;
    Ok(layout)
}

/// The exact length of a file of this layout, if representable.
pub(crate) const fn file_len(d: usize, layout: Layout) -> Option<usize> {
    if layout.header == HEADER_LEN {
        checked_encoded_len(d, layout.prototypes)
    } else {
        subspace::checked_file_len(d, layout)
    }
}

/// Where the 4-byte CRC of a file of `len` bytes starts.
fn trailer_at(len: usize) -> Field {
    let at = len.saturating_sub(TRAILER_LEN);
    at..at.saturating_add(TRAILER_LEN)
}

/// Validates one record of exactly `record_len(D)` bytes.
fn check_record<const D: usize>(record: &[u8]) -> Result<(), Error> {
    check_name(record)?;
    let threshold = f32::from_bits(u32::from_le_bytes(read(record, record::THRESHOLD)));
    if !threshold.is_finite() {
        return Err(Error::Malformed {
            what: "engram threshold is not finite",
        });
    }
    let packed = record.get(record::PROTOTYPE..).unwrap_or(&[]);
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

/// The name of a checked record of either kind ("" where it is not one).
pub(crate) fn name_of(bytes: &[u8]) -> &str {
    let len = usize::from(bytes.get(record::NAME_LEN).copied().unwrap_or(0));
    bytes
        .get(record::NAME)
        .and_then(|name| name.get(..len))
        .and_then(|name| core::str::from_utf8(name).ok())
        .unwrap_or("")
}

/// Validates the name field shared by both record kinds: a length byte,
/// then 32 bytes of UTF-8 and zero padding.
pub(crate) fn check_name(record: &[u8]) -> Result<(), Error> {
    let name_len = usize::from(record.get(record::NAME_LEN).copied().unwrap_or(0));
    let name_field: [u8; NAME_CAPACITY] = read(record, record::NAME);
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
