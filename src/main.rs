//! The `protokoll` command: a thin layer over the library (see `cli`).
#![forbid(unsafe_code)]

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    // Exit codes are 0 to 3; anything else would be a bug reported as a plain failure.
    ExitCode::from(u8::try_from(cli::run()).unwrap_or(1))
}
