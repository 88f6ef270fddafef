//! Where a line may break, beyond UAX #14: the data a break would corrupt, and which
//! hyphenation points are good enough for ragged-right text.
//!
//! - URLs break only after `/`, never with an inserted hyphen and never after a `-` of their
//!   own (a reader could not tell it from a hyphen);
//! - e-mail addresses, ISO dates, times and number ranges ("13.15–16.40", "48–49"), case
//!   numbers ("KS 2024/45") and §-references with their organ prefix ("KF §§ 118–128",
//!   "§ 110") do not break at all;
//! - names of people and organisations (given by the layout) get no inserted hyphen;
//! - hyphenation keeps at least three letters on each side and prefers the joint of a
//!   compound ("Regions|styrelsen" rather than "Regionsty-relsen").

use hyphenation::{Hyphenator, Standard};
use std::ops::Range;

/// Letters kept on each side of an inserted hyphen.
const MIN_LETTERS: usize = 3;

/// How a protected stretch of text may break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guarded {
    /// A URL: only after `/`, without a hyphen.
    Url,
    /// Not at all (dates, ranges, e-mail, case numbers, §-references).
    Whole,
    /// No inserted hyphen; breaks at spaces and existing hyphens stay (names).
    Name,
}

/// The protected stretches of one text.
#[derive(Debug, Default, Clone)]
pub struct Guard {
    spans: Vec<(Range<usize>, Guarded)>,
    text: String,
}

impl Guard {
    /// Finds the protected stretches of `text`; `names` are the people and organisations.
    #[must_use]
    pub fn new(text: &str, names: &[String]) -> Guard {
        let mut guard = Guard::data_only(text);
        guard.add_names(names);
        guard
    }

    /// The stretches that may not break at all, without the names: enough to decide where
    /// lines may end, and cheap. Names only matter where a word is hyphenated
    /// ([`Guard::add_names`]).
    #[must_use]
    pub fn data_only(text: &str) -> Guard {
        Guard {
            spans: tokens_guarded(text),
            text: text.to_string(),
        }
    }

    /// Adds the names of people and organisations found in the text.
    pub fn add_names(&mut self, names: &[String]) {
        let text = &self.text;
        for name in names.iter().filter(|n| n.chars().count() >= 2) {
            // Also as written with no-break spaces ("Jonas Berg (SD)" joined).
            let joined = name.replace(' ', "\u{a0}");
            for name in [name.as_str(), joined.as_str()] {
                let mut from = 0;
                while let Some(i) = text[from..].find(name) {
                    let start = from + i;
                    self.spans.push((start..start + name.len(), Guarded::Name));
                    from = start + name.len();
                }
                if !joined.contains('\u{a0}') {
                    break;
                }
            }
        }
    }

    fn inside(&self, at: usize) -> Option<Guarded> {
        // The strictest kind wins where stretches overlap.
        let mut found = None;
        for (r, kind) in &self.spans {
            if r.start < at && at < r.end {
                found = match (found, kind) {
                    (Some(Guarded::Whole), _) | (_, Guarded::Whole) => Some(Guarded::Whole),
                    (Some(Guarded::Url), _) | (_, Guarded::Url) => Some(Guarded::Url),
                    _ => Some(Guarded::Name),
                };
            }
        }
        found
    }

    /// Whether a break at byte `at` is allowed; `hyphen`: with an inserted hyphen.
    #[must_use]
    pub fn allows(&self, at: usize, hyphen: bool) -> bool {
        match self.inside(at) {
            None => true,
            Some(Guarded::Whole) => false,
            Some(Guarded::Name) => !hyphen,
            Some(Guarded::Url) => {
                let (before, after) = self.text.split_at(at);
                // After a path's slash, not inside "://".
                !hyphen
                    && before.ends_with('/')
                    && !before.ends_with("//")
                    && !after.starts_with('/')
            }
        }
    }

    /// Joins line-break segments whose boundary is not an allowed break.
    #[must_use]
    pub fn merge(&self, segments: Vec<Range<usize>>) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = Vec::with_capacity(segments.len());
        for seg in segments {
            match out.last_mut() {
                Some(last) if !self.allows(seg.start, false) => last.end = seg.end,
                _ => out.push(seg),
            }
        }
        out
    }
}

/// URLs, e-mail addresses, dates, number ranges, case numbers, §-references and numbers
/// written in groups of three digits ("8 400 000 kronor").
fn tokens_guarded(text: &str) -> Vec<(Range<usize>, Guarded)> {
    let tokens: Vec<Range<usize>> = words(text);
    let mut out = digit_groups(text, &tokens);
    for (k, t) in tokens.iter().enumerate() {
        let word = trim_punctuation(&text[t.clone()]);
        let start = t.start + text[t.clone()].find(word).unwrap_or(0);
        let range = start..start + word.len();
        let after_sign = k
            .checked_sub(1)
            .is_some_and(|p| matches!(&text[tokens[p].clone()], "§" | "§§"));
        if k > 0 && matches!(word, "§" | "§§") && is_numeric_or_digits(&text[tokens[k - 1].clone()])
        {
            // "26 kap. 1 §": a law's paragraph number stays with its sign.
            out.push((tokens[k - 1].start..range.end, Guarded::Whole));
        }
        if is_party(&text[t.clone()]) && k > 0 {
            // "Jonas Berg (SD)": a party's letters stay with the name before them.
            out.push((tokens[k - 1].start..range.end, Guarded::Whole));
        }
        if is_url(word) {
            out.push((range, Guarded::Url));
        } else if is_email(word)
            || is_numeric(word)
            || (after_sign && word.starts_with(|c: char| c.is_ascii_digit()))
        {
            // "KS 2024/45", "§ 110", "KF §§ 48–49": the prefixes stay with the number (at
            // most two: an organ's and the sign).
            let mut from = range.start;
            for p in tokens[k.saturating_sub(2)..k].iter().rev() {
                if !is_number_prefix(&text[p.clone()]) {
                    break;
                }
                from = p.start;
            }
            out.push((from..range.end, Guarded::Whole));
        }
    }
    out
}

/// Numbers set in groups ("180 000", "8 400 000,50"): a first group of one to three digits
/// followed by groups of exactly three, each after one space.
fn digit_groups(text: &str, tokens: &[Range<usize>]) -> Vec<(Range<usize>, Guarded)> {
    let digits = |t: &Range<usize>| text[t.clone()].chars().all(|c| c.is_ascii_digit());
    let group = |t: &Range<usize>| {
        let w = text[t.clone()].trim_end_matches(|c: char| c.is_ascii_punctuation());
        let head = w.split([',', '.']).next().unwrap_or(w);
        head.len() == 3 && head.chars().all(|c| c.is_ascii_digit())
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < tokens.len() {
        let first = &tokens[k];
        let mut last = k;
        if digits(first) && first.len() <= 3 {
            while last + 1 < tokens.len()
                && tokens[last].end + 1 == tokens[last + 1].start
                && group(&tokens[last + 1])
                && digits(&tokens[last])
            {
                last += 1;
            }
        }
        if last > k {
            out.push((first.start..tokens[last].end, Guarded::Whole));
        }
        k = last + 1;
    }
    out
}

/// Whitespace-separated words with their byte ranges.
fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, ch) in text.char_indices() {
        match (ch.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

fn trim_punctuation(word: &str) -> &str {
    word.trim_start_matches(['(', '[', '"', '”', '»'])
        .trim_end_matches([')', ']', '"', '”', '»', ',', ';', ':', '.', '!', '?'])
}

fn is_url(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")
}

fn is_email(word: &str) -> bool {
    word.split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
}

/// Dates, times, ranges and case numbers: digits with `-`, `–`, `/`, `.` or `:` between.
fn is_numeric(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
        && word
            .chars()
            .any(|c| matches!(c, '-' | '–' | '/' | '.' | ':'))
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '–' | '/' | '.' | ':'))
}

/// "1", "48–49": a number or a numeric range.
fn is_numeric_or_digits(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
        && (is_numeric(word) || word.chars().all(|c| c.is_ascii_digit()))
}

/// "(SD)", "(S),", "(MP).": a party's letters in parentheses, as after a name.
fn is_party(word: &str) -> bool {
    word.trim_end_matches([',', ';', '.', ':'])
        .strip_prefix('(')
        .and_then(|w| w.strip_suffix(')'))
        .is_some_and(|w| (1..=4).contains(&w.chars().count()) && w.chars().all(char::is_uppercase))
}

/// "§", "§§", "kl.", "Dnr", "KS", "KF": what stands before a number as part of it.
fn is_number_prefix(word: &str) -> bool {
    let w = word.trim_start_matches('(');
    w == "§"
        || w == "§§"
        || w == "kl."
        || (w.chars().count() <= 4 && w.chars().all(|c| c.is_uppercase()))
        || w.eq_ignore_ascii_case("dnr")
}

/// Second parts of compounds common in municipal protocols; a word ending in one (also
/// with a genitive s) is hyphenated at that joint only.
const COMPOUND_TAILS: &[&str] = &[
    "styrelsen",
    "styrelse",
    "nämnden",
    "nämnd",
    "fullmäktige",
    "förvaltningen",
    "förvaltning",
    "kommunen",
    "kommun",
    "utskottet",
    "utskott",
    "avdelningen",
    "avdelning",
    "verksamheten",
    "verksamhet",
    "planen",
    "beslutet",
    "beslut",
    "ärendet",
    "ärende",
    "rapporten",
    "rapport",
    "redovisningen",
    "redovisning",
    "underlaget",
    "underlag",
    "förslaget",
    "förslag",
    "uppdraget",
    "uppdrag",
    "programmet",
    "program",
    "strategin",
    "strategi",
    "området",
    "område",
    "bidraget",
    "bidrag",
    "avtalet",
    "avtal",
    "arbetet",
    "arbete",
    "gruppen",
    "grupp",
    "ordförande",
    "sekreterare",
    "protokollet",
    "protokoll",
    "insatser",
    "ersättning",
    "budget",
    "fastigheten",
    "fastighet",
    "kronan",
    "kronor",
    "krona",
];

/// Hyphenation points (byte offsets into `word`, a run of letters): the compound joint if
/// the word has a known one, else the Swedish patterns' points with three letters or more
/// on each side.
pub fn hyphenation_points(hyphenator: &Standard, word: &str) -> Vec<usize> {
    let letters = word.chars().count();
    if letters < 2 * MIN_LETTERS {
        return Vec::new();
    }
    if let Some(joint) = compound_joint(word) {
        return vec![joint];
    }
    // A capitalised word is a name ("Försäkringskassan", "Strandvägen") or starts a
    // sentence: hyphenated only at a known joint, never by the patterns.
    if word.chars().next().is_some_and(char::is_uppercase) {
        return Vec::new();
    }
    hyphenator
        .hyphenate(word)
        .breaks
        .into_iter()
        .filter(|&b| {
            let before = word[..b].chars().count();
            before >= MIN_LETTERS && letters - before >= MIN_LETTERS
        })
        .collect()
}

/// The joint before a known second part, with at least four letters in front of it.
fn compound_joint(word: &str) -> Option<usize> {
    let lower = word.to_lowercase();
    // Lower-casing keeps byte lengths for the letters of Swedish text; skip a word where it
    // does not, rather than cut inside a character.
    if lower.len() != word.len() {
        return None;
    }
    let stem = lower.strip_suffix('s').unwrap_or(&lower);
    COMPOUND_TAILS.iter().find_map(|tail| {
        let at = stem.strip_suffix(tail).map(str::len)?;
        (word[..at].chars().count() >= 4 && word.is_char_boundary(at)).then_some(at)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_is_never_broken() {
        for t in [
            "2026-12-31",
            "kl. 13.15–16.40",
            "§§ 48–49",
            "KF §§ 118–128",
            "§ 110",
            "KSAU §§ 101–102",
            "KS 2024/45",
            "registrator@sjobacka.se",
        ] {
            let g = Guard::new(t, &[]);
            let inner: Vec<usize> = (1..t.len())
                .filter(|&i| t.is_char_boundary(i) && g.allows(i, false))
                .collect();
            assert_eq!(inner, Vec::<usize>::new(), "{t}");
        }
    }

    #[test]
    fn a_reference_breaks_only_around_it() {
        let t = "enligt KSAU §§ 101–102 och § 110. Se KF § 7 och 26 kap. 1 § lagen";
        let g = Guard::new(t, &[]);
        let at = |s: &str| t.find(s).unwrap();
        for inner in ["§§ 101", "101–", "110.", "§ 7", "7", "§ lagen"] {
            assert!(!g.allows(at(inner), false), "{inner}");
        }
        for outer in ["KSAU", "och", "§ 110", "Se", "KF", "lagen", "1 §"] {
            assert!(g.allows(at(outer), false), "{outer}");
        }
    }

    #[test]
    fn a_party_stays_with_the_name_before_it() {
        let t = "utser Jonas Berg (SD), Eva Ek (S) och Bo Ax (MP). Se (bilaga).";
        let g = Guard::new(t, &[]);
        let at = |s: &str| t.find(s).unwrap();
        for inner in ["(SD)", "(S)", "(MP)"] {
            assert!(!g.allows(at(inner), false), "{inner}");
        }
        for outer in ["Berg", "Eva", "och", "Se", "(bilaga)"] {
            assert!(g.allows(at(outer), false), "{outer}");
        }
    }

    #[test]
    fn numbers_in_digit_groups_stay_on_one_line() {
        let t = "för 8 400 000 kronor och 180 000,50 kr, år 2024 samt 12 st.";
        let g = Guard::new(t, &[]);
        let at = |s: &str| t.find(s).unwrap();
        // Not between the groups of a number …
        for inner in ["400 000 kronor", "000 kronor", "000,50"] {
            assert!(!g.allows(at(inner), false), "{inner}");
        }
        // … but before and after it, and between a year and a count.
        for outer in ["8 400", "kronor", "år", "12 st", "st."] {
            assert!(g.allows(at(outer), false), "{outer}");
        }
    }

    #[test]
    fn capitalised_words_get_no_pattern_hyphen() {
        let h = crate::layout::text::swedish();
        assert!(hyphenation_points(h, "Försäkringskassan").is_empty());
        assert!(hyphenation_points(h, "Strandvägen").is_empty());
        assert!(!hyphenation_points(h, "försäkringskassan").is_empty());
    }

    #[test]
    fn urls_break_after_a_slash_only_and_without_a_hyphen() {
        let url = "https://ex.se/2023-ars-redovisning.pdf";
        let g = Guard::new(url, &[]);
        let allowed: Vec<usize> = (1..url.len()).filter(|&i| g.allows(i, false)).collect();
        assert_eq!(allowed, vec![14]);
        assert!(!g.allows(14, true));
    }

    #[test]
    fn names_get_no_inserted_hyphen() {
        let t = "Johansson-Wennerström Fastigheter AB";
        let names = [
            "Johansson-Wennerström".to_string(),
            "Fastigheter AB".to_string(),
        ];
        let g = Guard::new(t, &names);
        let hyphenable = (1..t.len()).filter(|&i| t.is_char_boundary(i) && g.allows(i, true));
        // Only at the names' edges, never inside one.
        assert_eq!(hyphenable.collect::<Vec<_>>(), vec![22, 23]);
        assert!(g.allows(10, false), "after the name's own hyphen");
    }

    #[test]
    fn hyphenation_keeps_three_letters_and_prefers_joints() {
        let h = crate::layout::text::swedish();
        assert!(hyphenation_points(h, "varje").is_empty());
        assert_eq!(hyphenation_points(h, "Regionstyrelsen"), vec![6]);
        assert_eq!(hyphenation_points(h, "Samhällsbyggnadsnämndens"), vec![17]);
        // Not "skattek-rona", as the patterns alone would have it.
        assert_eq!(hyphenation_points(h, "skattekrona"), vec![6]);
        for p in hyphenation_points(h, "rehabiliteringsinsatserna") {
            let w = "rehabiliteringsinsatserna";
            assert!(p >= 3 && w.len() - p >= 3, "{p}");
        }
    }
}
