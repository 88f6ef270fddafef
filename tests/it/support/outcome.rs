//! What a run of the binary must show: success (else its stderr is the message), or a
//! refusal with exit code 1, its stderr to look into, and no output file left behind; and
//! the text of a PDF when poppler is there, alone or after the run that wrote it.

use std::path::Path;
use std::process::Output;

/// The run's stderr as text.
pub fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts that the run succeeded, showing its stderr if not.
pub fn assert_success(out: &Output) {
    assert!(out.status.success(), "{}", stderr_of(out));
}

/// Asserts exit code 1 and returns the stderr, where the diagnostics are.
pub fn failed(out: &Output) -> String {
    let err = stderr_of(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    err
}

/// Asserts exit code 1 and that `output` was not written; returns the stderr.
pub fn refused(out: &Output, output: &Path) -> String {
    let err = failed(out);
    assert!(!output.exists(), "{} was written: {err}", output.display());
    err
}

/// Runs `protokoll args… -o pdf`, asserts success, and returns the text poppler extracts
/// from what it wrote, or `None` when pdftotext is not installed (a failure when `CI=true`).
pub fn written_text(args: &[&str], pdf: &Path) -> Option<String> {
    let mut args = args.to_vec();
    args.extend(["-o", pdf.to_str().unwrap()]);
    assert_success(&super::protokoll(&args));
    pdf_text(pdf)
}

/// The text poppler extracts from the whole pages of `pdf`, or `None` when pdftotext is not
/// installed (a failure when `CI=true`).
pub fn pdf_text(pdf: &Path) -> Option<String> {
    super::have("pdftotext").then(|| super::extracted_text(pdf, None))
}
