//! Documents become vectors, without allocation.
//!
//! [`RecordEncoder`] is a builder that firmware drives from its own structs
//! (and that `holon-std` drives from JSON): fields, nested maps, sequences
//! and sets go in one call at a time; one vector comes out. The meaning is
//! fixed by DESIGN §6:
//!
//! - A field at dotted path `p` (e.g. `request.headers.host`) contributes
//!   `bind(atom(p), filler)`; nested maps flatten, and the document is the
//!   bundle of all its leaves. Paths are hashed incrementally: no string is
//!   ever built.
//! - A plain scalar's filler is the atom of its canonical text ([`Scalar`]).
//!   Magnitude encodings are passed in as ready vectors
//!   ([`RecordEncoder::field_vector`]).
//! - A sequence is the filler of its path, in one of four [`SeqMode`]s; a set
//!   is the bundle of its items bound to `atom("set_indicator")`.
//! - An empty map, list or set is the atom `{}`, `[]` or `#{}` at its path.
//!
//! Nesting is bounded by the const generic `DEPTH` (the root counts as one
//! level); going deeper returns [`Error::TooDeep`]. Memory is inline:
//! about `DEPTH * 6 * D + 3 * D` bytes plus the codebook.

use crate::atom::{AtomHasher, AtomKey, Codebook};
use crate::error::Error;
use crate::kernel::trit_product;
use crate::vector::Vector;

/// The atom a set's bundle is bound to.
pub const SET_INDICATOR: &str = "set_indicator";
/// The filler of an empty map.
pub const EMPTY_MAP: &str = "{}";
/// The filler of an empty list.
pub const EMPTY_LIST: &str = "[]";
/// The filler of an empty set.
pub const EMPTY_SET: &str = "#{}";

/// How a sequence's items combine into its filler.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum SeqMode {
    /// `bundle_i bind(pos(i), item_i)`: order matters.
    #[default]
    Positional,
    /// `bundle_i item_i`: order is ignored.
    Bundle,
    /// `bundle(item_0, bind(item_0, item_1), bind(item_1, item_2), …)`:
    /// each item bound to its predecessor.
    Chained,
    /// The bundle of every adjacent pair's gram `bundle(bind(pos(0), a),
    /// bind(pos(1), b))` and triple's gram `bundle(bind(pos(0), a),
    /// bind(pos(1), b), bind(pos(2), c))`: position roles, not rotation. A
    /// gram is a bundle, not a product, because binding is commutative: the
    /// product of position-bound items would be the same for `[a, b]` and
    /// `[b, a]`. A one-item sequence is `bind(pos(0), item_0)`.
    Ngram,
}

/// A plain value whose filler is the atom of its canonical text.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Scalar<'a> {
    /// Text, as is.
    Str(&'a str),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// A signed integer, in decimal.
    Int(i64),
    /// An unsigned integer, in decimal.
    Uint(u64),
    /// A finite float: in decimal without fraction when it is a whole number
    /// below 2^63 in magnitude (so `80.0` and `80` are the same atom, and
    /// `-0.0` is `0`), otherwise in Rust's shortest round-trip form (`0.5`,
    /// `1e-7` as `0.0000001`) — that needs the default `float-text` feature,
    /// without which it is [`Error::Unsupported`]. NaN and infinities are
    /// rejected with [`Error::NonFinite`].
    Float(f64),
}

impl Scalar<'_> {
    /// The atom key of this scalar's canonical text under `seed`.
    ///
    /// ```
    /// use holon_core::record::Scalar;
    /// use holon_core::AtomKey;
    ///
    /// assert_eq!(Scalar::Uint(80).key(0), Ok(AtomKey::new(0, "80")));
    /// assert_eq!(Scalar::Float(80.0).key(0), Ok(AtomKey::new(0, "80")));
    /// assert_eq!(Scalar::Float(0.5).key(0), Ok(AtomKey::new(0, "0.5")));
    /// assert_eq!(Scalar::Bool(true).key(0), Ok(AtomKey::new(0, "true")));
    /// assert!(Scalar::Float(f64::NAN).key(0).is_err());
    /// ```
    pub fn key(&self, seed: u64) -> Result<AtomKey, Error> {
        let mut hasher = AtomHasher::new(seed);
        match *self {
            Scalar::Str(text) => {
                hasher.update_str(text);
            }
            Scalar::Bool(true) => {
                hasher.update_str("true");
            }
            Scalar::Bool(false) => {
                hasher.update_str("false");
            }
            Scalar::Null => {
                hasher.update_str("null");
            }
            Scalar::Int(value) => {
                if value < 0 {
                    hasher.update_str("-");
                }
                hasher.update_decimal(value.unsigned_abs());
            }
            Scalar::Uint(value) => {
                hasher.update_decimal(value);
            }
            Scalar::Float(value) => {
                if !value.is_finite() {
                    return Err(Error::NonFinite);
                }
                // 2^63: whole numbers below it print as integers.
                const WHOLE_LIMIT: f64 = 9_223_372_036_854_775_808.0;
                if libm::trunc(value) == value && libm::fabs(value) < WHOLE_LIMIT {
                    let whole = value as i64;
                    if whole < 0 {
                        hasher.update_str("-");
                    }
                    hasher.update_decimal(whole.unsigned_abs());
                } else {
                    write_float_text(&mut hasher, value)?;
                }
            }
        }
        Ok(hasher.finish())
    }
}

/// Appends the shortest round-trip text of a finite, non-whole float.
#[cfg(feature = "float-text")]
fn write_float_text(hasher: &mut AtomHasher, value: f64) -> Result<(), Error> {
    use core::fmt::Write;
    write!(hasher, "{value}").map_err(|_| Error::NonFinite)
}

/// Without the `float-text` feature non-whole floats have no canonical text.
#[cfg(not(feature = "float-text"))]
fn write_float_text(_: &mut AtomHasher, _: f64) -> Result<(), Error> {
    Err(Error::Unsupported {
        what: "non-whole float text (enable the `float-text` feature)",
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A map whose leaves are bundled into this frame's sums: the root, or a
    /// map that is an item of a sequence.
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

/// Running sums of a bundle: recent terms in `i8` lanes (16 a vector
/// instruction), moved into `i32` sums every [`NARROW_TERMS`] terms, before
/// an `i8` could overflow. A typical document never needs the wide sums.
struct Sums<const D: usize> {
    /// Terms added since the last clear.
    terms: u64,
    narrow: [i8; D],
    /// Terms held in `narrow`.
    narrow_terms: u8,
    /// True once `wide` holds terms (until then it is stale, not zero).
    widened: bool,
    wide: [i32; D],
}

impl<const D: usize> Sums<D> {
    fn new() -> Self {
        Self {
            terms: 0,
            narrow: [0; D],
            narrow_terms: 0,
            widened: false,
            wide: [0; D],
        }
    }

    fn clear(&mut self) {
        self.terms = 0;
        self.narrow = [0; D];
        self.narrow_terms = 0;
        self.widened = false;
    }

    /// Adds the trit-wise product of `factors` as one more term.
    ///
    /// A frame takes fewer than `i32::MAX` terms and each moves a sum by at
    /// most one, so no sum can overflow.
    fn add_product(&mut self, factors: &[&Vector<D>]) -> Result<(), Error> {
        if self.terms >= i32::MAX as u64 {
            return Err(Error::TooWide {
                limit: i32::MAX as u64,
            });
        }
        self.terms += 1;
        let narrow = &mut self.narrow;
        match factors {
            [a] => {
                for (n, &x) in narrow.iter_mut().zip(a.as_trits()) {
                    *n = n.wrapping_add(x);
                }
            }
            [a, b] => {
                for ((n, &x), &y) in narrow.iter_mut().zip(a.as_trits()).zip(b.as_trits()) {
                    *n = n.wrapping_add(trit_product(x, y));
                }
            }
            _ => {
                let mut product = [1i8; D];
                for factor in factors {
                    for (p, &t) in product.iter_mut().zip(factor.as_trits()) {
                        *p = trit_product(*p, t);
                    }
                }
                for (n, &x) in narrow.iter_mut().zip(&product) {
                    *n = n.wrapping_add(x);
                }
            }
        }
        self.narrow_terms += 1;
        if self.narrow_terms >= NARROW_TERMS {
            self.widen();
        }
        Ok(())
    }

    /// Moves the narrow sums into the wide ones.
    fn widen(&mut self) {
        if self.widened {
            for (s, &n) in self.wide.iter_mut().zip(&self.narrow) {
                *s = s.wrapping_add(i32::from(n));
            }
        } else {
            for (s, &n) in self.wide.iter_mut().zip(&self.narrow) {
                *s = i32::from(n);
            }
            self.widened = true;
        }
        self.narrow = [0; D];
        self.narrow_terms = 0;
    }

    fn threshold(&mut self) -> Vector<D> {
        if self.widened {
            self.widen();
            crate::kernel::signs(&self.wide)
        } else {
            crate::kernel::signs_narrow(&self.narrow)
        }
    }
}

/// Terms a frame sums in `i8` lanes before widening: no `i8` overflows.
const NARROW_TERMS: u8 = 127;

/// Adds one n-gram term to `frame`: the sign of `sum_k role_k * item_k`.
fn add_gram<const D: usize>(
    sums: &mut Sums<D>,
    slots: &[(&Vector<D>, &Vector<D>)],
) -> Result<(), Error> {
    let mut gram = [0i8; D];
    for (role, item) in slots {
        for ((g, &r), &x) in gram.iter_mut().zip(role.as_trits()).zip(item.as_trits()) {
            *g = g.wrapping_add(trit_product(r, x));
        }
    }
    for g in &mut gram {
        *g = g.signum();
    }
    sums.add_product(&[&Vector::from_trit_iter(gram)])
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
        let filler = value.key(self.seed)?;
        self.codebook.load(filler, &mut self.scratch[1]);
        self.add_leaf(role)
    }

    /// Adds field `key` with a ready filler vector (a magnitude encoding, or
    /// anything else the caller computed).
    pub fn field_vector(&mut self, key: &str, filler: &Vector<D>) -> Result<(), Error> {
        let role = self.role_of(key)?;
        self.scratch[1].clone_from(filler);
        self.add_leaf(role)
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
        let key = value.key(self.seed)?;
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
        self.close_into_scratch()?;
        self.depth -= 1;
        match role {
            Some(role) => self.add_leaf(role),
            None => self.add_item(),
        }
    }

    /// The document's vector; the encoder is reset for the next document.
    /// Every opened collection must have been closed.
    pub fn finish(&mut self) -> Result<Vector<D>, Error> {
        if self.depth != 1 {
            return Err(Error::Unbalanced);
        }
        self.close_into_scratch()?;
        let vector = self.scratch[1].clone();
        self.reset();
        Ok(vector)
    }

    /// Computes the innermost frame's vector (document or filler) into
    /// `scratch[1]`, without popping it.
    fn close_into_scratch(&mut self) -> Result<(), Error> {
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
            self.codebook
                .load(AtomKey::new(self.seed, empty_atom), &mut self.scratch[1]);
            return Ok(());
        }
        if kind == Kind::Seq(SeqMode::Ngram) && entries == 1 {
            self.codebook
                .load(AtomKey::position(self.seed, 0), &mut self.scratch[0]);
            let frame = self.frames.get_mut(index).ok_or(Error::Unbalanced)?;
            let [first, _] = &frame.history;
            frame.sums.add_product(&[&self.scratch[0], first])?;
        }
        let frame = self.frames.get_mut(index).ok_or(Error::Unbalanced)?;
        self.scratch[1] = frame.sums.threshold();
        if kind == Kind::Set {
            self.codebook
                .load(AtomKey::new(self.seed, SET_INDICATOR), &mut self.scratch[0]);
            let [indicator, bundle, _] = &mut self.scratch;
            *bundle = crate::ops::bind(indicator, bundle);
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
        if !matches!(frame.kind, Kind::Document | Kind::Map) {
            return Err(Error::NotInMap);
        }
        let mut path = frame.prefix.clone();
        path.update_str(key);
        Ok(path.finish())
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
        self.codebook.load(role, &mut self.scratch[0]);
        let top = self.depth.checked_sub(1).ok_or(Error::Unbalanced)?;
        let document = (0..=top)
            .rev()
            .find(|&i| self.frames.get(i).is_some_and(|f| f.kind == Kind::Document))
            .ok_or(Error::Unbalanced)?;
        let [role_vector, filler, _] = &self.scratch;
        let frame = self.frames.get_mut(document).ok_or(Error::Unbalanced)?;
        frame.sums.add_product(&[role_vector, filler])?;
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
        let [first, item, second] = &mut self.scratch;
        let frame = self.frames.get_mut(index).ok_or(Error::Unbalanced)?;
        let Frame { sums, history, .. } = frame;
        let [previous, before_previous] = history;
        match kind {
            Kind::Set | Kind::Seq(SeqMode::Bundle) => sums.add_product(&[item])?,
            Kind::Seq(SeqMode::Positional) => {
                self.codebook.load(AtomKey::position(seed, position), first);
                sums.add_product(&[first, item])?;
            }
            Kind::Seq(SeqMode::Chained) => {
                if position == 0 {
                    sums.add_product(&[item])?;
                } else {
                    sums.add_product(&[previous, item])?;
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
