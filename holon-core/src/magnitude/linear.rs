//! The linear encoder: values a `scale` or more apart are near-orthogonal,
//! nearer values proportionally similar.

use super::wave::{check_positive, steps, stream_wave, WaveTable};
use crate::atom::AtomKey;
use crate::error::Error;
use crate::vector::Vector;

/// The atom whose stream gives the [`LinearEncoder`] its frequencies and
/// phases.
pub const LINEAR_ATOM: &str = "__linear__";

/// Encodes a real value on a linear scale: values `scale` or more apart are
/// near-orthogonal, nearer values proportionally similar.
///
/// The expected cosine of two values `Δ` apart (in scales) is
/// `(8/π²) Σ_{n odd} sinc⁴(nΔ)/n²` (with `sinc(x) = sin(πx)/(πx)`): 1 at
/// `Δ = 0`, about `1 - 1.87 |Δ|` near it, 0.13 at half a scale, 0 at every
/// whole number of scales and below 0.003 everywhere beyond one. At
/// `D = 4096` a measured cosine scatters around that by about 0.016.
///
/// - **Resolution:** values are rounded to `scale / 262 144`
///   ([`STEPS_PER_SCALE`](super::STEPS_PER_SCALE)).
/// - **Range:** positions beyond ±8192 scales from the offset saturate
///   (all encode as the end of the range); `±inf` lands on the ends too.
/// - **NaN** encodes as the zero vector (cosine 0 with everything).
/// - **Memory:** `4 * D + 16` bytes (a 16-bit frequency and phase a
///   component): 16 KiB at `D = 4096`, 4 KiB at 1024. Encoders built with
///   the same seed hold the same table whatever their scale.
///
/// ```
/// use holon_core::magnitude::{linear, LinearEncoder};
///
/// let enc = LinearEncoder::<4096>::new(0, 100.0)?;
/// let zero = enc.encode(0.0);
/// let cos = |x: f64| zero.cosine(&enc.encode(x));
/// assert!(cos(1.0) > 0.95);
/// assert!(cos(13.0) > 0.6 && cos(13.0) < 0.85);
/// assert!(cos(40.0) > 0.05 && cos(40.0) < 0.3);
/// assert!(cos(100.0).abs() < 0.05 && cos(250.0).abs() < 0.05);
/// assert!(enc.encode(f64::NAN).is_zero());
/// // Pinned: the first components of 0, 1 and 50 at scale 100, seed 0.
/// assert_eq!(enc.encode(0.0).truncate::<16>().to_string(), "-++-+-++----+-++");
/// assert_eq!(enc.encode(1.0).truncate::<16>().to_string(), "-++-+-++----++++");
/// assert_eq!(enc.encode(50.0).truncate::<16>().to_string(), "-+-+++--+-+----+");
/// // The table-free function gives the same vector.
/// assert_eq!(linear::<4096>(0, 37.5, 100.0)?, enc.encode(37.5));
/// # Ok::<(), holon_core::Error>(())
/// ```
#[derive(Clone)]
pub struct LinearEncoder<const D: usize> {
    table: WaveTable<D>,
    offset: f64,
    scale: f64,
}

impl<const D: usize> LinearEncoder<D> {
    /// An encoder on which values `scale` apart are near-orthogonal.
    ///
    /// Fails with [`Error::InvalidParameter`] unless `scale` is positive and
    /// finite.
    pub fn new(seed: u64, scale: f64) -> Result<Self, Error> {
        Self::for_range(seed, 0.0, scale)
    }

    /// An encoder for values in `lo..=hi`, with `hi - lo` as the scale:
    /// `lo` and `hi` are near-orthogonal, and values between follow the
    /// kernel. Values outside the range are encoded too (the wave goes on).
    ///
    /// Fails with [`Error::InvalidParameter`] unless `lo` and `hi` are
    /// finite, `lo < hi` and `hi - lo` is finite.
    pub fn for_range(seed: u64, lo: f64, hi: f64) -> Result<Self, Error> {
        if !lo.is_finite() {
            return Err(Error::InvalidParameter {
                what: "range start must be finite",
            });
        }
        let scale = check_positive(hi - lo, "scale must be positive and finite")?;
        Ok(Self {
            table: WaveTable::new(AtomKey::new(seed, LINEAR_ATOM)),
            offset: lo,
            scale,
        })
    }

    /// The distance at which values become near-orthogonal.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// The value that encodes as position 0 (0 for [`LinearEncoder::new`],
    /// `lo` for [`LinearEncoder::for_range`]).
    pub fn offset(&self) -> f64 {
        self.offset
    }

    /// The vector of `value`. NaN gives the zero vector.
    pub fn encode(&self, value: f64) -> Vector<D> {
        let mut out = Vector::zero();
        self.encode_into(value, &mut out);
        out
    }

    /// [`encode`](Self::encode), written over `out`: no `D`-byte temporary
    /// is built or copied (worth it at large `D` or on a small stack).
    pub fn encode_into(&self, value: f64, out: &mut Vector<D>) {
        self.table
            .fill_or_zero(steps(value, self.offset, self.scale), out);
    }

    /// The vector at an integer position, in steps of `scale / 2^18` from
    /// the offset: the all-integer path for callers that already hold a
    /// fixed-point value. `encode(v)` is
    /// `encode_steps(round((v - offset) / scale * 2^18))`, saturated.
    pub fn encode_steps(&self, steps: i32) -> Vector<D> {
        self.table.encode(steps)
    }
}

/// The [`LinearEncoder`] vector of `value` at `scale`, without building a
/// table (the parameters are re-derived: about five cold atoms' work).
///
/// Fails with [`Error::InvalidParameter`] unless `scale` is positive and
/// finite.
///
/// ```
/// use holon_core::magnitude::linear;
///
/// let a = linear::<1024>(0, 20.0, 10.0)?;
/// assert!(a.cosine(&linear::<1024>(0, 20.05, 10.0)?) > 0.95);
/// assert!(linear::<8>(0, 1.0, 0.0).is_err());
/// # Ok::<(), holon_core::Error>(())
/// ```
pub fn linear<const D: usize>(seed: u64, value: f64, scale: f64) -> Result<Vector<D>, Error> {
    let scale = check_positive(scale, "scale must be positive and finite")?;
    Ok(match steps(value, 0.0, scale) {
        Some(s) => stream_wave(AtomKey::new(seed, LINEAR_ATOM), s),
        None => Vector::zero(),
    })
}
