//! The circular encoder: similarity depends only on the distance around a
//! circle (23 h is next to 0 h); opposite points are orthogonal.

use super::wave::{
    check_positive, circle_params, circle_trit, select_harmonic, square16, turn_halves, TURN,
};
use crate::atom::AtomKey;
use crate::error::Error;
use crate::vector::Vector;

/// The atom whose stream gives the [`CircularEncoder`] (and the
/// [`TimeEncoder`](super::TimeEncoder)) its harmonics and phases.
pub const CIRCULAR_ATOM: &str = "__circular__";

/// Position `value` on a circle of `period`, in `2^-32` turns: the
/// fractional part of `value / period`, rounded (a full turn wraps to 0).
/// `None` for a non-finite value.
pub(super) fn circle_turns(value: f64, period: f64) -> Option<u32> {
    if !value.is_finite() {
        return None;
    }
    let r = value / period;
    // From 2^52 on every f64 is a whole number: the fraction is 0. (This
    // also covers a quotient that overflowed to infinity.)
    if r.abs() >= 4_503_599_627_370_496.0 {
        return Some(0);
    }
    // r - floor(r) is exact and in [0, 1]; a rounded-up full turn (2^32)
    // wraps to 0. (libm's `fmod` would be exact for large values too, but
    // keeps an assertion the optimiser cannot remove: a panic path.)
    let fraction = r - libm::floor(r);
    Some(libm::round(fraction * TURN) as u64 as u32)
}

/// Encodes a position on a circle (hour of day, angle, day of year):
/// similarity depends only on the distance around the circle.
///
/// Half of the components follow the position (one turn of a square wave per
/// period, random phase and direction); the other half are a fixed random
/// sign. The expected cosine at circular distance `d` (in periods, 0 to
/// 1/2) is `1 - 2d`: 0.92 one hour apart on a 24-hour circle, exactly 0 at
/// opposite points (half the components flip, half stay).
///
/// - **Resolution:** a position is rounded to `period / 2^32`, and the
///   components resolve `period / 65 536` (phases keep 16 bits): 1.3 s on
///   a 24-hour circle.
/// - A non-finite value (NaN, ±inf) encodes as the zero vector.
/// - **Memory:** `3 * D + 8` bytes.
///
/// ```
/// use holon_core::magnitude::{circular, CircularEncoder};
///
/// let hours = CircularEncoder::<4096>::new(0, 24.0)?;
/// let cos = |a: f64, b: f64| hours.encode(a).cosine(&hours.encode(b));
/// assert!((cos(0.0, 1.0) - 0.917).abs() < 0.03);
/// assert!((cos(0.0, 23.0) - cos(0.0, 1.0)).abs() < 0.05);
/// assert_eq!(cos(3.0, 15.0), 0.0);
/// assert_eq!(hours.encode(-1.0), hours.encode(23.0));
/// assert_eq!(hours.encode(6.0), hours.encode_turns(1 << 30)); // a quarter turn
/// assert_eq!(circular::<4096>(0, 7.5, 24.0)?, hours.encode(7.5));
/// # Ok::<(), holon_core::Error>(())
/// ```
#[derive(Clone)]
pub struct CircularEncoder<const D: usize> {
    table: CircleTable<D>,
    period: f64,
}

/// Harmonics and phases of the circular components.
#[derive(Clone)]
pub(super) struct CircleTable<const D: usize> {
    pub(super) harmonic: [i8; D],
    pub(super) phase: [u16; D],
}

impl<const D: usize> CircleTable<D> {
    pub(super) fn new(seed: u64) -> Self {
        let mut stream = AtomKey::new(seed, CIRCULAR_ATOM).stream();
        let mut table = Self {
            harmonic: [0; D],
            phase: [0; D],
        };
        let slots = table.harmonic.iter_mut().zip(table.phase.iter_mut());
        for (i, (h, p)) in slots.enumerate() {
            (*h, *p) = circle_params(i, &mut stream);
        }
        table
    }

    /// The hot loop: a select, an add and a sign a component, written over
    /// every component of `out`.
    pub(super) fn fill(&self, turns: u32, out: &mut Vector<D>) {
        let (plus, minus) = turn_halves(turns);
        let params = self.harmonic.iter().zip(&self.phase);
        for (o, (&k, &p)) in out.trusted_trits_mut().iter_mut().zip(params) {
            *o = square16(select_harmonic(k, plus, minus).wrapping_add(p));
        }
    }
}

impl<const D: usize> CircularEncoder<D> {
    /// An encoder for positions on a circle of `period` (24.0 for hours of
    /// the day, 360.0 for degrees).
    ///
    /// Fails with [`Error::InvalidParameter`] unless `period` is positive
    /// and finite.
    pub fn new(seed: u64, period: f64) -> Result<Self, Error> {
        let period = check_positive(period, "period must be positive and finite")?;
        Ok(Self {
            table: CircleTable::new(seed),
            period,
        })
    }

    /// The period.
    pub fn period(&self) -> f64 {
        self.period
    }

    /// The vector of `value`, taken modulo the period (negative values
    /// wrap). A non-finite value gives the zero vector.
    pub fn encode(&self, value: f64) -> Vector<D> {
        let mut out = Vector::zero();
        self.encode_into(value, &mut out);
        out
    }

    /// [`encode`](Self::encode), written over `out`.
    pub fn encode_into(&self, value: f64, out: &mut Vector<D>) {
        match circle_turns(value, self.period) {
            Some(turns) => self.table.fill(turns, out),
            None => out.trusted_trits_mut().fill(0),
        }
    }

    /// The vector at a position given in `2^-32` turns (`1 << 31` is half
    /// the period): the all-integer path. `encode(v)` is
    /// `encode_turns(round(frac(v / period) * 2^32))`.
    pub fn encode_turns(&self, turns: u32) -> Vector<D> {
        let mut out = Vector::zero();
        self.table.fill(turns, &mut out);
        out
    }
}

/// The [`CircularEncoder`] vector of `value` on a circle of `period`,
/// without building a table.
///
/// Fails with [`Error::InvalidParameter`] unless `period` is positive and
/// finite.
pub fn circular<const D: usize>(seed: u64, value: f64, period: f64) -> Result<Vector<D>, Error> {
    let period = check_positive(period, "period must be positive and finite")?;
    let Some(turns) = circle_turns(value, period) else {
        return Ok(Vector::zero());
    };
    let mut stream = AtomKey::new(seed, CIRCULAR_ATOM).stream();
    let mut index = 0;
    Ok(Vector::from_fn(|_| {
        let (harmonic, phase) = circle_params(index, &mut stream);
        index += 1;
        circle_trit(turns, harmonic, phase)
    }))
}
