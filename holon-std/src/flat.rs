//! Flat records at line rate: packets and log lines straight from JSON text.
//!
//! A flat record — one object of scalars, like a packet header — is the
//! bundle of its bound leaves `bind(atom(key), atom(value))` (DESIGN §6). The
//! general path ([`Holon::encode_json`]) parses into a `serde_json::Value`,
//! hashes every key and value with SHA-256 and copies atoms into the record
//! encoder. [`FlatEncoder`] gives the same vectors without any of that for
//! the common case:
//!
//! 1. a strict scanner reads the object without allocating (anything
//!    outside its subset — nesting, lists, floats, escapes — takes the
//!    general path, so results never differ);
//! 2. each field's bound leaf is cached by the field's text (no SHA-256, no
//!    bind on a hit);
//! 3. the leaves are summed and thresholded by the SIMD bundle kernel.
//!
//! Keys starting with a label prefix (for example `_` for `_attack`) can be
//! left out of the encoding, at every level, as `holon detect` does.
//!
//! ```
//! use holon_std::flat::FlatEncoder;
//! use holon_std::Holon;
//!
//! let mut flat = FlatEncoder::<1024>::new(0).ignoring_keys_with_prefix("_");
//! let packet = r#"{"protocol":"UDP","dst_port":53,"_attack":false}"#;
//! let v = flat.encode_json(packet)?;
//! let general = Holon::<1024>::new(0).encode_json(r#"{"protocol":"UDP","dst_port":53}"#)?;
//! assert_eq!(v, general);
//! assert_eq!(flat.stats().fast, 1);
//! # Ok::<(), holon_std::EncodeError>(())
//! ```

mod leaves;
pub(crate) mod scan;

use holon_core::{AtomKey, Vector};
use serde_json::Value;

use crate::simd::packed::{bundle_packed, pack, packed_words, prefetch};
use crate::simd::{self, Level};
use crate::{EncodeError, Holon};

pub use leaves::{LeafCache, MAX_KEY_BYTES};
pub use scan::MAX_FIELDS;

/// Bytes of leaf vectors a [`FlatEncoder`] keeps by default (256 MiB).
pub const DEFAULT_CACHE_BYTES: usize = 256 << 20;

/// Role atoms (distinct keys) cached; keys beyond are derived when used.
const MAX_ROLES: usize = 1024;

/// How the encoder has spent its calls.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FlatStats {
    /// Documents encoded on the fast path.
    pub fast: u64,
    /// Documents that took the general `serde_json` path.
    pub general: u64,
    /// Leaves found in the cache.
    pub hits: u64,
    /// Leaves derived (two atoms and a bind).
    pub misses: u64,
}

/// Encodes flat JSON records quickly, and every other document the way
/// [`Holon`] does.
///
/// A flat record (one object of strings, numbers, bools and nulls: a packet,
/// a log line) skips the general parser and sums cached leaf vectors
/// (`bind(atom(key), atom(value))`), giving exactly [`Holon`]'s vector.
///
/// ```
/// use holon_std::flat::FlatEncoder;
/// use holon_std::Holon;
///
/// let mut flat = FlatEncoder::<1024>::new(0);
/// let line = r#"{"protocol":"UDP","src_port":53,"dst_port":51301}"#;
/// let v = flat.encode_json(line)?;
/// assert_eq!(v, Holon::<1024>::new(0).encode_json(line)?);
/// flat.encode_json(line)?; // the second time every leaf is cached
/// assert_eq!((flat.stats().fast, flat.stats().hits), (2, 3));
/// // Nested documents still encode, on the general path.
/// flat.encode_json(r#"{"ip":{"src":"10.0.0.1"}}"#)?;
/// assert_eq!(flat.stats().general, 1);
/// # Ok::<(), holon_std::EncodeError>(())
/// ```
pub struct FlatEncoder<const D: usize> {
    seed: u64,
    level: Level,
    label_prefix: Option<String>,
    /// Bound leaves, packed at two bits per trit.
    leaves: LeafCache<u64>,
    /// Role atoms by key text: few, and each used by many leaves.
    roles: LeafCache<i8>,
    /// `key \0 value`: the cache key of a field (no JSON text on the fast
    /// path holds a raw NUL, so the split is unambiguous).
    key: Vec<u8>,
    /// A role atom, a filler atom and a leaf.
    scratch: Box<[[i8; D]; 3]>,
    /// A packed leaf that did not fit the cache.
    uncached: Vec<u64>,
    general: Option<Holon<D>>,
    stats: FlatStats,
}

impl<const D: usize> FlatEncoder<D> {
    /// An encoder under `seed`, caching up to [`DEFAULT_CACHE_BYTES`] of
    /// leaves.
    pub fn new(seed: u64) -> Self {
        Self::with_cache_bytes(seed, DEFAULT_CACHE_BYTES)
    }

    /// An encoder caching at most `bytes` of leaf vectors (`D / 4` bytes
    /// each, plus at most [`MAX_KEY_BYTES`] of key); once full, a
    /// new leaf evicts one by the clock rule (see [`LeafCache`]), so memory
    /// stays put and only speed is lost.
    pub fn with_cache_bytes(seed: u64, bytes: usize) -> Self {
        Self {
            seed,
            level: simd::level(),
            label_prefix: None,
            leaves: LeafCache::new(packed_words(D), bytes / (8 * packed_words(D)).max(1)),
            roles: LeafCache::new(D, MAX_ROLES),
            key: Vec::new(),
            scratch: vec![[0i8; D]; 3]
                .into_boxed_slice()
                .try_into()
                .unwrap_or_else(|_| unreachable!("three arrays")),
            uncached: vec![0; packed_words(D)],
            general: None,
            stats: FlatStats::default(),
        }
    }

    /// Leaves out keys starting with `prefix` (labels such as `_attack`),
    /// at every level of a document.
    pub fn ignoring_keys_with_prefix(mut self, prefix: &str) -> Self {
        self.label_prefix = (!prefix.is_empty()).then(|| prefix.to_string());
        self
    }

    /// Uses the kernels of `level` (capped at what the CPU has), e.g. to
    /// compare with [`Level::Scalar`].
    pub fn at_level(mut self, level: Level) -> Self {
        self.level = level;
        self
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Counts of fast and general documents, cache hits and misses.
    pub fn stats(&self) -> FlatStats {
        self.stats
    }

    /// The leaf cache (size, capacity).
    pub fn leaves(&self) -> &LeafCache<u64> {
        &self.leaves
    }

    /// Forgets every cached leaf.
    pub fn clear(&mut self) {
        self.leaves.clear();
    }

    fn is_label(&self, key: &str) -> bool {
        self.label_prefix
            .as_deref()
            .is_some_and(|prefix| key.starts_with(prefix))
    }

    /// The vector of the JSON document `json`: bit for bit what
    /// [`Holon::encode_json`] gives for it (with labelled keys removed).
    pub fn encode_json(&mut self, json: &str) -> Result<Vector<D>, EncodeError> {
        let mut out = Vector::zero();
        self.encode_json_into(json, &mut out)?;
        Ok(out)
    }

    /// [`encode_json`](Self::encode_json) written over `out` (no 4 KiB
    /// result moved at D = 4096). On an error `out` is unspecified.
    pub fn encode_json_into(&mut self, json: &str, out: &mut Vector<D>) -> Result<(), EncodeError> {
        // The bundle kernel writes only -1, 0 and +1.
        if self.encode_flat(json, out.trusted_trits_mut()) {
            self.stats.fast += 1;
            return Ok(());
        }
        self.stats.general += 1;
        let mut value: Value = serde_json::from_str(json)?;
        if let Some(prefix) = &self.label_prefix {
            drop_labels(&mut value, prefix);
        }
        let seed = self.seed;
        *out = self
            .general
            .get_or_insert_with(|| Holon::new(seed))
            .encode(&value)?;
        Ok(())
    }

    /// The fast path: `false` (with `out` unspecified) when `json` is not a
    /// flat object the scanner accepts or has no unlabelled field.
    fn encode_flat(&mut self, json: &str, out: &mut [i8; D]) -> bool {
        let mut fields = scan::Fields::new();
        if scan::scan_into(json, &mut fields).is_none() {
            return false;
        }
        if fields.may_hold_marker() {
            return false;
        }
        // The leaves of this record stay cached until it is summed.
        self.leaves.begin();
        let mut slots = [0u32; MAX_FIELDS];
        let mut count = 0;
        let mut uncached = false;
        for &(key, value) in fields.as_slice() {
            if self.is_label(key) {
                continue;
            }
            match self.leaf(key, value) {
                Some(slot) => {
                    slots[count] = slot;
                    count += 1;
                }
                // The cache is full: at most one uncached leaf per call
                // fits the scratch; more go the general way.
                None if !uncached => uncached = true,
                None => return false,
            }
        }
        if count == 0 && !uncached {
            return false;
        }
        let mut inputs: [&[u64]; MAX_FIELDS + 1] = [&self.uncached; MAX_FIELDS + 1];
        for (input, &slot) in inputs.iter_mut().zip(&slots[..count]) {
            *input = self.leaves.get(slot);
        }
        let used = count + usize::from(uncached);
        // MAX_FIELDS + 1 inputs of packed_words(D) words: always summable.
        bundle_packed(self.level, &inputs[..used], out).is_some()
    }

    /// The cached leaf of `key: value`, derived on a miss; `None` when the
    /// cache is full (the leaf is then in `uncached`).
    fn leaf(&mut self, key: &str, value: &str) -> Option<u32> {
        self.key.clear();
        self.key.extend_from_slice(key.as_bytes());
        self.key.push(0);
        self.key.extend_from_slice(value.as_bytes());
        if let Some(slot) = self.leaves.find(&self.key) {
            prefetch(self.leaves.get(slot));
            self.stats.hits += 1;
            return Some(slot);
        }
        self.stats.misses += 1;
        let level = self.level;
        let seed = self.seed;
        let [role, filler, leaf] = &mut *self.scratch;
        let derive = |atom: &mut [i8]| simd::key_trits(level, AtomKey::new(seed, key), atom);
        // A role is used right after it is found: none need stay pinned.
        self.roles.begin();
        let slot = match self.roles.find(key.as_bytes()) {
            Some(slot) => Some(slot),
            None => self.roles.insert(key.as_bytes(), derive),
        };
        let role: &[i8; D] = match slot {
            Some(slot) => self
                .roles
                .get(slot)
                .try_into()
                .expect("the role cache holds vectors of D trits"),
            // Too many distinct keys to cache: derive this one here.
            None => {
                derive(role);
                role
            }
        };
        simd::key_trits(level, AtomKey::new(seed, value), filler);
        simd::bind_trits(level, role, filler, leaf);
        let slot = self
            .leaves
            .insert(&self.key, |packed| pack(level, leaf, packed));
        if slot.is_none() {
            pack(level, leaf, &mut self.uncached);
        }
        slot
    }
}

/// Removes every key starting with `prefix`, at every level.
fn drop_labels(value: &mut Value, prefix: &str) {
    match value {
        Value::Object(map) => {
            map.retain(|key, _| !key.starts_with(prefix));
            map.values_mut().for_each(|v| drop_labels(v, prefix));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| drop_labels(v, prefix)),
        _ => {}
    }
}
