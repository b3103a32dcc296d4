//! `holon atom` reproduces every golden atom, and handles its edges like a
//! well-behaved command-line tool.

use std::process::Output;

mod common;
use common::holon_command;

fn holon(args: &[&str]) -> Output {
    holon_command()
        .args(args)
        .output()
        .expect("the holon binary runs")
}

#[test]
fn reproduces_every_golden_atom() {
    let golden = holon_conformance::golden_atoms();
    for g in &golden {
        let (seed, dims) = (g.seed.to_string(), g.dims.to_string());
        let out = holon(&["atom", "--seed", &seed, "--dims", &dims, "--", &g.text]);
        assert!(
            out.status.success(),
            "{:?}: {}",
            g.text,
            String::from_utf8_lossy(&out.stderr)
        );
        let printed = String::from_utf8(out.stdout).expect("UTF-8");
        assert_eq!(printed.trim_end(), g.trits, "seed {seed} atom {:?}", g.text);
    }
    assert_eq!(golden.len(), 96);
}

#[test]
fn any_dimension_is_a_prefix_of_a_longer_one() {
    let long = holon(&["atom", "--dims", "5000", "x"]).stdout;
    for dims in [1usize, 3, 4097] {
        let short = holon(&["atom", "--dims", &dims.to_string(), "x"]).stdout;
        assert_eq!(short.len(), dims + 1);
        assert_eq!(&short[..dims], &long[..dims]);
    }
}

#[test]
fn text_that_looks_like_an_option_needs_double_dash() {
    let out = holon(&["atom", "--dims", "8", "--", "-0"]);
    assert!(out.status.success());
    assert_eq!(out.stdout.len(), 9);
    let refused = holon(&["atom", "-0"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("use --"));
}

#[test]
fn bad_usage_exits_2_with_a_message() {
    for args in [
        &["atom"][..],
        &["atom", "--dims", "0", "x"],
        &["frobnicate"],
        &[],
    ] {
        let out = holon(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("usage: holon"));
    }
}
