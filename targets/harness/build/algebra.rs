//! Turns holon-rs's golden algebra cases (tests/data/golden/algebra.jsonl)
//! into a const table the firmware runs and checks itself against: every
//! case whose inputs hold at most `MAX_VECTORS` vectors (what a micro:bit's
//! 16 KiB of RAM holds at D = 256; the stream cases, 45-90 vectors, stay on
//! the host).

use std::fmt::Write as _;
use std::path::Path;

/// Most input vectors a case may have to run on the device.
const MAX_VECTORS: usize = 8;

fn string(v: &serde_json::Value) -> String {
    format!("{:?}", v.as_str().expect("a string"))
}

fn float(v: &serde_json::Value) -> String {
    let x = v.as_f64().expect("a number");
    // `{:?}` prints the shortest round-trip form, with a `.` or exponent.
    format!("{x:?}")
}

fn floats(v: &serde_json::Value) -> String {
    let xs: Vec<String> = v.as_array().expect("a list").iter().map(float).collect();
    format!("&[{}]", xs.join(", "))
}

fn matches(v: &serde_json::Value) -> String {
    let xs: Vec<String> = v
        .as_array()
        .expect("a list")
        .iter()
        .map(|m| format!("({}, {})", m[0].as_u64().expect("an index"), float(&m[1])))
        .collect();
    format!("&[{}]", xs.join(", "))
}

/// Writes `algebra_cases.rs` into `out_dir`; returns how many cases it holds.
pub fn generate(golden: &Path, out_dir: &Path) -> usize {
    println!("cargo:rerun-if-changed={}", golden.display());
    let text = std::fs::read_to_string(golden)
        .unwrap_or_else(|e| panic!("reading {}: {e}", golden.display()));
    let mut table = String::from("/// holon-rs's golden algebra cases that fit the device.\n");
    table.push_str("pub(crate) const CASES: &[Case] = &[\n");
    let mut count = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: serde_json::Value = serde_json::from_str(line).expect("golden line is JSON");
        assert_eq!(
            case["dims"].as_u64(),
            Some(256),
            "the device runs the D = 256 cases"
        );
        let inputs = case["inputs"].as_object().expect("inputs");
        let vectors: usize = inputs
            .values()
            .map(|v| v.as_array().map_or(1, Vec::len))
            .sum();
        if vectors > MAX_VECTORS {
            continue;
        }
        let mut ins = Vec::new();
        for (name, v) in inputs {
            let value = match v.as_array() {
                Some(list) => {
                    let xs: Vec<String> = list.iter().map(string).collect();
                    format!("Input::Many(&[{}])", xs.join(", "))
                }
                None => format!("Input::One({})", string(v)),
            };
            ins.push(format!("({name:?}, {value})"));
        }
        let mut params = Vec::new();
        for (name, v) in case["params"].as_object().expect("params") {
            let value = if let Some(b) = v.as_bool() {
                format!("Param::Flag({b})")
            } else if let Some(s) = v.as_str() {
                format!("Param::Text({s:?})")
            } else if v.is_array() {
                format!("Param::Numbers({})", floats(v))
            } else {
                format!("Param::Number({})", float(v))
            };
            params.push(format!("({name:?}, {value})"));
        }
        let op = case["op"].as_str().expect("op");
        let out = &case["out"];
        let expect = match op {
            "invert" | "topk_similar" => format!("Expect::Matches({})", matches(out)),
            "cleanup" => format!("Expect::Matches({})", matches(&serde_json::json!([out]))),
            "similarity_matrix" => format!("Expect::Numbers({})", floats(out)),
            "bundle_with_confidence" => format!(
                "Expect::Confidence({}, {})",
                string(&out["vec"]),
                floats(&out["margins"])
            ),
            _ if out.is_string() => format!("Expect::Trits({})", string(out)),
            _ => format!("Expect::Number({})", float(out)),
        };
        writeln!(
            table,
            "    Case {{ op: {op:?}, inputs: &[{}], params: &[{}], expect: {expect} }},",
            ins.join(", "),
            params.join(", ")
        )
        .expect("writing to a String");
        count += 1;
    }
    table.push_str("];\n");
    std::fs::write(out_dir.join("algebra_cases.rs"), table).expect("writing algebra_cases.rs");
    count
}
