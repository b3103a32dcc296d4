//! Report lines written piece by piece, without `core::fmt`'s formatting
//! machinery.
//!
//! `writeln!` links `core::fmt::write`, `Formatter::pad`, `pad_integral` and
//! the integer `Display` impls: about 2 KB of flash, a tenth of the minimal
//! application image. [`Line`] writes the same text through
//! [`Write::write_str`] alone: decimals by subtracting powers of ten (no
//! division routine either), fixed-width hex by shifts.
//!
//! ```
//! use fw_harness::line::Line;
//!
//! let mut out = String::new();
//! Line::new(&mut out, "CYCLES app_atoms").text(" insns=").num(368_121).end();
//! Line::new(&mut out, "cos=").micros(-0.014_663).text(" digest=").hex16(0xc0ffee).end();
//! assert_eq!(out, "CYCLES app_atoms insns=368121\ncos=-0.014663 digest=0000000000c0ffee\n");
//! ```

use core::fmt::Write;

/// One report line under construction; write errors are ignored, as the
/// report's `let _ = writeln!(...)` did.
pub struct Line<'a> {
    out: &'a mut dyn Write,
}

impl<'a> Line<'a> {
    /// Starts a line with `text`.
    pub fn new(out: &'a mut dyn Write, text: &str) -> Self {
        let _ = out.write_str(text);
        Self { out }
    }

    /// Appends `text`.
    pub fn text(self, text: &str) -> Self {
        let _ = self.out.write_str(text);
        self
    }

    /// Appends `value` in decimal, as `{}` prints it.
    pub fn num(self, value: u64) -> Self {
        let mut digits = [0u8; 20];
        let len = decimal(value, 1, &mut digits);
        self.digits(&digits, len)
    }

    /// Appends `value` in decimal with a sign, as `{}` prints an `i64`.
    pub fn signed(self, value: i64) -> Self {
        let line = if value < 0 { self.text("-") } else { self };
        line.num(value.unsigned_abs())
    }

    /// Appends `x` with six decimals, rounded half away from zero (NaN
    /// prints as 0.000000; beyond ±2147.483647, the `i32` range of
    /// millionths, the value saturates). The report's values are cosines,
    /// scores and thresholds, within ±1; an `i32` conversion is one
    /// instruction on a Cortex-M4F where an `i64` one is a library call.
    pub fn micros(self, x: f32) -> Self {
        let scaled = x * 1_000_000.0;
        let micros = (scaled + if scaled < 0.0 { -0.5 } else { 0.5 }) as i32;
        let line = if micros < 0 { self.text("-") } else { self };
        let mut digits = [0u8; 20];
        let len = decimal(u64::from(micros.unsigned_abs()), 7, &mut digits);
        let (whole, fraction) = digits.split_at(len.saturating_sub(6).min(digits.len()));
        line.digits(whole, whole.len())
            .text(".")
            .digits(fraction, 6)
    }

    /// Appends `value` as 16 lower-case hex digits (`{:016x}`).
    pub fn hex16(self, value: u64) -> Self {
        let mut digits = [0u8; 16];
        for (i, d) in digits.iter_mut().enumerate() {
            let nibble = (value >> (60 - 4 * i)) & 0xF;
            *d = b"0123456789abcdef"
                .get(nibble as usize)
                .copied()
                .unwrap_or(b'0');
        }
        self.digits(&digits, 16)
    }

    /// Ends the line.
    pub fn end(self) {
        let _ = self.out.write_str("\n");
    }

    fn digits(self, digits: &[u8], len: usize) -> Self {
        let text = digits.get(..len).unwrap_or(digits);
        // The digits are ASCII, so this never fails.
        self.text(core::str::from_utf8(text).unwrap_or("?"))
    }
}

/// Writes the decimal digits of `value`, at least `min_digits` of them
/// (zero-padded), into `out` and returns how many: each digit is how often
/// its power of ten can be subtracted.
fn decimal(mut value: u64, min_digits: usize, out: &mut [u8; 20]) -> usize {
    let mut len = 0;
    for (place, &power) in POWERS.iter().enumerate().rev() {
        let mut digit = b'0';
        while value >= power {
            value -= power;
            digit += 1;
        }
        if len > 0 || digit != b'0' || place < min_digits {
            if let Some(slot) = out.get_mut(len) {
                *slot = digit;
            }
            len += 1;
        }
    }
    len
}

/// `POWERS[i] = 10^i`, every power of ten a `u64` holds.
const POWERS: [u64; 20] = {
    let mut powers = [1u64; 20];
    let mut i = 1;
    while i < 20 {
        powers[i] = powers[i - 1] * 10;
        i += 1;
    }
    powers
};

#[cfg(all(test, not(target_os = "none")))]
mod tests {
    extern crate std;

    use super::*;
    use std::{format, string::String};

    #[test]
    fn lines_equal_the_formatting_macros() {
        for v in [
            0u64,
            1,
            9,
            10,
            99,
            100,
            368_121,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            let mut out = String::new();
            Line::new(&mut out, "").num(v).text(" ").hex16(v).end();
            assert_eq!(out, format!("{} {:016x}\n", v, v));
        }
        for v in [0i64, -1, 42, i64::MIN, i64::MAX] {
            let mut out = String::new();
            Line::new(&mut out, "").signed(v).end();
            assert_eq!(out, format!("{}\n", v));
        }
        for x in [
            0.0f32,
            0.3,
            -0.014_663,
            0.798_867,
            1.0,
            -1.0,
            0.000_000_4,
            -0.000_000_6,
            1234.5,
            -2147.48,
            1e9,
            f32::NAN,
        ] {
            let scaled = x * 1_000_000.0;
            let micros = (scaled + if scaled < 0.0 { -0.5 } else { 0.5 }) as i32;
            let m = micros.unsigned_abs();
            let sign = if micros < 0 { "-" } else { "" };
            let expected = format!("{}{}.{:06}", sign, m / 1_000_000, m % 1_000_000);
            let mut out = String::new();
            Line::new(&mut out, "").micros(x);
            assert_eq!(out, expected, "{x}");
        }
    }
}
