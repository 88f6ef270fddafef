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
//! - `pages`: the page header block and pagination into the finished [`Document`](super::Document);
//! - `sheets`: the innehållsförteckning and the närvaro- och omröstningslista (format 1.1).

mod blocks;
mod front;
mod info;
mod items;
mod notice;
mod pages;
mod sheets;

use super::text::{StyledText, TextEngine};
use super::{flow, mm, DocMetadata, Kind, Row, StructRole, StructTree, Variant};
use crate::fonts::Face;
use crate::layout_def::{fill, EndBlock, FrontBlock, LayoutDef};
use crate::model::NumberingStyle;
use crate::swedish::{self, iso_date, number_ranges};
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
    /// The page index of each item's heading, from a first pass, for the table of contents.
    item_pages: Vec<Option<usize>>,
    /// The target of each link in the text ([`StyledText::link`] numbers them).
    link_targets: Vec<String>,
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
        engine.set_names(names(&checked.meeting));
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
            item_pages: Vec::new(),
            link_targets: Vec::new(),
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
                // The items start on a new page after a front page of its own; after a
                // närvarolista they run on.
                let front_alone = self.def.style.front_page && !self.front_page_or_list();
                if !self.def.style.front_page {
                    self.front_blocks(true);
                }
                // After a front page of its own, the sheets of the front stand on pages of
                // their own before the items.
                let mut items_on_new_page = front_alone;
                if self.def.style.front_page {
                    for block in self.def.blocks.front.clone() {
                        items_on_new_page |= self.front_sheet(block);
                    }
                }
                let first_item = self.rows.len();
                self.items();
                if items_on_new_page && first_item < self.rows.len() {
                    self.rows[first_item].break_before = true;
                }
                for block in self.def.blocks.end.clone() {
                    let first = self.rows.len();
                    // The list and the notice gather many values of the input.
                    self.showing(None);
                    let bookmark = match block {
                        EndBlock::AttachmentList => {
                            self.attachment_list();
                            self.def.labels.attachment_list.clone()
                        }
                        EndBlock::Notice => {
                            self.notice();
                            self.def.labels.notice_heading.clone()
                        }
                        EndBlock::Toc => self.sheet(Self::toc, first),
                        EndBlock::VotesSheet => self.sheet(Self::votes_sheet, first),
                    };
                    self.bookmark_at(first, bookmark);
                }
            }
            Kind::Extract(_) => {
                self.title_block();
                self.showing(None);
                self.meeting();
                let section = self.tree.add(None, StructRole::Section);
                self.adjustment_lines(section);
                self.items();
                // The certification stands with (at least) the last lines of the last item.
                if let Some(last) = self.rows.last_mut() {
                    last.keep_with_next = true;
                }
                let first = self.rows.len();
                self.showing(None);
                self.extract_certification();
                self.bookmark_at(first, self.def.labels.extract_certification.clone());
            }
            Kind::Notice => self.notice_document(),
        }
    }

    /// The front blocks in the layout's order; `attendance_here: false` puts a reference to
    /// the närvarolista where the attendance tables would be.
    fn front_blocks(&mut self, attendance_here: bool) {
        for block in self.def.blocks.front.clone() {
            let first = self.rows.len();
            let l = &self.def.labels;
            let bookmark = match block {
                FrontBlock::Title => self.title_text(),
                FrontBlock::Meeting if l.place_and_time.is_empty() => l.date_time.clone(),
                FrontBlock::Meeting => l.place_and_time.clone(),
                FrontBlock::Attendance => l.members.clone(),
                FrontBlock::Signatures if l.signatures.is_empty() => l.appointed_adjusters.clone(),
                FrontBlock::Signatures => l.signatures.clone(),
                FrontBlock::Notice => l.notice_heading.clone(),
                // Bookmarked by the sheet itself.
                FrontBlock::Toc | FrontBlock::VotesSheet => String::new(),
            };
            self.showing(match block {
                FrontBlock::Attendance => Some("members"),
                _ => None,
            });
            match block {
                FrontBlock::Title => self.title_block(),
                FrontBlock::Meeting => self.meeting(),
                FrontBlock::Signatures => self.signatures(),
                FrontBlock::Attendance if attendance_here => self.attendance(2),
                FrontBlock::Attendance => self.attendance_reference(),
                FrontBlock::Notice => self.notice(),
                // A front page of its own holds neither sheet: they follow it.
                FrontBlock::Toc | FrontBlock::VotesSheet if self.def.style.front_page => {}
                FrontBlock::Toc => {
                    self.sheet(Self::toc, first);
                }
                FrontBlock::VotesSheet => {
                    self.sheet(Self::votes_sheet, first);
                }
            }
            self.bookmark_at(first, bookmark);
        }
    }

    /// A sheet of the front blocks, after a front page of its own; whether there was one.
    fn front_sheet(&mut self, block: FrontBlock) -> bool {
        let first = self.rows.len();
        match block {
            FrontBlock::Toc => self.sheet(Self::toc, first),
            FrontBlock::VotesSheet => self.sheet(Self::votes_sheet, first),
            _ => return false,
        };
        true
    }

    /// A sheet (table of contents, votes sheet) on a page of its own; returns its heading,
    /// which it bookmarks.
    fn sheet(&mut self, build: fn(&mut Self) -> String, first: usize) -> String {
        self.showing(None);
        let heading = build(self);
        if let Some(row) = self.rows.get_mut(first) {
            row.break_before = true;
        }
        self.bookmark_at(first, heading.clone());
        heading
    }

    /// Sets the page of each item's heading, found by a first pass, for the table of contents.
    pub fn set_item_pages(&mut self, pages: Vec<Option<usize>>) {
        self.item_pages = pages;
    }

    /// A bookmark at the first row from `first` on, if the block made any rows.
    fn bookmark_at(&mut self, first: usize, title: String) {
        if let Some(row) = self.rows.get_mut(first) {
            // "Närvarande ledamöter:" is a label; the bookmark names the part.
            let title = title.trim().trim_end_matches(':').to_string();
            if row.bookmark.is_none() && !title.is_empty() {
                row.bookmark = Some(title);
            }
        }
    }

    /// The title, and under it the secrecy marking of a public or confidential document.
    fn title_block(&mut self) {
        self.showing(Some(self.title_origin()));
        self.title(self.title_text());
        self.showing(None);
        if let Some(marking) = self.secrecy_marking() {
            let p = vec![self.body_styled(marking, true, false)];
            self.paragraph(None, &p, self.def.sizes.body * 0.3);
        }
        if self.masks_personal_data() {
            let text = self.def.labels.personal_data_removed.clone();
            let p = vec![self.body_styled(text, true, false)];
            self.paragraph(None, &p, self.def.sizes.body * 0.3);
        }
    }

    /// Whether this is a public version whose personal data (`{{…}}`) was masked.
    pub(super) fn masks_personal_data(&self) -> bool {
        self.variant.public && self.checked.personal_data_masked
    }

    /// One front page that is signed and posted. The blocks are set with the attendance in
    /// place; if that makes more than a page, they are set again with "Se närvarolista,
    /// sidan 2" instead, and the attendance follows on a page of its own. Returns whether
    /// it did.
    fn front_page_or_list(&mut self) -> bool {
        let frame = self.frame();
        self.front_blocks(true);
        if flow::height(&self.rows) <= frame.bottom - frame.top {
            return false;
        }
        self.rows.clear();
        self.table_headers.clear();
        self.tree = StructTree::default();
        self.front_blocks(false);
        let first = self.rows.len();
        let l = self.def.labels.clone();
        let section = self.tree.add(None, StructRole::Section);
        self.heading(
            Some(section),
            2,
            &[self.heading_text(l.attendance_list.as_str(), self.def.sizes.heading)],
            0.0,
            true,
        );
        self.attendance_in(section, 3);
        self.rows[first].break_before = true;
        true
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
            Kind::Extract(picked) => {
                let suffix = self.checked.meeting.items[i].number_suffix.as_deref();
                picked
                    .iter()
                    .any(|p| p.selects(self.checked.numbers[i], suffix))
            }
            Kind::Notice => false,
        }
    }

    /// Whether the content of item `i` may be shown (not in the public version of a
    /// confidential item).
    pub(super) fn shows_content(&self, i: usize) -> bool {
        !(self.variant.public && self.checked.meeting.items[i].confidential)
    }

    /// The items in this document, in order.
    pub(super) fn included_items(&self) -> Vec<usize> {
        (0..self.checked.numbers.len())
            .filter(|&i| self.includes(i))
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
        let title = self.plain_title();
        if self.variant.public && self.variant.kind != Kind::Notice {
            fill(&self.def.labels.public_title, &[("title", &title)])
        } else {
            title
        }
    }

    /// The document title without the public version's marking.
    fn plain_title(&self) -> String {
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

    /// Title, subject and keywords of this document: its kind, body, date and its own
    /// paragraphs, and whether it is the public version or holds confidential matters.
    pub(super) fn metadata(&self) -> DocMetadata {
        let m = &self.checked.meeting;
        let l = &self.def.labels;
        let date = iso_date(self.checked.date);
        let included = match self.variant.kind {
            Kind::Notice => (0..self.checked.numbers.len()).collect(),
            _ => self.included_items(),
        };
        let items = self.paragraphs_label(&included);
        let (template, kind) = match self.variant.kind {
            Kind::Protocol => (&l.metadata_protocol, &l.metadata_kind_protocol),
            Kind::Extract(_) => (&l.metadata_extract, &l.metadata_kind_extract),
            Kind::Notice => (&l.metadata_notice, &l.metadata_kind_notice),
        };
        let mut title = fill(
            template,
            &[("body", &m.body.name), ("date", &date), ("items", &items)],
        );
        if self.variant.public && self.variant.kind != Kind::Notice {
            title = fill(&l.public_title, &[("title", &title)]);
        }
        let mut subject =
            swedish::pdf_description(kind, &m.body.name, &m.organisation.name, &date, &items);
        if let Some(secrecy) = self.secrecy_marking() {
            subject = format!("{subject}. {secrecy}");
        }
        if self.masks_personal_data() {
            subject = format!("{subject}. {}", l.personal_data_removed);
        }
        let keywords = vec![
            kind.to_lowercase(),
            m.body.name.clone(),
            m.organisation.name.clone(),
            date,
            swedish::paragraphs_keyword(&self.paragraph_ranges(&included).0),
            format!("layout: {}", self.def.name),
        ];
        DocMetadata {
            title,
            subject,
            keywords,
        }
    }

    /// Whether this document holds a confidential paragraph.
    fn holds_confidential(&self) -> bool {
        (0..self.checked.meeting.items.len())
            .any(|i| self.includes(i) && self.checked.meeting.items[i].confidential)
    }

    /// Whether this is a public version from which something was left out: a confidential
    /// paragraph's content or masked personal data.
    pub(super) fn withholds_anything(&self) -> bool {
        self.variant.public && (self.holds_confidential() || self.masks_personal_data())
    }

    /// "Offentlig version – …" for the public version; "Innehåller uppgifter som omfattas av
    /// sekretess" for a full version that holds a confidential item.
    pub(super) fn secrecy_marking(&self) -> Option<String> {
        let l = &self.def.labels;
        let confidential = self.holds_confidential();
        match (self.variant.public, confidential) {
            // Only what was withheld is said to be withheld.
            (true, true) if self.variant.kind != Kind::Notice => Some(l.public_version.clone()),
            (true, false) if self.variant.kind != Kind::Notice => {
                Some(l.public_version_complete.clone())
            }
            (false, true) => Some(l.contains_secrets.clone()),
            _ => None,
        }
    }

    /// "Jonas Berg (SD)", joined by no-break spaces: a name and its party stay on one line
    /// where the line has room for them.
    fn person(&self, name: &str, party: Option<&str>) -> String {
        let name = name.replace(' ', "\u{a0}");
        match party {
            Some(p) if !p.is_empty() => format!("{name}\u{a0}({p})"),
            _ => name,
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

    /// "§ 45" or "4."; with the organ prefix and a sub-paragraph's letter of format 1.1,
    /// "KS § 196 a".
    #[must_use]
    pub fn number_label(&self, i: usize) -> String {
        let number = self.number_text(i);
        let label = match self.checked.numbering {
            NumberingStyle::Paragraph => format!("{} {number}", self.def.labels.paragraph_sign),
            NumberingStyle::Plain => format!("{number}."),
        };
        self.prefixed(label)
    }

    /// Item `i`'s number as the protocol writes it, with a sub-paragraph's letter (format
    /// 1.1): "45", "196 a".
    pub(super) fn number_text(&self, i: usize) -> String {
        let n = self.checked.numbers[i];
        match &self.checked.meeting.items[i].number_suffix {
            Some(letter) => format!("{n} {letter}"),
            None => n.to_string(),
        }
    }

    /// The paragraphs of the items `included` (in order): "§§ 45–48, 50", "KF § 122 a";
    /// "4–6" under plain numbering. A paragraph all of whose sub-paragraphs are included is
    /// named by its number; one only some of whose are, by each included one's letter.
    pub(super) fn paragraphs_label(&self, included: &[usize]) -> String {
        let (ranges, count) = self.paragraph_ranges(included);
        let sign = &self.def.labels.paragraph_sign;
        let label = match self.checked.numbering {
            NumberingStyle::Paragraph if count > 1 => format!("{sign}{sign} {ranges}"),
            NumberingStyle::Paragraph => format!("{sign} {ranges}"),
            NumberingStyle::Plain => ranges,
        };
        self.prefixed(label)
    }

    /// The ranges of [`Builder::paragraphs_label`] without the sign ("45–48, 122 a") and how
    /// many paragraphs and sub-paragraphs they name.
    fn paragraph_ranges(&self, included: &[usize]) -> (String, usize) {
        let numbers = &self.checked.numbers;
        let mut whole: Vec<u32> = Vec::new();
        let mut parts: Vec<String> = Vec::new();
        let mut count = 0;
        for (k, &i) in included.iter().enumerate() {
            let n = numbers[i];
            if k > 0 && numbers[included[k - 1]] == n && whole.last() == Some(&n) {
                continue;
            }
            let all_in = (0..numbers.len())
                .filter(|&j| numbers[j] == n)
                .all(|j| included.contains(&j));
            count += 1;
            if all_in {
                whole.push(n);
            } else {
                // A lone sub-paragraph ends the run of whole numbers before it.
                if !whole.is_empty() {
                    parts.push(number_ranges(&std::mem::take(&mut whole)));
                }
                parts.push(self.number_text(i));
            }
        }
        if !whole.is_empty() {
            parts.push(number_ranges(&whole));
        }
        (parts.join(", "), count)
    }

    /// "KS § 45" when the meeting names an organ prefix (format 1.1), else as it is.
    pub(super) fn prefixed(&self, label: String) -> String {
        match self
            .checked
            .meeting
            .numbering
            .as_ref()
            .and_then(|n| n.prefix.as_ref())
        {
            Some(prefix) => format!("{prefix} {label}"),
            None => label,
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
                    .chain(&self.checked.meeting.substitutes)
                    .find(|x| &x.name == n)
                    .and_then(|x| x.party.as_deref());
                self.person(n, party)
            })
            .collect();
        join_names(&list, &self.def.labels.and)
    }
}

/// The people and organisations of a meeting, whose names are never hyphenated; also the
/// recipients of decisions ("Beslutet skickas till"), which are mostly organisations.
fn names(m: &crate::model::Meeting) -> Vec<String> {
    let people = [m.chair.name.clone(), m.secretary.name.clone()]
        .into_iter()
        .chain(m.adjusters.iter().map(|a| a.name.clone()));
    let members = m
        .members
        .iter()
        .chain(&m.substitutes)
        .chain(&m.absent)
        .flat_map(|x| [Some(x.name.clone()), x.represents.clone()]);
    let others = m
        .others
        .iter()
        .flat_map(|o| [Some(o.name.clone()), o.organisation.clone()]);
    let mut out: Vec<String> = people
        .chain([m.organisation.name.clone(), m.body.name.clone()])
        .chain(m.body.heading.iter().cloned())
        .chain(members.chain(others).flatten())
        .chain(m.items.iter().flat_map(|i| i.send_to.iter().cloned()))
        .collect();
    out.sort();
    out.dedup();
    out
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
