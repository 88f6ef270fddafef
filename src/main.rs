//! The `protokoll` command: a thin layer over the library (see `cli`).
#![forbid(unsafe_code)]

// The binary is where the clock and the environment are read (clippy.toml bans them in the
// library), and handed to the library as arguments.
#[allow(clippy::disallowed_methods)]
mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    // Exit codes are 0 to 3; anything else would be a bug reported as a plain failure.
    ExitCode::from(u8::try_from(cli::run()).unwrap_or(1))
}
