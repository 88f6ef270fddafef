//! Pagination and typesetting invariants on the samples and on a stress document: text never
//! outside the margins, lines never overlapping, no heading last on a page, every table header
//! repeated on continuation pages.

use crate::support::*;
use protokoll::layout::{Document, Element, Kind, Mark, StructChild, StructRole, Variant};
use protokoll::resources::{FolderResources, MemoryResources};

fn lay_out(
    json: &str,
    res: &dyn protokoll::resources::Resources,
) -> (Document, protokoll::layout_def::LayoutDef) {
    let prepared = protokoll::prepare(json, None, res).unwrap();
    (
        protokoll::lay_out(&prepared, &Default::default()),
        prepared.layout,
    )
}

/// Which structure role each content item belongs to.
fn roles(doc: &Document) -> Vec<Option<StructRole>> {
    let mut out = vec![None; doc.structure.contents];
    for e in &doc.structure.elems {
        for c in &e.children {
            if let StructChild::Content(n) = c {
                out[*n] = Some(e.role.clone());
            }
        }
    }
    out
}

/// Width of the visible glyphs of a run (trailing spaces do not reach the margin).
fn visible_width(run: &protokoll::layout::ShapedRun) -> f32 {
    let trimmed = run.text.trim_end().len();
    run.glyphs
        .iter()
        .filter(|g| g.range.start < trimmed)
        .map(|g| g.advance * run.size)
        .sum()
}

fn check_invariants(doc: &Document, def: &protokoll::layout_def::LayoutDef, name: &str) {
    let left = protokoll::layout::mm(def.page.margin_left_mm);
    let right = doc.page_size.0 - protokoll::layout::mm(def.page.margin_right_mm);
    let top = protokoll::layout::mm(def.page.margin_top_mm);
    let bottom = doc.page_size.1 - protokoll::layout::mm(def.page.margin_bottom_mm);
    let roles = roles(doc);
    for (p, page) in doc.pages.iter().enumerate() {
        let mut boxes: Vec<(f32, f32, f32, f32, &str)> = Vec::new();
        for e in &page.elements {
            if let Element::Text { x, y, run, .. } = e {
                let w = visible_width(run);
                assert!(
                    *x >= left - 0.01 && x + w <= right + 0.01,
                    "{name} p{p}: {:?} outside the margins ({x} + {w})",
                    run.text
                );
                assert!(
                    y - run.size * 0.8 >= top - 0.01 && y + run.size * 0.25 <= bottom + 0.01,
                    "{name} p{p}: {:?} outside the page frame at y={y}",
                    run.text
                );
                if w > 0.0 {
                    boxes.push((
                        *x,
                        y - run.size * 0.75,
                        x + w,
                        y + run.size * 0.2,
                        &run.text,
                    ));
                }
            }
        }
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let overlap_x = a.2.min(b.2) - a.0.max(b.0);
                let overlap_y = a.3.min(b.3) - a.1.max(b.1);
                assert!(
                    overlap_x <= 0.5 || overlap_y <= 0.5,
                    "{name} p{p}: {:?} overlaps {:?}",
                    a.4,
                    b.4
                );
            }
        }
        // The last real content on a page (but the last) is never a heading.
        if p + 1 < doc.pages.len() {
            let last = page.elements.iter().rev().find_map(|e| match e {
                Element::Text {
                    mark: Mark::Content(n),
                    ..
                } => Some(*n),
                _ => None,
            });
            if let Some(n) = last {
                let role = roles[n].clone();
                assert!(
                    !matches!(
                        role,
                        Some(StructRole::Heading(..)) | Some(StructRole::Title)
                    ),
                    "{name} p{p}: ends with a heading {role:?}"
                );
            }
        }
    }
}

#[test]
fn samples_keep_the_typesetting_invariants() {
    for sample in samples() {
        let json = std::fs::read_to_string(&sample).unwrap();
        let res = FolderResources::new(sample.parent().unwrap());
        let (doc, def) = lay_out(&json, &res);
        check_invariants(&doc, &def, &sample.display().to_string());
        // And in the municipal layout, with its footer, in every document kind.
        let kommun = protokoll::layout_def::LayoutDef::builtin("kommun").unwrap();
        let prepared = protokoll::prepare(&json, Some(&kommun), &res).unwrap();
        for kind in [
            Kind::Protocol,
            Kind::Notice,
            Kind::Extract(vec![prepared.checked.numbers[0]]),
        ] {
            let doc = protokoll::lay_out(&prepared, &Variant { kind, public: true });
            check_invariants(&doc, &kommun, &format!("{} (kommun)", sample.display()));
        }
    }
}

/// A long protocol with long words, long tables and many headings.
fn stress_meeting(items: usize, members: usize) -> String {
    let members_json: Vec<serde_json::Value> = (0..members)
        .map(|i| serde_json::json!({"name": format!("Ledamot Nummer{i} Långnamnsdotter-Efternamnsson"), "party": (["S", "M", "SD", "C", "V", "KD", "L", "MP"][i % 8]), "represents": "Kommunchef/Regiondirektörsgruppen för samverkansfrågor"}))
        .collect();
    let items_json: Vec<serde_json::Value> = (0..items)
        .map(|i| serde_json::json!({
            "title": format!("Ärende {i} om Kommunchef/Regiondirektörsgruppens uppdrag kring fysiska planeringsfrågor med regional bärighet"),
            "case_number": format!("KS 2024/{i}"),
            "text": "Regionala samverkansrådet har uppdragit åt https://www.example.se/mycket/lang/adress/utan/mellanslag/som/maste/brytas/någonstans att utreda.\n\n".repeat(1 + i % 4),
            "decision": "1. Rehabiliteringsinsatserna samordnas.\n2. Förslaget godkänns.",
            "votes": if i % 5 == 0 { serde_json::json!([{"question": "Bifall?", "yes": "bifall", "no": "avslag", "ballots": (0..members).map(|m| serde_json::json!({"name": format!("Ledamot Nummer{m} Långnamnsdotter-Efternamnsson"), "vote": (["yes", "no", "abstain"][m % 3])})).collect::<Vec<_>>()}]) } else { serde_json::json!([]) },
            "attachments": [{"title": format!("Bilaga till ärende {i}")}]
        }))
        .collect();
    serde_json::json!({
        "version": 1,
        "organisation": {"name": "Sjöbacka kommun"},
        "body": {"name": "Kommunfullmäktige"},
        "date": "2024-06-17",
        "place": "Fullmäktigesalen",
        "chair": {"name": "Ledamot Nummer0 Långnamnsdotter-Efternamnsson"},
        "secretary": {"name": "Sekreterare Sekreterarsson"},
        "adjusters": [{"name": "Ledamot Nummer1 Långnamnsdotter-Efternamnsson"}, {"name": "Ledamot Nummer2 Långnamnsdotter-Efternamnsson"}],
        "members": members_json,
        "items": items_json,
    })
    .to_string()
}

#[test]
fn a_long_protocol_keeps_the_typesetting_invariants() {
    let json = stress_meeting(40, 61);
    let (doc, def) = lay_out(&json, &MemoryResources::default());
    assert!(doc.pages.len() > 10);
    check_invariants(&doc, &def, "stress");
    // The 61-member table runs over a page: its header row is repeated as an artifact.
    let repeated = doc.pages.iter().skip(1).take(3).any(|p| {
        p.elements.iter().any(|e| matches!(e, Element::Text { mark: Mark::Artifact(protokoll::layout::ArtifactKind::Pagination), run, .. } if run.text.starts_with("Namn")))
    });
    assert!(
        repeated,
        "table header not repeated on the continuation page"
    );
}

#[test]
fn every_page_has_the_header_block_with_its_page_number() {
    let json = stress_meeting(10, 20);
    let (doc, _) = lay_out(&json, &MemoryResources::default());
    let n = doc.pages.len();
    for (i, page) in doc.pages.iter().enumerate() {
        let header: String = page
            .elements
            .iter()
            .filter_map(|e| match e {
                Element::Text { run, y, .. } if *y < doc.frame.0 => Some(run.text.as_str()),
                _ => None,
            })
            .collect();
        assert!(
            header.contains(&format!("Sida {} av {n}", i + 1)),
            "page {i}: {header}"
        );
        assert!(
            header.contains("Kommunfullmäktige")
                && header.contains("Sekreterare Sekreterarsson")
                && header.contains("2024-06-17"),
            "page {i}: {header}"
        );
    }
}
