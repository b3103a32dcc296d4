//! Python objects to JSON values, as `json.dumps` would write them, so that
//! `Holon.encode(obj)` is `Holon.encode_json(json.dumps(obj))` without the
//! round trip through text.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

use crate::errors::value_error;

/// Nesting `serde_json` accepts when it parses text; deeper objects (and
/// self-referencing ones) are refused the same way.
const MAX_NESTING: usize = 128;

/// The JSON value of `obj`: `dict` (keys `str`, `int`, `float`, `bool` or
/// `None`, converted as `json.dumps` converts them), `list` and `tuple`,
/// `str`, `int`, `float`, `bool` and `None`. Anything else is a
/// `TypeError`; a NaN or infinite float a `ValueError`.
pub fn to_value(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    convert(obj, 0)
}

fn convert(obj: &Bound<'_, PyAny>, depth: usize) -> PyResult<Value> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    // bool is a subclass of int: test it first.
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(i) = obj.cast::<PyInt>() {
        return int_value(i);
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return float_value(f.value());
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if depth >= MAX_NESTING {
        return Err(value_error(format!(
            "nesting deeper than {MAX_NESTING} levels (or an object that contains itself)"
        )));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in d.iter() {
            map.insert(key_text(&k)?, convert(&v, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return l.iter().map(|v| convert(&v, depth + 1)).collect();
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return t.iter().map(|v| convert(&v, depth + 1)).collect();
    }
    Err(PyTypeError::new_err(format!(
        "Object of type {} is not JSON serializable",
        obj.get_type().name()?
    )))
}

fn int_value(i: &Bound<'_, PyInt>) -> PyResult<Value> {
    if let Ok(n) = i.extract::<i64>() {
        return Ok(Value::from(n));
    }
    if let Ok(n) = i.extract::<u64>() {
        return Ok(Value::from(n));
    }
    // Beyond 64 bits: parse the decimal text as JSON does (a float).
    let text = i.str()?;
    serde_json::from_str(&text.to_cow()?).map_err(value_error)
}

fn float_value(x: f64) -> PyResult<Value> {
    Number::from_f64(x)
        .map(Value::Number)
        .ok_or_else(|| value_error(format!("{x} is not a JSON number")))
}

/// A dict key as `json.dumps` writes it.
fn key_text(key: &Bound<'_, PyAny>) -> PyResult<String> {
    if key.is_none() {
        return Ok("null".into());
    }
    if let Ok(b) = key.cast::<PyBool>() {
        return Ok(if b.is_true() { "true" } else { "false" }.into());
    }
    if let Ok(s) = key.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if key.cast::<PyInt>().is_ok() {
        return Ok(key.str()?.to_cow()?.into_owned());
    }
    if let Ok(f) = key.cast::<PyFloat>() {
        let x = f.value();
        return Ok(if x.is_nan() {
            "NaN".into()
        } else if x.is_infinite() {
            if x > 0.0 { "Infinity" } else { "-Infinity" }.into()
        } else {
            key.repr()?.to_cow()?.into_owned()
        });
    }
    Err(PyTypeError::new_err(format!(
        "keys must be str, int, float, bool or None, not {}",
        key.get_type().name()?
    )))
}
