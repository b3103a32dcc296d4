//! The golden algebra cases (`data/golden/algebra.jsonl`, or the file named
//! by `HOLON_ALGEBRA_GOLDEN`): one pure function call of holon-rs a line,
//! with `op`, `dims`, `inputs` (vectors as `+ - 0` strings), `params` and
//! `out`. The host's conformance test and the firmware's build script both
//! read the cases through [`parse_algebra`].

use std::path::{Path, PathBuf};

use holon_core::Vector;
use serde_json::Value;

/// A named input: one vector or a list of them, as trit strings.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// One vector.
    One(String),
    /// A list of vectors (a codebook, a stream, a subspace).
    Many(Vec<String>),
}

/// A named parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    /// `true` / `false`.
    Flag(bool),
    /// A mode or a metric's name.
    Text(String),
    /// A number (counts included).
    Number(f64),
    /// A list of numbers (weights).
    Numbers(Vec<f64>),
}

/// What holon-rs returned.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    /// A vector, as a trit string.
    Trits(String),
    /// A number.
    Number(f64),
    /// A list of numbers (a flattened matrix, correlations, drift rates).
    Numbers(Vec<f64>),
    /// Indices (segment breakpoints).
    Indices(Vec<usize>),
    /// `(index, similarity)` pairs, best first (`invert`, `topk_similar`,
    /// and `cleanup`'s single match).
    Matches(Vec<(usize, f64)>),
    /// `cleanup` of an empty codebook: no match.
    NoMatch,
    /// `bundle_with_confidence`: the bundle and its per-component margins.
    Confidence {
        /// The bundle as a trit string.
        trits: String,
        /// One margin a component.
        margins: Vec<f64>,
    },
}

/// One case.
#[derive(Debug, Clone, PartialEq)]
pub struct AlgebraCase {
    /// Its line in the file (1-based).
    pub line: usize,
    /// holon-rs's name of the operation.
    pub op: String,
    /// The dimension of every vector.
    pub dims: usize,
    /// The inputs, by name, in file order.
    pub inputs: Vec<(String, Input)>,
    /// The parameters, by name, in file order.
    pub params: Vec<(String, Param)>,
    /// The output.
    pub expected: Expected,
}

impl AlgebraCase {
    /// The input `name`.
    pub fn input(&self, name: &str) -> Result<&Input, String> {
        self.inputs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, i)| i)
            .ok_or_else(|| format!("no input {name}"))
    }

    /// The single-vector input `name`, parsed.
    pub fn vector<const D: usize>(&self, name: &str) -> Result<Vector<D>, String> {
        match self.input(name)? {
            Input::One(trits) => parse_vector(trits),
            Input::Many(_) => Err(format!("input {name} is a list")),
        }
    }

    /// The list input `name`, parsed.
    pub fn vectors<const D: usize>(&self, name: &str) -> Result<Vec<Vector<D>>, String> {
        match self.input(name)? {
            Input::Many(list) => list.iter().map(|t| parse_vector(t)).collect(),
            Input::One(_) => Err(format!("input {name} is one vector")),
        }
    }

    /// How many vectors the inputs hold in all.
    pub fn vector_count(&self) -> usize {
        self.inputs
            .iter()
            .map(|(_, i)| match i {
                Input::One(_) => 1,
                Input::Many(list) => list.len(),
            })
            .sum()
    }

    /// The parameter `name`.
    pub fn param(&self, name: &str) -> Result<&Param, String> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, p)| p)
            .ok_or_else(|| format!("no parameter {name}"))
    }

    /// The numeric parameter `name`.
    pub fn number(&self, name: &str) -> Result<f64, String> {
        match self.param(name)? {
            Param::Number(x) => Ok(*x),
            other => Err(format!("parameter {name} is not a number: {other:?}")),
        }
    }

    /// The count parameter `name` (a non-negative integer).
    pub fn count(&self, name: &str) -> Result<usize, String> {
        let x = self.number(name)?;
        if x >= 0.0 && x.fract() == 0.0 && x <= usize::MAX as f64 {
            Ok(x as usize)
        } else {
            Err(format!("parameter {name} is not a count: {x}"))
        }
    }

    /// The text parameter `name`.
    pub fn text(&self, name: &str) -> Result<&str, String> {
        match self.param(name)? {
            Param::Text(s) => Ok(s),
            other => Err(format!("parameter {name} is not text: {other:?}")),
        }
    }

    /// The flag parameter `name`.
    pub fn flag(&self, name: &str) -> Result<bool, String> {
        match self.param(name)? {
            Param::Flag(b) => Ok(*b),
            other => Err(format!("parameter {name} is not a flag: {other:?}")),
        }
    }

    /// The list parameter `name`.
    pub fn numbers(&self, name: &str) -> Result<&[f64], String> {
        match self.param(name)? {
            Param::Numbers(xs) => Ok(xs),
            other => Err(format!("parameter {name} is not a list: {other:?}")),
        }
    }
}

/// A `+ - 0` string as a vector of dimension `D`.
pub fn parse_vector<const D: usize>(trits: &str) -> Result<Vector<D>, String> {
    trits.parse().map_err(|e| format!("bad vector: {e:?}"))
}

/// Parses the file's text; the error names the line.
pub fn parse_algebra(text: &str) -> Result<Vec<AlgebraCase>, String> {
    super::json_lines(text)
        .map(|line| line.and_then(|(n, v)| case(n, &v).map_err(|e| format!("line {n}: {e}"))))
        .collect()
}

/// The case file: `HOLON_ALGEBRA_GOLDEN` when set, else the bundled copy.
pub fn algebra_golden_path() -> PathBuf {
    std::env::var_os("HOLON_ALGEBRA_GOLDEN")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::data_path("golden/algebra.jsonl"))
}

/// Reads and parses a case file.
pub fn read_algebra(path: &Path) -> Result<Vec<AlgebraCase>, String> {
    parse_algebra(&super::read(path)?).map_err(|e| format!("{}: {e}", path.display()))
}

fn case(line: usize, v: &Value) -> Result<AlgebraCase, String> {
    let op = v["op"].as_str().ok_or("no op")?.to_string();
    let dims = v["dims"].as_u64().ok_or("no dims")?;
    let inputs = match &v["inputs"] {
        Value::Object(map) => map
            .iter()
            .map(|(name, x)| Ok((name.clone(), input(x)?)))
            .collect::<Result<_, String>>()?,
        Value::Null => Vec::new(),
        _ => return Err("inputs is not an object".into()),
    };
    let params = match &v["params"] {
        Value::Object(map) => map
            .iter()
            .map(|(name, x)| Ok((name.clone(), param(x)?)))
            .collect::<Result<_, String>>()?,
        Value::Null => Vec::new(),
        _ => return Err("params is not an object".into()),
    };
    let expected = expected(&op, &v["out"])?;
    Ok(AlgebraCase {
        line,
        op,
        dims: usize::try_from(dims).map_err(|_| "dims too large")?,
        inputs,
        params,
        expected,
    })
}

fn trits(v: &Value) -> Result<String, String> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("not a trit string: {v}"))
}

fn number(v: &Value) -> Result<f64, String> {
    v.as_f64().ok_or_else(|| format!("not a number: {v}"))
}

fn numbers(v: &Value) -> Result<Vec<f64>, String> {
    v.as_array()
        .ok_or_else(|| format!("not a list: {v}"))?
        .iter()
        .map(number)
        .collect()
}

fn input(v: &Value) -> Result<Input, String> {
    match v {
        Value::Array(list) => Ok(Input::Many(
            list.iter().map(trits).collect::<Result<_, _>>()?,
        )),
        _ => Ok(Input::One(trits(v)?)),
    }
}

fn param(v: &Value) -> Result<Param, String> {
    match v {
        Value::Bool(b) => Ok(Param::Flag(*b)),
        Value::String(s) => Ok(Param::Text(s.clone())),
        Value::Array(_) => Ok(Param::Numbers(numbers(v)?)),
        _ => Ok(Param::Number(number(v)?)),
    }
}

fn a_match(v: &Value) -> Result<(usize, f64), String> {
    let index = v[0].as_u64().ok_or_else(|| format!("not a match: {v}"))?;
    Ok((
        usize::try_from(index).map_err(|_| "index too large")?,
        number(&v[1])?,
    ))
}

fn expected(op: &str, out: &Value) -> Result<Expected, String> {
    Ok(match (op, out) {
        ("cleanup", Value::Null) => Expected::NoMatch,
        ("cleanup", _) => Expected::Matches(vec![a_match(out)?]),
        ("invert" | "topk_similar", _) => Expected::Matches(
            out.as_array()
                .ok_or("out is not a list")?
                .iter()
                .map(a_match)
                .collect::<Result<_, _>>()?,
        ),
        ("segment", _) => Expected::Indices(
            out.as_array()
                .ok_or("out is not a list")?
                .iter()
                .map(|i| {
                    i.as_u64()
                        .and_then(|i| usize::try_from(i).ok())
                        .ok_or_else(|| format!("not an index: {i}"))
                })
                .collect::<Result<_, _>>()?,
        ),
        ("bundle_with_confidence", _) => Expected::Confidence {
            trits: trits(&out["vec"])?,
            margins: numbers(&out["margins"])?,
        },
        (_, Value::String(s)) => Expected::Trits(s.clone()),
        (_, Value::Array(_)) => Expected::Numbers(numbers(out)?),
        _ => Expected::Number(number(out)?),
    })
}
