//! Each item ("§ 45 Title", Dnr, then its blocks in the layout's order; in the public
//! version a confidential item shows only its number, title and the reason for secrecy) and
//! the closing attachment list (Bilageförteckning).

use super::blocks::Column;
use super::{Builder, Pieces};
use crate::fonts::Face;
use crate::layout::text::StyledText;
use crate::layout::{mm, Role, Row};
use crate::layouts::{fill, ItemBlock};
use crate::model::{Answer, Item, NumberingStyle};
use crate::swedish::{fill_text, sentence};

impl<'a> Builder<'a> {
    pub(super) fn item(&mut self, i: usize) {
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
        // The public version of a confidential item shows only number, title and reason.
        if let Some(cn) = item.case_number.as_ref().filter(|_| self.shows_content(i)) {
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
        if self.shows_content(i) {
            for block in self.d.blocks.item.clone() {
                self.item_block(section, i, block);
            }
        } else {
            let reason = item.confidential_reason.clone().unwrap_or_default();
            let text = fill(&self.d.labels.confidential_public, &[("reason", &reason)]);
            let p = vec![self.body_styled(text, false, true)];
            let note_from = self.rows.len();
            self.paragraph(Some(section), &p, self.d.sizes.body * 0.5);
            let note = super::flow::height(&self.rows[note_from..])
                + self.rows.get(note_from).map_or(0.0, |r| r.space_before);
            if item.publish_decision {
                self.item_block(section, i, ItemBlock::Decision);
            }
            self.withheld_space(i, note);
        }
        // The last row of an item may end a page.
        if let Some(last) = self.rows.last_mut() {
            last.keep_with_next = false;
        }
    }

    pub(super) fn item_block(&mut self, section: usize, i: usize, block: ItemBlock) {
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
            ItemBlock::Basis => self.dash_list(section, &l.basis, &item.basis),
            ItemBlock::Proposals => {
                if !item.proposals.is_empty() {
                    let heading = one_or_many(item.proposals.len(), &l.proposals_one, &l.proposals);
                    self.subheading(section, heading);
                    for p in &item.proposals {
                        let by = self.names_with_party(&p.by);
                        let text = fill(&fill_text(&l.proposal, &p.text), &[("by", &by)]);
                        let t = vec![self.body(sentence(&text))];
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
                            let mark = |a: Answer| {
                                if b.vote == a {
                                    l.vote_mark.clone()
                                } else {
                                    String::new()
                                }
                            };
                            vec![
                                vec![self.body(b.name.as_str())],
                                vec![self.body(party.unwrap_or_default())],
                                vec![self.body(mark(Answer::Yes))],
                                vec![self.body(mark(Answer::No))],
                                vec![self.body(mark(Answer::Abstain))],
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
                    let heading = one_or_many(
                        item.reservations.len(),
                        &l.reservations,
                        &l.reservations_many,
                    );
                    self.subheading(section, heading);
                    for r in &item.reservations {
                        let by = self.names_with_party(&r.by);
                        let text = match &r.text {
                            Some(t) => fill(&fill_text(&l.reservation_for, t), &[("by", &by)]),
                            None => fill(&l.reservation, &[("by", &by)]),
                        };
                        let p = vec![self.body(sentence(&text))];
                        self.paragraph(Some(section), &p, gap);
                    }
                }
            }
            ItemBlock::Notes => {
                if !item.notes.is_empty() {
                    let heading = one_or_many(item.notes.len(), &l.notes, &l.notes_many);
                    self.subheading(section, heading);
                    for n in &item.notes {
                        let by = self.names_with_party(&n.by);
                        let text = fill(&fill_text(&l.note, &n.text), &[("by", &by)]);
                        let p = vec![self.body(sentence(&text))];
                        self.paragraph(Some(section), &p, gap);
                    }
                }
            }
            ItemBlock::Conflicts => {
                if !item.conflicts.is_empty() {
                    self.subheading(section, &l.conflicts);
                    // One sentence naming everyone with the same jäv.
                    let names = self.names_with_party(&item.conflicts);
                    let p = vec![self.body(sentence(&fill(&l.conflict, &[("name", &names)])))];
                    self.paragraph(Some(section), &p, gap);
                }
            }
            ItemBlock::ImmediatelyAdjusted => {
                if item.immediately_adjusted {
                    let p = vec![self.body_styled(l.immediately_adjusted.as_str(), false, true)];
                    self.paragraph(Some(section), &p, gap);
                }
            }
            ItemBlock::SendTo => self.dash_list(section, &l.send_to, &item.send_to),
            ItemBlock::Attachments => {
                if !item.attachments.is_empty() {
                    let heading =
                        one_or_many(item.attachments.len(), &l.attachments, &l.attachments_many);
                    self.subheading(section, heading);
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

    /// The public version keeps the full version's pagination: the withheld blocks of item
    /// `i` are set as in the full version, in a scratch structure tree, and kept as empty
    /// rows of the same heights (less `note`, the height of the note that replaces them).
    /// Nothing of their content reaches the document.
    fn withheld_space(&mut self, i: usize, note: f32) {
        let published = self.c.meeting.items[i].publish_decision;
        let saved = self.tree.clone();
        let headers = self.table_headers.len();
        let from = self.rows.len();
        let scratch = self.tree.add(None, Role::Section);
        for block in self.d.blocks.item.clone() {
            if !(published && block == ItemBlock::Decision) {
                self.item_block(scratch, i, block);
            }
        }
        self.tree = saved;
        for header in &mut self.table_headers[headers..] {
            header.elements.clear();
        }
        let mut rows: Vec<Row> = self.rows.drain(from..).collect();
        for r in &mut rows {
            r.elements.clear();
            r.slots.clear();
            r.bookmark = None;
        }
        // The note takes the place of the first withheld rows.
        let mut taken = 0.0;
        let keep_from = rows
            .iter()
            .position(|r| {
                taken += r.height + r.space_before;
                taken > note
            })
            .unwrap_or(rows.len());
        self.rows.extend(rows.into_iter().skip(keep_from));
    }

    /// A reference to item `i` in running text: "§ 45", or "punkt 4" for plain numbering
    /// (where "(4.)" would read as a stray full stop).
    fn item_reference(&self, i: usize) -> String {
        match self.c.numbering {
            NumberingStyle::Paragraph => self.number_label(i),
            NumberingStyle::Plain => fill(
                &self.d.labels.item_reference,
                &[("n", &self.c.numbers[i].to_string())],
            ),
        }
    }

    /// A heading and a list of plain lines marked with dashes (beslutsunderlag, sändlista).
    fn dash_list(&mut self, section: usize, heading: &str, lines: &[String]) {
        if lines.is_empty() {
            return;
        }
        self.subheading(section, heading);
        let entries: Vec<(String, Pieces)> = lines
            .iter()
            .map(|b| ("–".to_string(), vec![self.body(b.as_str())]))
            .collect();
        self.list(section, false, &entries, 0.0);
    }

    /// Attachments listed (and embedded) in this document: those of included items whose
    /// content is shown.
    pub(super) fn listed_attachments(&self) -> Vec<usize> {
        (0..self.c.attachments.len())
            .filter(|&k| {
                let item = self.c.attachments[k].item;
                self.includes(item) && self.shows_content(item)
            })
            .collect()
    }

    pub(super) fn attachment_list(&mut self) {
        let listed = self.listed_attachments();
        if listed.is_empty() {
            return;
        }
        let l = self.d.labels.clone();
        let section = self.tree.add(None, Role::Section);
        self.subheading_at(section, &l.attachment_list, 2);
        let entries: Vec<(String, Pieces)> = listed
            .into_iter()
            .map(|k| {
                let a = &self.c.attachments[k];
                let title = &self.c.meeting.items[a.item].attachments[a.index].title;
                let label = fill(&l.attachment_number, &[("n", &a.number.to_string())]);
                (
                    label,
                    vec![self.body(format!("{title} ({})", self.item_reference(a.item)))],
                )
            })
            .collect();
        self.list(section, true, &entries, 0.0);
    }
}

/// The singular label for one, the plural for several.
fn one_or_many<'l>(n: usize, one: &'l str, many: &'l str) -> &'l str {
    if n == 1 {
        one
    } else {
        many
    }
}
