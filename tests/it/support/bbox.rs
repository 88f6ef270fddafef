//! The words of a PDF with their boxes, as `pdftotext -bbox` reads them: one parser for every
//! test that finds text by its place on the page, with the XML entities poppler writes
//! decoded so that a word reads as it was typed.

use super::{have, load_json, render, run, seed};
use std::path::Path;

/// A word on a page (1-based), with its box in points from the top left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub page: usize,
    pub x_min: f32,
    pub y_min: f32,
    pub x_max: f32,
    pub y_max: f32,
    pub text: String,
}

/// The words of `pdf` in poppler's reading order, or `None` when pdftotext is not installed
/// (a failure when `CI=true`).
pub fn bbox_words(pdf: &Path) -> Option<Vec<Word>> {
    if !have("pdftotext") {
        return None;
    }
    let (ok, html) = run("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    assert!(ok, "pdftotext -bbox {}: {html}", pdf.display());
    Some(parse_bbox(&html))
}

/// The `<word>` elements of `pdftotext -bbox` output, each counted on the page it follows.
fn parse_bbox(html: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut page = 0;
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page") {
            page += 1;
        } else if let Some(rest) = line.strip_prefix("<word ") {
            let (tag, text) = rest
                .split_once('>')
                .unwrap_or_else(|| panic!("no end of a <word> tag: {line}"));
            let text = text
                .strip_suffix("</word>")
                .unwrap_or_else(|| panic!("a <word> not closed on its line: {line}"));
            out.push(Word {
                page,
                x_min: attribute(tag, "xMin"),
                y_min: attribute(tag, "yMin"),
                x_max: attribute(tag, "xMax"),
                y_max: attribute(tag, "yMax"),
                text: decode_entities(text),
            });
        }
    }
    out
}

/// The number in `key="…"` of a tag.
fn attribute(tag: &str, key: &str) -> f32 {
    let start = tag
        .find(&format!("{key}=\""))
        .unwrap_or_else(|| panic!("no {key} in <word {tag}>"))
        + key.len()
        + 2;
    let value = tag[start..].split('"').next().unwrap();
    value
        .parse()
        .unwrap_or_else(|e| panic!("{key}={value:?} in <word {tag}>: {e}"))
}

/// The text with the XML entities pdftotext writes (`&amp;`, `&lt;`, `&gt;`, `&quot;`,
/// `&apos;`) and character references (`&#39;`, `&#x27;`) replaced by their characters, in
/// one pass so that a typed `&amp;lt;` stays `&lt;`. Any other entity is a parser gap, and
/// fails rather than being read as text.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..]
            .find(';')
            .unwrap_or_else(|| panic!("an unterminated entity in {text:?}"));
        let name = &rest[at + 1..at + end];
        out.push(entity(name).unwrap_or_else(|| panic!("unknown entity &{name}; in {text:?}")));
        rest = &rest[at + end + 1..];
    }
    out.push_str(rest);
    out
}

/// The character an entity name (between `&` and `;`) stands for.
fn entity(name: &str) -> Option<char> {
    let code = match name {
        "amp" => return Some('&'),
        "lt" => return Some('<'),
        "gt" => return Some('>'),
        "quot" => return Some('"'),
        "apos" => return Some('\''),
        _ => match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => name.strip_prefix('#')?.parse().ok()?,
        },
    };
    char::from_u32(code)
}

#[test]
fn bbox_words_decode_every_entity_once() {
    let html = "<page width=\"595\" height=\"842\">\n\
        <word xMin=\"1.5\" yMin=\"2\" xMax=\"3\" yMax=\"4.25\">&amp;&lt;&gt;&quot;&apos;</word>\n\
        </page>\n<page width=\"595\" height=\"842\">\n\
        <word xMin=\"5\" yMin=\"6\" xMax=\"7\" yMax=\"8\">&#39;&#x27;&amp;lt;</word>\n";
    assert_eq!(
        parse_bbox(html),
        vec![
            Word {
                page: 1,
                x_min: 1.5,
                y_min: 2.0,
                x_max: 3.0,
                y_max: 4.25,
                text: "&<>\"'".into(),
            },
            Word {
                page: 2,
                x_min: 5.0,
                y_min: 6.0,
                x_max: 7.0,
                y_max: 8.0,
                text: "''&lt;".into(),
            },
        ]
    );
    for bad in ["&nbsp;", "&#xZZ;", "&#1114112;", "a & b"] {
        assert!(
            std::panic::catch_unwind(|| decode_entities(bad)).is_err(),
            "{bad}"
        );
    }
}

/// A title with every character XML escapes, and a typed entity, reads back from the PDF
/// word for word.
#[test]
fn bbox_words_read_a_title_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let mut json: serde_json::Value = load_json(&seed());
    let title = "Tom & Jerry <AB> \"citat\" it's &amp;lt;";
    json["items"][0]["title"] = title.into();
    let input = dir.path().join("m.json");
    std::fs::write(&input, json.to_string()).unwrap();
    let pdf = dir.path().join("m.pdf");
    render(&input, &pdf, &[]);
    let Some(words) = bbox_words(&pdf) else {
        return;
    };
    let typed: Vec<&str> = title.split(' ').collect();
    let read: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    assert!(
        read.windows(typed.len()).any(|w| w == typed.as_slice()),
        "{typed:?} not in {read:?}"
    );
}
