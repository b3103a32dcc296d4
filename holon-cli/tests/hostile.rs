//! Issue 11: the `holon` binary against hostile input. Every test runs the
//! binary; the memory tests run it under `ulimit -v 1000000` (1 GB).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;
use common::{holon_command, BIN};

/// Runs holon with `args` and `stdin`, optionally under a 1 GB address
/// space limit. Under an emulator (`HOLON_CLI_RUNNER`) the limit is left
/// out: it would bound the emulator's own reservations, not holon's.
fn run(args: &[&str], stdin: &[u8], limited: bool) -> Output {
    let mut command = if limited && common::runner().is_none() {
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg(r#"ulimit -v 1000000 && exec "$0" "$@""#)
            .arg(BIN);
        c
    } else {
        holon_command()
    };
    let mut child = command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("holon runs");
    let mut input = child.stdin.take().expect("stdin");
    // The child may stop reading early (that is the point): ignore EPIPE.
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().expect("holon ends")
}

fn holon(args: &[&str], stdin: &[u8]) -> Output {
    run(args, stdin, false)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A scratch file under the target directory.
fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn good_lines(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "{{\"proto\":\"UDP\",\"port\":{},\"_phase\":\"p\"}}\n",
                50_000 + i % 7
            )
        })
        .collect()
}

fn wide_line(fields: usize) -> String {
    let body: Vec<String> = (0..fields).map(|i| format!("\"k{i}\":{i}")).collect();
    format!("{{{}}}\n", body.join(","))
}

fn assert_no_panic(out: &Output, what: &str) {
    let err = text(&out.stderr);
    assert!(!err.contains("panicked"), "{what}: {err}");
    assert!(
        matches!(out.status.code(), Some(0..=2)),
        "{what}: {:?} {err}",
        out.status
    );
}

/// Failure 1: a wide record neither aborts nor loses the verdicts before it.
#[test]
fn a_wide_record_is_an_error_after_every_earlier_verdict() {
    let mut input = good_lines(1000);
    input.push_str(&wide_line(60_000));
    for command in ["detect", "score"] {
        let args: Vec<String> = if command == "detect" {
            vec!["detect".into(), "--warmup".into(), "0".into()]
        } else {
            let engram = scratch("wide.engram", &[]);
            let mint = holon(
                &["mint", "--warmup", "50", "--out", engram.to_str().unwrap()],
                good_lines(60).as_bytes(),
            );
            assert!(mint.status.success(), "{}", text(&mint.stderr));
            vec![
                "score".into(),
                "--engram".into(),
                engram.to_str().unwrap().into(),
            ]
        };
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&args, input.as_bytes(), true);
        assert_no_panic(&out, command);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{command}: {}",
            text(&out.stderr)
        );
        assert_eq!(text(&out.stdout).lines().count(), 1000, "{command}");
        let err = text(&out.stderr);
        assert!(
            err.contains("line 1001") && err.contains("at most 64 fields"),
            "{err}"
        );
    }
    let out = run(
        &["mint", "--out", "/dev/null"],
        wide_line(1000).as_bytes(),
        true,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("line 1:"));
}

/// Failure 2: a line has a byte limit, in plain and gzip input alike.
#[test]
fn a_line_without_end_is_an_error_not_a_memory_grab() {
    // 256 MiB of zeros without a newline: 256 gzip members of 1 MiB each
    // (a gzip stream may hold many), about 256 KiB on disk.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&vec![0u8; 1 << 20]).unwrap();
    let member = gz.finish().unwrap();
    let bomb = scratch("bomb.gz", &member.repeat(256));
    let bomb = bomb.to_str().unwrap();
    for args in [
        &["detect", bomb][..],
        &["mint", "--out", "/dev/null", bomb],
        &["encode", bomb],
        &["detect", "/dev/zero"],
        &["encode", "/dev/zero"],
    ] {
        let out = run(args, b"", true);
        assert_no_panic(&out, &format!("{args:?}"));
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = text(&out.stderr);
        assert!(
            err.contains("line 1: longer than 1048576 bytes"),
            "{args:?}: {err}"
        );
    }
}

/// Failure 3: the atom caches stay under their cap, whatever the stream.
#[test]
fn many_distinct_values_at_the_largest_dimension_fit_in_1_gb() {
    let input: String = (0..3000)
        .map(|i| format!("{{\"v\":\"value {i}\"}}\n"))
        .collect();
    let out = run(&["encode", "--dims", "65536"], input.as_bytes(), true);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().count(), 3000);
}

/// Failure 4: a non-UTF-8 argument is a message, never a panic.
#[cfg(unix)]
#[test]
fn non_utf8_arguments() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let bad = OsStr::from_bytes(b"\xff");
    let atom = holon_command().arg("atom").arg(bad).output().unwrap();
    assert_eq!(atom.status.code(), Some(2));
    assert!(text(&atom.stderr).contains("UTF-8"));
    let file = holon_command()
        .arg("encode")
        .arg(OsStr::from_bytes(b"/nonexistent/\xff"))
        .output()
        .unwrap();
    assert_eq!(file.status.code(), Some(1));
    assert!(text(&file.stderr).contains("No such file"));
}

/// Failure 5: write failures end with a message and status 1; a closed pipe
/// ends quietly with 0; a failing stderr keeps the exit status.
#[test]
fn write_failures() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let help = holon_command().arg("help").stdout(full).output().unwrap();
    assert_eq!(help.status.code(), Some(1));
    assert!(text(&help.stderr).contains("writing standard output"));

    let mut piped = holon_command()
        .args(["atom", "--dims", "50000000", "x"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(piped.stdout.take());
    let closed = piped.wait_with_output().unwrap();
    assert_eq!(closed.status.code(), Some(0));
    assert!(closed.stderr.is_empty(), "{}", text(&closed.stderr));

    let stream = scratch("five.jsonl", good_lines(5).as_bytes());
    for (args, code) in [
        (vec!["detect", "--warmup", "2", stream.to_str().unwrap()], 0),
        (vec!["bogus"], 2),
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = holon_command()
            .args(&args)
            .stdout(Stdio::null())
            .stderr(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}");
    }
}

/// Failure 8: every subcommand reads lines the same way.
#[test]
fn mint_reads_lines_as_detect_does() {
    let mut input = String::from("\n");
    input.push_str(&good_lines(3));
    input.push_str("\r\n   \n");
    input.push_str(&good_lines(3));
    let out = holon(
        &["mint", "--warmup", "6", "--out", "/dev/null"],
        input.as_bytes(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    for bad in ["5\n", "[1,2]\n", "\"x\"\n"] {
        let out = holon(&["mint", "--out", "/dev/null"], bad.as_bytes());
        assert_eq!(out.status.code(), Some(1), "{bad}");
        assert!(text(&out.stderr).contains("must be a JSON object"), "{bad}");
    }
    let detect = holon(&["detect", "--warmup", "0"], b"{\"\":{\"x\":1}}\n");
    assert!(
        text(&detect.stdout).contains("\".x\""),
        "{}",
        text(&detect.stdout)
    );
}

/// Failure 9: a phase label that changes on every line keeps the table at
/// its cap, and the table says so.
#[test]
fn the_phase_table_is_capped() {
    let input: String = (0..3000)
        .map(|i| format!("{{\"a\":1,\"_phase\":\"phase {i}\",\"_attack\":false}}\n"))
        .collect();
    let out = holon(&["detect", "--warmup", "10"], input.as_bytes());
    assert!(out.status.success());
    let err = text(&out.stderr);
    assert!(err.lines().count() < 80, "{} lines", err.lines().count());
    assert!(
        err.contains("(other)") && err.contains("counted together"),
        "{err}"
    );
}

/// Failure 10: the CLI as a tool.
#[test]
fn help_version_warmup_warnings_and_skipping() {
    for command in ["atom", "encode", "detect", "mint", "score"] {
        let out = holon(&[command, "--help"], b"");
        assert!(out.status.success(), "{command}");
        assert!(text(&out.stdout).starts_with(&format!("usage: holon {command}")));
        let help = holon(&["help", command], b"");
        assert_eq!(help.stdout, out.stdout);
    }
    let version = holon(&["--version"], b"");
    assert!(version.status.success());
    assert!(text(&version.stdout).starts_with("holon 0."));

    let engram = scratch("empty.engram", b"");
    std::fs::remove_file(&engram).unwrap();
    let empty = holon(&["mint", "--out", engram.to_str().unwrap()], b"");
    assert_eq!(empty.status.code(), Some(1));
    assert!(!engram.exists(), "no engram from nothing");
    let short = holon(&["mint", "--out", "/dev/null"], good_lines(5).as_bytes());
    assert!(short.status.success());
    assert!(text(&short.stderr).contains("warning: only 5 records learned"));
    let zero = holon(&["detect", "--warmup", "0"], good_lines(2).as_bytes());
    assert!(text(&zero.stderr).contains("warning: --warmup 0"));
    let ended = holon(&["detect"], good_lines(2).as_bytes());
    assert!(text(&ended.stderr).contains("input ended during the warm-up"));

    let mut input = good_lines(3);
    input.push_str("not json\n[1]\n");
    input.push_str(&good_lines(2));
    let skip = holon(
        &["detect", "--warmup", "2", "--on-error", "skip"],
        input.as_bytes(),
    );
    assert!(skip.status.success(), "{}", text(&skip.stderr));
    assert_eq!(text(&skip.stdout).lines().count(), 5);
    assert!(text(&skip.stderr).contains("skipped 2 bad lines"));
    assert!(text(&skip.stderr).contains("line 4: invalid JSON"));
    let stop = holon(&["detect", "--warmup", "2"], input.as_bytes());
    assert_eq!(stop.status.code(), Some(1));
    assert_eq!(text(&stop.stdout).lines().count(), 3);
    let encode = holon(
        &["encode", "--dims", "8", "--on-error", "skip"],
        input.as_bytes(),
    );
    assert!(encode.status.success());
    assert_eq!(text(&encode.stdout).lines().count(), 6, "[1] is a document");
}

/// Failure 11: messages that say what is wrong, and flags a subcommand does
/// not take are errors.
#[test]
fn messages() {
    let two = holon(&["mint", "a", "b"], b"");
    assert_eq!(two.status.code(), Some(2));
    assert!(text(&two.stderr).contains("mint takes at most one INPUT"));

    let dir = std::env::temp_dir();
    let dir = dir.to_str().unwrap();
    let encode = holon(&["encode", dir], b"");
    assert_eq!(encode.status.code(), Some(1));
    assert!(
        text(&encode.stderr).contains(dir),
        "{}",
        text(&encode.stderr)
    );

    for args in [
        &["score", "--seed", "1", "--engram", "x"][..],
        &["score", "--warmup", "3", "--engram", "x"],
        &["detect", "--out", "x"],
        &["atom", "--warmup", "1", "x"],
        &["encode", "--engram", "x"],
    ] {
        let out = holon(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains("does not take the option"),
            "{args:?}"
        );
    }

    let companion = holon(&["encode"], b"{\"$mode\":\"x\"}\n");
    assert_eq!(companion.status.code(), Some(1));
    assert!(text(&companion.stderr).contains("$mode without the marker"));

    let bom = holon(&["encode", "--dims", "4"], b"\xef\xbb\xbf{\"a\":1}\r\n");
    assert!(bom.status.success(), "{}", text(&bom.stderr));
    let plain = holon(&["encode", "--dims", "4"], b"{\"a\":1}\n");
    assert_eq!(bom.stdout, plain.stdout);

    // More prototypes than an engram file holds: the message names the
    // cap, not a line.
    let input: String = (0..300)
        .map(|i| format!("{{\"f{}\":\"v{i}\",\"g{}\":{i}}}\n", i % 200, i % 150))
        .collect();
    let capacity = holon(&["mint", "--out", "/dev/null"], input.as_bytes());
    assert_eq!(capacity.status.code(), Some(1));
    let err = text(&capacity.stderr);
    assert!(
        err.contains("holds at most 256") && !err.contains("line"),
        "{err}"
    );
}

/// "Must be true" 2: under 1 GB, inputs of any size or shape end in a
/// verdict or an error with a line number, never an abort.
#[test]
fn odd_shapes_under_a_memory_limit() {
    let deep_array = format!("{}{}\n", "[".repeat(400_000), "]".repeat(400_000));
    let deep_object = format!("{}1{}\n", "{\"a\":".repeat(100_000), "}".repeat(100_000));
    let many_values = format!("{{\"a\":[{}]}}\n", vec!["1"; 400_000].join(","));
    let long_key = format!("{{\"{}\":1}}\n", "k".repeat(900_000));
    for (name, line) in [
        ("deep array", deep_array),
        ("deep object", deep_object),
        ("many values", many_values),
        ("long key", long_key),
    ] {
        let mut input = good_lines(20);
        input.push_str(&line);
        for args in [
            &["detect", "--warmup", "5"][..],
            // As many threads as asked for fit under the limit, no more.
            &["detect", "--warmup", "5", "--threads", "64"],
            &["encode"],
            &["mint", "--warmup", "30", "--out", "/dev/null"],
        ] {
            let out = run(args, input.as_bytes(), true);
            assert_no_panic(&out, &format!("{name} {args:?}"));
            let err = text(&out.stderr);
            if !out.status.success() {
                assert!(err.contains("line 21"), "{name} {args:?}: {err}");
            }
            if args[0] == "detect" {
                let verdicts = text(&out.stdout).lines().count();
                assert!(verdicts >= 20, "{name}: {verdicts} verdicts");
            }
        }
    }
}
