//! The server facade: one object that owns the seed, the dimension, the atom
//! cache and the encoders, and turns documents into vectors.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use holon_core::atom::Codebook;
use holon_core::magnitude::{LinearEncoder, LogEncoder, TimeEncoder};
use holon_core::record::{RecordEncoder, Scalar, SeqMode};
use holon_core::Vector;

use crate::atom_map::AtomMap;
use crate::error::EncodeError;
use crate::walkable::{Magnitude, Slot, Walkable, Walker};

/// How deeply documents may nest (maps, sequences and sets together, the
/// root counting as one). Deeper documents are an error, never a stack
/// overflow.
pub const MAX_DEPTH: usize = 16;

/// Encoders for magnitudes, built on first use and kept.
struct Magnitudes<const D: usize> {
    seed: u64,
    linear: HashMap<u64, Box<LinearEncoder<D>>>,
    log: HashMap<u64, Box<LogEncoder<D>>>,
    time: Option<Box<TimeEncoder<D>>>,
}

impl<const D: usize> Magnitudes<D> {
    fn new(seed: u64) -> Self {
        Self {
            seed,
            linear: HashMap::new(),
            log: HashMap::new(),
            time: None,
        }
    }

    fn encode(&mut self, m: Magnitude) -> Result<Vector<D>, EncodeError> {
        let seed = self.seed;
        match m {
            Magnitude::Linear { value, scale } => {
                make_room(&mut self.linear, scale.to_bits());
                let encoder = match self.linear.entry(scale.to_bits()) {
                    Entry::Occupied(e) => e.into_mut(),
                    Entry::Vacant(e) => e.insert(build_off_stack::<LinearEncoder<D>, _>(|| {
                        LinearEncoder::new(seed, scale).map(Box::new)
                    })?),
                };
                Ok(encoder.encode(value))
            }
            Magnitude::Log {
                value,
                decades_per_scale,
            } => {
                let key = decades_per_scale.map_or(0, f64::to_bits);
                make_room(&mut self.log, key);
                let encoder = match self.log.entry(key) {
                    Entry::Occupied(e) => e.into_mut(),
                    Entry::Vacant(e) => {
                        e.insert(build_off_stack::<LogEncoder<D>, _>(
                            || match decades_per_scale {
                                Some(d) => LogEncoder::with_decades(seed, d).map(Box::new),
                                None => Ok(Box::new(LogEncoder::new(seed))),
                            },
                        )?)
                    }
                };
                Ok(encoder.encode(value))
            }
            Magnitude::Time { seconds } => Ok(self
                .time
                .get_or_insert_with(|| {
                    build_off_stack::<TimeEncoder<D>, _>(|| Box::new(TimeEncoder::new(seed)))
                })
                .encode(seconds)),
        }
    }
}

/// Encoders (one per distinct `$scale`) kept by each magnitude family: the
/// scale is document data, so the set must not grow without bound.
pub const MAX_MAGNITUDE_ENCODERS: usize = 16;

/// Forgets every encoder of a family that is full and lacks `key` (they are
/// rebuilt when used again: costs time, never memory).
fn make_room<E>(encoders: &mut HashMap<u64, E>, key: u64) {
    if encoders.len() >= MAX_MAGNITUDE_ENCODERS && !encoders.contains_key(&key) {
        encoders.clear();
    }
}

/// Runs `build` (which builds and boxes a `T`, possibly fallibly) on a
/// thread with a stack of many times `T`'s size, so that a large value can
/// be built without overflowing the caller's stack. Falls back to the
/// current thread if no thread can be spawned.
pub(crate) fn build_off_stack<T, R: Send>(build: impl Fn() -> R + Sync) -> R {
    // Debug builds copy the value several times on its way into the box;
    // the reservation is virtual memory, touched only as far as used.
    let stack = 16 * std::mem::size_of::<T>() + (1 << 20);
    let built = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(stack)
            .spawn_scoped(scope, &build)
            .ok()
            .map(|handle| handle.join())
    });
    match built {
        Some(Ok(value)) => value,
        Some(Err(panic)) => std::panic::resume_unwind(panic),
        None => build_here(&build),
    }
}

/// The fallback of [`build_off_stack`], kept out of line: inlined, its frame
/// (the size of the value) would be reserved by every caller even when the
/// thread path is taken.
#[inline(never)]
fn build_here<R>(build: &impl Fn() -> R) -> R {
    build()
}

/// Drives `holon-core`'s record encoder from [`Walker`] calls.
struct RecordWalker<'a, const D: usize> {
    encoder: &'a mut RecordEncoder<D, MAX_DEPTH, AtomMap<D>>,
    magnitudes: &'a mut Magnitudes<D>,
    /// Collections open, the root included.
    open: usize,
    /// The document's vector when the root is a scalar or a magnitude.
    root_value: Option<Vector<D>>,
}

impl<const D: usize> RecordWalker<'_, D> {
    // By reference: the walker holds a vector, and moving it costs `D` bytes.
    fn finish_into(&mut self, out: &mut Vector<D>) -> Result<(), EncodeError> {
        if self.open != 0 {
            return Err(holon_core::Error::Unbalanced.into());
        }
        match &self.root_value {
            Some(v) => out.clone_from(v),
            None => self.encoder.finish_into(out)?,
        }
        Ok(())
    }
}

impl<const D: usize> Walker for RecordWalker<'_, D> {
    fn scalar(&mut self, slot: Slot<'_>, value: Scalar<'_>) -> Result<(), EncodeError> {
        match slot {
            Slot::Field(key) => Ok(self.encoder.field(key, value)?),
            Slot::Item => Ok(self.encoder.item(value)?),
            Slot::Root => {
                let seed = self.encoder.seed();
                let key = self.encoder.codebook().key_of(seed, value)?;
                self.root_value = Some(self.encoder.codebook().get(key).clone());
                Ok(())
            }
        }
    }

    fn magnitude(&mut self, slot: Slot<'_>, value: Magnitude) -> Result<(), EncodeError> {
        let v = self.magnitudes.encode(value)?;
        match slot {
            Slot::Field(key) => Ok(self.encoder.field_vector(key, &v)?),
            Slot::Item => Ok(self.encoder.item_vector(&v)?),
            Slot::Root => {
                self.root_value = Some(v);
                Ok(())
            }
        }
    }

    fn begin_map(&mut self, slot: Slot<'_>) -> Result<(), EncodeError> {
        match slot {
            Slot::Field(key) => self.encoder.begin_map(key)?,
            Slot::Item => self.encoder.begin_item_map()?,
            Slot::Root => {} // the root already is a map
        }
        self.open += 1;
        Ok(())
    }

    fn begin_seq(&mut self, slot: Slot<'_>, mode: SeqMode) -> Result<(), EncodeError> {
        match slot {
            Slot::Field(key) => self.encoder.begin_seq(key, mode)?,
            Slot::Item => self.encoder.begin_item_seq(mode)?,
            Slot::Root => self.encoder.start_root_sequence(mode)?,
        }
        self.open += 1;
        Ok(())
    }

    fn begin_set(&mut self, slot: Slot<'_>) -> Result<(), EncodeError> {
        match slot {
            Slot::Field(key) => self.encoder.begin_set(key)?,
            Slot::Item => self.encoder.begin_item_set()?,
            Slot::Root => self.encoder.start_root_set()?,
        }
        self.open += 1;
        Ok(())
    }

    fn end(&mut self) -> Result<(), EncodeError> {
        match self.open {
            0 => Err(holon_core::Error::Unbalanced.into()),
            // Closing the root: `finish` computes its vector.
            1 => {
                self.open = 0;
                Ok(())
            }
            _ => {
                self.encoder.end()?;
                self.open -= 1;
                Ok(())
            }
        }
    }
}

/// Seed, dimension, atom cache and encoders in one place.
///
/// ```
/// use holon_core::ops::bind;
/// use holon_std::Holon;
///
/// # #[cfg(feature = "json")] {
/// let mut holon = Holon::<4096>::new(0);
/// let doc = holon
///     .encode_json(r#"{"request": {"headers": {"content-type": "application/json"}}}"#)
///     .unwrap();
/// let leaf = bind(
///     &holon.atom("request.headers.content-type"),
///     &holon.atom("application/json"),
/// );
/// assert!(doc.cosine(&leaf) > 0.9);
///
/// // Magnitudes: 52 and 55 bytes are close, 1400 is not.
/// let mut size = |n: u32| holon.encode_json(&format!(r#"{{"bytes": {{"$log": {n}}}}}"#)).unwrap();
/// let (a, b, c) = (size(52), size(55), size(1400));
/// assert!(a.cosine(&b) > 0.95 && a.cosine(&c) < 0.5);
/// # }
/// ```
pub struct Holon<const D: usize> {
    seed: u64,
    encoder: Box<RecordEncoder<D, MAX_DEPTH, AtomMap<D>>>,
    magnitudes: Magnitudes<D>,
}

impl<const D: usize> Holon<D> {
    /// A facade for atoms and documents under `seed`.
    ///
    /// The record encoder is large (about `6 * D * MAX_DEPTH` bytes, 6 MiB
    /// at `D = 65536`) and Rust builds values on the stack before boxing
    /// them, so it is built on a short-lived thread whose stack fits it:
    /// no caller's stack has to.
    pub fn new(seed: u64) -> Self {
        Self::with_atom_cache_bytes(seed, crate::atom_map::DEFAULT_ATOM_CACHE_BYTES)
    }

    /// [`new`](Self::new) with an atom cache of at most `bytes` of vectors
    /// (see [`AtomMap::with_capacity_bytes`]).
    pub fn with_atom_cache_bytes(seed: u64, bytes: usize) -> Self {
        Self {
            seed,
            encoder: build_off_stack::<RecordEncoder<D, MAX_DEPTH, AtomMap<D>>, _>(move || {
                let mut encoder = Box::new(RecordEncoder::new(
                    seed,
                    AtomMap::with_capacity_bytes(bytes),
                ));
                // Leaves bound and thresholded in SIMD: the same vectors
                // (the kernels keep the core's contracts, and the SIMD tests
                // hold them to it).
                let level = crate::simd::level();
                encoder.set_add_bound(crate::simd::add_bound_at(level));
                encoder.set_threshold(crate::simd::threshold_at(level));
                encoder
            }),
            magnitudes: Magnitudes::new(seed),
        }
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The vector of atom `text` (cached).
    pub fn atom(&mut self, text: &str) -> Vector<D> {
        let atoms = self.encoder.codebook();
        // A text's key cannot fail; hashing it again is the fallback anyway.
        let key = atoms
            .key_of(self.seed, Scalar::Str(text))
            .unwrap_or_else(|_| holon_core::AtomKey::new(self.seed, text));
        atoms.get(key).clone()
    }

    /// The atom cache, e.g. to read its size.
    pub fn atoms(&mut self) -> &mut AtomMap<D> {
        self.encoder.codebook()
    }

    /// The vector of any [`Walkable`] document.
    pub fn encode<W: Walkable + ?Sized>(&mut self, document: &W) -> Result<Vector<D>, EncodeError> {
        // The document's vector is written here, not moved up from the
        // encoder.
        let mut vector = Vector::zero();
        // After `finish_into` or an error the encoder is reset already, and
        // a second reset clears nothing.
        self.encoder.reset();
        let mut walker = RecordWalker {
            encoder: &mut self.encoder,
            magnitudes: &mut self.magnitudes,
            open: 0,
            root_value: None,
        };
        let walked = document.walk(&mut walker, Slot::Root);
        let result = walked.and_then(|()| walker.finish_into(&mut vector));
        if result.is_err() {
            self.encoder.reset();
        }
        result.map(|()| vector)
    }

    /// The vector of a JSON document given as text.
    #[cfg(feature = "json")]
    pub fn encode_json(&mut self, json: &str) -> Result<Vector<D>, EncodeError> {
        // A flat object the strict scanner takes walks from its text, with
        // no `serde_json::Value` built: the same leaves, so the same vector.
        let mut fields = crate::flat::scan::Fields::new();
        if crate::flat::scan::scan_into(json, &mut fields).is_some() && !fields.may_hold_marker() {
            return self.encode(&fields);
        }
        let value: serde_json::Value = serde_json::from_str(json)?;
        self.encode(&value)
    }

    /// The vector of a JSON document given as bytes (checked to be UTF-8).
    #[cfg(feature = "json")]
    pub fn encode_json_bytes(&mut self, json: &[u8]) -> Result<Vector<D>, EncodeError> {
        let text = std::str::from_utf8(json).map_err(|e| EncodeError::InvalidUtf8 {
            offset: e.valid_up_to(),
        })?;
        self.encode_json(text)
    }
}
