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
//! level); going deeper returns [`Error::TooDeep`](crate::Error::TooDeep). Memory is inline:
//! about `DEPTH * 6 * D + 3 * D` bytes plus the codebook.
//!
//! One idea a file: [`Scalar`] and its canonical text (`scalar`), the
//! running sums a bundle is built in (`sums`), the replaceable steps of
//! adding a bound pair to them and taking their signs ([`AddBound`],
//! [`Threshold`], `kernels`), and the builder itself ([`RecordEncoder`],
//! `encoder`).

mod encoder;
mod kernels;
mod scalar;
mod sums;

pub use encoder::RecordEncoder;
pub use kernels::{add_bound_portable, threshold_portable, AddBound, Threshold};
pub use scalar::Scalar;

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
