//! `protokoll batch`: regenerate many protocols in parallel, incrementally, with a manifest —
//! without ever destroying what a registry did to a file after rendering.
//!
//! Inputs are files, folders (searched recursively for `*.json`) and glob patterns; the
//! output folder mirrors the input tree and is itself never read as input. One bad input
//! never stops the run: it is reported with its diagnostics and the exit code says so.
//!
//! Safety rules (README, "Batch"):
//! - one run per output folder: an exclusive lock on `OUTDIR/.protokoll.lock`;
//! - every PDF is written to a temporary file, announced in the journal, then renamed, so an
//!   interrupted run leaves a manifest that matches the PDFs on disk; the next run removes
//!   stale temporary files and finishes the rest;
//! - an output whose current hash differs from the manifest's is never overwritten: a file
//!   signed in place is kept (and registered as signed when it extends the rendering with
//!   intact signatures); any other change is kept and reported, and only `--force` replaces
//!   it; a file with signatures is replaced only with `--force --replace-signed`.

use super::{diagnostics_text, write_atomically, write_replacing};
use protokoll::error::Error;
use protokoll::layout_def::LayoutDef;
use protokoll::manifest::{self, output_path, sha256_file, sha256_hex, Entry, Manifest};
use protokoll::render::Conformance;
use protokoll::resources::FolderResources;
use protokoll::{Prepared, RenderOptions};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs::File;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// What to do.
pub struct BatchArgs {
    pub inputs: Vec<String>,
    pub outdir: PathBuf,
    pub layout: Option<LayoutDef>,
    pub conformance: Option<Conformance>,
    pub jobs: Option<usize>,
    pub force: bool,
    pub replace_signed: bool,
    pub embed_source: bool,
    pub manifest_csv: bool,
    pub follow_symlinks: bool,
    pub wait: bool,
}

struct Job {
    input: PathBuf,
    output: PathBuf,
}

enum Outcome {
    Rendered(Entry),
    Skipped(Entry),
    /// The output changed after rendering and was kept; `Some` registers it (signed in place).
    Kept(String, Option<Entry>, bool),
    Failed(String),
}

/// The walk over the inputs: what to leave out and what to say about it.
struct Walk<'a> {
    outdir: Option<PathBuf>,
    follow_symlinks: bool,
    notes: &'a mut Vec<String>,
}

impl Walk<'_> {
    fn inside_outdir(&self, p: &Path) -> bool {
        match (&self.outdir, p.canonicalize()) {
            (Some(out), Ok(real)) => real.starts_with(out),
            _ => false,
        }
    }

    /// The `*.json` files under `root`, sorted. Symbolic links are followed only on request,
    /// and then a folder already visited (a loop, or a second way in) is not entered again.
    fn folder(&mut self, root: &Path) -> Result<Vec<PathBuf>, String> {
        let mut visited = BTreeSet::new();
        let mut stack = vec![root.to_path_buf()];
        let mut found = Vec::new();
        while let Some(dir) = stack.pop() {
            if self.inside_outdir(&dir) {
                continue;
            }
            if let Ok(real) = dir.canonicalize() {
                if !visited.insert(real) {
                    self.notes.push(format!(
                        "note: {}: already visited (symbolic link loop?); not entered again",
                        dir.display()
                    ));
                    continue;
                }
            }
            let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            for entry in entries.flatten() {
                let p = entry.path();
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                let is_json = p.extension().is_some_and(|e| e == "json");
                if kind.is_symlink() && !self.follow_symlinks {
                    if is_json || p.is_dir() {
                        self.notes.push(format!(
                            "note: {}: symbolic link skipped (--follow-symlinks follows them)",
                            p.display()
                        ));
                    }
                } else if p.is_dir() {
                    stack.push(p);
                } else if is_json && p.is_file() && !self.inside_outdir(&p) {
                    found.push(p);
                }
            }
        }
        found.sort();
        Ok(found)
    }
}

/// Files to render and where each PDF goes.
fn discover(a: &BatchArgs, notes: &mut Vec<String>) -> Result<Vec<Job>, String> {
    let outdir = &a.outdir;
    let mut walk = Walk {
        outdir: outdir.canonicalize().ok(),
        follow_symlinks: a.follow_symlinks,
        notes,
    };
    let mut jobs = Vec::new();
    let out_for = |rel: &Path| outdir.join(rel).with_extension("pdf");
    let file_job = |f: PathBuf| Job {
        output: out_for(Path::new(f.file_name().unwrap_or_default())),
        input: f,
    };
    for arg in &a.inputs {
        let path = Path::new(arg);
        if arg.contains(['*', '?', '[']) {
            let matches = glob::glob(arg).map_err(|e| format!("{arg}: bad pattern: {e}"))?;
            let mut found: Vec<PathBuf> = matches
                .filter_map(Result::ok)
                .filter(|p| p.is_file() && !walk.inside_outdir(p))
                .collect();
            found.sort();
            jobs.extend(found.into_iter().map(file_job));
        } else if path.is_dir() {
            for f in walk.folder(path)? {
                let rel = f.strip_prefix(path).unwrap_or(&f).to_path_buf();
                jobs.push(Job {
                    output: out_for(&rel),
                    input: f,
                });
            }
        } else if path.is_file() {
            jobs.push(file_job(path.to_path_buf()));
        } else {
            return Err(format!("{arg}: no such file or folder"));
        }
    }
    let mut seen = std::collections::BTreeMap::new();
    for j in &jobs {
        if let Some(other) = seen.insert(j.output.clone(), j.input.clone()) {
            return Err(format!(
                "{} and {} would both be written to {}",
                other.display(),
                j.input.display(),
                j.output.display()
            ));
        }
    }
    Ok(jobs)
}

fn relative(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// The render options as command-line flags, for the manifest and the archive package.
fn options_text(a: &BatchArgs) -> String {
    let mut parts = Vec::new();
    if let Some(c) = a.conformance {
        parts.push(format!("--pdfa {}", c.name().trim_start_matches("PDF/A-")));
    }
    if a.embed_source {
        parts.push("--embed-source".to_string());
    }
    parts.join(" ")
}

/// What is on disk where an output goes.
enum OnDisk {
    Absent,
    /// A regular file and its SHA-256.
    File(String),
}

fn on_disk(path: &Path) -> Result<OnDisk, String> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(OnDisk::Absent),
        Err(e) => Err(format!("cannot inspect: {e}")),
        Ok(m) if m.file_type().is_file() => sha256_file(path)
            .map(OnDisk::File)
            .map_err(|e| format!("cannot read: {e}")),
        Ok(_) => Err("refused: the output is a link, folder or device, not a regular file".into()),
    }
}

/// Whether `bytes` are the registered rendering with only signatures appended: some prefix
/// ending at an `%%EOF` has the registered hash, and every signature is intact and followed
/// only by signatures and form fields.
fn signed_extension_of(bytes: &[u8], rendered_sha256: &str) -> bool {
    let prefix_matches = bytes
        .windows(5)
        .enumerate()
        .filter(|(_, w)| *w == b"%%EOF")
        .any(|(i, _)| {
            let end = i + 5;
            [end, end + 1, end + 2]
                .into_iter()
                .filter(|&e| e < bytes.len())
                .any(|e| sha256_hex(&bytes[..e]) == rendered_sha256)
        });
    if !prefix_matches {
        return false;
    }
    // Certificates are not judged here (an expired one still makes a signed protocol).
    let now = chrono::Utc::now().timestamp();
    match protokoll::sign::verify(bytes, &[], now) {
        Ok(reports) => {
            !reports.is_empty()
                && reports
                    .iter()
                    .all(|r| r.intact && r.problem.is_none() && r.modifications.is_empty())
        }
        Err(_) => false,
    }
}

/// Whether a file carries signatures (or anything that looks like one: when in doubt, yes).
fn has_signatures(bytes: &[u8]) -> bool {
    match protokoll::sign::verify(bytes, &[], chrono::Utc::now().timestamp()) {
        Ok(reports) if !reports.is_empty() => true,
        _ => bytes.windows(10).any(|w| w == b"/ByteRange"),
    }
}

/// The decision for an output that is on disk with a hash other than the registered one.
fn changed_after_rendering(job: &Job, a: &BatchArgs, prev: Option<&Entry>) -> Option<Outcome> {
    let bytes = match std::fs::read(&job.output) {
        Ok(b) => b,
        Err(e) => {
            return Some(Outcome::Failed(format!(
                "{}: cannot read: {e}\n",
                job.output.display()
            )))
        }
    };
    let shown = job.output.display();
    if let Some(prev) = prev {
        let rendered = prev.rendered_sha256.as_deref().unwrap_or(&prev.sha256);
        if !(a.force && a.replace_signed) && signed_extension_of(&bytes, rendered) {
            let entry = Entry {
                sha256: sha256_hex(&bytes),
                rendered_sha256: Some(rendered.to_string()),
                ..prev.clone()
            };
            return Some(Outcome::Kept(
                format!("{shown}: signed after rendering: kept (signatures present); registered with its new hash"),
                Some(entry),
                false,
            ));
        }
    }
    let why = if prev.is_some() {
        "hash differs from the manifest"
    } else {
        "not in the manifest"
    };
    if has_signatures(&bytes) {
        if a.force && a.replace_signed {
            return None;
        }
        return Some(Outcome::Kept(
            format!(
                "{shown}: signed after rendering: kept (signatures present, {why}); \
                 --force --replace-signed replaces it"
            ),
            None,
            true,
        ));
    }
    if a.force {
        return None;
    }
    Some(Outcome::Kept(
        format!("{shown}: changed after rendering: kept ({why}); --force replaces it"),
        None,
        true,
    ))
}

/// Appends entries to the journal, each flushed to disk before its PDF is renamed into place.
struct Journal(Mutex<File>);

impl Journal {
    fn append(&self, entry: &Entry) -> std::io::Result<()> {
        let line = serde_json::to_string(entry).expect("entry serialises") + "\n";
        let file = self.0.lock().unwrap_or_else(|p| p.into_inner());
        (&*file).write_all(line.as_bytes())?;
        file.sync_data()
    }
}

fn render_one(job: &Job, a: &BatchArgs, previous: Option<&Entry>, journal: &Journal) -> Outcome {
    let fail = |e: &Error| Outcome::Failed(diagnostics_text(&job.input, e));
    let (json, input_sha256, prepared) = match read_and_prepare(job, a) {
        Ok(read) => read,
        Err(e) => return fail(&e),
    };
    let made_from = made_from(&json, &prepared, a);
    if let Some(outcome) = decide_from_disk(job, a, previous, &made_from) {
        return outcome;
    }
    let options = RenderOptions {
        layout: a.layout.clone(),
        conformance: a.conformance,
        embed_source: a.embed_source.then(|| {
            job.input
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        }),
        ..Default::default()
    };
    let checked = &prepared.checked;
    let body = checked.meeting.body.name.clone();
    let organisation = checked.meeting.organisation.name.clone();
    let meeting_date = checked.meeting.date.clone();
    let paragraphs = protokoll::swedish::number_ranges(&checked.numbers);
    let adjusted = checked.adjustment_date.map(protokoll::swedish::iso_date);
    let layout = prepared.layout.name.clone();
    let rendered = match protokoll::render_prepared(&json, prepared, &options) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    let entry = Entry {
        input: job.input.to_string_lossy().into_owned(),
        output: relative(&job.output, &a.outdir),
        sha256: sha256_hex(&rendered.pdf),
        pages: rendered.pages,
        body,
        organisation,
        meeting_date,
        pdfa: rendered.conformance.name().to_string(),
        layout,
        made_from,
        input_sha256,
        paragraphs,
        adjusted,
        options: options_text(a),
        rendered_sha256: None,
    };
    write_rendered(job, &rendered.pdf, entry, journal)
}

/// The input's text, its SHA-256, and the meeting parsed and validated.
fn read_and_prepare(job: &Job, a: &BatchArgs) -> Result<(String, String, Prepared), Error> {
    let bytes = super::read_meeting_bytes(&job.input).map_err(|d| Error::Input(vec![d]))?;
    let input_sha256 = sha256_hex(&bytes);
    let json = protokoll::parse::decode(&bytes).map_err(|d| Error::Input(vec![d]))?;
    let folder = job
        .input
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let prepared = protokoll::prepare(&json, a.layout.as_ref(), &FolderResources::new(folder))?;
    Ok((json, input_sha256, prepared))
}

/// The hash of everything the output is made from: input, the files it names, layout,
/// options, program.
fn made_from(json: &str, prepared: &Prepared, a: &BatchArgs) -> String {
    let mut basis = json.as_bytes().to_vec();
    basis.extend(
        format!(
            "{:?}|{:?}|{}|{}",
            prepared.layout,
            a.conformance,
            a.embed_source,
            env!("CARGO_PKG_VERSION")
        )
        .as_bytes(),
    );
    if let Some(logo) = &prepared.checked.logo {
        basis.extend(&logo.bytes);
    }
    for (_, file) in prepared
        .checked
        .attachments
        .iter()
        .filter_map(|x| x.file.as_ref())
    {
        basis.extend(file);
    }
    sha256_hex(&basis)
}

/// What the output on disk decides before rendering: a signed file is kept, an unchanged
/// one skipped, one changed after rendering kept or set aside; `None`: render.
fn decide_from_disk(
    job: &Job,
    a: &BatchArgs,
    previous: Option<&Entry>,
    made_from: &str,
) -> Option<Outcome> {
    let current = match on_disk(&job.output) {
        Ok(c) => c,
        Err(e) => return Some(Outcome::Failed(format!("{}: {e}\n", job.output.display()))),
    };
    let OnDisk::File(hash) = &current else {
        return None;
    };
    match previous.filter(|p| &p.sha256 == hash) {
        // Ours, as registered.
        Some(prev) if prev.rendered_sha256.is_some() && !(a.force && a.replace_signed) => {
            Some(Outcome::Kept(
                format!(
                    "{}: signed after rendering: kept (signatures present)",
                    job.output.display()
                ),
                Some(prev.clone()),
                false,
            ))
        }
        Some(prev) if prev.made_from == made_from && !a.force => {
            Some(Outcome::Skipped(prev.clone()))
        }
        Some(_) => None,
        None => changed_after_rendering(job, a, previous),
    }
}

/// Writes the PDF in place of the output, the journal entry flushed before the rename.
fn write_rendered(job: &Job, pdf: &[u8], entry: Entry, journal: &Journal) -> Outcome {
    if let Some(dir) = job.output.parent() {
        if let Err(e) = std::fs::create_dir_all(dir) {
            return Outcome::Failed(format!(
                "{}: error: cannot create {}: {e}\n",
                job.input.display(),
                dir.display()
            ));
        }
    }
    if let Err(e) = write_replacing(&job.output, pdf, || journal.append(&entry)) {
        return Outcome::Failed(format!(
            "{}: error: cannot write {}: {e}\n",
            job.input.display(),
            job.output.display()
        ));
    }
    Outcome::Rendered(entry)
}

/// Takes the folder's lock (or says who has it); the lock lasts as long as the file is open.
pub(crate) fn lock_outdir(outdir: &Path, wait: bool) -> Result<File, String> {
    let path = outdir.join(manifest::LOCK);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| format!("cannot open the lock file {}: {e}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) if wait => {
            eprintln!(
                "waiting: another protokoll batch is writing to {}",
                outdir.display()
            );
            file.lock()
                .map_err(|e| format!("cannot lock {}: {e}", path.display()))?;
            Ok(file)
        }
        Err(std::fs::TryLockError::WouldBlock) => Err(format!(
            "another protokoll batch is writing to {}; try again when it has finished \
             (--wait waits for it)",
            outdir.display()
        )),
        Err(std::fs::TryLockError::Error(e)) => Err(format!("cannot lock {}: {e}", path.display())),
    }
}

/// Removes the temporary files a killed run left behind (`.NAME.PID.tmp`); under the lock,
/// none of them can belong to a live run.
fn remove_stale_temporaries(outdir: &Path) -> usize {
    let mut removed = 0;
    let mut stack = vec![outdir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let name = entry.file_name().to_string_lossy().into_owned();
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file()
                && name.starts_with('.')
                && name.ends_with(".tmp")
                && std::fs::remove_file(entry.path()).is_ok()
            {
                removed += 1;
            }
        }
    }
    removed
}

/// Lock, clean up after a killed run, fold its journal into the manifest, open a new journal.
fn open_outdir(a: &BatchArgs) -> Result<(File, Manifest, Journal), String> {
    std::fs::create_dir_all(&a.outdir)
        .map_err(|e| format!("cannot create {}: {e}", a.outdir.display()))?;
    let lock = lock_outdir(&a.outdir, a.wait)?;
    let removed = remove_stale_temporaries(&a.outdir);
    if removed > 0 {
        eprintln!("removed {removed} temporary file(s) of an interrupted run");
    }
    let previous = Manifest::read(&a.outdir).map_err(|e| e.to_string())?;
    let journal_path = a.outdir.join(manifest::JOURNAL);
    if journal_path.exists() {
        write_manifest(&a.outdir, &previous, false)?;
    }
    let journal = File::create(&journal_path)
        .map_err(|e| format!("cannot create {}: {e}", journal_path.display()))?;
    Ok((lock, previous, Journal(Mutex::new(journal))))
}

/// Writes the manifest atomically, then drops the journal it now contains.
fn write_manifest(outdir: &Path, m: &Manifest, csv: bool) -> Result<(), String> {
    write_atomically(&outdir.join(manifest::FILE), m.to_json().as_bytes())
        .map_err(|e| format!("cannot write the manifest: {e}"))?;
    if csv {
        write_atomically(&outdir.join("manifest.csv"), m.to_csv().as_bytes())
            .map_err(|e| format!("cannot write the CSV manifest: {e}"))?;
    }
    match std::fs::remove_file(outdir.join(manifest::JOURNAL)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("cannot remove the journal: {e}"))
        }
        _ => Ok(()),
    }
}

/// Runs a batch; returns the exit code.
pub fn run(a: BatchArgs) -> i32 {
    match run_locked(&a) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

fn run_locked(a: &BatchArgs) -> Result<i32, String> {
    let mut notes = Vec::new();
    // The folder must exist for the walk to recognise it inside the input tree.
    std::fs::create_dir_all(&a.outdir)
        .map_err(|e| format!("cannot create {}: {e}", a.outdir.display()))?;
    let jobs = discover(a, &mut notes)?;
    let (_lock, previous, journal) = open_outdir(a)?;
    for n in &notes {
        eprintln!("{n}");
    }
    let threads = a.jobs.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| e.to_string())?;
    let progress = Progress::new(jobs.len());
    let outcomes: Vec<Outcome> = pool.install(|| {
        jobs.par_iter()
            .map(|job| {
                let rel = relative(&job.output, &a.outdir);
                let outcome = render_one(job, a, previous.entry(&rel), &journal);
                progress.report(job, &outcome);
                if let Outcome::Kept(_, Some(e), _) = &outcome {
                    if let Err(err) = journal.append(e) {
                        progress.say(format!("{}: cannot journal: {err}", e.output));
                    }
                }
                progress.step();
                outcome
            })
            .collect()
    });
    let (failed, changed_kept) = progress.finish();
    let (manifest, [rendered, skipped, kept]) = updated_manifest(&previous, outcomes);
    let mut code = 0;
    if let Err(e) = write_manifest(&a.outdir, &manifest, a.manifest_csv) {
        eprintln!("error: {e}");
        code = 1;
    }
    eprintln!("{rendered} rendered, {skipped} skipped, {kept} kept, {failed} failed");
    // A changed file that was kept needs someone's attention: the run did not finish it.
    Ok(if failed + changed_kept > 0 { 1 } else { code })
}

/// What a run tells as it goes: a progress bar on a terminal, else a line per file; and
/// the counts that decide the exit code.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    failed: AtomicUsize,
    changed_kept: AtomicUsize,
}

impl Progress {
    fn new(jobs: usize) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(jobs as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} {per_sec} {eta} {msg}",
                )
                .expect("valid template"),
            );
            bar
        });
        Progress {
            bar,
            failed: AtomicUsize::new(0),
            changed_kept: AtomicUsize::new(0),
        }
    }

    fn say(&self, text: String) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{text}")),
            None => eprintln!("{text}"),
        }
    }

    /// Tells what happened to one input (on a terminal only failures and kept files) and
    /// counts it.
    fn report(&self, job: &Job, outcome: &Outcome) {
        let quiet = self.bar.is_some();
        match outcome {
            Outcome::Failed(text) => self.say(text.trim_end().to_string()),
            Outcome::Kept(text, _, _) => self.say(text.clone()),
            Outcome::Rendered(_) if !quiet => self.say(format!(
                "rendered {} → {}",
                job.input.display(),
                job.output.display()
            )),
            Outcome::Skipped(_) if !quiet => self.say(format!("unchanged {}", job.input.display())),
            _ => {}
        }
        match outcome {
            Outcome::Failed(_) => self.failed.fetch_add(1, Ordering::Relaxed),
            Outcome::Kept(_, _, true) => self.changed_kept.fetch_add(1, Ordering::Relaxed),
            _ => 0,
        };
    }

    fn step(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// Clears the bar; returns how many inputs failed and how many changed files were kept.
    fn finish(self) -> (usize, usize) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
        (self.failed.into_inner(), self.changed_kept.into_inner())
    }
}

/// The manifest after the run, and how many inputs were rendered, skipped and kept.
fn updated_manifest(previous: &Manifest, outcomes: Vec<Outcome>) -> (Manifest, [usize; 3]) {
    let (mut rendered, mut skipped, mut kept) = (0, 0, 0);
    let mut manifest = previous.clone();
    manifest.program = format!("protokoll {}", env!("CARGO_PKG_VERSION"));
    for o in outcomes {
        match o {
            Outcome::Rendered(e) => {
                rendered += 1;
                manifest.upsert(e);
            }
            Outcome::Skipped(e) => {
                skipped += 1;
                manifest.upsert(e);
            }
            Outcome::Kept(_, entry, _) => {
                kept += 1;
                if let Some(e) = entry {
                    manifest.upsert(e);
                }
            }
            Outcome::Failed(_) => {}
        }
    }
    (manifest, [rendered, skipped, kept])
}

/// `protokoll batch --verify OUTDIR`: every registered file is there with its hash, and
/// every PDF in the folder is registered.
pub fn verify(outdir: &Path) -> i32 {
    let manifest = match Manifest::read(outdir) {
        Ok(m) if !m.entries.is_empty() => m,
        Ok(_) => {
            eprintln!("error: {} has no manifest entries", outdir.display());
            return 1;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let mut problems = manifest.verify(outdir);
    problems.extend(unregistered_pdfs(outdir, &manifest));
    for p in &problems {
        println!("{p}");
    }
    println!(
        "{} checked, {} differ",
        manifest.entries.len(),
        problems.len()
    );
    if problems.is_empty() {
        0
    } else {
        1
    }
}

/// PDFs in the folder (not following links) that the manifest does not list.
fn unregistered_pdfs(outdir: &Path, m: &Manifest) -> Vec<String> {
    let registered: BTreeSet<PathBuf> = m
        .entries
        .iter()
        .filter_map(|e| output_path(outdir, &e.output).ok())
        .collect();
    let mut out = Vec::new();
    let mut stack = vec![outdir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "pdf") && !registered.contains(&p) {
                out.push(format!("{}: not in the manifest", relative(&p, outdir)));
            }
        }
    }
    out.sort();
    out
}
