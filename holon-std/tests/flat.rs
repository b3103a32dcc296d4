//! The flat fast path must give `Holon::encode_json`'s vector for every
//! document — flat ones it takes, and everything it hands to the general
//! path — including labelled keys, a full cache, and the packet stream.

use holon_std::flat::FlatEncoder;
use holon_std::simd::Level;
use holon_std::Holon;
use proptest::prelude::*;
use serde_json::Value;

mod bundled;
use bundled::bundled_text;

const D: usize = 1024;

/// The general path's vector with labelled keys removed first.
fn general(
    holon: &mut Holon<D>,
    json: &str,
    prefix: Option<&str>,
) -> Option<holon_core::Vector<D>> {
    let mut value: Value = serde_json::from_str(json).ok()?;
    if let (Some(prefix), Value::Object(map)) = (prefix, &mut value) {
        map.retain(|k, _| !k.starts_with(prefix));
    }
    holon.encode(&value).ok()
}

fn scalar_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|i| i.to_string()),
        (0u64..100_000).prop_map(|i| i.to_string()),
        any::<u64>().prop_map(|i| i.to_string()),
        Just("-0".to_string()),
        Just("0".to_string()),
        Just("true".to_string()),
        Just("false".to_string()),
        Just("null".to_string()),
        Just("1.5".to_string()),
        Just("80.0".to_string()),
        Just("1e3".to_string()),
        Just("[1,2]".to_string()),
        Just("{\"x\":1}".to_string()),
        Just("{}".to_string()),
        "[a-zA-Z0-9_ .:é-]{0,12}".prop_map(|s| format!("\"{s}\"")),
        Just("\"a\\\"b\"".to_string()),
        Just("\"tab\\tx\"".to_string()),
    ]
}

fn document() -> impl Strategy<Value = String> {
    document_with_keys("[a-d_]{1,3}")
}

/// Keys that are markers or their companions (`$log`, `$scale`, ...) beside
/// plain ones.
fn marked_document() -> impl Strategy<Value = String> {
    document_with_keys("[a-d_]{1,3}|\\$(log|linear|scale|mode|seq|set|time|x)")
}

fn document_with_keys(keys: &'static str) -> impl Strategy<Value = String> {
    (
        prop::collection::vec((keys, scalar_text()), 0..8),
        prop::sample::select(vec!["", " ", "\n\t"]),
    )
        .prop_map(|(fields, space)| {
            let body: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{space}\"{k}\"{space}:{space}{v}"))
                .collect();
            format!("{space}{{{}}}{space}", body.join(","))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn same_vector_as_the_general_path(docs in prop::collection::vec(document(), 1..6)) {
        let mut holon = Holon::<D>::new(0);
        let mut flat = FlatEncoder::<D>::new(0);
        let mut labelled = FlatEncoder::<D>::new(0).ignoring_keys_with_prefix("_");
        // A cache of two leaves: most leaves are derived every time.
        let mut tiny = FlatEncoder::<D>::with_cache_bytes(0, 2 * D);
        let mut portable = FlatEncoder::<D>::new(0).at_level(Level::Scalar);
        // Twice: once deriving leaves, once from the cache.
        for json in docs.iter().chain(&docs) {
            let expected = general(&mut holon, json, None);
            prop_assert_eq!(&flat.encode_json(json).ok(), &expected, "{}", json);
            prop_assert_eq!(&tiny.encode_json(json).ok(), &expected, "{}", json);
            prop_assert_eq!(&portable.encode_json(json).ok(), &expected, "{}", json);
            let expected = general(&mut holon, json, Some("_"));
            prop_assert_eq!(&labelled.encode_json(json).ok(), &expected, "{}", json);
        }
    }

    #[test]
    fn arbitrary_text_never_differs(text in "\\PC{0,40}") {
        let mut flat = FlatEncoder::<D>::new(0);
        let mut holon = Holon::<D>::new(0);
        let expected = general(&mut Holon::<D>::new(0), &text, None);
        prop_assert_eq!(flat.encode_json(&text).ok(), expected.clone());
        prop_assert_eq!(holon.encode_json(&text).ok(), expected);
    }

    /// `Holon::encode_json` walks a flat object from the scanner's fields,
    /// and everything else (markers among them) from a `serde_json::Value`:
    /// the same vectors and the same errors as the `Value` walk of it all.
    #[test]
    fn holon_by_text_is_the_value_walk(docs in prop::collection::vec(
        prop_oneof![document(), marked_document()], 1..6)
    ) {
        let mut by_text = Holon::<D>::new(0);
        let mut by_value = Holon::<D>::new(0);
        for json in docs.iter().chain(&docs) {
            let walked = serde_json::from_str::<Value>(json)
                .map_err(|e| e.to_string())
                .and_then(|value| by_value.encode(&value).map_err(|e| e.to_string()));
            let by_text = by_text.encode_json(json).map_err(|e| e.to_string());
            prop_assert_eq!(by_text, walked, "{}", json);
        }
    }
}

#[test]
fn errors_come_from_the_general_path() {
    let mut flat = FlatEncoder::<D>::new(0);
    assert!(flat.encode_json("{\"a\":").is_err());
    assert!(flat.encode_json("").is_err());
    assert_eq!(flat.stats().fast, 0);
    assert_eq!(flat.stats().general, 2);
}

#[test]
fn counts_hits_and_misses() {
    let mut flat = FlatEncoder::<D>::new(0);
    flat.encode_json(r#"{"protocol":"TCP","dst_port":443}"#)
        .unwrap();
    flat.encode_json(r#"{"protocol":"TCP","dst_port":80}"#)
        .unwrap();
    let stats = flat.stats();
    assert_eq!((stats.fast, stats.hits, stats.misses), (2, 1, 3));
    assert_eq!(flat.leaves().len(), 3);
}

#[test]
fn the_packet_stream_matches() {
    let text = bundled_text();
    let mut holon = Holon::<D>::new(7);
    let mut flat = FlatEncoder::<D>::new(7).ignoring_keys_with_prefix("_");
    for line in text.lines().step_by(53) {
        assert_eq!(
            flat.encode_json(line).ok(),
            general(&mut holon, line, Some("_")),
            "{line}"
        );
    }
    assert_eq!(flat.stats().general, 0, "every packet is flat");
}
