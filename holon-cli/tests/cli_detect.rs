//! `holon detect`, `holon mint` and `holon score` from the command line.

use std::process::Output;

mod common;
use common::holon_command;

fn holon(args: &[&str]) -> Output {
    holon_command()
        .args(args)
        .output()
        .expect("the holon binary runs")
}

fn data(name: &str) -> String {
    format!(
        "{}/../tests/data/packets/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn digest(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr)
        .lines()
        .find_map(|l| l.strip_prefix("verdict digest: ").map(str::to_string))
        .expect("a verdict digest line")
}

#[test]
fn detect_writes_one_verdict_per_line_and_a_table() {
    let out = holon(&[
        "detect",
        "--warmup",
        "300",
        &data("zero_hardcode_packets.jsonl.gz"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 48_750);
    let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(first["warmup"], true);
    let scored: serde_json::Value = serde_json::from_str(lines[300]).unwrap();
    assert_eq!(scored["line"], 301);
    assert!(scored["anomaly"].is_boolean() && scored["score"].is_number());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("SYN Flood") && stderr.contains("recall"),
        "{stderr}"
    );
    // Pinned: the verdicts of the bundled stream, as the CLI gave them
    // before it moved into its own crate (and the firmware replay checks).
    assert_eq!(digest(stderr.as_bytes()), "be8adecc4ebbd80e");
}

#[test]
fn mint_then_score_matches_detect_on_the_same_records() {
    let dir = std::env::temp_dir().join(format!("holon-mint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let engram = dir.join("net.engram");
    let engram = engram.to_str().unwrap();
    let stream = data("zero_hardcode_packets.jsonl.gz");
    let minted = holon(&["mint", "--warmup", "300", "--out", engram, &stream]);
    assert!(
        minted.status.success(),
        "{}",
        String::from_utf8_lossy(&minted.stderr)
    );
    // The learning detector's verdicts after warm-up, and the engram's on
    // the same 48 450 records (the file minus its first 300 lines).
    let detect = holon(&["detect", "--warmup", "300", &stream]);
    let rest = dir.join("rest.jsonl");
    let text = {
        use std::io::Read;
        let mut s = String::new();
        flate2::read::MultiGzDecoder::new(std::fs::File::open(&stream).unwrap())
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    let tail: Vec<&str> = text.lines().skip(300).collect();
    std::fs::write(&rest, tail.join("\n") + "\n").unwrap();
    let score = holon(&["score", "--engram", engram, rest.to_str().unwrap()]);
    assert!(
        score.status.success(),
        "{}",
        String::from_utf8_lossy(&score.stderr)
    );
    assert_eq!(digest(&detect.stderr), digest(&score.stderr));

    std::fs::write(dir.join("bad.engram"), b"HLNG not really").unwrap();
    let bad = holon(&[
        "score",
        "--engram",
        dir.join("bad.engram").to_str().unwrap(),
        &data("replay.jsonl"),
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("bad.engram"));
    let missing = holon(&["score", &data("replay.jsonl")]);
    assert_eq!(
        missing.status.code(),
        Some(2),
        "score without --engram is a usage error"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_line_that_is_not_a_record_stops_with_its_number() {
    let dir = std::env::temp_dir().join(format!("holon-detect-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("in.jsonl");
    std::fs::write(&file, "{\"a\":1}\n{\"a\":2}\n[1,2]\n{\"a\":3}\n").unwrap();
    let out = holon(&["detect", "--warmup", "1", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 3"));
    std::fs::remove_dir_all(&dir).unwrap();
}
