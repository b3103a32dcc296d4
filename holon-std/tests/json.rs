//! JSON documents: markers, structure, and every hostile input issue 4 names.

use holon_core::ops::bind;
use holon_std::{EncodeError, Holon};

const D: usize = 4096;

fn holon() -> Holon<D> {
    Holon::new(0)
}

#[test]
fn structure_and_markers_behave_as_designed() {
    let mut h = holon();
    let src = h.encode_json(r#"{"src_port": 53}"#).unwrap();
    let dst = h.encode_json(r#"{"dst_port": 53}"#).unwrap();
    assert!(src.cosine(&dst).abs() < 0.1);

    // $log bytes 52 vs 55 inside otherwise-equal records.
    let record = |bytes: &str| {
        format!(r#"{{"protocol":"TCP","dst_port":443,"flags":"PA","bytes":{bytes}}}"#)
    };
    let mut h = holon();
    let log52 = h.encode_json(&record(r#"{"$log": 52}"#)).unwrap();
    let log55 = h.encode_json(&record(r#"{"$log": 55}"#)).unwrap();
    let atom52 = h.encode_json(&record("52")).unwrap();
    let atom55 = h.encode_json(&record("55")).unwrap();
    let with_log = log52.cosine(&log55);
    let with_atoms = atom52.cosine(&atom55);
    assert!(with_log > 0.95, "$log 52 vs 55: {with_log}");
    assert!(with_atoms < with_log - 0.1, "plain 52 vs 55: {with_atoms}");

    // $seq modes and $set.
    let abc = h.encode_json(r#"{"x": ["a","b","c"]}"#).unwrap();
    let cba = h.encode_json(r#"{"x": ["c","b","a"]}"#).unwrap();
    assert_ne!(abc, cba);
    let bundle_abc = h
        .encode_json(r#"{"x": {"$seq": ["a","b","c"], "$mode": "bundle"}}"#)
        .unwrap();
    let bundle_cba = h
        .encode_json(r#"{"x": {"$seq": ["c","b","a"], "$mode": "bundle"}}"#)
        .unwrap();
    assert_eq!(bundle_abc, bundle_cba);
    let set = h.encode_json(r#"{"x": {"$set": ["a","b","c"]}}"#).unwrap();
    assert!(set.cosine(&bundle_abc).abs() < 0.1);
    let explicit = h.encode_json(r#"{"x": {"$seq": ["a","b","c"]}}"#).unwrap();
    assert_eq!(explicit, abc, "$seq defaults to positional");

    // $linear and $time.
    let lin = |v: f64| format!(r#"{{"load": {{"$linear": {v}, "$scale": 100}}}}"#);
    let near = h
        .encode_json(&lin(50.0))
        .unwrap()
        .cosine(&h.encode_json(&lin(51.0)).unwrap());
    let far = h
        .encode_json(&lin(50.0))
        .unwrap()
        .cosine(&h.encode_json(&lin(250.0)).unwrap());
    assert!(near > 0.9 && far.abs() < 0.1, "near {near}, far {far}");
    let monday_9 = 1_700_470_800; // 2023-11-20T09:00:00Z, a Monday
    let at = |t: i64| format!(r#"{{"seen": {{"$time": {t}}}}}"#);
    let base = h.encode_json(&at(monday_9)).unwrap();
    let next_day = h.encode_json(&at(monday_9 + 86_400)).unwrap();
    let evening = h.encode_json(&at(monday_9 + 12 * 3600)).unwrap();
    assert!(base.cosine(&next_day) > base.cosine(&evening));
}

#[test]
fn nested_leaf_is_found_by_probing() {
    let mut h = holon();
    let doc = h
        .encode_json(
            r#"{"request": {"headers": {"content-type": "application/json"}}, "status": 200}"#,
        )
        .unwrap();
    let leaf = bind(
        &h.atom("request.headers.content-type"),
        &h.atom("application/json"),
    );
    let wrong = bind(
        &h.atom("request.headers.content-type"),
        &h.atom("text/html"),
    );
    assert!(doc.cosine(&leaf) > 0.5);
    assert!(doc.cosine(&wrong).abs() < 0.1);
}

#[test]
fn root_values_other_than_maps() {
    let mut h = holon();
    assert_eq!(h.encode_json("\"hello\"").unwrap(), h.atom("hello"));
    assert_eq!(h.encode_json("80").unwrap(), h.atom("80"));
    assert_eq!(h.encode_json("{}").unwrap(), h.atom("{}"));
    assert_eq!(h.encode_json("[]").unwrap(), h.atom("[]"));
    let list = h.encode_json(r#"["a", "b"]"#).unwrap();
    assert!(!list.is_zero());
}

fn is_marker_error(r: Result<holon_core::Vector<D>, EncodeError>) -> bool {
    matches!(r, Err(EncodeError::Marker(_)))
}

#[test]
fn hostile_inputs_are_errors_with_reasons() {
    let mut h = holon();
    assert!(matches!(
        h.encode_json("{\"a\": "),
        Err(EncodeError::Json(_))
    ));
    assert!(matches!(
        h.encode_json("not json"),
        Err(EncodeError::Json(_))
    ));
    assert!(matches!(
        h.encode_json_bytes(b"{\"a\": \"\xff\xfe\"}"),
        Err(EncodeError::InvalidUtf8 { offset: 7 })
    ));
    // 100 000 nested arrays: an error, not a stack overflow.
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    assert!(h.encode_json(&deep).is_err());
    // Deeper than the encoder's limit but within the parser's: TooDeep.
    let nested = "{\"a\":".repeat(40) + "1" + &"}".repeat(40);
    assert!(matches!(
        h.encode_json(&nested),
        Err(EncodeError::Record(holon_core::Error::TooDeep { .. }))
    ));
    // Numbers too large for f64 are refused by the parser.
    assert!(h.encode_json(r#"{"$linear": 1e999, "$scale": 1}"#).is_err());
    for bad in [
        r#"{"$log": "abc"}"#,
        r#"{"$linear": 5, "$scale": 0}"#,
        r#"{"$linear": 5, "$scale": -1}"#,
        r#"{"$linear": 5}"#,
        r#"{"$linear": 5, "$scale": 10, "extra": 1}"#,
        r#"{"$seq": [1, 2], "$mode": "sideways"}"#,
        r#"{"$seq": [1, 2], "$mode": 3}"#,
        r#"{"$seq": "not a list"}"#,
        r#"{"$set": {"a": 1}}"#,
        r#"{"$time": "noon"}"#,
        r#"{"$time": 1e300}"#,
        r#"{"$log": 10, "$scale": 0}"#,
    ] {
        assert!(is_marker_error(h.encode_json(bad)), "{bad}");
        let nested = format!(r#"{{"field": {bad}}}"#);
        assert!(is_marker_error(h.encode_json(&nested)), "{nested}");
    }
    // The facade is still usable after every failure.
    assert_eq!(h.encode_json("{}").unwrap(), h.atom("{}"));
}

#[test]
fn errors_explain_themselves() {
    let mut h = holon();
    let e = h
        .encode_json(r#"{"$seq": [], "$mode": "sideways"}"#)
        .unwrap_err();
    assert!(e.to_string().contains("sideways"), "{e}");
    let e = h.encode_json(r#"{"$linear": 5, "$scale": 0}"#).unwrap_err();
    assert!(e.to_string().contains("$scale"), "{e}");
}
