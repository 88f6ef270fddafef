//! Stage 4: laid-out pages → PDF bytes, with krilla.
//!
//! Draws every element, builds the tag tree from the layout's structure (headings,
//! paragraphs, lists, tables with header cells; the page header block and repeated table
//! headers as artifacts), writes the metadata, bookmarks and embedded files, and the PDF/A
//! (+ PDF/UA-1) declarations. It reads only the laid-out [`Document`] (whose metadata dates
//! come from the meeting, never from the clock). Rendering a valid layout cannot fail except
//! for krilla's own validation findings, which are reported.

mod findings;

use crate::error::Error;
use crate::layout::{ArtifactKind, Document, Element, LinkArea, Mark, StructChild, StructRole};
use chrono::{Datelike, NaiveDate};
use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder};
use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::geom::{PathBuilder, Point, Size, Transform};
use krilla::metadata::{DateTime, Metadata, PageLayout};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, Node, SpanTag, TableHeaderScope,
    Tag, TagGroup, TagKind, TagTree,
};
use krilla::text::{GlyphId, KrillaGlyph};
use krilla::{Document as PdfDocument, SerializeSettings};
use std::str::FromStr;

/// A PDF/A conformance level (`--pdfa`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conformance {
    /// PDF/A-1b.
    A1b,
    /// PDF/A-2b.
    A2b,
    /// PDF/A-2u.
    A2u,
    /// PDF/A-2a (default), with PDF/UA-1.
    A2a,
    /// PDF/A-3b.
    A3b,
    /// PDF/A-3u.
    A3u,
    /// PDF/A-3a, with PDF/UA-1.
    A3a,
}

impl FromStr for Conformance {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "1b" => Conformance::A1b,
            "2b" => Conformance::A2b,
            "2u" => Conformance::A2u,
            "2a" => Conformance::A2a,
            "3b" => Conformance::A3b,
            "3u" => Conformance::A3u,
            "3a" => Conformance::A3a,
            _ => {
                return Err(format!(
                    "unknown PDF/A level `{s}`; use 1b, 2b, 2u, 2a, 3b, 3u or 3a"
                ))
            }
        })
    }
}

impl Conformance {
    /// "PDF/A-2a".
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Conformance::A1b => "PDF/A-1b",
            Conformance::A2b => "PDF/A-2b",
            Conformance::A2u => "PDF/A-2u",
            Conformance::A2a => "PDF/A-2a",
            Conformance::A3b => "PDF/A-3b",
            Conformance::A3u => "PDF/A-3u",
            Conformance::A3a => "PDF/A-3a",
        }
    }

    fn archival(self) -> Archival {
        match self {
            Conformance::A1b => Archival::A1_B,
            Conformance::A2b => Archival::A2_B,
            Conformance::A2u => Archival::A2_U,
            Conformance::A2a => Archival::A2_A,
            Conformance::A3b => Archival::A3_B,
            Conformance::A3u => Archival::A3_U,
            Conformance::A3a => Archival::A3_A,
        }
    }

    /// Whether embedded files of any kind are allowed (PDF/A-3 only).
    #[must_use]
    pub fn allows_attachments(self) -> bool {
        matches!(self, Conformance::A3b | Conformance::A3u | Conformance::A3a)
    }

    /// Whether PDF/UA-1 is declared too (the accessible levels on PDF 1.7).
    #[must_use]
    pub fn with_ua(self) -> bool {
        matches!(self, Conformance::A2a | Conformance::A3a)
    }
}

/// What the PDF holds besides the laid-out document: its id and, on request, its source.
#[derive(Debug, Clone)]
pub struct PdfInfo {
    /// Content-derived document id.
    pub document_id: String,
    /// The input to embed as the document's source (file name, bytes), `--embed-source`.
    pub source: Option<(String, Vec<u8>)>,
}

/// Writes the PDF of a laid-out document.
pub fn render(doc: &Document, level: Conformance, info: &PdfInfo) -> Result<Vec<u8>, Error> {
    if (!doc.files.is_empty() || info.source.is_some()) && !level.allows_attachments() {
        return Err(Error::Output(format!(
            "the protocol embeds files (attachments or its source), which {} cannot hold; use --pdfa 3a (or 3b, 3u)",
            level.name()
        )));
    }
    let mut pdf = PdfDocument::new_with(settings(level)?);
    draw_pages(&mut pdf, doc);
    if level != Conformance::A1b {
        pdf.set_outline(outline(doc));
    }
    let outlined = level != Conformance::A1b && !doc.bookmarks.is_empty();
    let mut meta = metadata(doc, info);
    if outlined {
        meta = meta.page_layout(PageLayout::OneColumn);
    }
    pdf.set_metadata(meta);
    embed_files(&mut pdf, doc, info);
    let bytes = pdf
        .finish()
        .map_err(|e| findings::to_error(&e, &doc.origins))?;
    finish_catalog(bytes, outlined)
}

/// Two entries of krilla's catalog are changed in place, without moving a byte of the file:
///
/// - krilla writes no `/PageMode`, but it writes `/PageLayout/OneColumn` when asked, which
///   is exactly as long as `/PageMode/UseOutlines`: the one is swapped for the other, so
///   that a document with bookmarks (`outlined`) opens with them shown, with or without the
///   fields step, which sets the same. One column is what a viewer shows anyway.
/// - `/Suspects false` in `/MarkInfo` becomes spaces. poppler up to 25.11 (Debian's
///   pdfinfo, pdftotext, pdftoppm) prints "Syntax Error: Suspects object is wrong type
///   (boolean)" for that valid entry on every file a registrar opens; false is the default,
///   and PDF/UA asks only that it is not true.
///
/// Only the catalog's own bytes are searched (found through the trailer's `/Root` and the
/// cross-reference table): a meeting text that reads like these entries is printed as typed.
fn finish_catalog(mut pdf: Vec<u8>, outlined: bool) -> Result<Vec<u8>, Error> {
    const LAYOUT: &[u8] = b"/PageLayout/OneColumn";
    const MODE: &[u8] = b"/PageMode/UseOutlines";
    const SUSPECTS: &[u8] = b"/Suspects false";
    let catalog = catalog_range(&pdf)
        .ok_or_else(|| Error::Pdf("krilla's catalog was not found through its trailer".into()))?;
    let within = |pdf: &[u8], what: &[u8]| -> Vec<usize> {
        memchr::memmem::find_iter(&pdf[catalog.clone()], what)
            .map(|at| at + catalog.start)
            .collect()
    };
    if outlined {
        match within(&pdf, LAYOUT).as_slice() {
            [at] => pdf[*at..*at + MODE.len()].copy_from_slice(MODE),
            found => {
                return Err(Error::Pdf(format!(
                    "the catalog's page layout was written {} times, not once",
                    found.len()
                )))
            }
        }
    }
    for at in within(&pdf, SUSPECTS) {
        pdf[at..at + SUSPECTS.len()].fill(b' ');
    }
    Ok(pdf)
}

/// The bytes of the catalog object in krilla's output: one revision with a classic
/// cross-reference table (`xref`, one subsection from 0, 20-byte entries), the catalog named
/// by the trailer's `/Root`. `None` when the file is not of that form.
fn catalog_range(pdf: &[u8]) -> Option<std::ops::Range<usize>> {
    let tail_start = pdf.len().saturating_sub(64);
    let startxref = memchr::memmem::rfind(&pdf[tail_start..], b"startxref")? + tail_start;
    let xref_at: usize = number_at(pdf, startxref + b"startxref".len())?.0;
    let table = pdf.get(xref_at..)?.strip_prefix(b"xref\n0 ")?;
    let (_, count_end) = number_at(table, 0)?;
    let entries = xref_at + b"xref\n0 ".len() + count_end + 1;
    let trailer = memchr::memmem::find(&pdf[entries..], b"trailer")? + entries;
    let root_key = memchr::memmem::find(&pdf[trailer..], b"/Root ")? + trailer;
    let (root, _) = number_at(pdf, root_key + b"/Root ".len())?;
    let entry = pdf.get(entries + 20 * root..entries + 20 * root + 10)?;
    let offset: usize = std::str::from_utf8(entry).ok()?.parse().ok()?;
    let header = format!("{root} 0 obj");
    if !pdf.get(offset..)?.starts_with(header.as_bytes()) {
        return None;
    }
    let end = memchr::memmem::find(&pdf[offset..], b"endobj")? + offset;
    Some(offset..end)
}

/// The decimal number at `at` (after white space) and the position just after it.
fn number_at(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let start = at
        + bytes
            .get(at..)?
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    let len = bytes[start..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let n = std::str::from_utf8(&bytes[start..start + len])
        .ok()?
        .parse()
        .ok()?;
    Some((n, start + len))
}

/// krilla's settings: the PDF/A level's validator, with PDF/UA-1 where the level takes it.
fn settings(level: Conformance) -> Result<SerializeSettings, Error> {
    let mut config = ConfigurationBuilder::new().with_archival_validator(level.archival());
    if level.with_ua() {
        config = config.with_accessibility_validator(Accessibility::UA1);
    }
    let configuration = config
        .finish()
        .map_err(|e| Error::Output(format!("{}: unusable configuration: {e:?}", level.name())))?;
    Ok(SerializeSettings {
        configuration,
        enable_tagging: true,
        no_device_cs: true,
        ..SerializeSettings::default()
    })
}

/// Draws every page and builds the tag tree over what was drawn.
fn draw_pages(pdf: &mut PdfDocument, doc: &Document) {
    // A content item may be drawn in several pieces (a label spanning lines): all belong to it.
    let mut identifiers: Vec<Vec<Identifier>> = vec![Vec::new(); doc.structure.contents];
    let logo = doc.logo.as_ref().map(|l| l.image.clone());
    let mut annotations: Vec<Option<Identifier>> = vec![None; doc.structure.annotations];
    let (w, h) = doc.page_size;
    for (index, page) in doc.pages.iter().enumerate() {
        let mut p = pdf.start_page_with(PageSettings::from_wh(w, h).expect("positive page size"));
        let mut surface = p.surface();
        for element in &page.elements {
            draw(&mut surface, element, &mut identifiers, logo.as_ref());
        }
        surface.finish();
        for area in doc.links.iter().filter(|a| a.page == index) {
            annotations[area.annotation] = link_annotation(&mut p, area);
        }
        p.finish();
    }

    let mut tree = TagTree::new().with_lang(Some(doc.info.language.clone()));
    let mut ids = Ids {
        content: &mut identifiers,
        annotations: &mut annotations,
    };
    for &root in &doc.structure.roots {
        if let Some(node) = tag_node(doc, root, &mut ids) {
            tree.push(node);
        }
    }
    pdf.set_tag_tree(tree);
}

/// What the tag tree points at: the drawn content items and the link annotations.
struct Ids<'a> {
    content: &'a mut [Vec<Identifier>],
    annotations: &'a mut [Option<Identifier>],
}

/// A link annotation over (one line of) a web or e-mail address, tagged: its identifier
/// goes into the Link element beside the address's text.
fn link_annotation(page: &mut krilla::page::Page<'_>, area: &LinkArea) -> Option<Identifier> {
    let (x, y, w, h) = area.rect;
    let rect = krilla::geom::Rect::from_xywh(x, y, w, h)?;
    let action = Action::Link(LinkAction::new(area.target.clone()));
    let link = LinkAnnotation::new(rect, Target::Action(action));
    Some(page.add_tagged_annotation(Annotation::new_link(link, Some(area.alt.clone()))))
}

/// One bookmark per item. PDFBox Preflight refuses krilla's outline destinations in
/// PDF/A-1b, so there is none at that level; the structure tree carries the headings anyway.
fn outline(doc: &Document) -> Outline {
    let mut outline = Outline::new();
    for b in &doc.bookmarks {
        let dest = krilla::destination::XyzDestination::new(b.page, Point::from_xy(0.0, b.y));
        outline.push_child(OutlineNode::new(b.title.clone(), dest));
    }
    outline
}

/// The attachment files and, on request, the source.
fn embed_files(pdf: &mut PdfDocument, doc: &Document, info: &PdfInfo) {
    let date = date_time(doc.info.date);
    for file in &doc.files {
        pdf.embed_file(EmbeddedFile {
            path: file.name.clone(),
            mime_type: MimeType::new(file.mime_type),
            description: Some(file.description.clone()),
            association_kind: AssociationKind::Supplement,
            data: file.bytes.clone().into(),
            modification_date: Some(date),
            compress: None,
            location: None,
        });
    }
    if let Some((name, bytes)) = &info.source {
        pdf.embed_file(EmbeddedFile {
            path: name.clone(),
            mime_type: MimeType::new("application/json"),
            description: Some(crate::swedish::SOURCE_DESCRIPTION.into()),
            association_kind: AssociationKind::Source,
            data: bytes.clone().into(),
            modification_date: Some(date),
            compress: Some(true),
            location: None,
        });
    }
}

/// A date as krilla writes it.
fn date_time(d: NaiveDate) -> DateTime {
    // Validated dates have four-digit years.
    DateTime::new(u16::try_from(d.year()).expect("a year from 0 to 9999"))
        .month(u8::try_from(d.month()).expect("a month from 1 to 12"))
        .day(u8::try_from(d.day()).expect("a day from 1 to 31"))
}

fn metadata(doc: &Document, info: &PdfInfo) -> Metadata {
    // What this document is, with its own paragraphs, searchable in the XMP.
    let i = &doc.info;
    Metadata::new()
        .title(doc.metadata.title.clone())
        .authors(vec![i.author.clone()])
        .description(doc.metadata.subject.clone())
        .keywords(doc.metadata.keywords.clone())
        .language(i.language.clone())
        .creator(format!("protokoll {}", env!("CARGO_PKG_VERSION")))
        .creation_date(date_time(i.date))
        .document_id(info.document_id.clone())
}

fn artifact(kind: ArtifactKind) -> ContentTag<'static> {
    let t = match kind {
        ArtifactKind::Header => ArtifactType::Header,
        ArtifactKind::Footer => ArtifactType::Footer,
        ArtifactKind::Pagination => ArtifactType::PaginationOther,
    };
    ContentTag::Artifact(Artifact::with_kind(t))
}

fn draw(
    surface: &mut Surface,
    element: &Element,
    ids: &mut [Vec<Identifier>],
    logo: Option<&krilla::image::Image>,
) {
    let id = match element {
        Element::Text {
            x,
            y,
            run,
            mark,
            origin,
        } => Some((draw_text(surface, (*x, *y), run, *mark, *origin), mark)),
        Element::Rule { from, to, width } => {
            draw_rule(surface, *from, *to, *width);
            None
        }
        Element::Logo {
            at,
            size,
            mark,
            origin,
        } => logo.map(|image| (draw_logo(surface, image, *at, *size, *mark, *origin), mark)),
    };
    // Content (not artifacts) is collected for its structure element.
    if let Some((id, Mark::Content(n))) = id {
        ids[*n].push(id);
    }
}

/// A shaped run at its baseline.
fn draw_text(
    surface: &mut Surface,
    (x, y): (f32, f32),
    run: &crate::layout::ShapedRun,
    mark: Mark,
    origin: Option<u32>,
) -> Identifier {
    let tag = match mark {
        Mark::Content(_) => ContentTag::Span(SpanTag::empty()),
        Mark::Artifact(k) => artifact(k),
    };
    let id = surface.start_tagged(tag);
    let glyphs: Vec<KrillaGlyph> = run
        .glyphs
        .iter()
        .map(|g| KrillaGlyph {
            glyph_id: GlyphId::new(u32::from(g.id)),
            text_range: g.range.clone(),
            x_advance: g.advance,
            x_offset: g.x_offset,
            y_offset: g.y_offset,
            y_advance: 0.0,
            // krilla reports a glyph's problems at the glyph's own location.
            location: origin.map(findings::location),
        })
        .collect();
    let font = crate::fonts::FontBook::get().face(run.face).pdf.clone();
    findings::set_origin(surface, origin);
    surface.draw_glyphs(
        Point::from_xy(x, y),
        &glyphs,
        font,
        &run.text,
        run.size,
        false,
    );
    surface.reset_location();
    surface.end_tagged();
    id
}

/// A straight line, as a layout artifact.
fn draw_rule(surface: &mut Surface, from: (f32, f32), to: (f32, f32), width: f32) {
    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
        ArtifactType::Layout,
    )));
    let mut pb = PathBuilder::new();
    pb.move_to(from.0, from.1);
    pb.line_to(to.0, to.1);
    if let Some(path) = pb.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            width,
            ..Stroke::default()
        }));
        surface.draw_path(&path);
        surface.set_stroke(None);
        surface.set_fill(Some(krilla::paint::Fill::default()));
    }
    surface.end_tagged();
}

/// The logo with its top-left corner at `at`.
fn draw_logo(
    surface: &mut Surface,
    image: &krilla::image::Image,
    at: (f32, f32),
    size: (f32, f32),
    mark: Mark,
    origin: Option<u32>,
) -> Identifier {
    let tag = match mark {
        Mark::Content(_) => ContentTag::Other,
        Mark::Artifact(k) => artifact(k),
    };
    let id = surface.start_tagged(tag);
    surface.push_transform(&Transform::from_translate(at.0, at.1));
    if let Some(sz) = Size::from_wh(size.0, size.1) {
        findings::set_origin(surface, origin);
        surface.draw_image(image.clone(), sz);
        surface.reset_location();
    }
    surface.pop();
    surface.end_tagged();
    id
}

fn tag_kind(role: &StructRole) -> TagKind {
    let level = |l: u16| std::num::NonZeroU16::new(l).expect("levels start at 1");
    match role {
        StructRole::Title => Tag::Hn(level(1), None).into(),
        StructRole::Heading(l, text) => Tag::Hn(level(*l), Some(text.clone())).into(),
        StructRole::P => Tag::P.into(),
        StructRole::List(true) => Tag::L(ListNumbering::Decimal).into(),
        StructRole::List(false) => Tag::L(ListNumbering::Disc).into(),
        StructRole::ListItem => Tag::LI.into(),
        StructRole::Label => Tag::Lbl.into(),
        StructRole::ListBody => Tag::LBody.into(),
        StructRole::Table => Tag::Table.into(),
        StructRole::TableHead => Tag::THead.into(),
        StructRole::TableBody => Tag::TBody.into(),
        StructRole::TableRow => Tag::TR.into(),
        StructRole::HeaderCell => Tag::TH(TableHeaderScope::Column).into(),
        StructRole::DataCell => Tag::TD.into(),
        StructRole::Figure(alt) => Tag::Figure(Some(alt.clone())).into(),
        StructRole::Section => Tag::Section.into(),
        StructRole::Link => Tag::Link.into(),
        StructRole::Signature(field) => Tag::Div.with_id(Some(field.bytes().into())).into(),
    }
}

fn tag_node(doc: &Document, elem: usize, ids: &mut Ids) -> Option<Node> {
    let e = &doc.structure.elems[elem];
    let kind = match &e.role {
        StructRole::Title => Tag::Hn(std::num::NonZeroU16::MIN, Some(doc.title.clone())).into(),
        role => tag_kind(role),
    };
    let mut group = TagGroup::new(kind);
    for child in &e.children {
        match child {
            StructChild::Elem(c) => {
                if let Some(n) = tag_node(doc, *c, ids) {
                    group.push(n);
                }
            }
            StructChild::Content(n) => {
                for id in std::mem::take(&mut ids.content[*n]) {
                    group.push(id);
                }
            }
            StructChild::Annotation(n) => {
                if let Some(id) = ids.annotations[*n].take() {
                    group.push(id);
                }
            }
        }
    }
    (!group.children.is_empty() || matches!(e.role, StructRole::DataCell | StructRole::HeaderCell))
        .then_some(Node::Group(group))
}
