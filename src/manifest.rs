//! The archive manifest of a batch run (`OUTDIR/manifest.json`, optionally `.csv`): for every
//! protocol what a registry needs to register it and to verify it later — input and output
//! paths, the PDF's SHA-256, page count, body, meeting date, PDF/A level and layout — and the
//! hash of everything the output was made from, so an unchanged input is not rendered again.
//!
//! While a run is going, every output is announced in a journal (`OUTDIR/manifest.journal`,
//! one JSON entry per line, flushed to disk) *before* its PDF is renamed into place. Reading
//! the manifest replays the journal of an interrupted run and keeps a journal entry only when
//! the file on disk is the one it announces, so the manifest always matches the PDFs on disk.

use crate::error::Error;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The file name of the manifest in the output folder.
pub const FILE: &str = "manifest.json";
/// The journal of the run in progress (or of an interrupted one).
pub const JOURNAL: &str = "manifest.journal";
/// The lock file that keeps a second run out of the folder.
pub const LOCK: &str = ".protokoll.lock";

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
    /// SHA-256 of the PDF as it is registered (after signing, of the signed file), hex.
    pub sha256: String,
    /// Number of pages.
    pub pages: usize,
    /// The organ.
    pub body: String,
    /// The organisation (kommun, region, förbund).
    #[serde(default)]
    pub organisation: String,
    /// Sammanträdesdatum.
    pub meeting_date: String,
    /// "PDF/A-2a", "PDF/A-3a" …
    pub pdfa: String,
    /// Layout name.
    pub layout: String,
    /// SHA-256 of input, files it names, layout, options and program version.
    pub made_from: String,
    /// SHA-256 of the meeting description's bytes.
    #[serde(default)]
    pub input_sha256: String,
    /// The paragraphs, e.g. "1–9".
    #[serde(default)]
    pub paragraphs: String,
    /// Justeringsdatum, when adjusted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjusted: Option<String>,
    /// The render options, as command-line flags ("--pdfa 3u --embed-source").
    #[serde(default)]
    pub options: String,
    /// SHA-256 of the PDF as rendered, when it was signed in place afterwards (then `sha256`
    /// is the signed file's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rendered_sha256: Option<String>,
}

/// Hex SHA-256.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hex SHA-256 of a regular file's bytes, read in chunks.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(hex(&hasher.finalize()));
        }
        hasher.update(&buf[..n]);
    }
}

/// Where a manifest entry's output lives, if it is a plain relative path inside OUTDIR
/// (no `..`, no root, no empty name): entries are data, and data must not send us elsewhere.
pub fn output_path(outdir: &Path, output: &str) -> Result<PathBuf, String> {
    let rel = Path::new(output);
    let plain = !output.is_empty()
        && rel
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if plain {
        Ok(outdir.join(rel))
    } else {
        Err(format!(
            "{output}: refused: the manifest names a file outside the output folder"
        ))
    }
}

/// Checks that `path` is a regular file (not a link, device or folder) whose real location is
/// inside `outdir`; returns its size.
pub fn regular_file_inside(outdir: &Path, path: &Path) -> Result<u64, String> {
    let meta = std::fs::symlink_metadata(path).map_err(|e| format!("missing: {e}"))?;
    if !meta.file_type().is_file() {
        return Err("refused: not a regular file (a link, device or folder)".into());
    }
    let (Ok(root), Ok(real)) = (outdir.canonicalize(), path.canonicalize()) else {
        return Err("refused: cannot resolve the path".into());
    };
    if !real.starts_with(&root) {
        return Err("refused: outside the output folder".into());
    }
    Ok(meta.len())
}

impl Manifest {
    /// Reads `OUTDIR/manifest.json` and replays `OUTDIR/manifest.journal` if a run was
    /// interrupted; an absent manifest is an empty one.
    pub fn read(outdir: &Path) -> Result<Manifest, Error> {
        let path = outdir.join(FILE);
        let mut manifest = match read_regular(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| Error::Output(format!("{}: not a manifest: {e}", path.display())))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Manifest::default(),
            Err(e) => {
                return Err(Error::Output(format!(
                    "cannot read {}: {e}",
                    path.display()
                )))
            }
        };
        for entry in read_journal(outdir)? {
            manifest.apply_if_on_disk(outdir, entry);
        }
        Ok(manifest)
    }

    /// A journal entry counts only if its file is on disk with the announced hash: the run
    /// may have been killed between announcing and renaming.
    fn apply_if_on_disk(&mut self, outdir: &Path, entry: Entry) {
        let Ok(path) = output_path(outdir, &entry.output) else {
            return;
        };
        if regular_file_inside(outdir, &path).is_err()
            || sha256_file(&path).ok().as_deref() != Some(&entry.sha256)
        {
            return;
        }
        self.entries.retain(|e| e.output != entry.output);
        self.entries.push(entry);
    }

    /// The entry of an output path.
    #[must_use]
    pub fn entry(&self, output: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.output == output)
    }

    /// Replaces (or adds) the entry of `entry.output`.
    pub fn upsert(&mut self, entry: Entry) {
        self.entries.retain(|e| e.output != entry.output);
        self.entries.push(entry);
    }

    /// The manifest as JSON (sorted, so the same run writes the same bytes).
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut m = self.clone();
        m.entries.sort_by(|a, b| a.output.cmp(&b.output));
        serde_json::to_string_pretty(&m).expect("manifest serialises") + "\n"
    }

    /// The manifest as CSV (RFC 4180 quoting), one row per protocol.
    #[must_use]
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

    /// Recomputes every hash; returns one line per difference (missing, changed or refused
    /// file). Reads only regular files inside `outdir`.
    #[must_use]
    pub fn verify(&self, outdir: &Path) -> Vec<String> {
        let mut problems = Vec::new();
        for e in &self.entries {
            let path = match output_path(outdir, &e.output) {
                Ok(p) => p,
                Err(message) => {
                    problems.push(message);
                    continue;
                }
            };
            if let Err(message) = regular_file_inside(outdir, &path) {
                problems.push(format!("{}: {message}", e.output));
                continue;
            }
            match sha256_file(&path) {
                Ok(actual) if actual != e.sha256 => problems.push(format!(
                    "{}: changed: SHA-256 is {actual}, the manifest says {}",
                    e.output, e.sha256
                )),
                Ok(_) => {}
                Err(err) => problems.push(format!("{}: cannot read: {err}", e.output)),
            }
        }
        problems
    }
}

/// Reads our own bookkeeping file, which must be a regular file (a link to `/dev/zero` would
/// otherwise be read until memory runs out).
fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.file_type().is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "not a regular file (a link, device or folder); refused",
        ));
    }
    std::fs::read(path)
}

/// The journal's entries; a last line cut short by a kill is ignored, any other bad line is
/// an error (the journal is ours, so damage there must not pass silently).
fn read_journal(outdir: &Path) -> Result<Vec<Entry>, Error> {
    let path = outdir.join(JOURNAL);
    let text = match read_regular(&path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
            Error::Output(format!("{}: damaged journal: not UTF-8", path.display()))
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Error::Output(format!(
                "cannot read {}: {e}",
                path.display()
            )))
        }
    };
    let complete = text.ends_with('\n');
    let lines: Vec<&str> = text.lines().collect();
    let mut entries = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let last = i + 1 == lines.len();
        match serde_json::from_str::<Entry>(line) {
            Ok(e) => entries.push(e),
            Err(_) if last && !complete => {}
            Err(e) => {
                return Err(Error::Output(format!(
                    "{} line {}: damaged journal: {e}; remove the line (or the file) and run \
                     `protokoll batch --verify`",
                    path.display(),
                    i + 1
                )))
            }
        }
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_may_not_leave_the_output_folder() {
        let out = Path::new("/tmp/out");
        assert!(output_path(out, "a/b.pdf").is_ok());
        for bad in ["../x.pdf", "/dev/zero", "a/../../x", ""] {
            assert!(output_path(out, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_journal_cut_short_is_ignored_but_damage_inside_is_not() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.pdf"), b"pdf").unwrap();
        let entry = Entry {
            input: "a.json".into(),
            output: "a.pdf".into(),
            sha256: sha256_hex(b"pdf"),
            pages: 1,
            body: "B".into(),
            organisation: "O".into(),
            meeting_date: "2024-01-01".into(),
            pdfa: "PDF/A-2a".into(),
            layout: "samverkan".into(),
            made_from: "x".into(),
            input_sha256: String::new(),
            paragraphs: "1".into(),
            adjusted: None,
            options: String::new(),
            rendered_sha256: None,
        };
        let ghost = Entry {
            output: "b.pdf".into(),
            ..entry.clone()
        };
        let line = |e: &Entry| serde_json::to_string(e).unwrap();
        let journal = format!("{}\n{}\n{{\"inp", line(&entry), line(&ghost));
        std::fs::write(dir.path().join(JOURNAL), journal).unwrap();
        let m = Manifest::read(dir.path()).unwrap();
        // b.pdf was announced but never renamed into place: not registered.
        assert_eq!(m.entries, vec![entry.clone()]);
        std::fs::write(
            dir.path().join(JOURNAL),
            format!("{{\"x\n{}\n", line(&entry)),
        )
        .unwrap();
        assert!(Manifest::read(dir.path()).is_err());
        // Our own files must be regular files: a link to a device is refused, not read.
        std::fs::remove_file(dir.path().join(JOURNAL)).unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.path().join(FILE)).unwrap();
        let err = Manifest::read(dir.path()).unwrap_err().to_string();
        assert!(err.contains("not a regular file"), "{err}");
    }
}
