//! The `holon` command line: argument parsing and subcommands.
//!
//! Parsing is hand-written (a few flags do not justify a dependency) and
//! follows the usual conventions: `--flag value` or `--flag=value`, and `--`
//! ends the options so a TEXT such as `-0` or `--seed` is taken literally.

use std::fmt;
use std::io::{self, Write};

use holon_core::{AtomKey, DEFAULT_SEED};

/// Usage text printed by `holon help` and on usage errors.
pub const USAGE: &str = "\
usage: holon <command> [options]

commands:
  atom [--seed S] [--dims D] [--] TEXT
        print the D components (default 4096) of atom TEXT under seed S
        (default 0) as one line of '+', '-', '0'
  help  print this text
";

/// A command-line mistake; the binary prints it with [`USAGE`] and exits 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Options of `holon atom`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtomArgs {
    /// The codebook seed.
    pub seed: u64,
    /// How many components to print; any value >= 1.
    pub dims: u64,
    /// The atom's text.
    pub text: String,
}

/// Parses the arguments after `holon atom`.
///
/// ```
/// use holon_std::cli::{parse_atom_args, AtomArgs};
///
/// let args = ["--dims", "8", "--", "-0"].map(String::from);
/// assert_eq!(
///     parse_atom_args(&args).unwrap(),
///     AtomArgs { seed: 0, dims: 8, text: "-0".into() }
/// );
/// ```
pub fn parse_atom_args(args: &[String]) -> Result<AtomArgs, UsageError> {
    let mut seed = DEFAULT_SEED;
    let mut dims = 4096u64;
    let mut text = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        match flag {
            "--" => {
                let remaining: Vec<&String> = rest.by_ref().collect();
                match remaining.as_slice() {
                    [one] if text.is_none() => text = Some((*one).clone()),
                    [] if text.is_some() => {}
                    _ => return Err(UsageError("atom takes exactly one TEXT".into())),
                }
            }
            "--seed" => seed = parse_number(flag, inline, &mut rest)?,
            "--dims" => {
                dims = parse_number(flag, inline, &mut rest)?;
                if dims == 0 {
                    return Err(UsageError("--dims must be at least 1".into()));
                }
            }
            _ if arg.starts_with('-') && arg.len() > 1 => {
                return Err(UsageError(format!(
                    "unknown option {arg:?} (use -- before a TEXT that starts with '-')"
                )))
            }
            _ if text.is_none() => text = Some(arg.clone()),
            _ => return Err(UsageError("atom takes exactly one TEXT".into())),
        }
    }
    let text = text.ok_or_else(|| UsageError("atom needs a TEXT".into()))?;
    Ok(AtomArgs { seed, dims, text })
}

fn parse_number<'a>(
    flag: &str,
    inline: Option<String>,
    rest: &mut impl Iterator<Item = &'a String>,
) -> Result<u64, UsageError> {
    let value = match inline {
        Some(v) => v,
        None => rest
            .next()
            .cloned()
            .ok_or_else(|| UsageError(format!("{flag} needs a value")))?,
    };
    value
        .parse()
        .map_err(|_| UsageError(format!("{flag} takes a whole number >= 0, not {value:?}")))
}

/// Writes the atom's components as one line of `+`, `-`, `0`.
pub fn write_atom(args: &AtomArgs, out: &mut impl Write) -> io::Result<()> {
    let mut stream = AtomKey::new(args.seed, &args.text).stream();
    let mut chunk = [0i8; 4096];
    let mut line = [0u8; 4096];
    let mut left = args.dims;
    while left > 0 {
        let n = usize::try_from(left.min(chunk.len() as u64)).unwrap_or(chunk.len());
        stream.fill(&mut chunk[..n]);
        for (byte, &t) in line.iter_mut().zip(&chunk[..n]) {
            *byte = holon_core::vector::trit_char(t) as u8;
        }
        out.write_all(&line[..n])?;
        left -= n as u64;
    }
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn flags_in_both_forms() {
        let parsed = parse_atom_args(&args(&["--seed=42", "--dims", "7", "hello"])).unwrap();
        assert_eq!(
            parsed,
            AtomArgs {
                seed: 42,
                dims: 7,
                text: "hello".into()
            }
        );
    }

    #[test]
    fn double_dash_makes_dashes_literal() {
        let parsed = parse_atom_args(&args(&["--", "--seed"])).unwrap();
        assert_eq!(parsed.text, "--seed");
        assert_eq!(parse_atom_args(&args(&["x", "--"])).unwrap().text, "x");
    }

    #[test]
    fn mistakes_are_usage_errors() {
        for bad in [
            &["-0"][..],
            &[],
            &["a", "b"],
            &["--dims", "0", "x"],
            &["--dims", "-3", "x"],
            &["--seed"],
            &["--", "a", "b"],
            &["a", "--", "b"],
        ] {
            assert!(parse_atom_args(&args(bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn empty_text_is_an_atom() {
        assert_eq!(parse_atom_args(&args(&["--", ""])).unwrap().text, "");
        assert_eq!(parse_atom_args(&args(&[""])).unwrap().text, "");
    }

    #[test]
    fn prints_any_dimension() {
        for dims in [1u64, 5, 4096, 4097, 10_000] {
            let a = AtomArgs {
                seed: 0,
                dims,
                text: "hello".into(),
            };
            let mut out = Vec::new();
            write_atom(&a, &mut out).unwrap();
            assert_eq!(out.len() as u64, dims + 1);
        }
    }
}
