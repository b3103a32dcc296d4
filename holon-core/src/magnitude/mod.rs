//! Magnitudes: numbers, angles and times as vectors whose similarity follows
//! their distance.
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
//! ([`AtomStream::next_word`](crate::atom::AtomStream::next_word)) at positions that depend only on `i`. So
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
//! Every encoder has a table-free function ([`linear()`], [`log()`],
//! [`circular()`], [`time()`]) giving the same vectors: it re-derives the
//! parameters as it goes, which costs about as much as a few cold atoms but
//! needs no memory beyond the result.
//!
//! ```
//! use holon_core::magnitude::{CircularEncoder, LinearEncoder};
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
//!
//! One encoder a file: [`linear`](mod@linear), [`log`](mod@log),
//! [`circular`](mod@circular), [`time`](mod@time) (with the calendar
//! arithmetic beneath it); the square-wave machinery they share is in
//! `wave`. [`decode`] inverts linear and log encodings, [`thermometer`](mod@thermometer) is
//! the bounded-range code of holon-rs. ("Scalar" is left to a record's
//! plain value, [`crate::record::Scalar`].)

pub mod circular;
pub mod decode;
pub mod linear;
pub mod log;
pub mod thermometer;
pub mod time;
mod wave;

#[cfg(test)]
mod tests;

pub use circular::{circular, CircularEncoder, CIRCULAR_ATOM};
pub use decode::{decode_linear, decode_log};
pub use linear::{linear, LinearEncoder};
pub use log::{log, LogEncoder, DEFAULT_DECADES_PER_SCALE, LOG_ATOM};
pub use thermometer::{decode_thermometer, thermometer};
pub use time::{time, TimeEncoder, TimePhases, HOUR_ROLE, MONTH_ROLE, WEEKDAY_ROLE};
pub use wave::STEPS_PER_SCALE;
