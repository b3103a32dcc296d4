//! Turns holon-rs's golden algebra cases (tests/data/golden/algebra.jsonl,
//! read by holon-conformance's parser, the host test's) into a const table
//! the firmware runs and checks itself against: every case whose inputs
//! hold at most `MAX_VECTORS` vectors (what a micro:bit's 16 KiB of RAM
//! holds at D = 256; the stream cases, 45-90 vectors, stay on the host).

use std::fmt::Write as _;
use std::path::Path;

use holon_conformance::golden::algebra::{read_algebra, Expected, Input, Param};

/// Most input vectors a case may have to run on the device.
const MAX_VECTORS: usize = 8;

/// `{:?}` prints the shortest round-trip form, with a `.` or exponent.
fn floats(xs: &[f64]) -> String {
    let xs: Vec<String> = xs.iter().map(|x| format!("{x:?}")).collect();
    format!("&[{}]", xs.join(", "))
}

fn matches(ms: &[(usize, f64)]) -> String {
    let xs: Vec<String> = ms.iter().map(|(i, s)| format!("({i}, {s:?})")).collect();
    format!("&[{}]", xs.join(", "))
}

/// Writes `algebra_cases.rs` into `out_dir`; returns how many cases it holds.
pub fn generate(golden: &Path, out_dir: &Path) -> usize {
    println!("cargo:rerun-if-changed={}", golden.display());
    let cases = read_algebra(golden).unwrap_or_else(|e| panic!("{e}"));
    let mut table = String::from("/// holon-rs's golden algebra cases that fit the device.\n");
    table.push_str("pub(crate) const CASES: &[Case] = &[\n");
    let mut count = 0;
    for case in cases.iter().filter(|c| c.vector_count() <= MAX_VECTORS) {
        assert_eq!(case.dims, 256, "the device runs the D = 256 cases");
        let ins: Vec<String> = case
            .inputs
            .iter()
            .map(|(name, input)| {
                let value = match input {
                    Input::One(t) => format!("Input::One({t:?})"),
                    Input::Many(list) => {
                        let xs: Vec<String> = list.iter().map(|t| format!("{t:?}")).collect();
                        format!("Input::Many(&[{}])", xs.join(", "))
                    }
                };
                format!("({name:?}, {value})")
            })
            .collect();
        let params: Vec<String> = case
            .params
            .iter()
            .map(|(name, param)| {
                let value = match param {
                    Param::Flag(b) => format!("Param::Flag({b})"),
                    Param::Text(s) => format!("Param::Text({s:?})"),
                    Param::Numbers(xs) => format!("Param::Numbers({})", floats(xs)),
                    Param::Number(x) => format!("Param::Number({x:?})"),
                };
                format!("({name:?}, {value})")
            })
            .collect();
        let expect = match &case.expected {
            Expected::Matches(ms) => format!("Expect::Matches({})", matches(ms)),
            Expected::NoMatch => "Expect::Matches(&[])".to_string(),
            Expected::Numbers(xs) => format!("Expect::Numbers({})", floats(xs)),
            Expected::Confidence { trits, margins } => {
                format!("Expect::Confidence({trits:?}, {})", floats(margins))
            }
            Expected::Trits(t) => format!("Expect::Trits({t:?})"),
            Expected::Number(x) => format!("Expect::Number({x:?})"),
            Expected::Indices(_) => panic!("line {}: segment cases stay on the host", case.line),
        };
        writeln!(
            table,
            "    Case {{ op: {:?}, inputs: &[{}], params: &[{}], expect: {expect} }},",
            case.op,
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
