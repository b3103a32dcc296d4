//! Properties of the magnitude encoders' internals: the 16-bit loops
//! against their `u32` reference forms, parameter ranges, tables against
//! the table-free functions.

use super::circular::*;
use super::linear::*;
use super::log::*;
use super::time::*;
use super::wave::*;
use crate::atom::AtomKey;
use crate::Error;

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
