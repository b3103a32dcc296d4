//! How the integration tests run the `holon` binary: directly, or through
//! an emulator when the tests themselves run under one.

use std::process::Command;

/// The binary cargo built for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_holon");

/// The emulator command from `HOLON_CLI_RUNNER` (e.g. `qemu-aarch64 -L
/// /usr/aarch64-linux-gnu`, as scripts/test-aarch64.sh sets it), if any: a
/// test that qemu-user runs cannot exec a foreign binary by itself.
pub fn runner() -> Option<Vec<String>> {
    let runner = std::env::var("HOLON_CLI_RUNNER").unwrap_or_default();
    let words: Vec<String> = runner.split_whitespace().map(str::to_string).collect();
    (!words.is_empty()).then_some(words)
}

/// The `holon` binary as a command, through the runner when one is set.
pub fn holon_command() -> Command {
    match runner() {
        Some(words) => {
            let mut command = Command::new(&words[0]);
            command.args(&words[1..]).arg(BIN);
            command
        }
        None => Command::new(BIN),
    }
}
