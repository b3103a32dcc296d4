//! A prototype record's bytes and the [`Engram`] they describe: an engram is
//! the record's plain representation, so it parses itself from a checked
//! [`EngramRecord`] and emits itself into a record's bytes.

use super::codes::{pack_trits, unpack_into};
use super::view::EngramRecord;
use crate::engram::{Engram, NAME_CAPACITY};

impl<const D: usize> Engram<D> {
    /// Writes this engram as one record into `out`, which is exactly
    /// [`record_len`](super::record_len)`(D)` bytes long.
    pub(crate) fn emit_record(&self, out: &mut [u8]) {
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

    /// Replaces this engram with the one a checked record holds, in place.
    pub(crate) fn read_record(&mut self, record: &EngramRecord<'_, D>) {
        let name = record.name();
        self.name = [0; NAME_CAPACITY];
        for (dst, &src) in self.name.iter_mut().zip(name.as_bytes()) {
            *dst = src;
        }
        self.name_len = u8::try_from(name.len()).unwrap_or(0);
        self.slot = record.slot();
        self.threshold = record.threshold();
        self.count = record.count();
        unpack_into(
            record.packed_prototype(),
            self.prototype.trusted_trits_mut(),
        );
    }
}
