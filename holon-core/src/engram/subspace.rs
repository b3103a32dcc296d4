//! Subspace engrams: a named [`OnlineSubspace`] with a slot and a residual
//! threshold, and [`SubspaceBank`], a fixed-capacity bank that matches an
//! observation by residual.

use core::borrow::Borrow;
use core::fmt;

use super::wire::subspace::{checked_file_len, subspace_record_len, write_record};
use super::wire::{crc32, Header, SUBSPACE_FORMAT_VERSION, SUBSPACE_HEADER_LEN, TRAILER_LEN};
use super::{record_len, EngramBank, NAME_CAPACITY};
use crate::error::Error;
use crate::memory::{Observation, OnlineSubspace, Real};

/// A named unit of learned manifold: a subspace, its slot and the residual
/// above which an observation does not match it.
///
/// Memory is inline: the subspace's `(K + 1) · D` floats plus 56 bytes.
#[derive(Clone, PartialEq)]
pub struct SubspaceEngram<const D: usize, const K: usize, F: Real = f64> {
    name: [u8; NAME_CAPACITY],
    name_len: u8,
    slot: u32,
    threshold: f64,
    subspace: OnlineSubspace<D, K, F>,
}

impl<const D: usize, const K: usize, F: Real> SubspaceEngram<D, K, F> {
    const EMPTY: Self = Self {
        name: [0; NAME_CAPACITY],
        name_len: 0,
        slot: 0,
        threshold: 0.0,
        subspace: OnlineSubspace::new(0),
    };

    /// An engram named `name` (at most [`NAME_CAPACITY`] bytes), in
    /// `slot`, matching below the residual `threshold`, holding a copy of
    /// `subspace`. The value is as large as the subspace: box it.
    ///
    /// Errors: [`Error::NameTooLong`], [`Error::NonFinite`] for a NaN or
    /// infinite threshold.
    pub fn new(
        name: &str,
        slot: u32,
        threshold: F,
        subspace: &OnlineSubspace<D, K, F>,
    ) -> Result<Self, Error> {
        let mut engram = Self::EMPTY;
        engram.set(name, slot, threshold, subspace)?;
        Ok(engram)
    }

    /// Overwrites this engram in place; on error it is unchanged.
    fn set(
        &mut self,
        name: &str,
        slot: u32,
        threshold: F,
        subspace: &OnlineSubspace<D, K, F>,
    ) -> Result<(), Error> {
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
        self.name = [0; NAME_CAPACITY];
        for (dst, &src) in self.name.iter_mut().zip(bytes) {
            *dst = src;
        }
        self.name_len = name_len;
        self.slot = slot;
        self.threshold = threshold.to_f64();
        self.subspace.clone_from(subspace);
        Ok(())
    }

    /// Fills this engram from a validated record, in place.
    fn read_from(&mut self, record: &super::SubspaceRecord<'_, D>) -> Result<(), Error> {
        record.read_into(&mut self.subspace)?;
        let name = record.name();
        self.name = [0; NAME_CAPACITY];
        for (dst, &src) in self.name.iter_mut().zip(name.as_bytes()) {
            *dst = src;
        }
        self.name_len = u8::try_from(name.len()).unwrap_or(0);
        self.slot = record.slot();
        self.threshold = record.threshold();
        Ok(())
    }

    /// Replaces this engram with the record `record` of an engram file, in
    /// place (no copy on the stack). Errors as
    /// [`SubspaceRecord::read_into`](super::SubspaceRecord::read_into); on
    /// error the engram is unchanged.
    pub fn load_record(&mut self, record: &super::SubspaceRecord<'_, D>) -> Result<(), Error> {
        crate::memory::check_state::<D, K>(&record.state())?;
        self.read_from(record)
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

    /// The residual above which an observation does not match.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// The learned subspace.
    pub fn subspace(&self) -> &OnlineSubspace<D, K, F> {
        &self.subspace
    }

    /// The residual of `x` against this engram's subspace.
    pub fn residual<X: Observation<D> + ?Sized>(&self, x: &X) -> F {
        self.subspace.residual(x)
    }

    /// True when the residual of `x` is above the threshold.
    pub fn is_anomalous<X: Observation<D> + ?Sized>(&self, x: &X) -> bool {
        self.residual(x).to_f64() > self.threshold
    }
}

impl<const D: usize, const K: usize, F: Real> fmt::Debug for SubspaceEngram<D, K, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SubspaceEngram")
            .field("name", &self.name())
            .field("slot", &self.slot)
            .field("threshold", &self.threshold)
            .field("subspace", &self.subspace)
            .finish()
    }
}

/// A bank of at most `M` subspace engrams of dimension `D` and capacity
/// `K`, stored inline (about `M · (K + 1) · D` floats: box it or make it a
/// `static`; [`new`](Self::new) is `const`).
///
/// Matching is a linear scan, one residual per engram. Engram files of
/// version 2 carry these next to prototype engrams:
/// [`emit_with_subspaces`] writes both kinds, [`EngramBank::load`] reads the
/// prototypes and [`SubspaceBank::load`] the subspaces.
///
/// ```
/// use holon_core::{atom::atom, engram::{EngramBank, SubspaceBank}, memory::OnlineSubspace, Vector};
///
/// let mut dns: OnlineSubspace<128, 4> = OnlineSubspace::new(2);
/// let mut ntp: OnlineSubspace<128, 4> = OnlineSubspace::new(2);
/// for i in 0..40 {
///     dns.update(&atom::<128>(0, ["q", "r"][i % 2]));
///     ntp.update(&atom::<128>(0, ["t", "u"][i % 2]));
/// }
/// let mut bank: Box<SubspaceBank<128, 4, 2>> = Box::new(SubspaceBank::new());
/// bank.push("dns", 0, dns.threshold(), &dns).unwrap();
/// bank.push("ntp", 0, ntp.threshold(), &ntp).unwrap();
/// let [best, _] = bank.top_k::<2, _>(&atom::<128>(0, "t"));
/// assert_eq!(best.map(|(i, _)| i), Some(1));
///
/// // Both kinds in one version-2 file, and back.
/// let prototypes: EngramBank<128, 1> = EngramBank::new();
/// let mut bytes = vec![0u8; bank.encoded_len_with(&prototypes)];
/// holon_core::engram::emit_with_subspaces(9, &prototypes, &bank, &mut bytes).unwrap();
/// let mut back: Box<SubspaceBank<128, 4, 2>> = Box::new(SubspaceBank::new());
/// assert_eq!(back.load(&bytes), Ok(9));
/// assert!(*back == *bank);
/// ```
#[derive(Clone)]
pub struct SubspaceBank<const D: usize, const K: usize, const M: usize, F: Real = f64> {
    engrams: [SubspaceEngram<D, K, F>; M],
    len: usize,
}

impl<const D: usize, const K: usize, const M: usize, F: Real> SubspaceBank<D, K, M, F> {
    /// An empty bank.
    pub const fn new() -> Self {
        Self {
            engrams: [const { SubspaceEngram::EMPTY }; M],
            len: 0,
        }
    }

    /// Number of engrams held.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the bank holds none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The engrams held, in insertion order.
    pub fn as_slice(&self) -> &[SubspaceEngram<D, K, F>] {
        self.engrams.get(..self.len).unwrap_or(&[])
    }

    /// Iterates over the engrams held.
    pub fn iter(&self) -> core::slice::Iter<'_, SubspaceEngram<D, K, F>> {
        self.as_slice().iter()
    }

    /// Engram `index`, or `None` past the end.
    pub fn get(&self, index: usize) -> Option<&SubspaceEngram<D, K, F>> {
        self.as_slice().get(index)
    }

    /// The index of the first engram named `name`.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.iter().position(|e| e.name() == name)
    }

    /// Removes every engram.
    pub fn clear(&mut self) {
        self.len = 0;
    }

    /// Removes engram `index`, keeping the order of the others; `None`
    /// past the end.
    pub fn remove(&mut self, index: usize) -> Option<()> {
        if index >= self.len {
            return None;
        }
        let tail = self.engrams.get_mut(index..self.len)?;
        // `rotate_left` on an empty slice would panic; `index < len` keeps
        // the tail non-empty.
        if !tail.is_empty() {
            tail.rotate_left(1);
        }
        self.len -= 1;
        Some(())
    }

    /// Appends an engram named `name` (at most [`NAME_CAPACITY`] bytes), in
    /// `slot`, matching below the residual `threshold`, copying `subspace`
    /// straight into the bank's storage.
    ///
    /// Errors: [`Error::NameTooLong`], [`Error::NonFinite`] for a NaN or
    /// infinite threshold, [`Error::CapacityExceeded`] when full.
    pub fn push(
        &mut self,
        name: &str,
        slot: u32,
        threshold: F,
        subspace: &OnlineSubspace<D, K, F>,
    ) -> Result<(), Error> {
        let engram = self
            .engrams
            .get_mut(self.len)
            .ok_or(Error::CapacityExceeded { capacity: M })?;
        engram.set(name, slot, threshold, subspace)?;
        self.len += 1;
        Ok(())
    }

    /// The `T` engrams `x` fits best, lowest residual first, as (index,
    /// residual); ties go to the lower index, places past the bank's length
    /// are `None`.
    pub fn top_k<const T: usize, X: Observation<D> + ?Sized>(
        &self,
        x: &X,
    ) -> [Option<(usize, F)>; T] {
        let mut best = [None; T];
        for (index, engram) in self.iter().enumerate() {
            let mut carry = Some((index, engram.residual(x)));
            for place in best.iter_mut() {
                if fits_better(carry, *place) {
                    core::mem::swap(place, &mut carry);
                }
            }
        }
        best
    }

    /// The engram of `slot` that `x` fits best: its index and residual, the
    /// lower index on a tie; `None` when the slot has none.
    pub fn best_in_slot<X: Observation<D> + ?Sized>(&self, slot: u32, x: &X) -> Option<(usize, F)> {
        let mut best = None;
        for (index, engram) in self.iter().enumerate() {
            if engram.slot != slot {
                continue;
            }
            let candidate = Some((index, engram.residual(x)));
            if fits_better(candidate, best) {
                best = candidate;
            }
        }
        best
    }

    /// Bytes [`emit_with_subspaces`] writes for this bank and `prototypes`.
    pub fn encoded_len_with<const N: usize>(&self, prototypes: &EngramBank<D, N>) -> usize {
        encoded_len_of_engrams(prototypes, self.as_slice())
    }

    /// Replaces the bank's contents with the subspace records of an engram
    /// file (version 2; a version-1 file has none), returning its seed. On
    /// error the bank is unchanged.
    ///
    /// Errors: everything [`EngramFile::new_checked`](super::EngramFile::new_checked)
    /// rejects; [`Error::CapacityExceeded`] for more than `M` records;
    /// [`Error::InvalidParameter`] for a record that does not fit `K`.
    pub fn load(&mut self, bytes: &[u8]) -> Result<u64, Error> {
        let file = super::EngramFile::<D, _>::new_checked(bytes)?;
        if file.subspace_count() > M {
            return Err(Error::CapacityExceeded { capacity: M });
        }
        for record in file.subspaces() {
            crate::memory::check_state::<D, K>(&record.state())?;
        }
        for (engram, record) in self.engrams.iter_mut().zip(file.subspaces()) {
            engram.read_from(&record)?;
        }
        self.len = file.subspace_count();
        Ok(file.seed())
    }
}

/// Writes `prototypes` and `subspaces` as one version-2 engram file into
/// the start of `out`, returning the bytes written
/// ([`SubspaceBank::encoded_len_with`]).
///
/// Errors: [`Error::BufferTooSmall`]; [`Error::Unsupported`] when a count
/// or `D` does not fit the format's `u32`.
pub fn emit_with_subspaces<
    const D: usize,
    const N: usize,
    const K: usize,
    const M: usize,
    F: Real,
>(
    seed: u64,
    prototypes: &EngramBank<D, N>,
    subspaces: &SubspaceBank<D, K, M, F>,
    out: &mut [u8],
) -> Result<usize, Error> {
    emit_engrams(seed, prototypes, subspaces.as_slice(), out)
}

/// Bytes [`emit_engrams`] writes for these engrams.
pub fn encoded_len_of_engrams<const D: usize, const N: usize, const K: usize, F: Real, E>(
    prototypes: &EngramBank<D, N>,
    subspaces: &[E],
) -> usize
where
    E: Borrow<SubspaceEngram<D, K, F>>,
{
    let rows = rows_of(subspaces);
    super::encoded_len_with_subspaces(D, prototypes.len(), subspaces.len(), rows)
}

/// The most active components of any engram: the rows each record stores.
fn rows_of<const D: usize, const K: usize, F: Real, E>(subspaces: &[E]) -> usize
where
    E: Borrow<SubspaceEngram<D, K, F>>,
{
    subspaces
        .iter()
        .map(|e| e.borrow().subspace.active())
        .max()
        .unwrap_or(0)
}

/// [`emit_with_subspaces`] for engrams held anywhere (a slice of engrams,
/// or of boxes of them): a server-side library writes its file with this.
pub fn emit_engrams<const D: usize, const N: usize, const K: usize, F: Real, E>(
    seed: u64,
    prototypes: &EngramBank<D, N>,
    subspaces: &[E],
    out: &mut [u8],
) -> Result<usize, Error>
where
    E: Borrow<SubspaceEngram<D, K, F>>,
{
    let file_header = Header {
        version: SUBSPACE_FORMAT_VERSION,
        dimensions: D,
        seed,
        prototypes: prototypes.len(),
        subspaces: subspaces.len(),
        rows: rows_of(subspaces),
    };
    // Refuses a D or count the format cannot hold before looking at `out`.
    file_header.to_bytes()?;
    let layout = file_header.layout();
    let needed = checked_file_len(D, layout).unwrap_or(usize::MAX);
    let out = out
        .get_mut(..needed)
        .ok_or(Error::BufferTooSmall { needed })?;
    let (body, trailer) = out
        .split_at_mut_checked(needed.saturating_sub(TRAILER_LEN))
        .ok_or(Error::BufferTooSmall { needed })?;
    let (header, records) = body
        .split_at_mut_checked(SUBSPACE_HEADER_LEN)
        .ok_or(Error::BufferTooSmall { needed })?;
    file_header.emit(header)?;
    let (proto_region, subspace_region) = records
        .split_at_mut_checked(prototypes.len().saturating_mul(record_len(D)))
        .ok_or(Error::BufferTooSmall { needed })?;
    prototypes.write_records(proto_region);
    let len = subspace_record_len(D, layout.rows).max(1);
    for (chunk, e) in subspace_region.chunks_exact_mut(len).zip(subspaces.iter()) {
        let e = e.borrow();
        write_record(&e.name, e.name_len, e.slot, e.threshold, &e.subspace, chunk)?;
    }
    for (dst, src) in trailer.iter_mut().zip(crc32(body).to_le_bytes()) {
        *dst = src;
    }
    Ok(needed)
}

/// True when `a` belongs before `b`: a lower residual, or an equal one at a
/// lower index; an empty place ranks last.
fn fits_better<F: Real>(a: Option<(usize, F)>, b: Option<(usize, F)>) -> bool {
    match (a, b) {
        (Some(_), None) => true,
        (Some((ia, ra)), Some((ib, rb))) => ra < rb || (ra == rb && ia < ib),
        _ => false,
    }
}

impl<const D: usize, const K: usize, const M: usize, F: Real> Default for SubspaceBank<D, K, M, F> {
    fn default() -> Self {
        Self::new()
    }
}

/// Equal when they hold equal engrams in the same order.
impl<const D: usize, const K: usize, const M: usize, F: Real> PartialEq
    for SubspaceBank<D, K, M, F>
{
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<const D: usize, const K: usize, const M: usize, F: Real> fmt::Debug
    for SubspaceBank<D, K, M, F>
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}
