//! Command line: arguments → library calls → diagnostics → exit code.
//!
//! Exit codes: 0 success (warnings allowed), 1 the input or the output failed, 2 bad usage.
//! Output files are written to a temporary file beside the target and renamed, so a failed
//! run never leaves a PDF behind; `-o -` writes to standard output, and a link, folder or
//! device as the output is refused, never replaced.

mod batch;

use clap::{Parser, Subcommand};
use protokoll::error::{Diagnostic, Error};
use protokoll::layout::{ItemRef, Kind, Variant};
use protokoll::layout_def::LayoutDef;
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

/// What the commands that write one document (render, extract, notice) share.
#[derive(clap::Args)]
struct DocumentArgs {
    /// The meeting description.
    input: PathBuf,
    /// The PDF to write (`-` for standard output).
    #[arg(short, long)]
    output: PathBuf,
    /// Built-in layout name (kommun, kommunfullmaktige, samverkan) or path to a layout file (.toml).
    #[arg(long)]
    layout: Option<String>,
    /// PDF/A level: 1b, 2b, 2u, 2a (default, with PDF/UA-1), 3b, 3u, 3a (default when
    /// attachment files are embedded).
    #[arg(long)]
    pdfa: Option<Conformance>,
    /// Leave out the signature fields.
    #[arg(long)]
    no_fields: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Render the protocol as PDF.
    Render {
        #[command(flatten)]
        document: DocumentArgs,
        /// The public version: confidential items show only number, title and the reason.
        #[arg(long)]
        public: bool,
    },
    /// Render a protokollsutdrag: the chosen paragraphs, certified.
    Extract {
        #[command(flatten)]
        document: DocumentArgs,
        /// Paragraph to include (repeat for more): 122 takes the whole paragraph with its
        /// sub-paragraphs 122 a and 122 b; 122a (or "122 a") only that sub-paragraph.
        #[arg(long = "item", required = true)]
        items: Vec<ItemRef>,
        /// The public version: confidential items show only number, title and the reason.
        #[arg(long)]
        public: bool,
    },
    /// Render the one-page notice (anslag) for the digital notice board.
    Notice {
        #[command(flatten)]
        document: DocumentArgs,
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
    Batch(BatchCommand),
    /// Build the e-archive transfer package (E-ARK SIP 2.1.0 / CSIP 2.1.0, FGS
    /// Paketstruktur 2.0) of the protocols registered in a batch output folder.
    Package(PackageArgs),
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
            // A closed pipe (`protokoll schema | head`) is not an error worth a panic.
            let _ = writeln!(std::io::stdout().lock(), "{}", protokoll::schema());
            0
        }
        Command::Check { input, layout } => check(&input, layout.as_deref()),
        Command::Fields { pdf, json } => fields(&pdf, json),
        Command::Package(args) => package(args),
        Command::Batch(args) => batch_command(args),
        Command::Verify { pdf, trust, json } => verify(&pdf, trust.as_deref(), json),
        Command::Sign(args) => sign(args),
        Command::Render { document, public } => render(
            &document,
            Variant {
                kind: Kind::Protocol,
                public,
            },
        ),
        Command::Extract {
            document,
            items,
            public,
        } => render(
            &document,
            Variant {
                kind: Kind::Extract(items),
                public,
            },
        ),
        // The notice is public: it is posted on the notice board.
        Command::Notice { document } => render(
            &document,
            Variant {
                kind: Kind::Notice,
                public: true,
            },
        ),
    }
}

/// `protokoll batch`.
#[derive(clap::Args)]
struct BatchCommand {
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
    pdfa: Option<Conformance>,
    /// Parallel jobs (default: all cores).
    #[arg(long)]
    jobs: Option<usize>,
    /// Render everything, also what is unchanged, and replace outputs changed after
    /// rendering — except signed ones (see --replace-signed).
    #[arg(long)]
    force: bool,
    /// With --force: replace also outputs that carry signatures.
    #[arg(long, requires = "force")]
    replace_signed: bool,
    /// Follow symbolic links in input folders (a folder reached twice is entered once).
    #[arg(long)]
    follow_symlinks: bool,
    /// Wait for another run writing to the same output folder instead of exiting.
    #[arg(long)]
    wait: bool,
    /// Embed each input JSON in its PDF (PDF/A-3, AFRelationship Source).
    #[arg(long)]
    embed_source: bool,
    /// Also write OUTDIR/manifest.csv.
    #[arg(long)]
    manifest_csv: bool,
    /// Recompute the hashes of OUTDIR's manifest and report every difference.
    #[arg(long, value_name = "OUTDIR", conflicts_with_all = ["output", "inputs"])]
    verify: Option<PathBuf>,
}

/// Checks a batch's arguments and runs it, or verifies an output folder.
fn batch_command(args: BatchCommand) -> i32 {
    if let Some(dir) = args.verify {
        return batch::verify(&dir);
    }
    let layout = match load_layout(args.layout.as_deref()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    if args.inputs.is_empty() {
        eprintln!("error: name at least one input file, folder or pattern");
        return 2;
    }
    batch::run(batch::BatchArgs {
        inputs: args.inputs,
        outdir: args.output.expect("clap requires --output"),
        layout,
        conformance: args.pdfa,
        jobs: args.jobs,
        force: args.force,
        replace_signed: args.replace_signed,
        embed_source: args.embed_source,
        manifest_csv: args.manifest_csv,
        follow_symlinks: args.follow_symlinks,
        wait: args.wait,
    })
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
    let text = read_meeting_text(input).map_err(|d| Error::Input(vec![d]))?;
    let folder = input
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Ok((text, FolderResources::new(folder)))
}

/// The text of a meeting file: an ordinary file within the size limit, UTF-8 or UTF-16.
pub(crate) fn read_meeting_text(input: &Path) -> Result<String, Diagnostic> {
    read_meeting_bytes(input).and_then(|bytes| protokoll::parse::decode(&bytes))
}

/// The meeting file's bytes: a regular file within the input size limit.
pub(crate) fn read_meeting_bytes(input: &Path) -> Result<Vec<u8>, Diagnostic> {
    use protokoll::resources::{read_regular_file, ResourceError};
    read_regular_file(input, protokoll::parse::MAX_INPUT_BYTES).map_err(|e| match e {
        ResourceError::TooLarge { size, .. } => protokoll::parse::too_large(size),
        e => Diagnostic::error("", format!("cannot read {}: {e}", input.display()))
            .with_hint("name an ordinary JSON file"),
    })
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
    // The whole protocol is laid out and written in memory, so that `check` refuses
    // everything `render` would; nothing is written to disk.
    let result = load_layout(layout).and_then(|layout| {
        let (text, resources) = read_input(input)?;
        let p = protokoll::prepare(&text, layout.as_ref(), &resources)?;
        let summary = (p.checked.meeting.items.len(), p.layout.name.clone());
        let options = RenderOptions::default();
        let rendered = protokoll::render_prepared(&text, p, &options)?;
        Ok((summary, rendered.warnings))
    });
    match result {
        Ok(((items, layout), warnings)) => {
            warn(input, &warnings);
            println!("{}: ok ({items} items, layout {layout})", input.display());
            0
        }
        Err(e) => {
            report(input, &e);
            1
        }
    }
}

fn render(document: &DocumentArgs, variant: Variant) -> i32 {
    let (input, output, common) = (&document.input, &document.output, document);
    if output != Path::new("-") && output.exists() && same_file(input, output) {
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
            conformance: common.pdfa,
            variant,
            no_fields: common.no_fields,
            embed_source: None,
        };
        protokoll::render_pdf(&text, &resources, &options)
    });
    match result {
        Ok(r) => {
            warn(input, &r.warnings);
            match write_output(output, &r.pdf) {
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

/// Writes a command's output: `-` is standard output, anything else a file written
/// atomically (see [`write_atomically`]).
pub fn write_output(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if path == Path::new("-") {
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)?;
        return out.flush();
    }
    write_atomically(path, bytes)
}

/// Refuses targets that a rename would destroy or that are not files at all: a symbolic
/// link (replacing it would cut the link; writing through it would write elsewhere), a
/// folder, a device node, a pipe or a socket.
pub fn check_target(path: &Path) -> std::io::Result<()> {
    let refuse = |what: &str| {
        Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{} {what}; refusing to replace it", path.display()),
        ))
    };
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
        Ok(m) if m.file_type().is_file() => Ok(()),
        Ok(m) if m.file_type().is_symlink() => {
            refuse("is a symbolic link (write to its target, or -o - for standard output)")
        }
        Ok(m) if m.is_dir() => refuse("is a folder (name a file in it)"),
        Ok(_) => refuse("is a device or other special file (-o - writes to standard output)"),
    }
}

/// Writes to a temporary file in the target's folder, then renames: readers never see a
/// partial PDF, and a failure leaves nothing behind.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_replacing(path, bytes, || Ok(()))
}

/// [`write_atomically`], running `before_rename` once the bytes are safely on disk and before
/// they replace the target (batch announces the file in its journal there).
pub fn write_replacing(
    path: &Path,
    bytes: &[u8],
    before_rename: impl FnOnce() -> std::io::Result<()>,
) -> std::io::Result<()> {
    check_target(path)?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    // create_new: never follow a link someone put where the temporary file goes.
    let result = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| before_rename())
        .and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The options of `protokoll package`.
#[derive(clap::Args)]
struct PackageArgs {
    /// The batch output folder (its manifest lists the protocols).
    outdir: PathBuf,
    /// The folder to write the package into, as `DIR/ID/` (or `DIR/ID.tar` with --tar).
    #[arg(short, long)]
    output: PathBuf,
    /// The package id (OBJID and folder name); default: derived from the contents.
    #[arg(long)]
    id: Option<String>,
    /// Creation time, `YYYY-MM-DDTHH:MM:SSZ` (default: now).
    #[arg(long)]
    created: Option<String>,
    /// The submitting organisation (default: the protocols' organisation).
    #[arg(long)]
    submitter: Option<String>,
    /// Its identification code, e.g. the organisationsnummer.
    #[arg(long)]
    submitter_id: Option<String>,
    /// Write one tar file instead of a folder.
    #[arg(long)]
    tar: bool,
}

fn parse_created(text: &str) -> Result<chrono::NaiveDateTime, String> {
    let trimmed = text.strip_suffix('Z').unwrap_or(text);
    chrono::NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| {
            chrono::NaiveDate::parse_from_str(trimmed, "%Y-%m-%d")
                .map(|d| d.and_hms_opt(0, 0, 0).expect("midnight"))
        })
        .map_err(|_| format!("--created {text:?}: use YYYY-MM-DDTHH:MM:SSZ (UTC) or YYYY-MM-DD"))
}

fn package(a: PackageArgs) -> i32 {
    let created = match a.created.as_deref().map(parse_created).transpose() {
        Ok(c) => c.unwrap_or_else(|| {
            // The clock lives here, in the binary; whole seconds, UTC.
            let now = chrono::Utc::now().naive_utc();
            chrono::Timelike::with_nanosecond(&now, 0).unwrap_or(now)
        }),
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    // The folder must not change while it is packed: take the batch lock.
    let _lock = match batch::lock_outdir(&a.outdir, false) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let mut options = protokoll::package::PackageOptions {
        id: a.id.clone().unwrap_or_default(),
        created,
        submitter: a.submitter.clone(),
        submitter_id: a.submitter_id.clone(),
    };
    if a.id.is_none() {
        match protokoll::manifest::Manifest::read(&a.outdir) {
            Ok(m) => {
                options.id = format!(
                    "sip-{}",
                    &protokoll::manifest::sha256_hex(m.to_json().as_bytes())[..16]
                )
            }
            Err(e) => {
                eprintln!("error: {e}");
                return 1;
            }
        }
    }
    let result = protokoll::package::from_outdir(&a.outdir, &options).and_then(|p| {
        let n = p.files.len();
        let path = if a.tar {
            p.write_tar(&a.output)?
        } else {
            p.write_folder(&a.output)?
        };
        Ok((path, n))
    });
    match result {
        Ok((path, n)) => {
            eprintln!("{}: {n} files → {}", a.outdir.display(), path.display());
            0
        }
        Err(e) => {
            eprintln!("{}: error: {e}", a.outdir.display());
            1
        }
    }
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
    /// The signed PDF to write (never the input; `-` for standard output).
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
    let result = read_for_signing(pdf).and_then(|bytes| {
        if a.complete {
            sign_complete(&a, &bytes)
        } else if a.prepare {
            sign_prepare(&a, &bytes)
        } else {
            sign_with_key(&a, &bytes)
        }
    });
    match result.and_then(|out| {
        write_output(output, &out)
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

fn read_for_signing(p: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(p).map_err(|e| Error::Sign(format!("cannot read {}: {e}", p.display())))
}

/// `--complete`: the CMS made elsewhere goes into the prepared file's placeholder.
fn sign_complete(a: &SignArgs, bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let cms = read_for_signing(a.cms.as_deref().expect("clap requires --cms"))?;
    let prepared = protokoll::sign::reopen(bytes)?;
    // The clock lives here, in the binary, not in the library.
    let now = chrono::Utc::now().timestamp();
    object(
        protokoll::sign::complete_objections(&prepared, &cms, now)?,
        a.force,
    )?;
    protokoll::sign::complete(&prepared, &cms)
}

/// `--prepare`: the revision with an empty signature, and the digest to sign beside it.
fn sign_prepare(a: &SignArgs, bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let output = a.output.as_path();
    let now = chrono::Utc::now();
    let field = a.field.clone().expect("clap requires --field");
    if output == Path::new("-") {
        return Err(Error::Sign(
            "--prepare writes the digest beside the output: name a file with -o".into(),
        ));
    }
    let name = a.name.clone().unwrap_or_default();
    object(
        protokoll::sign::objections(bytes, &field, &name, None, now.timestamp())?,
        a.force,
    )?;
    let request = protokoll::sign::SignRequest {
        field,
        signer: name,
        time: now.naive_utc(),
        reason: a.reason.clone(),
        location: a.location.clone(),
    };
    let prepared = protokoll::sign::prepare(bytes, &request)?;
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
    Ok(prepared.pdf)
}

/// Signs with a PKCS#12 key, whose password comes from the environment variable named.
fn sign_with_key(a: &SignArgs, bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let now = chrono::Utc::now();
    let field = a.field.clone().expect("clap requires --field");
    let password = match &a.password_env {
        Some(var) => std::env::var(var)
            .map_err(|_| Error::Sign(format!("the environment variable {var} is not set")))?,
        None => String::new(),
    };
    let identity = protokoll::sign::Identity::from_pkcs12(
        &read_for_signing(a.p12.as_deref().expect("clap requires --p12"))?,
        &password,
    )?;
    object(
        protokoll::sign::objections(
            bytes,
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
        time: now.naive_utc(),
        reason: a.reason.clone(),
        location: a.location.clone(),
    };
    protokoll::sign::sign(bytes, &request, &identity)
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
                // Whole points for the table; a float cast saturates, which is all a display needs.
                #[allow(clippy::cast_possible_truncation)]
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
