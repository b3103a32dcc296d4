//! The record encoder: a builder over a bounded stack of open collections,
//! one call per field, map, sequence or set, one vector out.

use super::kernels::{AddBound, Kernels, Threshold};
use super::sums::{add_gram, Sums};
use super::{Scalar, SeqMode, EMPTY_LIST, EMPTY_MAP, EMPTY_SET, SET_INDICATOR};
use crate::atom::{AtomHasher, AtomKey, Codebook};
use crate::error::Error;
use crate::vector::Vector;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A map whose leaves are bundled into this frame's sums: the root, or a
    /// map that is an item of a sequence. Its prefix is always the seed
    /// alone (paths start afresh), which `role_of` relies on.
    Document,
    /// A map nested in a map: only extends the path; leaves go to the
    /// nearest document below it.
    Map,
    /// A sequence in the given mode.
    Seq(SeqMode),
    /// A set.
    Set,
}

struct Frame<const D: usize> {
    kind: Kind,
    /// Keys in this frame hash as `prefix + key`.
    prefix: AtomHasher,
    /// The path of this collection in its parent map, or `None` for an item
    /// (or the root).
    role: Option<AtomKey>,
    /// Direct children so far: fields, nested collections, items.
    entries: u64,
    /// The bundle being built: leaves of a document, terms of a sequence.
    sums: Sums<D>,
    /// The previous two items, for chained and n-gram sequences.
    history: [Vector<D>; 2],
}

impl<const D: usize> Frame<D> {
    fn new(seed: u64) -> Self {
        Self {
            kind: Kind::Document,
            prefix: AtomHasher::new(seed),
            role: None,
            entries: 0,
            sums: Sums::new(),
            history: [Vector::zero(), Vector::zero()],
        }
    }

    fn open(&mut self, kind: Kind, prefix: Option<AtomHasher>, role: Option<AtomKey>) {
        self.kind = kind;
        if let Some(prefix) = prefix {
            self.prefix = prefix;
        }
        self.role = role;
        self.entries = 0;
        if kind != Kind::Map {
            self.sums.clear();
        }
    }
}

/// The allocation-free structural encoder: a builder over a bounded stack of
/// open collections. `DEPTH` bounds nesting (the root is one level).
///
/// ```
/// use holon_core::atom::{atom, DeriveAtoms};
/// use holon_core::ops::bind;
/// use holon_core::record::{RecordEncoder, Scalar, SeqMode};
/// use holon_core::Vector;
///
/// let mut enc = RecordEncoder::<1024, 4, _>::new(0, DeriveAtoms);
/// enc.field("protocol", Scalar::Str("UDP")).unwrap();
/// enc.field("src_port", Scalar::Uint(53)).unwrap();
/// enc.begin_map("request").unwrap();
/// enc.begin_map("headers").unwrap();
/// enc.field("content-type", Scalar::Str("application/json")).unwrap();
/// enc.end().unwrap();
/// enc.end().unwrap();
/// let doc = enc.finish().unwrap();
///
/// // Leaves are bound to their full dotted path.
/// let leaf = bind(
///     &atom::<1024>(0, "request.headers.content-type"),
///     &atom(0, "application/json"),
/// );
/// assert!(doc.cosine(&leaf) > 0.4);
/// let absent = bind(&atom::<1024>(0, "src_port"), &atom(0, "443"));
/// assert!(doc.cosine(&absent).abs() < 0.15);
/// ```
pub struct RecordEncoder<const D: usize, const DEPTH: usize, C> {
    seed: u64,
    codebook: C,
    frames: [Frame<D>; DEPTH],
    /// Open frames; `frames[0]` is the root and is always open.
    depth: usize,
    /// Scratch vectors: 0 and 2 for atoms being combined, 1 for the item or
    /// filler in flight.
    scratch: [Vector<D>; 3],
    kernels: Kernels<D>,
}

impl<const D: usize, const DEPTH: usize, C: Codebook<D>> RecordEncoder<D, DEPTH, C> {
    /// An encoder for documents under `seed`, taking atoms from `codebook`.
    /// `DEPTH` must be at least 1 (checked at compile time).
    pub fn new(seed: u64, codebook: C) -> Self {
        const {
            assert!(DEPTH >= 1, "a RecordEncoder needs DEPTH >= 1");
        }
        Self {
            seed,
            codebook,
            frames: core::array::from_fn(|_| Frame::new(seed)),
            depth: 1,
            scratch: [Vector::zero(), Vector::zero(), Vector::zero()],
            kernels: Kernels::PORTABLE,
        }
    }

    /// The seed atoms are derived under.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The codebook, e.g. to read a cache's statistics.
    pub fn codebook(&mut self) -> &mut C {
        &mut self.codebook
    }

    /// Adds every bound pair (a leaf's role times its filler, a chained
    /// sequence's links) with `kernel` instead of the core's portable loop
    /// ([`add_bound_portable`](super::add_bound_portable)). A kernel that
    /// keeps [`AddBound`]'s contract gives the same vectors, only faster;
    /// `holon_std`'s encoders hand over its SIMD one.
    ///
    /// ```
    /// use core::sync::atomic::{AtomicUsize, Ordering};
    /// use holon_core::atom::DeriveAtoms;
    /// use holon_core::record::{add_bound_portable, RecordEncoder, Scalar};
    ///
    /// static CALLS: AtomicUsize = AtomicUsize::new(0);
    /// fn counted(sums: &mut [i8; 256], a: &[i8; 256], b: &[i8; 256]) {
    ///     CALLS.fetch_add(1, Ordering::Relaxed);
    ///     add_bound_portable(sums, a, b);
    /// }
    /// let mut plain = RecordEncoder::<256, 4, _>::new(0, DeriveAtoms);
    /// let mut custom = RecordEncoder::<256, 4, _>::new(0, DeriveAtoms);
    /// custom.set_add_bound(counted);
    /// for encoder in [&mut plain, &mut custom] {
    ///     encoder.field("proto", Scalar::Str("tcp")).unwrap();
    ///     encoder.field("port", Scalar::Uint(443)).unwrap();
    /// }
    /// assert_eq!(plain.finish().unwrap(), custom.finish().unwrap());
    /// assert_eq!(CALLS.load(Ordering::Relaxed), 2);
    /// ```
    pub fn set_add_bound(&mut self, kernel: AddBound<D>) {
        self.kernels.add_bound = kernel;
    }

    /// Takes the signs of a bundle's narrow sums (every document, sequence
    /// or set of fewer than 127 terms) with `kernel` instead
    /// of the core's portable loop
    /// ([`threshold_portable`](super::threshold_portable)). A kernel that
    /// keeps [`Threshold`]'s contract gives the same vectors.
    ///
    /// ```
    /// use holon_core::atom::DeriveAtoms;
    /// use holon_core::record::{threshold_portable, RecordEncoder, Scalar};
    ///
    /// fn flipped(sums: &[i8; 256], out: &mut [i8; 256]) {
    ///     threshold_portable(sums, out);
    ///     out.iter_mut().for_each(|t| *t = -*t);
    /// }
    /// let mut plain = RecordEncoder::<256, 4, _>::new(0, DeriveAtoms);
    /// let mut custom = RecordEncoder::<256, 4, _>::new(0, DeriveAtoms);
    /// custom.set_threshold(flipped);
    /// for encoder in [&mut plain, &mut custom] {
    ///     encoder.field("proto", Scalar::Str("tcp")).unwrap();
    /// }
    /// let (plain, flipped) = (plain.finish().unwrap(), custom.finish().unwrap());
    /// assert_eq!(plain.cosine(&flipped), -1.0);
    /// ```
    pub fn set_threshold(&mut self, kernel: Threshold<D>) {
        self.kernels.threshold = kernel;
    }

    /// Discards everything added since the last [`finish`](Self::finish),
    /// leaving an empty root map.
    pub fn reset(&mut self) {
        self.depth = 1;
        if let Some(root) = self.frames.first_mut() {
            root.open(Kind::Document, Some(AtomHasher::new(self.seed)), None);
        }
    }

    /// Makes the (still empty) root a sequence instead of a map, for a
    /// document that is a list at top level. Its vector is then the list's
    /// filler.
    pub fn start_root_sequence(&mut self, mode: SeqMode) -> Result<(), Error> {
        self.start_root(Kind::Seq(mode))
    }

    /// Makes the (still empty) root a set; see
    /// [`start_root_sequence`](Self::start_root_sequence).
    pub fn start_root_set(&mut self) -> Result<(), Error> {
        self.start_root(Kind::Set)
    }

    fn start_root(&mut self, kind: Kind) -> Result<(), Error> {
        match self.frames.first_mut() {
            Some(root) if self.depth == 1 && root.entries == 0 => {
                root.open(kind, None, None);
                Ok(())
            }
            _ => Err(Error::Unbalanced),
        }
    }

    /// Adds field `key` with a scalar value at the current path.
    pub fn field(&mut self, key: &str, value: Scalar<'_>) -> Result<(), Error> {
        let role = self.role_of(key)?;
        let filler = self.codebook.key_of(self.seed, value)?;
        let sums = leaf_sums(&mut self.frames, self.depth)?;
        let [role_scratch, filler_scratch, _] = &mut self.scratch;
        let kernels = &self.kernels;
        self.codebook.with_pair(
            [role, filler],
            [role_scratch, filler_scratch],
            |role, filler| sums.add_bound(kernels, role, filler),
        )?;
        self.count_entry()
    }

    /// Adds field `key` with a ready filler vector (a magnitude encoding, or
    /// anything else the caller computed).
    pub fn field_vector(&mut self, key: &str, filler: &Vector<D>) -> Result<(), Error> {
        let role = self.role_of(key)?;
        let sums = leaf_sums(&mut self.frames, self.depth)?;
        let kernels = &self.kernels;
        self.codebook
            .with_atom(role, &mut self.scratch[0], |role| {
                sums.add_bound(kernels, role, filler)
            })?;
        self.count_entry()
    }

    /// Opens the map at field `key`; its fields flatten into this document
    /// with paths `…key.field`.
    pub fn begin_map(&mut self, key: &str) -> Result<(), Error> {
        let (role, mut prefix) = self.role_and_prefix(key)?;
        prefix.update_str(".");
        self.push(Kind::Map, Some(prefix), Some(role))
    }

    /// Opens a sequence at field `key`.
    pub fn begin_seq(&mut self, key: &str, mode: SeqMode) -> Result<(), Error> {
        let role = self.role_of(key)?;
        self.push(Kind::Seq(mode), None, Some(role))
    }

    /// Opens a set at field `key`.
    pub fn begin_set(&mut self, key: &str) -> Result<(), Error> {
        let role = self.role_of(key)?;
        self.push(Kind::Set, None, Some(role))
    }

    /// Adds a scalar item to the open sequence or set.
    pub fn item(&mut self, value: Scalar<'_>) -> Result<(), Error> {
        self.expect_items()?;
        let key = self.codebook.key_of(self.seed, value)?;
        self.codebook.load(key, &mut self.scratch[1]);
        self.add_item()
    }

    /// Adds a ready vector as an item of the open sequence or set.
    pub fn item_vector(&mut self, item: &Vector<D>) -> Result<(), Error> {
        self.expect_items()?;
        self.scratch[1].clone_from(item);
        self.add_item()
    }

    /// Opens a map as the next item of the open sequence or set; its paths
    /// start afresh (relative to the item).
    pub fn begin_item_map(&mut self) -> Result<(), Error> {
        self.expect_items()?;
        self.push(Kind::Document, Some(AtomHasher::new(self.seed)), None)
    }

    /// Opens a sequence as the next item of the open sequence or set.
    pub fn begin_item_seq(&mut self, mode: SeqMode) -> Result<(), Error> {
        self.expect_items()?;
        self.push(Kind::Seq(mode), None, None)
    }

    /// Opens a set as the next item of the open sequence or set.
    pub fn begin_item_set(&mut self) -> Result<(), Error> {
        self.expect_items()?;
        self.push(Kind::Set, None, None)
    }

    /// Closes the innermost open map, sequence or set.
    pub fn end(&mut self) -> Result<(), Error> {
        if self.depth <= 1 {
            return Err(Error::Unbalanced);
        }
        let (kind, role) = match self.frames.get(self.depth - 1) {
            Some(frame) => (frame.kind, frame.role),
            None => return Err(Error::Unbalanced),
        };
        if kind == Kind::Map {
            let empty = self.top()?.entries == 0;
            self.depth -= 1;
            return match (empty, role) {
                (true, Some(role)) => {
                    self.codebook
                        .load(AtomKey::new(self.seed, EMPTY_MAP), &mut self.scratch[1]);
                    self.add_leaf(role)
                }
                _ => {
                    let parent = self.top()?;
                    parent.entries = parent.entries.saturating_add(1);
                    Ok(())
                }
            };
        }
        let mut filler = Vector::zero();
        self.close_into(&mut filler)?;
        self.scratch[1] = filler;
        self.depth -= 1;
        match role {
            Some(role) => self.add_leaf(role),
            None => self.add_item(),
        }
    }

    /// The document's vector; the encoder is reset for the next document.
    /// Every opened collection must have been closed.
    pub fn finish(&mut self) -> Result<Vector<D>, Error> {
        let mut vector = Vector::zero();
        self.finish_into(&mut vector)?;
        Ok(vector)
    }

    /// [`finish`](Self::finish) into `out`, which a caller encoding many
    /// documents keeps: no `D`-byte vector is made or moved. `out` is
    /// unchanged on an error.
    ///
    /// ```
    /// use holon_core::atom::DeriveAtoms;
    /// use holon_core::record::{RecordEncoder, Scalar};
    /// use holon_core::Vector;
    ///
    /// let mut enc = RecordEncoder::<1024, 2, _>::new(0, DeriveAtoms);
    /// let mut out = Vector::zero();
    /// enc.field("protocol", Scalar::Str("UDP"))?;
    /// enc.finish_into(&mut out)?;
    /// enc.field("protocol", Scalar::Str("UDP"))?;
    /// assert_eq!(enc.finish()?, out);
    /// # Ok::<(), holon_core::Error>(())
    /// ```
    pub fn finish_into(&mut self, out: &mut Vector<D>) -> Result<(), Error> {
        if self.depth != 1 {
            return Err(Error::Unbalanced);
        }
        self.close_into(out)?;
        self.reset();
        Ok(())
    }

    /// The innermost frame's vector (document or filler) into `out`,
    /// without popping the frame.
    fn close_into(&mut self, out: &mut Vector<D>) -> Result<(), Error> {
        let index = self.depth - 1;
        let (kind, entries) = match self.frames.get(index) {
            Some(frame) => (frame.kind, frame.entries),
            None => return Err(Error::Unbalanced),
        };
        let empty_atom = match kind {
            Kind::Document | Kind::Map => EMPTY_MAP,
            Kind::Seq(_) => EMPTY_LIST,
            Kind::Set => EMPTY_SET,
        };
        if entries == 0 {
            self.codebook.load(AtomKey::new(self.seed, empty_atom), out);
            return Ok(());
        }
        if kind == Kind::Seq(SeqMode::Ngram) && entries == 1 {
            self.codebook
                .load(AtomKey::position(self.seed, 0), &mut self.scratch[0]);
            let frame = self.frames.get_mut(index).ok_or(Error::Unbalanced)?;
            let [first, _] = &frame.history;
            frame
                .sums
                .add_bound(&self.kernels, &self.scratch[0], first)?;
        }
        let frame = self.frames.get_mut(index).ok_or(Error::Unbalanced)?;
        frame.sums.threshold_into(&self.kernels, out);
        if kind == Kind::Set {
            let indicator = AtomKey::new(self.seed, SET_INDICATOR);
            let bundle = out.clone();
            self.codebook
                .with_atom(indicator, &mut self.scratch[0], |indicator| {
                    crate::ops::bind_into(indicator, &bundle, out)
                });
        }
        Ok(())
    }

    fn top(&mut self) -> Result<&mut Frame<D>, Error> {
        let index = self.depth.checked_sub(1).ok_or(Error::Unbalanced)?;
        self.frames.get_mut(index).ok_or(Error::Unbalanced)
    }

    fn push(
        &mut self,
        kind: Kind,
        prefix: Option<AtomHasher>,
        role: Option<AtomKey>,
    ) -> Result<(), Error> {
        let frame = self
            .frames
            .get_mut(self.depth)
            .ok_or(Error::TooDeep { limit: DEPTH })?;
        frame.open(kind, prefix, role);
        self.depth += 1;
        Ok(())
    }

    /// Checks the innermost frame takes keyed fields and hashes `key` onto
    /// its path; also returns the path's hasher for extension.
    fn role_and_prefix(&mut self, key: &str) -> Result<(AtomKey, AtomHasher), Error> {
        let frame = self.top()?;
        if !matches!(frame.kind, Kind::Document | Kind::Map) {
            return Err(Error::NotInMap);
        }
        let mut path = frame.prefix.clone();
        path.update_str(key);
        Ok((path.clone().finish(), path))
    }

    fn role_of(&mut self, key: &str) -> Result<AtomKey, Error> {
        let frame = self.top()?;
        match frame.kind {
            // A document's paths start afresh: a key is its own text, whose
            // key the codebook may remember.
            Kind::Document => self.codebook.key_of(self.seed, Scalar::Str(key)),
            Kind::Map => {
                let mut path = frame.prefix.clone();
                path.update_str(key);
                Ok(path.finish())
            }
            Kind::Seq(_) | Kind::Set => Err(Error::NotInMap),
        }
    }

    fn expect_items(&mut self) -> Result<(), Error> {
        match self.top()?.kind {
            Kind::Seq(_) | Kind::Set => Ok(()),
            Kind::Document | Kind::Map => Err(Error::NotInSequence),
        }
    }

    /// Adds `bind(atom(role), scratch[1])` to the nearest document and counts
    /// it as an entry of the innermost frame.
    fn add_leaf(&mut self, role: AtomKey) -> Result<(), Error> {
        let sums = leaf_sums(&mut self.frames, self.depth)?;
        let [role_scratch, filler, _] = &mut self.scratch;
        let kernels = &self.kernels;
        self.codebook.with_atom(role, role_scratch, |role| {
            sums.add_bound(kernels, role, filler)
        })?;
        self.count_entry()
    }

    /// Counts a leaf as an entry of the innermost frame.
    fn count_entry(&mut self) -> Result<(), Error> {
        let frame = self.top()?;
        frame.entries = frame.entries.saturating_add(1);
        Ok(())
    }

    /// Adds `scratch[1]` as the next item of the innermost sequence or set.
    fn add_item(&mut self) -> Result<(), Error> {
        let index = self.depth.checked_sub(1).ok_or(Error::Unbalanced)?;
        let (kind, position) = match self.frames.get(index) {
            Some(frame) => (frame.kind, frame.entries),
            None => return Err(Error::Unbalanced),
        };
        let seed = self.seed;
        let kernels = &self.kernels;
        let [first, item, second] = &mut self.scratch;
        let frame = self.frames.get_mut(index).ok_or(Error::Unbalanced)?;
        let Frame { sums, history, .. } = frame;
        let [previous, before_previous] = history;
        match kind {
            Kind::Set | Kind::Seq(SeqMode::Bundle) => sums.add_one(item)?,
            Kind::Seq(SeqMode::Positional) => {
                self.codebook.load(AtomKey::position(seed, position), first);
                sums.add_bound(kernels, first, item)?;
            }
            Kind::Seq(SeqMode::Chained) => {
                if position == 0 {
                    sums.add_one(item)?;
                } else {
                    sums.add_bound(kernels, previous, item)?;
                }
                previous.clone_from(item);
            }
            Kind::Seq(SeqMode::Ngram) => {
                if position >= 1 {
                    self.codebook.load(AtomKey::position(seed, 0), first);
                    self.codebook.load(AtomKey::position(seed, 1), second);
                    add_gram(sums, &[(first, previous), (second, item)])?;
                    if position >= 2 {
                        let mut third = Vector::zero();
                        self.codebook.load(AtomKey::position(seed, 2), &mut third);
                        add_gram(
                            sums,
                            &[(first, before_previous), (second, previous), (&third, item)],
                        )?;
                    }
                }
                core::mem::swap(previous, before_previous);
                previous.clone_from(item);
            }
            Kind::Document | Kind::Map => return Err(Error::NotInSequence),
        }
        frame.entries = frame.entries.saturating_add(1);
        Ok(())
    }
}

/// The sums a leaf goes to: those of the nearest document among the `depth`
/// open frames.
fn leaf_sums<const D: usize>(frames: &mut [Frame<D>], depth: usize) -> Result<&mut Sums<D>, Error> {
    let open = frames.get_mut(..depth).ok_or(Error::Unbalanced)?;
    open.iter_mut()
        .rev()
        .find(|frame| frame.kind == Kind::Document)
        .map(|frame| &mut frame.sums)
        .ok_or(Error::Unbalanced)
}
