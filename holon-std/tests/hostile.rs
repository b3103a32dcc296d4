//! Issue 11 at the library level: one reading of a record, bounded caches,
//! and the flat encoder equal to `Holon::encode_json` on every document,
//! markers at any level included.

use holon_core::atom::atom;
use holon_core::AtomKey;
use holon_std::atom_map::AtomMap;
use holon_std::detect::{Detector, DetectorConfig, DETECT_DIMS};
use holon_std::flat::FlatEncoder;
use holon_std::record::{self, RecordError, MAX_LEAVES};
use holon_std::Holon;
use proptest::prelude::*;
use serde_json::{json, Value};

const D: usize = 256;

/// Failure 6: a marker object at the top level goes the general way, and a
/// bad marker is the general path's error.
#[test]
fn top_level_markers_are_the_general_paths() {
    let mut flat = FlatEncoder::<D>::new(0);
    let mut holon = Holon::<D>::new(0);
    for doc in [
        r#"{"$log":100}"#,
        r#"{"$time":5}"#,
        r#"{"$linear":3,"$scale":10}"#,
        r#"{"$seq":1}"#,
        r#"{"$set":true}"#,
        r#"{"$mode":"x"}"#,
        r#"{"$scale":2}"#,
        r#"{"$other":1,"a":2}"#,
    ] {
        let (f, g) = (flat.encode_json(doc), holon.encode_json(doc));
        match (f, g) {
            (Ok(f), Ok(g)) => assert_eq!(f, g, "{doc}"),
            (Err(f), Err(g)) => assert_eq!(f.to_string(), g.to_string(), "{doc}"),
            (f, g) => panic!("{doc}: flat {f:?}, general {g:?}"),
        }
    }
    assert_ne!(
        flat.encode_json(r#"{"$log":100}"#).unwrap(),
        flat.encode_json(r#"{"$log":101, "x": 1}"#)
            .unwrap_or_default()
    );
    assert!(
        flat.encode_json(r#"{"$seq":1}"#).is_err(),
        "a bad marker is an error"
    );
}

/// Failure 11: a marker's companion without its marker is an error.
#[test]
fn a_companion_without_its_marker_is_an_error() {
    let mut holon = Holon::<D>::new(0);
    for doc in [r#"{"$mode":"x"}"#, r#"{"a":{"$scale":2}}"#] {
        let err = holon.encode_json(doc).unwrap_err().to_string();
        assert!(err.contains("without the marker"), "{doc}: {err}");
    }
    assert!(holon
        .encode_json(r#"{"$seq":[1],"$mode":"bundle"}"#)
        .is_ok());
}

/// Failure 8: one object check and one empty-key rule for every consumer.
#[test]
fn one_reading_of_a_record() {
    assert_eq!(
        record::leaves(&json!(5)),
        Err(RecordError::NotAnObject("a number"))
    );
    assert_eq!(
        record::leaves(&json!([1, 2])),
        Err(RecordError::NotAnObject("an array"))
    );
    let nested = json!({"": {"x": 1}, "a": {"": 2}, "_label": {"y": 3}});
    let paths: Vec<String> = record::leaves(&nested)
        .unwrap()
        .into_iter()
        .map(|l| l.path)
        .collect();
    // The record encoder's paths: parent + "." + key, even when empty.
    assert_eq!(paths, [".x", "a."]);
    let mut detector = Detector::<DETECT_DIMS>::new(0, DetectorConfig::default());
    assert!(detector.learn(&json!(5)).is_err());
    let names: Vec<String> = detector
        .slots(&nested)
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names, [".x&a.", ".x", "a."]);
}

/// Failure 1: a wide record is refused at the cap, before any slot exists.
#[test]
fn a_wide_record_is_refused_not_reserved() {
    let wide: serde_json::Map<String, Value> =
        (0..100_000).map(|i| (format!("k{i}"), json!(i))).collect();
    let wide = Value::Object(wide);
    assert_eq!(record::leaves(&wide), Err(RecordError::TooManyLeaves));
    let mut detector = Detector::<DETECT_DIMS>::new(0, DetectorConfig::default());
    assert_eq!(detector.learn(&wide), Err(RecordError::TooManyLeaves));
    assert_eq!(detector.score(&wide), Err(RecordError::TooManyLeaves));
    let at_cap: serde_json::Map<String, Value> = (0..MAX_LEAVES)
        .map(|i| (format!("k{i}"), json!(i)))
        .collect();
    let slots = detector.slots(&Value::Object(at_cap)).unwrap();
    assert_eq!(slots.len(), MAX_LEAVES * (MAX_LEAVES + 1) / 2);
}

/// The detector's memory is capped: past `max_prototypes` nothing new is
/// made, and unseen slots stay unseen.
#[test]
fn learning_stops_growing_at_its_prototype_budget() {
    let config = DetectorConfig {
        max_prototypes: 50,
        ..DetectorConfig::default()
    };
    let mut detector = Detector::<DETECT_DIMS>::new(0, config);
    for i in 0..40 {
        detector
            .learn(&json!({format!("a{i}"): i, format!("b{i}"): "x"}))
            .unwrap();
    }
    assert!(detector.size().1 <= 50, "{:?}", detector.size());
}

/// Failure 3: the atom cache keeps at most its byte cap, and evicted atoms
/// come back right.
#[test]
fn atom_caches_are_bounded() {
    let mut map = AtomMap::<1024>::with_capacity_bytes(32 * 1024);
    for i in 0..500 {
        map.get(AtomKey::new(0, &format!("v{i}")));
    }
    assert_eq!(map.len(), 32);
    assert!(map.evictions() >= 468);
    assert_eq!(map.get(AtomKey::new(0, "v3")), &atom::<1024>(0, "v3"));

    let mut holon = Holon::<65536>::new(0);
    let cap = holon.atoms().capacity();
    assert!(cap <= 1024, "{cap}");
    for i in 0..(cap + 200) {
        holon.encode_json(&format!(r#"{{"k":"v{i}"}}"#)).unwrap();
    }
    assert_eq!(holon.atoms().len(), cap);
}

/// The flat encoder's leaf cache evicts too, and still gives the general
/// path's vectors.
#[test]
fn a_full_leaf_cache_evicts_and_stays_exact() {
    let mut flat = FlatEncoder::<D>::with_cache_bytes(0, 40 * D / 4);
    let mut holon = Holon::<D>::new(0);
    for i in 0..300 {
        let doc = format!(r#"{{"a":{},"b":"x{}","c":{}}}"#, i % 37, i, i % 5);
        assert_eq!(
            flat.encode_json(&doc).unwrap(),
            holon.encode_json(&doc).unwrap()
        );
    }
    assert!(flat.leaves().len() <= 40);
    assert!(flat.leaves().evictions() > 0);
}

fn key() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "a", "b", "", "_l", "$log", "$time", "$linear", "$scale", "$seq", "$mode", "$set", "$x",
    ])
    .prop_map(str::to_string)
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
        prop::sample::select(vec!["x", "positional", "bundle", "chained", "ngram", ""])
            .prop_map(Value::from),
    ]
}

/// Arbitrary JSON: wide, deep, markers (and their companions) at every level.
fn document() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// "Must be true" 3: FlatEncoder and Holon::encode_json agree on every
    /// document: the same vector or the same error.
    #[test]
    fn flat_equals_general_on_any_document(doc in document()) {
        let text = doc.to_string();
        let mut flat = FlatEncoder::<D>::new(0);
        let mut holon = Holon::<D>::new(0);
        match (flat.encode_json(&text), holon.encode_json(&text)) {
            (Ok(f), Ok(g)) => prop_assert_eq!(f, g),
            (Err(f), Err(g)) => prop_assert_eq!(f.to_string(), g.to_string()),
            (f, g) => prop_assert!(false, "{text}: flat {f:?}, general {g:?}"),
        }
    }

    /// The record path never panics and refuses exactly the non-records.
    #[test]
    fn the_record_path_takes_any_value(doc in document()) {
        let mut detector = Detector::<256>::new(0, DetectorConfig::default());
        let learned = detector.learn(&doc);
        prop_assert_eq!(learned.is_ok(), record::leaves(&doc).is_ok());
        prop_assert_eq!(detector.score(&doc).is_ok(), learned.is_ok());
    }

    /// Arbitrary bytes are an error or a document, never a panic.
    #[test]
    fn any_bytes_are_an_answer(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let mut flat = FlatEncoder::<D>::new(0);
        let mut holon = Holon::<D>::new(0);
        let general = holon.encode_json_bytes(&bytes);
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let fast = flat.encode_json(text);
            prop_assert_eq!(fast.is_ok(), general.is_ok());
        }
    }
}
