//! Version 2 of the engram format: subspace engram records after the
//! prototype records. The layout table is in the `engram` module's
//! documentation; the field offsets are in `field::subspace`.

use core::fmt;

use super::field::{
    checked_encoded_len, read, record_len, subspace as at, Field, HEADER_LEN, SUBSPACE_HEADER_LEN,
    TRAILER_LEN,
};
use super::header::Layout;
use super::view::{check_name, name_of};
use crate::engram::NAME_CAPACITY;
use crate::error::Error;
use crate::memory::{OnlineSubspace, Real, SubspaceParams, SubspaceState};

/// Bytes of a subspace record before its mean.
pub const SUBSPACE_RECORD_FIXED_LEN: usize = 129;

/// Bytes of one subspace record at dimension `d` storing `rows` component
/// rows: `129 + 8 · d · (rows + 1)` (the mean and the rows, `f64` each).
/// Saturates at `usize::MAX`.
///
/// ```
/// use holon_core::engram::subspace_record_len;
///
/// assert_eq!(subspace_record_len(256, 10), 129 + 8 * 256 * 11);
/// ```
pub const fn subspace_record_len(d: usize, rows: usize) -> usize {
    match checked_record_len(d, rows) {
        Some(len) => len,
        None => usize::MAX,
    }
}

const fn checked_record_len(d: usize, rows: usize) -> Option<usize> {
    let Some(vectors) = rows.checked_add(1) else {
        return None;
    };
    let Some(floats) = d.checked_mul(vectors) else {
        return None;
    };
    let Some(bytes) = floats.checked_mul(8) else {
        return None;
    };
    bytes.checked_add(SUBSPACE_RECORD_FIXED_LEN)
}

/// Bytes of a version-2 file at dimension `d` with `prototypes` prototype
/// records and `subspaces` subspace records of `rows` rows each: `32 +
/// prototypes · (45 + ceil(d / 4)) + subspaces · (129 + 8 d (rows + 1)) +
/// 4`. Saturates at `usize::MAX`.
///
/// ```
/// use holon_core::engram::encoded_len_with_subspaces;
///
/// assert_eq!(encoded_len_with_subspaces(256, 0, 0, 0), 36);
/// assert_eq!(encoded_len_with_subspaces(256, 1, 1, 2), 32 + 109 + 129 + 8 * 256 * 3 + 4);
/// ```
pub const fn encoded_len_with_subspaces(
    d: usize,
    prototypes: usize,
    subspaces: usize,
    rows: usize,
) -> usize {
    let layout = Layout {
        header: SUBSPACE_HEADER_LEN,
        prototypes,
        subspaces,
        rows,
    };
    match checked_file_len(d, layout) {
        Some(len) => len,
        None => usize::MAX,
    }
}

/// The exact length of a version-2 file of this layout, if representable.
pub(crate) const fn checked_file_len(d: usize, layout: Layout) -> Option<usize> {
    // Version 1's length counts a 24-byte header; version 2's is 8 longer.
    let Some(v1) = checked_encoded_len(d, layout.prototypes) else {
        return None;
    };
    let Some(record) = checked_record_len(d, layout.rows) else {
        return None;
    };
    let Some(subspaces) = record.checked_mul(layout.subspaces) else {
        return None;
    };
    let Some(total) = v1.checked_add(subspaces) else {
        return None;
    };
    total.checked_add(SUBSPACE_HEADER_LEN - HEADER_LEN)
}

/// The subspace records region of a validated file.
fn region<const D: usize>(bytes: &[u8], layout: Layout) -> &[u8] {
    let start = layout
        .prototypes
        .saturating_mul(record_len(D))
        .saturating_add(layout.header);
    let end = bytes.len().saturating_sub(TRAILER_LEN);
    bytes.get(start..end).unwrap_or(&[])
}

pub(crate) fn records<const D: usize>(bytes: &[u8], layout: Layout) -> SubspaceRecords<'_, D> {
    let len = subspace_record_len(D, layout.rows).max(1);
    SubspaceRecords {
        chunks: region::<D>(bytes, layout).chunks_exact(len),
        rows: layout.rows,
    }
}

fn f64_at(bytes: &[u8], field: Field) -> f64 {
    f64::from_bits(u64::from_le_bytes(read(bytes, field)))
}

fn usize_at(bytes: &[u8], field: Field) -> usize {
    usize::try_from(u32::from_le_bytes(read(bytes, field))).unwrap_or(usize::MAX)
}

/// Validates every subspace record; the file's `rows` must be the largest
/// `active` of them (0 without records), so each file has one form.
pub(crate) fn check_records<const D: usize>(bytes: &[u8], layout: Layout) -> Result<(), Error> {
    if layout.rows > D {
        return Err(Error::Malformed {
            what: "subspace records store more rows than D",
        });
    }
    let mut widest = 0;
    for record in records::<D>(bytes, layout) {
        widest = widest.max(record.check()?);
    }
    if widest != layout.rows {
        return Err(Error::Malformed {
            what: "subspace rows are not the largest active component count",
        });
    }
    Ok(())
}

/// One validated subspace record of an [`EngramFile`](super::EngramFile),
/// read in place.
#[derive(Clone, Copy)]
pub struct SubspaceRecord<'a, const D: usize> {
    bytes: &'a [u8],
    rows: usize,
}

impl<'a, const D: usize> SubspaceRecord<'a, D> {
    /// The name.
    pub fn name(&self) -> &'a str {
        name_of(self.bytes)
    }

    /// The slot.
    pub fn slot(&self) -> u32 {
        u32::from_le_bytes(read(self.bytes, at::SLOT))
    }

    /// The caller's threshold on the residual (finite).
    pub fn threshold(&self) -> f64 {
        f64_at(self.bytes, at::THRESHOLD)
    }

    /// The subspace's parameters and threshold state.
    pub fn state(&self) -> SubspaceState {
        let b = self.bytes;
        SubspaceState {
            params: SubspaceParams {
                components: usize_at(b, at::COMPONENTS),
                amnesia: f64_at(b, at::AMNESIA),
                ema_alpha: f64_at(b, at::EMA_ALPHA),
                sigma_mult: f64_at(b, at::SIGMA),
                reorth_interval: u32::from_le_bytes(read(b, at::REORTH)),
                min_components: usize_at(b, at::MIN),
                max_components: usize_at(b, at::MAX),
                grow_threshold: f64_at(b, at::GROW),
                shrink_threshold: f64_at(b, at::SHRINK),
            },
            active: usize_at(b, at::ACTIVE),
            observations: u64::from_le_bytes(read(b, at::OBSERVATIONS)),
            residual_mean: f64_at(b, at::RESIDUAL_MEAN),
            residual_variance: f64_at(b, at::RESIDUAL_VARIANCE),
        }
    }

    /// Component `i` of the mean (0 past `D`).
    pub fn mean(&self, i: usize) -> f64 {
        self.float(0, i)
    }

    /// Component `i` of component row `row` (0 past the active rows or `D`).
    pub fn component(&self, row: usize, i: usize) -> f64 {
        if row >= self.state().active {
            return 0.0;
        }
        self.float(row.saturating_add(1), i)
    }

    /// Float `i` of vector `vector` (0 the mean, then the rows).
    fn float(&self, vector: usize, i: usize) -> f64 {
        if i >= D || vector > self.rows {
            return 0.0;
        }
        let at = vector
            .saturating_mul(D)
            .saturating_add(i)
            .saturating_mul(8)
            .saturating_add(SUBSPACE_RECORD_FIXED_LEN);
        f64_at(self.bytes, at..at.saturating_add(8))
    }

    fn vector_bytes(&self, vector: usize) -> &'a [u8] {
        let start = vector
            .saturating_mul(D)
            .saturating_mul(8)
            .saturating_add(SUBSPACE_RECORD_FIXED_LEN);
        self.bytes
            .get(start..)
            .and_then(|b| b.get(..D.saturating_mul(8)))
            .unwrap_or(&[])
    }

    /// Restores the record's subspace into `subspace`, in place. Errors as
    /// [`OnlineSubspace::restore`] when the record does not fit the type
    /// (more active components than `K`, parameters resolved for another
    /// capacity); on error `subspace` is unchanged.
    pub fn read_into<const K: usize, F: Real>(
        &self,
        subspace: &mut OnlineSubspace<D, K, F>,
    ) -> Result<(), Error> {
        let state = self.state();
        let (mean, rows) = subspace.restore_parts(&state)?;
        fill(mean, self.vector_bytes(0));
        for (r, row) in rows.iter_mut().enumerate() {
            fill(row, self.vector_bytes(r.saturating_add(1)));
        }
        Ok(())
    }

    /// Validates the record; returns its active component count.
    fn check(&self) -> Result<usize, Error> {
        check_name(self.bytes)?;
        let state = self.state();
        let params = state.params;
        let floats = [
            params.amnesia,
            params.ema_alpha,
            params.sigma_mult,
            params.grow_threshold,
            params.shrink_threshold,
            state.residual_mean,
            state.residual_variance,
            self.threshold(),
        ];
        if floats.iter().any(|v| !v.is_finite()) {
            return Err(Error::Malformed {
                what: "subspace record holds a NaN or infinite parameter",
            });
        }
        let sane = params.ema_alpha > 0.0
            && params.ema_alpha <= 1.0
            && params.sigma_mult >= 0.0
            && state.residual_variance >= 0.0
            && params.min_components <= params.components
            && params.components <= params.max_components
            && params.max_components <= D
            && state.active <= params.max_components
            && state.active <= self.rows;
        if !sane {
            return Err(Error::Malformed {
                what: "subspace record parameters out of their domain",
            });
        }
        for vector in 0..=self.rows {
            let bytes = self.vector_bytes(vector);
            if vector <= state.active {
                let finite = bytes.chunks_exact(8).all(|c| f64_at(c, 0..8).is_finite());
                if !finite {
                    return Err(Error::Malformed {
                        what: "subspace mean or component is not finite",
                    });
                }
            } else if bytes.iter().any(|&b| b != 0) {
                return Err(Error::Malformed {
                    what: "subspace rows past the active ones are not zero",
                });
            }
        }
        Ok(state.active)
    }
}

fn fill<F: Real, const D: usize>(out: &mut [F; D], bytes: &[u8]) {
    for (slot, chunk) in out.iter_mut().zip(bytes.chunks_exact(8)) {
        *slot = F::from_f64(f64_at(chunk, 0..8));
    }
}

impl<const D: usize> fmt::Debug for SubspaceRecord<'_, D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SubspaceRecord")
            .field("name", &self.name())
            .field("slot", &self.slot())
            .field("threshold", &self.threshold())
            .field("state", &self.state())
            .finish()
    }
}

/// Iterator over the subspace records of an [`EngramFile`](super::EngramFile).
#[derive(Clone, Debug)]
pub struct SubspaceRecords<'a, const D: usize> {
    chunks: core::slice::ChunksExact<'a, u8>,
    rows: usize,
}

impl<'a, const D: usize> Iterator for SubspaceRecords<'a, D> {
    type Item = SubspaceRecord<'a, D>;

    fn next(&mut self) -> Option<Self::Item> {
        let rows = self.rows;
        self.chunks
            .next()
            .map(|bytes| SubspaceRecord { bytes, rows })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.chunks.size_hint()
    }
}

impl<const D: usize> ExactSizeIterator for SubspaceRecords<'_, D> {}

/// Writes one subspace engram as a record of `rows` rows into `out`
/// (exactly [`subspace_record_len`]`(D, rows)` bytes).
pub(crate) fn write_record<const D: usize, const K: usize, F: Real>(
    name: &[u8; NAME_CAPACITY],
    name_len: u8,
    slot: u32,
    threshold: f64,
    subspace: &OnlineSubspace<D, K, F>,
    out: &mut [u8],
) -> Result<(), Error> {
    let state = subspace.state();
    let p = state.params;
    let small = |n: usize| {
        u32::try_from(n).map_err(|_| Error::Unsupported {
            what: "subspace component counts fit in u32",
        })
    };
    let fixed = core::iter::once(name_len)
        .chain(*name)
        .chain(slot.to_le_bytes())
        .chain(small(state.active)?.to_le_bytes())
        .chain(small(p.components)?.to_le_bytes())
        .chain(small(p.min_components)?.to_le_bytes())
        .chain(small(p.max_components)?.to_le_bytes())
        .chain(p.reorth_interval.to_le_bytes())
        .chain(state.observations.to_le_bytes())
        .chain(p.amnesia.to_bits().to_le_bytes())
        .chain(p.ema_alpha.to_bits().to_le_bytes())
        .chain(p.sigma_mult.to_bits().to_le_bytes())
        .chain(p.grow_threshold.to_bits().to_le_bytes())
        .chain(p.shrink_threshold.to_bits().to_le_bytes())
        .chain(state.residual_mean.to_bits().to_le_bytes())
        .chain(state.residual_variance.to_bits().to_le_bytes())
        .chain(threshold.to_bits().to_le_bytes());
    let vectors = core::iter::once(subspace.mean())
        .chain(subspace.components())
        .flat_map(|v| v.iter().flat_map(|x| x.to_f64().to_bits().to_le_bytes()));
    // Rows past the active ones, up to the file's row count, stay zero.
    out.fill(0);
    for (dst, src) in out.iter_mut().zip(fixed.chain(vectors)) {
        *dst = src;
    }
    Ok(())
}
