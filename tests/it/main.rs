//! Integration tests: the `protokoll` binary on the samples and on bad inputs, with the
//! third-party checkers (qpdf, poppler, PDFBox Preflight) run on every output.
//!
//! A checker that is missing skips its check locally, but fails the test when `CI=true`:
//! `.ci/run` installs them all.

// Test files are small and the tests run on 64-bit targets: their casts cannot truncate.
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap
)]
// The tests read the environment (CI, checker paths) and the clock (certificates made now).
#![allow(clippy::disallowed_methods)]

mod additions;
mod attacks;
mod batch;
mod chairs_and_letters;
mod diagnostics;
mod fields;
mod fuzz;
mod fuzz_pdf;
mod layout;
mod municipal;
mod origins;
mod package;
mod reference;
mod reference_bytes;
mod registrar;
mod render;
mod signing;
mod source;
mod support;
