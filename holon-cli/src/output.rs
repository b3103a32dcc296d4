//! Output: one locked, buffered standard output, and messages on standard
//! error that never panic.
//!
//! A failed write to standard output ends the program with a message and a
//! non-zero status ([`Failure::Output`]), except a closed pipe
//! (`holon detect f | head`), which ends it quietly with status 0, as
//! command-line tools do. Messages to standard error are best effort: if
//! standard error itself fails (`2>/dev/full`) the exit status still tells.

use std::fmt;
use std::io::{self, BufWriter, StdoutLock, Write};
use std::process::ExitCode;

/// Why the program stops early.
#[derive(Debug)]
pub enum Failure {
    /// A command-line mistake: message, then a hint; status 2.
    Usage(String),
    /// Bad input (a file, a line): message; status 1.
    Input(String),
    /// Writing standard output failed; status 1 (0 for a closed pipe).
    Output(io::Error),
}

impl Failure {
    /// Prints the failure (best effort) and gives the exit status; `usage`
    /// is the usage text of the command that failed.
    pub fn report(self, usage: &str) -> ExitCode {
        match self {
            Failure::Usage(why) => {
                message(format_args!("holon: {why}\n\n{usage}"));
                ExitCode::from(2)
            }
            Failure::Input(why) => {
                message(format_args!("holon: {why}\n"));
                ExitCode::FAILURE
            }
            Failure::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Failure::Output(e) => {
                message(format_args!("holon: writing standard output: {e}\n"));
                ExitCode::FAILURE
            }
        }
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Output(e)
    }
}

impl From<lexopt::Error> for Failure {
    fn from(e: lexopt::Error) -> Self {
        Failure::Usage(e.to_string())
    }
}

/// Writes to standard error, ignoring failure (there is nowhere left to
/// report it; the exit status does).
pub fn message(args: fmt::Arguments<'_>) {
    let _ = io::stderr().lock().write_fmt(args);
}

/// Standard output, locked and buffered.
pub struct Out {
    writer: BufWriter<StdoutLock<'static>>,
}

impl Out {
    /// Locks standard output.
    pub fn new() -> Self {
        Self {
            writer: BufWriter::with_capacity(1 << 16, io::stdout().lock()),
        }
    }

    /// Writes `bytes`.
    pub fn write(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        self.writer.write_all(bytes).map_err(Failure::Output)
    }

    /// The writer, for `serde_json::to_writer` and `write!`.
    pub fn writer(&mut self) -> &mut impl Write {
        &mut self.writer
    }

    /// Flushes everything written so far.
    pub fn flush(&mut self) -> Result<(), Failure> {
        self.writer.flush().map_err(Failure::Output)
    }
}

/// Prints `text` on standard output (for `--help`, `--version`).
pub fn print(text: &str) -> Result<(), Failure> {
    let mut out = Out::new();
    out.write(text.as_bytes())?;
    out.flush()
}
