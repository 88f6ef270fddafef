//! Origins: every drawn element knows the JSON path of the input it shows, and a problem the
//! PDF writer (krilla) finds is reported at that path, in words, with a hint.

use crate::support::*;
use protokoll::error::Error;
use protokoll::layout::{Document, Element};
use protokoll::render::{Conformance, PdfInfo};
use protokoll::resources::FolderResources;

fn seed_document() -> Document {
    let json = std::fs::read_to_string(seed()).unwrap();
    let res = FolderResources::new(seed().parent().unwrap());
    let prepared = protokoll::prepare(&json, None, &res).unwrap();
    protokoll::lay_out(&prepared, &Default::default())
}

/// Every text element with its origin's path, in drawing order.
fn texts(doc: &Document) -> Vec<(String, Option<String>)> {
    doc.pages
        .iter()
        .flat_map(|p| &p.elements)
        .filter_map(|e| match e {
            Element::Text { run, origin, .. } => Some((
                run.text.clone(),
                origin.map(|k| doc.origins[k as usize].clone()),
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn item_texts_name_the_input_they_show() {
    let json: serde_json::Value = load_json(&seed());
    let texts = texts(&seed_document());
    let text = json["items"][0]["text"].as_str().unwrap();
    // The first words of the first text are drawn with the first text's path.
    let first_word = text.split_whitespace().next().unwrap();
    assert!(
        texts
            .iter()
            .any(|(t, o)| t.contains(first_word) && o.as_deref() == Some("items[0].text")),
        "{texts:?}"
    );
    let title = json["items"][1]["title"].as_str().unwrap();
    assert!(
        texts
            .iter()
            .any(|(t, o)| title.starts_with(t.trim()) && o.as_deref() == Some("items[1].title")),
        "{texts:?}"
    );
    // Every path a drawn text names is a value in the input.
    let json_text = std::fs::read_to_string(seed()).unwrap();
    for path in texts.iter().filter_map(|(_, o)| o.as_ref()) {
        assert!(
            protokoll::locate::position(&json_text, path).is_some(),
            "{path} is not in the input"
        );
    }
}

#[test]
fn a_finding_of_the_pdf_writer_names_the_json_path() {
    let mut doc = seed_document();
    // A glyph the font does not have (.notdef) in the second item's text: krilla refuses
    // it for PDF/A, and the refusal must name that text.
    let target = doc
        .origins
        .iter()
        .position(|p| p == "items[1].text")
        .expect("the seed's second item has a text") as u32;
    let element = doc
        .pages
        .iter_mut()
        .flat_map(|p| &mut p.elements)
        .find_map(|e| match e {
            Element::Text { run, origin, .. } if *origin == Some(target) => Some(run),
            _ => None,
        })
        .expect("the text is drawn");
    element.glyphs[0].id = 0;
    let info = PdfInfo {
        document_id: "test".into(),
        source: None,
    };
    match protokoll::render::render(&doc, Conformance::A2a, &info) {
        Err(Error::Input(found)) => {
            assert!(!found.is_empty());
            for d in &found {
                assert_eq!(d.path, "items[1].text", "{d:?}");
                assert!(d.hint.is_some(), "{d:?}");
                assert!(!d.message.contains("ContainsNotDefGlyph"), "{d:?}");
            }
        }
        other => panic!("expected a finding at items[1].text, got {other:?}"),
    }
}
