//! One document, three roads, one vector: the core builder driven by hand,
//! `Walkable`, and `encode_json` must agree bit for bit on generated
//! documents. Plus a bounded fuzz of `encode_json` over arbitrary bytes.

use holon_core::atom::DeriveAtoms;
use holon_core::magnitude::{LinearEncoder, LogEncoder, TimeEncoder};
use holon_core::record::{RecordEncoder, Scalar, SeqMode};
use holon_core::Vector;
use holon_std::holon::MAX_DEPTH;
use holon_std::walkable::{Magnitude, Slot, Walkable, Walker};
use holon_std::{EncodeError, Holon};
use proptest::prelude::*;

const D: usize = 1024;

#[derive(Debug, Clone)]
enum Doc {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(SeqMode, Vec<Doc>),
    Set(Vec<Doc>),
    Map(Vec<(String, Doc)>),
    Linear(f64, f64),
    Log(f64),
    Time(i64),
}

fn mode_name(mode: SeqMode) -> &'static str {
    match mode {
        SeqMode::Positional => "positional",
        SeqMode::Bundle => "bundle",
        SeqMode::Chained => "chained",
        SeqMode::Ngram => "ngram",
    }
}

impl Doc {
    fn to_json(&self) -> serde_json::Value {
        use serde_json::{json, Value};
        match self {
            Doc::Null => Value::Null,
            Doc::Bool(b) => json!(b),
            Doc::Int(i) => json!(i),
            Doc::Float(f) => json!(f),
            Doc::Str(s) => json!(s),
            Doc::List(SeqMode::Positional, items) => {
                Value::Array(items.iter().map(Doc::to_json).collect())
            }
            Doc::List(mode, items) => json!({
                "$seq": items.iter().map(Doc::to_json).collect::<Vec<_>>(),
                "$mode": mode_name(*mode),
            }),
            Doc::Set(items) => json!({"$set": items.iter().map(Doc::to_json).collect::<Vec<_>>()}),
            Doc::Map(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
            Doc::Linear(v, s) => json!({"$linear": v, "$scale": s}),
            Doc::Log(v) => json!({"$log": v}),
            Doc::Time(t) => json!({"$time": t}),
        }
    }
}

impl Walkable for Doc {
    fn walk(&self, w: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError> {
        match self {
            Doc::Null => w.scalar(slot, Scalar::Null),
            Doc::Bool(b) => w.scalar(slot, Scalar::Bool(*b)),
            Doc::Int(i) => w.scalar(slot, Scalar::Int(*i)),
            Doc::Float(f) => w.scalar(slot, Scalar::Float(*f)),
            Doc::Str(s) => w.scalar(slot, Scalar::Str(s)),
            Doc::List(mode, items) => {
                w.begin_seq(slot, *mode)?;
                for item in items {
                    item.walk(w, Slot::Item)?;
                }
                w.end()
            }
            Doc::Set(items) => {
                w.begin_set(slot)?;
                for item in items {
                    item.walk(w, Slot::Item)?;
                }
                w.end()
            }
            Doc::Map(fields) => {
                w.begin_map(slot)?;
                for (k, v) in fields {
                    v.walk(w, Slot::Field(k))?;
                }
                w.end()
            }
            Doc::Linear(value, scale) => w.magnitude(
                slot,
                Magnitude::Linear {
                    value: *value,
                    scale: *scale,
                },
            ),
            Doc::Log(value) => w.magnitude(
                slot,
                Magnitude::Log {
                    value: *value,
                    decades_per_scale: None,
                },
            ),
            Doc::Time(seconds) => w.magnitude(slot, Magnitude::Time { seconds: *seconds }),
        }
    }
}

type Core = RecordEncoder<D, MAX_DEPTH, DeriveAtoms>;

/// The third road: holon-core's builder called directly, magnitudes
/// through holon-core's magnitude encoders.
fn magnitude(doc: &Doc) -> Option<Vector<D>> {
    match doc {
        Doc::Linear(v, s) => Some(LinearEncoder::<D>::new(0, *s).unwrap().encode(*v)),
        Doc::Log(v) => Some(LogEncoder::<D>::new(0).encode(*v)),
        Doc::Time(t) => Some(TimeEncoder::<D>::new(0).encode(*t)),
        _ => None,
    }
}

fn scalar(doc: &Doc) -> Option<Scalar<'_>> {
    match doc {
        Doc::Null => Some(Scalar::Null),
        Doc::Bool(b) => Some(Scalar::Bool(*b)),
        Doc::Int(i) => Some(Scalar::Int(*i)),
        Doc::Float(f) => Some(Scalar::Float(*f)),
        Doc::Str(s) => Some(Scalar::Str(s)),
        _ => None,
    }
}

fn drive_field(enc: &mut Core, key: &str, doc: &Doc) {
    if let Some(s) = scalar(doc) {
        return enc.field(key, s).unwrap();
    }
    if let Some(v) = magnitude(doc) {
        return enc.field_vector(key, &v).unwrap();
    }
    match doc {
        Doc::List(mode, items) => {
            enc.begin_seq(key, *mode).unwrap();
            items.iter().for_each(|i| drive_item(enc, i));
        }
        Doc::Set(items) => {
            enc.begin_set(key).unwrap();
            items.iter().for_each(|i| drive_item(enc, i));
        }
        Doc::Map(fields) => {
            enc.begin_map(key).unwrap();
            fields.iter().for_each(|(k, v)| drive_field(enc, k, v));
        }
        _ => unreachable!("scalars and magnitudes returned above"),
    }
    enc.end().unwrap();
}

fn drive_item(enc: &mut Core, doc: &Doc) {
    if let Some(s) = scalar(doc) {
        return enc.item(s).unwrap();
    }
    if let Some(v) = magnitude(doc) {
        return enc.item_vector(&v).unwrap();
    }
    match doc {
        Doc::List(mode, items) => {
            enc.begin_item_seq(*mode).unwrap();
            items.iter().for_each(|i| drive_item(enc, i));
        }
        Doc::Set(items) => {
            enc.begin_item_set().unwrap();
            items.iter().for_each(|i| drive_item(enc, i));
        }
        Doc::Map(fields) => {
            enc.begin_item_map().unwrap();
            fields.iter().for_each(|(k, v)| drive_field(enc, k, v));
        }
        _ => unreachable!("scalars and magnitudes returned above"),
    }
    enc.end().unwrap();
}

fn leaf() -> impl Strategy<Value = Doc> {
    prop_oneof![
        Just(Doc::Null),
        any::<bool>().prop_map(Doc::Bool),
        any::<i64>().prop_map(Doc::Int),
        (-1e6f64..1e6).prop_map(Doc::Float),
        prop_oneof![Just(2.0f64), Just(-0.0), Just(1e-7), Just(0.1)].prop_map(Doc::Float),
        "[a-zA-Z0-9 ._/-]{0,10}".prop_map(Doc::Str),
        (-1e4f64..1e4, 0.5f64..1e3).prop_map(|(v, s)| Doc::Linear(v, s)),
        (-10.0f64..1e9).prop_map(Doc::Log),
        (-4_000_000_000i64..4_000_000_000).prop_map(Doc::Time),
    ]
}

fn fields(inner: impl Strategy<Value = Doc>) -> impl Strategy<Value = Vec<(String, Doc)>> {
    proptest::collection::btree_map("[a-z]{1,6}", inner, 0..5).prop_map(|m| m.into_iter().collect())
}

fn doc() -> impl Strategy<Value = Doc> {
    leaf().prop_recursive(4, 40, 5, |inner| {
        let mode = prop_oneof![
            Just(SeqMode::Positional),
            Just(SeqMode::Bundle),
            Just(SeqMode::Chained),
            Just(SeqMode::Ngram)
        ];
        prop_oneof![
            (mode, proptest::collection::vec(inner.clone(), 0..5))
                .prop_map(|(m, items)| Doc::List(m, items)),
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Doc::Set),
            fields(inner).prop_map(Doc::Map),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn three_roads_give_one_vector(top in fields(doc())) {
        let document = Doc::Map(top.clone());
        let mut holon = Holon::<D>::new(0);
        let by_walkable = holon.encode(&document).unwrap();
        let text = document.to_json().to_string();
        let by_json = holon.encode_json(&text).unwrap();
        let mut core = Box::new(Core::new(0, DeriveAtoms));
        for (k, v) in &top {
            drive_field(&mut core, k, v);
        }
        let by_core = core.finish().unwrap();
        prop_assert_eq!(&by_walkable, &by_core, "Walkable vs core for {}", text);
        prop_assert_eq!(&by_json, &by_core, "JSON vs core for {}", text);
    }
}

proptest! {
    // A bounded fuzz, run in CI: arbitrary bytes and JSON-shaped noise must
    // give Ok or Err, never a panic.
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut holon = Holon::<64>::new(0);
        let _ = holon.encode_json_bytes(&bytes);
    }

    #[test]
    fn json_shaped_noise_never_panics(text in r#"[\[\]{}:,"$a-z0-9.eE+\- ]{0,120}"#) {
        let mut holon = Holon::<64>::new(0);
        let _ = holon.encode_json(&text);
        let marked = format!(r#"{{"$seq": [{text}], "$mode": "ngram"}}"#);
        let _ = holon.encode_json(&marked);
        let linear = format!(r#"{{"x": {{"$linear": {text}, "$scale": {text}}}}}"#);
        let _ = holon.encode_json(&linear);
    }
}
