//! JSON documents, with the `$` markers of DESIGN §6.
//!
//! A plain JSON value walks as itself: objects are maps, arrays positional
//! sequences, scalars atoms of their canonical text. An object holding one of
//! the marker keys chooses another encoding, and then may hold only the keys
//! of that marker:
//!
//! | marker | keys | meaning |
//! |---|---|---|
//! | `$linear` | `$linear` (number), `$scale` (positive number) | linear magnitude |
//! | `$log` | `$log` (number), optional `$scale` (decades, positive) | log magnitude |
//! | `$time` | `$time` (Unix seconds) | hour, weekday, month |
//! | `$seq` | `$seq` (array), optional `$mode` | `positional`, `bundle`, `chained` or `ngram` |
//! | `$set` | `$set` (array) | a set |
//!
//! Anything else about a marker object is an [`EncodeError::Marker`].
//!
//! ```
//! use holon_std::{EncodeError, Holon};
//!
//! let mut holon = Holon::<4096>::new(0);
//! let size = |holon: &mut Holon<4096>, n: u32| {
//!     holon.encode_json(&format!(r#"{{"bytes": {{"$log": {n}}}}}"#)).unwrap()
//! };
//! // As a magnitude, 1 400 bytes is near 1 500 and far from 60.
//! let (a, b, c) = (size(&mut holon, 1400), size(&mut holon, 1500), size(&mut holon, 60));
//! assert!(a.cosine(&b) > 0.9 && a.cosine(&c) < 0.3);
//! // As a plain number, 1 400 and 1 500 are unrelated atoms.
//! let plain = holon.encode_json(r#"{"bytes": 1400}"#)?;
//! assert!(plain.cosine(&holon.encode_json(r#"{"bytes": 1500}"#)?) < 0.6);
//! // Order-free sequences, and a malformed marker is an error.
//! let set_ab = holon.encode_json(r#"{"tags": {"$set": ["a", "b"]}}"#)?;
//! assert_eq!(set_ab, holon.encode_json(r#"{"tags": {"$set": ["b", "a"]}}"#)?);
//! assert!(matches!(
//!     holon.encode_json(r#"{"x": {"$log": 5, "$mode": "bundle"}}"#),
//!     Err(EncodeError::Marker(_))
//! ));
//! # Ok::<(), EncodeError>(())
//! ```

use holon_core::record::{Scalar, SeqMode};
use serde_json::{Map, Number, Value};

use crate::error::EncodeError;
use crate::walkable::{Magnitude, Slot, Walkable, Walker};

/// The keys that make an object a marker.
const MARKERS: [&str; 5] = ["$linear", "$log", "$time", "$seq", "$set"];

/// Keys that only mean something beside a marker: alone they are an error.
const COMPANIONS: [&str; 2] = ["$mode", "$scale"];

impl Walkable for Value {
    fn walk(&self, walker: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError> {
        match self {
            Value::Null => walker.scalar(slot, Scalar::Null),
            Value::Bool(b) => walker.scalar(slot, Scalar::Bool(*b)),
            Value::Number(n) => walker.scalar(slot, number_scalar(n)?),
            Value::String(s) => walker.scalar(slot, Scalar::Str(s)),
            Value::Array(items) => {
                walker.begin_seq(slot, SeqMode::Positional)?;
                for item in items {
                    item.walk(walker, Slot::Item)?;
                }
                walker.end()
            }
            Value::Object(map) => match MARKERS.iter().find(|m| map.contains_key(**m)) {
                Some(marker) => walk_marker(marker, map, walker, slot),
                None => {
                    if let Some(companion) = COMPANIONS.iter().find(|c| map.contains_key(**c)) {
                        return Err(marker_error(format!(
                            "{companion} without the marker it qualifies ($mode belongs to $seq; $scale to $linear or $log)"
                        )));
                    }
                    walker.begin_map(slot)?;
                    for (key, value) in map {
                        value.walk(walker, Slot::Field(key))?;
                    }
                    walker.end()
                }
            },
        }
    }
}

/// The scalar of a JSON number: integers as integers, others as floats.
fn number_scalar(n: &Number) -> Result<Scalar<'static>, EncodeError> {
    if let Some(u) = n.as_u64() {
        Ok(Scalar::Uint(u))
    } else if let Some(i) = n.as_i64() {
        Ok(Scalar::Int(i))
    } else {
        match n.as_f64() {
            Some(f) if f.is_finite() => Ok(Scalar::Float(f)),
            _ => Err(EncodeError::Record(holon_core::Error::NonFinite)),
        }
    }
}

fn marker_error(why: impl Into<String>) -> EncodeError {
    EncodeError::Marker(why.into())
}

/// Fails unless every key of `map` is in `allowed`.
fn only_keys(map: &Map<String, Value>, marker: &str, allowed: &[&str]) -> Result<(), EncodeError> {
    match map.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(extra) => Err(marker_error(format!(
            "{marker} object has unexpected key {extra:?} (allowed: {})",
            allowed.join(", ")
        ))),
        None => Ok(()),
    }
}

/// The finite number at `key`, or a marker error.
fn finite(map: &Map<String, Value>, marker: &str, key: &str) -> Result<f64, EncodeError> {
    match map.get(key) {
        Some(Value::Number(n)) => n
            .as_f64()
            .filter(|f| f.is_finite())
            .ok_or_else(|| marker_error(format!("{marker}: {key} must be a finite number"))),
        Some(other) => Err(marker_error(format!(
            "{marker}: {key} must be a number, not {other}"
        ))),
        None => Err(marker_error(format!("{marker} needs {key}"))),
    }
}

fn array<'a>(map: &'a Map<String, Value>, marker: &str) -> Result<&'a [Value], EncodeError> {
    match map.get(marker) {
        Some(Value::Array(items)) => Ok(items),
        _ => Err(marker_error(format!("{marker} must be an array"))),
    }
}

fn walk_marker(
    marker: &str,
    map: &Map<String, Value>,
    walker: &mut dyn Walker,
    slot: Slot<'_>,
) -> Result<(), EncodeError> {
    match marker {
        "$linear" => {
            only_keys(map, marker, &["$linear", "$scale"])?;
            let value = finite(map, marker, "$linear")?;
            let scale = finite(map, marker, "$scale")?;
            if scale <= 0.0 {
                return Err(marker_error(format!(
                    "$linear: $scale must be positive, not {scale}"
                )));
            }
            walker.magnitude(slot, Magnitude::Linear { value, scale })
        }
        "$log" => {
            only_keys(map, marker, &["$log", "$scale"])?;
            let value = finite(map, marker, "$log")?;
            let decades_per_scale = match map.get("$scale") {
                Some(_) => {
                    let d = finite(map, marker, "$scale")?;
                    if d <= 0.0 {
                        return Err(marker_error(format!(
                            "$log: $scale must be positive, not {d}"
                        )));
                    }
                    Some(d)
                }
                None => None,
            };
            walker.magnitude(
                slot,
                Magnitude::Log {
                    value,
                    decades_per_scale,
                },
            )
        }
        "$time" => {
            only_keys(map, marker, &["$time"])?;
            let t = finite(map, marker, "$time")?;
            // Seconds beyond ±2^62 are ~10^11 years away: refuse them.
            const LIMIT: f64 = 4.611_686_018_427_388e18;
            if t.abs() >= LIMIT {
                return Err(marker_error(format!("$time: {t} is out of range")));
            }
            walker.magnitude(
                slot,
                Magnitude::Time {
                    seconds: libm::floor(t) as i64,
                },
            )
        }
        "$seq" => {
            only_keys(map, marker, &["$seq", "$mode"])?;
            let mode = match map.get("$mode") {
                None => SeqMode::Positional,
                Some(Value::String(m)) => parse_mode(m)?,
                Some(other) => {
                    return Err(marker_error(format!("$mode must be a string, not {other}")))
                }
            };
            walker.begin_seq(slot, mode)?;
            for item in array(map, marker)? {
                item.walk(walker, Slot::Item)?;
            }
            walker.end()
        }
        _ => {
            only_keys(map, marker, &["$set"])?;
            walker.begin_set(slot)?;
            for item in array(map, marker)? {
                item.walk(walker, Slot::Item)?;
            }
            walker.end()
        }
    }
}

/// The sequence mode named by `$mode`.
pub fn parse_mode(name: &str) -> Result<SeqMode, EncodeError> {
    match name {
        "positional" => Ok(SeqMode::Positional),
        "bundle" => Ok(SeqMode::Bundle),
        "chained" => Ok(SeqMode::Chained),
        "ngram" => Ok(SeqMode::Ngram),
        other => Err(marker_error(format!(
            "unknown $mode {other:?} (positional, bundle, chained or ngram)"
        ))),
    }
}
