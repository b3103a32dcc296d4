//! A cache of bound leaves: `bind(atom(key), atom(value))` by field text.
//!
//! A flat record is the bundle of its leaves, so caching the bound pair
//! (rather than the two atoms) leaves one 4 KiB read per field and no bind
//! on a hit, and no SHA-256 either: the cache is keyed by the texts
//! themselves, hashed with a seeded multiply-fold hash (packet fields are
//! attacker-chosen, so the seed is random per process; this is not a
//! cryptographic hash, only one an attacker cannot aim collisions at without
//! seeing the seed). Vectors live in chunks of [`CHUNK`] vectors, so growing
//! the cache never moves (copies) what it holds.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

/// Vectors per arena chunk (1 MiB at D = 4096).
pub const CHUNK: usize = 256;

/// Odd 64-bit constants (digits of π) for the multiply-fold hash.
const MIX: [u64; 2] = [0x243f_6a88_85a3_08d3, 0x1319_8a2e_0370_7344];

/// `a * b` as 128 bits, halves XORed: the folded multiply.
#[inline]
fn fold_mul(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

/// Multiply-fold hasher over byte strings, seeded.
pub struct TextHasher {
    state: u64,
}

impl Hasher for TextHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let (words, tail) = bytes.as_chunks::<8>();
        for word in words {
            self.state = fold_mul(self.state ^ u64::from_le_bytes(*word), MIX[0]);
        }
        let mut last = [0u8; 8];
        last[..tail.len()].copy_from_slice(tail);
        self.state = fold_mul(
            self.state ^ u64::from_le_bytes(last),
            MIX[1] ^ tail.len() as u64,
        );
    }

    #[inline]
    fn write_usize(&mut self, value: usize) {
        self.state = fold_mul(self.state ^ value as u64, MIX[0]);
    }

    #[inline]
    fn finish(&self) -> u64 {
        fold_mul(self.state, MIX[1])
    }
}

/// Builds [`TextHasher`]s from one random seed.
#[derive(Clone)]
pub struct TextHashSeed(u64);

impl Default for TextHashSeed {
    fn default() -> Self {
        // RandomState is seeded from the OS once per process.
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(0);
        Self(hasher.finish() | 1)
    }
}

impl BuildHasher for TextHashSeed {
    type Hasher = TextHasher;

    fn build_hasher(&self) -> TextHasher {
        TextHasher { state: self.0 }
    }
}

/// Longest key kept inline in the index (longer keys are boxed).
const INLINE: usize = 31;

/// A key of at most [`INLINE`] bytes, stored in the index itself: a lookup
/// compares it without following a pointer (one cache miss, not two).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct InlineKey {
    len: u8,
    bytes: [u8; INLINE],
}

impl InlineKey {
    fn new(key: &[u8]) -> Option<Self> {
        let mut bytes = [0u8; INLINE];
        bytes.get_mut(..key.len())?.copy_from_slice(key);
        Some(Self {
            len: key.len() as u8,
            bytes,
        })
    }
}

/// Longest key a cache stores (longer keys are never cached: their leaf is
/// derived each time it is seen), so that the keys, too, take bounded
/// memory: at most `capacity * (MAX_KEY_BYTES + overhead)` bytes.
pub const MAX_KEY_BYTES: usize = 128;

/// The key a slot holds, to take it out of the index when the slot is
/// reused.
enum StoredKey {
    Short(InlineKey),
    Long(Box<[u8]>),
}

/// Vectors of `width` elements (trits, or packed words), found by a byte
/// key.
///
/// It holds at most `capacity` vectors. When full, an insert evicts one by
/// the clock rule (a vector found since the hand last passed it gets a
/// second chance), so a stream of ever-new keys costs derivations, never
/// memory. Vectors found or inserted since the last [`begin`](Self::begin)
/// are never evicted, so a caller may hold the slots of one record while it
/// inserts the rest.
pub struct LeafCache<T> {
    short: HashMap<InlineKey, u32, TextHashSeed>,
    long: HashMap<Box<[u8]>, u32, TextHashSeed>,
    keys: Vec<StoredKey>,
    referenced: Vec<bool>,
    stamps: Vec<u32>,
    epoch: u32,
    hand: usize,
    chunks: Vec<Box<[T]>>,
    width: usize,
    capacity: usize,
    evictions: u64,
}

impl<T: Copy + Default> LeafCache<T> {
    /// An empty cache of vectors of `width` elements that will hold at most
    /// `capacity` of them.
    pub fn new(width: usize, capacity: usize) -> Self {
        Self {
            short: HashMap::default(),
            long: HashMap::default(),
            keys: Vec::new(),
            referenced: Vec::new(),
            stamps: Vec::new(),
            // Stamps start at 0: epoch 1 pins nothing until touched.
            epoch: 1,
            hand: 0,
            chunks: Vec::new(),
            width,
            // Indices are u32.
            capacity: capacity.min(u32::MAX as usize),
            evictions: 0,
        }
    }

    /// Starts a new pinning epoch: slots found or inserted before it may be
    /// evicted again.
    pub fn begin(&mut self) {
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            // After 2^32 records: forget every stamp rather than alias one.
            self.stamps.iter_mut().for_each(|s| *s = 0);
            self.epoch = 1;
        }
    }

    /// The slot of `key`, if cached (and marks it used).
    #[inline]
    pub fn find(&mut self, key: &[u8]) -> Option<u32> {
        let slot = match InlineKey::new(key) {
            Some(inline) => self.short.get(&inline),
            None => self.long.get(key),
        }
        .copied()?;
        self.touch(slot as usize);
        Some(slot)
    }

    #[inline]
    fn touch(&mut self, index: usize) {
        if let Some(r) = self.referenced.get_mut(index) {
            *r = true;
        }
        if let Some(s) = self.stamps.get_mut(index) {
            *s = self.epoch;
        }
    }

    /// The vector in `slot`.
    #[inline]
    pub fn get(&self, slot: u32) -> &[T] {
        let slot = slot as usize;
        let start = slot % CHUNK * self.width;
        &self.chunks[slot / CHUNK][start..start + self.width]
    }

    /// Stores the vector `fill` writes under `key`, evicting one when full;
    /// `None` when the key is longer than [`MAX_KEY_BYTES`], the capacity is
    /// 0, or every vector is pinned by the current epoch.
    pub fn insert(&mut self, key: &[u8], fill: impl FnOnce(&mut [T])) -> Option<u32> {
        if key.len() > MAX_KEY_BYTES {
            return None;
        }
        let index = if self.keys.len() < self.capacity {
            let index = self.keys.len();
            if index.is_multiple_of(CHUNK) {
                self.chunks
                    .push(vec![T::default(); CHUNK * self.width].into_boxed_slice());
            }
            self.keys.push(StoredKey::Short(InlineKey::new(b"")?));
            self.referenced.push(false);
            self.stamps.push(0);
            index
        } else {
            let victim = self.victim()?;
            match &self.keys[victim] {
                StoredKey::Short(k) => self.short.remove(k),
                StoredKey::Long(k) => self.long.remove(k),
            };
            self.evictions += 1;
            victim
        };
        let slot = u32::try_from(index).ok()?;
        let start = index % CHUNK * self.width;
        fill(&mut self.chunks[index / CHUNK][start..start + self.width]);
        self.keys[index] = match InlineKey::new(key) {
            Some(inline) => {
                self.short.insert(inline, slot);
                StoredKey::Short(inline)
            }
            None => {
                self.long.insert(key.into(), slot);
                StoredKey::Long(key.into())
            }
        };
        // A new vector starts without a second chance; pinned for this epoch.
        self.referenced[index] = false;
        self.stamps[index] = self.epoch;
        Some(slot)
    }

    /// The clock hand's next victim: the first unpinned slot without a
    /// second chance (taking chances away as it passes).
    fn victim(&mut self) -> Option<usize> {
        let len = self.keys.len();
        // Two turns: the first may only clear second chances.
        for _ in 0..2 * len {
            let index = self.hand;
            self.hand = (self.hand + 1) % len;
            if self.stamps[index] == self.epoch {
                continue;
            }
            if std::mem::replace(&mut self.referenced[index], false) {
                continue;
            }
            return Some(index);
        }
        None
    }

    /// Vectors cached.
    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The most vectors it will hold.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Vectors evicted to make room for others.
    pub fn evictions(&self) -> u64 {
        self.evictions
    }

    /// Forgets every vector (and frees the arena).
    pub fn clear(&mut self) {
        self.short = HashMap::default();
        self.long = HashMap::default();
        self.keys = Vec::new();
        self.referenced = Vec::new();
        self.stamps = Vec::new();
        self.hand = 0;
        self.chunks = Vec::new();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_and_finds() {
        let mut cache = LeafCache::<i8>::new(8, 2);
        let a = cache.insert(b"a\0x", |v| v[0] = 1).unwrap();
        let b = cache.insert(b"b\0x", |v| v[7] = -1).unwrap();
        assert_eq!(cache.find(b"a\0x"), Some(a));
        assert_eq!(cache.find(b"b\0x"), Some(b));
        assert_eq!(cache.find(b"c\0x"), None);
        assert_eq!(cache.get(a), &[1, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(cache.get(b), &[0, 0, 0, 0, 0, 0, 0, -1]);
        assert_eq!(cache.insert(b"c\0x", |_| {}), None, "full, both pinned");
        cache.begin();
        assert_eq!(cache.find(b"a\0x"), Some(a));
        let c = cache
            .insert(b"c\0x", |v| {
                v.fill(0);
                v[1] = 1;
            })
            .unwrap();
        assert_eq!(c, b, "evicts the one not used since");
        assert_eq!((cache.find(b"b\0x"), cache.find(b"a\0x")), (None, Some(a)));
        assert_eq!(cache.get(c), &[0, 1, 0, 0, 0, 0, 0, 0]);
        assert_eq!(cache.evictions(), 1);
        assert_eq!(cache.insert(&[b'k'; MAX_KEY_BYTES + 1], |_| {}), None);
        let mut cache = LeafCache::<i8>::new(1, 3);
        let long = [b'k'; 40];
        let a = cache.insert(&long[..31], |v| v[0] = 1).unwrap();
        let b = cache.insert(&long[..32], |v| v[0] = -1).unwrap();
        let c = cache.insert(&long, |v| v[0] = 0).unwrap();
        assert_eq!(
            [&long[..31], &long[..32], &long[..]].map(|k| cache.find(k)),
            [Some(a), Some(b), Some(c)]
        );
        assert_eq!((cache.get(a), cache.get(b)), (&[1][..], &[-1][..]));
        cache.clear();
        assert!(cache.is_empty());
    }

    #[test]
    fn hash_depends_on_every_byte_and_the_length() {
        let seed = TextHashSeed::default();
        let hash = |bytes: &[u8]| {
            let mut h = seed.build_hasher();
            h.write(bytes);
            h.finish()
        };
        let base = hash(b"dst_port\x0053");
        assert_ne!(base, hash(b"dst_port\x0054"));
        assert_ne!(base, hash(b"dst_port\x00530"));
        assert_ne!(hash(b"a"), hash(b"a\0"));
        assert_ne!(hash(b"0123456789"), hash(b"0123456788"));
    }
}
