//! Where every field of the engram format sits: byte ranges of the header,
//! the prototype record and the subspace record, the fixed lengths, and the
//! lengths that follow from `D` and the record counts. The one place an
//! offset is written down (the layout tables are in the `engram` module's
//! documentation).

use core::ops::Range;

/// A field: the byte range it occupies within its header or record.
pub(crate) type Field = Range<usize>;

/// The first four bytes of every engram file.
pub const MAGIC: [u8; 4] = *b"HLNG";

/// The format version of prototype-only files: [`EngramBank::emit`](crate::engram::EngramBank::emit) writes
/// it, every reader reads it.
pub const FORMAT_VERSION: u16 = 1;

/// The format version of files that also hold subspace engrams
/// ([`emit_with_subspaces`](crate::engram::emit_with_subspaces) writes it).
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

/// The header: version 1's 24 bytes, and version 2's two more counts.
pub(crate) mod header {
    use super::Field;

    pub(crate) const MAGIC: Field = 0..4;
    pub(crate) const VERSION: Field = 4..6;
    pub(crate) const FLAGS: Field = 6..8;
    pub(crate) const DIMENSIONS: Field = 8..12;
    pub(crate) const COUNT: Field = 12..16;
    pub(crate) const SEED: Field = 16..24;
    /// Version 2 only: subspace records.
    pub(crate) const SUBSPACES: Field = 24..28;
    /// Version 2 only: component rows each subspace record stores.
    pub(crate) const ROWS: Field = 28..32;
}

/// A prototype record (the name fields are shared with subspace records).
pub(crate) mod record {
    use super::Field;

    pub(crate) const NAME_LEN: usize = 0;
    pub(crate) const NAME: Field = 1..33;
    pub(crate) const SLOT: Field = 33..37;
    pub(crate) const THRESHOLD: Field = 37..41;
    pub(crate) const COUNT: Field = 41..45;
    /// The packed prototype runs from here to the end of the record.
    pub(crate) const PROTOTYPE: usize = 45;
}

/// A subspace record (version 2): name as in [`record`], then the
/// subspace's parameters and state, then the mean and the component rows.
pub(crate) mod subspace {
    use super::Field;

    pub(crate) const SLOT: Field = 33..37;
    pub(crate) const ACTIVE: Field = 37..41;
    pub(crate) const COMPONENTS: Field = 41..45;
    pub(crate) const MIN: Field = 45..49;
    pub(crate) const MAX: Field = 49..53;
    pub(crate) const REORTH: Field = 53..57;
    pub(crate) const OBSERVATIONS: Field = 57..65;
    pub(crate) const AMNESIA: Field = 65..73;
    pub(crate) const EMA_ALPHA: Field = 73..81;
    pub(crate) const SIGMA: Field = 81..89;
    pub(crate) const GROW: Field = 89..97;
    pub(crate) const SHRINK: Field = 97..105;
    pub(crate) const RESIDUAL_MEAN: Field = 105..113;
    pub(crate) const RESIDUAL_VARIANCE: Field = 113..121;
    pub(crate) const THRESHOLD: Field = 121..129;
}

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

pub(crate) const fn checked_encoded_len(d: usize, engrams: usize) -> Option<usize> {
    let records = match record_len(d).checked_mul(engrams) {
        Some(r) => r,
        None => return None,
    };
    records.checked_add(HEADER_LEN + TRAILER_LEN)
}

/// The `W` bytes at the start of `field`, or zeros where the buffer is too
/// short (only reached on lengths already checked).
pub(crate) fn read<const W: usize>(bytes: &[u8], field: Field) -> [u8; W] {
    bytes
        .get(field.start..)
        .and_then(|b| b.first_chunk::<W>())
        .copied()
        .unwrap_or([0; W])
}
