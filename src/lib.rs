//! # protokoll
//!
//! Turns a JSON description of a meeting into the official protocol of a Swedish
//! municipality, region or joint council: an archival (PDF/A), accessible (tagged, PDF/UA)
//! PDF with the page header block on every page, attendance, every paragraph with its
//! decision and attachments, and the signature lines.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! 1. [`parse`]: JSON text → [`model::Meeting`] (serde; unknown keys refused, errors with
//!    JSON path, line and column);
//! 2. [`validate`]: meeting → [`validate::Checked`], or *all* problems at once, each with its
//!    JSON path and a hint. Files named in the input are read here, through
//!    [`resources::Resources`], and nothing later touches the environment;
//! 3. [`layout`]: checked meeting + [`layout_def::LayoutDef`] → pages of positioned, tagged
//!    items (pure: shaping, line breaking, Swedish hyphenation, pagination);
//! 4. [`render`]: pages → PDF bytes with krilla (PDF/A, PDF/UA-1, metadata, bookmarks);
//! 5. [`sign`]: signature fields over the signature lines, as an incremental update.
//!
//! Every output byte is a function of the input and the layout alone: no clock, no random
//! ids (the document id is a hash of the input).
//!
//! ## Example
//!
//! A meeting description to a PDF, with the files it names (a logo, attachments) read from
//! memory; [`resources::FolderResources`] reads them from the JSON file's folder instead.
//!
//! ```
//! use protokoll::resources::MemoryResources;
//! use protokoll::{render_pdf, RenderOptions};
//!
//! let json = include_str!("../samples/regionalt-samverkansrad-2020-09-25.json");
//! let rendered = render_pdf(json, &MemoryResources::default(), &RenderOptions::default())?;
//! assert!(rendered.pdf.starts_with(b"%PDF-"));
//! assert_eq!(rendered.conformance.name(), "PDF/A-2a");
//! // Same input, same bytes.
//! let again = render_pdf(json, &MemoryResources::default(), &RenderOptions::default())?;
//! assert_eq!(rendered.pdf, again.pdf);
//!
//! // A bad description gives every problem with its JSON path, and no PDF.
//! let bad = json.replace("\"2020-09-25\"", "\"2020-09-31\"");
//! match render_pdf(&bad, &MemoryResources::default(), &RenderOptions::default()) {
//!     Err(protokoll::error::Error::Input(problems)) => {
//!         assert!(problems.iter().any(|d| d.path == "date"), "{problems:?}");
//!     }
//!     other => panic!("expected input errors, got {other:?}"),
//! }
//! # Ok::<(), protokoll::error::Error>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod complete;
pub mod error;
pub mod fonts;
pub mod layout;
pub mod layout_def;
pub mod limits;
pub mod locate;
pub mod manifest;
pub mod model;
pub mod package;
pub mod parse;
pub mod render;
pub mod resources;
pub mod richtext;
pub mod shape;
pub mod sign;
pub mod swedish;
pub mod synthetic;
pub mod validate;

use error::{Diagnostic, Error};
use layout_def::LayoutDef;
use render::{Conformance, PdfInfo};
use resources::Resources;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::cell::RefCell;
use validate::Checked;

/// What to render and how.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// A layout that overrides the one the meeting names (`--layout`).
    pub layout: Option<LayoutDef>,
    /// PDF/A level; `None` chooses PDF/A-2a (with PDF/UA-1), or PDF/A-3a when the
    /// document embeds attachment files, which only PDF/A-3 can hold.
    pub conformance: Option<Conformance>,
    /// Protocol, extract or notice; full or public version.
    pub variant: layout::Variant,
    /// Leave out the signature fields (`--no-fields`).
    pub no_fields: bool,
    /// Embed the input JSON as the document's source under this file name (PDF/A-3).
    pub embed_source: Option<String>,
}

/// A rendered protocol.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The PDF file.
    pub pdf: Vec<u8>,
    /// Warnings found during validation.
    pub warnings: Vec<Diagnostic>,
    /// Number of pages.
    pub pages: usize,
    /// The PDF/A level written.
    pub conformance: Conformance,
}

/// A meeting that passed validation, with the layout it is to be set in.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The checked meeting.
    pub checked: Checked,
    /// The layout.
    pub layout: LayoutDef,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
}

/// Parses and validates a meeting description (`protokoll check`).
pub fn prepare(
    json: &str,
    layout: Option<&LayoutDef>,
    resources: &dyn Resources,
) -> Result<Prepared, Error> {
    let read = parse::read_meeting(json).map_err(|d| Error::Input(vec![d]))?;
    let meeting = read.meeting;
    let mut found = read.shape.diagnostics.clone();
    let layout = match layout {
        Some(l) => l.clone(),
        None => {
            let name = meeting.layout.as_deref().unwrap_or("kommun");
            match LayoutDef::builtin(name) {
                Ok(l) => l,
                Err(e) => {
                    found.push(Diagnostic::error("layout", e.to_string()).with_hint(
                        "name a built-in layout (kommun, kommunfullmaktige, samverkan) or pass --layout path/to/own.toml",
                    ));
                    LayoutDef::builtin("kommun").expect("the kommun layout is built in")
                }
            }
        }
    };
    let (checked, later) = match validate::validate(meeting, &layout, resources) {
        Ok((checked, warnings)) => (Some(checked), warnings),
        Err(all) => (None, all),
    };
    // Findings that only follow from a repaired shape problem are left out, and so are
    // warnings while the shape is wrong: they may be about the stand-in values.
    let shape_ok = read.shape.diagnostics.is_empty();
    found.extend(
        later
            .into_iter()
            .filter(|d| !read.shape.covers(&d.path) && (shape_ok || d.is_error())),
    );
    let found = with_positions(json, found);
    let checked = match checked {
        Some(c) if !found.iter().any(Diagnostic::is_error) => c,
        _ => return Err(Error::Input(found)),
    };
    let warnings = found;
    Ok(Prepared {
        checked,
        layout,
        warnings,
    })
}

thread_local! {
    /// Shaped words are cached per thread across documents: batch runs repeat them.
    static ENGINE: RefCell<layout::TextEngine> = RefCell::new(layout::TextEngine::new());
}

/// Lays out a document of a prepared meeting.
#[must_use]
pub fn lay_out(prepared: &Prepared, variant: &layout::Variant) -> layout::Document {
    let checked = shown(prepared, variant);
    ENGINE.with(|e| layout::layout(&checked, &prepared.layout, variant, &mut e.borrow_mut()))
}

/// The meeting as the document shows it: in a public version, with every span of personal
/// data (`{{…}}`, format 1.1) masked before layout, so that no later stage — text,
/// bookmarks, metadata — ever holds it.
fn shown<'p>(prepared: &'p Prepared, variant: &layout::Variant) -> Cow<'p, Checked> {
    match prepared.checked.masked().filter(|_| variant.public) {
        Some(masked) => Cow::Owned(masked),
        None => Cow::Borrowed(&prepared.checked),
    }
}

/// The input as the document may carry it (embedded source, document id): in a public
/// version whose meeting has personal data, with that data masked in every text.
fn shown_json<'j>(json: &'j str, prepared: &Prepared, variant: &layout::Variant) -> Cow<'j, str> {
    if !variant.public {
        return Cow::Borrowed(json);
    }
    let text = json.strip_prefix('\u{FEFF}').unwrap_or(json);
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(mut value) => {
            if richtext::mask_json(&mut value) {
                Cow::Owned(serde_json::to_string_pretty(&value).expect("a JSON value serialises"))
            } else {
                Cow::Borrowed(json)
            }
        }
        // Not reached (the meeting was read from this text); should it be, the checked
        // meeting, masked, stands in for the source rather than the unmasked text.
        Err(_) => Cow::Owned(
            serde_json::to_string_pretty(&shown(prepared, variant).meeting)
                .expect("the model serialises"),
        ),
    }
}

/// Adds line and column to the diagnostics that have a path, and sorts them by position
/// (those without one last); at most [`shape::MAX_REPORTED`] are kept.
fn with_positions(json: &str, mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let total = diagnostics.len();
    diagnostics.truncate(shape::MAX_REPORTED);
    for d in &mut diagnostics {
        if d.position.is_none() && !d.path.is_empty() {
            // A missing key (or a key the path syntax cannot name): point at the nearest
            // enclosing value that is there.
            let mut path = d.path.as_str();
            d.position = loop {
                if let Some(p) = locate::position(json, path) {
                    break Some(p);
                }
                match path.rfind(['.', '[']) {
                    Some(i) => path = &path[..i],
                    None => break locate::position(json, ""),
                }
            };
        }
    }
    diagnostics.sort_by_key(|d| d.position.unwrap_or((usize::MAX, 0)));
    if total > diagnostics.len() {
        diagnostics.push(Diagnostic::error(
            "",
            format!("… and {} more problems", total - diagnostics.len()),
        ));
    }
    diagnostics
}

/// Lays out a document and checks that nothing of the input was lost on the way: every
/// printed text of `json` stands on a page ([`complete`]), or the texts that do not are the
/// errors, with their paths and positions.
pub fn lay_out_whole(
    json: &str,
    prepared: &Prepared,
    variant: &layout::Variant,
) -> Result<layout::Document, Error> {
    let doc = lay_out(prepared, variant);
    let lost = complete::missing_texts(&shown(prepared, variant).meeting, &doc, variant);
    if lost.is_empty() {
        Ok(doc)
    } else {
        Err(Error::Input(with_positions(json, lost)))
    }
}

/// The whole pipeline: JSON text → PDF bytes.
pub fn render_pdf(
    json: &str,
    resources: &dyn Resources,
    options: &RenderOptions,
) -> Result<Rendered, Error> {
    let prepared = prepare(json, options.layout.as_ref(), resources)?;
    render_prepared(json, prepared, options)
}

/// Renders a meeting already parsed and validated by [`prepare`] from `json`.
pub fn render_prepared(
    json: &str,
    prepared: Prepared,
    options: &RenderOptions,
) -> Result<Rendered, Error> {
    if let layout::Kind::Extract(picked) = &options.variant.kind {
        check_extract(picked, &prepared.checked)?;
    }
    let doc = lay_out_whole(json, &prepared, &options.variant)?;
    let conformance = match options.conformance {
        Some(level) => level,
        None if !doc.files.is_empty() || options.embed_source.is_some() => Conformance::A3a,
        None => Conformance::A2a,
    };
    let carried = shown_json(json, &prepared, &options.variant);
    let info = PdfInfo {
        document_id: document_id(&carried, &prepared.layout, &options.variant, conformance),
        source: options
            .embed_source
            .as_ref()
            .map(|name| (name.clone(), carried.as_bytes().to_vec())),
    };
    // A finding of the PDF writer that names the input it came from gets its line too.
    let pdf = render::render(&doc, conformance, &info).map_err(|e| match e {
        Error::Input(found) => Error::Input(with_positions(json, found)),
        other => other,
    })?;
    // No fields step without fields (the public version has none: it is not signed).
    let pdf = if options.no_fields || doc.signature_slots.is_empty() {
        pdf
    } else {
        sign::add_fields(&pdf, &doc.signature_slots, doc.page_size.1)?
    };
    Ok(Rendered {
        pdf,
        warnings: prepared.warnings,
        pages: doc.pages.len(),
        conformance,
    })
}

/// Every paragraph an extract names exists: "--item 122c" when § 122 has only 122 a and
/// 122 b is refused, naming those.
fn check_extract(picked: &[layout::ItemRef], checked: &Checked) -> Result<(), Error> {
    if picked.is_empty() {
        return Err(Error::Input(vec![Diagnostic::error(
            "items",
            "an extract needs at least one --item",
        )]));
    }
    let shown = |i: usize| match &checked.meeting.items[i].number_suffix {
        Some(letter) => format!("{} {letter}", checked.numbers[i]),
        None => checked.numbers[i].to_string(),
    };
    let missing: Vec<Diagnostic> = picked
        .iter()
        .filter(|p| {
            !(0..checked.numbers.len()).any(|i| {
                p.selects(
                    checked.numbers[i],
                    checked.meeting.items[i].number_suffix.as_deref(),
                )
            })
        })
        .map(|p| {
            let same_number: Vec<String> = (0..checked.numbers.len())
                .filter(|&i| checked.numbers[i] == p.number)
                .map(shown)
                .collect();
            let flag = format!("{p:?}");
            // A paragraph without sub-paragraphs is written as its bare number.
            let lettered = same_number.iter().any(|n| n.contains(' '));
            match (p.letter, same_number.as_slice()) {
                // (A whole paragraph is missing only when no item has its number.)
                (None, _) | (_, []) => Diagnostic::error(
                    "items",
                    format!(
                        "--item {flag}: the protocol has no item number {}",
                        p.number
                    ),
                )
                .with_hint(format!(
                    "the items are numbered {}",
                    swedish::number_ranges(&checked.numbers)
                )),
                (Some(letter), _) if !lettered => Diagnostic::error(
                    "items",
                    format!(
                        "--item {flag}: item {} has no sub-paragraph {letter}",
                        p.number
                    ),
                )
                .with_hint(format!("write --item {} for it", p.number)),
                (Some(letter), parts) => Diagnostic::error(
                    "items",
                    format!(
                        "--item {flag}: item {} has no sub-paragraph {letter}",
                        p.number
                    ),
                )
                .with_hint(format!(
                    "its sub-paragraphs are {}; --item {} takes them all",
                    parts.join(", "),
                    p.number
                )),
            }
        })
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::Input(missing))
    }
}

/// A document id derived from the content: the same input and layout give the same id.
fn document_id(
    json: &str,
    layout: &LayoutDef,
    variant: &layout::Variant,
    level: Conformance,
) -> String {
    let mut h = Sha256::new();
    h.update(json.as_bytes());
    h.update(format!("{layout:?}{variant:?}").as_bytes());
    h.update(level.name().as_bytes());
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The JSON Schema of the input format, generated from the model's types.
#[must_use]
pub fn schema() -> String {
    serde_json::to_string_pretty(&shape::generated()).expect("schema serialises")
}
