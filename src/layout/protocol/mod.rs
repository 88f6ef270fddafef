//! The protocol's content as rows: front page, items, closing blocks, and the page header
//! block. This is where the meeting's domain meets typography; every field of the input is
//! placed here (the integration tests check the text round trip).
//!
//! - `blocks`: typographic building blocks (paragraphs, headings, label–value lines, rich
//!   text, lists, tables) turned into rows with their structure elements;
//! - this module: the front page (title, meeting, signatures, attendance);
//! - `items`: each item's blocks in the layout's order, the attachment list and the notice;
//! - `pages`: the page header block and pagination into the finished [`Document`].

mod blocks;
mod items;
mod pages;

use super::text::{StyledText, TextEngine};
use super::{mm, Element, Role, Row, SignatureSlot, StructTree};
use crate::fonts::Face;
use crate::layouts::{fill, EndBlock, FrontBlock, LayoutDef};
use crate::model::{Member, NumberingStyle, Role as MemberRole};
use crate::swedish::{clock, long_date};
use crate::validate::Checked;
use blocks::Column;

/// Builds the rows of one protocol.
pub struct Builder<'a> {
    c: &'a Checked,
    d: &'a LayoutDef,
    e: &'a mut TextEngine,
    rows: Vec<Row>,
    table_headers: Vec<Row>,
    tree: StructTree,
    x0: f32,
    width: f32,
}

/// A text cell or line: styled pieces.
type Pieces = Vec<StyledText>;

impl<'a> Builder<'a> {
    /// A builder for `c` in layout `d`.
    pub fn new(c: &'a Checked, d: &'a LayoutDef, e: &'a mut TextEngine) -> Self {
        let p = &d.page;
        Self {
            c,
            d,
            e,
            rows: Vec::new(),
            table_headers: Vec::new(),
            tree: StructTree::default(),
            x0: mm(p.margin_left_mm),
            width: mm(p.width_mm - p.margin_left_mm - p.margin_right_mm),
        }
    }

    // ---- faces and sizes -------------------------------------------------------------------

    fn body(&self, text: impl Into<String>) -> StyledText {
        StyledText::new(
            text,
            Face::of(self.d.fonts.body, false, false),
            self.d.sizes.body,
        )
    }

    fn body_styled(&self, text: impl Into<String>, bold: bool, italic: bool) -> StyledText {
        StyledText::new(
            text,
            Face::of(self.d.fonts.body, bold, italic),
            self.d.sizes.body,
        )
    }

    fn strong(&self, text: impl Into<String>) -> StyledText {
        self.body_styled(text, true, false)
    }

    fn heading_text(&self, text: impl Into<String>, size: f32) -> StyledText {
        StyledText::new(text, Face::of(self.d.fonts.headings, true, false), size)
    }

    fn line_height(&self, size: f32) -> f32 {
        size * self.d.sizes.line_height
    }

    // ---- the protocol -----------------------------------------------------------------------

    /// Builds every block in the layout's order.
    pub fn build(&mut self) {
        for block in self.d.blocks.front.clone() {
            match block {
                FrontBlock::Title => self.title(),
                FrontBlock::Meeting => self.meeting(),
                FrontBlock::Signatures => self.signatures(),
                FrontBlock::Attendance => self.attendance(),
            }
        }
        for i in 0..self.c.meeting.items.len() {
            self.item(i);
        }
        for block in self.d.blocks.end.clone() {
            match block {
                EndBlock::AttachmentList => self.attachment_list(),
                EndBlock::Notice => self.notice(),
            }
        }
    }

    /// The document title.
    pub fn title_text(&self) -> String {
        let m = &self.c.meeting;
        m.title
            .clone()
            .unwrap_or_else(|| fill(&self.d.labels.title, &[("body", &m.body.name)]))
    }

    fn title(&mut self) {
        let t = self.heading_text(self.title_text(), self.d.sizes.title);
        self.heading(None, 1, &[t], 0.0, false);
    }

    fn meeting(&mut self) {
        let l = &self.d.labels;
        let lw = mm(28.0);
        let mut when = long_date(self.c.date);
        if let Some(t) = &self.c.time {
            let range = fill(
                &l.time_range,
                &[("start", &clock(t.start)), ("end", &clock(t.end))],
            );
            when = format!("{when} {range}");
        }
        let (date_time, breaks, place) = (l.date_time.clone(), l.breaks.clone(), l.place.clone());
        let v = vec![self.body(when)];
        self.key_value(None, &date_time, &v, lw);
        if let Some(t) = &self.c.time {
            if !t.breaks.is_empty() {
                let list: Vec<String> = t
                    .breaks
                    .iter()
                    .map(|(s, e)| {
                        fill(
                            &self.d.labels.time_range,
                            &[("start", &clock(*s)), ("end", &clock(*e))],
                        )
                    })
                    .collect();
                let v = vec![self.body(list.join(", "))];
                self.key_value(None, &breaks, &v, lw);
            }
        }
        let v = vec![self.body(self.c.meeting.place.as_str())];
        self.key_value(None, &place, &v, lw);
    }

    fn person(&self, name: &str, party: Option<&str>) -> String {
        match party {
            Some(p) if !p.is_empty() => format!("{name} ({p})"),
            _ => name.to_string(),
        }
    }

    fn signatures(&mut self) {
        let m = &self.c.meeting;
        let l = self.d.labels.clone();
        let section = self.tree.add(None, Role::Section);
        self.subheading_at(section, &l.signatures, 2);
        let mut slots: Vec<(String, String, String)> =
            vec![("ordforande".into(), l.chair.clone(), m.chair.name.clone())];
        slots.push((
            "sekreterare".into(),
            l.secretary.clone(),
            m.secretary.name.clone(),
        ));
        for (i, a) in m.adjusters.iter().enumerate() {
            slots.push((
                format!("justerare-{}", i + 1),
                l.adjuster.clone(),
                a.name.clone(),
            ));
        }
        let col = self.width / 2.0;
        let sign_space = mm(13.0);
        let chunks: Vec<Vec<(String, String, String)>> =
            slots.chunks(2).map(<[_]>::to_vec).collect();
        let count = chunks.len();
        for (ci, chunk) in chunks.into_iter().enumerate() {
            let mut row = Row {
                space_before: self.d.sizes.body * 0.8,
                keep_with_next: ci + 1 < count,
                ..Default::default()
            };
            let mut height: f32 = 0.0;
            for (k, (field, role, name)) in chunk.into_iter().enumerate() {
                let x = self.x0 + k as f32 * col;
                let line_w = col - mm(10.0);
                row.elements.push(Element::Rule {
                    from: (x, sign_space),
                    to: (x + line_w, sign_space),
                    width: 0.6,
                });
                row.slots.push(SignatureSlot {
                    field,
                    label: role.clone(),
                    signer: name.clone(),
                    page: 0,
                    rect: (x, 0.0, line_w, sign_space),
                });
                let p = self.tree.add(Some(section), Role::P);
                let mut y = sign_space + mm(1.0);
                for piece in [
                    self.body(format!("{name} ")),
                    self.body_styled(role, false, true),
                ] {
                    let mark = self.tree.content(p);
                    for line in self.e.break_lines(&[piece], line_w) {
                        let (els, h) = self.line_elements(line, x, y, mark);
                        row.elements.extend(els);
                        y += h;
                    }
                }
                height = height.max(y);
            }
            row.height = height;
            self.rows.push(row);
        }
        let lw = mm(32.0);
        let adjusters: Vec<String> = m
            .adjusters
            .iter()
            .map(|a| self.person(&a.name, a.party.as_deref()))
            .collect();
        let v = vec![self.body(join_names(&adjusters, &l.and))];
        self.key_value(Some(section), &l.adjuster, &v, lw);
        let adjusted = self.c.adjustment_date.map(long_date);
        let v: Pieces = adjusted.map(|d| vec![self.body(d)]).unwrap_or_default();
        self.key_value(Some(section), &l.adjusted_on, &v, lw);
        let place = m.adjustment.as_ref().and_then(|a| a.place.clone());
        if place.is_some() || m.adjustment.is_none() {
            let v: Pieces = place.map(|p| vec![self.body(p)]).unwrap_or_default();
            self.key_value(Some(section), &l.adjustment_place, &v, lw);
        }
    }

    fn subheading_at(&mut self, parent: usize, label: &str, level: u16) {
        if label.trim().is_empty() {
            return;
        }
        let size = if level == 2 {
            self.d.sizes.heading
        } else {
            self.d.sizes.subheading
        };
        let t = self.heading_text(label, size);
        self.heading(Some(parent), level, &[t], self.d.sizes.body * 1.2, false);
    }

    fn items_label(&self, numbers: &[u32]) -> String {
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        for &n in numbers {
            match ranges.last_mut() {
                Some((_, end)) if *end + 1 == n => *end = n,
                _ => ranges.push((n, n)),
            }
        }
        let parts: Vec<String> = ranges
            .iter()
            .map(|(a, b)| {
                if a == b {
                    a.to_string()
                } else {
                    format!("{a}–{b}")
                }
            })
            .collect();
        let sign = &self.d.labels.paragraph_sign;
        match self.c.numbering {
            NumberingStyle::Paragraph if numbers.len() > 1 => {
                format!("{sign}{sign} {}", parts.join(", "))
            }
            NumberingStyle::Paragraph => format!("{sign} {}", parts.join(", ")),
            NumberingStyle::Plain => parts.join(", "),
        }
    }

    fn member_note(&self, x: &Member) -> String {
        let l = &self.d.labels;
        let mut parts = Vec::new();
        if let Some(role) = x.role.filter(|r| *r != MemberRole::Member) {
            parts.push(role.as_swedish().to_string());
        }
        if let Some(r) = &x.replaces {
            parts.push(fill(&l.replaces, &[("name", r)]));
        }
        if let Some(items) = &x.items {
            parts.push(fill(&l.attends, &[("items", &self.items_label(items))]));
        }
        parts.join(", ")
    }

    fn member_table(&mut self, parent: usize, label: &str, members: &[Member]) {
        if members.is_empty() {
            return;
        }
        self.subheading_at(parent, label, 3);
        let l = self.d.labels.clone();
        let columns = [
            Column::new(&l.column_name, 0.36),
            Column::new(&l.column_party, 0.1).optional(),
            Column::new(&l.column_represents, 0.3).optional(),
            Column::new(&l.column_note, 0.24).optional(),
        ];
        let body: Vec<Vec<Pieces>> = members
            .iter()
            .map(|x| {
                vec![
                    vec![self.body(x.name.as_str())],
                    vec![self.body(x.party.clone().unwrap_or_default())],
                    vec![self.body(x.represents.clone().unwrap_or_default())],
                    vec![self.body(self.member_note(x))],
                ]
            })
            .collect();
        self.table(Some(parent), &columns, &body);
    }

    fn attendance(&mut self) {
        let m = &self.c.meeting;
        let l = self.d.labels.clone();
        let section = self.tree.add(None, Role::Section);
        if let Some(h) = &m.body.members_heading {
            let t = self.heading_text(h.as_str(), self.d.sizes.heading);
            self.heading(Some(section), 2, &[t], self.d.sizes.body * 1.5, false);
        }
        self.member_table(section, &l.members, &m.members);
        self.member_table(section, &l.substitutes, &m.substitutes);
        self.member_table(section, &l.absent, &m.absent);
        if !m.others.is_empty() {
            self.subheading_at(section, &l.others, 3);
            let columns = [
                Column::new(&l.column_name, 0.34),
                Column::new(&l.column_organisation, 0.36).optional(),
                Column::new(&l.column_title, 0.3).optional(),
            ];
            let body: Vec<Vec<Pieces>> = m
                .others
                .iter()
                .map(|o| {
                    vec![
                        vec![self.body(o.name.as_str())],
                        vec![self.body(o.organisation.clone().unwrap_or_default())],
                        vec![self.body(o.title.clone().unwrap_or_default())],
                    ]
                })
                .collect();
            self.table(Some(section), &columns, &body);
        }
    }

    /// "§ 45" or "4.".
    pub fn number_label(&self, i: usize) -> String {
        let n = self.c.numbers[i];
        match self.c.numbering {
            NumberingStyle::Paragraph => format!("{} {n}", self.d.labels.paragraph_sign),
            NumberingStyle::Plain => format!("{n}."),
        }
    }

    fn names_with_party(&self, names: &[String]) -> String {
        let list: Vec<String> = names
            .iter()
            .map(|n| {
                let party = self
                    .c
                    .meeting
                    .members
                    .iter()
                    .find(|x| &x.name == n)
                    .and_then(|x| x.party.as_deref());
                self.person(n, party)
            })
            .collect();
        join_names(&list, &self.d.labels.and)
    }
}

/// "A, B och C".
pub fn join_names(names: &[String], and: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}
