//! Nothing lost: after layout, every word of the input's printed texts must stand on a page,
//! inside the page. A text the layout could not place (a heading taller than the page, a
//! table cell taller than a page, words pushed off the page by a margin) is refused with the
//! JSON path of the text it came from, instead of a PDF that silently lacks it.
//!
//! Words are compared by their letters and digits only, so that hyphenation, list markers,
//! emphasis markers and punctuation do not matter; a word broken over two lines is found in
//! the run of all text on the pages.

use crate::error::Diagnostic;
use crate::layout::{Document, Element, Kind, Mark, Variant};
use crate::model::Meeting;
use rustc_hash::FxHashSet;
use serde_json::Value;
use std::borrow::Cow;

/// Input fields that are not printed as written (dates and times are formatted, files are
/// embedded, roles and answers are translated or counted) or not printed by every layout.
const NOT_PRINTED_AS_WRITTEN: &[&str] = &[
    "version",
    "layout",
    "date",
    "start",
    "end",
    "posted",
    "removed",
    "logo",
    "file",
    "role",
    "vote",
    "style",
    "name_in_heading",
];

/// The diagnostics for every input text with a word missing from the laid-out document.
/// Only the whole protocol is checked; extracts and notices show a part by design.
#[must_use]
pub fn missing_texts(meeting: &Meeting, doc: &Document, variant: &Variant) -> Vec<Diagnostic> {
    if variant.kind != Kind::Protocol {
        return Vec::new();
    }
    let printed = Printed::of(doc);
    let value = serde_json::to_value(meeting).expect("the model serialises");
    let mut out = Vec::new();
    for (path, text) in texts(&value) {
        if hidden_in_public(meeting, variant, &path) || skipped(meeting, &path) {
            continue;
        }
        if let Some(word) = text.split_whitespace().find(|w| !printed.has(w)) {
            out.push(
                Diagnostic::error(
                    path,
                    format!("the word \"{word}\" of this text does not fit on the page and would be lost"),
                )
                .with_hint("the text (or the block it stands in) is taller or wider than a page; shorten it, or check the layout's sizes and margins"),
            );
        }
    }
    out
}

/// In the public version a confidential item shows only its number, title and reason.
fn hidden_in_public(meeting: &Meeting, variant: &Variant, path: &str) -> bool {
    let Some(rest) = path.strip_prefix("items[") else {
        return false;
    };
    let Some((index, field)) = rest.split_once(']') else {
        return false;
    };
    let Ok(i) = index.parse::<usize>() else {
        return false;
    };
    let item = &meeting.items[i];
    if field == ".confidential_reason" {
        return !item.confidential;
    }
    variant.public && item.confidential && field != ".title"
}

/// `body.name` is replaced by `body.heading` when that is given; the chair's and the
/// secretary's parties are not printed (the chair's party stands in the attendance list;
/// [`crate::validate`] warns about a party that would not be printed).
fn skipped(meeting: &Meeting, path: &str) -> bool {
    (path == "body.name" && !meeting.body.heading.is_empty())
        || path == "chair.party"
        || path == "secretary.party"
}

fn texts(value: &Value) -> Vec<(String, &str)> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), value)];
    while let Some((path, v)) = stack.pop() {
        match v {
            Value::String(s) => out.push((path, s.as_str())),
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate().rev() {
                    stack.push((format!("{path}[{i}]"), x));
                }
            }
            Value::Object(o) => {
                for (k, x) in o.iter().rev() {
                    if NOT_PRINTED_AS_WRITTEN.contains(&k.as_str()) {
                        continue;
                    }
                    stack.push((crate::locate::child_path(&path, k), x));
                }
            }
            _ => {}
        }
    }
    out
}

/// The letters and digits of a word, which are what must survive layout (borrowed when
/// that is the whole word, as it mostly is: no allocation per printed word).
fn key(word: &str) -> Cow<'_, str> {
    if word.chars().all(char::is_alphanumeric) {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.chars().filter(|c| c.is_alphanumeric()).collect())
    }
}

/// What stands on the pages: the words of each run, and all letters and digits in a row.
struct Printed<'a> {
    words: FxHashSet<Cow<'a, str>>,
    all: String,
}

impl<'a> Printed<'a> {
    fn of(doc: &'a Document) -> Printed<'a> {
        let (w, h) = doc.page_size;
        let mut words = FxHashSet::default();
        // The content in reading order, so that a word hyphenated at a page's foot meets its
        // rest on the next page without the running footer and header in between.
        let mut content: Vec<(usize, &str)> = Vec::new();
        for page in &doc.pages {
            for e in &page.elements {
                let Element::Text {
                    x, y, run, mark, ..
                } = e
                else {
                    continue;
                };
                let inside = *x >= -0.5 && x + run.width <= w + 0.5 && *y >= 0.0 && *y <= h;
                if !inside {
                    continue;
                }
                for word in run.text.split_whitespace() {
                    words.insert(key(word));
                }
                if let Mark::Content(n) = mark {
                    content.push((*n, run.text.as_str()));
                }
            }
        }
        content.sort_by_key(|(n, _)| *n);
        let mut all = String::new();
        for (_, text) in content {
            all.extend(text.chars().filter(|c| c.is_alphanumeric()));
        }
        Printed { words, all }
    }

    fn has(&self, word: &str) -> bool {
        let k = key(word);
        k.is_empty() || self.words.contains(k.as_ref()) || self.all.contains(k.as_ref())
    }
}
