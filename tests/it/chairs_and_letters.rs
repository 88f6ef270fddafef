//! Format 1.1's two chairs and sub-paragraphs wherever the document names them: one footer
//! initials box per chair; `extract --item 122a` takes exactly that sub-paragraph and says
//! so; under plain numbering a sub-paragraph's letter is printed wherever its number is.

use crate::support::*;
use protokoll::layout::{ArtifactKind, Document, Element, ItemRef, Kind, Mark, Variant};
use protokoll::resources::FolderResources;
use serde_json::Value;
use std::path::PathBuf;

fn vanersby() -> PathBuf {
    samples()
        .into_iter()
        .find(|s| s.to_string_lossy().contains("vanersby"))
        .expect("the Vänersby sample")
}

fn vanersby_json() -> Value {
    serde_json::from_str(&std::fs::read_to_string(vanersby()).unwrap()).unwrap()
}

/// The item of the sample numbered `number` (with `letter`).
fn item_mut<'a>(json: &'a mut Value, number: u64, letter: Option<&str>) -> &'a mut Value {
    json["items"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|i| i["number"].as_u64() == Some(number) && i["number_suffix"].as_str() == letter)
        .expect("the item")
}

fn lay_out(json: &Value, kind: Kind) -> Document {
    let res = FolderResources::new(vanersby().parent().unwrap());
    let prepared = protokoll::prepare(&json.to_string(), None, &res).unwrap();
    protokoll::lay_out(
        &prepared,
        &Variant {
            kind,
            public: false,
        },
    )
}

fn picked(refs: &[&str]) -> Kind {
    Kind::Extract(refs.iter().map(|r| r.parse::<ItemRef>().unwrap()).collect())
}

/// The footer's boxes of page `page`: (left, right, top, bottom), from its rules.
fn footer_boxes(doc: &Document, page: usize) -> Vec<(f32, f32, f32, f32)> {
    let below_frame = doc.frame.1;
    let rules: Vec<((f32, f32), (f32, f32))> = doc.pages[page]
        .elements
        .iter()
        .filter_map(|e| match e {
            Element::Rule { from, to, .. } if from.1 > below_frame && to.1 > below_frame => {
                Some((*from, *to))
            }
            _ => None,
        })
        .collect();
    // Each box is drawn as four rules: top (left to right), right, bottom, left.
    rules
        .chunks(4)
        .map(|b| (b[0].0 .0, b[0].1 .0, b[0].0 .1, b[1].1 .1))
        .collect()
}

/// The labels of the footer on page `page`, one per line, in the order drawn.
fn footer_labels(doc: &Document, page: usize) -> Vec<String> {
    // (baseline, right end, text) of each line: a run that goes on where the last one
    // ended on the same baseline continues its line.
    let mut lines: Vec<(f32, f32, String)> = Vec::new();
    for e in &doc.pages[page].elements {
        if let Element::Text {
            x, y, run, mark, ..
        } = e
        {
            if *mark != Mark::Artifact(ArtifactKind::Footer) {
                continue;
            }
            match lines.last_mut() {
                Some((base, end, text)) if *base == *y && (*x - *end).abs() < 4.0 => {
                    text.push_str(&run.text);
                    *end = *x + run.width;
                }
                _ => lines.push((*y, *x + run.width, run.text.clone())),
            }
        }
    }
    lines
        .into_iter()
        .map(|(_, _, t)| t.trim().to_string())
        .collect()
}

#[test]
fn every_page_has_an_initials_box_for_each_chair() {
    let json = vanersby_json();
    let doc = lay_out(&json, Kind::Protocol);
    assert!(doc.pages.len() > 3);
    for page in 0..doc.pages.len() {
        let labels = footer_labels(&doc, page);
        assert_eq!(
            labels,
            [
                "Ordf sign MH",
                "Ordf sign LÖ",
                "Just sign",
                "Just sign",
                "Utdragsbestyrkande"
            ],
            "page {}",
            page + 1
        );
        let boxes = footer_boxes(&doc, page);
        assert_eq!(boxes.len(), 5, "page {}", page + 1);
        let widths: Vec<f32> = boxes.iter().map(|b| b.1 - b.0).collect();
        // The initials boxes are equal, side by side, and clear of the extract box.
        assert!(
            widths[..4].iter().all(|w| (w - widths[0]).abs() < 0.01),
            "{widths:?}"
        );
        for pair in boxes.windows(2) {
            assert!(pair[0].1 < pair[1].0, "boxes overlap: {boxes:?}");
        }
        // The text area ends above the labels.
        assert!(boxes.iter().all(|b| b.2 > doc.frame.1));
    }
    // An extract of a paragraph the vice chair chaired: both chairs sign it (the
    // meeting's chair always does), so both have a box; one of the chair's alone: one box.
    let extract = lay_out(&json, picked(&["124"]));
    assert_eq!(
        footer_labels(&extract, 0)[..2],
        ["Ordf sign MH", "Ordf sign LÖ"]
    );
    let extract = lay_out(&json, picked(&["118"]));
    assert_eq!(footer_labels(&extract, 0)[..2], ["Ordf sign", "Just sign"]);
}

#[test]
fn chairs_with_the_same_initials_are_named_in_full() {
    // "Mikael Forsberg" becomes "Mikael Holm": initials MH, like the chair Margareta Holm.
    let text = std::fs::read_to_string(vanersby())
        .unwrap()
        .replace("Mikael Forsberg", "Mikael Holm");
    let mut json: Value = serde_json::from_str(&text).unwrap();
    item_mut(&mut json, 126, None)["presiding"] = "Mikael Holm".into();
    let doc = lay_out(&json, Kind::Protocol);
    let labels = footer_labels(&doc, 0);
    assert_eq!(
        labels[..3],
        [
            "Ordf sign Margareta Holm",
            "Ordf sign Lars Öberg",
            "Ordf sign Mikael Holm"
        ]
    );
}

#[test]
fn many_chairs_get_rows_of_boxes_that_overlap_nothing() {
    let mut json = vanersby_json();
    let members: Vec<String> = json["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_string())
        .collect();
    // Every item chaired by someone else (members who attend the whole meeting).
    let attending: Vec<&String> = json["members"]
        .as_array()
        .unwrap()
        .iter()
        .zip(&members)
        .filter(|(m, _)| m.get("items").is_none() && m.get("partly").is_none())
        .map(|(_, n)| n)
        .skip(1)
        .collect();
    let items = json["items"].as_array_mut().unwrap();
    for (item, name) in items.iter_mut().zip(attending) {
        item["presiding"] = name.as_str().into();
    }
    let doc = lay_out(&json, Kind::Protocol);
    let width = doc.page_size.0;
    for page in 0..doc.pages.len() {
        let labels = footer_labels(&doc, page);
        assert_eq!(
            labels.iter().filter(|l| l.starts_with("Ordf sign")).count(),
            13,
            "{labels:?}"
        );
        let boxes = footer_boxes(&doc, page);
        assert_eq!(boxes.len(), 13 + 2 + 1);
        for (k, a) in boxes.iter().enumerate() {
            assert!(a.0 > 0.0 && a.1 < width, "box {k} leaves the page: {a:?}");
            assert!(a.2 > doc.frame.1, "box {k} reaches into the text");
            for b in &boxes[k + 1..] {
                let apart = a.1 < b.0 || b.1 < a.0 || a.3 < b.2 || b.3 < a.2;
                assert!(apart, "boxes overlap: {a:?} {b:?}");
            }
        }
    }
}

#[test]
fn an_extract_of_one_sub_paragraph_holds_it_alone_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let sample = vanersby();
    let one = dir.path().join("122a.pdf");
    let out = protokoll(&[
        "extract",
        sample.to_str().unwrap(),
        "--item",
        "122a",
        "-o",
        one.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    if have("pdftotext") {
        let text = extracted_text(&one, None);
        assert!(
            text.contains(&squash("KF § 122 a Svar på motion")),
            "{text}"
        );
        assert!(!text.contains(&squash("KF § 122 b")), "{text}");
        assert!(!text.contains(&squash("Svar på medborgarförslag")));
    }
    // "122 a" is the same extract.
    let spaced = dir.path().join("122 a.pdf");
    let out = protokoll(&[
        "extract",
        sample.to_str().unwrap(),
        "--item",
        "122 a",
        "-o",
        spaced.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert_eq!(
        std::fs::read(&one).unwrap(),
        std::fs::read(&spaced).unwrap()
    );

    // The title, subject and keywords name what was extracted.
    let json = vanersby_json();
    let doc = lay_out(&json, picked(&["122a"]));
    assert_eq!(
        doc.metadata.title,
        "Protokollsutdrag Kommunfullmäktige 2025-11-24 KF § 122 a"
    );
    assert!(
        doc.metadata.subject.ends_with("KF § 122 a"),
        "{}",
        doc.metadata.subject
    );
    assert!(doc
        .metadata
        .keywords
        .contains(&"paragrafer 122 a".to_string()));
    for (refs, named) in [
        (&["122"][..], "KF § 122"),
        (&["122a", "122b"][..], "KF § 122"),
        (&["121", "122a"][..], "KF §§ 121, 122 a"),
        (&["122b", "123", "124"][..], "KF §§ 122 b, 123–124"),
        (&["121", "122", "123"][..], "KF §§ 121–123"),
    ] {
        let doc = lay_out(&json, picked(refs));
        assert!(
            doc.metadata.title.ends_with(&format!(" {named}")),
            "{refs:?}: {}",
            doc.metadata.title
        );
    }
    // --item 122 takes the whole paragraph.
    let whole = lay_out(&json, picked(&["122"]));
    let heads: Vec<&str> = whole.bookmarks.iter().map(|b| b.title.as_str()).collect();
    assert!(
        heads.iter().any(|t| t.starts_with("KF § 122 a ")),
        "{heads:?}"
    );
    assert!(
        heads.iter().any(|t| t.starts_with("KF § 122 b ")),
        "{heads:?}"
    );
}

#[test]
fn a_sub_paragraph_that_does_not_exist_is_an_error_naming_those_that_do() {
    let dir = tempfile::tempdir().unwrap();
    let sample = vanersby();
    let pdf = dir.path().join("x.pdf");
    for (item, says) in [
        (
            "122c",
            "--item 122c: item 122 has no sub-paragraph c hint: its sub-paragraphs are 122 a, 122 b; --item 122 takes them all",
        ),
        (
            "124a",
            "--item 124a: item 124 has no sub-paragraph a hint: write --item 124 for it",
        ),
        (
            "140b",
            "--item 140b: the protocol has no item number 140 hint: the items are numbered 118–128",
        ),
        ("12x3", "is not a paragraph"),
    ] {
        let out = protokoll(&[
            "extract",
            sample.to_str().unwrap(),
            "--item",
            item,
            "-o",
            pdf.to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{item}");
        assert!(squash(&stderr).contains(&squash(says)), "{item}: {stderr}");
        assert!(!pdf.exists(), "{item}: a PDF was written");
    }
    // A paragraph with one sub-paragraph left: the hint names it.
    let mut json = vanersby_json();
    json["items"]
        .as_array_mut()
        .unwrap()
        .retain(|i| i["number_suffix"].as_str() != Some("b"));
    let input = dir.path().join("kf.json");
    std::fs::write(&input, json.to_string()).unwrap();
    let out = protokoll(&[
        "extract",
        input.to_str().unwrap(),
        "--item",
        "122b",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && !pdf.exists());
    assert!(
        squash(&stderr).contains(&squash(
            "--item 122b: item 122 has no sub-paragraph b hint: its sub-paragraphs are 122 a;"
        )),
        "{stderr}"
    );
}

#[test]
fn plain_numbering_prints_the_letter_wherever_the_number_is() {
    let mut json = vanersby_json();
    json["numbering"] = serde_json::json!({"style": "plain", "start": 118});
    // 122 b: chaired by the vice chair, with a bilaga, and long enough to run over a page.
    let item = item_mut(&mut json, 122, Some("b"));
    item["presiding"] = "Lars Öberg".into();
    item["attachments"] = serde_json::json!([{"title": "Karta över Strandparken"}]);
    let long =
        "Belysningen i parken har utretts av tekniska förvaltningen i flera steg. ".repeat(120);
    item["text"] = long.into();
    let doc = lay_out(&json, Kind::Protocol);
    let text: String = doc
        .pages
        .iter()
        .flat_map(|p| &p.elements)
        .filter_map(|e| match e {
            Element::Text { run, .. } => Some(run.text.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ");
    let text = squash(&text);
    for expected in [
        // the heading
        "122 b. Svar på medborgarförslag",
        // the bilaga list
        "Karta över Strandparken (punkt 122 b)",
        // a page it continues on
        "Punkt 122 b (forts.)",
        // the chairs' paragraphs under Underskrifter
        "Lars Öberg, 122 b, 124–125",
    ] {
        assert!(text.contains(&squash(expected)), "{expected:?} is missing");
    }
    assert!(
        doc.bookmarks
            .iter()
            .any(|b| b.title.starts_with("122 b. Svar på medborgarförslag")),
        "bookmark"
    );
    let extract = lay_out(&json, picked(&["122b"]));
    assert!(
        extract.metadata.title.ends_with(" 122 b"),
        "{}",
        extract.metadata.title
    );
    let extract_text: String = extract
        .pages
        .iter()
        .flat_map(|p| &p.elements)
        .filter_map(|e| match e {
            Element::Text { run, .. } => Some(run.text.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ");
    let extract_text = squash(&extract_text);
    assert!(extract_text.contains(&squash("122 b. Svar på medborgarförslag")));
    assert!(!extract_text.contains(&squash("122 a. Svar på motion")));
}

#[test]
fn a_message_about_a_sub_paragraph_names_its_letter() {
    let dir = tempfile::tempdir().unwrap();
    let mut json = vanersby_json();
    item_mut(&mut json, 122, Some("b"))["presiding"] = "Nils Ekman".into();
    let input = dir.path().join("kf.json");
    std::fs::write(&input, json.to_string()).unwrap();
    let out = protokoll(&["check", input.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("Nils Ekman presides over item 122 b but is not among the members"),
        "{stderr}"
    );
}
