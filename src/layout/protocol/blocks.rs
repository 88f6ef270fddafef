//! Typographic building blocks: wrapped paragraphs with widow and orphan control, headings
//! kept with what follows, label–value lines, rich text, lists and tables, each as rows whose
//! content belongs to its structure element (P, H2, L/LI, Table/TR/TD…).

use super::{Builder, Pieces};
use crate::fonts::Face;
use crate::layout::text::{Line, ShapedRun, StyledText};
use crate::layout::{mm, Element, LinkArea, Mark, Row, StructRole};
use crate::richtext::{self, Block, Span};
use crate::swedish;

/// A shaped run at its x offset on a line.
type PlacedRun = (f32, ShapedRun);

/// A table column.
pub(super) struct Column {
    label: String,
    /// Share of the text width.
    weight: f32,
    centered: bool,
    /// Left out when empty in every row.
    optional: bool,
    /// Takes the width that left-out columns leave.
    grows: bool,
}

impl Column {
    pub(super) fn new(label: &str, weight: f32) -> Self {
        Self {
            label: label.to_string(),
            weight,
            centered: false,
            optional: false,
            grows: false,
        }
    }

    pub(super) fn centered(mut self) -> Self {
        self.centered = true;
        self
    }

    pub(super) fn optional(mut self) -> Self {
        self.optional = true;
        self
    }

    pub(super) fn grows(mut self) -> Self {
        self.grows = true;
        self
    }
}

impl Builder<'_> {
    // ---- primitive rows ---------------------------------------------------------------------

    /// Elements of one line whose top is at `top` (relative), starting at `x`.
    pub(super) fn line_elements(
        &self,
        line: Line,
        x: f32,
        top: f32,
        mark: Mark,
    ) -> (Vec<Element>, f32) {
        self.line_elements_spaced(line, x, top, mark, self.def.sizes.line_height)
    }

    /// Like [`Self::line_elements`] with a line height of `spacing` times the size (tables
    /// are set closer than running text).
    pub(super) fn line_elements_spaced(
        &self,
        line: Line,
        x: f32,
        top: f32,
        mark: Mark,
        spacing: f32,
    ) -> (Vec<Element>, f32) {
        let size = line.size.max(1.0);
        let h = size * spacing;
        let baseline = top + (h - size) / 2.0 + size * 0.86;
        let els = line
            .runs
            .into_iter()
            .map(|(dx, run)| Element::Text {
                x: x + dx,
                y: baseline,
                run,
                mark,
                origin: self.origin,
            })
            .collect();
        (els, h)
    }

    /// Rows of wrapped text belonging to `elem`, with widow and orphan control.
    pub(super) fn text_rows(
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
    pub(super) fn wrapped_rows(
        &mut self,
        elem: usize,
        pieces: &[StyledText],
        x: f32,
        width: f32,
        space_before: f32,
        hyphenate: bool,
    ) -> Vec<Row> {
        let lines = self.engine.break_lines_with(pieces, width, hyphenate);
        let n = lines.len();
        let mut rows = Vec::with_capacity(n);
        let mut link_elems: Vec<(u32, usize)> = Vec::new();
        for (i, line) in lines.into_iter().enumerate() {
            let (elements, height, links) = if line.runs.iter().any(|(_, r)| r.link.is_some()) {
                self.linked_line(line, elem, x, &mut link_elems)
            } else {
                let mark = self.tree.content(elem);
                let (elements, height) = self.line_elements(line, x, 0.0, mark);
                (elements, height, Vec::new())
            };
            rows.push(Row {
                height,
                space_before: if i == 0 { space_before } else { 0.0 },
                elements,
                links,
                // Keep the first two and the last two lines together, or the whole
                // paragraph if the layout keeps paragraphs of this length.
                keep_with_next: i + 1 < n
                    && (n <= self.def.style.keep_paragraphs || i == 0 || i == n - 2),
                ..Default::default()
            });
        }
        rows
    }

    /// A line with (part of) a link on it: the runs before, in and after each link become
    /// content items of their own, the link's under a Link element (one per link, made on
    /// its first line, in `link_elems`) inside `elem`, with a link annotation over its text.
    fn linked_line(
        &mut self,
        line: Line,
        elem: usize,
        x: f32,
        link_elems: &mut Vec<(u32, usize)>,
    ) -> (Vec<Element>, f32, Vec<LinkArea>) {
        let size = line.size;
        let mut groups: Vec<(Option<u32>, Vec<PlacedRun>)> = Vec::new();
        for (dx, run) in line.runs {
            match groups.last_mut() {
                Some((link, runs)) if *link == run.link => runs.push((dx, run)),
                _ => groups.push((run.link, vec![(dx, run)])),
            }
        }
        let mut elements = Vec::new();
        let mut areas = Vec::new();
        let mut height = 0.0;
        for (link, runs) in groups {
            let left = runs.first().map_or(0.0, |(dx, _)| *dx);
            let right = runs.last().map_or(0.0, |(dx, r)| dx + r.width);
            let part = Line {
                runs,
                width: right - left,
                size,
            };
            let owner = match link {
                None => elem,
                Some(k) => match link_elems.iter().find(|(l, _)| *l == k) {
                    Some(&(_, e)) => e,
                    None => {
                        let e = self.tree.add(Some(elem), StructRole::Link);
                        link_elems.push((k, e));
                        e
                    }
                },
            };
            let mark = self.tree.content(owner);
            let (els, h) = self.line_elements(part, x, 0.0, mark);
            height = h;
            if let (Some(k), Some(Element::Text { y, .. })) = (link, els.first()) {
                let target = self.link_targets[k as usize].clone();
                areas.push(LinkArea {
                    annotation: self.tree.annotation(owner),
                    alt: swedish::link_description(&target),
                    target,
                    page: 0,
                    rect: (x + left, y - size * 0.9, right - left, size * 1.15),
                });
            }
            elements.extend(els);
        }
        (elements, height, areas)
    }

    pub(super) fn paragraph(
        &mut self,
        parent: Option<usize>,
        pieces: &[StyledText],
        space_before: f32,
    ) {
        self.paragraph_at(parent, pieces, self.x0, self.width, space_before);
    }

    pub(super) fn paragraph_at(
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
        let elem = self.tree.add(parent, StructRole::P);
        let rows = self.text_rows(elem, pieces, x, width, space_before);
        self.rows.extend(rows);
    }

    /// A heading: kept with the first lines of what follows.
    pub(super) fn heading(
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
            StructRole::Title
        } else {
            StructRole::Heading(level, text.clone())
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

    pub(super) fn subheading(&mut self, parent: usize, label: &str) {
        if label.trim().is_empty() {
            return;
        }
        let t = self.heading_text(label, self.def.sizes.subheading);
        self.heading(Some(parent), 3, &[t], self.def.sizes.body * 0.7, false);
    }

    /// "Label: value" with the value in a column, wrapped there.
    pub(super) fn key_value(
        &mut self,
        parent: Option<usize>,
        label: &str,
        value: &[StyledText],
        label_width: f32,
    ) {
        let elem = self.tree.add(parent, StructRole::P);
        let label = format!("{}{}", label, self.def.labels.separator.trim_end());
        let label_piece = self.body(format!("{label} "));
        let natural = self.engine.width(&label_piece) + mm(2.0);
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
            let line = self.engine.line(&[label_piece]);
            self.line_elements(line, self.x0, 0.0, mark).0
        };
        let mut rows = if value.is_empty() {
            // An empty line to fill in by hand.
            let h = self.line_height(self.def.sizes.body);
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
        label_rows[0].space_before = self.def.sizes.body * 0.25;
        self.rows.extend(label_rows);
    }

    /// Rich text (paragraphs and lists) under `parent`, indented by `indent`.
    pub(super) fn rich(&mut self, parent: usize, text: &str, indent: f32) {
        let gap = self.def.sizes.body * 0.5;
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

    /// Styled pieces of rich-text spans; a web or e-mail address becomes a numbered link.
    pub(super) fn spans(&mut self, spans: &[Span]) -> Pieces {
        spans
            .iter()
            .map(|s| {
                let link = s.link.as_ref().map(|target| {
                    self.link_targets.push(target.clone());
                    u32::try_from(self.link_targets.len() - 1).unwrap_or(u32::MAX)
                });
                self.body_styled(&s.text, s.strong, s.emphasis).linked(link)
            })
            .collect()
    }

    /// A list: L > LI > (Lbl, LBody).
    pub(super) fn list(
        &mut self,
        parent: usize,
        ordered: bool,
        entries: &[(String, Pieces)],
        indent: f32,
    ) {
        let list = self.tree.add(Some(parent), StructRole::List(ordered));
        let label_width = entries
            .iter()
            .map(|(l, _)| self.engine.width(&self.body(l.as_str())))
            .fold(0.0, f32::max)
            + mm(3.0);
        for (i, (label, pieces)) in entries.iter().enumerate() {
            let li = self.tree.add(Some(list), StructRole::ListItem);
            let lbl = self.tree.add(Some(li), StructRole::Label);
            let body = self.tree.add(Some(li), StructRole::ListBody);
            let mark = self.tree.content(lbl);
            let label_line = self.engine.line(&[self.body(format!("{label} "))]);
            let (label_els, _) = self.line_elements(label_line, self.x0 + indent, 0.0, mark);
            let x = self.x0 + indent + label_width;
            let mut rows = self.text_rows(body, pieces, x, self.width - indent - label_width, 0.0);
            if rows.is_empty() {
                rows.push(Row {
                    height: self.line_height(self.def.sizes.body),
                    ..Default::default()
                });
            }
            rows[0].elements.splice(0..0, label_els);
            rows[0].space_before = if i == 0 {
                self.def.sizes.body * 0.5
            } else {
                self.def.sizes.body * 0.2
            };
            // At least two items on each side of a page break.
            if keeps_two_each_side(i, entries.len()) {
                if let Some(last) = rows.last_mut() {
                    last.keep_with_next = true;
                }
            }
            self.rows.extend(rows);
        }
    }

    /// A table with a header row that repeats on continuation pages. Optional columns that
    /// are empty in every row are left out.
    pub(super) fn table(
        &mut self,
        parent: Option<usize>,
        columns: &[Column],
        body: &[Vec<Pieces>],
    ) {
        let (columns, body) = used_columns(columns, body);
        let table = self.tree.add(parent, StructRole::Table);
        let head = self.tree.add(Some(table), StructRole::TableHead);
        let tr = self.tree.add(Some(head), StructRole::TableRow);
        let pad = mm(0.6);
        let mut header_cells: Vec<Pieces> = columns
            .iter()
            .map(|c| {
                vec![StyledText::new(
                    c.label.as_str(),
                    Face::of(self.def.fonts.headings, true, false),
                    self.def.sizes.small + 1.0,
                )]
            })
            .collect();
        let (least, natural) = self.natural_widths(&header_cells, &body, pad);
        // A long table of short rows is set in two halves side by side, like a municipal
        // form (the left half holds the first rows).
        let gap = mm(8.0);
        let row_h = self.def.sizes.body * 1.15 + 2.0 * pad;
        let halves = body.len() >= 6 && 2.0 * natural.iter().sum::<f32>() + gap <= self.width;
        // Each page holds its own two halves, so that the left half never continues on the
        // next page before the right one is read: chunks of what fits, each on a new page.
        let chunks = if halves {
            self.page_chunks(body.len(), row_h)
        } else {
            vec![body.len()]
        };
        let mut cols = if halves {
            columns
                .iter()
                .zip(&natural)
                .map(|(c, w)| (*w, c.centered))
                .collect()
        } else {
            fit_columns(&columns, &least, &natural, self.width)
        };
        let (body, chunk_starts) = if halves {
            // The columns and the header twice, a gap between the halves.
            if let Some(last) = cols.last_mut() {
                last.0 += gap;
            }
            cols.extend(cols.clone());
            if let Some(last) = cols.last_mut() {
                last.0 -= gap;
            }
            header_cells.extend(header_cells.clone());
            side_by_side(&body, &chunks)
        } else {
            (body, Vec::new())
        };
        let index = self.table_header(tr, &header_cells, &cols, pad);
        let tbody = self.tree.add(Some(table), StructRole::TableBody);
        let n = body.len();
        for (i, cells) in body.iter().enumerate() {
            let tr = self.tree.add(Some(tbody), StructRole::TableRow);
            let mut row = self.table_row(tr, cells, &cols, pad, StructRole::DataCell);
            row.table = Some(index);
            // At least two rows on each side of a page break: the first row stays with the
            // second (and the header), the last with the one before.
            row.keep_with_next = keeps_two_each_side(i, n);
            if i > 0 && chunk_starts.contains(&i) {
                row.break_before = true;
            }
            self.rows.push(row);
        }
    }

    /// The header row of a table, ruled below, kept with the first rows and remembered for
    /// continuation pages; returns its index among the table headers.
    fn table_header(
        &mut self,
        tr: usize,
        cells: &[Pieces],
        cols: &[(f32, bool)],
        pad: f32,
    ) -> usize {
        let table_w: f32 = cols.iter().map(|c| c.0).sum::<f32>().min(self.width);
        let mut header = self.table_row(tr, cells, cols, pad, StructRole::HeaderCell);
        header.space_before = self.def.sizes.body * 0.4;
        header.keep_with_next = true;
        header.elements.push(Element::Rule {
            from: (self.x0, header.height),
            to: (self.x0 + table_w, header.height),
            width: 0.6,
        });
        let index = self.table_headers.len();
        self.table_headers.push(header.clone());
        self.rows.push(header);
        index
    }

    /// Sizes of the chunks of a two-half table of `n` entries whose rows are `row_h` high:
    /// what fits (two per row) in the rest of the current page, then per full page. The
    /// estimate errs on the small side; each chunk after the first starts a new page.
    fn page_chunks(&mut self, n: usize, row_h: f32) -> Vec<usize> {
        let frame = self.frame();
        let end = super::flow::paginate(&self.rows, &self.table_headers, frame).end;
        // Room for the header row and the space above it, as rows (a float cast saturates:
        // a negative room is no rows).
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let rows_in = |h: f32| (((h / row_h).floor() as usize).saturating_sub(2)) * 2;
        let full = rows_in(frame.bottom - frame.top).max(2);
        let mut first = rows_in(frame.bottom - end);
        if first < 4 {
            first = 0; // a table does not start with a row alone at a page foot
        }
        // With no room here the table starts on the next page (its header keeps with the
        // first rows).
        let mut chunks = Vec::new();
        let mut left = n;
        let mut cap = if first == 0 { full } else { first };
        while left > 0 {
            let size = left.min(cap);
            chunks.push(size);
            left -= size;
            cap = full;
        }
        chunks
    }

    /// For each column, with its padding: the least width that cuts no word of it (its
    /// widest unbreakable stretch), and the width of its widest cell on one line.
    fn natural_widths(
        &mut self,
        header: &[Pieces],
        body: &[Vec<Pieces>],
        pad: f32,
    ) -> (Vec<f32>, Vec<f32>) {
        (0..header.len())
            .map(|j| {
                let cells = || std::iter::once(&header[j]).chain(body.iter().map(|r| &r[j]));
                let least = cells()
                    .map(|cell| self.engine.widest_unbreakable(cell))
                    .fold(0.0, f32::max);
                let natural = cells()
                    .map(|cell| cell.iter().map(|p| self.engine.width(p)).sum::<f32>())
                    .fold(0.0, f32::max);
                let extra = 2.0 * pad + mm(1.0);
                (least + extra, natural + extra)
            })
            .unzip()
    }

    /// One table row; `cols` are (width, centred).
    pub(super) fn table_row(
        &mut self,
        tr: usize,
        cells: &[Pieces],
        cols: &[(f32, bool)],
        pad: f32,
        role: StructRole,
    ) -> Row {
        let mut elements = Vec::new();
        let mut height: f32 = 0.0;
        let mut x = self.x0;
        for (cell, &(w, centered)) in cells.iter().zip(cols) {
            let elem = self.tree.add(Some(tr), role.clone());
            let lines = self.engine.break_lines(cell, w - 2.0 * pad);
            let mut y = pad;
            for line in lines {
                let mark = self.tree.content(elem);
                let dx = if centered {
                    ((w - 2.0 * pad - line.width) / 2.0).max(0.0)
                } else {
                    0.0
                };
                // Rows close to the text size: a form, not running text.
                let (els, h) = self.line_elements_spaced(line, x + pad + dx, y, mark, 1.15);
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
}

/// Whether row or item `i` of `n` stays with the next one, so that a page break leaves at
/// least two on each side (the first two and the last two are kept together).
fn keeps_two_each_side(i: usize, n: usize) -> bool {
    i + 1 < n && (i == 0 || i + 2 == n)
}

/// Column widths from the content. When every cell fits on one line: each column its
/// natural width, the spare width to the growing columns. Otherwise every column gets at
/// least its `least` width (no word is cut), and the width left over goes first to the
/// columns that then fit on one line at the smallest cost (short vote columns, names), the
/// rest to the others in proportion to what they lack (long text, which wraps at spaces).
/// Only when even the least widths exceed the line do the columns' weights share it.
fn fit_columns(
    columns: &[&Column],
    least: &[f32],
    natural: &[f32],
    width: f32,
) -> Vec<(f32, bool)> {
    let sum: f32 = natural.iter().sum();
    if sum <= width {
        let growing = columns.iter().filter(|c| c.grows).count();
        let spare = if growing > 0 {
            (width - sum) / growing as f32
        } else {
            0.0
        };
        return columns
            .iter()
            .zip(natural)
            .map(|(c, w)| (if c.grows { w + spare } else { *w }, c.centered))
            .collect();
    }
    if least.iter().sum::<f32>() <= width {
        let grows: Vec<bool> = columns.iter().map(|c| c.grows).collect();
        return by_content(least, natural, &grows, width)
            .into_iter()
            .zip(columns)
            .map(|(w, c)| (w, c.centered))
            .collect();
    }
    let total: f32 = columns.iter().map(|c| c.weight).sum::<f32>().max(1.0);
    let spare = (1.0 - columns.iter().map(|c| c.weight).sum::<f32>()).max(0.0);
    let growing = columns.iter().filter(|c| c.grows).count().max(1) as f32;
    columns
        .iter()
        .map(|c| {
            let extra = if c.grows { spare / growing } else { 0.0 };
            ((c.weight + extra) / total * width, c.centered)
        })
        .collect()
}

/// Widths between `least` and `natural` that fill `width` (at least the sum of `least`, less
/// than that of `natural`): the fixed columns cheapest first, then the growing ones (a
/// presence text, which wraps best), a column gets its natural width (one line per cell)
/// while the spare width allows, except the last of that order; it and any left over share
/// what remains in proportion to what each lacks.
fn by_content(least: &[f32], natural: &[f32], grows: &[bool], width: f32) -> Vec<f32> {
    let mut widths = least.to_vec();
    let mut spare = width - least.iter().sum::<f32>();
    let lack = |k: usize| (natural[k] - least[k]).max(0.0);
    let mut order: Vec<usize> = (0..least.len()).collect();
    order.sort_by(|&a, &b| {
        (grows[a].cmp(&grows[b]))
            .then(lack(a).total_cmp(&lack(b)))
            .then(a.cmp(&b))
    });
    let mut open = Vec::new();
    let last = order.len().saturating_sub(1);
    for (n, &k) in order.iter().enumerate() {
        if n < last && lack(k) <= spare {
            widths[k] = natural[k];
            spare -= lack(k);
        } else {
            open.push(k);
        }
    }
    let lacking: f32 = open.iter().map(|&k| lack(k)).sum();
    for &k in &open {
        widths[k] += spare.max(0.0) * lack(k) / lacking.max(f32::EPSILON);
    }
    widths
}

/// The columns that are not optional or have text in some row, and the rows with only those.
fn used_columns<'c>(
    columns: &'c [Column],
    body: &[Vec<Pieces>],
) -> (Vec<&'c Column>, Vec<Vec<Pieces>>) {
    let filled = |j: usize| {
        body.iter()
            .any(|r| r[j].iter().any(|p| !p.text.trim().is_empty()))
    };
    let keep: Vec<usize> = (0..columns.len())
        .filter(|&j| !columns[j].optional || filled(j))
        .collect();
    let used = keep.iter().map(|&j| &columns[j]).collect();
    let rows = body
        .iter()
        .map(|r| keep.iter().map(|&j| r[j].clone()).collect())
        .collect();
    (used, rows)
}

/// The rows of a table set in two halves side by side: each chunk's first half on the left,
/// its second half on the right (a blank cell where the right half is shorter). Returns the
/// rows and the index of the row each chunk starts at.
fn side_by_side(body: &[Vec<Pieces>], chunks: &[usize]) -> (Vec<Vec<Pieces>>, Vec<usize>) {
    let width = body.first().map_or(0, Vec::len);
    let blank: Vec<Pieces> = vec![Vec::new(); width];
    let mut rows = Vec::new();
    let mut starts = Vec::new();
    let mut from = 0;
    for &size in chunks {
        let chunk = &body[from..from + size];
        let first = size.div_ceil(2);
        starts.push(rows.len());
        for k in 0..first {
            let mut row = chunk[k].clone();
            row.extend(
                chunk
                    .get(first + k)
                    .cloned()
                    .unwrap_or_else(|| blank.clone()),
            );
            rows.push(row);
        }
        from += size;
    }
    (rows, starts)
}

#[cfg(test)]
mod tests {
    use super::by_content;

    #[test]
    fn columns_get_their_words_and_the_short_ones_their_whole_text() {
        // A long name, a presence text (growing) and two vote columns ("KF § 202" over
        // "Avstår"): the name lacks more than the presence text, yet the presence wraps.
        let least = [60.0, 50.0, 40.0, 40.0];
        let natural = [140.0, 120.0, 48.0, 48.0];
        let widths = by_content(&least, &natural, &[false, true, false, false], 300.0);
        assert!(
            (widths.iter().sum::<f32>() - 300.0).abs() < 0.01,
            "{widths:?}"
        );
        for k in 0..4 {
            assert!(widths[k] >= least[k], "{widths:?}");
        }
        // The vote columns and the name fit on one line; the presence text wraps.
        assert_eq!(&widths[2..], &natural[2..]);
        assert_eq!(widths[0], natural[0]);
        assert!(widths[1] < natural[1]);
    }
}
