//! "Must be true" 3 at the binary: arbitrary lines — bytes, and JSON
//! documents wide, deep and with markers at every level — through every
//! subcommand's line path. No panic; `encode` prints exactly the library's
//! vectors for the lines the library encodes, and `detect` one verdict per
//! line the record reading accepts.

use std::path::PathBuf;
use std::process::Output;

use holon_std::Holon;
use proptest::prelude::*;
use serde_json::Value;

mod common;

fn run(args: &[&str]) -> Output {
    common::holon_command()
        .args(args)
        .output()
        .expect("holon runs")
}

fn key() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "a", "b", "", "_l", "$log", "$time", "$linear", "$scale", "$seq", "$mode", "$set",
    ])
    .prop_map(str::to_string)
}

fn document() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        any::<i32>().prop_map(Value::from),
        (-1e3f64..1e3).prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
        prop::sample::select(vec!["x", "bundle", "ngram", ""]).prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 48, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(key(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn line() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => document().prop_map(|d| d.to_string().into_bytes()),
        1 => prop::collection::vec(any::<u8>().prop_filter("no newline", |b| *b != b'\n'), 0..40),
        1 => Just(b"  \r".to_vec()),
    ]
}

fn scratch(lines: &[Vec<u8>]) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("line_paths");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{}.jsonl", std::process::id()));
    let mut bytes = Vec::new();
    for l in lines {
        bytes.extend_from_slice(l);
        bytes.push(b'\n');
    }
    std::fs::write(&path, bytes).unwrap();
    path
}

fn no_panic(out: &Output) -> bool {
    !String::from_utf8_lossy(&out.stderr).contains("panicked")
        && matches!(out.status.code(), Some(0 | 1))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn every_line_path_takes_any_line(lines in prop::collection::vec(line(), 1..24)) {
        let path = scratch(&lines);
        let file = path.to_str().unwrap();

        // encode: the library's vectors, line for line.
        let out = run(&["encode", "--dims", "64", "--on-error", "skip", file]);
        prop_assert!(no_panic(&out) && out.status.success());
        let mut holon = Holon::<256>::new(0);
        let expected: Vec<String> = lines
            .iter()
            .filter_map(|l| {
                let text = std::str::from_utf8(l).ok()?;
                if text.trim().is_empty() {
                    return None;
                }
                let v = holon.encode_json(text).ok()?;
                Some(v.as_trits()[..64].iter().map(|&t| holon_core::vector::trit_char(t)).collect())
            })
            .collect();
        let printed: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect();
        prop_assert_eq!(printed, expected);

        // detect: one verdict per line the record reading accepts.
        let records = lines
            .iter()
            .filter(|l| {
                std::str::from_utf8(l)
                    .ok()
                    .and_then(|t| serde_json::from_str::<Value>(t).ok())
                    .is_some_and(|v| holon_std::record::leaves(&v).is_ok())
            })
            .count();
        let out = run(&["detect", "--warmup", "2", "--on-error", "skip", file]);
        prop_assert!(no_panic(&out) && out.status.success());
        prop_assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), records);

        // mint and score, stopping at the first bad line or skipping it.
        let engram = format!("{file}.engram");
        for policy in ["stop", "skip"] {
            let mint = run(&["mint", "--warmup", "5", "--on-error", policy, "--out", &engram, file]);
            prop_assert!(no_panic(&mint));
            if mint.status.success() {
                let score = run(&["score", "--engram", &engram, "--on-error", policy, file]);
                prop_assert!(no_panic(&score));
            }
            let detect = run(&["detect", "--warmup", "1", "--on-error", policy, file]);
            prop_assert!(no_panic(&detect));
        }
    }
}
