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
            Kind::Extract(vec![prepared.checked.numbers[0].into()]),
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

/// Lines of `text` broken at `width`: (text without the inserted hyphen, hyphenated).
fn broken(
    engine: &mut protokoll::layout::TextEngine,
    text: &str,
    width: f32,
) -> Vec<(String, bool)> {
    use protokoll::fonts::{Face, Family};
    use protokoll::layout::text::StyledText;
    let piece = StyledText::new(text, Face::of(Family::Serif, false, false), 11.0);
    engine
        .break_lines(&[piece], width)
        .iter()
        .map(|l| {
            let t: String = l.runs.iter().map(|(_, r)| r.text.as_str()).collect();
            (t.replace('\u{AD}', ""), t.ends_with('\u{AD}'))
        })
        .collect()
}

#[test]
fn data_and_names_are_never_broken_at_any_width() {
    let names = [
        "Johansson-Wennerström",
        "Sjöbacka Fastigheter AB",
        "Regionstyrelsen",
    ];
    // Broken nowhere inside; the URL only after a slash of its path.
    let whole = [
        "2026-12-31",
        "kl. 13.15–16.40",
        "§§ 48–49",
        "KS 2024/1234",
        "registrator@sjobacka.se",
    ];
    let url = "https://www.sjobacka.se/kommun/2023-ars-redovisning-slutversion.pdf";
    let text = format!(
        "Anna Johansson-Wennerström föreslår att Sjöbacka Fastigheter AB får uppdraget till och med 2026-12-31, \
         se {url} och ärende KS 2024/1234 samt §§ 48–49; sammanträdet pågick kl. 13.15–16.40. \
         Frågor besvaras av registrator@sjobacka.se. Regionstyrelsen beslutar om rehabiliteringsinsatserna."
    );
    let mut engine = protokoll::layout::TextEngine::new();
    engine.set_names(names.iter().map(|s| s.to_string()).collect());
    let mut hyphenated = 0;
    // From the width where the longest unbreakable piece (the URL's file name) fits a line.
    for width in (180..=480).step_by(2) {
        let lines = broken(&mut engine, &text, width as f32);
        // Where the lines end, in the text without spaces.
        let mut joined = String::new();
        let mut ends = Vec::new();
        for (t, hyphen) in &lines {
            joined.push_str(&t.replace(' ', ""));
            ends.push((joined.len(), *hyphen));
            hyphenated += *hyphen as usize;
        }
        for (at, hyphen) in &ends[..ends.len() - 1] {
            let inside = |token: &str| {
                let token = token.replace(' ', "");
                joined
                    .match_indices(&token)
                    .any(|(i, _)| i < *at && *at < i + token.len())
            };
            for t in whole {
                assert!(!inside(t), "width {width}: {t:?} broken: {lines:?}");
            }
            for n in names {
                assert!(!(*hyphen && inside(n)), "width {width}: {n:?} hyphenated");
            }
            if inside(url) {
                assert!(
                    !hyphen && joined[..*at].ends_with('/'),
                    "width {width}: {lines:?}"
                );
            }
        }
        // No two hyphenated lines in a row, and the last line is never a word's fragment.
        assert!(
            !ends.windows(2).any(|w| w[0].1 && w[1].1),
            "width {width}: {lines:?}"
        );
        let n = lines.len();
        assert!(
            n < 2 || !lines[n - 2].1,
            "width {width}: last line a fragment: {lines:?}"
        );
    }
    assert!(
        hyphenated > 0,
        "the text never needed a hyphen: the test proves nothing"
    );
}

/// For every content item: its structure element, and each element's parent.
fn owners(doc: &Document) -> (Vec<usize>, Vec<Option<usize>>) {
    let mut owner = vec![usize::MAX; doc.structure.contents];
    let mut parent = vec![None; doc.structure.elems.len()];
    for (id, e) in doc.structure.elems.iter().enumerate() {
        for c in &e.children {
            match c {
                StructChild::Content(n) => owner[*n] = id,
                StructChild::Elem(k) => parent[*k] = Some(id),
                StructChild::Annotation(_) => {}
            }
        }
    }
    (owner, parent)
}

/// Checks every page break: a paragraph split leaves at least two lines on each side, a
/// table at least two rows, a list at least two items.
fn check_breaks(doc: &Document, name: &str) {
    let (owner, parent) = owners(doc);
    let ancestors = |mut e: usize| {
        let mut out = vec![e];
        while let Some(p) = parent[e] {
            out.push(p);
            e = p;
        }
        out
    };
    // (element, unit) for the content on a page: the unit is a line (its baseline) for a
    // paragraph, the TR for a table, the LI for a list.
    let units = |page: &protokoll::layout::Page, container: usize| {
        let mut seen: Vec<String> = Vec::new();
        for e in &page.elements {
            if let Element::Text {
                mark: Mark::Content(n),
                y,
                ..
            } = e
            {
                let chain = ancestors(owner[*n]);
                if let Some(pos) = chain.iter().position(|&a| a == container) {
                    let unit = match doc.structure.elems[container].role {
                        StructRole::P => format!("{y:.1}"),
                        _ if pos >= 1 => chain[pos - 1].to_string(),
                        _ => continue,
                    };
                    if !seen.contains(&unit) {
                        seen.push(unit);
                    }
                }
            }
        }
        seen.len()
    };
    let content_at = |page: &protokoll::layout::Page, last: bool| {
        let mut it = page.elements.iter().filter_map(|e| match e {
            Element::Text {
                mark: Mark::Content(n),
                ..
            } => Some(*n),
            _ => None,
        });
        if last {
            it.next_back()
        } else {
            it.next()
        }
    };
    for p in 0..doc.pages.len().saturating_sub(1) {
        let (Some(a), Some(b)) = (
            content_at(&doc.pages[p], true),
            content_at(&doc.pages[p + 1], false),
        ) else {
            continue;
        };
        let (ca, cb) = (ancestors(owner[a]), ancestors(owner[b]));
        // The innermost paragraph, table or list that runs over the break.
        let Some(&shared) = ca.iter().find(|e| {
            cb.contains(e)
                && matches!(
                    doc.structure.elems[**e].role,
                    StructRole::P | StructRole::Table | StructRole::TableBody | StructRole::List(_)
                )
        }) else {
            continue;
        };
        let container = if doc.structure.elems[shared].role == StructRole::Table {
            // Rows are the TBody's children.
            match doc.structure.elems[shared]
                .children
                .iter()
                .find_map(|c| match c {
                    StructChild::Elem(k)
                        if doc.structure.elems[*k].role == StructRole::TableBody =>
                    {
                        Some(*k)
                    }
                    _ => None,
                }) {
                Some(body) => body,
                None => continue,
            }
        } else {
            shared
        };
        let (before, after) = (
            units(&doc.pages[p], container),
            units(&doc.pages[p + 1], container),
        );
        assert!(
            before >= 2 && after >= 2,
            "{name}: page {} breaks a {:?} leaving {before} before and {after} after",
            p + 1,
            doc.structure.elems[shared].role
        );
    }
}

#[test]
fn page_breaks_leave_two_lines_rows_and_items_on_each_side() {
    // Widow and orphan control, tables and lists, in the samples and in long protocols.
    let mut docs = Vec::new();
    for sample in samples() {
        let json = std::fs::read_to_string(&sample).unwrap();
        let res = FolderResources::new(sample.parent().unwrap());
        for layout in ["kommun", "samverkan"] {
            let def = protokoll::layout_def::LayoutDef::builtin(layout).unwrap();
            let prepared = protokoll::prepare(&json, Some(&def), &res).unwrap();
            docs.push((
                format!("{} ({layout})", sample.display()),
                protokoll::lay_out(&prepared, &Variant::default()),
            ));
        }
    }
    for (items, members) in [(40, 61), (25, 17), (12, 33)] {
        let json = stress_meeting(items, members);
        let (doc, _) = lay_out(&json, &MemoryResources::default());
        docs.push((format!("stress {items}/{members}"), doc));
    }
    let mut split = 0;
    for (name, doc) in &docs {
        check_breaks(doc, name);
        split += doc.pages.len();
    }
    assert!(split > 40);
}

#[test]
fn an_extract_keeps_its_certification_and_signature_on_one_page() {
    for sample in samples() {
        let json = std::fs::read_to_string(&sample).unwrap();
        let res = FolderResources::new(sample.parent().unwrap());
        let def = protokoll::layout_def::LayoutDef::builtin("kommun").unwrap();
        let prepared = protokoll::prepare(&json, Some(&def), &res).unwrap();
        // Every single item, and growing runs of items: the certification lands at every
        // height of a page.
        let numbers = prepared.checked.numbers.clone();
        let mut picks: Vec<Vec<u32>> = numbers.iter().map(|n| vec![*n]).collect();
        picks.extend((1..=numbers.len()).map(|k| numbers[..k].to_vec()));
        for pick in picks {
            let variant = Variant {
                kind: Kind::Extract(pick.iter().map(|&n| n.into()).collect()),
                public: false,
            };
            let doc = protokoll::lay_out(&prepared, &variant);
            let slot = doc
                .signature_slots
                .iter()
                .find(|s| s.field == "utdragsbestyrkande")
                .unwrap();
            let text_page = doc.pages.iter().position(|p| {
                p.elements.iter().any(
                    |e| matches!(e, Element::Text { run, .. } if run.text.starts_with("Utdraget")),
                )
            });
            assert_eq!(text_page, Some(slot.page), "{} {pick:?}", sample.display());
        }
    }
}

#[test]
fn the_footer_has_equal_initial_boxes_for_the_chair_and_every_adjuster() {
    let json = stress_meeting(3, 5);
    let (doc, _) = lay_out(&json, &MemoryResources::default());
    for page in &doc.pages {
        let labels: Vec<(f32, f32, &str)> = page
            .elements
            .iter()
            .filter_map(|e| match e {
                Element::Text {
                    x,
                    y,
                    run,
                    mark: Mark::Artifact(protokoll::layout::ArtifactKind::Footer),
                    ..
                } => Some((*x, *y, run.text.as_str())),
                _ => None,
            })
            .collect();
        let names: Vec<&str> = labels.iter().map(|l| l.2).collect();
        assert_eq!(
            names,
            ["Ordf sign", "Just sign", "Just sign", "Utdragsbestyrkande"]
        );
        // The boxes: the horizontal rules below the labels, one bottom edge per box.
        let label_y = labels[0].1;
        let bottom = page
            .elements
            .iter()
            .filter_map(|e| match e {
                Element::Rule { from, to, .. } if from.1 == to.1 && from.1 > label_y => {
                    Some(from.1)
                }
                _ => None,
            })
            .fold(0.0, f32::max);
        let mut widths: Vec<f32> = page
            .elements
            .iter()
            .filter_map(|e| match e {
                Element::Rule { from, to, .. } if from.1 == bottom && to.1 == bottom => {
                    Some((to.0 - from.0).abs())
                }
                _ => None,
            })
            .collect();
        widths.pop(); // the extract box
        assert_eq!(widths.len(), 3);
        assert!(
            widths.iter().all(|w| (w - widths[0]).abs() < 0.01),
            "{widths:?}"
        );
        // Each label sits above its box's writing space.
        let top = bottom - protokoll::layout::mm(9.0);
        assert!(labels.iter().all(|l| l.1 < top), "labels inside the boxes");
    }
}

#[test]
fn the_61_member_meeting_is_set_compactly() {
    // It took 13 pages, a roll call three of them, rows 19 pt apart for 11 pt text.
    let sample = sample("kommunfullmaktige-2024");
    let json = std::fs::read_to_string(&sample).unwrap();
    let (doc, _) = lay_out(&json, &FolderResources::new(sample.parent().unwrap()));
    // 12 since § 64 (eleven lines) moves whole to the next page, as layouts.md promises.
    assert!(doc.pages.len() <= 12, "{} pages", doc.pages.len());
    // The roll call: two halves on each page it takes, rows close to the text size (seen on
    // its fullest page: where it starts depends on the items before it).
    let page = doc
        .pages
        .iter()
        .filter(|p| {
            p.elements
                .iter()
                .any(|e| matches!(e, Element::Text { run, .. } if run.text.starts_with("Ledamot")))
        })
        .max_by_key(|p| p.elements.len())
        .unwrap();
    let ledamot: Vec<(f32, f32)> = page
        .elements
        .iter()
        .filter_map(|e| match e {
            Element::Text { x, y, run, .. } if run.text.starts_with("Ledamot") => Some((*x, *y)),
            _ => None,
        })
        .collect();
    assert_eq!(ledamot.len(), 2, "two halves");
    let mut ys: Vec<f32> = page
        .elements
        .iter()
        .filter_map(|e| match e {
            Element::Text { x, y, run, .. }
                if (*x - ledamot[0].0).abs() < 3.0 && *y > ledamot[0].1 && run.size > 10.0 =>
            {
                Some(*y)
            }
            _ => None,
        })
        .collect();
    ys.dedup();
    let steps: Vec<f32> = ys.windows(2).map(|w| w[1] - w[0]).collect();
    // Since § 64 moved whole to page 4 the roll call starts lower on page 5 and its 31 rows
    // a half take two pages (at least 15 on the fuller one).
    assert!(steps.len() >= 15, "{steps:?}");
    assert!(steps.iter().all(|s| *s < 16.5), "{steps:?}");
}
