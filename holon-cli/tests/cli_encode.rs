//! `holon encode`: one vector a line, any dimension, clear errors.

use std::io::Write;
use std::process::{Output, Stdio};

mod common;
use common::holon_command;

fn encode(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = holon_command()
        .arg("encode")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the holon binary runs");
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(stdin)
        .expect("stdin accepts the input");
    child.wait_with_output().expect("holon finishes")
}

#[test]
fn each_line_becomes_a_vector_equal_to_the_library() {
    let input = b"{\"protocol\":\"UDP\",\"src_port\":53}\n\n{\"bytes\":{\"$log\":52}}\r\n";
    let out = encode(&["--dims", "4096"], input);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "the empty line is skipped");
    let mut holon = holon_std::Holon::<4096>::new(0);
    let first = holon
        .encode_json(r#"{"protocol":"UDP","src_port":53}"#)
        .unwrap();
    assert_eq!(lines[0], first.to_string());
    let second = holon.encode_json(r#"{"bytes":{"$log":52}}"#).unwrap();
    assert_eq!(lines[1], second.to_string());
}

#[test]
fn every_dimension_is_a_prefix_of_a_larger_one() {
    let input =
        b"{\"a\":[1,2,{\"b\":null}],\"t\":{\"$time\":0},\"x\":{\"$linear\":3,\"$scale\":7}}\n";
    let big = encode(&["--dims", "20000"], input).stdout;
    for dims in [1usize, 256, 257, 4096, 5000, 16384] {
        let small = encode(&["--dims", &dims.to_string()], input).stdout;
        assert_eq!(small.len(), dims + 1);
        assert_eq!(&small[..dims], &big[..dims], "dims {dims}");
    }
}

#[test]
fn a_bad_line_stops_with_its_number_after_the_good_ones() {
    let input = b"{\"a\":1}\n{\"b\":2}\n{\"c\": \n{\"d\":4}\n";
    let out = encode(&["--dims", "16"], input);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 2);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("line 3"), "{err}");
    let utf8 = encode(&[], b"{\"a\":1}\n{\"a\":\"\xff\"}\n");
    assert_eq!(utf8.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&utf8.stderr).contains("line 2: invalid UTF-8"));
    let marker = encode(&[], b"{\"m\":{\"$seq\":[],\"$mode\":\"up\"}}\n");
    assert!(String::from_utf8_lossy(&marker.stderr).contains("line 1: malformed marker"));
}

#[test]
fn file_input_and_usage_errors() {
    let dir = std::env::temp_dir().join(format!("holon-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("docs.jsonl");
    std::fs::write(&file, "{\"a\":1}\n").unwrap();
    let from_file = encode(&["--dims", "8", file.to_str().unwrap()], b"");
    let from_stdin = encode(&["--dims", "8", "-"], b"{\"a\":1}\n");
    assert!(from_file.status.success());
    assert_eq!(from_file.stdout, from_stdin.stdout);
    let missing = encode(&[dir.join("nope").to_str().unwrap()], b"");
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nope"));
    assert_eq!(encode(&["--dims", "65537"], b"").status.code(), Some(2));
    assert_eq!(encode(&["a", "b"], b"").status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}
