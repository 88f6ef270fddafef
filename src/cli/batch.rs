//! `protokoll batch`: regenerate many protocols in parallel, incrementally, with a manifest.
//!
//! Inputs are files, folders (searched recursively for `*.json`) and glob patterns; the
//! output folder mirrors the input tree. One bad input never stops the run: it is reported
//! with its diagnostics and the exit code says so. Every PDF is written to a temporary file
//! and renamed, so an interrupted run leaves no partial PDF.

use super::{diagnostics_text, write_atomically};
use protokoll::error::Error;
use protokoll::layouts::LayoutDef;
use protokoll::manifest::{sha256_hex, Entry, Manifest};
use protokoll::render::Conformance;
use protokoll::resources::FolderResources;
use protokoll::RenderOptions;
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// What to do.
pub struct BatchArgs {
    pub inputs: Vec<String>,
    pub outdir: PathBuf,
    pub layout: Option<LayoutDef>,
    pub conformance: Option<Conformance>,
    pub jobs: Option<usize>,
    pub force: bool,
    pub embed_source: bool,
    pub manifest_csv: bool,
}

struct Job {
    input: PathBuf,
    output: PathBuf,
}

enum Outcome {
    Rendered(Entry),
    Skipped(Entry),
    Failed(String),
}

/// Files to render and where each PDF goes.
fn discover(inputs: &[String], outdir: &Path) -> Result<Vec<Job>, String> {
    let mut jobs = Vec::new();
    let out_for = |rel: &Path| outdir.join(rel).with_extension("pdf");
    for arg in inputs {
        let path = Path::new(arg);
        if arg.contains(['*', '?', '[']) {
            let matches = glob::glob(arg).map_err(|e| format!("{arg}: bad pattern: {e}"))?;
            let mut found: Vec<PathBuf> = matches
                .filter_map(Result::ok)
                .filter(|p| p.is_file())
                .collect();
            found.sort();
            for f in found {
                let name = PathBuf::from(f.file_name().unwrap_or_default());
                jobs.push(Job {
                    output: out_for(&name),
                    input: f,
                });
            }
        } else if path.is_dir() {
            let mut stack = vec![path.to_path_buf()];
            let mut found = Vec::new();
            while let Some(dir) = stack.pop() {
                let entries =
                    std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                for entry in entries.flatten() {
                    let p = entry.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if p.extension().is_some_and(|e| e == "json") {
                        found.push(p);
                    }
                }
            }
            found.sort();
            for f in found {
                let rel = f.strip_prefix(path).unwrap_or(&f).to_path_buf();
                jobs.push(Job {
                    output: out_for(&rel),
                    input: f,
                });
            }
        } else if path.is_file() {
            let name = PathBuf::from(path.file_name().unwrap_or_default());
            jobs.push(Job {
                output: out_for(&name),
                input: path.to_path_buf(),
            });
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

fn render_one(job: &Job, a: &BatchArgs, previous: Option<&Entry>) -> Outcome {
    let fail = |e: &Error| Outcome::Failed(diagnostics_text(&job.input, e));
    let json = match super::read_meeting_text(&job.input) {
        Ok(s) => s,
        Err(d) => return fail(&Error::Input(vec![d])),
    };
    let folder = job
        .input
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let prepared = match protokoll::prepare(&json, a.layout.as_ref(), &FolderResources::new(folder))
    {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    // Everything the output is made from: input, the files it names, layout, options, program.
    let mut basis = json.clone().into_bytes();
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
    let made_from = sha256_hex(&basis);
    let output_rel = relative(&job.output, &a.outdir);
    if !a.force {
        if let Some(prev) = previous.filter(|p| p.made_from == made_from && job.output.is_file()) {
            return Outcome::Skipped(prev.clone());
        }
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
    let body = prepared.checked.meeting.body.name.clone();
    let meeting_date = prepared.checked.meeting.date.clone();
    let layout = prepared.layout.name.clone();
    let rendered = match protokoll::render_prepared(&json, prepared, &options) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    if let Some(dir) = job.output.parent() {
        if let Err(e) = std::fs::create_dir_all(dir) {
            return Outcome::Failed(format!(
                "{}: error: cannot create {}: {e}\n",
                job.input.display(),
                dir.display()
            ));
        }
    }
    if let Err(e) = write_atomically(&job.output, &rendered.pdf) {
        return Outcome::Failed(format!(
            "{}: error: cannot write {}: {e}\n",
            job.input.display(),
            job.output.display()
        ));
    }
    Outcome::Rendered(Entry {
        input: job.input.to_string_lossy().into_owned(),
        output: output_rel,
        sha256: sha256_hex(&rendered.pdf),
        pages: rendered.pages,
        body,
        meeting_date,
        pdfa: rendered.conformance.name().to_string(),
        layout,
        made_from,
    })
}

/// Runs a batch; returns the exit code.
pub fn run(a: BatchArgs) -> i32 {
    let jobs = match discover(&a.inputs, &a.outdir) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    if let Err(e) = std::fs::create_dir_all(&a.outdir) {
        eprintln!("error: cannot create {}: {e}", a.outdir.display());
        return 1;
    }
    let previous = match Manifest::read(&a.outdir) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let threads = a.jobs.unwrap_or(0);
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let terminal = std::io::stderr().is_terminal();
    let bar = terminal.then(|| {
        let bar = indicatif::ProgressBar::new(jobs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} {eta} {msg}")
                .expect("valid template"),
        );
        bar
    });
    let failed = AtomicUsize::new(0);
    let outcomes: Vec<Outcome> = pool.install(|| {
        jobs.par_iter()
            .map(|job| {
                let rel = relative(&job.output, &a.outdir);
                let prev = previous.entries.iter().find(|e| e.output == rel);
                let outcome = render_one(job, &a, prev);
                match (&outcome, &bar) {
                    (Outcome::Failed(text), Some(bar)) => bar.suspend(|| eprint!("{text}")),
                    (Outcome::Failed(text), None) => eprint!("{text}"),
                    (Outcome::Rendered(_), None) => eprintln!(
                        "rendered {} → {}",
                        job.input.display(),
                        job.output.display()
                    ),
                    (Outcome::Skipped(_), None) => eprintln!("unchanged {}", job.input.display()),
                    _ => {}
                }
                if matches!(outcome, Outcome::Failed(_)) {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
                if let Some(bar) = &bar {
                    bar.inc(1);
                }
                outcome
            })
            .collect()
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let (mut rendered, mut skipped) = (0, 0);
    let mut manifest = Manifest {
        program: format!("protokoll {}", env!("CARGO_PKG_VERSION")),
        entries: Vec::new(),
    };
    let mut fresh = std::collections::BTreeSet::new();
    for o in outcomes {
        match o {
            Outcome::Rendered(e) => {
                rendered += 1;
                fresh.insert(e.output.clone());
                manifest.entries.push(e);
            }
            Outcome::Skipped(e) => {
                skipped += 1;
                fresh.insert(e.output.clone());
                manifest.entries.push(e);
            }
            Outcome::Failed(_) => {}
        }
    }
    // Protocols of earlier runs that this run did not touch stay registered.
    manifest.entries.extend(
        previous
            .entries
            .into_iter()
            .filter(|e| !fresh.contains(&e.output)),
    );
    let mut code = 0;
    if let Err(e) = write_atomically(
        &a.outdir.join(protokoll::manifest::FILE),
        manifest.to_json().as_bytes(),
    ) {
        eprintln!("error: cannot write the manifest: {e}");
        code = 1;
    }
    if a.manifest_csv {
        if let Err(e) =
            write_atomically(&a.outdir.join("manifest.csv"), manifest.to_csv().as_bytes())
        {
            eprintln!("error: cannot write the CSV manifest: {e}");
            code = 1;
        }
    }
    let failed = failed.into_inner();
    eprintln!("{rendered} rendered, {skipped} skipped, {failed} failed");
    if failed > 0 {
        1
    } else {
        code
    }
}

/// `protokoll batch --verify OUTDIR`.
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
    let problems = manifest.verify(outdir);
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
