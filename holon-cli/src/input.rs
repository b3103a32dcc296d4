//! The one line reader every subcommand uses, and opening its input.
//!
//! A line is at most [`MAX_LINE_BYTES`] (the newline excluded): a longer
//! one is an error naming the line, and its rest is skipped without being
//! held, so a 2 GiB line (a gzip bomb, `/dev/zero`) costs time, never
//! memory. A trailing `\r` (CRLF files) is dropped, a UTF-8 byte order mark
//! at the start of line 1 is dropped (the limit counts the raw bytes), lines of only whitespace are skipped,
//! and a line must be UTF-8. Line numbers count every physical line, blank
//! ones included, from 1.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::PathBuf;

/// Longest line read, in bytes (1 MiB).
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// Why a line was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineError {
    /// The line is longer than the limit.
    TooLong {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The line is not UTF-8.
    NotUtf8 {
        /// Offset of the first invalid byte in the line.
        offset: usize,
    },
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineError::TooLong { limit } => write!(f, "longer than {limit} bytes"),
            LineError::NotUtf8 { offset } => write!(f, "invalid UTF-8 at byte {offset}"),
        }
    }
}

/// One step of a [`Lines`] reader.
pub enum Next<'a> {
    /// A non-blank line: its number and text (no line ending, no BOM).
    Line(u64, &'a str),
    /// A line that could not be read as text.
    Bad(u64, LineError),
    /// The end of the input.
    End,
}

/// Reads lines with a byte limit (see the module documentation).
pub struct Lines<R> {
    input: R,
    line: Vec<u8>,
    number: u64,
    limit: usize,
    /// In the middle of a line that was too long.
    skipping: bool,
}

impl<R: BufRead> Lines<R> {
    /// A reader of `input` with lines of at most `limit` bytes.
    pub fn new(input: R, limit: usize) -> Self {
        Self {
            input,
            line: Vec::new(),
            number: 0,
            limit,
            skipping: false,
        }
    }

    /// The number of the last line read.
    pub fn number(&self) -> u64 {
        self.number
    }

    /// The next non-blank line.
    pub fn next_line(&mut self) -> io::Result<Next<'_>> {
        let (start, end) = loop {
            self.line.clear();
            let (ended, too_long) = self.read_one()?;
            if !ended && self.line.is_empty() && !too_long {
                return Ok(Next::End);
            }
            self.number += 1;
            if too_long {
                return Ok(Next::Bad(
                    self.number,
                    LineError::TooLong { limit: self.limit },
                ));
            }
            let mut end = self.line.len();
            if self.line.ends_with(b"\r") {
                end -= 1;
            }
            let start = if self.number == 1 && self.line[..end].starts_with("\u{feff}".as_bytes()) {
                3
            } else {
                0
            };
            if !self.line[start..end].iter().all(u8::is_ascii_whitespace) {
                break (start, end);
            }
        };
        let number = self.number;
        Ok(match std::str::from_utf8(&self.line[start..end]) {
            Ok(text) => Next::Line(number, text),
            Err(e) => Next::Bad(
                number,
                LineError::NotUtf8 {
                    offset: e.valid_up_to(),
                },
            ),
        })
    }

    /// Reads one line into `self.line` (without its newline). Returns (a
    /// newline ended it, it was too long). A line past the limit is given
    /// up at once (a stopping caller reads no further); its rest is skipped
    /// at the next call.
    fn read_one(&mut self) -> io::Result<(bool, bool)> {
        if self.skipping {
            self.skipping = !self.skip_rest()?;
        }
        loop {
            let chunk = match self.input.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                return Ok((false, false));
            }
            let (body, used, ended) = match chunk.iter().position(|&b| b == b'\n') {
                Some(at) => (&chunk[..at], at + 1, true),
                None => (chunk, chunk.len(), false),
            };
            if self.line.len() + body.len() > self.limit {
                self.input.consume(used);
                self.line = Vec::new();
                self.skipping = !ended;
                return Ok((ended, true));
            }
            self.line.extend_from_slice(body);
            self.input.consume(used);
            if ended {
                return Ok((true, false));
            }
        }
    }

    /// Reads past the rest of a too-long line; true when its newline came.
    fn skip_rest(&mut self) -> io::Result<bool> {
        loop {
            let chunk = match self.input.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                return Ok(false);
            }
            match chunk.iter().position(|&b| b == b'\n') {
                Some(at) => {
                    self.input.consume(at + 1);
                    return Ok(true);
                }
                None => {
                    let used = chunk.len();
                    self.input.consume(used);
                }
            }
        }
    }
}

/// Where a subcommand reads from: a file, or standard input (`-` or none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input.
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Source {
    /// The name used in messages.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "standard input".into(),
            Source::File(path) => path.display().to_string(),
        }
    }
}

/// Opens `source`; a directory or an unreadable file is an error naming it.
/// With `gzip`, input that starts with the gzip magic is decompressed (the
/// line limit then applies to the decompressed lines).
pub fn open(source: &Source, gzip: bool) -> Result<Box<dyn BufRead>, String> {
    let name = source.name();
    let input: Box<dyn BufRead> = match source {
        Source::Stdin => Box::new(io::stdin().lock()),
        Source::File(path) => {
            let file = File::open(path).map_err(|e| format!("{name}: {e}"))?;
            let meta = file.metadata().map_err(|e| format!("{name}: {e}"))?;
            if meta.is_dir() {
                return Err(format!("{name}: is a directory, not a file"));
            }
            Box::new(BufReader::with_capacity(1 << 16, file))
        }
    };
    if !gzip {
        return Ok(input);
    }
    maybe_gunzip(input).map_err(|e| format!("{name}: {e}"))
}

/// Wraps `input` in a gzip decoder when it starts with the gzip magic.
fn maybe_gunzip(mut input: Box<dyn BufRead>) -> io::Result<Box<dyn BufRead>> {
    let gzip = input.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    Ok(if gzip {
        Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(input),
        ))
    } else {
        input
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8], limit: usize) -> Vec<String> {
        let mut lines = Lines::new(bytes, limit);
        let mut out = Vec::new();
        loop {
            match lines.next_line().unwrap() {
                Next::Line(n, text) => out.push(format!("{n}:{text}")),
                Next::Bad(n, e) => out.push(format!("{n}!{e}")),
                Next::End => return out,
            }
        }
    }

    #[test]
    fn endings_blanks_bom_and_limits() {
        assert_eq!(
            read_all(b"\xef\xbb\xbfa\r\n\n  \r\nb\ncccccc\nd", 5),
            ["1:a", "4:b", "5!longer than 5 bytes", "6:d"]
        );
        assert_eq!(read_all(b"\xef\xbb\xbf\n\xef\xbb\xbfx\n", 8).len(), 1);
        assert_eq!(
            read_all(b"ok\n\xff\n", 8),
            ["1:ok", "2!invalid UTF-8 at byte 0"]
        );
        assert_eq!(read_all(b"", 8), Vec::<String>::new());
        assert_eq!(read_all(b"abcd\n", 4), ["1:abcd"]);
    }

    #[test]
    fn a_long_line_is_not_held() {
        let long = vec![b'x'; 1 << 20];
        let mut lines = Lines::new(&long[..], 16);
        assert!(matches!(lines.next_line().unwrap(), Next::Bad(1, _)));
        assert!(lines.line.capacity() <= 64 << 10);
        assert!(matches!(lines.next_line().unwrap(), Next::End));
    }
}
