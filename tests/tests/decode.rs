//! Round trip of the magnitude decoders over a sweep of values: encode,
//! decode, and measure the error. Prints the worst errors (run with
//! `--nocapture`); asserts bounds that a broken decoder would miss.

use holon_core::magnitude::{decode_linear, decode_log, decode_thermometer, thermometer};
use holon_core::magnitude::{LinearEncoder, LogEncoder};

const D: usize = 4096;

#[test]
fn linear_round_trip_over_a_sweep() {
    let enc = LinearEncoder::<D>::new(0, 10.0).unwrap();
    let (mut worst, mut total) = (0.0f64, 0.0f64);
    for i in 0..=100 {
        let x = f64::from(i) * 0.9973; // 0 .. ~100, off the probe grid
        let back = decode_linear(&enc, &enc.encode(x), 0.0, 100.0, 200, 16).unwrap();
        worst = worst.max((back - x).abs());
        total += (back - x).abs();
    }
    let mean = total / 101.0;
    println!(
        "decode_linear round trip, 101 values in [0, 100], scale 10, D = {D}: \
         max |error| {worst:.2e}, mean {mean:.2e}"
    );
    // At D = 4096 the vector only changes every ~0.01 (scale 10): every value
    // of such an interval encodes the same, so no decoder can do better.
    assert!(worst < 2e-2 && mean < 5e-3, "{worst} {mean}");
}

#[test]
fn log_round_trip_over_a_sweep() {
    let enc = LogEncoder::<D>::new(0);
    let (mut worst, mut total) = (0.0f64, 0.0f64);
    for i in 0..=60 {
        let x = libm::pow(10.0, f64::from(i) * 0.0997); // 1 .. ~1e6
        let back = decode_log(&enc, &enc.encode(x), 1.0, 1e6, 200, 16).unwrap();
        worst = worst.max((back / x - 1.0).abs());
        total += (back / x - 1.0).abs();
    }
    let mean = total / 61.0;
    println!(
        "decode_log round trip, 61 values in [1, 1e6], D = {D}: \
         max relative error {worst:.2e}, mean {mean:.2e}"
    );
    assert!(worst < 1e-2 && mean < 3e-3, "{worst} {mean}");
}

#[test]
fn decoding_a_noisy_vector_stays_close() {
    // A third of the components flipped: the nearest value still wins.
    let enc = LinearEncoder::<D>::new(3, 10.0).unwrap();
    let mut v = enc.encode(37.0);
    for (i, t) in v.trusted_trits_mut().iter_mut().enumerate() {
        if i % 3 == 0 {
            *t = -*t;
        }
    }
    let back = decode_linear(&enc, &v, 0.0, 100.0, 200, 16).unwrap();
    println!("decode_linear with a third of the components flipped: 37 -> {back:.4}");
    assert!((back - 37.0).abs() < 0.5, "{back}");
}

#[test]
fn thermometer_round_trip_is_exact_to_one_component() {
    let mut worst = 0.0f64;
    for i in 0..=1000 {
        let x = f64::from(i) * 0.1;
        let back = decode_thermometer(&thermometer::<D>(x, 0.0, 100.0), 0.0, 100.0);
        worst = worst.max((back - x).abs());
    }
    println!("thermometer round trip, 1001 values in [0, 100], D = {D}: max |error| {worst:.2e}");
    assert!(worst <= 100.0 / D as f64 / 2.0 + 1e-12, "{worst}");
}

#[test]
fn bad_ranges_are_errors() {
    let enc = LinearEncoder::<64>::new(0, 1.0).unwrap();
    let v = enc.encode(0.5);
    assert!(decode_linear(&enc, &v, 1.0, 0.0, 10, 10).is_err());
    assert!(decode_linear(&enc, &v, f64::NAN, 1.0, 10, 10).is_err());
    let log = LogEncoder::<64>::new(0);
    assert!(decode_log(&log, &v, 0.0, 0.0, 10, 10).is_err());
    // Degenerate grids are raised to two points, never NaN.
    assert!(decode_linear(&enc, &v, 0.0, 1.0, 0, 0).unwrap().is_finite());
}
