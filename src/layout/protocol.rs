//! The protocol's content as rows: front page, items, closing blocks, and the page header
//! block. This is where the meeting's domain meets typography; every field of the input is
//! placed here (the tests check the text round trip).

use super::text::{Line, StyledText, TextEngine};
use super::{
    flow, mm, ArtifactKind, Document, Element, Mark, Page, Role, Row, SignatureSlot, StructTree,
};
use crate::fonts::Face;
use crate::layouts::{fill, EndBlock, FrontBlock, ItemBlock, LayoutDef};
use crate::model::{Item, Member, NumberingStyle, Role as MemberRole};
use crate::richtext::{self, Block, Span};
use crate::swedish::{clock, iso_date, long_date};
use crate::validate::Checked;

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

/// A table column.
struct Column {
    label: String,
    /// Share of the text width.
    weight: f32,
    centered: bool,
    /// Left out when empty in every row.
    optional: bool,
}

impl Column {
    fn new(label: &str, weight: f32) -> Self {
        Self {
            label: label.to_string(),
            weight,
            centered: false,
            optional: false,
        }
    }

    fn centered(mut self) -> Self {
        self.centered = true;
        self
    }

    fn optional(mut self) -> Self {
        self.optional = true;
        self
    }
}

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

    // ---- primitive rows ---------------------------------------------------------------------

    /// Elements of one line whose top is at `top` (relative), starting at `x`.
    fn line_elements(&self, line: Line, x: f32, top: f32, mark: Mark) -> (Vec<Element>, f32) {
        let size = line.size.max(1.0);
        let h = self.line_height(size);
        let baseline = top + (h - size) / 2.0 + size * 0.86;
        let els = line
            .runs
            .into_iter()
            .map(|(dx, run)| Element::Text {
                x: x + dx,
                y: baseline,
                run,
                mark,
            })
            .collect();
        (els, h)
    }

    /// Rows of wrapped text belonging to `elem`, with widow and orphan control.
    fn text_rows(
        &mut self,
        elem: usize,
        pieces: &[StyledText],
        x: f32,
        width: f32,
        space_before: f32,
    ) -> Vec<Row> {
        self.wrapped_rows(elem, pieces, x, width, space_before, true)
    }

    /// Like [`Self::text_rows`]; `hyphenate: false` for headings.
    fn wrapped_rows(
        &mut self,
        elem: usize,
        pieces: &[StyledText],
        x: f32,
        width: f32,
        space_before: f32,
        hyphenate: bool,
    ) -> Vec<Row> {
        let lines = self.e.break_lines_with(pieces, width, hyphenate);
        let n = lines.len();
        let mut rows = Vec::with_capacity(n);
        for (i, line) in lines.into_iter().enumerate() {
            let mark = self.tree.content(elem);
            let (elements, height) = self.line_elements(line, x, 0.0, mark);
            rows.push(Row {
                height,
                space_before: if i == 0 { space_before } else { 0.0 },
                elements,
                // Keep the first two and the last two lines together.
                keep_with_next: i == 0 && n > 1 || n >= 3 && i == n - 2,
                ..Default::default()
            });
        }
        rows
    }

    fn paragraph(&mut self, parent: Option<usize>, pieces: &[StyledText], space_before: f32) {
        self.paragraph_at(parent, pieces, self.x0, self.width, space_before);
    }

    fn paragraph_at(
        &mut self,
        parent: Option<usize>,
        pieces: &[StyledText],
        x: f32,
        width: f32,
        space_before: f32,
    ) {
        if pieces.iter().all(|p| p.text.trim().is_empty()) {
            return;
        }
        let elem = self.tree.add(parent, Role::P);
        let rows = self.text_rows(elem, pieces, x, width, space_before);
        self.rows.extend(rows);
    }

    /// A heading: kept with the first lines of what follows.
    fn heading(
        &mut self,
        parent: Option<usize>,
        level: u16,
        pieces: &[StyledText],
        space_before: f32,
        bookmark: bool,
    ) {
        let text: String = pieces
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let role = if level == 1 {
            Role::Title
        } else {
            Role::Heading(level, text.clone())
        };
        let elem = self.tree.add(parent, role);
        let mut rows = self.wrapped_rows(elem, pieces, self.x0, self.width, space_before, false);
        for r in &mut rows {
            r.keep_with_next = true;
        }
        if bookmark {
            if let Some(first) = rows.first_mut() {
                first.bookmark = Some(text);
            }
        }
        self.rows.extend(rows);
    }

    fn subheading(&mut self, parent: usize, label: &str) {
        if label.trim().is_empty() {
            return;
        }
        let t = self.heading_text(label, self.d.sizes.subheading);
        self.heading(Some(parent), 3, &[t], self.d.sizes.body * 0.7, false);
    }

    /// "Label: value" with the value in a column, wrapped there.
    fn key_value(
        &mut self,
        parent: Option<usize>,
        label: &str,
        value: &[StyledText],
        label_width: f32,
    ) {
        let elem = self.tree.add(parent, Role::P);
        let label = format!("{}{}", label, self.d.labels.separator.trim_end());
        let label_piece = self.body(format!("{label} "));
        let natural = self.e.width(&label_piece) + mm(2.0);
        // A label wider than half the line gets lines of its own, the value below it.
        let own_rows = natural > self.width * 0.5;
        let label_width = if own_rows {
            label_width.min(self.width * 0.5)
        } else {
            label_width.max(natural)
        };
        let mut label_rows = Vec::new();
        if own_rows {
            label_rows = self.text_rows(
                elem,
                std::slice::from_ref(&label_piece),
                self.x0,
                self.width,
                0.0,
            );
            for r in &mut label_rows {
                r.keep_with_next = true;
            }
        }
        let label_els = if own_rows {
            Vec::new()
        } else {
            let mark = self.tree.content(elem);
            let line = self.e.line(&[label_piece]);
            self.line_elements(line, self.x0, 0.0, mark).0
        };
        let mut rows = if value.is_empty() {
            // An empty line to fill in by hand.
            let h = self.line_height(self.d.sizes.body);
            vec![Row {
                height: h * 1.4,
                elements: vec![Element::Rule {
                    from: (self.x0 + label_width, h * 1.2),
                    to: (self.x0 + (label_width + mm(60.0)).min(self.width), h * 1.2),
                    width: 0.5,
                }],
                ..Default::default()
            }]
        } else {
            self.text_rows(
                elem,
                value,
                self.x0 + label_width,
                self.width - label_width,
                0.0,
            )
        };
        rows[0].elements.splice(0..0, label_els);
        label_rows.append(&mut rows);
        label_rows[0].space_before = self.d.sizes.body * 0.25;
        self.rows.extend(label_rows);
    }

    /// Rich text (paragraphs and lists) under `parent`, indented by `indent`.
    fn rich(&mut self, parent: usize, text: &str, indent: f32) {
        let gap = self.d.sizes.body * 0.5;
        for block in richtext::parse(text) {
            match block {
                Block::Paragraph(spans) => {
                    let pieces = self.spans(&spans);
                    self.paragraph_at(
                        Some(parent),
                        &pieces,
                        self.x0 + indent,
                        self.width - indent,
                        gap,
                    );
                    // A paragraph that introduces what follows ("… följande brister:")
                    // stays on the page of what it introduces.
                    let introduces = spans
                        .last()
                        .is_some_and(|sp| sp.text.trim_end().ends_with(':'));
                    if introduces {
                        if let Some(last) = self.rows.last_mut() {
                            last.keep_with_next = true;
                        }
                    }
                }
                Block::List { ordered, entries } => {
                    let entries: Vec<(String, Pieces)> = entries
                        .iter()
                        .map(|(label, spans)| (label.clone(), self.spans(spans)))
                        .collect();
                    self.list(parent, ordered, &entries, indent);
                }
            }
        }
    }

    fn spans(&self, spans: &[Span]) -> Pieces {
        spans
            .iter()
            .map(|s| self.body_styled(&s.text, s.strong, s.emphasis))
            .collect()
    }

    /// A list: L > LI > (Lbl, LBody).
    fn list(&mut self, parent: usize, ordered: bool, entries: &[(String, Pieces)], indent: f32) {
        let list = self.tree.add(Some(parent), Role::List(ordered));
        let label_width = entries
            .iter()
            .map(|(l, _)| self.e.width(&self.body(l.as_str())))
            .fold(0.0, f32::max)
            + mm(3.0);
        for (i, (label, pieces)) in entries.iter().enumerate() {
            let li = self.tree.add(Some(list), Role::ListItem);
            let lbl = self.tree.add(Some(li), Role::Label);
            let body = self.tree.add(Some(li), Role::ListBody);
            let mark = self.tree.content(lbl);
            let label_line = self.e.line(&[self.body(format!("{label} "))]);
            let (label_els, _) = self.line_elements(label_line, self.x0 + indent, 0.0, mark);
            let x = self.x0 + indent + label_width;
            let mut rows = self.text_rows(body, pieces, x, self.width - indent - label_width, 0.0);
            if rows.is_empty() {
                rows.push(Row {
                    height: self.line_height(self.d.sizes.body),
                    ..Default::default()
                });
            }
            rows[0].elements.splice(0..0, label_els);
            rows[0].space_before = if i == 0 {
                self.d.sizes.body * 0.5
            } else {
                self.d.sizes.body * 0.2
            };
            self.rows.extend(rows);
        }
    }

    /// A table with a header row that repeats on continuation pages. Optional columns that
    /// are empty in every row are left out.
    fn table(&mut self, parent: Option<usize>, columns: &[Column], body: &[Vec<Pieces>]) {
        let filled = |j: usize| {
            body.iter()
                .any(|r| r[j].iter().any(|p| !p.text.trim().is_empty()))
        };
        let keep: Vec<usize> = (0..columns.len())
            .filter(|&j| !columns[j].optional || filled(j))
            .collect();
        let columns: Vec<&Column> = keep.iter().map(|&j| &columns[j]).collect();
        let body: Vec<Vec<Pieces>> = body
            .iter()
            .map(|r| keep.iter().map(|&j| r[j].clone()).collect())
            .collect();
        let table = self.tree.add(parent, Role::Table);
        let head = self.tree.add(Some(table), Role::TableHead);
        let tr = self.tree.add(Some(head), Role::TableRow);
        let total: f32 = columns.iter().map(|c| c.weight).sum();
        let cols: Vec<(f32, bool)> = columns
            .iter()
            .map(|c| (c.weight / total * self.width, c.centered))
            .collect();
        let pad = mm(0.9);
        let header_cells: Vec<Pieces> = columns
            .iter()
            .map(|c| {
                vec![StyledText::new(
                    c.label.as_str(),
                    Face::of(self.d.fonts.headings, true, false),
                    self.d.sizes.small + 1.0,
                )]
            })
            .collect();
        let mut header = self.table_row(tr, &header_cells, &cols, pad, Role::HeaderCell);
        header.space_before = self.d.sizes.body * 0.4;
        header.keep_with_next = true;
        header.elements.push(Element::Rule {
            from: (self.x0, header.height),
            to: (self.x0 + self.width, header.height),
            width: 0.6,
        });
        let index = self.table_headers.len();
        self.table_headers.push(header.clone());
        self.rows.push(header);
        let tbody = self.tree.add(Some(table), Role::TableBody);
        let n = body.len();
        for (i, cells) in body.iter().enumerate() {
            let tr = self.tree.add(Some(tbody), Role::TableRow);
            let mut row = self.table_row(tr, cells, &cols, pad, Role::DataCell);
            row.table = Some(index);
            // Do not leave a single row of a table alone on a page.
            row.keep_with_next = n >= 3 && i == n - 2;
            self.rows.push(row);
        }
    }

    /// One table row; `cols` are (width, centred).
    fn table_row(
        &mut self,
        tr: usize,
        cells: &[Pieces],
        cols: &[(f32, bool)],
        pad: f32,
        role: Role,
    ) -> Row {
        let mut elements = Vec::new();
        let mut height: f32 = 0.0;
        let mut x = self.x0;
        for (cell, &(w, centered)) in cells.iter().zip(cols) {
            let elem = self.tree.add(Some(tr), role.clone());
            let lines = self.e.break_lines(cell, w - 2.0 * pad);
            let mut y = pad;
            for line in lines {
                let mark = self.tree.content(elem);
                let dx = if centered {
                    ((w - 2.0 * pad - line.width) / 2.0).max(0.0)
                } else {
                    0.0
                };
                let (els, h) = self.line_elements(line, x + pad + dx, y, mark);
                elements.extend(els);
                y += h;
            }
            height = height.max(y + pad);
            x += w;
        }
        Row {
            height,
            elements,
            ..Default::default()
        }
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

    fn item(&mut self, i: usize) {
        let item: &Item = &self.c.meeting.items[i];
        let section = self.tree.add(None, Role::Section);
        let number = self.number_label(i);
        // Number in a hanging column, title wrapped beside it; one heading element.
        let h = self.tree.add(
            Some(section),
            Role::Heading(2, format!("{number} {}", item.title)),
        );
        let size = self.d.sizes.heading;
        let num_piece = self.heading_text(format!("{number} "), size);
        let num_w = self.e.width(&num_piece).max(mm(12.0));
        let mark = self.tree.content(h);
        let num_line = self.e.line(&[num_piece]);
        let (num_els, _) = self.line_elements(num_line, self.x0, 0.0, mark);
        let title = self.heading_text(item.title.as_str(), size);
        let mut rows = self.wrapped_rows(
            h,
            &[title],
            self.x0 + num_w,
            self.width - num_w,
            size * 1.6,
            false,
        );
        rows[0].elements.splice(0..0, num_els);
        rows[0].bookmark = Some(format!("{number} {}", item.title));
        for r in &mut rows {
            r.keep_with_next = true;
        }
        self.rows.extend(rows);
        if let Some(cn) = &item.case_number {
            let label = &self.d.labels.case_number;
            let text = if cn.starts_with(label.as_str()) {
                cn.clone()
            } else {
                format!("{label} {cn}")
            };
            let p = StyledText::new(
                text,
                Face::of(self.d.fonts.body, false, false),
                self.d.sizes.small + 1.5,
            );
            let elem = self.tree.add(Some(section), Role::P);
            let mut rows = self.text_rows(elem, &[p], self.x0 + num_w, self.width - num_w, 0.0);
            for r in &mut rows {
                r.keep_with_next = true;
            }
            self.rows.extend(rows);
        }
        for block in self.d.blocks.item.clone() {
            self.item_block(section, i, block);
        }
        // The last row of an item may end a page.
        if let Some(last) = self.rows.last_mut() {
            last.keep_with_next = false;
        }
    }

    fn item_block(&mut self, section: usize, i: usize, block: ItemBlock) {
        let item: &'a Item = &self.c.meeting.items[i];
        let l = self.d.labels.clone();
        let gap = self.d.sizes.body * 0.5;
        match block {
            ItemBlock::Confidential => {
                if item.confidential {
                    let reason = item.confidential_reason.clone().unwrap_or_default();
                    let t = vec![self.body_styled(
                        fill(&l.confidential, &[("reason", &reason)]),
                        false,
                        true,
                    )];
                    self.paragraph(Some(section), &t, gap);
                }
            }
            ItemBlock::Text => {
                if let Some(t) = &item.text {
                    self.rich(section, t, 0.0);
                }
            }
            ItemBlock::Basis => {
                if !item.basis.is_empty() {
                    self.subheading(section, &l.basis);
                    let entries: Vec<(String, Pieces)> = item
                        .basis
                        .iter()
                        .map(|b| ("–".to_string(), vec![self.body(b.as_str())]))
                        .collect();
                    self.list(section, false, &entries, 0.0);
                }
            }
            ItemBlock::Proposals => {
                if !item.proposals.is_empty() {
                    self.subheading(section, &l.proposals);
                    for p in &item.proposals {
                        let by = self.names_with_party(&p.by);
                        let t =
                            vec![self.body(fill(&l.proposal, &[("by", &by), ("text", &p.text)]))];
                        self.paragraph(Some(section), &t, gap);
                    }
                }
            }
            ItemBlock::Procedure => {
                if let Some(t) = &item.procedure {
                    self.subheading(section, &l.procedure);
                    self.rich(section, t, 0.0);
                }
            }
            ItemBlock::Votes => {
                for (j, vote) in item.votes.iter().enumerate() {
                    self.subheading(section, &l.votes);
                    self.rich(section, &vote.question, 0.0);
                    let yes = vec![self.body(fill(&l.vote_yes, &[("text", &vote.yes)]))];
                    self.paragraph(Some(section), &yes, gap);
                    let no = vec![self.body(fill(&l.vote_no, &[("text", &vote.no)]))];
                    self.paragraph(Some(section), &no, 0.0);
                    let columns = [
                        Column::new(&l.vote_member, 0.43),
                        Column::new(&l.column_party, 0.15),
                        Column::new(&l.vote_answer_yes, 0.14).centered(),
                        Column::new(&l.vote_answer_no, 0.14).centered(),
                        Column::new(&l.vote_answer_abstain, 0.14).centered(),
                    ];
                    let body: Vec<Vec<Pieces>> = vote
                        .ballots
                        .iter()
                        .map(|b| {
                            let party = self
                                .c
                                .meeting
                                .members
                                .iter()
                                .find(|x| x.name == b.name)
                                .and_then(|x| x.party.clone());
                            let mark = |a: crate::model::Answer| {
                                if b.vote == a {
                                    l.vote_mark.clone()
                                } else {
                                    String::new()
                                }
                            };
                            vec![
                                vec![self.body(b.name.as_str())],
                                vec![self.body(party.unwrap_or_default())],
                                vec![self.body(mark(crate::model::Answer::Yes))],
                                vec![self.body(mark(crate::model::Answer::No))],
                                vec![self.body(mark(crate::model::Answer::Abstain))],
                            ]
                        })
                        .collect();
                    self.table(Some(section), &columns, &body);
                    let t = self.c.tallies[i][j];
                    let result = fill(
                        &l.vote_result,
                        &[
                            ("yes", &t.yes.to_string()),
                            ("no", &t.no.to_string()),
                            ("abstain", &t.abstain.to_string()),
                        ],
                    );
                    let p = vec![self.strong(result)];
                    self.paragraph(Some(section), &p, gap);
                }
            }
            ItemBlock::Decision => {
                if let Some(t) = &item.decision {
                    self.subheading(section, &l.decision);
                    self.rich(section, t, 0.0);
                }
            }
            ItemBlock::Reservations => {
                if !item.reservations.is_empty() {
                    self.subheading(section, &l.reservations);
                    for r in &item.reservations {
                        let by = self.names_with_party(&r.by);
                        let text = match &r.text {
                            Some(t) => fill(&l.reservation_for, &[("by", &by), ("text", t)]),
                            None => fill(&l.reservation, &[("by", &by)]),
                        };
                        let p = vec![self.body(text)];
                        self.paragraph(Some(section), &p, gap);
                    }
                }
            }
            ItemBlock::Notes => {
                if !item.notes.is_empty() {
                    self.subheading(section, &l.notes);
                    for n in &item.notes {
                        let by = self.names_with_party(&n.by);
                        let p = vec![self.body(fill(&l.note, &[("by", &by), ("text", &n.text)]))];
                        self.paragraph(Some(section), &p, gap);
                    }
                }
            }
            ItemBlock::Conflicts => {
                if !item.conflicts.is_empty() {
                    self.subheading(section, &l.conflicts);
                    for who in &item.conflicts {
                        let name = self.names_with_party(std::slice::from_ref(who));
                        let p = vec![self.body(fill(&l.conflict, &[("name", &name)]))];
                        self.paragraph(Some(section), &p, gap);
                    }
                }
            }
            ItemBlock::ImmediatelyAdjusted => {
                if item.immediately_adjusted {
                    let p = vec![self.body_styled(l.immediately_adjusted.as_str(), false, true)];
                    self.paragraph(Some(section), &p, gap);
                }
            }
            ItemBlock::SendTo => {
                if !item.send_to.is_empty() {
                    self.subheading(section, &l.send_to);
                    let entries: Vec<(String, Pieces)> = item
                        .send_to
                        .iter()
                        .map(|s| ("–".to_string(), vec![self.body(s.as_str())]))
                        .collect();
                    self.list(section, false, &entries, 0.0);
                }
            }
            ItemBlock::Attachments => {
                if !item.attachments.is_empty() {
                    self.subheading(section, &l.attachments);
                    let entries: Vec<(String, Pieces)> = self
                        .c
                        .attachments
                        .iter()
                        .filter(|a| a.item == i)
                        .map(|a| {
                            let label = fill(&l.attachment_number, &[("n", &a.number.to_string())]);
                            (
                                label,
                                vec![self.body(item.attachments[a.index].title.as_str())],
                            )
                        })
                        .collect();
                    self.list(section, true, &entries, 0.0);
                }
            }
        }
    }

    fn attachment_list(&mut self) {
        if self.c.attachments.is_empty() {
            return;
        }
        let l = self.d.labels.clone();
        let section = self.tree.add(None, Role::Section);
        self.subheading_at(section, &l.attachment_list, 2);
        let entries: Vec<(String, Pieces)> = self
            .c
            .attachments
            .iter()
            .map(|a| {
                let title = &self.c.meeting.items[a.item].attachments[a.index].title;
                let label = fill(&l.attachment_number, &[("n", &a.number.to_string())]);
                (
                    label,
                    vec![self.body(format!("{title} ({})", self.number_label(a.item)))],
                )
            })
            .collect();
        self.list(section, true, &entries, 0.0);
    }

    fn notice(&mut self) {
        let Some(n) = &self.c.meeting.notice else {
            return;
        };
        let l = self.d.labels.clone();
        let section = self.tree.add(None, Role::Section);
        self.subheading_at(section, &l.notice, 2);
        let lw = mm(70.0);
        let value = |d: Option<chrono::NaiveDate>| d.map(iso_date);
        for (label, v) in [
            (&l.notice_posted, value(self.c.notice_posted)),
            (&l.notice_removed, value(self.c.notice_removed)),
            (&l.notice_storage, n.storage.clone()),
        ] {
            let pieces: Pieces = v.map(|t| vec![self.body(t)]).unwrap_or_default();
            self.key_value(Some(section), label, &pieces, lw);
        }
    }

    // ---- pages ------------------------------------------------------------------------------

    /// The page header block for page `page` of `pages`, and its height.
    fn header(&mut self, page: usize, pages: usize) -> (Vec<Element>, f32) {
        let d = self.d;
        let m = &self.c.meeting;
        let top = mm(d.page.margin_top_mm);
        let first = page == 0;
        // On the first page the header's facts are content (read once); later, artifacts.
        let mut elems = Vec::new();
        let mark_for = |tree: &mut StructTree, content: bool| -> Mark {
            if content {
                let p = tree.add(None, Role::P);
                tree.content(p)
            } else {
                Mark::Artifact(ArtifactKind::Header)
            }
        };
        let label_face = Face::of(d.fonts.header, false, false);
        let value_face = Face::of(d.fonts.header, false, false);
        let bold_face = Face::of(d.fonts.header, true, false);
        let (small, size) = (d.sizes.small, d.sizes.header);
        let header_lines: Vec<String> = if m.body.heading.is_empty() {
            vec![m.body.name.clone()]
        } else {
            m.body.heading.clone()
        };

        let logo_h = mm(16.0);
        let mut x = self.x0;
        if let Some(logo) = &self.c.logo {
            let (w, h) = (logo.size.0 as f32, logo.size.1 as f32);
            let lw = (logo_h * w / h.max(1.0)).min(mm(40.0));
            let lh = lw * h / w.max(1.0);
            let mark = if first {
                let f = self
                    .tree
                    .add(None, Role::Figure(m.organisation.name.clone()));
                self.tree.content(f)
            } else {
                Mark::Artifact(ArtifactKind::Header)
            };
            elems.push(Element::Logo {
                at: (x, top),
                size: (lw, lh),
                mark,
            });
            x += lw + mm(4.0);
        }
        let col_a = self.x0 + self.width * 0.5 - x;
        let col_b_x = self.x0 + self.width * 0.5;
        let col_c_x = self.x0 + self.width * 0.80;
        let mut bottom: f32 = top;

        // Column A: organisation and the body's heading lines.
        let mut y = top;
        let mut pieces = vec![(
            StyledText::new(m.organisation.name.as_str(), label_face, small + 0.5),
            false,
        )];
        pieces.extend(
            header_lines
                .iter()
                .map(|h| (StyledText::new(h.as_str(), bold_face, size + 1.0), true)),
        );
        for (piece, _) in pieces {
            let mark = mark_for(&mut self.tree, first);
            for line in self.e.break_lines(&[piece], col_a) {
                let (els, h) = self.line_elements(line, x, y - top, mark);
                elems.extend(els.into_iter().map(|e| e.shifted(top)));
                y += h;
            }
        }
        bottom = bottom.max(y);

        // Column B: Tjänsteställe, Sekreterare. Column C: date, page number.
        let date = iso_date(self.c.date);
        let page_of = fill(
            &d.labels.page_of,
            &[
                ("page", &(page + 1).to_string()),
                ("pages", &pages.to_string()),
            ],
        );
        let mut col_b: Vec<(String, String)> = Vec::new();
        if let Some(o) = &m.office {
            col_b.push((d.labels.office.clone(), o.clone()));
        }
        col_b.push((d.labels.secretary.clone(), m.secretary.name.clone()));
        let col_c = vec![(d.labels.meeting_date.clone(), date)];
        for (cx, entries, w) in [
            (col_b_x, col_b, self.width * 0.30),
            (col_c_x, col_c, self.width * 0.20),
        ] {
            let mut y = top;
            for (label, value) in entries {
                let mark = mark_for(&mut self.tree, first);
                for (piece, pad) in [
                    (StyledText::new(format!("{label} "), label_face, small), 0.0),
                    (StyledText::new(value, value_face, size), mm(1.2)),
                ] {
                    for line in self.e.break_lines(&[piece], w - mm(2.0)) {
                        let (els, h) = self.line_elements(line, cx, y - top, mark);
                        elems.extend(els.into_iter().map(|e| e.shifted(top)));
                        y += h;
                    }
                    y += pad;
                }
            }
            if cx == col_c_x {
                let line = self
                    .e
                    .line(&[StyledText::new(page_of.clone(), value_face, size)]);
                let (els, h) =
                    self.line_elements(line, cx, y - top, Mark::Artifact(ArtifactKind::Header));
                elems.extend(els.into_iter().map(|e| e.shifted(top)));
                y += h;
            }
            bottom = bottom.max(y);
        }
        if self.c.logo.is_some() {
            bottom = bottom.max(top + logo_h);
        }
        let rule_y = bottom + mm(2.0);
        elems.push(Element::Rule {
            from: (self.x0, rule_y),
            to: (self.x0 + self.width, rule_y),
            width: 0.8,
        });
        (elems, rule_y - top + mm(6.0))
    }

    /// Paginates and adds the header block to every page.
    pub fn finish(mut self) -> Document {
        let d = self.d;
        let page_size = (mm(d.page.width_mm), mm(d.page.height_mm));
        // The header's height does not depend on the page number; measure it once with a
        // scratch tree so that no structure is created twice.
        let saved = std::mem::take(&mut self.tree);
        let (_, header_height) = self.header(0, 999);
        self.tree = saved;
        let frame = flow::Frame {
            top: mm(d.page.margin_top_mm) + header_height,
            bottom: page_size.1 - mm(d.page.margin_bottom_mm),
        };
        let flowed = flow::paginate(&self.rows, &self.table_headers, frame);
        let n = flowed.pages.len();
        // The first page's header facts come first in reading order.
        let roots_before = self.tree.roots.len();
        let mut pages: Vec<Page> = Vec::with_capacity(n);
        for (i, page) in flowed.pages.into_iter().enumerate() {
            let (mut elements, _) = self.header(i, n);
            elements.extend(page.elements);
            pages.push(Page { elements });
        }
        let header_roots: Vec<usize> = self.tree.roots.drain(roots_before..).collect();
        self.tree.roots.splice(0..0, header_roots);
        let title = self.title_text();
        Document {
            title,
            frame: (frame.top, frame.bottom),
            page_size,
            pages,
            structure: self.tree,
            bookmarks: flowed.bookmarks,
            signature_slots: flowed.slots,
        }
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
