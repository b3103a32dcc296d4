//! Thermometer encoding (holon-rs's `ScalarMode::Thermometer`): a value in
//! `[min, max]` fills the vector from the left.
//!
//! The first `N = round(D * clamp((value - min) / (max - min), 0, 1))`
//! components are `+1`, the rest `-1`, so the cosine of two encodings is
//! `1 - 2 |a - b| / (max - min)`: a straight line, exact to `1 / D`. Values
//! below `min` encode as all `-1`, above `max` as all `+1`.
//!
//! Unlike the other encoders this one does **not** keep the prefix
//! property: `N` depends on `D`, so a 1024-dim device and a 4096-dim server
//! fill different fractions of a shared prefix. It is holon-rs's layout,
//! kept for portability.

use crate::vector::Vector;

/// The thermometer vector of `value` on `[min, max]`.
///
/// `min == max` fills half the vector (holon-rs); `min > max` runs the
/// scale backwards. A NaN value, NaN or infinite bounds give the zero
/// vector (holon-rs would fill nothing, all `-1`, for a NaN value).
///
/// ```
/// use holon_core::magnitude::thermometer::{decode_thermometer, thermometer};
///
/// let a = thermometer::<1000>(30.0, 0.0, 100.0);
/// let b = thermometer::<1000>(70.0, 0.0, 100.0);
/// assert!((a.cosine(&b) - (1.0 - 2.0 * 0.4)).abs() < 1e-6);
/// assert_eq!(a.as_trits()[299], 1);
/// assert_eq!(a.as_trits()[300], -1);
/// assert_eq!(decode_thermometer(&a, 0.0, 100.0), 30.0);
/// assert!(thermometer::<8>(f64::NAN, 0.0, 1.0).is_zero());
/// ```
pub fn thermometer<const D: usize>(value: f64, min: f64, max: f64) -> Vector<D> {
    match filled::<D>(value, min, max) {
        Some(n) => Vector::from_fn(|i| if i < n { 1 } else { -1 }),
        None => Vector::zero(),
    }
}

/// How many leading components are `+1`; `None` for an undefined input.
fn filled<const D: usize>(value: f64, min: f64, max: f64) -> Option<usize> {
    if value.is_nan() || !min.is_finite() || !max.is_finite() {
        return None;
    }
    let range = max - min;
    let fraction = if range == 0.0 {
        0.5
    } else {
        ((value - min) / range).clamp(0.0, 1.0)
    };
    if fraction.is_nan() {
        return None;
    }
    // In [0, D]; the float-to-int cast saturates.
    Some((libm::round(fraction * D as f64) as usize).min(D))
}

/// The value a thermometer vector encodes on `[min, max]`: `min + (p / D)
/// (max - min)` with `p` its number of `+1` components (so any vector
/// decodes, and a noisy one to its nearest fill). Exact to `(max - min) /
/// D` for an encoding's own vector. Non-finite bounds give 0.0 (there is
/// no scale to read the fill on).
pub fn decode_thermometer<const D: usize>(v: &Vector<D>, min: f64, max: f64) -> f64 {
    if !min.is_finite() || !max.is_finite() || D == 0 {
        return 0.0;
    }
    let positive = v.as_trits().iter().filter(|&&t| t > 0).count();
    let value = min + positive as f64 * (max - min) / D as f64;
    if value.is_finite() {
        value
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamps_and_degenerate_ranges() {
        assert_eq!(thermometer::<4>(-5.0, 0.0, 1.0), "----".parse().unwrap());
        assert_eq!(thermometer::<4>(5.0, 0.0, 1.0), "++++".parse().unwrap());
        assert_eq!(
            thermometer::<4>(f64::INFINITY, 0.0, 1.0),
            "++++".parse().unwrap()
        );
        assert_eq!(thermometer::<4>(3.0, 2.0, 2.0), "++--".parse().unwrap());
        assert_eq!(thermometer::<4>(0.25, 1.0, 0.0), "+++-".parse().unwrap());
        assert!(thermometer::<4>(0.5, f64::NEG_INFINITY, 1.0).is_zero());
    }

    #[test]
    fn cosine_is_linear_in_distance() {
        for (a, b) in [(0.0, 100.0), (10.0, 20.0), (50.0, 50.0), (33.0, 66.0)] {
            let va = thermometer::<4000>(a, 0.0, 100.0);
            let vb = thermometer::<4000>(b, 0.0, 100.0);
            let want = 1.0 - 2.0 * (a - b).abs() / 100.0;
            assert!((f64::from(va.cosine(&vb)) - want).abs() < 1e-3, "{a} {b}");
        }
    }
}
