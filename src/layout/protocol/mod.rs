//! The protocol's content as rows: front page, items, closing blocks, and the page header
//! block. This is where the meeting's domain meets typography; every field of the input is
//! placed here (the integration tests check the text round trip).
//!
//! - `blocks`: typographic building blocks (paragraphs, headings, label–value lines, rich
//!   text, lists, tables) turned into rows with their structure elements;
//! - `front`: the front page (title, meeting, attendance, adjustment, signatures);
//! - this module: which document is built (protocol, extract, notice; full or public);
//! - `info`: the document's metadata and the attachment files it embeds;
//! - `items`: each item's blocks in the layout's order and the attachment list;
//! - `notice`: the ANSLAG/BEVIS box, the one-page notice and an extract's certification;
//! - `pages`: the page header block and pagination into the finished [`Document`](super::Document).

mod blocks;
mod front;
mod info;
mod items;
mod notice;
mod pages;

use super::text::{StyledText, TextEngine};
use super::{mm, Kind, Row, StructRole, StructTree, Variant};
use crate::fonts::Face;
use crate::layout_def::{fill, EndBlock, FrontBlock, LayoutDef};
use crate::model::NumberingStyle;
use crate::validate::Checked;
use rustc_hash::FxHashMap;

/// Builds the rows of one protocol.
pub struct Builder<'a> {
    checked: &'a Checked,
    def: &'a LayoutDef,
    variant: &'a Variant,
    engine: &'a mut TextEngine,
    rows: Vec<Row>,
    table_headers: Vec<Row>,
    tree: StructTree,
    x0: f32,
    width: f32,
    /// The JSON paths that elements show, in order of first use, and the index of each.
    origins: Vec<String>,
    origin_index: FxHashMap<String, u32>,
    /// The input that what is laid out now shows (`None`: no single input value).
    origin: Option<u32>,
}

/// A text cell or line: styled pieces.
type Pieces = Vec<StyledText>;

impl<'a> Builder<'a> {
    /// A builder for the document `variant` of meeting `checked` in layout `def`.
    pub fn new(
        checked: &'a Checked,
        def: &'a LayoutDef,
        variant: &'a Variant,
        engine: &'a mut TextEngine,
    ) -> Self {
        let p = &def.page;
        Self {
            checked,
            def,
            variant,
            engine,
            rows: Vec::new(),
            table_headers: Vec::new(),
            tree: StructTree::default(),
            x0: mm(p.margin_left_mm),
            width: mm(p.width_mm - p.margin_left_mm - p.margin_right_mm),
            origins: Vec::new(),
            origin_index: FxHashMap::default(),
            origin: None,
        }
    }

    // ---- where the input is shown ----------------------------------------------------------

    /// The index of the JSON path `path` among the document's origins.
    fn origin_of(&mut self, path: &str) -> u32 {
        if let Some(&k) = self.origin_index.get(path) {
            return k;
        }
        let k = u32::try_from(self.origins.len()).expect("origins are bounded by the input");
        self.origins.push(path.to_string());
        self.origin_index.insert(path.to_string(), k);
        k
    }

    /// From here on, what is laid out shows the input at `path` (`None`: no single value).
    fn showing(&mut self, path: Option<&str>) {
        self.origin = path.map(|p| self.origin_of(p));
    }

    // ---- faces and sizes -------------------------------------------------------------------

    fn body(&self, text: impl Into<String>) -> StyledText {
        StyledText::new(
            text,
            Face::of(self.def.fonts.body, false, false),
            self.def.sizes.body,
        )
    }

    fn body_styled(&self, text: impl Into<String>, bold: bool, italic: bool) -> StyledText {
        StyledText::new(
            text,
            Face::of(self.def.fonts.body, bold, italic),
            self.def.sizes.body,
        )
    }

    fn strong(&self, text: impl Into<String>) -> StyledText {
        self.body_styled(text, true, false)
    }

    fn heading_text(&self, text: impl Into<String>, size: f32) -> StyledText {
        StyledText::new(text, Face::of(self.def.fonts.headings, true, false), size)
    }

    fn line_height(&self, size: f32) -> f32 {
        size * self.def.sizes.line_height
    }

    // ---- the document ----------------------------------------------------------------------

    /// Builds every block of the chosen document in the layout's order.
    pub fn build(&mut self) {
        match self.variant.kind.clone() {
            Kind::Protocol => {
                for block in self.def.blocks.front.clone() {
                    match block {
                        FrontBlock::Title => {
                            self.showing(Some(self.title_origin()));
                            self.title(self.title_text());
                        }
                        FrontBlock::Meeting => {
                            self.showing(None);
                            self.meeting();
                        }
                        FrontBlock::Signatures => {
                            self.showing(None);
                            self.signatures();
                        }
                        FrontBlock::Attendance => {
                            self.showing(Some("members"));
                            self.attendance();
                        }
                    }
                }
                self.items();
                for block in self.def.blocks.end.clone() {
                    // The list and the notice gather many values of the input.
                    self.showing(None);
                    match block {
                        EndBlock::AttachmentList => self.attachment_list(),
                        EndBlock::Notice => self.notice(),
                    }
                }
            }
            Kind::Extract(_) => {
                self.showing(Some(self.title_origin()));
                self.title(self.title_text());
                self.showing(None);
                self.meeting();
                let section = self.tree.add(None, StructRole::Section);
                self.adjustment_lines(section);
                self.items();
                self.showing(None);
                self.extract_certification();
            }
            Kind::Notice => self.notice_document(),
        }
    }

    fn items(&mut self) {
        for i in 0..self.checked.meeting.items.len() {
            if self.includes(i) {
                self.item(i);
            }
        }
    }

    /// Whether item `i` is part of this document.
    pub(super) fn includes(&self, i: usize) -> bool {
        match &self.variant.kind {
            Kind::Protocol => true,
            Kind::Extract(numbers) => numbers.contains(&self.checked.numbers[i]),
            Kind::Notice => false,
        }
    }

    /// Whether the content of item `i` may be shown (not in the public version of a
    /// confidential item).
    pub(super) fn shows_content(&self, i: usize) -> bool {
        !(self.variant.public && self.checked.meeting.items[i].confidential)
    }

    /// Numbers of the items in this document.
    pub(super) fn included_numbers(&self) -> Vec<u32> {
        (0..self.checked.numbers.len())
            .filter(|&i| self.includes(i))
            .map(|i| self.checked.numbers[i])
            .collect()
    }

    /// The input the title shows: the meeting's own title, else the body's name.
    fn title_origin(&self) -> &'static str {
        if self.variant.kind == Kind::Protocol && self.checked.meeting.title.is_some() {
            "title"
        } else {
            "body.name"
        }
    }

    /// The document title.
    #[must_use]
    pub fn title_text(&self) -> String {
        let m = &self.checked.meeting;
        let l = &self.def.labels;
        match self.variant.kind {
            Kind::Protocol => m
                .title
                .clone()
                .unwrap_or_else(|| fill(&l.title, &[("body", &m.body.name)])),
            Kind::Extract(_) => fill(&l.extract_title, &[("body", &m.body.name)]),
            Kind::Notice => format!("{} – {}", l.notice_heading, m.body.name),
        }
    }

    fn person(&self, name: &str, party: Option<&str>) -> String {
        match party {
            Some(p) if !p.is_empty() => format!("{name} ({p})"),
            _ => name.to_string(),
        }
    }

    fn subheading_at(&mut self, parent: usize, label: &str, level: u16) {
        if label.trim().is_empty() {
            return;
        }
        let size = if level == 2 {
            self.def.sizes.heading
        } else {
            self.def.sizes.subheading
        };
        let t = self.heading_text(label, size);
        self.heading(Some(parent), level, &[t], self.def.sizes.body * 1.2, false);
    }

    /// "§ 45" or "4.".
    #[must_use]
    pub fn number_label(&self, i: usize) -> String {
        let n = self.checked.numbers[i];
        match self.checked.numbering {
            NumberingStyle::Paragraph => format!("{} {n}", self.def.labels.paragraph_sign),
            NumberingStyle::Plain => format!("{n}."),
        }
    }

    fn names_with_party(&self, names: &[String]) -> String {
        let list: Vec<String> = names
            .iter()
            .map(|n| {
                let party = self
                    .checked
                    .meeting
                    .members
                    .iter()
                    .find(|x| &x.name == n)
                    .and_then(|x| x.party.as_deref());
                self.person(n, party)
            })
            .collect();
        join_names(&list, &self.def.labels.and)
    }
}

/// "A, B och C".
#[must_use]
pub fn join_names(names: &[String], and: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}
