//! The square-wave machinery every magnitude encoder shares: a component is
//! the sign of a phase that turns with the value, at a frequency and phase
//! drawn from a fixed atom's stream.

use crate::atom::{AtomKey, AtomStream};
use crate::error::Error;
use crate::packed::PackedVector;
use crate::vector::Vector;

/// Steps a [`LinearEncoder`](super::LinearEncoder) resolves within one scale, `2^18`: values
/// are rounded to `scale / 262 144`, and positions saturate at ±8192
/// scales (where the `i32` step count does).
pub const STEPS_PER_SCALE: f64 = 262_144.0;

/// Keystream words a linear or log component consumes: four summed for the
/// frequency, one for the phase.
pub(super) const WORDS_PER_WAVE: usize = 5;

/// Mean of the sum of four uniform `u32` words: `4 * (2^32 - 1) / 2`.
pub(super) const IRWIN_HALL_MEAN: i64 = (1 << 33) - 2;

/// `2^32`: one turn in phase units.
pub(super) const TURN: f64 = 4_294_967_296.0;

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
pub(super) fn square(phase: u32) -> i8 {
    ((phase as i32 >> 31) as i8) | 1
}

/// `+1` when the top bit of a phase's high half is clear, else `-1`.
#[inline(always)]
pub(super) fn square16(high: u16) -> i8 {
    ((high as i16 >> 15) as i8) | 1
}

/// Rejects a scale (or period) that is not positive and finite.
pub(super) fn check_positive(value: f64, what: &'static str) -> Result<f64, Error> {
    if value > 0.0 && value.is_finite() {
        Ok(value)
    } else {
        Err(Error::InvalidParameter { what })
    }
}

/// `round((value - offset) / scale * 2^18)`, saturated to `i32`; `None`
/// for NaN (a NaN value or an `inf - inf`).
pub(super) fn steps(value: f64, offset: f64, scale: f64) -> Option<i32> {
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
pub(super) fn wave_params(stream: &mut AtomStream) -> (i16, u16) {
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
pub(super) fn circle_params(index: usize, stream: &mut AtomStream) -> (i8, u16) {
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
pub(super) fn wave_trit(steps: u32, frequency: i16, phase: u16) -> i8 {
    square(wave_phase(steps, frequency, phase))
}

/// The phase `steps * w + (p << 16)` whose [`square`] is a wave component.
#[inline(always)]
fn wave_phase(steps: u32, frequency: i16, phase: u16) -> u32 {
    steps
        .wrapping_mul(i32::from(frequency) as u32)
        .wrapping_add(u32::from(phase) << 16)
}

/// Component of a circular encoding: `square(turns * k + (p << 16))`, the
/// reference form of the table loop.
#[inline(always)]
pub(super) fn circle_trit(turns: u32, harmonic: i8, phase: u16) -> i8 {
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
#[cfg_attr(
    not(any(target_arch = "x86", target_arch = "x86_64", target_arch = "aarch64")),
    allow(dead_code)
)]
pub(super) fn wave_trit_split(low: u16, high: u16, frequency: i16, phase: u16) -> i8 {
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
pub(super) fn select_harmonic(harmonic: i8, plus: u16, minus: u16) -> u16 {
    let up = 0u16.wrapping_sub(u16::from(harmonic > 0));
    let down = 0u16.wrapping_sub(u16::from(harmonic < 0));
    (plus & up) | (minus & down)
}

/// The high halves of `turns` and `-turns`: with a phase whose low half is
/// 0, nothing carries into the high half, so they are all a circular
/// component needs.
#[inline(always)]
pub(super) fn turn_halves(turns: u32) -> (u16, u16) {
    ((turns >> 16) as u16, (turns.wrapping_neg() >> 16) as u16)
}

/// The wave encoding at `steps`, re-deriving the parameters from `key`.
pub(super) fn stream_wave<const D: usize>(key: AtomKey, steps: i32) -> Vector<D> {
    let mut stream = key.stream();
    Vector::from_fn(|_| {
        let (frequency, phase) = wave_params(&mut stream);
        wave_trit(steps as u32, frequency, phase)
    })
}

/// Frequencies and phases of `D` square waves: the shared table of the
/// linear and log encoders.
#[derive(Clone)]
pub(super) struct WaveTable<const D: usize> {
    frequency: [i16; D],
    phase: [u16; D],
}

impl<const D: usize> WaveTable<D> {
    pub(super) fn new(key: AtomKey) -> Self {
        let mut table = Self {
            frequency: [0; D],
            phase: [0; D],
        };
        table.derive(key);
        table
    }

    /// Draws the parameters into `self`. Out of line: with the loop
    /// inlined, `new` stayed a call of its own whose frame held a second
    /// table besides its caller's (`4 * D` bytes more on a device's stack
    /// while an encoder is built).
    #[inline(never)]
    fn derive(&mut self, key: AtomKey) {
        let mut stream = key.stream();
        for (f, p) in self.frequency.iter_mut().zip(self.phase.iter_mut()) {
            (*f, *p) = wave_params(&mut stream);
        }
    }

    /// The hot loop: two 16-bit multiplies, three adds and a sign a
    /// component, written over every component of `out`.
    #[cfg(any(target_arch = "x86", target_arch = "x86_64", target_arch = "aarch64"))]
    pub(super) fn fill(&self, steps: i32, out: &mut Vector<D>) {
        let (low, high) = (steps as u16, (steps as u32 >> 16) as u16);
        let params = self.frequency.iter().zip(&self.phase);
        for (o, (&w, &p)) in out.trusted_trits_mut().iter_mut().zip(params) {
            *o = wave_trit_split(low, high, w, p);
        }
    }

    /// The hot loop where the 16-bit form buys no SIMD lanes (Cortex-M,
    /// RISC-V): the reference form itself, one 32-bit multiply, an add and
    /// a sign a component (10 instructions on a Cortex-M4 against 16 for
    /// the split form; the tests check the two forms equal).
    #[cfg(not(any(target_arch = "x86", target_arch = "x86_64", target_arch = "aarch64")))]
    pub(super) fn fill(&self, steps: i32, out: &mut Vector<D>) {
        let params = self.frequency.iter().zip(&self.phase);
        for (o, (&w, &p)) in out.trusted_trits_mut().iter_mut().zip(params) {
            *o = wave_trit(steps as u32, w, p);
        }
    }

    /// [`fill`](Self::fill) straight into a packed vector: every component
    /// of a wave is ±1, so the non-zero plane is full (up to `D`) and the
    /// negative plane holds the phases' top bits. Bit for bit
    /// `PackedVector::from_vector(&self.encode(steps))`, without the
    /// unpacked vector or the packing pass.
    pub(super) fn packed<const W: usize>(&self, steps: i32) -> PackedVector<D, W> {
        let mut negative = [0u32; W];
        let params = self.frequency.chunks(32).zip(self.phase.chunks(32));
        for (word, (frequencies, phases)) in negative.iter_mut().zip(params) {
            let mut bits = 0u32;
            for (&w, &p) in frequencies.iter().zip(phases) {
                // Shifted in from the top: after the chunk's last component,
                // its component `j` is at bit `j + 32 - len`.
                bits = (bits >> 1) | (wave_phase(steps as u32, w, p) & 0x8000_0000);
            }
            *word = bits.wrapping_shr(32u32.wrapping_sub(frequencies.len() as u32));
        }
        let mut nonzero = [u32::MAX; W];
        if let (Some(last), 1..) = (nonzero.last_mut(), D % 32) {
            *last = (1u32 << (D % 32)) - 1;
        }
        // The planes hold the invariants by construction (no bit past
        // `D - 1`, every negative bit non-zero): the default is unreachable.
        PackedVector::from_planes(nonzero, negative).unwrap_or_default()
    }

    /// [`fill`](Self::fill) at `steps`, or zeros for `None`.
    pub(super) fn fill_or_zero(&self, steps: Option<i32>, out: &mut Vector<D>) {
        match steps {
            Some(s) => self.fill(s, out),
            None => out.trusted_trits_mut().fill(0),
        }
    }

    pub(super) fn encode(&self, steps: i32) -> Vector<D> {
        let mut out = Vector::zero();
        self.fill(steps, &mut out);
        out
    }
}
