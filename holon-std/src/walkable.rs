//! Anything that can describe its own structure becomes a vector.
//!
//! A [`Walkable`] value tells a [`Walker`] what it is: a scalar, a magnitude
//! (linear, log, time), or a map, sequence or set of further walkables. The
//! walker behind [`Holon::encode`](crate::Holon::encode) turns those calls
//! into `holon-core`'s record encoder, so a struct, a `serde_json::Value` and
//! the core builder driven by hand all give the same vector for the same
//! document.
//!
//! Implementations here cover the common std types; `serde_json::Value` (with
//! its `$` markers) lives in [`crate::json`].

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use holon_core::record::{Scalar, SeqMode};

use crate::error::EncodeError;

/// Where a value sits in its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot<'a> {
    /// The whole document.
    Root,
    /// The field `key` of a map.
    Field(&'a str),
    /// The next item of a sequence or set.
    Item,
}

/// A number whose similarity should follow its magnitude.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Magnitude {
    /// `{"$linear": value, "$scale": scale}`: values `scale` apart are
    /// near-orthogonal.
    Linear {
        /// The value.
        value: f64,
        /// Distance at which values become near-orthogonal; positive, finite.
        scale: f64,
    },
    /// `{"$log": value}`: equal ratios give equal similarity.
    Log {
        /// The value; `<= 0` and NaN encode as the zero vector.
        value: f64,
        /// Decades per scale, or `None` for the default (2).
        decades_per_scale: Option<f64>,
    },
    /// `{"$time": seconds}`: Unix time, UTC, as hour-of-day, day-of-week
    /// and month.
    Time {
        /// Seconds since 1970-01-01T00:00:00Z (negative before).
        seconds: i64,
    },
}

/// Receives a walkable's description, one call per node.
///
/// Every `begin_*` is matched by one [`end`](Walker::end).
pub trait Walker {
    /// A plain scalar.
    fn scalar(&mut self, slot: Slot<'_>, value: Scalar<'_>) -> Result<(), EncodeError>;
    /// A magnitude-encoded number.
    fn magnitude(&mut self, slot: Slot<'_>, value: Magnitude) -> Result<(), EncodeError>;
    /// Opens a map.
    fn begin_map(&mut self, slot: Slot<'_>) -> Result<(), EncodeError>;
    /// Opens a sequence.
    fn begin_seq(&mut self, slot: Slot<'_>, mode: SeqMode) -> Result<(), EncodeError>;
    /// Opens a set.
    fn begin_set(&mut self, slot: Slot<'_>) -> Result<(), EncodeError>;
    /// Closes the innermost open map, sequence or set.
    fn end(&mut self) -> Result<(), EncodeError>;
}

/// A value that can describe its structure to a [`Walker`].
///
/// ```
/// use holon_core::record::Scalar;
/// use holon_std::walkable::{Slot, Walkable, Walker};
/// use holon_std::{EncodeError, Holon};
///
/// struct Packet {
///     protocol: &'static str,
///     dst_port: u16,
/// }
///
/// impl Walkable for Packet {
///     fn walk(&self, w: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError> {
///         w.begin_map(slot)?;
///         w.scalar(Slot::Field("protocol"), Scalar::Str(self.protocol))?;
///         w.scalar(Slot::Field("dst_port"), Scalar::Uint(self.dst_port.into()))?;
///         w.end()
///     }
/// }
///
/// let mut holon = Holon::<1024>::new(0);
/// let from_struct = holon.encode(&Packet { protocol: "UDP", dst_port: 53 }).unwrap();
/// # #[cfg(feature = "json")] {
/// let from_json = holon.encode_json(r#"{"protocol":"UDP","dst_port":53}"#).unwrap();
/// assert_eq!(from_struct, from_json);
/// # }
/// ```
pub trait Walkable {
    /// Describes `self`, sitting at `slot`, to `walker`.
    fn walk(&self, walker: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError>;
}

/// A sequence with an explicit [`SeqMode`] (a plain `Vec` is positional).
#[derive(Debug, Clone, PartialEq)]
pub struct Sequence<'a, T> {
    /// How the items combine.
    pub mode: SeqMode,
    /// The items, in order.
    pub items: &'a [T],
}

impl<T: Walkable> Walkable for Sequence<'_, T> {
    fn walk(&self, walker: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError> {
        walker.begin_seq(slot, self.mode)?;
        for item in self.items {
            item.walk(walker, Slot::Item)?;
        }
        walker.end()
    }
}

impl Walkable for Magnitude {
    fn walk(&self, walker: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError> {
        walker.magnitude(slot, *self)
    }
}

impl Walkable for Scalar<'_> {
    fn walk(&self, walker: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError> {
        walker.scalar(slot, *self)
    }
}

impl Walkable for str {
    fn walk(&self, walker: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError> {
        walker.scalar(slot, Scalar::Str(self))
    }
}

impl Walkable for String {
    fn walk(&self, walker: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError> {
        walker.scalar(slot, Scalar::Str(self))
    }
}

impl Walkable for bool {
    fn walk(&self, walker: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError> {
        walker.scalar(slot, Scalar::Bool(*self))
    }
}

macro_rules! walkable_integers {
    ($variant:ident as $wide:ty: $($t:ty),*) => {$(
        impl Walkable for $t {
            fn walk(&self, walker: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError> {
                walker.scalar(slot, Scalar::$variant(<$wide>::from(*self)))
            }
        }
    )*};
}
walkable_integers!(Uint as u64: u8, u16, u32, u64);
walkable_integers!(Int as i64: i8, i16, i32, i64);
walkable_integers!(Float as f64: f32, f64);

impl Walkable for usize {
    fn walk(&self, walker: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError> {
        walker.scalar(slot, Scalar::Uint(*self as u64))
    }
}

impl Walkable for isize {
    fn walk(&self, walker: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError> {
        walker.scalar(slot, Scalar::Int(*self as i64))
    }
}

impl<T: Walkable> Walkable for Option<T> {
    fn walk(&self, walker: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError> {
        match self {
            Some(value) => value.walk(walker, slot),
            None => walker.scalar(slot, Scalar::Null),
        }
    }
}

impl<T: Walkable + ?Sized> Walkable for &T {
    fn walk(&self, walker: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError> {
        (**self).walk(walker, slot)
    }
}

impl<T: Walkable + ?Sized> Walkable for Box<T> {
    fn walk(&self, walker: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError> {
        (**self).walk(walker, slot)
    }
}

impl<T: Walkable> Walkable for [T] {
    fn walk(&self, walker: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError> {
        Sequence {
            mode: SeqMode::Positional,
            items: self,
        }
        .walk(walker, slot)
    }
}

impl<T: Walkable> Walkable for Vec<T> {
    fn walk(&self, walker: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError> {
        self.as_slice().walk(walker, slot)
    }
}

fn walk_map<'a, K: AsRef<str> + 'a, V: Walkable + 'a>(
    entries: impl Iterator<Item = (&'a K, &'a V)>,
    walker: &mut dyn Walker,
    slot: Slot<'_>,
) -> Result<(), EncodeError> {
    walker.begin_map(slot)?;
    for (key, value) in entries {
        value.walk(walker, Slot::Field(key.as_ref()))?;
    }
    walker.end()
}

fn walk_set<'a, T: Walkable + 'a>(
    items: impl Iterator<Item = &'a T>,
    walker: &mut dyn Walker,
    slot: Slot<'_>,
) -> Result<(), EncodeError> {
    walker.begin_set(slot)?;
    for item in items {
        item.walk(walker, Slot::Item)?;
    }
    walker.end()
}

// Map and set order never matters: a document is a bundle of its leaves.
impl<K: AsRef<str>, V: Walkable, S> Walkable for HashMap<K, V, S> {
    fn walk(&self, walker: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError> {
        walk_map(self.iter(), walker, slot)
    }
}

impl<K: AsRef<str>, V: Walkable> Walkable for BTreeMap<K, V> {
    fn walk(&self, walker: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError> {
        walk_map(self.iter(), walker, slot)
    }
}

impl<T: Walkable, S> Walkable for HashSet<T, S> {
    fn walk(&self, walker: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError> {
        walk_set(self.iter(), walker, slot)
    }
}

impl<T: Walkable> Walkable for BTreeSet<T> {
    fn walk(&self, walker: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError> {
        walk_set(self.iter(), walker, slot)
    }
}
