//! Engram banks stored packed, for matching in a quarter of the RAM.
//!
//! A [`PackedBank`] keeps, per engram, only what matching reads: the slot,
//! the threshold, the square root of the prototype's norm (so a scan costs
//! one dot product and one division an engram) and the packed prototype
//! (`12 + 8 * W` bytes: 268 at D = 1024, against about 1 072 for an
//! [`Engram`](crate::engram::Engram)). Names and counts stay in the engram
//! file, which a device keeps in flash; the bank's indices are the file's
//! record indices, so `file.get(index)` names a match.

use crate::engram::EngramFile;
use crate::error::Error;
use crate::vector::{cosine_from_roots, norm_root};

use super::vector::PackedVector;

/// What a [`PackedBank`] keeps of one engram.
#[derive(Clone, PartialEq, Debug)]
pub struct PackedEngram<const D: usize, const W: usize> {
    slot: u32,
    threshold: f32,
    root: f32,
    prototype: PackedVector<D, W>,
}

impl<const D: usize, const W: usize> PackedEngram<D, W> {
    /// The empty engram filling a bank's unused storage.
    const EMPTY: Self = Self {
        slot: 0,
        threshold: 0.0,
        root: 0.0,
        prototype: PackedVector::zero(),
    };

    /// The caller-defined group this engram belongs to.
    pub fn slot(&self) -> u32 {
        self.slot
    }

    /// The threshold, as in the engram file (finite).
    pub fn threshold(&self) -> f32 {
        self.threshold
    }

    /// The packed prototype.
    pub fn prototype(&self) -> &PackedVector<D, W> {
        &self.prototype
    }

    /// The prototype's cosine with `query`, whose [`norm_root`] the caller
    /// computed once for the whole scan.
    fn cosine(&self, query: &PackedVector<D, W>, query_root: f32) -> f32 {
        cosine_from_roots(self.prototype.dot(query), self.root, query_root)
    }
}

/// At most `N` engrams of dimension `D`, packed (`W` = [`words(D)`]), for
/// matching: the same [`top_k`](Self::top_k) and
/// [`best_in_slot`](Self::best_in_slot) results, cosine bits included, as an
/// [`EngramBank`](crate::engram::EngramBank) loaded from the same bytes.
///
/// Memory is `N * (12 + 8 * W)` bytes plus a word, inline; [`new`](Self::new)
/// is `const`, so a bank can live in a `static` (or in any buffer the
/// caller provides) rather than on the stack.
///
/// ```
/// use holon_core::engram::{Engram, EngramBank};
/// use holon_core::packed::{self, words, PackedBank};
/// use holon_core::atom::atom;
///
/// let mut bank: EngramBank<256, 2> = EngramBank::new();
/// bank.push(Engram::new("udp", 0, atom(0, "udp"), 0.5, 10).unwrap()).unwrap();
/// bank.push(Engram::new("tcp", 0, atom(0, "tcp"), 0.5, 12).unwrap()).unwrap();
/// let mut bytes = [0u8; 256];
/// let n = bank.emit(0, &mut bytes).unwrap();
///
/// let mut small: PackedBank<256, { words(256) }, 2> = PackedBank::new();
/// assert_eq!(small.load(&bytes[..n]), Ok(0));
/// let query = packed::atom(0, "tcp");
/// assert_eq!(small.best_in_slot(0, &query), bank.best_in_slot(0, &atom(0, "tcp")));
/// assert_eq!(small.top_k::<2>(&query), bank.top_k::<2>(&atom(0, "tcp")));
/// ```
///
/// [`words(D)`]: super::words
#[derive(Clone)]
pub struct PackedBank<const D: usize, const W: usize, const N: usize> {
    engrams: [PackedEngram<D, W>; N],
    len: usize,
}

impl<const D: usize, const W: usize, const N: usize> PackedBank<D, W, N> {
    /// The capacity, `N`.
    pub const CAPACITY: usize = N;

    /// Bytes of RAM one engram takes in the bank.
    pub const BYTES_PER_ENGRAM: usize = core::mem::size_of::<PackedEngram<D, W>>();

    /// An empty bank.
    pub const fn new() -> Self {
        Self {
            engrams: [const { PackedEngram::EMPTY }; N],
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

    /// Engram `index`, or `None` past the end.
    pub fn get(&self, index: usize) -> Option<&PackedEngram<D, W>> {
        self.as_slice().get(index)
    }

    /// The engrams held, in file order.
    pub fn as_slice(&self) -> &[PackedEngram<D, W>] {
        self.engrams.get(..self.len).unwrap_or(&[])
    }

    /// Replaces the contents with the engrams of an engram file, checked by
    /// [`EngramFile::new_checked`], and returns the file's seed. On error the
    /// bank is left unchanged. Errors as for
    /// [`EngramBank::load`](crate::engram::EngramBank::load).
    pub fn load(&mut self, bytes: &[u8]) -> Result<u64, Error> {
        let file = EngramFile::<D, _>::new_checked(bytes)?;
        self.load_file(&file)?;
        Ok(file.seed())
    }

    /// [`load`](Self::load) from an already checked file view.
    pub fn load_file<T: AsRef<[u8]>>(&mut self, file: &EngramFile<D, T>) -> Result<(), Error> {
        if file.len() > N {
            return Err(Error::CapacityExceeded { capacity: N });
        }
        for (engram, record) in self.engrams.iter_mut().zip(file.iter()) {
            let prototype = PackedVector::from_vector(&record.prototype());
            engram.root = norm_root(prototype.nnz() as u64);
            engram.slot = record.slot();
            engram.threshold = record.threshold();
            engram.prototype = prototype;
        }
        self.len = file.len();
        Ok(())
    }

    /// The engram of `slot` most similar to `query`: its index and cosine,
    /// the lower index on a tie; `None` when the slot has no engram.
    pub fn best_in_slot(&self, slot: u32, query: &PackedVector<D, W>) -> Option<(usize, f32)> {
        let query_root = norm_root(query.nnz() as u64);
        let mut best: Option<(usize, f32)> = None;
        for (index, engram) in self.as_slice().iter().enumerate() {
            if engram.slot != slot {
                continue;
            }
            let cosine = engram.cosine(query, query_root);
            if best.is_none_or(|(_, b)| cosine > b) {
                best = Some((index, cosine));
            }
        }
        best
    }

    /// The `K` engrams most similar to `query`, best first, as (index,
    /// cosine); ties go to the lower index, places past the bank's length
    /// are `None`.
    pub fn top_k<const K: usize>(&self, query: &PackedVector<D, W>) -> [Option<(usize, f32)>; K] {
        let query_root = norm_root(query.nnz() as u64);
        let mut best = [None; K];
        for (index, engram) in self.as_slice().iter().enumerate() {
            let mut carry = Some((index, engram.cosine(query, query_root)));
            for place in best.iter_mut() {
                if outranks(carry, *place) {
                    core::mem::swap(place, &mut carry);
                }
            }
        }
        best
    }
}

/// The ranking of [`EngramBank::top_k`](crate::engram::EngramBank::top_k):
/// a higher cosine first, then the lower index; an empty place last.
fn outranks(a: Option<(usize, f32)>, b: Option<(usize, f32)>) -> bool {
    match (a, b) {
        (Some(_), None) => true,
        (Some((ia, ca)), Some((ib, cb))) => ca > cb || (ca == cb && ia < ib),
        _ => false,
    }
}

impl<const D: usize, const W: usize, const N: usize> Default for PackedBank<D, W, N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const D: usize, const W: usize, const N: usize> core::fmt::Debug for PackedBank<D, W, N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PackedBank")
            .field("dimensions", &D)
            .field("len", &self.len)
            .field("capacity", &N)
            .finish()
    }
}
