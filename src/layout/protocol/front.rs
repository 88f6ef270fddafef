//! The front page: title; place and time; attendance (beslutande, tjänstgörande ersättare,
//! ersättare, frånvarande, övriga närvarande); who adjusts, and where and when; and the
//! signature block, as a grid (joint councils) or as rows with the paragraph range (the
//! municipal "Underskrifter … Paragrafer §§ 45–53").

use super::blocks::Column;
use super::{join_names, Builder, Pieces};
use crate::layout::{mm, Element, Kind, Row, SignatureSlot, StructRole};
use crate::layout_def::{fill, SignatureForm, Signer};
use crate::model::{Member, NumberingStyle, Role as MemberRole};
use crate::swedish::{clock, long_date, number_ranges};

/// One signature: field name, role label, signer's name, and what is written after the
/// name (the paragraphs a chair presided over, when several did).
struct Signature {
    field: String,
    role: String,
    name: String,
    note: Option<String>,
}

/// A person who presided over paragraphs of this document (format 1.1: `presiding`).
pub(super) struct Presider {
    /// Place among all who presided at the meeting (0: the meeting's chair).
    pub order: usize,
    pub name: String,
    /// The items of this document this person chaired.
    pub chaired: Vec<usize>,
}

impl Builder<'_> {
    pub(super) fn title(&mut self, text: String) {
        let t = self.heading_text(text, self.def.sizes.title);
        self.heading(None, 1, &[t], 0.0, false);
    }

    /// "25 september 2020 kl. 9.00-11.20".
    fn when(&self) -> String {
        let mut when = long_date(self.checked.date);
        if let Some(t) = &self.checked.time {
            let range = fill(
                &self.def.labels.time_range,
                &[("start", &clock(t.start)), ("end", &clock(t.end))],
            );
            when = format!("{when} {range}");
        }
        when
    }

    /// The value column of every label–value line of the front page (Plats och tid,
    /// Beslutande, Övriga närvarande, Utses att justera …): after the widest label, so that
    /// all values stand at one x.
    pub(super) fn front_label_width(&mut self) -> f32 {
        let l = &self.def.labels;
        let labels = [
            &l.place_and_time,
            &l.date_time,
            &l.place,
            &l.breaks,
            &l.members,
            &l.others,
            &l.appointed_adjusters,
            &l.adjustment_place_and_time,
            &l.adjusted_on,
            &l.adjustment_place,
            &l.extract_adjusters,
            &l.extract_adjusted_paragraphs,
        ];
        let separator = l.separator.trim_end().to_string();
        let texts: Vec<String> = labels
            .iter()
            .filter(|t| !t.is_empty())
            .map(|t| format!("{t}{separator} "))
            .collect();
        texts
            .iter()
            .map(|t| self.engine.width(&self.body(t.as_str())) + mm(2.0))
            .fold(mm(28.0), f32::max)
            .min(self.width * 0.5)
    }

    pub(super) fn meeting(&mut self) {
        let l = self.def.labels.clone();
        let lw = self.front_label_width();
        let place = self.checked.meeting.place.clone();
        if l.place_and_time.is_empty() {
            let v = vec![self.body(self.when())];
            self.key_value(None, &l.date_time, &v, lw);
        } else {
            let v = vec![self.body(format!("{place}, {}", self.when()))];
            self.key_value(None, &l.place_and_time, &v, lw);
        }
        if let Some(t) = &self.checked.time {
            if !t.breaks.is_empty() {
                let list: Vec<String> = t
                    .breaks
                    .iter()
                    .map(|(s, e)| {
                        fill(&l.time_range, &[("start", &clock(*s)), ("end", &clock(*e))])
                    })
                    .collect();
                let v = vec![self.body(list.join(", "))];
                self.key_value(None, &l.breaks, &v, lw);
            }
        }
        if l.place_and_time.is_empty() {
            let v = vec![self.body(place)];
            self.key_value(None, &l.place, &v, lw);
        }
    }

    fn signers(&self) -> Vec<Signature> {
        let m = &self.checked.meeting;
        let l = &self.def.labels;
        let mut out = Vec::new();
        for signer in &self.def.style.signature_order {
            match signer {
                Signer::Chair => out.extend(self.chairs()),
                Signer::Secretary => out.push(Signature {
                    field: "sekreterare".into(),
                    role: l.secretary.clone(),
                    name: m.secretary.name.clone(),
                    note: None,
                }),
                Signer::Adjusters => {
                    for (i, a) in m.adjusters.iter().enumerate() {
                        out.push(Signature {
                            field: format!("justerare-{}", i + 1),
                            role: l.adjuster.clone(),
                            name: a.name.clone(),
                            note: None,
                        });
                    }
                }
            }
        }
        out
    }

    /// One Ordförande signature per person who presided over this document's paragraphs:
    /// the meeting's chair first, then each member named by an item's `presiding` (format
    /// 1.1) in order of first appearance. Field names follow that order through the whole
    /// meeting (`ordforande`, `ordforande-2`, …). When several presided, each name is
    /// followed by the paragraphs that person chaired ("Lars Öberg, §§ 124–125").
    fn chairs(&self) -> Vec<Signature> {
        let presiders = self.presiders();
        let several = presiders.len() > 1;
        presiders
            .into_iter()
            .map(|p| Signature {
                field: match p.order {
                    0 => "ordforande".into(),
                    k => format!("ordforande-{}", k + 1),
                },
                role: self.def.labels.chair.clone(),
                note: (several && !p.chaired.is_empty()).then(|| self.paragraphs_label(&p.chaired)),
                name: p.name,
            })
            .collect()
    }

    /// Who presided over this document's paragraphs, as [`Builder::chairs`] lists them.
    pub(super) fn presiders(&self) -> Vec<Presider> {
        let m = &self.checked.meeting;
        let presider = |i: usize| m.items[i].presiding.as_deref().unwrap_or(&m.chair.name);
        let mut names: Vec<&str> = vec![&m.chair.name];
        for i in 0..m.items.len() {
            if !names.contains(&presider(i)) {
                names.push(presider(i));
            }
        }
        let mut out = Vec::new();
        for (order, name) in names.into_iter().enumerate() {
            let chaired: Vec<usize> = (0..m.items.len())
                .filter(|&i| self.includes(i) && presider(i) == name)
                .collect();
            // The meeting's chair always signs the protocol; one who presided signs only
            // what holds their paragraphs.
            if order > 0 && chaired.is_empty() {
                continue;
            }
            out.push(Presider {
                order,
                name: name.to_string(),
                chaired,
            });
        }
        out
    }

    /// Who adjusts, and where and when (or empty lines to fill in).
    pub(super) fn adjustment_lines(&mut self, parent: usize) {
        let m = &self.checked.meeting;
        let l = self.def.labels.clone();
        let lw = self.front_label_width();
        // An extract of an adjusted protocol names who adjusted it, and which paragraphs.
        let adjusted_extract =
            matches!(self.variant.kind, Kind::Extract(_)) && self.checked.adjustment_date.is_some();
        let adjusters_label = if adjusted_extract {
            &l.extract_adjusters
        } else {
            &l.appointed_adjusters
        };
        let first_row = self.rows.len();
        let v = vec![self.body(self.adjusters_text())];
        self.key_value(Some(parent), adjusters_label, &v, lw);
        let date = self.checked.adjustment_date.map(|d| {
            let date = long_date(d);
            match self.checked.adjustment_time {
                // Format 1.1: "28 november 2025 kl. 16.00".
                Some(t) => format!(
                    "{date} {}",
                    fill(&l.adjustment_time, &[("time", &clock(t))])
                ),
                None => date,
            }
        });
        let place = m.adjustment.as_ref().and_then(|a| a.place.clone());
        if !l.adjustment_place_and_time.is_empty() {
            let text = [place, date]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            let v: Pieces = if text.is_empty() {
                Vec::new()
            } else {
                vec![self.body(text)]
            };
            self.key_value(Some(parent), &l.adjustment_place_and_time, &v, lw);
            self.rows[first_row].space_before = self.def.sizes.body;
            self.extract_lines(parent, lw, adjusted_extract);
            return;
        }
        let v: Pieces = date.map(|d| vec![self.body(d)]).unwrap_or_default();
        self.key_value(Some(parent), &l.adjusted_on, &v, lw);
        if place.is_some() || m.adjustment.is_none() {
            let v: Pieces = place.map(|p| vec![self.body(p)]).unwrap_or_default();
            self.key_value(Some(parent), &l.adjustment_place, &v, lw);
        }
        self.rows[first_row].space_before = self.def.sizes.body;
        self.extract_lines(parent, lw, adjusted_extract);
    }

    /// The adjusters: "Karin Nyström (C) med Ahmed Hassan (S) som ersättare och Jonas Berg
    /// (SD)" (the substitute is format 1.1).
    fn adjusters_text(&self) -> String {
        let l = &self.def.labels;
        let adjusters: Vec<String> = self
            .checked
            .meeting
            .adjusters
            .iter()
            .map(|a| {
                let adjuster = self.person(&a.name, a.party.as_deref());
                match &a.substitute {
                    Some(s) => fill(
                        &l.adjuster_substitute,
                        &[
                            ("adjuster", &adjuster),
                            (
                                "substitute",
                                &self.names_with_party(std::slice::from_ref(s)),
                            ),
                        ],
                    ),
                    None => adjuster,
                }
            })
            .collect();
        join_names(&adjusters, &l.and)
    }

    /// What an extract adds under the adjustment: which paragraphs were adjusted (when the
    /// protocol is), and who chaired them.
    fn extract_lines(&mut self, parent: usize, lw: f32, adjusted_extract: bool) {
        if adjusted_extract {
            let items = self.paragraphs_label(&self.included_items());
            let v = vec![self.body(items)];
            let label = self.def.labels.extract_adjusted_paragraphs.clone();
            self.key_value(Some(parent), &label, &v, lw);
        }
        self.extract_chairs(parent, lw);
    }

    /// In an extract of a meeting where more than one person presided (format 1.1), who
    /// chaired the extracted paragraphs: the person answerable for them beside the adjusters.
    fn extract_chairs(&mut self, parent: usize, lw: f32) {
        let m = &self.checked.meeting;
        if !matches!(self.variant.kind, Kind::Extract(_))
            || m.items.iter().all(|i| i.presiding.is_none())
        {
            return;
        }
        let presider = |i: usize| m.items[i].presiding.as_deref().unwrap_or(&m.chair.name);
        let mut names: Vec<String> = Vec::new();
        for i in (0..m.items.len()).filter(|&i| self.includes(i)) {
            if !names.iter().any(|n| n == presider(i)) {
                names.push(presider(i).to_string());
            }
        }
        let text = if names.len() == 1 {
            self.names_with_party(&names)
        } else {
            // Each with the paragraphs they chaired: "Lars Öberg (M), KF § 124; …".
            names
                .iter()
                .map(|name| {
                    let chaired: Vec<usize> = (0..m.items.len())
                        .filter(|&i| self.includes(i) && presider(i) == name)
                        .collect();
                    let who = self.names_with_party(std::slice::from_ref(name));
                    format!("{who}, {}", self.paragraphs_label(&chaired))
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        let v = vec![self.body(text)];
        let label = self.def.labels.chair.clone();
        self.key_value(Some(parent), &label, &v, lw);
    }

    pub(super) fn signatures(&mut self) {
        let section = self.tree.add(None, StructRole::Section);
        match self.def.style.signatures {
            SignatureForm::Grid => {
                let label = self.def.labels.signatures.clone();
                self.subheading_at(section, &label, 2);
                self.signature_grid(section);
                self.adjustment_lines(section);
            }
            SignatureForm::Rows => {
                let first = self.rows.len();
                self.adjustment_lines(section);
                self.signature_rows(section);
                // Who adjusts and the signatures stay on one page.
                let last = self.rows.len() - 1;
                for row in &mut self.rows[first..last] {
                    row.keep_with_next = true;
                }
            }
        }
    }

    /// Name (and role) under a signature line: `at` is (x, y, width); returns the bottom.
    fn name_under_line(
        &mut self,
        row: &mut Row,
        section: usize,
        s: &Signature,
        at: (f32, f32, f32),
        with_role: bool,
    ) -> f32 {
        let (x, mut y, width) = at;
        let p = self.tree.add(Some(section), StructRole::P);
        let name = match &s.note {
            Some(range) => fill(
                &self.def.labels.chaired,
                &[("name", &s.name), ("range", range)],
            ),
            None => s.name.clone(),
        };
        let mut pieces = vec![self.body(format!("{name} "))];
        if with_role {
            pieces.push(self.body_styled(s.role.as_str(), false, true));
        }
        for piece in pieces {
            let mark = self.tree.content(p);
            for line in self.engine.break_lines(&[piece], width) {
                let (els, h) = self.line_elements(line, x, y, mark);
                row.elements.extend(els);
                y += h;
            }
        }
        y
    }

    fn signature_grid(&mut self, section: usize) {
        let col = self.width / 2.0;
        let sign_space = mm(13.0);
        let signers = self.signers();
        let count = signers.len().div_ceil(2);
        for (ci, chunk) in signers.chunks(2).enumerate() {
            let mut row = Row {
                space_before: self.def.sizes.body * 0.8,
                keep_with_next: ci + 1 < count,
                ..Default::default()
            };
            let mut height: f32 = 0.0;
            for (k, s) in chunk.iter().enumerate() {
                let x = self.x0 + k as f32 * col;
                let line_w = col - mm(10.0);
                signature_line(&mut row, s, x, line_w, sign_space);
                let group = self.signature_group(section, &s.field);
                let bottom = self.name_under_line(
                    &mut row,
                    group,
                    s,
                    (x, sign_space + mm(1.0), line_w),
                    true,
                );
                height = height.max(bottom);
            }
            row.height = height;
            self.rows.push(row);
        }
    }

    /// "Underskrifter  Sekreterare  ____________  Paragrafer §§ 45–53": one row per signer.
    fn signature_rows(&mut self, section: usize) {
        let l = self.def.labels.clone();
        let label_w = mm(30.0);
        let role_w = mm(26.0);
        let line_w = (self.width - label_w - role_w - mm(40.0)).max(mm(50.0));
        let signers = self.signers();
        let count = signers.len();
        // More than the usual four signers (a second chair, format 1.1) sign in less height,
        // so that the front page still holds the notice.
        let sign_space = if count > 4 { mm(8.0) } else { mm(11.0) };
        let range = self.paragraphs_label(&self.included_items());
        for (i, s) in signers.iter().enumerate() {
            let mut row = Row {
                space_before: if i == 0 {
                    self.def.sizes.body * 1.2
                } else {
                    0.0
                },
                keep_with_next: i + 1 < count,
                ..Default::default()
            };
            let group = self.signature_group(section, &s.field);
            let p = self.tree.add(Some(group), StructRole::P);
            let mut labels = vec![(self.x0 + label_w, s.role.clone())];
            if i == 0 {
                labels.insert(0, (self.x0, l.signatures.clone()));
            }
            for (x, text) in labels {
                if text.is_empty() {
                    continue;
                }
                let mark = self.tree.content(p);
                let line = self.engine.line(&[self.strong(format!("{text} "))]);
                let (els, _) = self.line_elements(
                    line,
                    x,
                    sign_space - self.line_height(self.def.sizes.body),
                    mark,
                );
                row.elements.extend(els);
            }
            let x = self.x0 + label_w + role_w;
            signature_line(&mut row, s, x, line_w, sign_space);
            let mut bottom =
                self.name_under_line(&mut row, group, s, (x, sign_space + mm(0.8), line_w), false);
            if i == 0 && !l.paragraphs.is_empty() {
                let p = self.tree.add(Some(section), StructRole::P);
                let mark = self.tree.content(p);
                let text = fill(&l.paragraphs, &[("range", &range)]);
                let rx = x + line_w + mm(4.0);
                let lh = self.line_height(self.def.sizes.body);
                let mut y = sign_space - lh;
                for line in self
                    .engine
                    .break_lines(&[self.body(text)], self.x0 + self.width - rx)
                {
                    let (els, h) = self.line_elements(line, rx, y, mark);
                    row.elements.extend(els);
                    y += h;
                }
                bottom = bottom.max(y);
            }
            row.height = bottom + mm(2.0);
            self.rows.push(row);
        }
    }

    /// The structure element of one signature, named by its field, in which the signature
    /// field's Form element is placed next to the role and name.
    pub(super) fn signature_group(&mut self, section: usize, field: &str) -> usize {
        self.tree
            .add(Some(section), StructRole::Signature(field.to_string()))
    }

    /// "§§ 45–48, 50" (or "4–7"); with an organ prefix (format 1.1) "KS §§ 45–48". The
    /// sub-paragraphs 196 a and 196 b are within "§§ 195–197".
    pub(super) fn items_label(&self, numbers: &[u32]) -> String {
        let mut numbers = numbers.to_vec();
        numbers.dedup();
        let ranges = number_ranges(&numbers);
        let sign = &self.def.labels.paragraph_sign;
        let label = match self.checked.numbering {
            NumberingStyle::Paragraph if numbers.len() > 1 => {
                format!("{sign}{sign} {ranges}")
            }
            NumberingStyle::Paragraph => format!("{sign} {ranges}"),
            NumberingStyle::Plain => ranges,
        };
        self.prefixed(label)
    }

    fn member_note(&self, x: &Member, split: bool) -> String {
        let l = &self.def.labels;
        let mut parts = Vec::new();
        // In a table of serving substitutes the heading already says what they are.
        let chair_shown = self.def.style.chair_role_in_attendance;
        let shown = |r: &MemberRole| {
            *r != MemberRole::Member
                && !(split && *r == MemberRole::ServingSubstitute)
                && (chair_shown || *r != MemberRole::Chair)
        };
        if let Some(role) = x.role.filter(shown) {
            parts.push(role.as_swedish().to_string());
        }
        if let Some(r) = &x.replaces {
            parts.push(fill(&l.replaces, &[("name", r)]));
        }
        if let Some(items) = &x.items {
            parts.push(fill(&l.attends, &[("items", &self.items_label(items))]));
        }
        if !x.partly.is_empty() {
            // Format 1.1: "del av § 159".
            parts.push(fill(&l.partly, &[("items", &self.items_label(&x.partly))]));
        }
        parts.join(", ")
    }

    fn member_table(&mut self, parent: usize, level: u16, label: &str, members: &[&Member]) {
        if members.is_empty() {
            return;
        }
        self.subheading_at(parent, label, level);
        let l = self.def.labels.clone();
        let split = self.def.style.split_serving_substitutes;
        let columns = [
            Column::new(&l.column_name, 0.36),
            Column::new(&l.column_party, 0.1).optional(),
            Column::new(&l.column_represents, 0.3).optional(),
            Column::new(&l.column_note, 0.24).optional().grows(),
        ];
        let body: Vec<Vec<Pieces>> = members
            .iter()
            .map(|x| {
                vec![
                    vec![self.body(x.name.as_str())],
                    vec![self.body(x.party.clone().unwrap_or_default())],
                    vec![self.body(x.represents.clone().unwrap_or_default())],
                    vec![self.body(self.member_note(x, split))],
                ]
            })
            .collect();
        self.table(Some(parent), &columns, &body);
    }

    /// The attendance in a section of its own; tables headed at `level` (one below the
    /// body's own heading for its members, when it has one).
    pub(super) fn attendance(&mut self, level: u16) {
        let section = self.tree.add(None, StructRole::Section);
        self.attendance_in(section, level);
    }

    /// "Beslutande: Se närvarolista, sidan 2" (and the same for Övriga närvarande).
    pub(super) fn attendance_reference(&mut self) {
        let l = self.def.labels.clone();
        let section = self.tree.add(None, StructRole::Section);
        let text = fill(&l.see_attendance_list, &[("page", "2")]);
        let mut labels = vec![l.members.clone()];
        if !self.checked.meeting.others.is_empty() {
            labels.push(l.others.clone());
        }
        let lw = self.front_label_width();
        for (i, label) in labels.iter().enumerate() {
            let v = vec![self.body(text.as_str())];
            self.key_value(Some(section), label, &v, lw);
            if i == 0 {
                if let Some(first) = self.rows.last_mut() {
                    first.space_before = self.def.sizes.body;
                }
            }
        }
    }

    pub(super) fn attendance_in(&mut self, section: usize, level: u16) {
        let m = self.checked.meeting.clone();
        let l = self.def.labels.clone();
        let mut level = level;
        if let Some(h) = &m.body.members_heading {
            let size = if level == 2 {
                self.def.sizes.heading
            } else {
                self.def.sizes.subheading
            };
            let t = self.heading_text(h.as_str(), size);
            self.heading(Some(section), level, &[t], self.def.sizes.body * 1.5, false);
            level += 1;
        }
        let serving = |x: &&Member| x.role == Some(MemberRole::ServingSubstitute);
        if self.def.style.split_serving_substitutes {
            let ordinary: Vec<&Member> = m.members.iter().filter(|x| !serving(x)).collect();
            let substitutes: Vec<&Member> = m.members.iter().filter(serving).collect();
            self.member_table(section, level, &l.members, &ordinary);
            self.member_table(section, level, &l.serving_substitutes, &substitutes);
        } else {
            self.member_table(
                section,
                level,
                &l.members,
                &m.members.iter().collect::<Vec<_>>(),
            );
        }
        self.member_table(
            section,
            level,
            &l.substitutes,
            &m.substitutes.iter().collect::<Vec<_>>(),
        );
        self.member_table(
            section,
            level,
            &l.absent,
            &m.absent.iter().collect::<Vec<_>>(),
        );
        if !m.others.is_empty() {
            self.subheading_at(section, &l.others, level);
            let columns = [
                Column::new(&l.column_name, 0.34),
                Column::new(&l.column_organisation, 0.36).optional(),
                Column::new(&l.column_title, 0.3).optional().grows(),
            ];
            let body: Vec<Vec<Pieces>> = m
                .others
                .iter()
                .map(|o| {
                    vec![
                        // Format 1.1: a politician present without serving, with party.
                        vec![self.body(self.person(&o.name, o.party.as_deref()))],
                        vec![self.body(o.organisation.clone().unwrap_or_default())],
                        vec![self.body(o.title.clone().unwrap_or_default())],
                    ]
                })
                .collect();
            self.table(Some(section), &columns, &body);
        }
    }
}

/// The line to sign on, and the slot above it that the layout reports for a signature field.
fn signature_line(row: &mut Row, s: &Signature, x: f32, line_w: f32, sign_space: f32) {
    row.elements.push(Element::Rule {
        from: (x, sign_space),
        to: (x + line_w, sign_space),
        width: 0.6,
    });
    row.slots.push(SignatureSlot {
        field: s.field.clone(),
        label: s.role.clone(),
        signer: s.name.clone(),
        page: 0,
        rect: (x, 0.0, line_w, sign_space),
    });
}
