//! The `holon` command-line tool. `holon help` lists the commands.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use holon_std::cli::{self, UsageError, USAGE};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "atom" => run_atom(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        other => Err(Failure::Usage(UsageError(format!(
            "unknown command {other:?}"
        )))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(e)) => {
            eprintln!("holon: {e}\n\n{USAGE}");
            ExitCode::from(2)
        }
        // A closed pipe (`holon atom x | head -c 10`) is not an error.
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            eprintln!("holon: {e}");
            ExitCode::FAILURE
        }
    }
}

enum Failure {
    Usage(UsageError),
    Io(io::Error),
}

impl From<UsageError> for Failure {
    fn from(e: UsageError) -> Self {
        Failure::Usage(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

fn run_atom(args: &[String]) -> Result<(), Failure> {
    let parsed = cli::parse_atom_args(args)?;
    let mut out = BufWriter::new(io::stdout().lock());
    cli::write_atom(&parsed, &mut out)?;
    out.flush()?;
    Ok(())
}
