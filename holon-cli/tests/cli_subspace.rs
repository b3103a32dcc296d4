//! `holon detect --memory subspace`, `holon mint --memory subspace` and
//! `holon score` on subspace engrams, from the command line: recall and
//! false positives read from the per-phase table on the bundled stream and
//! on the generated streams of holon-std's detector tests (the same
//! generator, included from holon-std/tests/generated), the minted file's
//! verdicts equal to the learning detector's, and argument errors.

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::holon_command;

#[path = "../../holon-std/tests/generated/mod.rs"]
mod generated;

fn holon(args: &[&str]) -> Output {
    holon_command()
        .args(args)
        .output()
        .expect("the holon binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn bundled() -> String {
    format!(
        "{}/../tests/data/packets/zero_hardcode_packets.jsonl.gz",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// A fresh directory for one test's files.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("holon-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn digest(stderr: &str) -> String {
    stderr
        .lines()
        .find_map(|l| l.strip_prefix("verdict digest: ").map(str::to_string))
        .unwrap_or_else(|| panic!("a verdict digest line in\n{stderr}"))
}

/// The table's `all` row (the last): records, attacks, flagged, recall, normals, false
/// positives, FPR (the percentages as fractions).
#[derive(Debug)]
struct Total {
    attacks: u64,
    flagged: u64,
    recall: f64,
    normals: u64,
    false_positives: u64,
    fpr: f64,
}

fn total(stderr: &str) -> Total {
    let header = stderr
        .lines()
        .find(|l| l.starts_with("phase "))
        .unwrap_or_else(|| panic!("a phase table in\n{stderr}"));
    assert!(
        header
            .split_whitespace()
            .eq(["phase", "records", "attacks", "flagged", "recall", "normals", "FP", "FPR"]),
        "{header}"
    );
    let row: Vec<&str> = stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("all "))
        .unwrap_or_else(|| panic!("an `all` row in\n{stderr}"))
        .split_whitespace()
        .collect();
    assert_eq!(row.len(), 7, "{row:?}");
    let count = |i: usize| row[i].parse::<u64>().expect("a count");
    let percent = |i: usize| {
        row[i]
            .strip_suffix('%')
            .and_then(|p| p.parse::<f64>().ok())
            .expect("a percentage")
            / 100.0
    };
    Total {
        attacks: count(1),
        flagged: count(2),
        recall: percent(3),
        normals: count(4),
        false_positives: count(5),
        fpr: percent(6),
    }
}

/// The aim of issue 14, from the table, checked against its own counts.
fn assert_recall_and_fpr(what: &str, t: &Total) {
    assert!(t.attacks > 0 && t.normals > 0, "{what}: {t:?}");
    // `flagged` counts flagged normals too.
    let recall = (t.flagged - t.false_positives) as f64 / t.attacks as f64;
    assert!((recall - t.recall).abs() < 1e-4, "{what}: {t:?}");
    assert!(t.recall >= 0.99, "{what}: recall {}", t.recall);
    assert!(t.fpr <= 0.01, "{what}: FPR {}", t.fpr);
    let fpr = t.false_positives as f64 / t.normals as f64;
    assert!((fpr - t.fpr).abs() < 1e-4, "{what}: {t:?}");
}

/// `lines` without their first `n`, to `path`: what `score` sees of a
/// stream whose first `n` records were `mint`'s warm-up.
fn write_tail(lines: &[String], n: usize, path: &Path) {
    let mut text = lines[n..].join("\n");
    text.push('\n');
    std::fs::write(path, text).unwrap();
}

fn read_gzip_lines(path: &str) -> Vec<String> {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    text.lines().map(str::to_string).collect()
}

/// Detect, then mint and score on the same stream: the table meets the aim
/// and the minted file gives the learning detector's verdicts (digest).
fn detect_mint_score(what: &str, stream: &str, lines: &[String], dir: &Path) {
    let detect = holon(&["detect", "--memory", "subspace", "--warmup", "300", stream]);
    let detect_err = stderr(&detect);
    assert!(detect.status.success(), "{what}: {detect_err}");
    eprint!("holon detect --memory subspace, {what}\n{detect_err}");
    let stdout = String::from_utf8(detect.stdout).unwrap();
    assert_eq!(
        stdout.lines().count(),
        lines.len(),
        "{what}: one verdict a line"
    );
    assert_recall_and_fpr(what, &total(&detect_err));

    let engram = dir.join("sub.engram");
    let engram = engram.to_str().unwrap();
    let minted = holon(&[
        "mint", "--memory", "subspace", "--warmup", "300", "--out", engram, stream,
    ]);
    assert!(minted.status.success(), "{what}: {}", stderr(&minted));
    assert!(
        stderr(&minted).contains("subspace engrams"),
        "{}",
        stderr(&minted)
    );
    let rest = dir.join("rest.jsonl");
    write_tail(lines, 300, &rest);
    let score = holon(&["score", "--engram", engram, rest.to_str().unwrap()]);
    let score_err = stderr(&score);
    assert!(score.status.success(), "{what}: {score_err}");
    assert_eq!(digest(&detect_err), digest(&score_err), "{what}");
    // The same table, line for line, apart from the speed.
    let table = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| !l.contains("lines/s"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(table(&detect_err), table(&score_err), "{what}");
}

#[test]
fn bundled_stream_recall_fpr_and_minted_verdicts() {
    let dir = scratch("cli-subspace-bundled");
    let stream = bundled();
    let lines = read_gzip_lines(&stream);
    detect_mint_score("bundled stream", &stream, &lines, &dir);
    // The prototype detector is untouched by the flag: same pinned digest
    // with and without `--memory prototype`.
    let prototype = holon(&[
        "detect",
        "--memory",
        "prototype",
        "--warmup",
        "300",
        &stream,
    ]);
    assert!(prototype.status.success(), "{}", stderr(&prototype));
    assert_eq!(digest(&stderr(&prototype)), "be8adecc4ebbd80e");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn generated_streams_recall_fpr_and_minted_verdicts() {
    for seed in [1, 2] {
        let dir = scratch(&format!("cli-subspace-generated-{seed}"));
        let lines: Vec<String> = generated::generated_stream(seed)
            .iter()
            .map(|r| r.to_string())
            .collect();
        let stream = dir.join("stream.jsonl");
        write_tail(&lines, 0, &stream);
        detect_mint_score(
            &format!("generated stream, seed {seed}"),
            stream.to_str().unwrap(),
            &lines,
            &dir,
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn a_prototype_engram_file_is_still_scored_as_prototypes() {
    let dir = scratch("cli-subspace-prototype-file");
    let lines: Vec<String> = generated::generated_stream(3)
        .iter()
        .map(|r| r.to_string())
        .collect();
    let stream = dir.join("stream.jsonl");
    write_tail(&lines, 0, &stream);
    let stream = stream.to_str().unwrap();
    let engram = dir.join("proto.engram");
    let engram = engram.to_str().unwrap();
    let minted = holon(&["mint", "--warmup", "300", "--out", engram, stream]);
    assert!(minted.status.success(), "{}", stderr(&minted));
    let rest = dir.join("rest.jsonl");
    write_tail(&lines, 300, &rest);
    let score = holon(&["score", "--engram", engram, rest.to_str().unwrap()]);
    assert!(score.status.success(), "{}", stderr(&score));
    let detect = holon(&["detect", "--warmup", "300", stream]);
    let subspace = holon(&["detect", "--memory", "subspace", "--warmup", "300", stream]);
    let (prototype, subspace) = (digest(&stderr(&detect)), digest(&stderr(&subspace)));
    assert_eq!(digest(&stderr(&score)), prototype);
    assert_ne!(
        prototype, subspace,
        "the two memories give different scores"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn memory_flag_errors_are_usage_errors() {
    let input = format!(
        "{}/../tests/data/packets/replay.jsonl",
        env!("CARGO_MANIFEST_DIR")
    );
    let input = input.as_str();
    let takes = "--memory takes prototype or subspace";
    let not_taken = "does not take the option --memory";
    let cases: &[(&[&str], &str)] = &[
        (&["detect", "--memory", "foo", input], takes),
        (&["detect", "--memory=Subspace", input], takes),
        (&["detect", "--memory", "", input], takes),
        (
            &["detect", input, "--memory"],
            "missing argument for option '--memory'",
        ),
        (&["mint", "--memory", "pca", input], takes),
        (
            &["mint", input, "--memory"],
            "missing argument for option '--memory'",
        ),
        (&["score", "--memory", "subspace", input], not_taken),
        (&["encode", "--memory", "subspace", input], not_taken),
        (&["atom", "--memory", "subspace", "x"], not_taken),
    ];
    for (args, expected) in cases {
        let out = holon(args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(err.contains("usage: holon"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(
            out.stdout.is_empty(),
            "{args:?}: nothing on standard output"
        );
    }
}

#[test]
fn help_documents_the_memory_flag() {
    for command in ["detect", "mint"] {
        for args in [vec![command, "--help"], vec!["help", command]] {
            let out = holon(&args);
            assert!(out.status.success(), "{args:?}");
            let text = String::from_utf8(out.stdout).unwrap();
            assert!(
                text.contains("--memory prototype|subspace") && text.contains("subspace "),
                "{args:?}: {text}"
            );
        }
    }
    let score = String::from_utf8(holon(&["score", "--help"]).stdout).unwrap();
    assert!(score.contains("subspace engrams"), "{score}");
}
