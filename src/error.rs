//! The one error type of the library, and the diagnostics it carries.
//!
//! Every problem with the user's input is a [`Diagnostic`] that names the place it came from:
//! a JSON path such as `items[3].votes[0].ballots[2].name` (and line and column where the JSON
//! itself is malformed), or a key of a layout file. The binary prints them; the library never
//! prints anything.

use std::fmt;

/// How serious a diagnostic is. Warnings are reported but do not stop rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Reported; the protocol is still rendered.
    Warning,
    /// The input cannot be rendered.
    Error,
}

/// One problem found in the input, pointing back to where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// JSON path of the offending value (`items[3].decision`); empty for the document itself.
    pub path: String,
    /// Line and column in the input text, where known (1-based).
    pub position: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `path`.
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            path: path.into(),
            position: None,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at `path`.
    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(path, message)
        }
    }

    /// Adds a hint.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a line and column.
    #[must_use]
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.position = Some((line, column));
        self
    }

    /// Whether this diagnostic stops rendering.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}")?;
        if let Some((line, column)) = self.position {
            write!(f, " at line {line}, column {column}")?;
        }
        if !self.path.is_empty() {
            write!(f, " in `{}`", self.path)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The meeting description has errors (all of them are listed, warnings included).
    #[error("the meeting description has {} error(s)", count_errors(.0))]
    Input(Vec<Diagnostic>),
    /// The layout file is unusable.
    #[error("layout `{name}`: {message}")]
    Layout {
        /// Layout name or path.
        name: String,
        /// What is wrong, with the key or line where known.
        message: String,
    },
    /// The requested output cannot be made (e.g. PDF/A-2 with attachment files).
    #[error("{0}")]
    Output(String),
    /// A signature cannot be made or read (no such field, already signed, wrong password…).
    #[error("{0}")]
    Sign(String),
    /// krilla refused the document; the findings are mapped back to input where possible.
    #[error("the PDF writer refused the document: {0}")]
    Pdf(String),
}

fn count_errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| d.is_error()).count()
}
