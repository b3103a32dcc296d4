//! Atom keys remembered by value, so a text seen before skips SHA-256.
//!
//! An atom's key is SHA-256 of its seed and text (about 55 ns), and a flat
//! record of four fields hashes eight texts: its field names and values.
//! [`KeyMemo`] keeps the keys of values whose text or payload is at most
//! [`MAX_MEMO_BYTES`] long in a fixed table of two ways a set. Each entry
//! holds its whole value, so a hit is exact, and a full set overwrites its
//! older entry: a stream of ever-new values costs hashing, never memory or
//! a wrong key. [`AtomMap`](crate::atom_map::AtomMap) keeps one and answers
//! the record encoder's [`Codebook::key_of`](holon_core::atom::Codebook::key_of)
//! from it.

use std::hash::{BuildHasher, Hasher};

use holon_core::record::Scalar;
use holon_core::{AtomKey, Error};

use crate::seeded_hash::{tail_word, word_at, Seeded};

/// Longest text (or payload) whose key is remembered; longer values are
/// hashed every time.
pub const MAX_MEMO_BYTES: usize = 46;

/// Entries a [`KeyMemo`] holds at most (256 KiB of table).
pub const MAX_MEMO_ENTRIES: usize = 4096;

/// What a remembered value was: a number's payload is its bytes, so the
/// variant keeps `53` and `"53"` apart (they share a key, but the memo never
/// needs to know that).
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Tag {
    Empty,
    Str,
    Int,
    Uint,
    Float,
    Bool,
    Null,
}

/// One remembered key: 64 bytes, a cache line.
#[derive(Clone, Copy)]
#[repr(C)]
struct Entry {
    seed: u64,
    key: AtomKey,
    tag: Tag,
    len: u8,
    bytes: [u8; MAX_MEMO_BYTES],
}

const EMPTY: Entry = Entry {
    seed: 0,
    key: AtomKey::from_raw(0),
    tag: Tag::Empty,
    len: 0,
    bytes: [0; MAX_MEMO_BYTES],
};

impl Entry {
    fn holds(&self, seed: u64, tag: Tag, bytes: &[u8]) -> bool {
        self.tag == tag
            && self.seed == seed
            && usize::from(self.len) == bytes.len()
            && self
                .bytes
                .get(..bytes.len())
                .is_some_and(|held| same(held, bytes))
    }
}

/// `a == b` for slices of one length up to [`MAX_MEMO_BYTES`], in whole
/// words (the library's byte compare costs more than the words here).
fn same(a: &[u8], b: &[u8]) -> bool {
    let mut at = 0;
    while a.len() - at > 8 {
        if word_at(a, at) != word_at(b, at) {
            return false;
        }
        at += 8;
    }
    let (a, b) = (a.get(at..), b.get(at..));
    a.map(tail_word) == b.map(tail_word) && a.map(<[u8]>::len) == b.map(<[u8]>::len)
}

/// The atom keys of short values, remembered in a bounded table.
///
/// ```
/// use holon_core::record::Scalar;
/// use holon_core::AtomKey;
/// use holon_std::key_memo::KeyMemo;
///
/// let mut memo = KeyMemo::with_entries(64);
/// for _ in 0..3 {
///     assert_eq!(memo.key_of(0, Scalar::Str("UDP")), Ok(AtomKey::new(0, "UDP")));
///     assert_eq!(memo.key_of(0, Scalar::Uint(53)), Ok(AtomKey::new(0, "53")));
/// }
/// assert_eq!((memo.hits(), memo.misses()), (4, 2));
/// // Long texts are hashed every time; errors are not remembered.
/// let long = "x".repeat(100);
/// assert_eq!(memo.key_of(0, Scalar::Str(&long)), Ok(AtomKey::new(0, &long)));
/// assert!(memo.key_of(0, Scalar::Float(f64::NAN)).is_err());
/// ```
#[derive(Clone)]
pub struct KeyMemo {
    /// Two entries a set; empty until the first key is remembered.
    entries: Vec<Entry>,
    capacity: usize,
    hasher: Seeded,
    hits: u64,
    misses: u64,
}

impl KeyMemo {
    /// A memo of at most `entries` keys (rounded down to a power of two,
    /// at least 2 and at most [`MAX_MEMO_ENTRIES`]); its 64-byte entries
    /// are allocated on first use.
    pub fn with_entries(entries: usize) -> Self {
        let capacity = entries.clamp(2, MAX_MEMO_ENTRIES);
        // The seed of the set hash is drawn per process, so colliding values
        // cannot be chosen ahead.
        let seed =
            std::collections::hash_map::RandomState::new().hash_one(0x6b65_795f_6d65_6d6fu64);
        Self {
            entries: Vec::new(),
            capacity: 1 << capacity.ilog2(),
            hasher: Seeded(seed),
            hits: 0,
            misses: 0,
        }
    }

    /// The key of `value` under `seed`, the same as
    /// [`Scalar::key`](holon_core::record::Scalar::key) gives.
    pub fn key_of(&mut self, seed: u64, value: Scalar<'_>) -> Result<AtomKey, Error> {
        let word = match value {
            Scalar::Int(v) => v.to_le_bytes(),
            Scalar::Uint(v) => v.to_le_bytes(),
            Scalar::Float(v) => v.to_bits().to_le_bytes(),
            Scalar::Str(_) | Scalar::Bool(_) | Scalar::Null => [0; 8],
        };
        let (tag, bytes): (Tag, &[u8]) = match value {
            Scalar::Str(text) => (Tag::Str, text.as_bytes()),
            Scalar::Int(_) => (Tag::Int, &word),
            Scalar::Uint(_) => (Tag::Uint, &word),
            Scalar::Float(_) => (Tag::Float, &word),
            Scalar::Bool(b) => (Tag::Bool, if b { &[1] } else { &[0] }),
            Scalar::Null => (Tag::Null, &[]),
        };
        if bytes.len() > MAX_MEMO_BYTES {
            return value.key(seed);
        }
        if self.entries.is_empty() {
            self.entries = vec![EMPTY; self.capacity];
        }
        let first = self.set_of(seed, tag, bytes);
        let Some(set) = self.entries.get_mut(first..first + 2) else {
            return value.key(seed);
        };
        if set[0].holds(seed, tag, bytes) {
            self.hits += 1;
            return Ok(set[0].key);
        }
        if set[1].holds(seed, tag, bytes) {
            self.hits += 1;
            // The newest hit leads its set, so the older entry goes first.
            set.swap(0, 1);
            return Ok(set[0].key);
        }
        let key = value.key(seed)?;
        self.misses += 1;
        let mut entry = Entry {
            seed,
            key,
            tag,
            len: bytes.len() as u8,
            bytes: [0; MAX_MEMO_BYTES],
        };
        entry.bytes[..bytes.len()].copy_from_slice(bytes);
        set[1] = set[0];
        set[0] = entry;
        Ok(key)
    }

    /// The index of the first entry of the set `value` belongs to.
    fn set_of(&self, seed: u64, tag: Tag, bytes: &[u8]) -> usize {
        let mut hasher = self.hasher.build_hasher();
        hasher.write_u64(seed.rotate_left(8) ^ tag as u64);
        hasher.write(bytes);
        let sets = self.capacity / 2;
        (hasher.finish() as usize & (sets - 1)) * 2
    }

    /// The most keys it holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Keys answered from the table.
    pub fn hits(&self) -> u64 {
        self.hits
    }

    /// Keys hashed and remembered (errors and long values not counted).
    pub fn misses(&self) -> u64 {
        self.misses
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_value_gets_its_own_key() {
        let mut memo = KeyMemo::with_entries(MAX_MEMO_ENTRIES);
        let text = "a".repeat(MAX_MEMO_BYTES);
        let values = [
            Scalar::Str("53"),
            Scalar::Uint(53),
            Scalar::Int(53),
            Scalar::Int(-53),
            Scalar::Float(53.0),
            Scalar::Float(-0.0),
            Scalar::Float(0.5),
            Scalar::Bool(true),
            Scalar::Bool(false),
            Scalar::Null,
            Scalar::Str(""),
            Scalar::Str("true"),
            Scalar::Str(&text),
        ];
        for round in 0..3 {
            for seed in [0, 1, u64::MAX] {
                for value in values {
                    assert_eq!(
                        memo.key_of(seed, value),
                        value.key(seed),
                        "{value:?} {round}"
                    );
                }
            }
        }
        // Each value is hashed once a seed, give or take the odd three
        // values of one set (the set hash is seeded per process).
        let distinct = 3 * values.len() as u64;
        assert!(
            (distinct..distinct + 8).contains(&memo.misses()),
            "{}",
            memo.misses()
        );
    }

    #[test]
    fn texts_differing_in_any_one_byte_differ() {
        for len in 0..=MAX_MEMO_BYTES {
            let a: Vec<u8> = (0..len as u8).map(|i| i.wrapping_mul(31)).collect();
            assert!(same(&a, &a.clone()), "{len}");
            for at in 0..len {
                let mut b = a.clone();
                b[at] ^= 0x40;
                assert!(!same(&a, &b), "{len} {at}");
            }
        }
    }

    #[test]
    fn a_full_memo_overwrites_and_stays_exact() {
        let mut memo = KeyMemo::with_entries(8);
        let texts: Vec<String> = (0..200).map(|i| format!("value-{i}")).collect();
        for round in 0..3 {
            for (i, text) in texts.iter().enumerate() {
                let value = if i % 2 == 0 {
                    Scalar::Str(text)
                } else {
                    Scalar::Uint(i as u64)
                };
                assert_eq!(memo.key_of(7, value), value.key(7), "{round} {i}");
            }
        }
        assert_eq!(memo.capacity(), 8);
        assert!(memo.misses() > 500, "{} misses", memo.misses());
    }
}
