//! Stage 2: [`Meeting`] → [`Checked`], or every problem at once.
//!
//! Everything that can be wrong with the input is found here, never later: dates and times,
//! numbering, who may do what (chair, adjusters, proposers, voters…), votes, files named in
//! the input, and characters that no bundled font can draw. Each finding carries its JSON path.
//! The [`Checked`] meeting holds what later stages need already parsed and derived (dates,
//! item numbers, attachment numbers, vote tallies, loaded images), so layout and rendering
//! cannot fail on the input.

use crate::error::Diagnostic;
use crate::fonts::FontBook;
use crate::layout_def::LayoutDef;
use crate::model::{Answer, Item, Meeting, MeetingTime, Member, NumberingStyle, Role};
use crate::resources::{ResourceError, Resources};
use crate::richtext;
use crate::swedish::{parse_date, parse_time};
use chrono::{NaiveDate, NaiveTime};
use std::collections::{BTreeSet, HashMap};

/// At most this many findings are kept (the first ones; the command prints fewer still).
const MAX_FINDINGS: usize = 1_000;

/// A meeting that passed validation, with what was derived from it.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The input as given.
    pub meeting: Meeting,
    /// Sammanträdesdatum.
    pub date: NaiveDate,
    /// Start, end and breaks.
    pub time: Option<CheckedTime>,
    /// Date of adjustment, when adjusted.
    pub adjustment_date: Option<NaiveDate>,
    /// Anslag dates.
    pub notice_posted: Option<NaiveDate>,
    /// Anslag dates: as given, else three weeks after posting.
    pub notice_removed: Option<NaiveDate>,
    /// Sista dag för överklagande: three weeks after the notice was posted (kommunallagen
    /// 13 kap. 5 §).
    pub appeal_until: Option<NaiveDate>,
    /// The number of each item, in order.
    pub numbers: Vec<u32>,
    /// How numbers are printed.
    pub numbering: NumberingStyle,
    /// The organisation's logo.
    pub logo: Option<LoadedImage>,
    /// Every attachment, numbered through the protocol.
    pub attachments: Vec<NumberedAttachment>,
    /// Per item, per vote: the counted ballots.
    pub tallies: Vec<Vec<Tally>>,
    /// The time of adjustment (format 1.1).
    pub adjustment_time: Option<NaiveTime>,
    /// Whether the personal data (`{{…}}`) of `meeting` was masked for the public version
    /// ([`Checked::masked`]).
    pub personal_data_masked: bool,
}

impl Checked {
    /// This meeting for the public version: every span of personal data replaced by
    /// "XXX" in every text, before any later stage sees it; `None` when there is none.
    #[must_use]
    pub fn masked(&self) -> Option<Checked> {
        let mut value = serde_json::to_value(&self.meeting).expect("the model serialises");
        if !richtext::mask_json(&mut value) {
            return None;
        }
        let meeting = serde_json::from_value(value).expect("masking keeps the model's shape");
        Some(Checked {
            meeting,
            personal_data_masked: true,
            ..self.clone()
        })
    }
}

/// Parsed meeting times.
#[derive(Debug, Clone)]
pub struct CheckedTime {
    /// Start.
    pub start: NaiveTime,
    /// End.
    pub end: NaiveTime,
    /// Ajourneringar.
    pub breaks: Vec<(NaiveTime, NaiveTime)>,
}

/// An image read and decoded during validation.
#[derive(Clone)]
pub struct LoadedImage {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// PNG or JPEG.
    pub jpeg: bool,
    /// Pixel size.
    pub size: (u32, u32),
    /// The image as krilla decoded it here; render draws this one, so that the file is
    /// decoded once per document (a cheap clone: krilla shares the decoded pixels).
    pub image: krilla::image::Image,
}

impl std::fmt::Debug for LoadedImage {
    // The decoded pixels are left out: they would fill a log with numbers.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedImage")
            .field("bytes", &self.bytes.len())
            .field("jpeg", &self.jpeg)
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

/// An attachment with its number ("Bilaga 3") and, if it names one, its file.
#[derive(Debug, Clone)]
pub struct NumberedAttachment {
    /// Index of the item it belongs to.
    pub item: usize,
    /// Index within the item's attachments.
    pub index: usize,
    /// Number through the whole protocol, from 1.
    pub number: u32,
    /// The embedded file: name and bytes.
    pub file: Option<(String, Vec<u8>)>,
}

/// The counted ballots of one vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Ja.
    pub yes: usize,
    /// Nej.
    pub no: usize,
    /// Avstår.
    pub abstain: usize,
}

/// Checks the meeting. On success returns it checked, with any warnings; otherwise all
/// diagnostics (errors and warnings).
pub fn validate(
    meeting: Meeting,
    layout: &LayoutDef,
    resources: &dyn Resources,
) -> Result<(Checked, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut v = Validator { out: Vec::new() };
    let checked = v.run(meeting, layout, resources);
    if v.out.iter().any(Diagnostic::is_error) {
        Err(v.out)
    } else {
        Ok((checked, v.out))
    }
}

/// Whether `value` is ASCII digits except for `sep` at the given byte positions (the exact
/// shape the schema's pattern describes).
fn digits_at(value: &str, positions: &[usize], sep: u8) -> bool {
    value.bytes().enumerate().all(|(i, b)| {
        if positions.contains(&i) {
            b == sep
        } else {
            b.is_ascii_digit()
        }
    })
}

struct Validator {
    out: Vec<Diagnostic>,
}

impl Validator {
    fn error(&mut self, path: impl Into<String>, message: impl Into<String>, hint: &str) {
        // Past this many, more findings help nobody and would only cost memory.
        if self.out.len() < MAX_FINDINGS {
            self.out
                .push(Diagnostic::error(path, message).with_hint(hint));
        }
    }

    fn warning(&mut self, path: impl Into<String>, message: impl Into<String>, hint: &str) {
        // Warnings count towards the same bound as errors.
        if self.out.len() < MAX_FINDINGS {
            self.out
                .push(Diagnostic::warning(path, message).with_hint(hint));
        }
    }

    fn date(&mut self, path: &str, value: &str) -> Option<NaiveDate> {
        let d = parse_date(value).filter(|_| digits_at(value, &[4, 7], b'-'));
        if d.is_none() {
            let shaped = value.len() == 10
                && value.bytes().enumerate().all(|(i, b)| {
                    if i == 4 || i == 7 {
                        b == b'-'
                    } else {
                        b.is_ascii_digit()
                    }
                });
            let message = if shaped {
                format!("`{value}` is not a day of the calendar")
            } else {
                format!("`{value}` is not a date")
            };
            self.error(path, message, "write dates as YYYY-MM-DD, e.g. 2020-09-25");
        }
        d
    }

    fn time(&mut self, path: &str, value: &str) -> Option<NaiveTime> {
        let t = parse_time(value).filter(|_| digits_at(value, &[2], b':'));
        if t.is_none() {
            self.error(
                path,
                format!("`{value}` is not a time"),
                "write times as HH:MM in 24-hour form, e.g. 09:00",
            );
        }
        t
    }

    /// Every check, one pass per concern, in the order the findings are reported.
    fn run(&mut self, meeting: Meeting, layout: &LayoutDef, resources: &dyn Resources) -> Checked {
        let m = &meeting;
        if m.version != 1 {
            self.error(
                "version",
                format!("format version {} is not supported", m.version),
                "this program reads version 1",
            );
        }
        let date = self.date("date", &m.date).unwrap_or_default();
        let time = m.time.as_ref().and_then(|t| self.meeting_time(t));
        let adjustment_date = self.adjustment_date(m, date);
        let (notice_posted, notice_removed, appeal_until) = self.notice_dates(m);
        self.notice_after_adjustment(adjustment_date, notice_posted);
        self.required_lists(m);
        if !self.within_limits(m) {
            // Beyond the limits nothing more is checked: the checks themselves must stay cheap.
            return empty_checked(meeting, date, layout);
        }
        let numbers = self.numbers(m);
        self.people(m, layout, &numbers);
        self.attendance(m, &numbers);
        let tallies = self.votes(m, &numbers);
        self.roll_calls(m, &numbers);
        self.reservations(m, &tallies);
        self.presiding(m, &numbers);
        self.group_reservations(m, &numbers);
        self.partly(m, &numbers);
        self.adjuster_substitutes(m);
        self.statement_people(m);
        let adjustment_time = m
            .adjustment
            .as_ref()
            .and_then(|a| a.time.as_ref())
            .and_then(|t| self.time("adjustment.time", t));
        let logo = m
            .organisation
            .logo
            .as_ref()
            .and_then(|p| self.image("organisation.logo", p, resources));
        let attachments = self.attachments(m, resources);
        // Every text of the meeting, once: what no font prints, and personal-data marks
        // (format 1.1: whole, on one line, and only in rich texts — a mark the printer would
        // not read is a mark whose content the public version would print).
        let texts = serde_json::to_value(m).expect("the model serialises");
        each_text(&texts, |path, s| self.characters(path, s));
        each_text(&texts, |path, s| self.marks_in(&path, s));
        self.empty_texts(m);

        let meeting = with_chair_role(meeting);
        let numbering = meeting
            .numbering
            .as_ref()
            .and_then(|n| n.style)
            .unwrap_or(layout.numbering);
        Checked {
            date,
            time,
            adjustment_date,
            notice_posted,
            notice_removed,
            appeal_until,
            numbers,
            numbering,
            logo,
            attachments,
            tallies,
            adjustment_time,
            personal_data_masked: false,
            meeting,
        }
    }

    /// Start, end and breaks: each a time, in order, the breaks inside the meeting.
    fn meeting_time(&mut self, t: &MeetingTime) -> Option<CheckedTime> {
        let start = self.time("time.start", &t.start);
        let end = self.time("time.end", &t.end);
        let (start, end) = (start?, end?);
        if end < start {
            self.error(
                "time.end",
                format!(
                    "the meeting ends ({}) before it starts ({})",
                    t.end, t.start
                ),
                "check start and end",
            );
        }
        let mut breaks = Vec::new();
        for (i, b) in t.breaks.iter().enumerate() {
            let p = format!("time.breaks[{i}]");
            let bs = self.time(&format!("{p}.start"), &b.start);
            let be = self.time(&format!("{p}.end"), &b.end);
            if let (Some(bs), Some(be)) = (bs, be) {
                if be < bs {
                    self.error(
                        format!("{p}.end"),
                        format!("the break ends ({}) before it starts ({})", b.end, b.start),
                        "check start and end",
                    );
                } else if bs < start || be > end {
                    self.error(
                        p.clone(),
                        "the break lies outside the meeting's time",
                        "a break must fall between time.start and time.end",
                    );
                }
                breaks.push((bs, be));
            }
        }
        Some(CheckedTime { start, end, breaks })
    }

    /// The adjustment date, on or after the meeting's.
    fn adjustment_date(&mut self, m: &Meeting, date: NaiveDate) -> Option<NaiveDate> {
        let adjustment_date = m
            .adjustment
            .as_ref()
            .and_then(|a| a.date.as_ref())
            .and_then(|d| self.date("adjustment.date", d));
        if let Some(a) = adjustment_date {
            if a < date {
                self.error(
                    "adjustment.date",
                    "the protocol is adjusted before the meeting was held",
                    "the adjustment date is on or after `date`",
                );
            }
        }
        adjustment_date
    }

    /// The notice's dates: posted, taken down (as given, else when the appeal time ends) and
    /// the last day to appeal.
    fn notice_dates(
        &mut self,
        m: &Meeting,
    ) -> (Option<NaiveDate>, Option<NaiveDate>, Option<NaiveDate>) {
        let notice = m.notice.as_ref();
        let notice_posted = notice
            .and_then(|n| n.posted.as_ref())
            .and_then(|d| self.date("notice.posted", d));
        let notice_removed = notice
            .and_then(|n| n.removed.as_ref())
            .and_then(|d| self.date("notice.removed", d));
        let appeal_until = notice_posted.map(crate::swedish::last_day_of_appeal);
        if let (Some(last), Some(r)) = (appeal_until, notice_removed) {
            if r <= last {
                self.error(
                    "notice.removed",
                    "the notice would be taken down before the appeal time has run out (kommunallagen 8 kap. 12 §)",
                    &format!(
                        "the last day of appeal is {}; take the notice down on {} or later, or leave notice.removed out",
                        crate::swedish::iso_date(last),
                        crate::swedish::iso_date(last + chrono::Days::new(1))
                    ),
                );
            }
        }
        let notice_removed =
            notice_removed.or(notice_posted.map(crate::swedish::earliest_take_down));
        if let (Some(p), Some(r)) = (notice_posted, notice_removed) {
            if r < p {
                self.error(
                    "notice.removed",
                    "the notice is taken down before it is posted",
                    "check notice.posted and notice.removed",
                );
            }
        }
        (notice_posted, notice_removed, appeal_until)
    }

    /// The notice announces an adjustment that has taken place (kommunallagen 8 kap. 12 §):
    /// it is posted on the adjustment day or later — the appeal time runs from the posting
    /// day, so an earlier date would shorten it — and by the second day after it (a warning:
    /// the protocol is still valid, but the registrar should know).
    fn notice_after_adjustment(&mut self, adjusted: Option<NaiveDate>, posted: Option<NaiveDate>) {
        use crate::swedish::{iso_date, latest_posting};
        let Some(posted) = posted else {
            return;
        };
        match adjusted {
            None => self.error(
                "notice.posted",
                format!(
                    "the notice is posted on {} but the protocol has no adjustment date",
                    iso_date(posted)
                ),
                "a notice announces an adjustment that has taken place: give adjustment.date, or leave notice.posted out until the protocol is adjusted",
            ),
            Some(a) if posted < a => self.error(
                "notice.posted",
                format!(
                    "the notice is posted on {}, before the protocol is adjusted on {}",
                    iso_date(posted),
                    iso_date(a)
                ),
                "post the notice on the adjustment day or later (kommunallagen 8 kap. 12 §); the appeal time runs from the posting day",
            ),
            Some(a) if posted > latest_posting(a) => self.warning(
                "notice.posted",
                format!(
                    "the notice is posted on {}, later than {}, the second day after the adjustment (kommunallagen 8 kap. 12 §)",
                    iso_date(posted),
                    iso_date(latest_posting(a))
                ),
                "check notice.posted; the appeal time runs from the day the notice was actually posted",
            ),
            Some(_) => {}
        }
    }

    /// The chair who declares a conflict of interest (jäv) in an item may not preside over
    /// it, yet no one else is named to: page 1 would name them as the chair of that
    /// paragraph. A warning (older files record the stand-in in the text only), with the
    /// way to say who presided.
    fn conflicted_chair(&mut self, m: &Meeting, i: usize, n: u32) {
        let item = &m.items[i];
        let Some(j) = item.conflicts.iter().position(|c| *c == m.chair.name) else {
            return;
        };
        self.warning(
            format!("items[{i}].conflicts[{j}]"),
            format!(
                "the chair {} declares a conflict of interest (jäv) in item {n} but is printed as its chair: a conflicted member may not preside over the matter",
                m.chair.name
            ),
            "name the member who presided over this item in `presiding` (format 1.1)",
        );
    }

    /// A protocol names its adjusters and has items.
    fn required_lists(&mut self, m: &Meeting) {
        if m.adjusters.is_empty() {
            self.error(
                "adjusters",
                "no adjuster (justerare) is named",
                "name at least one adjuster besides the chair",
            );
        }
        if m.items.is_empty() {
            self.error(
                "items",
                "the protocol has no items",
                "list at least one item (ärende)",
            );
        }
    }

    fn numbers(&mut self, m: &Meeting) -> Vec<u32> {
        let start = m.numbering.as_ref().and_then(|n| n.start).unwrap_or(1);
        let mut numbers: Vec<u32> = Vec::with_capacity(m.items.len());
        // Sub-paragraphs of format 1.1: (number, letter) pairs increase; no letter comes first.
        let mut prev_suffix: Option<&str> = None;
        let shown = |n: u32, suffix: Option<&str>| match suffix {
            Some(letter) => format!("{n} {letter}"),
            None => n.to_string(),
        };
        for (i, item) in m.items.iter().enumerate() {
            let suffix = item.number_suffix.as_deref();
            if suffix.is_some_and(|s| !(s.len() == 1 && s.bytes().all(|b| b.is_ascii_lowercase())))
            {
                self.error(
                    format!("items[{i}].number_suffix"),
                    format!(
                        "`{}` is not a sub-paragraph letter",
                        suffix.unwrap_or_default()
                    ),
                    "write one small letter a–z, e.g. \"number_suffix\": \"a\" for § 196 a",
                );
            }
            if suffix.is_some() && item.number.is_none() {
                self.error(
                    format!("items[{i}].number_suffix"),
                    "a sub-paragraph letter needs the item's own `number`",
                    "write the number the letter belongs to, e.g. \"number\": 196, \"number_suffix\": \"a\"",
                );
            }
            let n = match (item.number, numbers.last()) {
                (Some(n), Some(&prev)) if (n, suffix) == (prev, prev_suffix) => {
                    let n_shown = shown(n, suffix);
                    self.error(format!("items[{i}].number"), format!("number {n_shown} is used twice"), "each item has its own number; leave `number` out to count on from the previous one");
                    n
                }
                (Some(n), Some(&prev)) if (n, suffix) < (prev, prev_suffix) => {
                    let (n_shown, prev_shown) = (shown(n, suffix), shown(prev, prev_suffix));
                    let hint = if suffix.is_some() || prev_suffix.is_some() {
                        "items are listed in order of their numbers, and of their letters within a number"
                    } else {
                        "items are listed in order of their numbers"
                    };
                    self.error(
                        format!("items[{i}].number"),
                        format!("number {n_shown} comes after {prev_shown}: numbers may not go backwards"),
                        hint,
                    );
                    n
                }
                (Some(n), _) => n,
                (None, Some(&prev)) => match prev.checked_add(1) {
                    Some(n) => n,
                    None => {
                        self.error(
                            format!("items[{i}]"),
                            format!("the item after number {prev} would have no number"),
                            "item numbers go up to 4294967295; start the numbering lower",
                        );
                        prev
                    }
                },
                (None, None) => start,
            };
            numbers.push(n);
            prev_suffix = suffix;
        }
        numbers
    }

    /// The people: members listed once and present at items that exist; chair and adjusters
    /// among the members (or, where the layout allows, from outside); everyone an item names
    /// among the members.
    fn people(&mut self, m: &Meeting, layout: &LayoutDef, numbers: &[u32]) {
        let members: HashMap<&str, &Member> =
            m.members.iter().map(|x| (x.name.as_str(), x)).collect();
        self.member_list(m, numbers);
        self.outside_members(
            layout,
            &members,
            "chair.name".into(),
            &m.chair.name,
            "ordförande",
        );
        self.unprinted_parties(m, &members);
        for (i, a) in m.adjusters.iter().enumerate() {
            let path = format!("adjusters[{i}].name");
            self.outside_members(layout, &members, path, &a.name, "justerare");
        }
        for (i, item) in m.items.iter().enumerate() {
            self.item_people(i, item, &members);
            self.nobody_named(i, item);
            if item.confidential && item.confidential_reason.is_none() {
                self.error(
                    format!("items[{i}].confidential_reason"),
                    "a confidential item needs its reason",
                    "e.g. \"Sekretess enligt 26 kap. 1 § OSL\"",
                );
            }
        }
    }

    /// Each member listed once, present at items that exist.
    fn member_list(&mut self, m: &Meeting, numbers: &[u32]) {
        let mut seen = BTreeSet::new();
        for (i, x) in m.members.iter().enumerate() {
            if !seen.insert(x.name.as_str()) {
                self.warning(
                    format!("members[{i}].name"),
                    format!("{} is listed twice among the members", x.name),
                    "list each member once",
                );
            }
            if let Some(items) = &x.items {
                for (j, n) in items.iter().enumerate() {
                    if numbers.binary_search(n).is_err() && !numbers.contains(n) {
                        self.error(
                            format!("members[{i}].items[{j}]"),
                            format!("there is no item number {n}"),
                            "list the numbers of items the member attended",
                        );
                    }
                }
            }
        }
    }

    /// A chair or adjuster who is not a member: an error, or a warning where the layout
    /// allows it.
    fn outside_members(
        &mut self,
        layout: &LayoutDef,
        members: &HashMap<&str, &Member>,
        path: String,
        who: &str,
        what: &str,
    ) {
        if members.contains_key(who) {
            return;
        }
        let message = format!("{who} ({what}) is not among the members");
        if layout.rules.allow_outside_chair {
            self.warning(
                path,
                message,
                "this layout allows a chair or adjuster from outside the members",
            );
        } else {
            self.error(
                path,
                message,
                "add them to `members`, or check the spelling of the name",
            );
        }
    }

    /// Who proposes, reserves or declares a conflict in item `i` is a member present.
    fn item_people(&mut self, i: usize, item: &Item, members: &HashMap<&str, &Member>) {
        let mut must_be_member = |path: String, who: &str, what: &str| {
            if !members.contains_key(who) {
                self.error(
                    path,
                    format!("{who} ({what}) is not among the members"),
                    "only members present can do this; check the spelling of the name",
                );
            }
        };
        for (j, p) in item.proposals.iter().enumerate() {
            for (k, who) in p.by.iter().enumerate() {
                must_be_member(format!("items[{i}].proposals[{j}].by[{k}]"), who, "yrkande");
            }
        }
        for (j, r) in item.reservations.iter().enumerate() {
            for (k, who) in r.by.iter().enumerate() {
                must_be_member(
                    format!("items[{i}].reservations[{j}].by[{k}]"),
                    who,
                    "reservation",
                );
            }
        }
        for (j, who) in item.conflicts.iter().enumerate() {
            must_be_member(format!("items[{i}].conflicts[{j}]"), who, "jäv");
        }
    }

    /// A proposal, reservation or note names who made it.
    fn nobody_named(&mut self, i: usize, item: &Item) {
        // A group reservation (format 1.1) names parties instead.
        let nobody = |by: &[String], parties: &[String]| by.is_empty() && parties.is_empty();
        for (key, lists, hint) in [
            (
                "proposals",
                item.proposals
                    .iter()
                    .map(|p| nobody(&p.by, &[]))
                    .collect::<Vec<_>>(),
                "name who made it",
            ),
            (
                "reservations",
                item.reservations
                    .iter()
                    .map(|r| nobody(&r.by, &r.by_parties))
                    .collect(),
                "name who made it in `by`, or the parties of a group reservation in `by_parties`",
            ),
            (
                "notes",
                item.notes.iter().map(|n| nobody(&n.by, &[])).collect(),
                "name who made it",
            ),
        ] {
            for (j, _) in lists.iter().enumerate().filter(|(_, empty)| **empty) {
                self.error(format!("items[{i}].{key}[{j}].by"), "nobody is named", hint);
            }
        }
    }

    /// The layouts print the chair's party from the attendance list and no party for the
    /// secretary: a party given only there would be lost without a word.
    fn unprinted_parties(&mut self, m: &Meeting, members: &HashMap<&str, &Member>) {
        if let Some(party) = &m.chair.party {
            let printed = members
                .get(m.chair.name.as_str())
                .and_then(|x| x.party.as_ref());
            if printed != Some(party) {
                self.warning(
                    "chair.party",
                    format!("the party {party} is not printed"),
                    "the protocol prints the chair's party from `members`; give it there",
                );
            }
        }
        if let Some(party) = &m.secretary.party {
            self.warning(
                "secretary.party",
                format!("the party {party} is not printed"),
                "the protocol prints no party for the secretary; leave it out",
            );
        }
    }

    fn votes(&mut self, m: &Meeting, numbers: &[u32]) -> Vec<Vec<Tally>> {
        let members: HashMap<&str, &Member> =
            m.members.iter().map(|x| (x.name.as_str(), x)).collect();
        let mut all = Vec::new();
        for (i, item) in m.items.iter().enumerate() {
            let mut tallies = Vec::new();
            for (j, vote) in item.votes.iter().enumerate() {
                let mut tally = Tally::default();
                let mut voted = BTreeSet::new();
                if vote.ballots.is_empty() {
                    self.error(
                        format!("items[{i}].votes[{j}].ballots"),
                        "the vote has no ballots",
                        "list how each member voted",
                    );
                }
                for (k, b) in vote.ballots.iter().enumerate() {
                    let path = format!("items[{i}].votes[{j}].ballots[{k}].name");
                    match members.get(b.name.as_str()) {
                        None => self.error(&path, format!("{} voted but is not among the members", b.name), "only serving members vote; check the spelling or add them to `members`"),
                        Some(member) => {
                            if let Some(only) = &member.items {
                                if !only.contains(&numbers[i]) {
                                    self.error(&path, format!("{} voted but did not attend item {}", b.name, item_number(m, numbers, i)), "the member's `items` list does not include this item");
                                }
                            }
                        }
                    }
                    if item.conflicts.iter().any(|c| c == &b.name) {
                        self.error(&path, format!("{} voted but has declared a conflict of interest (jäv) in this item", b.name), "remove the ballot or the conflict");
                    }
                    if !voted.insert(b.name.as_str()) {
                        self.error(
                            &path,
                            format!("{} votes twice", b.name),
                            "each member has one ballot per vote",
                        );
                    }
                    match b.vote {
                        Answer::Yes => tally.yes += 1,
                        Answer::No => tally.no += 1,
                        Answer::Abstain => tally.abstain += 1,
                    }
                }
                tallies.push(tally);
            }
            all.push(tallies);
        }
        all
    }

    fn load(&mut self, path: &str, file: &str, resources: &dyn Resources) -> Option<Vec<u8>> {
        match resources.load(file) {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                let hint = match e {
                    ResourceError::NotFound => {
                        "paths are relative to the folder of the meeting file"
                    }
                    ResourceError::OutsideFolder => {
                        "keep the file in the meeting file's folder or below it"
                    }
                    ResourceError::Unreadable(_) => "check the file's permissions",
                    ResourceError::NotAFile => "name an ordinary file",
                    ResourceError::TooLarge { .. } => {
                        "make the file smaller, or keep it outside the protocol and refer to it"
                    }
                };
                self.error(path, format!("`{file}`: {e}"), hint);
                None
            }
        }
    }

    fn image(&mut self, path: &str, file: &str, resources: &dyn Resources) -> Option<LoadedImage> {
        let bytes = self.load(path, file, resources)?;
        let jpeg = bytes.starts_with(&[0xFF, 0xD8, 0xFF]);
        let png = bytes.starts_with(b"\x89PNG\r\n\x1a\n");
        if !jpeg && !png {
            self.error(
                path,
                format!("`{file}` is not a PNG or JPEG image"),
                "convert the logo to PNG or JPEG",
            );
            return None;
        }
        match crate::limits::image_size(&bytes) {
            Some((w, h)) if u64::from(w) * u64::from(h) <= crate::limits::MAX_IMAGE_PIXELS => {}
            Some((w, h)) => {
                self.error(
                    path,
                    format!(
                        "`{file}` is {w}×{h} pixels; a logo may have at most {} pixels",
                        crate::limits::MAX_IMAGE_PIXELS
                    ),
                    "scale the image down, e.g. to 1000 pixels wide",
                );
                return None;
            }
            None => {
                self.error(
                    path,
                    format!("`{file}` is truncated or damaged: its size cannot be read"),
                    "save the image again as an ordinary 8-bit PNG or JPEG",
                );
                return None;
            }
        }
        if let Err(e) = crate::limits::decode_fully(&bytes, jpeg) {
            self.error(
                path,
                format!("`{file}` is damaged and cannot be decoded: {e}"),
                "save the image again as an ordinary 8-bit PNG or JPEG",
            );
            return None;
        }
        let data: krilla::Data = bytes.clone().into();
        let decoded = if jpeg {
            krilla::image::Image::from_jpeg(data, false)
        } else {
            krilla::image::Image::from_png(data, false)
        };
        match decoded {
            Ok(image) => Some(LoadedImage {
                bytes,
                jpeg,
                size: image.size(),
                image,
            }),
            Err(e) => {
                self.error(
                    path,
                    format!("`{file}` cannot be decoded: {e}"),
                    "save the image again as an ordinary 8-bit PNG or JPEG",
                );
                None
            }
        }
    }

    fn attachments(&mut self, m: &Meeting, resources: &dyn Resources) -> Vec<NumberedAttachment> {
        let mut out = Vec::new();
        for (i, item) in m.items.iter().enumerate() {
            for (j, a) in item.attachments.iter().enumerate() {
                let file = a.file.as_ref().and_then(|f| {
                    let bytes =
                        self.load(&format!("items[{i}].attachments[{j}].file"), f, resources)?;
                    let name = f.rsplit('/').next().unwrap_or(f).to_string();
                    Some((name, bytes))
                });
                out.push(NumberedAttachment {
                    item: i,
                    index: j,
                    number: u32::try_from(out.len() + 1).expect("attachments are limited"),
                    file,
                });
            }
        }
        out
    }

    /// Every string that reaches the PDF must be drawable by a bundled font.
    fn characters(&mut self, path: String, s: &str) {
        let book = FontBook::get();
        if path.ends_with(".logo") || path.ends_with(".file") {
            return;
        }
        if let Some(ch) = s.chars().find(|c| crate::shape::is_forbidden(*c)) {
            self.error(
                path,
                format!(
                    "the text holds the invisible character U+{:04X}, which cannot be printed",
                    ch as u32
                ),
                "remove it; write \\n for a new line",
            );
            return;
        }
        if let Some(word) = s
            .split_whitespace()
            .find(|w| w.chars().count() > crate::limits::MAX_WORD_CHARS)
        {
            let start: String = word.chars().take(20).collect();
            self.error(
                path,
                format!(
                    "a word of {} characters (\"{start}…\") is longer than the limit of {}",
                    word.chars().count(),
                    crate::limits::MAX_WORD_CHARS
                ),
                "put spaces between the words, or shorten it",
            );
            return;
        }
        if s.chars().count() > crate::limits::MAX_TEXT_CHARS {
            self.error(
                path,
                format!(
                    "the text is longer than the limit of {} characters",
                    crate::limits::MAX_TEXT_CHARS
                ),
                "put long documents in attachment files",
            );
            return;
        }
        if let Some(ch) = s.chars().find(|c| !book.covers(*c)) {
            self.error(
                path,
                format!(
                    "the character {ch:?} (U+{:04X}) cannot be printed: no bundled font has it",
                    ch as u32
                ),
                "replace it, or describe it in words",
            );
        }
    }

    fn empty_texts(&mut self, m: &Meeting) {
        let mut required = vec![
            (
                "organisation.name".to_string(),
                m.organisation.name.as_str(),
            ),
            ("body.name".to_string(), m.body.name.as_str()),
            ("place".to_string(), m.place.as_str()),
            ("chair.name".to_string(), m.chair.name.as_str()),
            ("secretary.name".to_string(), m.secretary.name.as_str()),
        ];
        if let Some(t) = &m.title {
            required.push(("title".to_string(), t.as_str()));
        }
        for (i, item) in m.items.iter().enumerate() {
            required.push((format!("items[{i}].title"), item.title.as_str()));
            // Format 1.1.
            for (k, c) in item.committee_proposals.iter().enumerate() {
                let path = format!("items[{i}].committee_proposals[{k}]");
                required.push((format!("{path}.body"), c.body.as_str()));
                required.push((format!("{path}.text"), c.text.as_str()));
            }
            for (k, s) in item.statements.iter().enumerate() {
                required.push((format!("items[{i}].statements[{k}].text"), s.text.as_str()));
            }
            if let Some(p) = &item.presiding {
                required.push((format!("items[{i}].presiding"), p.as_str()));
            }
        }
        if let Some(prefix) = m.numbering.as_ref().and_then(|n| n.prefix.as_ref()) {
            required.push(("numbering.prefix".to_string(), prefix.as_str()));
        }
        for (i, a) in m.adjusters.iter().enumerate() {
            required.push((format!("adjusters[{i}].name"), a.name.as_str()));
        }
        for (i, x) in m.members.iter().enumerate() {
            required.push((format!("members[{i}].name"), x.name.as_str()));
        }
        for (path, text) in required {
            if text.trim().is_empty() {
                self.error(path, "this text is empty", "fill it in");
            }
        }
    }
}

/// The chair's role is derived from `chair`: the member of that name who has no role is
/// shown as ordförande.
fn with_chair_role(mut meeting: Meeting) -> Meeting {
    let chair = meeting.chair.name.clone();
    for x in meeting.members.iter_mut().filter(|x| x.name == chair) {
        x.role.get_or_insert(Role::Chair);
    }
    meeting
}

/// A checked meeting with nothing derived, returned only together with errors.
fn empty_checked(meeting: Meeting, date: NaiveDate, layout: &LayoutDef) -> Checked {
    Checked {
        meeting,
        date,
        time: None,
        adjustment_date: None,
        notice_posted: None,
        notice_removed: None,
        appeal_until: None,
        numbers: Vec::new(),
        numbering: layout.numbering,
        logo: None,
        attachments: Vec::new(),
        tallies: Vec::new(),
        adjustment_time: None,
        personal_data_masked: false,
    }
}

impl Validator {
    /// Counts against [`crate::limits`]; false when the meeting is too large to check.
    /// Whether every count is within the limits (`crate::limits`), which keep time and
    /// memory bounded whatever the input; each count beyond is an error.
    fn within_limits(&mut self, m: &Meeting) -> bool {
        let before = self.out.len();
        self.meeting_limits(m);
        for (i, item) in m.items.iter().enumerate() {
            self.item_limits(i, item);
        }
        self.out.len() == before
    }

    /// A count beyond its limit is an error at `path`.
    fn limit(&mut self, path: String, count: usize, max: usize, what: &str) {
        if count > max {
            self.error(
                path,
                format!("{count} {what}: the limit is {max}"),
                "split the meeting, or check that the list was not repeated by mistake",
            );
        }
    }

    /// The meeting's own counts: items, people, adjusters, votes and ballots.
    fn meeting_limits(&mut self, m: &Meeting) {
        use crate::limits::*;
        self.limit("items".into(), m.items.len(), MAX_ITEMS, "items");
        let people = m.members.len() + m.substitutes.len() + m.absent.len() + m.others.len();
        let what = "people in members, substitutes, absent and others";
        self.limit("members".into(), people, MAX_PEOPLE, what);
        self.limit(
            "adjusters".into(),
            m.adjusters.len(),
            MAX_ADJUSTERS,
            "adjusters",
        );
        let votes: usize = m.items.iter().map(|i| i.votes.len()).sum();
        self.limit("items".into(), votes, MAX_VOTES, "votes in the meeting");
        let ballots: usize = m
            .items
            .iter()
            .flat_map(|i| &i.votes)
            .map(|v| v.ballots.len())
            .sum();
        self.limit(
            "items".into(),
            ballots,
            MAX_BALLOTS,
            "ballots in the meeting",
        );
        for (key, list) in [
            ("members", &m.members),
            ("substitutes", &m.substitutes),
            ("absent", &m.absent),
        ] {
            for (i, x) in list.iter().enumerate() {
                let n = x.items.as_ref().map_or(0, Vec::len);
                self.limit(format!("{key}[{i}].items"), n, MAX_ITEMS, "item numbers");
            }
        }
        let lines = m.body.heading.len();
        self.limit(
            "body.heading".into(),
            lines,
            MAX_LIST_ENTRIES,
            "heading lines",
        );
    }

    /// The counts of item `i`: its lists, each vote's ballots and the longest `by` list.
    fn item_limits(&mut self, i: usize, item: &Item) {
        use crate::limits::*;
        let lists = [
            ("basis", item.basis.len()),
            ("proposals", item.proposals.len()),
            ("reservations", item.reservations.len()),
            ("notes", item.notes.len()),
            ("conflicts", item.conflicts.len()),
            ("send_to", item.send_to.len()),
            ("attachments", item.attachments.len()),
        ];
        for (key, n) in lists {
            self.limit(format!("items[{i}].{key}"), n, MAX_LIST_ENTRIES, "entries");
        }
        for (j, v) in item.votes.iter().enumerate() {
            let path = format!("items[{i}].votes[{j}].ballots");
            self.limit(path, v.ballots.len(), MAX_PEOPLE, "ballots");
        }
        let names = item
            .proposals
            .iter()
            .map(|p| p.by.len())
            .chain(item.reservations.iter().map(|r| r.by.len()))
            .chain(item.notes.iter().map(|n| n.by.len()))
            .max()
            .unwrap_or(0);
        let what = "names in one `by` list";
        self.limit(format!("items[{i}]"), names, MAX_LIST_ENTRIES, what);
    }

    /// Who is where: nobody both present and absent, one chair, `replaces` naming someone,
    /// attendance limited to items that exist.
    fn attendance(&mut self, m: &Meeting, numbers: &[u32]) {
        let lists = [
            ("members", &m.members),
            ("substitutes", &m.substitutes),
            ("absent", &m.absent),
        ];
        let mut first_place: HashMap<&str, String> = HashMap::new();
        for (key, list) in lists {
            for (i, x) in list.iter().enumerate() {
                let path = format!("{key}[{i}].name");
                match first_place.get(x.name.as_str()) {
                    Some(other) if !other.starts_with(key) => self.error(
                        &path,
                        format!("{} is also listed in `{other}`", x.name),
                        "a person is either a member present, a substitute present or absent",
                    ),
                    Some(_) => {}
                    None => {
                        first_place.insert(x.name.as_str(), path.clone());
                    }
                }
                if key != "members" {
                    self.attended_items(&format!("{key}[{i}]"), x, numbers);
                }
                if let Some(r) = &x.replaces {
                    let known = m.members.iter().chain(&m.absent).any(|y| &y.name == r);
                    if !known {
                        self.error(
                            format!("{key}[{i}].replaces"),
                            format!("{} replaces {r}, who is neither among the members nor the absent", x.name),
                            "list the member who is replaced in `absent` (or `members` when they left), spelled the same",
                        );
                    }
                }
            }
        }
        let chairs: Vec<usize> = (0..m.members.len())
            .filter(|&i| m.members[i].role == Some(Role::Chair))
            .collect();
        for &i in chairs.iter().skip(1) {
            self.error(
                format!("members[{i}].role"),
                format!("{} is a second ordförande", m.members[i].name),
                "one member chairs the meeting; mark the others `vice ordförande` or `ledamot`",
            );
        }
        if let Some(&i) = chairs.first() {
            if m.members[i].name != m.chair.name {
                self.error(
                    format!("members[{i}].role"),
                    format!(
                        "{} is marked ordförande, but `chair` names {}",
                        m.members[i].name, m.chair.name
                    ),
                    "leave out the role: it is derived from `chair`",
                );
            }
        }
    }

    fn attended_items(&mut self, path: &str, x: &Member, numbers: &[u32]) {
        for (j, n) in x.items.iter().flatten().enumerate() {
            if numbers.binary_search(n).is_err() && !numbers.contains(n) {
                self.error(
                    format!("{path}.items[{j}]"),
                    format!("there is no item number {n}"),
                    "list the numbers of items the person attended",
                );
            }
        }
    }

    /// Every member serving for an item takes part in each of its roll calls, unless they
    /// declared a conflict of interest (jäv) in it.
    fn roll_calls(&mut self, m: &Meeting, numbers: &[u32]) {
        for (i, item) in m.items.iter().enumerate() {
            let serving = m.members.iter().filter(|x| {
                x.items
                    .as_ref()
                    .is_none_or(|only| only.contains(&numbers[i]))
                    && !item.conflicts.contains(&x.name)
            });
            let serving: Vec<&Member> = serving.collect();
            // A vote without ballots is reported as such, not once per member.
            for (j, vote) in item
                .votes
                .iter()
                .enumerate()
                .filter(|(_, v)| !v.ballots.is_empty())
            {
                let voted: BTreeSet<&str> = vote.ballots.iter().map(|b| b.name.as_str()).collect();
                for x in &serving {
                    if !voted.contains(x.name.as_str()) {
                        let what = x.role.unwrap_or(Role::Member).as_swedish();
                        self.error(
                            format!("items[{i}].votes[{j}].ballots"),
                            format!("{} ({what}) serves in item {} but has no ballot in this vote", x.name, item_number(m, numbers, i)),
                            "add their ballot (yes, no or abstain); if they took no part, list them in the item's `conflicts`, or limit their `items` if they left",
                        );
                    }
                }
            }
        }
    }

    /// A reservation is made against the decision: someone who voted for the side that won
    /// is worth a second look (a warning: they may reserve against a part of it).
    fn reservations(&mut self, m: &Meeting, tallies: &[Vec<Tally>]) {
        for (i, item) in m.items.iter().enumerate() {
            for (j, vote) in item.votes.iter().enumerate() {
                let t = tallies[i][j];
                let winner = match t.yes.cmp(&t.no) {
                    std::cmp::Ordering::Greater => Answer::Yes,
                    std::cmp::Ordering::Less => Answer::No,
                    std::cmp::Ordering::Equal => continue,
                };
                for (k, r) in item.reservations.iter().enumerate() {
                    for (l, who) in r.by.iter().enumerate() {
                        if vote
                            .ballots
                            .iter()
                            .any(|b| &b.name == who && b.vote == winner)
                        {
                            self.warning(
                                format!("items[{i}].reservations[{k}].by[{l}]"),
                                format!("{who} reserves against the decision but voted for the side that won vote {}", j + 1),
                                "check the name and the ballot",
                            );
                        }
                    }
                }
            }
        }
    }

    /// Format 1.1: who presides over an item other than the chair is a member serving for it.
    fn presiding(&mut self, m: &Meeting, numbers: &[u32]) {
        for (i, item) in m.items.iter().enumerate() {
            let Some(who) = &item.presiding else {
                self.conflicted_chair(m, i, numbers[i]);
                continue;
            };
            let path = format!("items[{i}].presiding");
            let n = numbers[i];
            let shown = item_number(m, numbers, i);
            if *who == m.chair.name {
                self.error(
                    path,
                    format!(
                        "{who} is the meeting's chair, who presides unless someone else is named"
                    ),
                    "leave `presiding` out here, or name the member who chaired this paragraph",
                );
                continue;
            }
            let problem = match m.members.iter().find(|x| &x.name == who) {
                None => format!("{who} presides over item {shown} but is not among the members"),
                Some(x) if !attends(x, n) => {
                    format!("{who} presides over item {shown} but does not attend it")
                }
                Some(_) if item.conflicts.contains(who) => {
                    format!("{who} presides over item {shown} but has declared a conflict of interest (jäv) in it")
                }
                Some(_) => continue,
            };
            self.error(
                path,
                problem,
                "the person who presides is a member serving for the item: check the name, their `items` and the item's `conflicts`",
            );
        }
    }

    /// Format 1.1: a group reservation names parties with a member serving for the item; a
    /// reservation names people or parties, not both.
    fn group_reservations(&mut self, m: &Meeting, numbers: &[u32]) {
        for (i, item) in m.items.iter().enumerate() {
            for (j, r) in item.reservations.iter().enumerate() {
                if !r.by.is_empty() && !r.by_parties.is_empty() {
                    self.error(
                        format!("items[{i}].reservations[{j}]"),
                        "the reservation names both people (`by`) and parties (`by_parties`)",
                        "write two reservations: named members in `by`, whole party groups in `by_parties`",
                    );
                }
                for (k, party) in r.by_parties.iter().enumerate() {
                    let serving = m.members.iter().any(|x| {
                        x.party.as_ref() == Some(party)
                            && attends(x, numbers[i])
                            && !item.conflicts.contains(&x.name)
                    });
                    if !serving {
                        self.error(
                            format!("items[{i}].reservations[{j}].by_parties[{k}]"),
                            format!("no member of ({party}) serves in item {}", item_number(m, numbers, i)),
                            "a group reservation is made by the party's serving members; write the abbreviation as in `members`",
                        );
                    }
                }
            }
        }
    }

    /// Format 1.1: partial attendance names items the person attended.
    fn partly(&mut self, m: &Meeting, numbers: &[u32]) {
        for (key, list) in [
            ("members", &m.members),
            ("substitutes", &m.substitutes),
            ("absent", &m.absent),
        ] {
            for (i, x) in list.iter().enumerate() {
                if key == "absent" && !x.partly.is_empty() {
                    self.error(
                        format!("{key}[{i}].partly"),
                        format!(
                            "{} is absent, so cannot be present for part of a paragraph",
                            x.name
                        ),
                        "move them to `members` (or `substitutes`) with `items` and `partly`",
                    );
                    continue;
                }
                for (j, n) in x.partly.iter().enumerate() {
                    let path = format!("{key}[{i}].partly[{j}]");
                    if !numbers.contains(n) {
                        self.error(
                            path,
                            format!("there is no item number {n}"),
                            "list the numbers of items the person attended in part",
                        );
                    } else if !attends(x, *n) {
                        self.error(
                            path,
                            format!("{} is present for part of item {n}, which is not among their `items`", x.name),
                            "add the number to `items`, or take it out of `partly`",
                        );
                    }
                }
            }
        }
    }

    /// Format 1.1: an adjuster's substitute is someone else who is present.
    fn adjuster_substitutes(&mut self, m: &Meeting) {
        for (i, a) in m.adjusters.iter().enumerate() {
            let Some(s) = &a.substitute else { continue };
            let path = format!("adjusters[{i}].substitute");
            if *s == a.name {
                self.error(
                    path,
                    format!("{s} is named as their own substitute"),
                    "name another person present, or leave `substitute` out",
                );
            } else if !m.members.iter().chain(&m.substitutes).any(|x| &x.name == s) {
                self.error(
                    path,
                    format!("{s} (the adjuster's substitute) is not among the members or substitutes present"),
                    "the substitute adjuster is someone present at the meeting; check the spelling of the name",
                );
            }
        }
    }

    /// Format 1.1: a special statement is made by members or substitutes present.
    fn statement_people(&mut self, m: &Meeting) {
        for (i, item) in m.items.iter().enumerate() {
            for (j, s) in item.statements.iter().enumerate() {
                if s.by.is_empty() {
                    self.error(
                        format!("items[{i}].statements[{j}].by"),
                        "nobody is named",
                        "name who made it",
                    );
                }
                for (k, who) in s.by.iter().enumerate() {
                    if !m
                        .members
                        .iter()
                        .chain(&m.substitutes)
                        .any(|x| &x.name == who)
                    {
                        self.error(
                            format!("items[{i}].statements[{j}].by[{k}]"),
                            format!("{who} (särskilt yttrande) is not among the members or substitutes present"),
                            "check the spelling of the name, or add them to `members` or `substitutes`",
                        );
                    }
                }
            }
        }
    }

    fn marks_in(&mut self, path: &str, text: &str) {
        use crate::richtext::MarkError;
        let hint = "write personal data between {{ and }} on one line, e.g. {{Anna Berg}}";
        if !is_rich(path) {
            if text.contains(richtext::PERSONAL_OPEN) || text.contains(richtext::PERSONAL_CLOSE) {
                self.error(
                    path,
                    "personal-data marks {{…}} are only read in rich texts (an item's text, procedure and decision, a vote's question, committee proposals and special statements)",
                    "remove the braces here; write the personal data in a rich text if it must be withheld in the public version",
                );
            }
            return;
        }
        let problem = match richtext::personal_data(text) {
            Ok(_) => return,
            Err(MarkError::Unclosed(_)) => {
                "a personal-data mark {{ is not closed by }} on the same line"
            }
            Err(MarkError::Stray(_)) => "}} closes no personal-data mark",
            Err(MarkError::Nested(_)) => "a personal-data mark {{ opens inside another one",
            Err(MarkError::Empty(_)) => "a personal-data mark {{ }} holds nothing",
        };
        self.error(path, problem, hint);
    }
}

/// Item `i`'s number in a message, with its sub-paragraph's letter (format 1.1): "122 b".
fn item_number(m: &Meeting, numbers: &[u32], i: usize) -> String {
    match &m.items[i].number_suffix {
        Some(letter) => format!("{} {letter}", numbers[i]),
        None => numbers[i].to_string(),
    }
}

/// Whether member `x` attends item number `n` (no `items` list: all of them).
fn attends(x: &Member, n: u32) -> bool {
    x.items.as_ref().is_none_or(|only| only.contains(&n))
}

/// Whether the text at `path` is rich text, where personal-data marks are read.
fn is_rich(path: &str) -> bool {
    let Some(rest) = path.strip_prefix("items[").and_then(|r| r.split_once("].")) else {
        return false;
    };
    let field = rest.1;
    let list_entry = |list: &str, key: &str| {
        field
            .strip_prefix(list)
            .and_then(|r| r.strip_prefix('['))
            .and_then(|r| r.split_once("]."))
            .is_some_and(|(n, k)| n.bytes().all(|b| b.is_ascii_digit()) && k == key)
    };
    matches!(field, "text" | "procedure" | "decision")
        || list_entry("votes", "question")
        || list_entry("committee_proposals", "text")
        || list_entry("statements", "text")
}

/// Calls `f` with the JSON path and text of every string of `value`, in document order.
fn each_text(value: &serde_json::Value, mut f: impl FnMut(String, &str)) {
    let mut stack = vec![(String::new(), value)];
    while let Some((path, v)) = stack.pop() {
        match v {
            serde_json::Value::String(s) => f(path, s),
            serde_json::Value::Array(a) => {
                for (i, x) in a.iter().enumerate().rev() {
                    stack.push((format!("{path}[{i}]"), x));
                }
            }
            serde_json::Value::Object(o) => {
                for (k, x) in o.iter().rev() {
                    stack.push((crate::locate::child_path(&path, k), x));
                }
            }
            _ => {}
        }
    }
}
