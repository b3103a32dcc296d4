//! The log encoder: linear on `log10(value)`, so equal ratios give equal
//! similarity.

use super::wave::{check_positive, steps, stream_wave, WaveTable};
use crate::atom::AtomKey;
use crate::error::Error;
use crate::packed::PackedVector;
use crate::vector::Vector;

/// The atom whose stream gives the [`LogEncoder`] its frequencies and phases.
pub const LOG_ATOM: &str = "__log__";

/// Decades of a [`LogEncoder`] built by [`LogEncoder::new`]: values a
/// factor 100 apart are near-orthogonal, and 52 vs 55 has cosine about 0.98.
pub const DEFAULT_DECADES_PER_SCALE: f64 = 2.0;

/// Encodes a positive value on a logarithmic scale: a [`LinearEncoder`](super::LinearEncoder)
/// of `log10(value)`, with its own parameter atom ([`LOG_ATOM`]).
///
/// Equal ratios give equal similarity; values a factor
/// `10^decades_per_scale` apart (100 by default) are near-orthogonal.
///
/// - `value` that is `+inf` saturates at the top end; a positive subnormal
///   is just a very small value (about -323 decades).
/// - `value <= 0` (including `-0.0`), `-inf` and NaN have no logarithm:
///   they encode as the zero vector (cosine 0 with everything).
/// - **Memory:** `4 * D + 8` bytes.
///
/// ```
/// use holon_core::magnitude::{log, LogEncoder};
///
/// let enc = LogEncoder::<4096>::new(0);
/// let cos = |a: f64, b: f64| enc.encode(a).cosine(&enc.encode(b));
/// assert!(cos(52.0, 55.0) > 0.95);
/// assert!(cos(52.0, 55.0) > cos(52.0, 1400.0));
/// assert!((cos(100.0, 1000.0) - cos(1000.0, 10_000.0)).abs() < 0.05);
/// assert!(enc.encode(0.0).is_zero() && enc.encode(-3.0).is_zero());
/// assert_eq!(log::<4096>(0, 52.0), enc.encode(52.0));
/// ```
#[derive(Clone)]
pub struct LogEncoder<const D: usize> {
    table: WaveTable<D>,
    decades_per_scale: f64,
}

impl<const D: usize> LogEncoder<D> {
    /// An encoder with [`DEFAULT_DECADES_PER_SCALE`] (2 decades).
    pub fn new(seed: u64) -> Self {
        Self {
            table: WaveTable::new(AtomKey::new(seed, LOG_ATOM)),
            decades_per_scale: DEFAULT_DECADES_PER_SCALE,
        }
    }

    /// An encoder on which values `10^decades_per_scale` times apart are
    /// near-orthogonal.
    ///
    /// Fails with [`Error::InvalidParameter`] unless `decades_per_scale` is
    /// positive and finite.
    pub fn with_decades(seed: u64, decades_per_scale: f64) -> Result<Self, Error> {
        let decades_per_scale = check_positive(
            decades_per_scale,
            "decades per scale must be positive and finite",
        )?;
        Ok(Self {
            table: WaveTable::new(AtomKey::new(seed, LOG_ATOM)),
            decades_per_scale,
        })
    }

    /// Decades per scale.
    pub fn decades_per_scale(&self) -> f64 {
        self.decades_per_scale
    }

    /// The vector of `value`: see the type's documentation for `value <= 0`
    /// and non-finite values.
    pub fn encode(&self, value: f64) -> Vector<D> {
        let mut out = Vector::zero();
        self.encode_into(value, &mut out);
        out
    }

    /// [`encode`](Self::encode) as a packed vector (`W` is
    /// [`packed::words(D)`](crate::packed::words)), bit for bit
    /// `PackedVector::from_vector(&self.encode(value))`, encoded straight
    /// into the planes: no unpacked vector, no packing pass.
    ///
    /// ```
    /// use holon_core::{magnitude::LogEncoder, packed::PackedVector};
    ///
    /// let enc = LogEncoder::<1000>::new(0);
    /// for x in [52.0, 0.0, f64::NAN, 1e300] {
    ///     let packed: PackedVector<1000, 32> = enc.encode_packed(x);
    ///     assert_eq!(packed, PackedVector::from_vector(&enc.encode(x)));
    /// }
    /// ```
    pub fn encode_packed<const W: usize>(&self, value: f64) -> PackedVector<D, W> {
        match log_steps(value, self.decades_per_scale) {
            Some(steps) => self.table.packed(steps),
            None => PackedVector::zero(),
        }
    }

    /// [`encode`](Self::encode), written over `out`.
    pub fn encode_into(&self, value: f64, out: &mut Vector<D>) {
        self.table
            .fill_or_zero(log_steps(value, self.decades_per_scale), out);
    }
}

/// Position of `value` in steps of a log scale; `None` without a logarithm.
pub(super) fn log_steps(value: f64, decades_per_scale: f64) -> Option<i32> {
    // NaN compares false, so it takes the `None` branch too.
    if value.is_nan() || value <= 0.0 {
        return None;
    }
    steps(libm::log10(value), 0.0, decades_per_scale)
}

/// The [`LogEncoder::new`] vector of `value`, without building a table.
pub fn log<const D: usize>(seed: u64, value: f64) -> Vector<D> {
    match log_steps(value, DEFAULT_DECADES_PER_SCALE) {
        Some(s) => stream_wave(AtomKey::new(seed, LOG_ATOM), s),
        None => Vector::zero(),
    }
}
