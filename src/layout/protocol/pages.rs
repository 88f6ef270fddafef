//! The page header block on every page (logo, organisation, body, Tjänsteställe,
//! Sekreterare, date, "Sida N av M") and the finished document: pagination, then the header
//! added to each page once the page count is known.

use super::Builder;
use crate::fonts::Face;
use crate::layout::text::StyledText;
use crate::layout::Kind;
use crate::layout::{flow, mm, ArtifactKind, Document, Element, Mark, Page, StructRole};
use crate::layout_def::fill;
use crate::swedish::iso_date;

/// The height of the logo in the page header.
const LOGO_HEIGHT: f32 = 16.0 * 72.0 / 25.4;

impl Builder<'_> {
    // ---- pages ------------------------------------------------------------------------------

    /// The page header block for page `page` of `pages`, and its height: the logo, the
    /// organisation and the body, then the office, secretary, date and page number. On the
    /// first page the header's facts are content (read once); later, artifacts.
    pub(super) fn header(&mut self, page: usize, pages: usize) -> (Vec<Element>, f32) {
        let top = mm(self.def.page.margin_top_mm);
        let first = page == 0;
        let mut elems = Vec::new();
        let x = self.header_logo(first, top, &mut elems);
        let mut bottom = self.header_organisation(first, x, top, &mut elems);
        bottom = bottom.max(self.header_facts(first, (page, pages), top, &mut elems));
        if self.checked.logo.is_some() {
            bottom = bottom.max(top + LOGO_HEIGHT);
        }
        let rule_y = bottom + mm(2.0);
        elems.push(Element::Rule {
            from: (self.x0, rule_y),
            to: (self.x0 + self.width, rule_y),
            width: 0.8,
        });
        (elems, rule_y - top + mm(6.0))
    }

    /// How a header fact is marked: content of its own paragraph on the first page, else an
    /// artifact.
    fn header_mark(&mut self, first: bool) -> Mark {
        if first {
            let p = self.tree.add(None, StructRole::P);
            self.tree.content(p)
        } else {
            Mark::Artifact(ArtifactKind::Header)
        }
    }

    /// The logo at the header's left, if there is one; returns where the text starts.
    fn header_logo(&mut self, first: bool, top: f32, elems: &mut Vec<Element>) -> f32 {
        let Some(logo) = &self.checked.logo else {
            return self.x0;
        };
        let (w, h) = (logo.size.0 as f32, logo.size.1 as f32);
        let lw = (LOGO_HEIGHT * w / h.max(1.0)).min(mm(40.0));
        let lh = lw * h / w.max(1.0);
        let mark = if first {
            let name = self.checked.meeting.organisation.name.clone();
            let f = self.tree.add(None, StructRole::Figure(name));
            self.tree.content(f)
        } else {
            Mark::Artifact(ArtifactKind::Header)
        };
        let origin = self.origin_of("organisation.logo");
        elems.push(Element::Logo {
            at: (self.x0, top),
            size: (lw, lh),
            mark,
            origin: Some(origin),
        });
        self.x0 + lw + mm(4.0)
    }

    /// Column A: the organisation and the body's heading lines, from `x`; returns its bottom.
    fn header_organisation(
        &mut self,
        first: bool,
        x: f32,
        top: f32,
        elems: &mut Vec<Element>,
    ) -> f32 {
        let d = self.def;
        let m = &self.checked.meeting;
        let width = self.x0 + self.width * 0.5 - x;
        let header_lines: Vec<String> = if m.body.heading.is_empty() {
            vec![m.body.name.clone()]
        } else {
            m.body.heading.clone()
        };
        let (small, size) = (d.sizes.small, d.sizes.header);
        let mut pieces = vec![StyledText::new(
            m.organisation.name.as_str(),
            Face::of(d.fonts.header, false, false),
            small + 0.5,
        )];
        let bold = Face::of(d.fonts.header, true, false);
        pieces.extend(
            header_lines
                .iter()
                .map(|h| StyledText::new(h.as_str(), bold, size + 1.0)),
        );
        let mut y = top;
        for piece in pieces {
            let mark = self.header_mark(first);
            for line in self.engine.break_lines(&[piece], width) {
                let (els, h) = self.line_elements(line, x, y - top, mark);
                elems.extend(els.into_iter().map(|e| e.shifted(top)));
                y += h;
            }
        }
        y
    }

    /// Columns B (office, secretary) and C (meeting date, page number); returns their bottom.
    fn header_facts(
        &mut self,
        first: bool,
        (page, pages): (usize, usize),
        top: f32,
        elems: &mut Vec<Element>,
    ) -> f32 {
        let d = self.def;
        let m = &self.checked.meeting;
        let face = Face::of(d.fonts.header, false, false);
        let (small, size) = (d.sizes.small, d.sizes.header);
        let col_b_x = self.x0 + self.width * 0.5;
        let col_c_x = self.x0 + self.width * 0.80;
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
        let col_c = vec![(d.labels.meeting_date.clone(), iso_date(self.checked.date))];
        let mut bottom = top;
        for (cx, entries, w) in [
            (col_b_x, col_b, self.width * 0.30),
            (col_c_x, col_c, self.width * 0.20),
        ] {
            let mut y = top;
            for (label, value) in entries {
                let mark = self.header_mark(first);
                for (piece, pad) in [
                    (StyledText::new(format!("{label} "), face, small), 0.0),
                    (StyledText::new(value, face, size), mm(1.2)),
                ] {
                    for line in self.engine.break_lines(&[piece], w - mm(2.0)) {
                        let (els, h) = self.line_elements(line, cx, y - top, mark);
                        elems.extend(els.into_iter().map(|e| e.shifted(top)));
                        y += h;
                    }
                    y += pad;
                }
            }
            if cx == col_c_x {
                let line = self
                    .engine
                    .line(&[StyledText::new(page_of.clone(), face, size)]);
                let (els, h) =
                    self.line_elements(line, cx, y - top, Mark::Artifact(ArtifactKind::Header));
                elems.extend(els.into_iter().map(|e| e.shifted(top)));
                y += h;
            }
            bottom = bottom.max(y);
        }
        bottom
    }

    /// The running footer: equal boxes for the initials of each chair ("Ordf sign"; one per
    /// person who presided, format 1.1) and of each adjuster ("Just sign"), and one for
    /// certifying extracts ("Utdragsbestyrkande"), each with its label above the writing
    /// space, at the foot of every page. Boxes that do not fit beside the extract box go on
    /// rows above it. Returns the elements and the height it takes above the bottom margin.
    fn footer(&mut self) -> (Vec<Element>, f32) {
        // The notice is not adjusted or certified: it has no footer boxes.
        if !self.def.style.footer || self.variant.kind == Kind::Notice {
            return (Vec::new(), 0.0);
        }
        let extract_label = self.def.labels.footer_extract.clone();
        let face = Face::of(self.def.fonts.header, false, false);
        let size = self.def.sizes.small;
        let bottom = mm(self.def.page.height_mm - self.def.page.margin_bottom_mm);
        let box_h = mm(9.0);
        let label_h = size * 1.3;
        let labels = self.initials_labels();
        let extract_w = (self
            .engine
            .width(&StyledText::new(extract_label.as_str(), face, size))
            + mm(2.0))
        .max(mm(30.0));
        let gap = mm(2.0);
        let room = (self.width - extract_w - gap).max(mm(20.0));
        // Every initials box as wide as the widest label needs, at least 20 mm, at most the
        // room beside the extract box (a longer label breaks into lines).
        let initials_w = labels
            .iter()
            .map(|t| self.engine.width(&StyledText::new(t.as_str(), face, size)) + mm(2.0))
            .fold(mm(20.0), f32::max)
            .min(room);
        let label_lines: Vec<_> = labels
            .into_iter()
            .map(|t| {
                let label = [StyledText::new(t, face, size)];
                if self.engine.width(&label[0]) + mm(2.0) <= initials_w {
                    vec![self.engine.line(&label)]
                } else {
                    self.engine.break_lines(&label, initials_w - mm(1.0))
                }
            })
            .collect();
        let lines = label_lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let per_row = (1..=label_lines.len())
            .take_while(|&k| k as f32 * (initials_w + gap) - gap <= room)
            .last()
            .unwrap_or(1);
        let rows = label_lines.len().div_ceil(per_row).max(1);
        let pitch = box_h + lines as f32 * label_h + mm(4.0);
        let mut boxes: Vec<(f32, f32, f32, Vec<_>)> = label_lines
            .into_iter()
            .enumerate()
            .map(|(k, label)| {
                let (row, column) = (k / per_row, k % per_row);
                let foot = bottom - (rows - 1 - row) as f32 * pitch;
                let x = self.x0 + column as f32 * (initials_w + gap);
                (x, initials_w, foot, label)
            })
            .collect();
        let extract_line = self
            .engine
            .line(&[StyledText::new(extract_label, face, size)]);
        boxes.push((
            self.x0 + self.width - extract_w,
            extract_w,
            bottom,
            vec![extract_line],
        ));
        let mut elems = Vec::new();
        for (x, w, foot, label) in boxes {
            let top = foot - box_h;
            for (from, to) in [
                ((x, top), (x + w, top)),
                ((x + w, top), (x + w, foot)),
                ((x + w, foot), (x, foot)),
                ((x, foot), (x, top)),
            ] {
                elems.push(Element::Rule {
                    from,
                    to,
                    width: 0.5,
                });
            }
            let above = label.len() as f32 * label_h;
            for (n, line) in label.into_iter().enumerate() {
                let (els, _) = self.line_elements(
                    line,
                    x,
                    top - above + n as f32 * label_h - mm(0.5),
                    Mark::Artifact(ArtifactKind::Footer),
                );
                elems.extend(els);
            }
        }
        (elems, rows as f32 * pitch)
    }

    /// The labels of the initials boxes: one per chair, then one per adjuster. When several
    /// presided, each chair's box names whose it is by initials ("Ordf sign LÖ"), or by
    /// name when two chairs' initials are alike.
    fn initials_labels(&self) -> Vec<String> {
        let l = &self.def.labels;
        let presiders = self.presiders();
        let mut labels = if presiders.len() == 1 {
            vec![l.footer_chair.clone()]
        } else {
            let initials: Vec<String> = presiders.iter().map(|p| initials(&p.name)).collect();
            let distinct = initials
                .iter()
                .enumerate()
                .all(|(k, a)| !a.is_empty() && !initials[..k].contains(a));
            presiders
                .iter()
                .zip(&initials)
                .map(|(p, short)| {
                    let shown = if distinct { short } else { &p.name };
                    fill(
                        &l.footer_chair_named,
                        &[
                            ("label", &l.footer_chair),
                            ("initials", shown),
                            ("name", &p.name),
                        ],
                    )
                })
                .collect()
        };
        labels
            .extend((0..self.checked.meeting.adjusters.len()).map(|_| l.footer_adjusters.clone()));
        labels
    }

    /// The content area of every page: below the header block, above the footer.
    pub(super) fn frame(&mut self) -> flow::Frame {
        let d = self.def;
        // The header's height does not depend on the page number; measure it once with a
        // scratch tree so that no structure is created twice.
        let saved = std::mem::take(&mut self.tree);
        let (_, header_height) = self.header(0, 999);
        self.tree = saved;
        let (_, footer_height) = self.footer();
        flow::Frame {
            top: mm(d.page.margin_top_mm) + header_height,
            bottom: mm(d.page.height_mm - d.page.margin_bottom_mm) - footer_height,
        }
    }

    /// Paginates and adds the header block to every page.
    #[must_use]
    pub fn finish(mut self) -> Document {
        // The header and footer gather many values of the input.
        self.showing(None);
        let d = self.def;
        let page_size = (mm(d.page.width_mm), mm(d.page.height_mm));
        let frame = self.frame();
        let (footer, _) = self.footer();
        let flowed = flow::paginate(&self.rows, &self.table_headers, frame);
        let n = flowed.pages.len();
        // The first page's header facts come first in reading order.
        let roots_before = self.tree.roots.len();
        let mut pages: Vec<Page> = Vec::with_capacity(n);
        for (i, page) in flowed.pages.into_iter().enumerate() {
            let (mut elements, _) = self.header(i, n);
            elements.extend(page.elements);
            elements.extend(footer.iter().cloned());
            pages.push(Page { elements });
        }
        let header_roots: Vec<usize> = self.tree.roots.drain(roots_before..).collect();
        self.tree.roots.splice(0..0, header_roots);
        let title = self.title_text();
        let metadata = self.metadata();
        Document {
            metadata,
            title,
            origins: std::mem::take(&mut self.origins),
            info: self.document_info(),
            logo: self.checked.logo.clone(),
            files: self.embedded_files(),
            frame: (frame.top, frame.bottom),
            page_size,
            pages,
            structure: self.tree,
            bookmarks: flowed.bookmarks,
            // The public version is a copy for publication: nothing in it can be signed. The
            // notice is public by nature (it is what is posted) and is signed on its
            // Underskrift line by whoever posts it, so it keeps its field.
            signature_slots: if self.variant.public && self.variant.kind != Kind::Notice {
                Vec::new()
            } else {
                flowed.slots
            },
            links: flowed.links,
        }
    }
}

/// A person's initials: the first letter of each part of the name ("Lars Öberg" → "LÖ",
/// "Anna-Karin Ek" → "AKE").
fn initials(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|part| part.chars().find(|c| c.is_alphabetic()))
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn initials_take_the_first_letter_of_every_part() {
        assert_eq!(initials("Lars Öberg"), "LÖ");
        assert_eq!(initials("Margareta  Holm"), "MH");
        assert_eq!(initials("Anna-Karin Ek"), "AKE");
        assert_eq!(initials("Ewa af Klercker"), "EAK");
        assert_eq!(initials(""), "");
    }
}
