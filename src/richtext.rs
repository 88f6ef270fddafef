//! The *rich* text subset of the format: paragraphs separated by a blank line, `*emphasis*`,
//! `**strong**`, numbered (`1.`) and bulleted (`-`) lists, and `{{personal data}}` (format
//! 1.1). Nothing else is interpreted; any other Markdown is kept literally, so no character of
//! the input is ever dropped except the markers themselves.
//!
//! Personal data is found by one scanner, [`personal_data`], for both printing and masking,
//! so that what the full version prints without braces is exactly what the public version
//! replaces with [`MASK`].
//!
//! Web addresses (`https://…`, `http://…`, `www.…`) and e-mail addresses in the text become
//! links: their span carries the target, which the layout turns into a link annotation.

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The text, markers removed.
    pub text: String,
    /// `**strong**`.
    pub strong: bool,
    /// `*emphasis*`.
    pub emphasis: bool,
    /// `{{personal data}}`: printed in the full version, masked in the public one.
    pub personal: bool,
    /// The link target when the text is a web or e-mail address (`https://…`, `mailto:…`).
    pub link: Option<String>,
}

/// A block of rich text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph of inline spans.
    Paragraph(Vec<Span>),
    /// A list; `ordered` lists carry their own numbers as written (`3.` stays 3).
    List {
        /// Numbered or bulleted.
        ordered: bool,
        /// Label and content of each entry.
        entries: Vec<(String, Vec<Span>)>,
    },
}

/// Parses rich text into blocks. A line that starts with a list marker starts a list even
/// without a blank line before it ("Nämnden beslutar\n1. att …\n2. att …"); lines without a
/// marker continue the entry above them; a blank line ends the list.
pub fn parse(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    for chunk in paragraphs(text) {
        let mut prose: Vec<&str> = Vec::new();
        let mut list: Option<(bool, Vec<(String, String)>)> = None;
        for line in chunk.lines().map(str::trim) {
            match list_marker(line) {
                Some((ordered, label, rest)) => {
                    if !prose.is_empty() {
                        blocks.push(Block::Paragraph(inline(&prose.join(" "))));
                        prose.clear();
                    }
                    if list.as_ref().is_some_and(|(o, _)| *o != ordered) {
                        blocks.extend(list.take().map(into_list));
                    }
                    let (_, entries) = list.get_or_insert_with(|| (ordered, Vec::new()));
                    entries.push((label, rest.to_string()));
                }
                None => match list.as_mut().and_then(|(_, e)| e.last_mut()) {
                    Some(last) => {
                        last.1.push(' ');
                        last.1.push_str(line);
                    }
                    None => prose.push(line),
                },
            }
        }
        if !prose.is_empty() {
            blocks.push(Block::Paragraph(inline(&prose.join(" "))));
        }
        blocks.extend(list.map(into_list));
    }
    blocks
}

fn into_list((ordered, entries): (bool, Vec<(String, String)>)) -> Block {
    Block::List {
        ordered,
        entries: entries.into_iter().map(|(l, t)| (l, inline(&t))).collect(),
    }
}

fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            if !cur.is_empty() {
                cur.push('\n');
            }
            cur.push_str(line);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `1. text` → (true, "1.", "text"); `- text` → (false, "•", "text").
fn list_marker(line: &str) -> Option<(bool, String, &str)> {
    if let Some(rest) = line.strip_prefix("- ") {
        return Some((false, "•".into(), rest.trim_start()));
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits <= 3 && line[digits..].starts_with(". ") {
        return Some((
            true,
            line[..digits + 1].to_string(),
            line[digits + 2..].trim_start(),
        ));
    }
    None
}

/// Parses `*em*`, `**strong**` and `{{personal data}}`. An opening marker only counts when a
/// closing one follows; unmatched asterisks and braces are printed as they are.
#[must_use]
pub fn inline(text: &str) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    let mut strong = false;
    let mut emphasis = false;
    let mut personal = false;
    let mut cur = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let brace = if personal {
            rest.starts_with(PERSONAL_CLOSE)
        } else {
            rest.starts_with(PERSONAL_OPEN) && rest[2..].contains(PERSONAL_CLOSE)
        };
        if brace {
            push_span(&mut spans, &mut cur, (strong, emphasis, personal));
            personal = !personal;
            rest = &rest[2..];
            continue;
        }
        let toggle = if rest.starts_with("**") && (strong || rest[2..].contains("**")) {
            Some(2)
        } else if rest.starts_with('*')
            && !rest.starts_with("**")
            && (emphasis || closes_single(&rest[1..]))
        {
            Some(1)
        } else {
            None
        };
        match toggle {
            Some(n) => {
                push_span(&mut spans, &mut cur, (strong, emphasis, personal));
                if n == 2 {
                    strong = !strong;
                } else {
                    emphasis = !emphasis;
                }
                rest = &rest[n..];
            }
            None => {
                let ch = rest.chars().next().expect("not empty");
                cur.push(ch);
                rest = &rest[ch.len_utf8()..];
            }
        }
    }
    push_span(&mut spans, &mut cur, (strong, emphasis, personal));
    spans
}

/// Whether a single `*` closes later in `s` (ignoring `**` pairs).
fn closes_single(s: &str) -> bool {
    let mut rest = s;
    while let Some(i) = rest.find('*') {
        if rest[i..].starts_with("**") {
            rest = &rest[i + 2..];
        } else {
            return true;
        }
    }
    false
}

/// Pushes the text gathered so far, cut into spans at its web and e-mail addresses.
fn push_span(spans: &mut Vec<Span>, cur: &mut String, style: (bool, bool, bool)) {
    let (strong, emphasis, personal) = style;
    let text = std::mem::take(cur);
    let mut at = 0;
    let mut push = |text: &str, link: Option<String>| {
        if !text.is_empty() {
            spans.push(Span {
                text: text.to_string(),
                strong,
                emphasis,
                personal,
                link,
            });
        }
    };
    for (range, target) in links(&text) {
        push(&text[at..range.start], None);
        push(&text[range.clone()], Some(target));
        at = range.end;
    }
    push(&text[at..], None);
}

/// The web and e-mail addresses in `text`: their byte ranges (without the punctuation that
/// ends a sentence or closes a parenthesis around them) and their link targets.
#[must_use]
pub fn links(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, ch) in text.char_indices().chain([(text.len(), ' ')]) {
        match (ch.is_whitespace(), start) {
            (true, Some(s)) => {
                out.extend(link_in_word(text, s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

/// The address in the word `text[start..end]`, if it is one.
fn link_in_word(text: &str, start: usize, end: usize) -> Option<(std::ops::Range<usize>, String)> {
    let word = &text[start..end];
    let lead = word.len()
        - word
            .trim_start_matches(['(', '[', '"', '<', '»', '”'])
            .len();
    let mut body = &word[lead..];
    // Closing punctuation is the sentence's, not the address's; a closing parenthesis is the
    // address's only when the address opened one ("…/Lista_(2024)").
    loop {
        let trimmed =
            body.trim_end_matches(['.', ',', ';', ':', '!', '?', '"', '”', '»', '>', ']']);
        let trimmed = match trimmed.strip_suffix(')') {
            Some(t) if t.matches('(').count() < trimmed.matches(')').count() => t,
            _ => trimmed,
        };
        if trimmed.len() == body.len() {
            break;
        }
        body = trimmed;
    }
    let lower = body.to_ascii_lowercase();
    let target = if lower.starts_with("http://") || lower.starts_with("https://") {
        (body.len() > lower.find("//")? + 2).then(|| body.to_string())?
    } else if lower.starts_with("www.") && body.len() > 4 && body[4..].contains('.') {
        format!("https://{body}")
    } else if is_email(body) {
        format!("mailto:{body}")
    } else {
        return None;
    };
    let from = start + lead;
    Some((from..from + body.len(), target))
}

/// `namn.efternamn@kommun.se`: a local part and a domain with a dot, nothing else.
fn is_email(word: &str) -> bool {
    let Some((user, host)) = word.split_once('@') else {
        return false;
    };
    let user_ok = !user.is_empty()
        && user
            .chars()
            .all(|c| c.is_alphanumeric() || "._%+-".contains(c));
    let labels: Vec<&str> = host.split('.').collect();
    user_ok
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().all(char::is_alphabetic))
}

/// Opens a span of personal data.
pub const PERSONAL_OPEN: &str = "{{";
/// Closes a span of personal data.
pub const PERSONAL_CLOSE: &str = "}}";
/// What the public version prints instead of each span of personal data.
pub const MASK: &str = "XXX";

/// A mistake in the personal-data marks of one text, with the byte offset where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkError {
    /// `{{` with no `}}` after it on the same line.
    Unclosed(usize),
    /// `}}` with no `{{` before it.
    Stray(usize),
    /// `{{` inside a span that is already open.
    Nested(usize),
    /// `{{}}` or a span of spaces only: nothing marked.
    Empty(usize),
}

/// The byte ranges of the personal data in `text` (without the braces), left to right. A span
/// stays on one line, so that the printed paragraphs and the mask agree on every pair; any
/// other use of the marks is an error, because a mark the printer would not pair is a mark
/// whose content the public version would print.
pub fn personal_data(text: &str) -> Result<Vec<std::ops::Range<usize>>, MarkError> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if let Some(start) = open {
            if rest.starts_with(PERSONAL_CLOSE) {
                if text[start..i].trim().is_empty() {
                    return Err(MarkError::Empty(start - 2));
                }
                spans.push(start..i);
                open = None;
                i += 2;
                continue;
            }
            if rest.starts_with(PERSONAL_OPEN) {
                return Err(MarkError::Nested(i));
            }
            if rest.starts_with('\n') {
                return Err(MarkError::Unclosed(start - 2));
            }
        } else if rest.starts_with(PERSONAL_OPEN) {
            open = Some(i + 2);
            i += 2;
            continue;
        } else if rest.starts_with(PERSONAL_CLOSE) {
            return Err(MarkError::Stray(i));
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    match open {
        Some(start) => Err(MarkError::Unclosed(start - 2)),
        None => Ok(spans),
    }
}

/// `text` with every span of personal data, braces included, replaced by [`MASK`]. A text
/// whose marks are broken is masked from its first mark to the end, so that even unchecked
/// input leaks nothing.
#[must_use]
pub fn mask(text: &str) -> String {
    match personal_data(text) {
        Ok(spans) => {
            let mut out = String::with_capacity(text.len());
            let mut last = 0;
            for span in spans {
                out.push_str(&text[last..span.start - 2]);
                out.push_str(MASK);
                last = span.end + 2;
            }
            out.push_str(&text[last..]);
            out
        }
        Err(_) => {
            let first = [text.find(PERSONAL_OPEN), text.find(PERSONAL_CLOSE)]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(0);
            format!("{}{MASK}", &text[..first])
        }
    }
}

/// The plain text of rich text: what a reader sees, markers removed.
#[must_use]
pub fn plain(text: &str) -> String {
    let mut out = String::new();
    for block in parse(text) {
        match block {
            Block::Paragraph(spans) => spans.iter().for_each(|s| out.push_str(&s.text)),
            Block::List { entries, .. } => {
                for (label, spans) in entries {
                    out.push_str(&label);
                    out.push(' ');
                    spans.iter().for_each(|s| out.push_str(&s.text));
                    out.push('\n');
                }
            }
        }
        out.push('\n');
    }
    out
}

/// Masks the personal data in every text of a JSON value (a meeting, or its source for
/// embedding): the public version is built from what this returns, so no later stage ever
/// sees the content. Returns whether anything was masked.
pub fn mask_json(value: &mut serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(text) => {
            let masked = mask(text);
            let changed = masked != *text;
            *text = masked;
            changed
        }
        // Every entry is visited: counting, not `any`, which would stop at the first.
        serde_json::Value::Array(list) => list.iter_mut().map(mask_json).filter(|&c| c).count() > 0,
        serde_json::Value::Object(map) => {
            map.values_mut().map(mask_json).filter(|&c| c).count() > 0
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emphasis_and_strong() {
        let s = inline("a *b* **c** d");
        assert_eq!(s.len(), 5);
        assert!(s[1].emphasis && s[1].text == "b");
        assert!(s[3].strong && s[3].text == "c");
    }

    #[test]
    fn unmatched_asterisks_stay() {
        let s = inline("3 * 4 = 12");
        assert_eq!(
            s,
            vec![Span {
                text: "3 * 4 = 12".into(),
                strong: false,
                emphasis: false,
                personal: false,
                link: None,
            }]
        );
    }

    #[test]
    fn personal_data_prints_without_braces() {
        let s = inline("Ansökan från {{Anna Berg, Storgatan 4}} bifalls.");
        assert_eq!(s.len(), 3);
        assert!(s[1].personal && s[1].text == "Anna Berg, Storgatan 4");
        assert_eq!(
            plain("- {{Per *Ek*}} får bidrag"),
            "• Per Ek får bidrag\n\n"
        );
    }

    #[test]
    fn masking_replaces_each_span_and_nothing_else() {
        assert_eq!(mask("{{Anna}} och {{Per Ek}} {x} }"), "XXX och XXX {x} }");
        assert_eq!(mask("utan uppgifter"), "utan uppgifter");
        assert_eq!(mask("{{{Anna}}}"), "XXX}");
        // Broken marks mask everything from the first brace on.
        assert_eq!(mask("Om {{Anna\nBerg}}"), "Om XXX");
        assert_eq!(mask("Om }} {{Anna"), "Om XXX");
    }

    #[test]
    fn broken_marks_are_errors_with_their_place() {
        assert_eq!(personal_data("a {{b"), Err(MarkError::Unclosed(2)));
        assert_eq!(personal_data("a }} b"), Err(MarkError::Stray(2)));
        assert_eq!(personal_data("{{a {{b}}"), Err(MarkError::Nested(4)));
        assert_eq!(personal_data("x {{ }}"), Err(MarkError::Empty(2)));
        assert_eq!(personal_data("{{a\nb}}"), Err(MarkError::Unclosed(0)));
        assert_eq!(personal_data("å {{ö}} {{a}}"), Ok(vec![5..7, 12..13]));
    }

    #[test]
    fn printing_and_masking_agree_on_every_checked_text() {
        // Whatever the printer shows as personal is exactly what the mask removes.
        for text in [
            "{{a}}{{b}}",
            "x {{*y*}} z",
            "1. {{a}}\n2. b {{c}}",
            "{{{a}}}}",
        ] {
            if personal_data(text).is_err() {
                continue;
            }
            let shown: String = parse(text)
                .iter()
                .flat_map(|b| match b {
                    Block::Paragraph(s) => s.clone(),
                    Block::List { entries, .. } => {
                        entries.iter().flat_map(|e| e.1.clone()).collect()
                    }
                })
                .filter(|s| s.personal)
                .map(|s| s.text)
                .collect();
            let masked = plain(&mask(text));
            for c in shown.chars().filter(|c| c.is_alphanumeric()) {
                assert!(!masked.contains(c), "{text:?}: {c} survives in {masked:?}");
            }
        }
    }

    #[test]
    fn seed_decision_is_a_numbered_list_in_italics() {
        let b = parse("1. *Kommunchef får i uppdrag.*");
        let Block::List { ordered, entries } = &b[0] else {
            panic!("{b:?}")
        };
        assert!(ordered);
        assert_eq!(entries[0].0, "1.");
        assert!(entries[0].1[0].emphasis);
    }

    #[test]
    fn paragraphs_and_bullets() {
        let b = parse("Första stycket\nfortsätter.\n\n- ett\n- två\n  mer\n\nSlut");
        assert_eq!(b.len(), 3);
        assert_eq!(b[0], Block::Paragraph(inline("Första stycket fortsätter.")));
        let Block::List { ordered, entries } = &b[1] else {
            panic!()
        };
        assert!(!ordered);
        assert_eq!(entries[1].1[0].text, "två mer");
    }

    #[test]
    fn other_markdown_is_literal() {
        assert_eq!(plain("# Rubrik [länk](x)"), "# Rubrik [länk](x)\n");
    }

    #[test]
    fn a_list_needs_no_blank_line_before_it() {
        let b = parse("Nämnden beslutar\n1. att godkänna\n2. att avslå");
        assert_eq!(b[0], Block::Paragraph(inline("Nämnden beslutar")));
        let Block::List { ordered, entries } = &b[1] else {
            panic!("{b:?}")
        };
        assert!(ordered);
        assert_eq!(entries.len(), 2);
        let b = parse("Lista:\n- ett\n- två\n1. tre");
        assert_eq!(b.len(), 3, "{b:?}");
        assert!(matches!(&b[1], Block::List { ordered: false, entries } if entries.len() == 2));
        assert!(matches!(&b[2], Block::List { ordered: true, .. }));
    }

    #[test]
    fn every_text_of_a_value_is_masked() {
        let mut v = serde_json::json!({"a": ["{{Anna}}", {"b": "x {{Per}}"}], "n": 3, "c": "y"});
        assert!(mask_json(&mut v));
        assert_eq!(
            v,
            serde_json::json!({"a": ["XXX", {"b": "x XXX"}], "n": 3, "c": "y"})
        );
        assert!(!mask_json(&mut v));
    }

    #[test]
    fn web_and_mail_addresses_are_links_without_the_sentence_punctuation() {
        let text = "Se https://www.sjobacka.se/protokoll/2024-03-12.pdf. Frågor till \
                    (registrator@sjobacka.se), www.lansstyrelsen.se/orebro eller \
                    https://sv.wikipedia.org/wiki/Lista_(2024).";
        let found: Vec<(&str, String)> = links(text)
            .into_iter()
            .map(|(r, t)| (&text[r], t))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    "https://www.sjobacka.se/protokoll/2024-03-12.pdf",
                    "https://www.sjobacka.se/protokoll/2024-03-12.pdf".to_string()
                ),
                (
                    "registrator@sjobacka.se",
                    "mailto:registrator@sjobacka.se".to_string()
                ),
                (
                    "www.lansstyrelsen.se/orebro",
                    "https://www.lansstyrelsen.se/orebro".to_string()
                ),
                (
                    "https://sv.wikipedia.org/wiki/Lista_(2024)",
                    "https://sv.wikipedia.org/wiki/Lista_(2024)".to_string()
                ),
            ]
        );
    }

    #[test]
    fn words_that_only_look_like_addresses_are_not_links() {
        for text in [
            "https:// och http:",
            "www.",
            "a@b",
            "@kommun.se",
            "kl. 13.15–16.40",
            "Dnr KS 2024/12",
            "x@y.12",
        ] {
            assert!(links(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_link_is_a_span_of_its_own_and_keeps_its_emphasis() {
        let s = inline("Läs *mer på https://ex.se/a.* Tack");
        let texts: Vec<(&str, bool, Option<&str>)> = s
            .iter()
            .map(|s| (s.text.as_str(), s.emphasis, s.link.as_deref()))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("Läs ", false, None),
                ("mer på ", true, None),
                ("https://ex.se/a", true, Some("https://ex.se/a")),
                (".", true, None),
                (" Tack", false, None),
            ]
        );
    }
}
