//! The `protokoll` command: a thin layer over the library (see `cli`).
#![forbid(unsafe_code)]

mod cli;

fn main() {
    std::process::exit(cli::run());
}
