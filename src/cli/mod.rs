//! Command line: arguments → library calls → diagnostics → exit code.
//!
//! Exit codes: 0 success (warnings allowed), 1 the input or the output failed, 2 bad usage.
//! Output files are written to a temporary file beside the target and renamed, so a failed
//! run never leaves a PDF behind.

mod batch;

use clap::{Parser, Subcommand};
use protokoll::error::{Diagnostic, Error};
use protokoll::layout::{Kind, Variant};
use protokoll::layouts::LayoutDef;
use protokoll::render::Conformance;
use protokoll::resources::FolderResources;
use protokoll::RenderOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Parser)]
#[command(
    name = "protokoll",
    version,
    about = "Meeting description (JSON) → protocol PDF (PDF/A, PDF/UA)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Options shared by the commands that write a PDF.
#[derive(clap::Args)]
struct Common {
    /// Built-in layout name (kommun, samverkan) or path to a layout file (.toml).
    #[arg(long)]
    layout: Option<String>,
    /// PDF/A level: 1b, 2b, 2u, 2a (default, with PDF/UA-1), 3b, 3u, 3a (default when
    /// attachment files are embedded).
    #[arg(long)]
    pdfa: Option<String>,
    /// Leave out the signature fields.
    #[arg(long)]
    no_fields: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Render the protocol as PDF.
    Render {
        /// The meeting description.
        input: PathBuf,
        /// The PDF to write.
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        common: Common,
        /// The public version: confidential items show only number, title and the reason.
        #[arg(long)]
        public: bool,
    },
    /// Render a protokollsutdrag: the chosen paragraphs, certified.
    Extract {
        /// The meeting description.
        input: PathBuf,
        /// Paragraph number to include (repeat for more).
        #[arg(long = "item", required = true)]
        items: Vec<u32>,
        /// The PDF to write.
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        common: Common,
        /// The public version: confidential items show only number, title and the reason.
        #[arg(long)]
        public: bool,
    },
    /// Render the one-page notice (anslag) for the digital notice board.
    Notice {
        /// The meeting description.
        input: PathBuf,
        /// The PDF to write.
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// Sign a signature field (PAdES-B-B, as an incremental update).
    Sign(SignArgs),
    /// Check the signatures of a PDF: intact, revision covered, later changes, certificates,
    /// trust. Exit 0: at least one signature, every one sound and trusted (--trust); 3: every
    /// one sound but no --trust given (not checked against a trust root); 1: anything else.
    Verify {
        /// The signed PDF.
        pdf: PathBuf,
        /// PEM file of trusted root certificates.
        #[arg(long)]
        trust: Option<PathBuf>,
        /// Print JSON instead of lines.
        #[arg(long)]
        json: bool,
    },
    /// Render many meeting descriptions in parallel into a folder, with a manifest.
    Batch {
        /// Files, folders (searched for *.json) and glob patterns.
        inputs: Vec<String>,
        /// The output folder (mirrors the input tree).
        #[arg(short, long, required_unless_present = "verify")]
        output: Option<PathBuf>,
        /// Built-in layout name or path to a layout file.
        #[arg(long)]
        layout: Option<String>,
        /// PDF/A level for every file.
        #[arg(long)]
        pdfa: Option<String>,
        /// Parallel jobs (default: all cores).
        #[arg(long)]
        jobs: Option<usize>,
        /// Render everything, also what is unchanged.
        #[arg(long)]
        force: bool,
        /// Embed each input JSON in its PDF (PDF/A-3, AFRelationship Source).
        #[arg(long)]
        embed_source: bool,
        /// Also write OUTDIR/manifest.csv.
        #[arg(long)]
        manifest_csv: bool,
        /// Recompute the hashes of OUTDIR's manifest and report every difference.
        #[arg(long, value_name = "OUTDIR", conflicts_with_all = ["output", "inputs"])]
        verify: Option<PathBuf>,
    },
    /// List the signature fields of a PDF.
    Fields {
        /// The PDF.
        pdf: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Check a meeting description and print every problem found.
    Check {
        /// The meeting description.
        input: PathBuf,
        /// Built-in layout name or path to a layout file.
        #[arg(long)]
        layout: Option<String>,
    },
    /// Print the JSON Schema of the input format.
    Schema,
}

/// Runs the command line; returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Schema => {
            println!("{}", protokoll::schema());
            0
        }
        Command::Check { input, layout } => check(&input, layout.as_deref()),
        Command::Fields { pdf, json } => fields(&pdf, json),
        Command::Batch {
            inputs,
            output,
            layout,
            pdfa,
            jobs,
            force,
            embed_source,
            manifest_csv,
            verify,
        } => {
            if let Some(dir) = verify {
                return batch::verify(&dir);
            }
            let conformance: Option<Conformance> = match pdfa.as_deref().map(str::parse).transpose()
            {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("error: --pdfa: {e}");
                    return 2;
                }
            };
            let layout_def = match load_layout(layout.as_deref()) {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("error: {e}");
                    return 1;
                }
            };
            if inputs.is_empty() {
                eprintln!("error: name at least one input file, folder or pattern");
                return 2;
            }
            batch::run(batch::BatchArgs {
                inputs,
                outdir: output.expect("clap requires --output"),
                layout: layout_def,
                conformance,
                jobs,
                force,
                embed_source,
                manifest_csv,
            })
        }
        Command::Verify { pdf, trust, json } => verify(&pdf, trust.as_deref(), json),
        Command::Sign(args) => sign(args),
        Command::Render {
            input,
            output,
            common,
            public,
        } => render(
            &input,
            &output,
            &common,
            Variant {
                kind: Kind::Protocol,
                public,
            },
        ),
        Command::Extract {
            input,
            items,
            output,
            common,
            public,
        } => render(
            &input,
            &output,
            &common,
            Variant {
                kind: Kind::Extract(items),
                public,
            },
        ),
        Command::Notice {
            input,
            output,
            common,
        } => render(
            &input,
            &output,
            &common,
            Variant {
                kind: Kind::Notice,
                public: true,
            },
        ),
    }
}

fn load_layout(arg: Option<&str>) -> Result<Option<LayoutDef>, Error> {
    let Some(arg) = arg else { return Ok(None) };
    if arg.ends_with(".toml") || arg.contains('/') {
        let text = std::fs::read_to_string(arg).map_err(|e| Error::Layout {
            name: arg.to_string(),
            message: format!("cannot read the file: {e}"),
        })?;
        LayoutDef::parse(arg, &text).map(Some)
    } else {
        LayoutDef::builtin(arg).map(Some)
    }
}

fn read_input(input: &Path) -> Result<(String, FolderResources), Error> {
    let text = std::fs::read_to_string(input).map_err(|e| {
        Error::Input(vec![Diagnostic::error(
            "",
            format!("cannot read {}: {e}", input.display()),
        )
        .with_hint("check the path; the file must be UTF-8 JSON")])
    })?;
    let folder = input
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Ok((text, FolderResources::new(folder)))
}

/// The diagnostics of a failed file, one per line, each naming the file.
pub(crate) fn diagnostics_text(file: &Path, err: &Error) -> String {
    let mut out = String::new();
    match err {
        Error::Input(diagnostics) => {
            for d in diagnostics {
                out.push_str(&format!("{}: {d}\n", file.display()));
            }
            let n = diagnostics.iter().filter(|d| d.is_error()).count();
            out.push_str(&format!(
                "{}: {n} error(s); no PDF written\n",
                file.display()
            ));
        }
        other => out.push_str(&format!("{}: error: {other}\n", file.display())),
    }
    out
}

fn report(file: &Path, err: &Error) {
    let _ = std::io::stderr()
        .lock()
        .write_all(diagnostics_text(file, err).as_bytes());
}

fn warn(file: &Path, warnings: &[Diagnostic]) {
    for w in warnings {
        eprintln!("{}: {w}", file.display());
    }
}

fn check(input: &Path, layout: Option<&str>) -> i32 {
    let result = load_layout(layout).and_then(|layout| {
        let (text, resources) = read_input(input)?;
        protokoll::prepare(&text, layout.as_ref(), &resources)
    });
    match result {
        Ok(p) => {
            warn(input, &p.warnings);
            println!(
                "{}: ok ({} items, layout {})",
                input.display(),
                p.checked.meeting.items.len(),
                p.layout.name
            );
            0
        }
        Err(e) => {
            report(input, &e);
            1
        }
    }
}

fn render(input: &Path, output: &Path, common: &Common, variant: Variant) -> i32 {
    let conformance: Option<Conformance> = match common.pdfa.as_deref().map(str::parse).transpose()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: --pdfa: {e}");
            return 2;
        }
    };
    if output.exists() && same_file(input, output) {
        eprintln!(
            "error: the output would overwrite the input {}",
            input.display()
        );
        return 2;
    }
    let result = load_layout(common.layout.as_deref()).and_then(|layout| {
        let (text, resources) = read_input(input)?;
        let options = RenderOptions {
            layout,
            conformance,
            variant,
            no_fields: common.no_fields,
            embed_source: None,
        };
        protokoll::render_pdf(&text, &resources, &options)
    });
    match result {
        Ok(r) => {
            warn(input, &r.warnings);
            match write_atomically(output, &r.pdf) {
                Ok(()) => {
                    eprintln!(
                        "{}: {} pages, {} → {}",
                        input.display(),
                        r.pages,
                        r.conformance.name(),
                        output.display()
                    );
                    0
                }
                Err(e) => {
                    eprintln!(
                        "{}: error: cannot write {}: {e}",
                        input.display(),
                        output.display()
                    );
                    1
                }
            }
        }
        Err(e) => {
            report(input, &e);
            1
        }
    }
}

/// Writes to a temporary file in the target's folder, then renames: readers never see a
/// partial PDF, and a failure leaves nothing behind.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The options of `protokoll sign`.
#[derive(clap::Args)]
struct SignArgs {
    /// The PDF to sign.
    pdf: PathBuf,
    /// Field name (see `protokoll fields`).
    #[arg(long, required_unless_present = "complete")]
    field: Option<String>,
    /// PKCS#12 file with the signer's key and certificate.
    #[arg(long, required_unless_present_any = ["prepare", "complete"])]
    p12: Option<PathBuf>,
    /// Environment variable holding the PKCS#12 password (default: empty password).
    #[arg(long)]
    password_env: Option<String>,
    /// Reason for signing (`/Reason`).
    #[arg(long)]
    reason: Option<String>,
    /// Place of signing (`/Location`).
    #[arg(long)]
    location: Option<String>,
    /// Write the prepared file and, beside it, `OUT.sha256` with the digest to sign elsewhere.
    #[arg(long, conflicts_with_all = ["p12", "complete"], requires = "name")]
    prepare: bool,
    /// Signer's name for the appearance, with --prepare.
    #[arg(long)]
    name: Option<String>,
    /// Complete a prepared file with a CMS signature made elsewhere (--cms).
    #[arg(long, requires = "cms", conflicts_with_all = ["p12", "prepare"])]
    complete: bool,
    /// The CMS (DER, .p7s) from the signing service, with --complete.
    #[arg(long)]
    cms: Option<PathBuf>,
    /// Sign even when the certificate is expired, not yet valid or not for signing, or the
    /// signer is not the person printed under the field (each is still reported).
    #[arg(long)]
    force: bool,
    /// The signed PDF to write (never the input).
    #[arg(short, long)]
    output: PathBuf,
}

/// Refuses (or, with --force, warns about) what `sign` finds doubtful.
fn object(objections: Vec<String>, force: bool) -> Result<(), Error> {
    if objections.is_empty() {
        return Ok(());
    }
    if force {
        for o in &objections {
            eprintln!("warning: {o} (signing anyway: --force)");
        }
        return Ok(());
    }
    Err(Error::Sign(format!(
        "refusing to sign: {}; use --force to sign anyway",
        objections.join("; ")
    )))
}

fn sign(a: SignArgs) -> i32 {
    let (pdf, output) = (a.pdf.as_path(), a.output.as_path());
    if same_file(pdf, output) || pdf == output {
        eprintln!(
            "error: refusing to overwrite the input {}; write the signed copy to another file",
            pdf.display()
        );
        return 2;
    }
    let read = |p: &Path| {
        std::fs::read(p).map_err(|e| Error::Sign(format!("cannot read {}: {e}", p.display())))
    };
    let result: Result<Vec<u8>, Error> = (|| {
        let bytes = read(pdf)?;
        if a.complete {
            let cms = read(a.cms.as_deref().expect("clap requires --cms"))?;
            let prepared = protokoll::sign::reopen(&bytes)?;
            let now = chrono::Utc::now().timestamp();
            object(
                protokoll::sign::complete_objections(&prepared, &cms, now)?,
                a.force,
            )?;
            return protokoll::sign::complete(&prepared, &cms);
        }
        // The clock lives here, in the binary, not in the library.
        let now = chrono::Utc::now();
        let time = now.naive_utc();
        let field = a.field.clone().expect("clap requires --field");
        if a.prepare {
            let name = a.name.clone().unwrap_or_default();
            object(
                protokoll::sign::objections(&bytes, &field, &name, None, now.timestamp())?,
                a.force,
            )?;
            let request = protokoll::sign::SignRequest {
                field,
                signer: a.name.clone().unwrap_or_default(),
                time,
                reason: a.reason.clone(),
                location: a.location.clone(),
            };
            let prepared = protokoll::sign::prepare(&bytes, &request)?;
            let (gap, len) = (&prepared.contents, prepared.pdf.len());
            eprintln!(
                "{}: the signature covers the first {} bytes and the bytes from {} to the end \
                 (/ByteRange [0 {} {} {}])",
                output.display(),
                gap.start - 1,
                gap.end + 1,
                gap.start - 1,
                gap.end + 1,
                len - gap.end - 1
            );
            let hex: String = prepared.digest.iter().map(|b| format!("{b:02x}")).collect();
            let digest_path = PathBuf::from(format!("{}.sha256", output.display()));
            write_atomically(&digest_path, format!("{hex}\n").as_bytes())
                .map_err(|e| Error::Sign(format!("cannot write {}: {e}", digest_path.display())))?;
            eprintln!(
                "{}: SHA-256 to sign: {hex} (also in {})",
                output.display(),
                digest_path.display()
            );
            return Ok(prepared.pdf);
        }
        let password = match &a.password_env {
            Some(var) => std::env::var(var)
                .map_err(|_| Error::Sign(format!("the environment variable {var} is not set")))?,
            None => String::new(),
        };
        let identity = protokoll::sign::Identity::from_pkcs12(
            &read(a.p12.as_deref().expect("clap requires --p12"))?,
            &password,
        )?;
        object(
            protokoll::sign::objections(
                &bytes,
                &field,
                &identity.name(),
                Some((&identity.certificate, &identity.chain)),
                now.timestamp(),
            )?,
            a.force,
        )?;
        let request = protokoll::sign::SignRequest {
            field,
            signer: identity.name(),
            time,
            reason: a.reason.clone(),
            location: a.location.clone(),
        };
        protokoll::sign::sign(&bytes, &request, &identity)
    })();
    match result.and_then(|out| {
        write_atomically(output, &out)
            .map_err(|e| Error::Sign(format!("cannot write {}: {e}", output.display())))
    }) {
        Ok(()) => {
            eprintln!("{} → {}", pdf.display(), output.display());
            0
        }
        Err(e) => {
            eprintln!("{}: error: {e}", pdf.display());
            1
        }
    }
}

fn verify(pdf: &Path, trust: Option<&Path>, json: bool) -> i32 {
    let result = (|| {
        let roots = match trust {
            Some(p) => protokoll::sign::read_roots(
                &std::fs::read(p)
                    .map_err(|e| Error::Sign(format!("cannot read {}: {e}", p.display())))?,
            )?,
            None => Vec::new(),
        };
        let bytes = std::fs::read(pdf)
            .map_err(|e| Error::Sign(format!("cannot read {}: {e}", pdf.display())))?;
        // The clock lives here: certificates are judged now.
        protokoll::sign::verify(&bytes, &roots, chrono::Utc::now().timestamp())
    })();
    let reports = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}: error: {e}", pdf.display());
            return 1;
        }
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&reports).expect("reports serialise")
        );
    } else {
        for r in &reports {
            let coverage = match (r.revision, r.modifications.is_empty()) {
                (0, _) => "covers no revision".to_string(),
                (n, true) if n == r.revisions => "covers the whole file".to_string(),
                (n, true) => format!("revision {n} of {}; later only signatures", r.revisions),
                (n, false) => format!(
                    "revision {n} of {}; LATER CHANGES TO THE DOCUMENT",
                    r.revisions
                ),
            };
            println!(
                "{}: {} ({}), {}; {coverage}",
                r.field,
                if r.signer.is_empty() { "?" } else { &r.signer },
                r.signed_at,
                r.verdict()
            );
            for p in r
                .problem
                .iter()
                .chain(&r.certificate_problems)
                .chain(&r.person_mismatch)
            {
                println!("  problem: {p}");
            }
            for m in &r.modifications {
                println!("  changed: {m}");
            }
        }
        if reports.is_empty() {
            println!("{}: no signatures", pdf.display());
        }
    }
    let sound = !reports.is_empty() && reports.iter().all(|r| r.sound());
    match (sound, trust.is_some()) {
        (true, true) if reports.iter().all(|r| r.trusted == Some(true)) => 0,
        (true, false) => {
            eprintln!(
                "{}: intact, but not checked against a trust root (give --trust); exit 3",
                pdf.display()
            );
            3
        }
        _ => 1,
    }
}

fn fields(pdf: &Path, json: bool) -> i32 {
    let listed = std::fs::read(pdf)
        .map_err(|e| Error::Output(format!("cannot read {}: {e}", pdf.display())))
        .and_then(|bytes| protokoll::sign::list(&bytes, chrono::Utc::now().timestamp()));
    match listed {
        Ok(fields) if json => {
            println!(
                "{}",
                serde_json::to_string_pretty(&fields).expect("fields serialise")
            );
            i32::from(fields.iter().any(|f| f.sound == Some(false)))
        }
        Ok(fields) => {
            for f in &fields {
                let [x0, y0, x1, y1] = f.rect.map(|v| v.round() as i64);
                let state = match (f.signed, &f.verdict) {
                    (false, _) => "unsigned".to_string(),
                    (true, verdict) => format!(
                        "signed by {} {}, {}",
                        f.signer.as_deref().unwrap_or("?"),
                        f.signed_at.as_deref().unwrap_or(""),
                        verdict.as_deref().unwrap_or("NOT INTACT")
                    ),
                };
                println!(
                    "{:<20} {:<22} page {:<3} [{x0} {y0} {x1} {y1}]  {state}",
                    f.name, f.label, f.page
                );
            }
            if fields.is_empty() {
                eprintln!("{}: no signature fields", pdf.display());
            }
            // The same verdict as `verify`: a signature with something wrong fails.
            i32::from(fields.iter().any(|f| f.sound == Some(false)))
        }
        Err(e) => {
            eprintln!("{}: error: {e}", pdf.display());
            1
        }
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}
