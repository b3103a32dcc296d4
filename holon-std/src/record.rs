//! One reading of a record: the object check, the leaves and the labels,
//! for every consumer of records (`holon detect`, `mint`, `score`, the
//! detector's library API, and the firmware's build-time replay tables).
//!
//! A record is a JSON object. Its *leaves* are its non-object values, each
//! named by its dotted path: a top-level key is its own path and a nested
//! key is `parent.key` — always, even when a key is empty (`{"": {"x": 1}}`
//! has the leaf `.x`, the path the record encoder hashes). Keys starting
//! with [`LABEL_PREFIX`] are labels (`_phase`, `_attack`), at any depth, and
//! are never leaves. Arrays are leaves (the detector reads them as their
//! JSON text). Leaves come sorted by path, byte order.
//!
//! Limits, so that a hostile record costs bounded memory: at most
//! [`MAX_LEAVES`] leaves and paths of at most [`MAX_PATH_BYTES`]; past
//! either the record is refused with a [`RecordError`].
//!
//! ```
//! use holon_std::record::{labels, leaves};
//!
//! let record = serde_json::json!({"b": 2, "a": {"x": "y"}, "_phase": "calm"});
//! let leaves = leaves(&record)?;
//! let paths: Vec<&str> = leaves.iter().map(|leaf| leaf.path.as_str()).collect();
//! assert_eq!(paths, ["a.x", "b"]);
//! assert_eq!(labels(&record).phase, Some("calm"));
//! assert!(holon_std::record::leaves(&serde_json::json!([1, 2])).is_err());
//! # Ok::<(), holon_std::record::RecordError>(())
//! ```

use std::fmt;

use serde_json::{Map, Value};

/// Keys starting with this are labels, never encoded.
pub const LABEL_PREFIX: &str = "_";

/// Most leaves a record may have. The detector scores every pair of leaves,
/// `n (n + 1) / 2` slots: 2 080 at this cap.
pub const MAX_LEAVES: usize = 64;

/// Longest leaf path, in bytes.
pub const MAX_PATH_BYTES: usize = 256;

/// Why a JSON value is not a record that can be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RecordError {
    /// The value is not a JSON object (it is the named kind).
    NotAnObject(&'static str),
    /// The record has more than [`MAX_LEAVES`] leaves.
    TooManyLeaves,
    /// A leaf's path is longer than [`MAX_PATH_BYTES`].
    PathTooLong,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::NotAnObject(kind) => {
                write!(f, "a record must be a JSON object, not {kind}")
            }
            RecordError::TooManyLeaves => {
                write!(f, "a record has at most {MAX_LEAVES} fields (leaves)")
            }
            RecordError::PathTooLong => {
                write!(f, "a field path is at most {MAX_PATH_BYTES} bytes")
            }
        }
    }
}

impl std::error::Error for RecordError {}

/// The one object check: the record's map, or why it is not one.
pub fn as_record(value: &Value) -> Result<&Map<String, Value>, RecordError> {
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Err(RecordError::NotAnObject("null")),
        Value::Bool(_) => Err(RecordError::NotAnObject("a boolean")),
        Value::Number(_) => Err(RecordError::NotAnObject("a number")),
        Value::String(_) => Err(RecordError::NotAnObject("a string")),
        Value::Array(_) => Err(RecordError::NotAnObject("an array")),
    }
}

/// One leaf of a record: its dotted path and its value (never an object).
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf<'a> {
    /// The dotted path (see the module documentation).
    pub path: String,
    /// The value: a string, number, bool, null or array.
    pub value: &'a Value,
}

/// The leaves of `record`, sorted by path, labels left out.
pub fn leaves(record: &Value) -> Result<Vec<Leaf<'_>>, RecordError> {
    let map = as_record(record)?;
    let mut out = Vec::new();
    collect(None, map, &mut out)?;
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn collect<'a>(
    prefix: Option<&str>,
    map: &'a Map<String, Value>,
    out: &mut Vec<Leaf<'a>>,
) -> Result<(), RecordError> {
    for (key, value) in map {
        if key.starts_with(LABEL_PREFIX) {
            continue;
        }
        let path = match prefix {
            None => key.clone(),
            Some(prefix) => format!("{prefix}.{key}"),
        };
        if path.len() > MAX_PATH_BYTES {
            return Err(RecordError::PathTooLong);
        }
        match value {
            Value::Object(inner) => collect(Some(&path), inner, out)?,
            leaf => {
                if out.len() == MAX_LEAVES {
                    return Err(RecordError::TooManyLeaves);
                }
                out.push(Leaf { path, value: leaf });
            }
        }
    }
    Ok(())
}

/// A leaf's value as the detector reads it: a string, bool or null is the
/// atom of its text, a number its `f64` (`serde_json`'s `as_f64`, exact with
/// `float_roundtrip`), and an array the atom of its JSON text.
#[derive(Debug, Clone, PartialEq)]
pub enum LeafValue<'a> {
    /// A string, or the JSON text of an array.
    Str(std::borrow::Cow<'a, str>),
    /// A number.
    Num(f64),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

/// The [`LeafValue`] of a leaf (an object, which is never a leaf, reads as
/// its JSON text like an array).
pub fn leaf_value(value: &Value) -> LeafValue<'_> {
    match value {
        Value::Number(n) => LeafValue::Num(n.as_f64().unwrap_or(0.0)),
        Value::String(s) => LeafValue::Str(std::borrow::Cow::Borrowed(s)),
        Value::Bool(b) => LeafValue::Bool(*b),
        Value::Null => LeafValue::Null,
        other => LeafValue::Str(std::borrow::Cow::Owned(other.to_string())),
    }
}

/// The labels a record carries at its top level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Labels<'a> {
    /// `_phase`, when it is a string.
    pub phase: Option<&'a str>,
    /// `_attack`, when it is a bool.
    pub attack: Option<bool>,
}

/// The `_phase` and `_attack` labels of `record` (none for a non-object).
pub fn labels(record: &Value) -> Labels<'_> {
    Labels {
        phase: record.get("_phase").and_then(Value::as_str),
        attack: record.get("_attack").and_then(Value::as_bool),
    }
}
