//! A library of named subspace engrams with holon-rs's operations
//! (`memory/engram.rs`): add, remove, names; match a probe by residual
//! (top-k, after a prefilter), by eigenvalue spectrum, or by subspace
//! alignment; save and load in the engram byte format (version 2).
//!
//! Differences from holon-rs, deliberately:
//!
//! - The prefilter uses the probe. holon-rs ranks candidates by the energy
//!   of a signature it normalised to 1, so every engram ties and the
//!   prefilter keeps an arbitrary `prefilter_k`. Here a candidate's cheap
//!   score is the probe's residual against the engram's mean and *first*
//!   component only (`O(D)` instead of `O(k D)`), an upper bound of its full
//!   residual that ranks the right engram near the top.
//! - Names are the byte format's: at most 32 bytes. Iteration is in name
//!   order (holon-rs iterates a `HashMap`), so ties resolve the same way on
//!   every run.

use std::collections::BTreeMap;
use std::path::Path;

use holon_core::engram::{
    emit_engrams, encoded_len_of_engrams, EngramBank, EngramFile, SubspaceEngram,
};
use holon_core::memory::{Observation, OnlineSubspace};
use holon_core::Error;

/// One engram and its L2-normalised eigenvalue signature.
struct Entry<const D: usize, const K: usize> {
    engram: Box<SubspaceEngram<D, K>>,
    signature: Vec<f64>,
}

/// Named subspace engrams of dimension `D` and capacity `K`.
///
/// ```
/// use holon_core::{atom::atom, memory::OnlineSubspace, Vector};
/// use holon_std::engram_library::EngramLibrary;
///
/// let train = |tag: &str| {
///     let mut sub: Box<OnlineSubspace<256, 8>> = Box::new(OnlineSubspace::new(2));
///     for i in 0..60 {
///         sub.update(&atom::<256>(0, &format!("{tag}{}", i % 3)));
///     }
///     sub
/// };
/// let mut library: EngramLibrary<256, 8> = EngramLibrary::new(0);
/// library.add("web", &train("web")).unwrap();
/// library.add("dns", &train("dns")).unwrap();
/// let matches = library.match_residual(&atom::<256>(0, "dns1"), 2, 10);
/// assert_eq!(matches[0].0, "dns");
/// assert!(matches[0].1 < matches[1].1);
///
/// let bytes = library.to_bytes().unwrap();
/// let back: EngramLibrary<256, 8> = EngramLibrary::from_bytes(&bytes).unwrap();
/// assert_eq!(back.names(), ["dns", "web"]);
/// ```
pub struct EngramLibrary<const D: usize, const K: usize> {
    seed: u64,
    entries: BTreeMap<String, Entry<D, K>>,
}

impl<const D: usize, const K: usize> EngramLibrary<D, K> {
    /// An empty library; `seed` is recorded in its files as the codebook
    /// seed of the vectors it learned from.
    pub fn new(seed: u64) -> Self {
        Self {
            seed,
            entries: BTreeMap::new(),
        }
    }

    /// The codebook seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Engrams held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the library is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// True when an engram is named `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.entries.contains_key(name)
    }

    /// The names, in order.
    pub fn names(&self) -> Vec<&str> {
        self.entries.keys().map(String::as_str).collect()
    }

    /// The engram named `name`.
    pub fn get(&self, name: &str) -> Option<&SubspaceEngram<D, K>> {
        self.entries.get(name).map(|e| &*e.engram)
    }

    /// The L2-normalised eigenvalue signature of `name`.
    pub fn signature(&self, name: &str) -> Option<&[f64]> {
        self.entries.get(name).map(|e| e.signature.as_slice())
    }

    /// Mints an engram named `name` from `subspace` (replacing one of that
    /// name), with the subspace's own threshold (`f64::MAX` while it is
    /// still infinite) in slot 0.
    ///
    /// Errors: [`Error::NameTooLong`] past 32 bytes.
    pub fn add(&mut self, name: &str, subspace: &OnlineSubspace<D, K>) -> Result<(), Error> {
        let threshold = subspace.threshold();
        let threshold = if threshold.is_finite() {
            threshold
        } else {
            f64::MAX
        };
        let engram = crate::holon::build_off_stack::<SubspaceEngram<D, K>, _>(|| {
            SubspaceEngram::new(name, 0, threshold, subspace).map(Box::new)
        })?;
        self.add_engram(engram);
        Ok(())
    }

    /// Adds a ready engram under its own name (replacing one of that name).
    pub fn add_engram(&mut self, engram: Box<SubspaceEngram<D, K>>) {
        let active = engram.subspace().active();
        let eigenvalues = engram.subspace().eigenvalues();
        let eigenvalues = eigenvalues.get(..active).unwrap_or(&[]);
        let norm = libm::sqrt(eigenvalues.iter().map(|e| e * e).sum::<f64>());
        let signature = if norm > 1e-10 {
            eigenvalues.iter().map(|e| e / norm).collect()
        } else {
            eigenvalues.to_vec()
        };
        self.entries
            .insert(engram.name().to_string(), Entry { engram, signature });
    }

    /// Removes `name`; true if it was there.
    pub fn remove(&mut self, name: &str) -> bool {
        self.entries.remove(name).is_some()
    }

    /// The `top_k` engrams `x` fits best, as (name, residual), lowest
    /// first. When the library holds more than `prefilter_k`, only the
    /// `prefilter_k` best by the cheap score (see the module notes) get a
    /// full residual.
    pub fn match_residual<X: Observation<D> + ?Sized>(
        &self,
        x: &X,
        top_k: usize,
        prefilter_k: usize,
    ) -> Vec<(String, f64)> {
        let candidates: Vec<&Entry<D, K>> = if self.entries.len() > prefilter_k {
            let mut cheap: Vec<(f64, &Entry<D, K>)> = self
                .entries
                .values()
                .map(|e| (first_component_residual(e.engram.subspace(), x), e))
                .collect();
            cheap.sort_by(|a, b| a.0.total_cmp(&b.0));
            cheap
                .into_iter()
                .take(prefilter_k)
                .map(|(_, e)| e)
                .collect()
        } else {
            self.entries.values().collect()
        };
        let mut results: Vec<(String, f64)> = candidates
            .into_iter()
            .map(|e| (e.engram.name().to_string(), e.engram.residual(x)))
            .collect();
        results.sort_by(|a, b| a.1.total_cmp(&b.1));
        results.truncate(top_k);
        results
    }

    /// [`match_residual`](Self::match_residual) for an `f64` slice;
    /// [`Error::LengthMismatch`] unless it has `D` components.
    pub fn match_residual_f64(
        &self,
        x: &[f64],
        top_k: usize,
        prefilter_k: usize,
    ) -> Result<Vec<(String, f64)>, Error> {
        let x = <&[f64; D]>::try_from(x).map_err(|_| Error::LengthMismatch {
            expected: D,
            found: x.len(),
        })?;
        Ok(self.match_residual(x, top_k, prefilter_k))
    }

    /// [`match_residual`](Self::match_residual) for an `f32` slice;
    /// [`Error::LengthMismatch`] unless it has `D` components.
    pub fn match_residual_f32(
        &self,
        x: &[f32],
        top_k: usize,
        prefilter_k: usize,
    ) -> Result<Vec<(String, f64)>, Error> {
        let x = <&[f32; D]>::try_from(x).map_err(|_| Error::LengthMismatch {
            expected: D,
            found: x.len(),
        })?;
        Ok(self.match_residual(x, top_k, prefilter_k))
    }

    /// The `top_k` engrams whose eigenvalue signature is most similar to
    /// `eigenvalues` (cosine, over the shorter length), highest first;
    /// empty for an all-zero spectrum.
    pub fn match_spectrum(&self, eigenvalues: &[f64], top_k: usize) -> Vec<(String, f64)> {
        let norm = libm::sqrt(eigenvalues.iter().map(|e| e * e).sum::<f64>());
        if norm < 1e-10 {
            return Vec::new();
        }
        let mut results: Vec<(String, f64)> = self
            .entries
            .iter()
            .map(|(name, e)| {
                let dot: f64 = eigenvalues
                    .iter()
                    .zip(&e.signature)
                    .map(|(a, b)| a * b)
                    .sum();
                (name.clone(), dot / norm)
            })
            .collect();
        results.sort_by(|a, b| b.1.total_cmp(&a.1));
        results.truncate(top_k);
        results
    }

    /// The `top_k` engrams whose directions align best with `probe`'s
    /// ([`OnlineSubspace::subspace_alignment`], default angles), highest
    /// first.
    pub fn match_alignment<const K2: usize>(
        &self,
        probe: &OnlineSubspace<D, K2>,
        top_k: usize,
    ) -> Vec<(String, f64)> {
        let mut results: Vec<(String, f64)> = self
            .entries
            .iter()
            .map(|(name, e)| {
                (
                    name.clone(),
                    probe.subspace_alignment(e.engram.subspace(), 0),
                )
            })
            .collect();
        results.sort_by(|a, b| b.1.total_cmp(&a.1));
        results.truncate(top_k);
        results
    }

    /// The library as an engram file (version 2, subspace records in name
    /// order, no prototypes).
    pub fn to_bytes(&self) -> Result<Vec<u8>, Error> {
        let engrams: Vec<&SubspaceEngram<D, K>> =
            self.entries.values().map(|e| &*e.engram).collect();
        let none: EngramBank<D, 0> = EngramBank::new();
        let mut bytes = vec![0u8; encoded_len_of_engrams(&none, &engrams)];
        emit_engrams(self.seed, &none, &engrams, &mut bytes)?;
        Ok(bytes)
    }

    /// A library from an engram file's subspace records (prototype records
    /// are ignored). Every malformed file is an error.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let file = EngramFile::<D, _>::new_checked(bytes)?;
        let mut library = Self::new(file.seed());
        for record in file.subspaces() {
            let engram = crate::holon::build_off_stack::<SubspaceEngram<D, K>, _>(|| {
                let mut engram = Box::new(SubspaceEngram::new(
                    "",
                    0,
                    0.0,
                    &OnlineSubspace::<D, K>::new(0),
                )?);
                engram.load_record(&record)?;
                Ok::<_, Error>(engram)
            })?;
            library.add_engram(engram);
        }
        Ok(library)
    }

    /// Writes [`to_bytes`](Self::to_bytes) to `path`.
    pub fn save(&self, path: impl AsRef<Path>) -> std::io::Result<()> {
        let bytes = self
            .to_bytes()
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        std::fs::write(path, bytes)
    }

    /// Reads a library saved with [`save`](Self::save).
    pub fn load(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let bytes = std::fs::read(path)?;
        Self::from_bytes(&bytes)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }
}

/// `x`'s residual against `subspace`'s mean and first component only: an
/// upper bound of the full residual at `O(D)` cost.
fn first_component_residual<const D: usize, const K: usize, X: Observation<D> + ?Sized>(
    subspace: &OnlineSubspace<D, K>,
    x: &X,
) -> f64 {
    let mean = subspace.mean();
    let mut energy = 0.0;
    let mut along = 0.0;
    let first = subspace.components().first();
    let first_norm = first.map_or(0.0, |row| {
        libm::sqrt(row.iter().map(|v| v * v).sum::<f64>())
    });
    for (i, &m) in mean.iter().enumerate() {
        let c = x.component(i) - m;
        energy += c * c;
        if let Some(row) = first {
            along += c * row[i];
        }
    }
    if first_norm > 1e-10 {
        let p = along / first_norm;
        energy -= p * p;
    }
    libm::sqrt(energy.max(0.0))
}
