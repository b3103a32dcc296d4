//! The header as plain values, smoltcp's `Repr`: [`Header::parse`] checks
//! and reads the first 24 (version 1) or 32 (version 2) bytes of a file,
//! [`Header::emit`] writes them. Every reader and writer of either version
//! goes through it.

use super::field::{
    header as at, read, FORMAT_VERSION, HEADER_LEN, MAGIC, SUBSPACE_FORMAT_VERSION,
    SUBSPACE_HEADER_LEN, TRAILER_LEN,
};
use crate::error::Error;

/// Where the records of a validated file are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Layout {
    /// Header bytes: [`HEADER_LEN`] or [`SUBSPACE_HEADER_LEN`].
    pub(crate) header: usize,
    /// Prototype records.
    pub(crate) prototypes: usize,
    /// Subspace records (0 in version 1).
    pub(crate) subspaces: usize,
    /// Component rows each subspace record stores (0 in version 1).
    pub(crate) rows: usize,
}

/// An engram file's header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Header {
    /// [`FORMAT_VERSION`] or [`SUBSPACE_FORMAT_VERSION`].
    pub(crate) version: u16,
    /// `D` of every record.
    pub(crate) dimensions: usize,
    /// The codebook seed of the prototypes.
    pub(crate) seed: u64,
    /// Prototype records.
    pub(crate) prototypes: usize,
    /// Subspace records (version 2).
    pub(crate) subspaces: usize,
    /// Component rows of each subspace record (version 2).
    pub(crate) rows: usize,
}

impl Header {
    /// Reads and checks a header: at least its length and the checksum's,
    /// magic, version ([`Error::UnsupportedVersion`]), flags. `D` and the
    /// file's length are the caller's to check against it.
    pub(crate) fn parse(bytes: &[u8]) -> Result<Self, Error> {
        if bytes.len() < HEADER_LEN + TRAILER_LEN {
            return Err(Error::Malformed {
                what: "engram file shorter than its 24-byte header and 4-byte checksum",
            });
        }
        if read::<4>(bytes, at::MAGIC) != MAGIC {
            return Err(Error::Malformed {
                what: "engram file magic is not HLNG",
            });
        }
        let version = u16::from_le_bytes(read(bytes, at::VERSION));
        if version != FORMAT_VERSION && version != SUBSPACE_FORMAT_VERSION {
            return Err(Error::UnsupportedVersion { found: version });
        }
        let v2 = version == SUBSPACE_FORMAT_VERSION;
        if v2 && bytes.len() < SUBSPACE_HEADER_LEN + TRAILER_LEN {
            return Err(Error::Malformed {
                what: "engram file shorter than its 32-byte header and 4-byte checksum",
            });
        }
        if u16::from_le_bytes(read(bytes, at::FLAGS)) != 0 {
            return Err(Error::Malformed {
                what: "engram file sets flags this version does not define",
            });
        }
        let count =
            |field| usize::try_from(u32::from_le_bytes(read(bytes, field))).unwrap_or(usize::MAX);
        Ok(Self {
            version,
            dimensions: count(at::DIMENSIONS),
            seed: u64::from_le_bytes(read(bytes, at::SEED)),
            prototypes: count(at::COUNT),
            subspaces: if v2 { count(at::SUBSPACES) } else { 0 },
            rows: if v2 { count(at::ROWS) } else { 0 },
        })
    }

    /// Bytes of this header.
    pub(crate) fn len(&self) -> usize {
        if self.version == SUBSPACE_FORMAT_VERSION {
            SUBSPACE_HEADER_LEN
        } else {
            HEADER_LEN
        }
    }

    /// Where the records of a file with this header are.
    pub(crate) fn layout(&self) -> Layout {
        Layout {
            header: self.len(),
            prototypes: self.prototypes,
            subspaces: self.subspaces,
            rows: self.rows,
        }
    }

    /// The header's bytes (the first [`len`](Self::len) of the array).
    /// [`Error::Unsupported`] when `D` or a count does not fit the format's
    /// `u32`.
    pub(crate) fn to_bytes(self) -> Result<[u8; SUBSPACE_HEADER_LEN], Error> {
        let word = |n: usize, what: &'static str| {
            u32::try_from(n).map_err(|_| Error::Unsupported { what })
        };
        let dimensions = word(self.dimensions, "engram files hold D up to u32::MAX")?;
        let engrams = "engram files hold up to u32::MAX engrams";
        let bytes = MAGIC
            .into_iter()
            .chain(self.version.to_le_bytes())
            .chain(0u16.to_le_bytes())
            .chain(dimensions.to_le_bytes())
            .chain(word(self.prototypes, engrams)?.to_le_bytes())
            .chain(self.seed.to_le_bytes())
            .chain(word(self.subspaces, engrams)?.to_le_bytes())
            .chain(word(self.rows, engrams)?.to_le_bytes());
        let mut out = [0u8; SUBSPACE_HEADER_LEN];
        for (dst, src) in out.iter_mut().zip(bytes) {
            *dst = src;
        }
        Ok(out)
    }

    /// Writes the header into the start of `out` (which the caller sized).
    pub(crate) fn emit(&self, out: &mut [u8]) -> Result<(), Error> {
        let bytes = self.to_bytes()?;
        for (dst, &src) in out.iter_mut().zip(bytes.iter().take(self.len())) {
            *dst = src;
        }
        Ok(())
    }
}
