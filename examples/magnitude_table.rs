//! The magnitude encoders in numbers: how many distinct vectors each produces
//! across its range and how similar values are at a few distances, beside
//! the public Rust Holon's (holon-rs 0.1) figures for the same questions.
//!
//! Run it with `cargo run --release --example magnitude_table`. The timings
//! printed here are rough (a loop and a clock); the criterion medians come
//! from `cargo bench -p holon-core --bench magnitude`.

use std::collections::HashSet;
use std::hint::black_box;
use std::time::Instant;

use holon_core::magnitude::{CircularEncoder, LinearEncoder, LogEncoder, TimeEncoder};
use holon_core::Vector;

const D: usize = 4096;

/// Distinct vectors among the encodings of `values`.
fn distinct(vectors: impl Iterator<Item = Vector<D>>) -> usize {
    vectors.collect::<HashSet<_>>().len()
}

/// Mean wall time of one call of `f`, in microseconds.
fn micros(mut f: impl FnMut(u32)) -> f64 {
    let runs = 20_000;
    for i in 0..1000 {
        f(i);
    }
    let start = Instant::now();
    for i in 0..runs {
        f(i);
    }
    start.elapsed().as_secs_f64() * 1e6 / f64::from(runs)
}

fn row(what: &str, holon: String, reference: &str) {
    println!("| {what:<34} | {holon:>9} | {reference:>8} |");
}

fn main() {
    let linear = Box::new(LinearEncoder::<D>::new(0, 100.0).expect("valid scale"));
    let log = Box::new(LogEncoder::<D>::new(0));
    let hours = Box::new(CircularEncoder::<D>::new(0, 24.0).expect("valid period"));
    let time = Box::new(TimeEncoder::<D>::new(0));
    let mut out = Box::new(Vector::<D>::zero());

    println!("holon magnitude encoders, D = {D}, seed 0\n");
    println!("| {:<34} | {:>9} | {:>8} |", "", "holon", "holon-rs");
    println!("|{:-<36}|{:-<11}|{:-<10}|", "", "", "");

    // Linear, scale 100.
    let levels = distinct((0..=1000).map(|j| linear.encode(f64::from(j) * 0.1)));
    row("linear: distinct over 0..100", levels.to_string(), "4");
    let zero = linear.encode(0.0);
    for (x, reference) in [(1.0, "—"), (13.0, "0.05"), (40.0, "-1.0"), (100.0, "—")] {
        let c = zero.cosine(&linear.encode(x));
        row(
            &format!("linear: cos(0, {x})"),
            format!("{c:.3}"),
            reference,
        );
    }

    // Log, 2 decades per scale.
    let levels = distinct((0..=1000).map(|j| log.encode(10f64.powf(6.0 * f64::from(j) / 1000.0))));
    row("log: distinct over 1..1e6", levels.to_string(), "3");
    let cos = |a: f64, b: f64| log.encode(a).cosine(&log.encode(b));
    for (a, b) in [
        (52.0, 55.0),
        (52.0, 1400.0),
        (100.0, 1000.0),
        (1000.0, 10_000.0),
    ] {
        row(
            &format!("log: cos({a}, {b})"),
            format!("{:.3}", cos(a, b)),
            "—",
        );
    }

    // Circular, 24 hours.
    let levels = distinct((0..1000).map(|j| hours.encode(24.0 * f64::from(j) / 1000.0)));
    row("circular: distinct over 0..24 h", levels.to_string(), "—");
    let midnight = hours.encode(0.0);
    for h in [1.0, 23.0, 12.0] {
        let c = midnight.cosine(&hours.encode(h));
        row(
            &format!("circular: cos(0 h, {h} h)"),
            format!("{c:.3}"),
            "—",
        );
    }

    // Time: 2024-01-08 was a Monday.
    let monday_9 = 1_704_704_400i64;
    let base = time.encode(monday_9);
    let tuesday_9 = base.cosine(&time.encode(monday_9 + 86_400));
    let monday_21 = base.cosine(&time.encode(monday_9 + 12 * 3600));
    let next_monday_9 = base.cosine(&time.encode(monday_9 + 7 * 86_400));
    row(
        "time: cos(Mon 09:00, Tue 09:00)",
        format!("{tuesday_9:.3}"),
        "—",
    );
    row(
        "time: cos(Mon 09:00, Mon 21:00)",
        format!("{monday_21:.3}"),
        "—",
    );
    row(
        "time: cos(Mon 09:00, next Mon)",
        format!("{next_monday_9:.3}"),
        "—",
    );

    // Rough timings (encode into a caller's vector; see the bench).
    let t = micros(|i| linear.encode_into(black_box(f64::from(i) * 0.01), &mut out));
    row("linear encode, µs", format!("{t:.2}"), "7.5");
    let t = micros(|i| log.encode_into(black_box(1.0 + f64::from(i)), &mut out));
    row("log encode, µs", format!("{t:.2}"), "11.7");
    let t = micros(|i| hours.encode_into(black_box(f64::from(i) * 0.001), &mut out));
    row("circular encode, µs", format!("{t:.2}"), "—");
    let t = micros(|i| time.encode_into(black_box(monday_9 + i64::from(i) * 61), &mut out));
    row("time encode, µs", format!("{t:.2}"), "390");
    black_box(&out);
}
