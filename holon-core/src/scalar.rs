//! Scalars: numbers to vectors whose similarity follows their distance.
//!
//! An atom makes `"52"` and `"53"` as unrelated as `"52"` and `"cat"`. The
//! encoders here make nearby values similar and distant values orthogonal:
//!
//! - [`LinearEncoder`] (value, scale): cosine falls smoothly from 1 at equal
//!   values to about 0 at a distance of one `scale`, and stays near 0 beyond.
//! - [`LogEncoder`]: linear on `log10(value)`, so equal ratios give equal
//!   similarity (100→1000 is like 1000→10 000).
//! - [`CircularEncoder`] (value, period): similarity depends on the distance
//!   around a circle (23 h is next to 0 h); opposite points are orthogonal.
//! - [`TimeEncoder`] (Unix seconds, UTC): hour of day, day of week and month
//!   of year, each circular, bound to its own role atom, bundled.
//!
//! **How.** Component `i` of every encoding is a square wave (`+1` for the
//! first half of each turn, `-1` for the second) of the value, with a
//! frequency and phase drawn from a fixed atom's stream
//! ([`AtomStream::next_word`]) at positions that depend only on `i`. So
//! component `i` never depends on `D` (the prefix property holds:
//! `encode::<1024>(x) == encode::<4096>(x).truncate::<1024>()`), the
//! parameter tables are built once, and an encoding is one float-to-integer
//! conversion followed by an integer loop: phase `x_i = q * w_i + p_i` in
//! wrapping `u32` arithmetic (a `u32` is one turn), sign from the top bit.
//! Floats go through `libm` and IEEE `+ - * /` only, so every target
//! produces the same bits. The loops run in 16-bit lanes and vectorise; at
//! `D = 4096` on x86-64 an encoding takes under a microsecond (time: about
//! two).
//!
//! Every encoder has a table-free function ([`linear`], [`log`],
//! [`circular`], [`time`]) giving the same vectors: it re-derives the
//! parameters as it goes, which costs about as much as a few cold atoms but
//! needs no memory beyond the result.
//!
//! ```
//! use holon_core::scalar::{CircularEncoder, LinearEncoder};
//!
//! let temperature = LinearEncoder::<4096>::new(0, 10.0)?; // 10 degrees: orthogonal
//! let t20 = temperature.encode(20.0);
//! assert!(t20.cosine(&temperature.encode(20.1)) > 0.95);
//! assert!(t20.cosine(&temperature.encode(23.0)) > 0.3);
//! assert!(t20.cosine(&temperature.encode(35.0)).abs() < 0.05);
//!
//! let hour = CircularEncoder::<4096>::new(0, 24.0)?;
//! let (midnight, late) = (hour.encode(0.0), hour.encode(23.0));
//! assert!((midnight.cosine(&late) - midnight.cosine(&hour.encode(1.0))).abs() < 0.05);
//! assert_eq!(midnight.cosine(&hour.encode(12.0)), 0.0); // opposite: orthogonal
//! # Ok::<(), holon_core::Error>(())
//! ```

use crate::atom::{AtomKey, AtomStream};
use crate::calendar;

pub mod decode;
pub mod thermometer;

use crate::error::Error;
use crate::vector::Vector;
pub use decode::{decode_linear, decode_log};
pub use thermometer::{decode_thermometer, thermometer};

/// The atom whose stream gives the [`LinearEncoder`] its frequencies and
/// phases.
pub const LINEAR_ATOM: &str = "__linear__";
/// The atom whose stream gives the [`LogEncoder`] its frequencies and phases.
pub const LOG_ATOM: &str = "__log__";
/// The atom whose stream gives the [`CircularEncoder`] (and the
/// [`TimeEncoder`]) its harmonics and phases.
pub const CIRCULAR_ATOM: &str = "__circular__";
/// Role atom of the hour-of-day component of a [`TimeEncoder`].
pub const HOUR_ROLE: &str = "time.hour";
/// Role atom of the day-of-week component of a [`TimeEncoder`].
pub const WEEKDAY_ROLE: &str = "time.weekday";
/// Role atom of the month-of-year component of a [`TimeEncoder`].
pub const MONTH_ROLE: &str = "time.month";

/// Steps a [`LinearEncoder`] resolves within one scale, `2^18`: values
/// are rounded to `scale / 262 144`, and positions saturate at ±8192
/// scales (where the `i32` step count does).
pub const STEPS_PER_SCALE: f64 = 262_144.0;

/// Decades of a [`LogEncoder`] built by [`LogEncoder::new`]: values a
/// factor 100 apart are near-orthogonal, and 52 vs 55 has cosine about 0.98.
pub const DEFAULT_DECADES_PER_SCALE: f64 = 2.0;

/// Keystream words a linear or log component consumes: four summed for the
/// frequency, one for the phase.
const WORDS_PER_WAVE: usize = 5;

/// Mean of the sum of four uniform `u32` words: `4 * (2^32 - 1) / 2`.
const IRWIN_HALL_MEAN: i64 = (1 << 33) - 2;

/// `2^32`: one turn in phase units.
const TURN: f64 = 4_294_967_296.0;

// Phases are `u32` words, one turn = 2^32, and a component is the square
// wave of its phase: +1 in the first half turn, -1 in the second. Every
// parameter keeps 16 bits: a frequency `w` (`i16`) and a phase `p` (`u16`,
// the high half of the phase word, whose low half is 0). So the linear
// phase `steps * w + (p << 16)` has a high half that 16-bit lanes compute
// exactly (eight to a 128-bit register; baseline x86-64 has 16-bit
// multiplies but no 32-bit one), the tables take 4 bytes a component, and
// the reference forms below (`wave_trit`, `circle_trit`) are plain `u32`
// arithmetic that the tests compare the fast loops against.

/// `+1` when the top bit of the phase is clear (first half turn), else `-1`.
#[inline(always)]
fn square(phase: u32) -> i8 {
    ((phase as i32 >> 31) as i8) | 1
}

/// `+1` when the top bit of a phase's high half is clear, else `-1`.
#[inline(always)]
fn square16(high: u16) -> i8 {
    ((high as i16 >> 15) as i8) | 1
}

/// Rejects a scale (or period) that is not positive and finite.
fn check_positive(value: f64, what: &'static str) -> Result<f64, Error> {
    if value > 0.0 && value.is_finite() {
        Ok(value)
    } else {
        Err(Error::InvalidParameter { what })
    }
}

/// `round((value - offset) / scale * 2^18)`, saturated to `i32`; `None`
/// for NaN (a NaN value or an `inf - inf`).
fn steps(value: f64, offset: f64, scale: f64) -> Option<i32> {
    let t = (value - offset) / scale;
    if t.is_nan() {
        return None;
    }
    // The float-to-int cast saturates (and ±inf lands on the ends).
    Some(libm::round(t * STEPS_PER_SCALE) as i32)
}

/// The frequency and phase of the next linear component.
///
/// Frequency: the sum of four words, centred, is an Irwin–Hall (nearly
/// Gaussian) variable; shifted right by 18 it is `w` with
/// `w * 2^18 / 2^32 = w / 2^14 = f` turns per scale, `f` in `[-2, 2)` with
/// standard deviation `sqrt(1/3) ≈ 0.577` turns (3.63 radians) per scale.
/// Its characteristic function `sinc⁴(f Δ)` vanishes at every whole number
/// of scales, which is what puts the kernel at 0 from one scale on.
fn wave_params(stream: &mut AtomStream) -> (i16, u16) {
    let mut sum = 0u64;
    for _ in 0..WORDS_PER_WAVE - 1 {
        sum += u64::from(stream.next_word());
    }
    // |sum - mean| <= 2^33 - 2, so the shifted value is in
    // [-32 768, 32 767]: the cast is exact.
    let frequency = ((sum as i64 - IRWIN_HALL_MEAN) >> 18) as i16;
    (frequency, (stream.next_word() >> 16) as u16)
}

/// The harmonic (0, +1 or -1) and phase of circular component `index`,
/// from the next two words.
///
/// Even components follow the value (harmonic ±1); odd ones have harmonic 0,
/// a fixed random sign. Half of the components constant makes the kernel
/// `1 - 2 d` for circular distance `d` in turns: opposite points are
/// orthogonal rather than opposite.
fn circle_params(index: usize, stream: &mut AtomStream) -> (i8, u16) {
    let phase = (stream.next_word() >> 16) as u16;
    let sign_word = stream.next_word();
    let harmonic = match (index % 2, sign_word >> 31) {
        (0, 0) => 1,
        (0, _) => -1,
        _ => 0,
    };
    (harmonic, phase)
}

/// Component of a wave encoding: `square(steps * w + (p << 16))`, the
/// reference form of the table loop.
#[inline(always)]
fn wave_trit(steps: u32, frequency: i16, phase: u16) -> i8 {
    square(
        steps
            .wrapping_mul(i32::from(frequency) as u32)
            .wrapping_add(u32::from(phase) << 16),
    )
}

/// Component of a circular encoding: `square(turns * k + (p << 16))`, the
/// reference form of the table loop.
#[inline(always)]
fn circle_trit(turns: u32, harmonic: i8, phase: u16) -> i8 {
    square(
        turns
            .wrapping_mul(i32::from(harmonic) as u32)
            .wrapping_add(u32::from(phase) << 16),
    )
}

/// [`wave_trit`] in 16-bit arithmetic, with `steps` given as its halves
/// (`steps = high * 2^16 + low`). The high half of
/// `steps * w + (p << 16)` (mod 2^32) is `hi(low * w) + high * w + p`,
/// where `hi(low * w)` is the unsigned multiply-high of `low` and `w`'s
/// bits, less `low` when `w` is negative (its bits then read `w + 2^16`).
#[inline(always)]
fn wave_trit_split(low: u16, high: u16, frequency: i16, phase: u16) -> i8 {
    let w = frequency as u16;
    let unsigned_high = ((u32::from(low) * u32::from(w)) >> 16) as u16;
    let sign_fix = low & ((frequency >> 15) as u16);
    square16(
        unsigned_high
            .wrapping_sub(sign_fix)
            .wrapping_add(high.wrapping_mul(w))
            .wrapping_add(phase),
    )
}

/// The high half of `turns * harmonic` for harmonic +1 (`plus`), -1
/// (`minus`) or 0, branch-free.
#[inline(always)]
fn select_harmonic(harmonic: i8, plus: u16, minus: u16) -> u16 {
    let up = 0u16.wrapping_sub(u16::from(harmonic > 0));
    let down = 0u16.wrapping_sub(u16::from(harmonic < 0));
    (plus & up) | (minus & down)
}

/// The high halves of `turns` and `-turns`: with a phase whose low half is
/// 0, nothing carries into the high half, so they are all a circular
/// component needs.
#[inline(always)]
fn turn_halves(turns: u32) -> (u16, u16) {
    ((turns >> 16) as u16, (turns.wrapping_neg() >> 16) as u16)
}

/// The wave encoding at `steps`, re-deriving the parameters from `key`.
fn stream_wave<const D: usize>(key: AtomKey, steps: i32) -> Vector<D> {
    let mut stream = key.stream();
    Vector::from_fn(|_| {
        let (frequency, phase) = wave_params(&mut stream);
        wave_trit(steps as u32, frequency, phase)
    })
}

/// Frequencies and phases of `D` square waves: the shared table of the
/// linear and log encoders.
#[derive(Clone)]
struct WaveTable<const D: usize> {
    frequency: [i16; D],
    phase: [u16; D],
}

impl<const D: usize> WaveTable<D> {
    fn new(key: AtomKey) -> Self {
        let mut stream = key.stream();
        let mut table = Self {
            frequency: [0; D],
            phase: [0; D],
        };
        for (f, p) in table.frequency.iter_mut().zip(table.phase.iter_mut()) {
            (*f, *p) = wave_params(&mut stream);
        }
        table
    }

    /// The hot loop: two 16-bit multiplies, three adds and a sign a
    /// component, written over every component of `out`.
    fn fill(&self, steps: i32, out: &mut Vector<D>) {
        let (low, high) = (steps as u16, (steps as u32 >> 16) as u16);
        let params = self.frequency.iter().zip(&self.phase);
        for (o, (&w, &p)) in out.trusted_trits_mut().iter_mut().zip(params) {
            *o = wave_trit_split(low, high, w, p);
        }
    }

    /// [`fill`](Self::fill) at `steps`, or zeros for `None`.
    fn fill_or_zero(&self, steps: Option<i32>, out: &mut Vector<D>) {
        match steps {
            Some(s) => self.fill(s, out),
            None => out.trusted_trits_mut().fill(0),
        }
    }

    fn encode(&self, steps: i32) -> Vector<D> {
        let mut out = Vector::zero();
        self.fill(steps, &mut out);
        out
    }
}

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
///   ([`STEPS_PER_SCALE`]).
/// - **Range:** positions beyond ±8192 scales from the offset saturate
///   (all encode as the end of the range); `±inf` lands on the ends too.
/// - **NaN** encodes as the zero vector (cosine 0 with everything).
/// - **Memory:** `4 * D + 16` bytes (a 16-bit frequency and phase a
///   component): 16 KiB at `D = 4096`, 4 KiB at 1024. Encoders built with
///   the same seed hold the same table whatever their scale.
///
/// ```
/// use holon_core::scalar::{linear, LinearEncoder};
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
/// use holon_core::scalar::linear;
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

/// Encodes a positive value on a logarithmic scale: a [`LinearEncoder`]
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
/// use holon_core::scalar::{log, LogEncoder};
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

    /// [`encode`](Self::encode), written over `out`.
    pub fn encode_into(&self, value: f64, out: &mut Vector<D>) {
        self.table
            .fill_or_zero(log_steps(value, self.decades_per_scale), out);
    }
}

/// Position of `value` in steps of a log scale; `None` without a logarithm.
fn log_steps(value: f64, decades_per_scale: f64) -> Option<i32> {
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

/// Position `value` on a circle of `period`, in `2^-32` turns: the
/// fractional part of `value / period`, rounded (a full turn wraps to 0).
/// `None` for a non-finite value.
fn circle_turns(value: f64, period: f64) -> Option<u32> {
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
/// use holon_core::scalar::{circular, CircularEncoder};
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
struct CircleTable<const D: usize> {
    harmonic: [i8; D],
    phase: [u16; D],
}

impl<const D: usize> CircleTable<D> {
    fn new(seed: u64) -> Self {
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
    fn fill(&self, turns: u32, out: &mut Vector<D>) {
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

/// The three circular positions of a moment, in `2^-32` turns of their
/// periods, as the [`TimeEncoder`] uses them. All integer: each is
/// `floor(elapsed * 2^32 / period)` with elapsed time and period in seconds.
///
/// ```
/// use holon_core::scalar::TimePhases;
///
/// // 2024-02-29 12:00:00 UTC, a Thursday.
/// let p = TimePhases::from_unix(1_709_208_000);
/// assert_eq!(p.hour_of_day, 1 << 31); // noon: half a day
/// assert_eq!(p.day_of_week, 1 << 31); // Thursday noon: half a week
/// // February (month index 1) plus 28.5 of its 29 days: (1 + 28.5/29) / 12.
/// assert_eq!(p.month_of_year, ((115u64 << 32) / 696) as u32);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct TimePhases {
    /// Seconds since midnight over 86 400.
    pub hour_of_day: u32,
    /// Time since Monday 00:00 over a week (1970-01-01 was a Thursday).
    pub day_of_week: u32,
    /// `(month - 1 + time since the 1st / length of the month) / 12`: every
    /// month is a twelfth of the circle, whatever its length.
    pub month_of_year: u32,
}

impl TimePhases {
    /// The phases of Unix time `seconds` (UTC, proleptic Gregorian calendar,
    /// no leap seconds). Total over `i64`: negative times are before 1970.
    pub fn from_unix(seconds: i64) -> Self {
        let c = calendar::civil_from_unix(seconds);
        let second_of_day = u64::from(c.second_of_day);
        let day = calendar::SECONDS_PER_DAY as u64;
        let turns = |elapsed: u64, period: u64| ((elapsed << 32) / period.max(1)) as u32;
        let month_length = u64::from(calendar::days_in_month(c.year, c.month));
        let into_month = u64::from(c.day.saturating_sub(1)) * day + second_of_day;
        let month_index = u64::from(c.month.saturating_sub(1));
        Self {
            hour_of_day: turns(second_of_day, day),
            day_of_week: turns(u64::from(c.weekday) * day + second_of_day, 7 * day),
            // At most 12 * 31 * 86 400 < 2^25 before the shift: no overflow.
            month_of_year: turns(
                month_index * month_length * day + into_month,
                12 * month_length * day,
            ),
        }
    }
}

/// Encodes a moment (Unix seconds, UTC) by its place in the day, the week
/// and the year.
///
/// The result is
/// `bundle([bind(hour_role, c(hour)), bind(weekday_role, c(weekday)), bind(month_role, c(month))])`
/// where `c` is the [`CircularEncoder`] of the same seed, the positions are
/// the [`TimePhases`], and the roles are the atoms [`HOUR_ROLE`],
/// [`WEEKDAY_ROLE`] and [`MONTH_ROLE`]. The three parts are computed in one
/// integer loop without materialising them.
///
/// So Monday 09:00 is closer to Tuesday 09:00 (same hour, next day) than to
/// Monday 21:00 (opposite hour), and one Monday 09:00 is closest to the
/// next. Roles let a probe ask about one part: binding the encoding with
/// the hour role recovers a vector similar to `c(hour)`.
///
/// - **Resolution:** the parts resolve 1/65 536 of their periods: 1.3 s of
///   the day, 9.2 s of the week, about 8 minutes of the year.
/// - **Memory:** `6 * D` bytes (the circular table and the three role
///   vectors): 24 KiB at `D = 4096`.
///
/// ```
/// use holon_core::scalar::{time, TimeEncoder};
///
/// let enc = TimeEncoder::<4096>::new(0);
/// let monday_9 = 1_704_704_400; // 2024-01-08 09:00 UTC, a Monday
/// let (hour, day) = (3600, 86_400);
/// let at = |t: i64| enc.encode(t);
/// let base = at(monday_9);
/// assert!(base.cosine(&at(monday_9 + day)) > base.cosine(&at(monday_9 + 12 * hour)));
/// assert!(base.cosine(&at(monday_9 + 7 * day)) > base.cosine(&at(monday_9 + 2 * day)));
/// assert_eq!(time::<4096>(0, monday_9), base);
/// ```
#[derive(Clone)]
pub struct TimeEncoder<const D: usize> {
    circle: CircleTable<D>,
    hour_role: Vector<D>,
    weekday_role: Vector<D>,
    month_role: Vector<D>,
}

impl<const D: usize> TimeEncoder<D> {
    /// An encoder whose circular parameters and role atoms use `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            circle: CircleTable::new(seed),
            hour_role: AtomKey::new(seed, HOUR_ROLE).vector(),
            weekday_role: AtomKey::new(seed, WEEKDAY_ROLE).vector(),
            month_role: AtomKey::new(seed, MONTH_ROLE).vector(),
        }
    }

    /// The vector of Unix time `seconds` (UTC).
    pub fn encode(&self, seconds: i64) -> Vector<D> {
        self.encode_phases(TimePhases::from_unix(seconds))
    }

    /// [`encode`](Self::encode), written over `out`.
    pub fn encode_into(&self, seconds: i64, out: &mut Vector<D>) {
        self.fill(TimePhases::from_unix(seconds), out);
    }

    /// The vector of explicit phases, e.g. a local time the caller has
    /// already converted.
    pub fn encode_phases(&self, phases: TimePhases) -> Vector<D> {
        let mut out = Vector::zero();
        self.fill(phases, &mut out);
        out
    }

    /// The hot loop: three selects, adds and signs, three role products and
    /// a sign a component, written over every component of `out`.
    fn fill(&self, phases: TimePhases, out: &mut Vector<D>) {
        let (hour_plus, hour_minus) = turn_halves(phases.hour_of_day);
        let (week_plus, week_minus) = turn_halves(phases.day_of_week);
        let (month_plus, month_minus) = turn_halves(phases.month_of_year);
        let params = self.circle.harmonic.iter().zip(&self.circle.phase);
        let roles = self
            .hour_role
            .as_trits()
            .iter()
            .zip(self.weekday_role.as_trits())
            .zip(self.month_role.as_trits());
        for (o, ((&k, &p), ((&rh, &rw), &rm))) in
            out.trusted_trits_mut().iter_mut().zip(params.zip(roles))
        {
            // role * (±1) is the role trit, negated where the sign mask is -1.
            let part = |plus: u16, minus: u16, role: i8| {
                let mask = (select_harmonic(k, plus, minus).wrapping_add(p) as i16 >> 15) as i8;
                (role ^ mask).wrapping_sub(mask)
            };
            let sum = part(hour_plus, hour_minus, rh)
                + part(week_plus, week_minus, rw)
                + part(month_plus, month_minus, rm);
            *o = sum.signum();
        }
    }
}

/// Component of a time encoding: the bundle of the three bound parts
/// (the reference form of the loop in [`TimeEncoder::encode_phases`]).
#[inline(always)]
fn time_trit(phases: &TimePhases, harmonic: i8, phase: u16, roles: [i8; 3]) -> i8 {
    let [rh, rw, rm] = roles;
    let part =
        |turns: u32, role: i8| i32::from(role) * i32::from(circle_trit(turns, harmonic, phase));
    let sum = part(phases.hour_of_day, rh)
        + part(phases.day_of_week, rw)
        + part(phases.month_of_year, rm);
    sum.signum() as i8
}

/// The [`TimeEncoder`] vector of Unix time `seconds`, without building the
/// tables (four atom streams are derived side by side).
pub fn time<const D: usize>(seed: u64, seconds: i64) -> Vector<D> {
    let phases = TimePhases::from_unix(seconds);
    let mut circle = AtomKey::new(seed, CIRCULAR_ATOM).stream();
    let mut hour = AtomKey::new(seed, HOUR_ROLE).stream();
    let mut weekday = AtomKey::new(seed, WEEKDAY_ROLE).stream();
    let mut month = AtomKey::new(seed, MONTH_ROLE).stream();
    let mut index = 0;
    Vector::from_fn(|_| {
        let (harmonic, phase) = circle_params(index, &mut circle);
        index += 1;
        let roles = [hour.next(), weekday.next(), month.next()].map(|t| t.unwrap_or(0));
        time_trit(&phases, harmonic, phase, roles)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::{bind, bundle};

    #[test]
    fn square_wave_sign_follows_the_top_bit() {
        assert_eq!(square(0), 1);
        assert_eq!(square(0x7fff_ffff), 1);
        assert_eq!(square(0x8000_0000), -1);
        assert_eq!(square(u32::MAX), -1);
    }

    #[test]
    fn sixteen_bit_loops_equal_the_u32_reference() {
        // SplitMix64 inputs plus the edges of every half.
        let mut state = 0x1234_5678_9abc_def0u64;
        let mut next = || {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            (z ^ (z >> 31)) as u32
        };
        let edges = [
            0,
            1,
            0x7fff,
            0x8000,
            0xffff,
            0x1_0000,
            0x7fff_ffff,
            0x8000_0000,
            u32::MAX,
        ];
        let mut words = [0u32; 400];
        words[..edges.len()].copy_from_slice(&edges);
        for w in &mut words[edges.len()..] {
            *w = next();
        }
        for &q in &words {
            let (low, high) = (q as u16, (q >> 16) as u16);
            let (plus, minus) = turn_halves(q);
            for &r in &words {
                let (w, p) = (r as i16, (r >> 16) as u16);
                assert_eq!(wave_trit_split(low, high, w, p), wave_trit(q, w, p));
                let k = [-1i8, 0, 1][(r % 3) as usize];
                let fast = square16(select_harmonic(k, plus, minus).wrapping_add(p));
                assert_eq!(fast, circle_trit(q, k, p));
            }
        }
    }

    #[test]
    fn steps_round_saturate_and_reject_nan() {
        assert_eq!(steps(1.0, 0.0, 1.0), Some(1 << 18));
        assert_eq!(steps(-0.5 / 262_144.0, 0.0, 1.0), Some(-1)); // round half away
        assert_eq!(steps(1e300, 0.0, 1.0), Some(i32::MAX));
        assert_eq!(steps(f64::NEG_INFINITY, 0.0, 1.0), Some(i32::MIN));
        assert_eq!(steps(f64::NAN, 0.0, 1.0), None);
        assert_eq!(steps(f64::INFINITY, f64::INFINITY, 1.0), None);
        assert_eq!(steps(15.0, 10.0, 10.0), Some(1 << 17));
        assert_eq!(steps(8192.0, 0.0, 1.0), Some(i32::MAX));
    }

    #[test]
    fn frequencies_are_centred_and_bounded() {
        let mut stream = AtomKey::new(0, LINEAR_ATOM).stream();
        let n = 20_000;
        let (mut sum, mut sum_sq) = (0f64, 0f64);
        for _ in 0..n {
            let (f, _) = wave_params(&mut stream);
            let turns = f64::from(f) / 16_384.0;
            sum += turns;
            sum_sq += turns * turns;
        }
        let mean = sum / f64::from(n);
        let sd = libm::sqrt(sum_sq / f64::from(n) - mean * mean);
        assert!(mean.abs() < 0.02, "mean {mean}");
        assert!((sd - libm::sqrt(1.0 / 3.0)).abs() < 0.02, "sd {sd}");
    }

    #[test]
    fn circle_turns_wraps_and_rounds() {
        assert_eq!(circle_turns(0.0, 24.0), Some(0));
        assert_eq!(circle_turns(12.0, 24.0), Some(1 << 31));
        assert_eq!(circle_turns(-6.0, 24.0), Some(3 << 30));
        assert_eq!(circle_turns(24.0 * 1e9 + 6.0, 24.0), Some(1 << 30));
        // A hair below a full turn rounds to the full turn, which is 0.
        assert_eq!(circle_turns(-1e-300, 24.0), Some(0));
        assert_eq!(circle_turns(f64::NAN, 24.0), None);
        assert_eq!(circle_turns(f64::INFINITY, 24.0), None);
    }

    #[test]
    fn half_the_circular_components_are_constant() {
        let table = CircleTable::<64>::new(5);
        for (i, &h) in table.harmonic.iter().enumerate() {
            if i % 2 == 0 {
                assert!(h == 1 || h == -1);
            } else {
                assert_eq!(h, 0);
            }
        }
        assert!(table.harmonic.contains(&1) && table.harmonic.contains(&-1));
        let enc = CircularEncoder::<64>::new(5, 1.0).unwrap();
        let a = enc.encode_turns(0);
        let b = enc.encode_turns(1 << 31);
        // Opposite points: every moving component flips, the rest stay.
        assert_eq!(a.dot(&b), 0);
    }

    #[test]
    fn invalid_parameters_are_errors() {
        let bad = [0.0, -1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY];
        for s in bad {
            assert!(matches!(
                LinearEncoder::<8>::new(0, s),
                Err(Error::InvalidParameter { .. })
            ));
            assert!(linear::<8>(0, 1.0, s).is_err());
            assert!(LogEncoder::<8>::with_decades(0, s).is_err());
            assert!(CircularEncoder::<8>::new(0, s).is_err());
            assert!(circular::<8>(0, 1.0, s).is_err());
        }
        assert!(LinearEncoder::<8>::for_range(0, 1.0, 1.0).is_err());
        assert!(LinearEncoder::<8>::for_range(0, f64::NAN, 1.0).is_err());
        assert!(LinearEncoder::<8>::for_range(0, -1e308, 1e308).is_err());
        assert!(LinearEncoder::<8>::for_range(0, -1.0, 1.0).is_ok());
    }

    #[test]
    fn for_range_is_new_shifted() {
        let ranged = LinearEncoder::<256>::for_range(3, 10.0, 30.0).unwrap();
        let plain = LinearEncoder::<256>::new(3, 20.0).unwrap();
        for x in [10.0, 12.5, 30.0, -7.0] {
            assert_eq!(ranged.encode(x), plain.encode(x - 10.0));
        }
        assert_eq!(ranged.offset(), 10.0);
        assert_eq!(ranged.scale(), 20.0);
    }

    #[test]
    fn special_values_have_their_documented_results() {
        let lin = LinearEncoder::<128>::new(0, 1.0).unwrap();
        assert!(lin.encode(f64::NAN).is_zero());
        assert_eq!(lin.encode(f64::INFINITY), lin.encode_steps(i32::MAX));
        assert_eq!(lin.encode(-1e20), lin.encode_steps(i32::MIN));
        assert_eq!(lin.encode(-0.0), lin.encode(0.0));
        let log = LogEncoder::<128>::new(0);
        for v in [0.0, -0.0, -1.0, f64::NEG_INFINITY, f64::NAN] {
            assert!(log.encode(v).is_zero(), "{v}");
        }
        assert!(!log.encode(f64::INFINITY).is_zero());
        assert!(!log.encode(f64::from_bits(1)).is_zero());
        let circ = CircularEncoder::<128>::new(0, 24.0).unwrap();
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(circ.encode(v).is_zero());
        }
        assert_eq!(circ.encode(24.0), circ.encode(0.0));
        assert_eq!(circ.encode(-18.0), circ.encode(6.0));
    }

    #[test]
    fn the_log_encoder_is_linear_in_decades() {
        let log = LogEncoder::<256>::with_decades(1, 3.0).unwrap();
        let table = WaveTable::<256>::new(AtomKey::new(1, LOG_ATOM));
        // 1000 is one decade-scale third: 3 decades / 3 = 1 scale.
        assert_eq!(log.encode(1000.0), table.encode(1 << 18));
        assert_eq!(log.encode(1.0), table.encode(0));
        assert_eq!(log.decades_per_scale(), 3.0);
    }

    #[test]
    fn time_loop_is_bind_and_bundle() {
        let enc = TimeEncoder::<512>::new(7);
        let circ = CircularEncoder::<512>::new(7, 1.0).unwrap();
        for seconds in [0, -1, 1_709_208_000, -12_000_000_000, 9_999_999_999] {
            let p = TimePhases::from_unix(seconds);
            let expected = bundle(&[
                bind(&enc.hour_role, &circ.encode_turns(p.hour_of_day)),
                bind(&enc.weekday_role, &circ.encode_turns(p.day_of_week)),
                bind(&enc.month_role, &circ.encode_turns(p.month_of_year)),
            ]);
            assert_eq!(enc.encode(seconds), expected, "{seconds}");
            assert_eq!(time::<512>(7, seconds), expected, "{seconds}");
        }
    }

    #[test]
    fn time_phases_cover_the_extremes() {
        for s in [i64::MIN, i64::MAX, 0] {
            let _ = TimePhases::from_unix(s);
        }
        // Midnight at the start of a year: every phase at its origin except
        // the weekday (1970-01-01 is a Thursday).
        let p = TimePhases::from_unix(0);
        assert_eq!((p.hour_of_day, p.month_of_year), (0, 0));
        assert_eq!(p.day_of_week, ((3u64 << 32) / 7) as u32);
        // The last second of a year is just short of a full turn.
        let p = TimePhases::from_unix(-1);
        assert!(p.month_of_year > u32::MAX - 2000);
    }

    #[test]
    fn tables_and_streams_agree() {
        let lin = LinearEncoder::<300>::new(11, 2.5).unwrap();
        let logs = LogEncoder::<300>::new(11);
        let circ = CircularEncoder::<300>::new(11, 360.0).unwrap();
        for x in [0.0, 0.3, -4.0, 1e9, 123.456] {
            assert_eq!(lin.encode(x), linear::<300>(11, x, 2.5).unwrap());
            assert_eq!(logs.encode(x), log::<300>(11, x));
            assert_eq!(circ.encode(x), circular::<300>(11, x, 360.0).unwrap());
        }
    }
}
