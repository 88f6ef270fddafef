//! The archive manifest of a batch run (`OUTDIR/manifest.json`, optionally `.csv`): for every
//! protocol what a registry needs to register it and to verify it later — input and output
//! paths, the PDF's SHA-256, page count, body, meeting date, PDF/A level and layout — and the
//! hash of everything the output was made from, so an unchanged input is not rendered again.

use crate::error::Error;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The file name of the manifest in the output folder.
pub const FILE: &str = "manifest.json";

/// The manifest.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    /// Program and version that wrote it.
    pub program: String,
    /// One entry per output, sorted by output path.
    pub entries: Vec<Entry>,
}

/// One protocol.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Entry {
    /// The meeting description, as given on the command line.
    pub input: String,
    /// The PDF, relative to the output folder.
    pub output: String,
    /// SHA-256 of the PDF, hex.
    pub sha256: String,
    /// Number of pages.
    pub pages: usize,
    /// The organ.
    pub body: String,
    /// Sammanträdesdatum.
    pub meeting_date: String,
    /// "PDF/A-2a", "PDF/A-3a" …
    pub pdfa: String,
    /// Layout name.
    pub layout: String,
    /// SHA-256 of input, files it names, layout, options and program version.
    pub made_from: String,
}

/// Hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Manifest {
    /// Reads `OUTDIR/manifest.json`; an absent manifest is an empty one.
    pub fn read(outdir: &Path) -> Result<Manifest, Error> {
        let path = outdir.join(FILE);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| Error::Output(format!("{}: not a manifest: {e}", path.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Manifest::default()),
            Err(e) => Err(Error::Output(format!(
                "cannot read {}: {e}",
                path.display()
            ))),
        }
    }

    /// The manifest as JSON (sorted, so the same run writes the same bytes).
    pub fn to_json(&self) -> String {
        let mut m = self.clone();
        m.entries.sort_by(|a, b| a.output.cmp(&b.output));
        serde_json::to_string_pretty(&m).expect("manifest serialises") + "\n"
    }

    /// The manifest as CSV (RFC 4180 quoting), one row per protocol.
    pub fn to_csv(&self) -> String {
        let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        let mut out = String::from("input,output,sha256,pages,body,meeting_date,pdfa,layout\r\n");
        let mut entries = self.entries.clone();
        entries.sort_by(|a, b| a.output.cmp(&b.output));
        for e in entries {
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{}\r\n",
                q(&e.input),
                q(&e.output),
                e.sha256,
                e.pages,
                q(&e.body),
                e.meeting_date,
                e.pdfa,
                q(&e.layout)
            ));
        }
        out
    }

    /// Recomputes every hash; returns one line per difference (missing or changed file).
    pub fn verify(&self, outdir: &Path) -> Vec<String> {
        let mut problems = Vec::new();
        for e in &self.entries {
            match std::fs::read(outdir.join(&e.output)) {
                Ok(bytes) => {
                    let actual = sha256_hex(&bytes);
                    if actual != e.sha256 {
                        problems.push(format!(
                            "{}: changed: SHA-256 is {actual}, the manifest says {}",
                            e.output, e.sha256
                        ));
                    }
                }
                Err(err) => problems.push(format!("{}: missing: {err}", e.output)),
            }
        }
        problems
    }
}
