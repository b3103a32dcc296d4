//! The engram bank: up to `N` engrams inline, matched by a linear scan, and
//! written to or loaded from the engram byte format.

use core::fmt;

use super::wire::{
    checked_encoded_len, crc32, encoded_len, record_len, EngramFile, Header, FORMAT_VERSION,
    HEADER_LEN, TRAILER_LEN,
};
use super::Engram;
use crate::error::Error;
use crate::vector::Vector;

/// A bank of at most `N` engrams of dimension `D`, stored inline.
///
/// Memory is about `N * (D + 48)` bytes; running out of room is an
/// [`Error::CapacityExceeded`], never a reallocation. Matching is a linear
/// scan: one cosine per engram.
///
/// ```
/// use holon_core::{atom::atom, engram::{Engram, EngramBank}, Error, Vector};
///
/// let mut bank: EngramBank<256, 2> = EngramBank::new();
/// bank.push(Engram::new("udp", 0, atom(0, "udp"), 0.5, 10).unwrap()).unwrap();
/// bank.push(Engram::new("tcp", 0, atom(0, "tcp"), 0.5, 12).unwrap()).unwrap();
/// let full = bank.push(Engram::new("icmp", 1, atom(0, "icmp"), 0.5, 1).unwrap());
/// assert_eq!(full, Err(Error::CapacityExceeded { capacity: 2 }));
///
/// let query: Vector<256> = atom(0, "tcp");
/// let [best, second] = bank.top_k::<2>(&query);
/// let (index, cosine) = best.unwrap();
/// assert_eq!(index, 1); // "tcp" itself,
/// assert!(cosine > 0.999); // up to rounding of sqrt(n) * sqrt(n)
/// assert_eq!(second.map(|(index, _)| index), Some(0));
/// assert_eq!(bank.find("udp"), Some(0));
/// ```
#[derive(Clone)]
pub struct EngramBank<const D: usize, const N: usize> {
    engrams: [Engram<D>; N],
    len: usize,
}

impl<const D: usize, const N: usize> EngramBank<D, N> {
    /// The capacity, `N`.
    pub const CAPACITY: usize = N;

    /// An empty bank. `const`, so a bank can live in a `static`.
    pub const fn new() -> Self {
        Self {
            engrams: [const { Engram::EMPTY }; N],
            len: 0,
        }
    }

    /// Number of engrams held.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the bank holds no engram.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// True when the bank holds `N` engrams.
    pub fn is_full(&self) -> bool {
        self.len >= N
    }

    /// Appends `engram`; [`Error::CapacityExceeded`] when the bank is full.
    pub fn push(&mut self, engram: Engram<D>) -> Result<(), Error> {
        let slot = self
            .engrams
            .get_mut(self.len)
            .ok_or(Error::CapacityExceeded { capacity: N })?;
        *slot = engram;
        self.len += 1;
        Ok(())
    }

    /// Engram `index`, or `None` past the end.
    pub fn get(&self, index: usize) -> Option<&Engram<D>> {
        self.as_slice().get(index)
    }

    /// The engrams held, in insertion order.
    pub fn as_slice(&self) -> &[Engram<D>] {
        self.engrams.get(..self.len).unwrap_or(&[])
    }

    /// Iterates over the engrams held, in insertion order.
    pub fn iter(&self) -> core::slice::Iter<'_, Engram<D>> {
        self.as_slice().iter()
    }

    /// Removes every engram.
    pub fn clear(&mut self) {
        self.len = 0;
    }

    /// The index of the first engram named `name`.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.iter().position(|e| e.name() == name)
    }

    /// The engram of `slot` most similar to `query`: its index and cosine,
    /// the lower index on a tie; `None` when the slot has no engram.
    ///
    /// ```
    /// use holon_core::{engram::{Engram, EngramBank}, Vector};
    ///
    /// let v = |s: &str| s.parse::<Vector<4>>().unwrap();
    /// let mut bank: EngramBank<4, 3> = EngramBank::new();
    /// bank.push(Engram::new("a", 7, v("++00"), 0.0, 1).unwrap()).unwrap();
    /// bank.push(Engram::new("b", 9, v("++++"), 0.0, 1).unwrap()).unwrap();
    /// bank.push(Engram::new("c", 7, v("+++0"), 0.0, 1).unwrap()).unwrap();
    ///
    /// let (index, cosine) = bank.best_in_slot(7, &v("++++")).unwrap();
    /// assert_eq!(index, 2);
    /// assert!((cosine - 3.0 / 12f32.sqrt()).abs() < 1e-6);
    /// assert_eq!(bank.best_in_slot(8, &v("++++")), None);
    /// ```
    pub fn best_in_slot(&self, slot: u32, query: &Vector<D>) -> Option<(usize, f32)> {
        let mut best: Option<(usize, f32)> = None;
        for (index, engram) in self.iter().enumerate() {
            if engram.slot != slot {
                continue;
            }
            let cosine = engram.prototype.cosine(query);
            if best.is_none_or(|(_, b)| cosine > b) {
                best = Some((index, cosine));
            }
        }
        best
    }

    /// The `K` engrams most similar to `query`, best first, as (index,
    /// cosine); ties go to the lower index, and slots past the bank's length
    /// are `None`. One cosine per engram plus `K` comparisons.
    ///
    /// ```
    /// use holon_core::{engram::{Engram, EngramBank}, Vector};
    ///
    /// let v = |s: &str| s.parse::<Vector<4>>().unwrap();
    /// let mut bank: EngramBank<4, 3> = EngramBank::new();
    /// bank.push(Engram::new("a", 0, v("+000"), 0.0, 1).unwrap()).unwrap();
    /// bank.push(Engram::new("b", 0, v("++++"), 0.0, 1).unwrap()).unwrap();
    /// bank.push(Engram::new("c", 0, v("0+00"), 0.0, 1).unwrap()).unwrap();
    ///
    /// let top = bank.top_k::<4>(&v("++++"));
    /// assert_eq!(top, [Some((1, 1.0)), Some((0, 0.5)), Some((2, 0.5)), None]);
    /// ```
    pub fn top_k<const K: usize>(&self, query: &Vector<D>) -> [Option<(usize, f32)>; K] {
        let mut best = [None; K];
        for (index, engram) in self.iter().enumerate() {
            // Insertion by bubbling: the candidate swaps into the first
            // place it outranks, and each displaced entry moves down one.
            let mut carry = Some((index, engram.prototype.cosine(query)));
            for place in best.iter_mut() {
                if outranks(carry, *place) {
                    core::mem::swap(place, &mut carry);
                }
            }
        }
        best
    }
}

/// True when `a` belongs before `b` in a best-first ranking: a higher cosine,
/// or an equal cosine at a lower index; an empty place ranks last.
fn outranks(a: Option<(usize, f32)>, b: Option<(usize, f32)>) -> bool {
    match (a, b) {
        (Some(_), None) => true,
        (Some((ia, ca)), Some((ib, cb))) => ca > cb || (ca == cb && ia < ib),
        _ => false,
    }
}

impl<const D: usize, const N: usize> Default for EngramBank<D, N> {
    fn default() -> Self {
        Self::new()
    }
}

/// Two banks are equal when they hold equal engrams in the same order
/// (capacity and unused storage do not matter).
impl<const D: usize, const N: usize> PartialEq for EngramBank<D, N> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<const D: usize, const N: usize> fmt::Debug for EngramBank<D, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a, const D: usize, const N: usize> IntoIterator for &'a EngramBank<D, N> {
    type Item = &'a Engram<D>;
    type IntoIter = core::slice::Iter<'a, Engram<D>>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
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
        let file_header = Header {
            version: FORMAT_VERSION,
            dimensions: D,
            seed,
            prototypes: self.len,
            subspaces: 0,
            rows: 0,
        };
        // Refuses a D or count the format cannot hold before looking at `out`.
        file_header.to_bytes()?;
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

        file_header.emit(header)?;
        self.write_records(records);
        for (dst, src) in trailer.iter_mut().zip(crc32(body).to_le_bytes()) {
            *dst = src;
        }
        Ok(needed)
    }

    /// Writes every engram as a record into `records`, in order.
    pub(crate) fn write_records(&self, records: &mut [u8]) {
        for (chunk, engram) in records.chunks_exact_mut(record_len(D)).zip(self.iter()) {
            engram.emit_record(chunk);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_k_bubbles_ties_to_the_lower_index() {
        let mut bank: EngramBank<2, 4> = EngramBank::new();
        for (name, v) in [("a", "+0"), ("b", "++"), ("c", "+0"), ("d", "-0")] {
            let v: Vector<2> = v.parse().unwrap();
            bank.push(Engram::new(name, 0, v, 0.0, 0).unwrap()).unwrap();
        }
        let q: Vector<2> = "+0".parse().unwrap();
        let c = core::f32::consts::FRAC_1_SQRT_2;
        assert_eq!(
            bank.top_k::<5>(&q),
            [
                Some((0, 1.0)),
                Some((2, 1.0)),
                Some((1, c)),
                Some((3, -1.0)),
                None
            ]
        );
        assert_eq!(bank.top_k::<0>(&q), []);
        assert_eq!(bank.top_k::<1>(&q), [Some((0, 1.0))]);
    }
}
