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
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
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
    // --threads 2: the same bytes, table and digest.
    let one = untimed(&out);
    let two = holon(&[
        "detect",
        "--warmup",
        "300",
        "--threads",
        "2",
        &data("zero_hardcode_packets.jsonl.gz"),
    ]);
    assert!(String::from_utf8_lossy(&two.stderr).contains("(2 scoring threads"));
    assert!(untimed(&two) == one, "detect --threads 2");
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
    let two = holon(&[
        "score",
        "--threads",
        "2",
        "--engram",
        engram,
        rest.to_str().unwrap(),
    ]);
    assert!(untimed(&two) == untimed(&score), "score --threads 2");

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

/// stdout, and stderr without its timing line (the only line that differs
/// between runs).
fn untimed(out: &Output) -> (Vec<u8>, String, Option<i32>) {
    let stderr = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| !l.contains(" lines/s ("))
        .map(|l| format!("{l}\n"))
        .collect();
    (out.stdout.clone(), stderr, out.status.code())
}

/// A generated stream of `n` lines: flat records (the line path), nested
/// and fractional ones (the general path), blank lines, from line 2 500 on
/// bad lines of every kind (not a record, invalid JSON, invalid UTF-8, too
/// many fields), and at lines 4 000-4 007 records of 32 unseen long fields
/// whose verdicts (528 slots explained, ~216 KB each) pass a worker's 1 MiB
/// output chunk, with a bad line among them.
fn generated_stream(n: usize) -> Vec<u8> {
    let wide: Vec<String> = (0..65).map(|i| format!("\"k{i}\":{i}")).collect();
    let wide = format!("{{{}}}", wide.join(","));
    let unseen = |i: usize| {
        let fields: Vec<String> = (0..32)
            .map(|k| format!("\"u{k}{}\":{}", "x".repeat(200), i * 32 + k))
            .collect();
        format!("{{{}}}", fields.join(","))
    };
    let mut bytes = Vec::new();
    for i in 1..=n {
        let line = match i {
            i if i >= 2_500 && i % 997 == 0 => b"[1,2]".to_vec(),
            i if i >= 2_500 && i % 1_409 == 0 => b"{\"proto\":".to_vec(),
            i if i >= 2_500 && i % 1_201 == 0 => b"{\"a\":\"\xff\"}".to_vec(),
            i if i >= 2_500 && i % 1_601 == 0 => wide.clone().into_bytes(),
            4_006 => b"{\"x\":}".to_vec(),
            4_000..4_008 => unseen(i).into_bytes(),
            i if i % 211 == 0 => Vec::new(),
            i if i % 7 == 0 => format!(
                "{{\"proto\":\"TCP\",\"flow\":{{\"sport\":{}}},\"_phase\":\"nested\"}}",
                40_000 + i % 13
            )
            .into_bytes(),
            i if i % 11 == 0 => format!(
                "{{\"proto\":\"UDP\",\"size\":{}.5,\"_attack\":false}}",
                i % 90
            )
            .into_bytes(),
            i => format!(
                "{{\"proto\":\"{}\",\"sport\":{},\"dport\":{},\"_phase\":\"p{}\",\"_attack\":{}}}",
                ["TCP", "UDP", "ICMP"][i % 3],
                50_000 + (i * 7919) % 3_000,
                [443, 53, 80, 123][i % 4],
                i / 1_500,
                i % 50 == 0
            )
            .into_bytes(),
        };
        bytes.extend_from_slice(&line);
        bytes.push(b'\n');
    }
    bytes
}

/// `--threads N`: standard output, the phase table, the digest and the
/// bad-line handling are byte for byte those of one thread (the bundled
/// stream is checked above), on a generated stream of several batches with
/// bad lines, under both policies.
#[test]
fn threads_give_the_output_of_one() {
    let dir = std::env::temp_dir().join(format!("holon-threads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("gen.jsonl");
    std::fs::write(&file, generated_stream(6_000)).unwrap();
    let file = file.to_str().unwrap();
    let engram = dir.join("gen.engram");
    let engram = engram.to_str().unwrap();
    let minted = holon(&["mint", "--warmup", "300", "--out", engram, file]);
    assert!(
        minted.status.success(),
        "{}",
        String::from_utf8_lossy(&minted.stderr)
    );
    for policy in ["stop", "skip"] {
        for command in [
            vec!["detect", "--warmup", "300", "--on-error", policy, file],
            vec!["score", "--engram", engram, "--on-error", policy, file],
        ] {
            let one = untimed(&holon(&command));
            if policy == "stop" {
                assert_eq!(one.2, Some(1), "{command:?}: {}", one.1);
                assert!(
                    one.1.contains("line 2818: invalid JSON"),
                    "{command:?}: {}",
                    one.1
                );
            } else {
                assert_eq!(one.2, Some(0), "{command:?}: {}", one.1);
                assert!(
                    one.1.contains("skipped 12 bad lines"),
                    "{command:?}: {}",
                    one.1
                );
            }
            for n in ["2", "3"] {
                let mut threaded = command.clone();
                threaded.splice(1..1, ["--threads", n]);
                let many = untimed(&holon(&threaded));
                assert!(many == one, "{threaded:?}: {}", many.1);
            }
        }
    }
    // The subspace memory too (calibrated once, then cloned), on two
    // batches' worth of the stream.
    let short = dir.join("short.jsonl");
    std::fs::write(&short, generated_stream(2_400)).unwrap();
    let short = short.to_str().unwrap();
    let subspace = ["detect", "--memory", "subspace", "--threads", "1", short];
    let one = untimed(&holon(&subspace));
    assert_eq!(one.2, Some(0), "{}", one.1);
    let mut two = subspace;
    two[4] = "2";
    assert!(
        untimed(&holon(&two)) == one,
        "detect --memory subspace --threads 2"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn threads_flag_errors_are_usage_errors_and_help_documents_it() {
    let stream = data("replay.jsonl");
    for bad in ["0", "65", "-1", "two", ""] {
        for command in [&["detect"][..], &["score", "--engram", "x.engram"]] {
            let mut args = command.to_vec();
            args.extend(["--threads", bad, &stream]);
            let out = holon(&args);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
            assert!(
                stderr.contains("--threads takes a whole number from 1 to 64"),
                "{stderr}"
            );
        }
    }
    for command in ["detect", "score"] {
        let help = holon(&[command, "--help"]);
        assert!(String::from_utf8_lossy(&help.stdout).contains("--threads N"));
    }
}
