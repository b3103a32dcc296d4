//! The `serde` feature: every value survives a JSON round trip bit for bit,
//! and malformed input is an error, never a panic or a silently different
//! value.

use holon_core::atom::atom;
use holon_core::engram::{Engram, EngramBank};
use holon_core::{Accumulator, DecayingAccumulator, Vector};

#[test]
fn vectors_round_trip_as_trit_strings() {
    let v: Vector<8> = "+-0++0--".parse().unwrap();
    let text = serde_json::to_string(&v).unwrap();
    assert_eq!(text, r#""+-0++0--""#);
    assert_eq!(serde_json::from_str::<Vector<8>>(&text).unwrap(), v);
    let big: Vector<1024> = atom(7, "dst_port");
    let back: Vector<1024> = serde_json::from_str(&serde_json::to_string(&big).unwrap()).unwrap();
    assert_eq!(back, big);
    // Wrong length, wrong character, wrong type.
    assert!(serde_json::from_str::<Vector<8>>(r#""+-0++0-""#).is_err());
    assert!(serde_json::from_str::<Vector<8>>(r#""+-0++0-x""#).is_err());
    assert!(serde_json::from_str::<Vector<8>>("[1, 0]").is_err());
}

#[test]
fn accumulators_round_trip() {
    let mut acc = Accumulator::<64>::new();
    acc.add_weighted(&atom(0, "a"), 3);
    acc.add(&atom(0, "b"));
    let text = serde_json::to_string(&acc).unwrap();
    assert_eq!(serde_json::from_str::<Accumulator<64>>(&text).unwrap(), acc);

    let mut decaying = DecayingAccumulator::<64>::new();
    decaying.add_weighted(&atom(0, "a"), 0.3);
    decaying.decay(0.9);
    let text = serde_json::to_string(&decaying).unwrap();
    let back: DecayingAccumulator<64> = serde_json::from_str(&text).unwrap();
    assert_eq!(back.sums(), decaying.sums());
    assert_eq!(
        back.total_weight().to_bits(),
        decaying.total_weight().to_bits()
    );

    // Too few or too many sums, unknown or repeated or missing fields.
    assert!(serde_json::from_str::<Accumulator<2>>(r#"{"sums":[1],"count":1}"#).is_err());
    assert!(serde_json::from_str::<Accumulator<2>>(r#"{"sums":[1,2,3],"count":1}"#).is_err());
    assert!(serde_json::from_str::<Accumulator<2>>(r#"{"sums":[1,2],"count":1,"x":0}"#).is_err());
    assert!(
        serde_json::from_str::<Accumulator<2>>(r#"{"sums":[1,2],"sums":[1,2],"count":1}"#).is_err()
    );
    assert!(serde_json::from_str::<Accumulator<2>>(r#"{"sums":[1,2]}"#).is_err());
    assert!(serde_json::from_str::<Accumulator<2>>(r#"{"sums":[1,2],"count":1}"#).is_ok());
}

#[test]
fn engrams_and_banks_round_trip_and_are_checked() {
    let mut bank: EngramBank<32, 2> = EngramBank::new();
    bank.push(Engram::new("udp", 3, atom(0, "udp"), 0.25, 9).unwrap())
        .unwrap();
    bank.push(Engram::new("é", 0, atom(0, "é"), -0.5, 1).unwrap())
        .unwrap();
    let text = serde_json::to_string(&bank).unwrap();
    let back: EngramBank<32, 2> = serde_json::from_str(&text).unwrap();
    assert_eq!(back, bank);

    // A bank of capacity 1 refuses two engrams.
    assert!(serde_json::from_str::<EngramBank<32, 1>>(&text).is_err());
    // An engram is checked as Engram::new checks it.
    let zeros = "0".repeat(4);
    let long = format!(
        r#"{{"name":"{}","slot":0,"prototype":"{zeros}","threshold":0.5,"count":1}}"#,
        "n".repeat(33)
    );
    assert!(serde_json::from_str::<Engram<4>>(&long).is_err());
    let ok = format!(r#"{{"name":"n","slot":0,"prototype":"{zeros}","threshold":0.5,"count":1}}"#);
    assert!(serde_json::from_str::<Engram<4>>(&ok).is_ok());
}
