//! The two sheets a fullmäktige protocol often carries (format 1.1 layout blocks): the
//! innehållsförteckning (`toc`: paragraph, title, page) and the närvaro- och
//! omröstningslista (`votes_sheet`: one row per member and serving substitute, their
//! presence, and one column per roll-call vote). Both are tables with header cells, so that
//! they are tagged as tables (PDF/UA); the sheet's marks are the ballots, read from the input.

use super::blocks::Column;
use super::{Builder, Pieces};
use crate::layout::StructRole;
use crate::layout_def::fill;
use crate::model::{Answer, Member, Role};

/// At most this many vote columns stand in one table; more votes make more tables.
const VOTES_PER_TABLE: usize = 6;

impl Builder<'_> {
    /// The innehållsförteckning. Page numbers come from a first layout pass
    /// ([`Builder::set_item_pages`]); in that pass they are placeholders of the same height.
    pub(super) fn toc(&mut self) -> String {
        let l = self.def.labels.clone();
        let section = self.tree.add(None, StructRole::Section);
        self.subheading_at(section, &l.toc, 2);
        let columns = [
            Column::new(&l.toc_paragraph, 0.17),
            Column::new(&l.toc_title, 0.71),
            Column::new(&l.toc_page, 0.12).centered(),
        ];
        let body: Vec<Vec<Pieces>> = (0..self.checked.meeting.items.len())
            .filter(|&i| self.includes(i))
            .map(|i| {
                let page = self
                    .item_pages
                    .get(i)
                    .copied()
                    .flatten()
                    .map_or_else(|| "0".to_string(), |p| (p + 1).to_string());
                vec![
                    vec![self.body(self.number_label(i))],
                    vec![self.body(self.checked.meeting.items[i].title.as_str())],
                    vec![self.body(page)],
                ]
            })
            .collect();
        self.table(Some(section), &columns, &body);
        l.toc
    }

    /// The närvaro- och omröstningslista.
    pub(super) fn votes_sheet(&mut self) -> String {
        let l = self.def.labels.clone();
        let section = self.tree.add(None, StructRole::Section);
        self.subheading_at(section, &l.votes_sheet, 2);
        let votes: Vec<(usize, usize)> = (0..self.checked.meeting.items.len())
            .filter(|&i| self.includes(i) && self.shows_content(i))
            .flat_map(|i| (0..self.checked.meeting.items[i].votes.len()).map(move |j| (i, j)))
            .collect();
        let m = self.checked.meeting.clone();
        let people: Vec<(&Member, bool)> = m
            .members
            .iter()
            .map(|x| (x, true))
            .chain(m.absent.iter().map(|x| (x, false)))
            .collect();
        let chunks: Vec<&[(usize, usize)]> = if votes.is_empty() {
            vec![&[]]
        } else {
            votes.chunks(VOTES_PER_TABLE).collect()
        };
        for chunk in chunks {
            let share = 0.4 / VOTES_PER_TABLE as f32;
            let headers: Vec<String> = chunk
                .iter()
                .map(|&(i, j)| self.vote_heading(i, j))
                .collect();
            let mut columns = vec![
                Column::new(&l.column_name, 0.3),
                Column::new(&l.column_party, 0.08).optional(),
                Column::new(&l.votes_sheet_presence, 0.22).grows(),
            ];
            columns.extend(headers.iter().map(|h| Column::new(h, share).centered()));
            let body: Vec<Vec<Pieces>> = people
                .iter()
                .map(|&(x, present)| {
                    let mut cells = vec![
                        vec![self.body(x.name.as_str())],
                        vec![self.body(x.party.clone().unwrap_or_default())],
                        vec![self.body(self.presence(x, present))],
                    ];
                    cells.extend(
                        chunk
                            .iter()
                            .map(|&(i, j)| vec![self.body(self.answer(x, i, j))]),
                    );
                    cells
                })
                .collect();
            self.table(Some(section), &columns, &body);
        }
        l.votes_sheet
    }

    /// "§ 121", or "§ 121:2" for an item's second vote.
    fn vote_heading(&self, i: usize, j: usize) -> String {
        let l = &self.def.labels;
        let paragraph = self.number_label(i);
        if j == 0 {
            fill(&l.votes_sheet_vote, &[("paragraph", &paragraph)])
        } else {
            fill(
                &l.votes_sheet_vote_n,
                &[("paragraph", &paragraph), ("n", &(j + 1).to_string())],
            )
        }
    }

    /// Present, absent, serving for someone, or present for some items only.
    fn presence(&self, x: &Member, present: bool) -> String {
        let l = &self.def.labels;
        if !present {
            return l.votes_sheet_absent.clone();
        }
        let mut text = match (&x.replaces, x.role) {
            (Some(r), _) => fill(&l.votes_sheet_serving, &[("name", r)]),
            (None, Some(Role::ServingSubstitute)) => l.serving_substitutes.clone(),
            _ => match &x.items {
                Some(items) => fill(
                    &l.votes_sheet_present_items,
                    &[("items", &self.items_label(items))],
                ),
                None => l.votes_sheet_present.clone(),
            },
        };
        if !x.partly.is_empty() {
            let partly = fill(&l.partly, &[("items", &self.items_label(&x.partly))]);
            text = format!("{text}, {partly}");
        }
        text
    }

    /// The member's answer in vote `j` of item `i`: Ja, Nej, Avstår, or a dash for no ballot.
    fn answer(&self, x: &Member, i: usize, j: usize) -> String {
        let l = &self.def.labels;
        let vote = &self.checked.meeting.items[i].votes[j];
        match vote
            .ballots
            .iter()
            .find(|b| b.name == x.name)
            .map(|b| b.vote)
        {
            Some(Answer::Yes) => l.vote_answer_yes.clone(),
            Some(Answer::No) => l.vote_answer_no.clone(),
            Some(Answer::Abstain) => l.vote_answer_abstain.clone(),
            None => l.votes_sheet_no_ballot.clone(),
        }
    }
}
