//! Each item ("§ 45 Title", Dnr, then its blocks in the layout's order; in the public
//! version a confidential item shows only its number, title and the reason for secrecy) and
//! the closing attachment list (Bilageförteckning).

use super::blocks::Column;
use super::{Builder, Pieces};
use crate::fonts::Face;
use crate::layout::text::StyledText;
use crate::layout::{mm, ArtifactKind, Mark, Row, StructRole};
use crate::layout_def::{fill, ItemBlock};
use crate::model::{Answer, Item, NumberingStyle, Proposal, Reservation, Statement, Vote};
use crate::swedish::{fill_text, sentence};

impl<'a> Builder<'a> {
    pub(super) fn item(&mut self, i: usize) {
        let first = self.rows.len();
        let item: &Item = &self.checked.meeting.items[i];
        self.showing(Some(&format!("items[{i}].title")));
        let section = self.tree.add(None, StructRole::Section);
        let number = self.number_label(i);
        // Number in a hanging column, title wrapped beside it; one heading element.
        let h = self.tree.add(
            Some(section),
            StructRole::Heading(2, format!("{number} {}", item.title)),
        );
        let size = self.def.sizes.heading;
        let num_piece = self.heading_text(format!("{number} "), size);
        let num_w = self.engine.width(&num_piece).max(mm(12.0));
        let mark = self.tree.content(h);
        let num_line = self.engine.line(&[num_piece]);
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
        let body_from = self.rows.len();
        // The public version of a confidential item shows only number, title and reason.
        if let Some(cn) = item.case_number.as_ref().filter(|_| self.shows_content(i)) {
            self.showing(Some(&format!("items[{i}].case_number")));
            self.case_number_line(section, cn, num_w);
        }
        let mut withheld = 0.0;
        if self.shows_content(i) {
            for block in self.def.blocks.item.clone() {
                self.item_block(section, i, block);
            }
        } else {
            withheld = self.withheld_item(section, i);
        }
        // The last row of an item may end a page.
        if let Some(last) = self.rows.last_mut() {
            last.keep_with_next = false;
        }
        let continued = match self.checked.numbering {
            NumberingStyle::Paragraph => number,
            // "Punkt 5 (forts.)": "5. (forts.)" would read as a stray full stop.
            NumberingStyle::Plain => capitalised(&self.item_reference(i)),
        };
        self.keep_item(first, body_from, withheld, &continued);
    }

    /// A short item (up to [`SHORT_ITEM_LINES`] lines, as the full version sets it:
    /// `withheld` is the height the public version left out) stays whole on one page. A
    /// longer one may run over a page break; every page it continues on then opens with
    /// "§ 48 (forts.)" (a pagination artifact), so that no page starts with a "Beslut" or a
    /// "Bilaga" of unknown paragraph.
    fn keep_item(&mut self, first: usize, body_from: usize, withheld: f32, number: &str) {
        let end = self.rows.len();
        let line = self.line_height(self.def.sizes.body);
        // Lines as a reader counts them: the heading and every subheading one line each, the
        // space between blocks none (counting height instead made an item of eleven lines
        // with four subheadings "longer than twelve lines").
        let lines = item_lines(&self.rows[first..end], line) + (withheld / line).ceil();
        if lines <= SHORT_ITEM_LINES {
            for r in &mut self.rows[first..end - 1] {
                r.keep_with_next = true;
            }
        }
        let text = fill(&self.def.labels.item_continued, &[("number", number)]);
        // In the headings' face, which every protocol embeds already (a face of its own
        // would embed a font only for this line).
        let line = self
            .engine
            .line(&[self.heading_text(text, self.def.sizes.body)]);
        let mark = Mark::Artifact(ArtifactKind::Pagination);
        let (elements, height) = self.line_elements(line, self.x0, 0.0, mark);
        let repeat = self.table_headers.len();
        self.table_headers.push(Row {
            height: height + self.def.sizes.body * 0.3,
            elements,
            ..Default::default()
        });
        for r in &mut self.rows[body_from..end] {
            r.continues = Some(repeat);
        }
    }

    /// "Dnr KS 2024/12" under the title, indented like it (`indent`: the number column).
    fn case_number_line(&mut self, section: usize, case_number: &str, indent: f32) {
        let label = &self.def.labels.case_number;
        let text = if case_number.starts_with(label.as_str()) {
            case_number.to_string()
        } else {
            format!("{label} {case_number}")
        };
        let p = StyledText::new(
            text,
            Face::of(self.def.fonts.body, false, false),
            self.def.sizes.small + 1.5,
        );
        let elem = self.tree.add(Some(section), StructRole::P);
        let mut rows = self.text_rows(elem, &[p], self.x0 + indent, self.width - indent, 0.0);
        for r in &mut rows {
            r.keep_with_next = true;
        }
        self.rows.extend(rows);
    }

    /// A confidential item in the public version: the reason for secrecy (and the decision
    /// when it is published), the rest kept as empty space; returns that space's height.
    fn withheld_item(&mut self, section: usize, i: usize) -> f32 {
        let item: &Item = &self.checked.meeting.items[i];
        self.showing(Some(&format!("items[{i}].confidential_reason")));
        let reason = item.confidential_reason.clone().unwrap_or_default();
        let text = fill(&self.def.labels.confidential_public, &[("reason", &reason)]);
        let p = vec![self.body_styled(text, false, true)];
        let note_from = self.rows.len();
        self.paragraph(Some(section), &p, self.def.sizes.body * 0.5);
        let note = super::flow::height(&self.rows[note_from..])
            + self.rows.get(note_from).map_or(0.0, |r| r.space_before);
        if item.publish_decision {
            self.item_block(section, i, ItemBlock::Decision);
        }
        self.withheld_space(i, note)
    }

    /// One block of item `i`, in the layout's order; what it draws shows `items[i].<key>`.
    pub(super) fn item_block(&mut self, section: usize, i: usize, block: ItemBlock) {
        self.showing(Some(&format!("items[{i}].{}", json_key(block))));
        let item: &'a Item = &self.checked.meeting.items[i];
        match block {
            ItemBlock::Confidential => self.confidential_block(section, item),
            ItemBlock::Text => {
                if let Some(t) = &item.text {
                    self.rich(section, t, 0.0);
                }
            }
            ItemBlock::Basis => {
                let heading = self.def.labels.basis.clone();
                self.dash_list(section, &heading, &item.basis);
            }
            ItemBlock::Proposals => {
                // A preparing body's proposal (format 1.1) comes before the yrkanden.
                self.committee_proposals(section, i);
                self.showing(Some(&format!("items[{i}].proposals")));
                let l = &self.def.labels;
                let heading = one_or_many(item.proposals.len(), &l.proposals_one, &l.proposals);
                let heading = heading.to_string();
                let list = &item.proposals;
                self.statements((section, i), ("proposals", &heading), list, Self::proposal);
            }
            ItemBlock::Procedure => {
                if let Some(t) = &item.procedure {
                    let heading = self.def.labels.procedure.clone();
                    self.subheading(section, &heading);
                    self.rich(section, t, 0.0);
                }
            }
            ItemBlock::Votes => self.votes_block(section, i),
            ItemBlock::Decision => {
                if let Some(t) = &item.decision {
                    let heading = self.def.labels.decision.clone();
                    self.subheading(section, &heading);
                    self.rich(section, t, 0.0);
                }
            }
            ItemBlock::Reservations => {
                let l = &self.def.labels;
                let n = item.reservations.len();
                let heading = one_or_many(n, &l.reservations, &l.reservations_many).to_string();
                let list = &item.reservations;
                self.statements(
                    (section, i),
                    ("reservations", &heading),
                    list,
                    Self::reservation,
                );
            }
            ItemBlock::Notes => {
                let l = &self.def.labels;
                let heading = one_or_many(item.notes.len(), &l.notes, &l.notes_many).to_string();
                self.statements((section, i), ("notes", &heading), &item.notes, Self::note);
                // Särskilda yttranden (format 1.1) follow the protokollsanteckningar.
                self.special_statements(section, i);
            }
            ItemBlock::Conflicts => self.conflicts_block(section, item),
            ItemBlock::ImmediatelyAdjusted => {
                if item.immediately_adjusted {
                    let text = self.def.labels.immediately_adjusted.clone();
                    let p = vec![self.body_styled(text, false, true)];
                    self.paragraph(Some(section), &p, self.def.sizes.body * 0.5);
                }
            }
            ItemBlock::SendTo => {
                let heading = self.def.labels.send_to.clone();
                self.dash_list(section, &heading, &item.send_to);
            }
            ItemBlock::Attachments => self.attachments_block(section, i),
        }
    }

    /// The reason for secrecy of a confidential item, in the full version.
    fn confidential_block(&mut self, section: usize, item: &Item) {
        if item.confidential {
            let reason = item.confidential_reason.clone().unwrap_or_default();
            let text = fill(&self.def.labels.confidential, &[("reason", &reason)]);
            let t = vec![self.body_styled(text, false, true)];
            self.paragraph(Some(section), &t, self.def.sizes.body * 0.5);
        }
    }

    /// "Omröstning": per vote the question, what yes and no mean, the roll call and the
    /// result.
    fn votes_block(&mut self, section: usize, i: usize) {
        let item: &'a Item = &self.checked.meeting.items[i];
        let l = self.def.labels.clone();
        let gap = self.def.sizes.body * 0.5;
        for (j, vote) in item.votes.iter().enumerate() {
            self.showing(Some(&format!("items[{i}].votes[{j}]")));
            self.subheading(section, &l.votes);
            self.rich(section, &vote.question, 0.0);
            let yes = vec![self.body(fill(&l.vote_yes, &[("text", &vote.yes)]))];
            let from = self.rows.len();
            self.paragraph(Some(section), &yes, gap);
            let no = vec![self.body(fill(&l.vote_no, &[("text", &vote.no)]))];
            self.paragraph(Some(section), &no, 0.0);
            // What yes and what no mean stand together, and with the roll call's head.
            for r in &mut self.rows[from..] {
                r.keep_with_next = true;
            }
            self.roll_call(section, vote);
            let t = self.checked.tallies[i][j];
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

    /// The roll-call table of a vote: member, party and a mark under the answer.
    fn roll_call(&mut self, section: usize, vote: &Vote) {
        let l = self.def.labels.clone();
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
                    .checked
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
    }

    /// A heading and one paragraph per entry of the list `key` of item `i` (yrkanden,
    /// reservationer, protokollsanteckningar, jäv), each showing its own input.
    fn statements<T>(
        &mut self,
        (section, i): (usize, usize),
        (key, heading): (&str, &str),
        entries: &[T],
        text: impl Fn(&Self, &T) -> String,
    ) {
        if entries.is_empty() {
            return;
        }
        self.subheading(section, heading);
        let from = self.rows.len();
        for (k, entry) in entries.iter().enumerate() {
            self.showing(Some(&format!("items[{i}].{key}[{k}]")));
            let p = vec![self.body(sentence(&text(self, entry)))];
            self.paragraph(Some(section), &p, self.def.sizes.body * 0.5);
        }
        // Like a list: two lines under the heading, and no last line (a one-line
        // protokollsanteckning) alone at the top of a page.
        let end = self.rows.len();
        if end >= from + 2 {
            self.rows[from].keep_with_next = true;
            self.rows[end - 2].keep_with_next = true;
        }
    }

    /// "Per Holmgren (S) yrkar bifall till …" (the template's words are not doubled when
    /// the text starts with them).
    fn proposal(&self, p: &Proposal) -> String {
        let by = self.names_with_party(&p.by);
        fill(
            &fill_text(&self.def.labels.proposal, &p.text),
            &[("by", &by)],
        )
    }

    /// A reservation, in favour of a proposal or against the decision; by named members or,
    /// in format 1.1, by the members of some parties ("Ledamöterna för (M) och (KD)").
    fn reservation(&self, r: &Reservation) -> String {
        let l = &self.def.labels;
        let by = if r.by_parties.is_empty() {
            self.names_with_party(&r.by)
        } else {
            let parties: Vec<String> = r.by_parties.iter().map(|p| format!("({p})")).collect();
            fill(
                &l.party_members,
                &[("parties", &super::join_names(&parties, &l.and))],
            )
        };
        match &r.text {
            Some(t) => fill(&fill_text(&l.reservation_for, t), &[("by", &by)]),
            None => fill(&l.reservation, &[("by", &by)]),
        }
    }

    /// Format 1.1: each preparing body's proposal under "Kommunstyrelsens förslag" (the
    /// body's name in the genitive), its text as rich text.
    fn committee_proposals(&mut self, section: usize, i: usize) {
        let item: &'a Item = &self.checked.meeting.items[i];
        for (k, proposal) in item.committee_proposals.iter().enumerate() {
            self.showing(Some(&format!("items[{i}].committee_proposals[{k}]")));
            let body = genitive(&proposal.body);
            let heading = fill(&self.def.labels.committee_proposal, &[("body", &body)]);
            self.subheading(section, &heading);
            self.rich(section, &proposal.text, 0.0);
        }
    }

    /// Format 1.1: "Särskilt yttrande", who makes each statement, and its rich text.
    fn special_statements(&mut self, section: usize, i: usize) {
        let item: &'a Item = &self.checked.meeting.items[i];
        if item.statements.is_empty() {
            return;
        }
        let l = self.def.labels.clone();
        self.showing(Some(&format!("items[{i}].statements")));
        self.subheading(section, &l.statements);
        for (k, statement) in item.statements.iter().enumerate() {
            self.showing(Some(&format!("items[{i}].statements[{k}]")));
            let by = self.names_with_party(&statement.by);
            let p = vec![self.body(fill(&l.statement_by, &[("by", &by)]))];
            self.paragraph(Some(section), &p, self.def.sizes.body * 0.5);
            if let Some(last) = self.rows.last_mut() {
                last.keep_with_next = true;
            }
            self.rich(section, &statement.text, 0.0);
        }
    }

    /// A note for the minutes (protokollsanteckning).
    fn note(&self, n: &Statement) -> String {
        let by = self.names_with_party(&n.by);
        fill(&fill_text(&self.def.labels.note, &n.text), &[("by", &by)])
    }

    /// Declared conflicts of interest (jäv): one sentence naming everyone with the same jäv.
    fn conflicts_block(&mut self, section: usize, item: &Item) {
        if item.conflicts.is_empty() {
            return;
        }
        let l = self.def.labels.clone();
        self.subheading(section, &l.conflicts);
        let names = self.names_with_party(&item.conflicts);
        let p = vec![self.body(sentence(&fill(&l.conflict, &[("name", &names)])))];
        self.paragraph(Some(section), &p, self.def.sizes.body * 0.5);
    }

    /// "Bilaga": the item's attachments with their numbers through the protocol.
    fn attachments_block(&mut self, section: usize, i: usize) {
        let item: &'a Item = &self.checked.meeting.items[i];
        if item.attachments.is_empty() {
            return;
        }
        let l = self.def.labels.clone();
        let heading = one_or_many(item.attachments.len(), &l.attachments, &l.attachments_many);
        self.subheading(section, heading);
        let entries: Vec<(String, Pieces)> = self
            .checked
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

    /// The public version keeps the full version's pagination: the withheld blocks of item
    /// `i` are set as in the full version, in a scratch structure tree, and kept as empty
    /// rows of the same heights (less `note`, the height of the note that replaces them).
    /// Nothing of their content reaches the document.
    fn withheld_space(&mut self, i: usize, note: f32) -> f32 {
        let published = self.checked.meeting.items[i].publish_decision;
        let saved = self.tree.clone();
        let headers = self.table_headers.len();
        let from = self.rows.len();
        let scratch = self.tree.add(None, StructRole::Section);
        for block in self.def.blocks.item.clone() {
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
            r.links.clear();
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
        // How much less high the item is than in the full version.
        let dropped: f32 = rows[..keep_from]
            .iter()
            .map(|r| r.height + r.space_before)
            .sum::<f32>()
            - note;
        self.rows.extend(rows.into_iter().skip(keep_from));
        dropped.max(0.0)
    }

    /// A reference to item `i` in running text: "§ 45", or "punkt 4" ("punkt 4 a") for
    /// plain numbering (where "(4.)" would read as a stray full stop).
    fn item_reference(&self, i: usize) -> String {
        match self.checked.numbering {
            NumberingStyle::Paragraph => self.number_label(i),
            NumberingStyle::Plain => fill(
                &self.def.labels.item_reference,
                &[("n", &self.number_text(i))],
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
        (0..self.checked.attachments.len())
            .filter(|&k| {
                let item = self.checked.attachments[k].item;
                self.includes(item) && self.shows_content(item)
            })
            .collect()
    }

    pub(super) fn attachment_list(&mut self) {
        let listed = self.listed_attachments();
        if listed.is_empty() {
            return;
        }
        let l = self.def.labels.clone();
        let section = self.tree.add(None, StructRole::Section);
        self.subheading_at(section, &l.attachment_list, 2);
        let entries: Vec<(String, Pieces)> = listed
            .into_iter()
            .map(|k| {
                let a = &self.checked.attachments[k];
                let title = &self.checked.meeting.items[a.item].attachments[a.index].title;
                let label = fill(&l.attachment_number, &[("n", &a.number.to_string())]);
                let title = without_full_stop(title);
                (
                    label,
                    vec![self.body(format!("{title} ({})", self.item_reference(a.item)))],
                )
            })
            .collect();
        self.list(section, true, &entries, 0.0);
    }
}

/// The key of the item's JSON object that a block shows.
fn json_key(block: ItemBlock) -> &'static str {
    match block {
        ItemBlock::Confidential => "confidential_reason",
        ItemBlock::Text => "text",
        ItemBlock::Basis => "basis",
        ItemBlock::Proposals => "proposals",
        ItemBlock::Procedure => "procedure",
        ItemBlock::Votes => "votes",
        ItemBlock::Decision => "decision",
        ItemBlock::Reservations => "reservations",
        ItemBlock::Notes => "notes",
        ItemBlock::Conflicts => "conflicts",
        ItemBlock::ImmediatelyAdjusted => "immediately_adjusted",
        ItemBlock::SendTo => "send_to",
        ItemBlock::Attachments => "attachments",
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

/// A body's name in the Swedish genitive, as in "Arbetsutskottets förslag": an "s" is added
/// unless the name ends in s, x or z (the input gives the name in the nominative).
#[must_use]
pub(super) fn genitive(name: &str) -> String {
    let name = name.trim_end();
    match name.chars().last() {
        Some('s' | 'x' | 'z' | 'S' | 'X' | 'Z') | None => name.to_string(),
        Some(_) => format!("{name}s"),
    }
}

/// Items of up to this many lines are never split over pages.
const SHORT_ITEM_LINES: f32 = 12.0;

/// The lines of `rows`: a row of text is one line whatever its size (a heading too), a
/// taller row (a table row with wrapped cells, a signature) as many lines of `line` height
/// as it covers; the space above rows is not a line.
fn item_lines(rows: &[Row], line: f32) -> f32 {
    rows.iter()
        .filter(|r| r.height > 0.0)
        // A heading's row (1.6 times its size) is still one line; two lines' height is two.
        .map(|r| (r.height / line + 0.25).floor().max(1.0))
        .sum()
}

/// A title without its closing full stop, so that a reference after it ("… (punkt 4)") does
/// not follow a stray one; an abbreviation's stop ("m.m.") stays.
fn without_full_stop(title: &str) -> &str {
    let t = title.trim_end();
    let last_word = t.rsplit(' ').next().unwrap_or_default();
    match t.strip_suffix('.') {
        Some(rest) if last_word.matches('.').count() == 1 => rest,
        _ => t,
    }
}

/// The text with its first letter in upper case ("punkt 5" → "Punkt 5").
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::genitive;

    #[test]
    fn the_genitive_adds_an_s_unless_the_name_ends_in_s_x_or_z() {
        assert_eq!(genitive("Arbetsutskottet"), "Arbetsutskottets");
        assert_eq!(genitive("Kommunstyrelsen"), "Kommunstyrelsens");
        assert_eq!(
            genitive("Kommunstyrelsens arbetsutskott"),
            "Kommunstyrelsens arbetsutskotts"
        );
        assert_eq!(
            genitive("Miljö- och byggnämnden"),
            "Miljö- och byggnämndens"
        );
        assert_eq!(
            genitive("Regionala samverkansrådet Västra Götalands"),
            "Regionala samverkansrådet Västra Götalands"
        );
        assert_eq!(
            genitive("Fritids- och kulturrådet Linux"),
            "Fritids- och kulturrådet Linux"
        );
        assert_eq!(
            genitive("Vänersby Idrottsallians KZ"),
            "Vänersby Idrottsallians KZ"
        );
    }
}
