//! The notice (anslag) and the certification of extracts.
//!
//! - At the end of the protocol: the ANSLAG/BEVIS box ("Protokollet är justerat.
//!   Justeringen har tillkännagivits genom anslag", organ, sammanträdesdatum, the dates the
//!   notice is posted and taken down, förvaringsplats, underskrift), filled from `notice`
//!   where given and with empty lines otherwise; or plain lines, as the layout says.
//! - `protokoll notice`: the one-page notice for the digital notice board, the same fields
//!   plus the paragraphs and "Sista dag för överklagande".
//! - `protokoll extract`: "Utdragsbestyrkande" with the certifying sentence and a line for the
//!   signature.

use super::{Builder, Pieces};
use crate::layout::text::StyledText;
use crate::layout::{mm, Element, Mark, Row, SignatureSlot, StructRole};
use crate::layout_def::{fill, FrontBlock, NoticeForm};
use crate::swedish::iso_date;

impl Builder<'_> {
    /// The facts of the notice: label and value (None: an empty line to fill in).
    fn notice_facts(&self, with_appeal: bool) -> Vec<(String, Option<String>)> {
        let l = &self.def.labels;
        let m = &self.checked.meeting;
        let mut facts = vec![
            (l.notice_body.clone(), Some(m.body.name.clone())),
            (
                l.notice_meeting_date.clone(),
                Some(iso_date(self.checked.date)),
            ),
            (
                l.notice_adjusted.clone(),
                self.checked.adjustment_date.map(iso_date),
            ),
        ];
        if with_appeal {
            let range = self.items_label(&self.checked.numbers);
            facts.push((
                fill(&l.paragraphs, &[("range", "")]).trim().to_string(),
                Some(range),
            ));
        }
        // In the order of time: posted, last day of appeal, taken down (the day after).
        facts.push((
            l.notice_posted.clone(),
            self.checked.notice_posted.map(iso_date),
        ));
        if with_appeal {
            facts.push((
                l.notice_appeal.clone(),
                self.checked.appeal_until.map(iso_date),
            ));
        }
        facts.push((
            l.notice_removed.clone(),
            self.checked.notice_removed.map(iso_date),
        ));
        facts.push((
            l.notice_storage.clone(),
            m.notice.as_ref().and_then(|n| n.storage.clone()),
        ));
        facts
    }

    /// "Protokollet är justerat …" only when it is; otherwise that the dates are filled in
    /// on adjustment.
    fn notice_intro(&self) -> String {
        let l = &self.def.labels;
        // Only a posted notice has announced the adjustment; before that the intro says
        // what will happen, so that no claim stands beside blank dates.
        match (self.checked.adjustment_date, self.checked.notice_posted) {
            (Some(_), Some(_)) => l.notice_intro.clone(),
            (Some(_), None) => l.notice_intro_unposted.clone(),
            (None, _) => l.notice_intro_pending.clone(),
        }
    }

    /// The notice block at the end of the protocol.
    pub(super) fn notice(&mut self) {
        match self.def.style.notice {
            NoticeForm::Lines => {
                if self.checked.meeting.notice.is_none() {
                    return;
                }
                let l = self.def.labels.clone();
                let section = self.tree.add(None, StructRole::Section);
                self.subheading_at(section, &l.notice, 2);
                for (label, value) in self.notice_facts(false).into_iter().skip(3) {
                    let v: Pieces = value.map(|t| vec![self.body(t)]).unwrap_or_default();
                    self.key_value(Some(section), &label, &v, mm(70.0));
                }
            }
            NoticeForm::Box => self.notice_box(),
        }
    }

    /// The ANSLAG/BEVIS box: one unit that is never split, with a frame around it.
    fn notice_box(&mut self) {
        let l = self.def.labels.clone();
        let section = self.tree.add(None, StructRole::Section);
        let pad = mm(3.0);
        let x = self.x0 + pad;
        let inner = self.width - 2.0 * pad;
        let mut row = Row {
            space_before: self.def.sizes.body * 2.0,
            // On the front page the box is posted with it: at the page's foot.
            at_foot: self.def.blocks.front.contains(&FrontBlock::Notice),
            ..Default::default()
        };
        let heading = self.tree.add(
            Some(section),
            StructRole::Heading(2, l.notice_heading.clone()),
        );
        let mark = self.tree.content(heading);
        let text = self.heading_text(l.notice_heading.as_str(), self.def.sizes.subheading);
        let mut y = self.lines_into(&mut row, &[text], (x, pad), inner, false, mark);
        let intro = self.tree.add(Some(section), StructRole::P);
        let mark = self.tree.content(intro);
        let text = self.body(self.notice_intro());
        y = self.lines_into(&mut row, &[text], (x, y), inner, true, mark) + mm(2.0);
        let mut facts = self.notice_facts(false);
        facts.push((l.notice_signature.clone(), None));
        for (label, value) in facts {
            y = self.notice_box_fact(section, &mut row, (x, y), inner, &label, value);
        }
        let bottom = y + pad;
        let (left, right) = (self.x0, self.x0 + self.width);
        for (from, to) in [
            ((left, 0.0), (right, 0.0)),
            ((right, 0.0), (right, bottom)),
            ((right, bottom), (left, bottom)),
            ((left, bottom), (left, 0.0)),
        ] {
            row.elements.push(Element::Rule {
                from,
                to,
                width: 0.8,
            });
        }
        row.height = bottom;
        self.rows.push(row);
    }

    /// One fact of the box at `(x, y)`: its label, and its value beside it or an empty line
    /// to fill in by hand; returns where the next fact starts.
    fn notice_box_fact(
        &mut self,
        section: usize,
        row: &mut Row,
        (x, y): (f32, f32),
        inner: f32,
        label: &str,
        value: Option<String>,
    ) -> f32 {
        let label_w = mm(68.0);
        let signs = label == self.def.labels.notice_signature;
        let parent = if signs {
            self.signature_group(section, "anslag")
        } else {
            section
        };
        let p = self.tree.add(Some(parent), StructRole::P);
        let mark = self.tree.content(p);
        let text = self.body(format!("{label} "));
        let ly = self.lines_into(row, &[text], (x, y), label_w - mm(2.0), true, mark);
        let vx = x + label_w;
        let vy = match value {
            Some(v) => {
                let mark = self.tree.content(p);
                let text = self.body(v);
                self.lines_into(row, &[text], (vx, y), inner - label_w, true, mark)
            }
            None => {
                // An empty line to fill in by hand; the signature's is taller and carries a
                // signature field.
                let lines = if signs { 2.6 } else { 1.5 };
                let vy = y + self.line_height(self.def.sizes.body) * lines;
                row.elements.push(Element::Rule {
                    from: (vx, vy - mm(1.0)),
                    to: (x + inner, vy - mm(1.0)),
                    width: 0.5,
                });
                if signs {
                    let slot = self.notice_slot((vx, y, x + inner - vx, vy - mm(1.0) - y));
                    row.slots.push(slot);
                }
                vy
            }
        };
        ly.max(vy) + mm(1.0)
    }

    /// `pieces` broken into lines of `width` from `(x, y)` into one row; returns the bottom.
    fn lines_into(
        &mut self,
        row: &mut Row,
        pieces: &[StyledText],
        (x, mut y): (f32, f32),
        width: f32,
        hyphenate: bool,
        mark: Mark,
    ) -> f32 {
        for line in self.engine.break_lines_with(pieces, width, hyphenate) {
            let (els, h) = self.line_elements(line, x, y, mark);
            row.elements.extend(els);
            y += h;
        }
        y
    }

    /// The signature field of the notice's "Underskrift" line (`rect` relative to its row).
    fn notice_slot(&self, rect: (f32, f32, f32, f32)) -> SignatureSlot {
        SignatureSlot {
            field: "anslag".into(),
            label: self.def.labels.notice_signature.clone(),
            signer: self.checked.meeting.secretary.name.clone(),
            page: 0,
            rect,
        }
    }

    /// The one-page notice for the notice board.
    pub(super) fn notice_document(&mut self) {
        let l = self.def.labels.clone();
        self.title(l.notice_heading.clone());
        let section = self.tree.add(None, StructRole::Section);
        let intro = vec![self.body(self.notice_intro())];
        self.paragraph(Some(section), &intro, self.def.sizes.body * 0.5);
        for (label, value) in self.notice_facts(true) {
            let v: Pieces = value.map(|t| vec![self.body(t)]).unwrap_or_default();
            self.key_value(Some(section), &label, &v, mm(70.0));
        }
        let group = self.signature_group(section, "anslag");
        self.key_value(Some(group), &l.notice_signature, &[], mm(70.0));
        // Room to sign above the line, and a signature field there.
        let room = mm(8.0);
        let row = self.rows.last_mut().expect("the signature line");
        row.elements = row.elements.iter().map(|e| e.shifted(room)).collect();
        row.height += room;
        let line_y = row.elements.iter().find_map(|e| match e {
            Element::Rule { from, to, .. } => Some((from.0, from.1, to.0 - from.0)),
            _ => None,
        });
        if let Some((x, y, w)) = line_y {
            let slot = self.notice_slot((x, 0.0, w, y));
            self.rows
                .last_mut()
                .expect("the signature line")
                .slots
                .push(slot);
        }
    }

    /// "Utdragsbestyrkande": the certifying sentence and a line for the signature.
    pub(super) fn extract_certification(&mut self) {
        let l = self.def.labels.clone();
        let section = self.tree.add(None, StructRole::Section);
        self.subheading_at(section, &l.extract_certification, 2);
        let certify = if self.withholds_anything() {
            &l.extract_certify_withheld
        } else {
            &l.extract_certify
        };
        let text = vec![self.body(certify.as_str())];
        self.paragraph(Some(section), &text, self.def.sizes.body * 0.5);
        // The certifying text, the signature line, the name and the field stay together.
        if let Some(last) = self.rows.last_mut() {
            last.keep_with_next = true;
        }
        let sign_space = mm(14.0);
        let line_w = mm(80.0);
        let mut row = Row {
            space_before: self.def.sizes.body,
            ..Default::default()
        };
        row.elements.push(Element::Rule {
            from: (self.x0, sign_space),
            to: (self.x0 + line_w, sign_space),
            width: 0.6,
        });
        let name = self.checked.meeting.secretary.name.clone();
        row.slots.push(SignatureSlot {
            field: "utdragsbestyrkande".into(),
            label: l.extract_certification.clone(),
            signer: name.clone(),
            page: 0,
            rect: (self.x0, 0.0, line_w, sign_space),
        });
        let group = self.signature_group(section, "utdragsbestyrkande");
        let p = self.tree.add(Some(group), StructRole::P);
        let mark: Mark = self.tree.content(p);
        let line = self
            .engine
            .line(&[self.body(format!("{name}, {}", l.secretary.to_lowercase()))]);
        let (els, h) = self.line_elements(line, self.x0, sign_space + mm(1.0), mark);
        row.elements.extend(els);
        row.height = sign_space + mm(1.0) + h;
        self.rows.push(row);
    }
}
