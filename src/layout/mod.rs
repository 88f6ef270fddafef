//! Stage 3: a [`Checked`] meeting + a [`LayoutDef`] → pages of positioned items.
//!
//! Pure: no disk, no clock, no environment. The stage runs in three steps:
//!
//! 1. [`protocol`] turns the meeting into a flat list of [`Row`]s — lines of text, table rows,
//!    signature slots — each with its height, its keep-with-next rule and the structure
//!    element (H1, P, Table/TR/TD, L/LI…) its content belongs to;
//! 2. [`flow`] paginates the rows: headings never end a page, paragraphs leave no single line
//!    behind (widows and orphans), table rows are never split and table headers repeat on
//!    continuation pages (as artifacts);
//! 3. the page header block ("Sida N av M", now that M is known) is added to every page.
//!
//! Coordinates are PDF points from the page's top-left corner, y growing downwards.

pub mod breaks;
pub mod flow;
pub mod protocol;
pub mod selection;
pub mod text;

use crate::layout_def::LayoutDef;
use crate::validate::{Checked, LoadedImage};
use chrono::NaiveDate;
pub use selection::ItemRef;
pub use text::{Glyph, ShapedRun, TextEngine};

/// Millimetres to points.
#[must_use]
pub fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

/// The laid-out protocol.
#[derive(Debug, Clone)]
pub struct Document {
    /// Page width and height in points.
    pub page_size: (f32, f32),
    /// The pages, in order.
    pub pages: Vec<Page>,
    /// The logical structure (tag tree) in reading order.
    pub structure: StructTree,
    /// One bookmark per item: title, page index, y.
    pub bookmarks: Vec<Bookmark>,
    /// Where the signature lines are, for signature fields.
    pub signature_slots: Vec<SignatureSlot>,
    /// The link annotations over web and e-mail addresses, in reading order.
    pub links: Vec<LinkArea>,
    /// The document title (the H1).
    pub title: String,
    /// Title, subject and keywords for the document's metadata.
    pub metadata: DocMetadata,
    /// Top and bottom of the content area on every page (below the header block).
    pub frame: (f32, f32),
    /// What the document says about itself (document information and XMP metadata).
    pub info: DocumentInfo,
    /// The image every [`Element::Logo`] draws.
    pub logo: Option<LoadedImage>,
    /// The attachment files embedded in this document, in the order of the attachment list.
    pub files: Vec<EmbeddedFile>,
    /// The JSON paths of the input that elements show (`items[2].decision`), so that a
    /// problem found while writing the PDF names the input it came from.
    pub origins: Vec<String>,
}

/// The document's metadata: everything the PDF says about itself besides its pages.
#[derive(Debug, Clone)]
pub struct DocumentInfo {
    /// The author: the secretary.
    pub author: String,
    /// The document's date: the adjustment date if adjusted, else the meeting date.
    pub date: NaiveDate,
    /// The language of the text, a BCP 47 tag.
    pub language: String,
}

/// A file embedded in the document.
#[derive(Debug, Clone)]
pub struct EmbeddedFile {
    /// Its file name in the PDF.
    pub name: String,
    /// What it is.
    pub description: String,
    /// Its media type.
    pub mime_type: &'static str,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// What the metadata says about this document (not the whole protocol's when it is an
/// extract or a notice).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocMetadata {
    /// "Protokoll Kommunstyrelsen 2024-03-12", "Protokollsutdrag … §§ 13, 16", "Anslag …".
    pub title: String,
    /// dc:description: kind, body, organisation, date, paragraphs, public or confidential.
    pub subject: String,
    /// pdf:Keywords.
    pub keywords: Vec<String>,
}

/// One page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// What is drawn, in drawing (and reading) order.
    pub elements: Vec<Element>,
}

/// Something drawn on a page.
#[derive(Debug, Clone)]
pub enum Element {
    /// Shaped text; `y` is the baseline.
    Text {
        /// Left edge.
        x: f32,
        /// Baseline.
        y: f32,
        /// The glyphs.
        run: ShapedRun,
        /// Tagging.
        mark: Mark,
        /// The input it shows: an index into [`Document::origins`].
        origin: Option<u32>,
    },
    /// A straight line.
    Rule {
        /// Start.
        from: (f32, f32),
        /// End.
        to: (f32, f32),
        /// Stroke width.
        width: f32,
    },
    /// The organisation's logo.
    Logo {
        /// Top-left corner.
        at: (f32, f32),
        /// Width and height.
        size: (f32, f32),
        /// Tagging: a Figure on the first page, an artifact on the others.
        mark: Mark,
        /// The input it shows: an index into [`Document::origins`].
        origin: Option<u32>,
    },
}

impl Element {
    pub(crate) fn shifted(&self, dy: f32) -> Element {
        let mut e = self.clone();
        match &mut e {
            Element::Text { y, .. } => *y += dy,
            Element::Rule { from, to, .. } => {
                from.1 += dy;
                to.1 += dy;
            }
            Element::Logo { at, .. } => at.1 += dy,
        }
        e
    }

    /// The element as a pagination artifact (a repeated table header).
    fn as_artifact(&self) -> Element {
        let mut e = self.clone();
        match &mut e {
            Element::Text { mark, .. } | Element::Logo { mark, .. } => {
                *mark = Mark::Artifact(ArtifactKind::Pagination)
            }
            Element::Rule { .. } => {}
        }
        e
    }
}

/// How content is tagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Real content: the n-th content item, listed in the structure tree.
    Content(usize),
    /// Not part of the logical content.
    Artifact(ArtifactKind),
}

/// Kinds of artifact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArtifactKind {
    /// The page header block.
    Header,
    /// A page footer.
    Footer,
    /// Repeated table headers and other pagination leftovers.
    Pagination,
}

/// Structure roles the layout assigns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StructRole {
    /// The document title (H1).
    Title,
    /// A heading of level 2 or 3, with its text.
    Heading(u16, String),
    /// Paragraph.
    P,
    /// List; `true` if numbered.
    List(bool),
    /// List item.
    ListItem,
    /// List label.
    Label,
    /// List body.
    ListBody,
    /// Table.
    Table,
    /// Table head.
    TableHead,
    /// Table body.
    TableBody,
    /// Table row.
    TableRow,
    /// Header cell (column scope).
    HeaderCell,
    /// Data cell.
    DataCell,
    /// Figure with alternate text.
    Figure(String),
    /// A section grouping an item or a block.
    Section,
    /// A link: its text and its link annotations.
    Link,
    /// One signature: role, name and (added later) the signature field's Form element; the
    /// field name is the element's ID, so that the field finds its place.
    Signature(String),
}

/// An element of the structure tree.
#[derive(Debug, Clone)]
pub struct StructElem {
    /// Its role.
    pub role: StructRole,
    /// Children in reading order.
    pub children: Vec<StructChild>,
}

/// A child in the structure tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructChild {
    /// A nested element.
    Elem(usize),
    /// Marked content: the n-th content item.
    Content(usize),
    /// The n-th link annotation ([`LinkArea::annotation`]).
    Annotation(usize),
}

/// The structure tree: an arena of elements, the roots in order.
#[derive(Debug, Clone, Default)]
pub struct StructTree {
    /// All elements.
    pub elems: Vec<StructElem>,
    /// Top-level elements.
    pub roots: Vec<usize>,
    /// Number of content items handed out.
    pub contents: usize,
    /// Number of link annotations handed out.
    pub annotations: usize,
}

impl StructTree {
    /// Adds an element under `parent` (or at the top).
    pub fn add(&mut self, parent: Option<usize>, role: StructRole) -> usize {
        let id = self.elems.len();
        self.elems.push(StructElem {
            role,
            children: Vec::new(),
        });
        match parent {
            Some(p) => self.elems[p].children.push(StructChild::Elem(id)),
            None => self.roots.push(id),
        }
        id
    }

    /// Hands out a content item belonging to `elem`.
    pub fn content(&mut self, elem: usize) -> Mark {
        let n = self.contents;
        self.contents += 1;
        self.elems[elem].children.push(StructChild::Content(n));
        Mark::Content(n)
    }

    /// Hands out a link annotation belonging to the Link element `elem`.
    pub fn annotation(&mut self, elem: usize) -> usize {
        let n = self.annotations;
        self.annotations += 1;
        self.elems[elem].children.push(StructChild::Annotation(n));
        n
    }
}

/// A bookmark (outline entry).
#[derive(Debug, Clone, PartialEq)]
pub struct Bookmark {
    /// Text shown in the viewer.
    pub title: String,
    /// Page index.
    pub page: usize,
    /// Top of the target.
    pub y: f32,
}

/// Where a signer signs: above a signature line.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureSlot {
    /// Field name (`ordforande`, `justerare-1`, `sekreterare`).
    pub field: String,
    /// Label ("Ordförande").
    pub label: String,
    /// Name of the signer.
    pub signer: String,
    /// Page index.
    pub page: usize,
    /// Left, top, width, height.
    pub rect: (f32, f32, f32, f32),
}

/// A unit of vertical flow: never split across pages.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// Height of the row itself.
    pub height: f32,
    /// Space above, dropped at the top of a page.
    pub space_before: f32,
    /// Elements, with y relative to the row's top.
    pub elements: Vec<Element>,
    /// Must stay on the same page as the next row.
    pub keep_with_next: bool,
    /// Body row of this table (its header repeats on continuation pages).
    pub table: Option<usize>,
    /// A bookmark at this row.
    pub bookmark: Option<String>,
    /// Signature slots in this row (rect y relative to the row's top).
    pub slots: Vec<SignatureSlot>,
    /// Starts a new page (the first item after a one-page front page, a närvarolista).
    pub break_before: bool,
    /// Sits at the foot of its page when it fits there (the ANSLAG/BEVIS box on page 1).
    pub at_foot: bool,
    /// Continues an item begun above: on a new page, this repeated row (an index into the
    /// repeated rows, like a table header: "§ 48 (forts.)") comes first.
    pub continues: Option<usize>,
    /// Link areas over this row's text (rect y relative to the row's top).
    pub links: Vec<LinkArea>,
}

/// Where a link annotation lies: over (one line's part of) a web or e-mail address.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkArea {
    /// The annotation's number, as listed in the structure tree
    /// ([`StructChild::Annotation`]).
    pub annotation: usize,
    /// The link target: `https://…` or `mailto:…`.
    pub target: String,
    /// The annotation's alternate text (its /Contents).
    pub alt: String,
    /// Page index.
    pub page: usize,
    /// Left, top, width, height.
    pub rect: (f32, f32, f32, f32),
}

/// Which document is made of the meeting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Kind {
    /// The whole protocol.
    #[default]
    Protocol,
    /// Protokollsutdrag: these paragraphs (whole, or one sub-paragraph) only, with a
    /// certification.
    Extract(Vec<ItemRef>),
    /// The one-page notice (anslag) for the notice board.
    Notice,
}

/// A document and whether it is the public version.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variant {
    /// Protocol, extract or notice.
    pub kind: Kind,
    /// Confidential items show only number, title and the reason for secrecy.
    pub public: bool,
}

/// Lays out a document of the meeting.
pub fn layout(
    checked: &Checked,
    def: &LayoutDef,
    variant: &Variant,
    engine: &mut TextEngine,
) -> Document {
    let mut builder = protocol::Builder::new(checked, def, variant, engine);
    builder.build();
    let doc = builder.finish();
    if !(def.has_toc() && variant.kind == Kind::Protocol) {
        return doc;
    }
    // The table of contents needs the pages of the paragraphs: a first pass finds them.
    // Its rows have the same heights whatever the page numbers, so the second pass puts
    // every paragraph on the page the first found.
    let pages = item_pages(checked, &doc);
    let mut builder = protocol::Builder::new(checked, def, variant, engine);
    builder.set_item_pages(pages);
    builder.build();
    builder.finish()
}

/// The page of each item's heading, read from the bookmarks in order (each item's bookmark
/// is its number and title; other bookmarks stand between them).
fn item_pages(checked: &Checked, doc: &Document) -> Vec<Option<usize>> {
    let mut bookmarks = doc.bookmarks.iter();
    (0..checked.meeting.items.len())
        .map(|i| {
            let title = &checked.meeting.items[i].title;
            bookmarks
                .by_ref()
                .find(|b| b.title.ends_with(title.as_str()))
                .map(|b| b.page)
        })
        .collect()
}
