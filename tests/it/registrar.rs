//! What a registrar found in the output, each as a case that fails when the defect returns:
//! web and e-mail addresses as tagged link annotations over their text; no page opening in
//! the middle of an item without saying which ("§ 48 (forts.)"); vote alternatives and the
//! last protokollsanteckning kept with their neighbours; one value column on the front page;
//! a public version that says what it is and carries no live signature fields; an extract
//! whose certification stands with the end of its last item; bookmarks that open without the
//! fields step; a notice that claims nothing its data does not hold; "§§" before a range.

use crate::support::*;
use lopdf::{Object, ObjectId};
use protokoll::layout::{Document, Element, Kind, Mark, StructChild, StructRole as Role, Variant};
use protokoll::resources::FolderResources;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The document `variant` of `json` (a sample's folder for its files), in `layout`.
fn lay_out(json: &Value, folder: &Path, layout: &str, variant: &Variant) -> Document {
    let mut json = json.clone();
    json["layout"] = layout.into();
    let res = FolderResources::new(folder);
    let prepared = protokoll::prepare(&json.to_string(), None, &res).unwrap();
    protokoll::lay_out(&prepared, variant)
}

/// Every sample in every shipped layout, and long generated meetings, as whole protocols.
fn protocols() -> Vec<(String, Document)> {
    let mut out = Vec::new();
    for s in samples() {
        for layout in ["kommun", "samverkan", "kommunfullmaktige"] {
            let doc = lay_out(
                &load_json(&s),
                s.parent().unwrap(),
                layout,
                &Variant::default(),
            );
            out.push((format!("{} ({layout})", s.display()), doc));
        }
    }
    for (seed, items) in [(3, 30), (11, 12), (5, 45)] {
        let json = protokoll::synthetic::meeting(seed, items);
        let doc = lay_out(&json, Path::new("."), "kommun", &Variant::default());
        out.push((format!("generated {seed}/{items}"), doc));
    }
    out
}

/// The parent of every structure element, and the element of every content item.
fn tree_links(doc: &Document) -> (Vec<Option<usize>>, Vec<usize>) {
    let mut parent = vec![None; doc.structure.elems.len()];
    let mut owner = vec![usize::MAX; doc.structure.contents];
    for (id, e) in doc.structure.elems.iter().enumerate() {
        for c in &e.children {
            match c {
                StructChild::Elem(k) => parent[*k] = Some(id),
                StructChild::Content(n) => owner[*n] = id,
                StructChild::Annotation(_) => {}
            }
        }
    }
    (parent, owner)
}

/// The item section (a Section whose first child is an H2 "§ 45 …") of each content item.
fn item_of_content(doc: &Document) -> Vec<Option<(usize, String)>> {
    let (parent, owner) = tree_links(doc);
    let heading_of = |section: usize| {
        doc.structure.elems[section]
            .children
            .iter()
            .find_map(|c| match c {
                StructChild::Elem(k) => match &doc.structure.elems[*k].role {
                    // "§ 45 …", "KF § 45 …" (an organ prefix, format 1.1) or "4. …": an
                    // item, not a closing block.
                    Role::Heading(2, t)
                        if t.contains('§')
                            || t.starts_with(['1', '2', '3', '4', '5', '6', '7', '8', '9']) =>
                    {
                        Some(t.clone())
                    }
                    _ => None,
                },
                _ => None,
            })
    };
    owner
        .iter()
        .map(|&o| {
            let mut e = Some(o).filter(|&o| o != usize::MAX);
            while let Some(id) = e {
                if doc.structure.elems[id].role == Role::Section && parent[id].is_none() {
                    return heading_of(id).map(|h| (id, h));
                }
                e = parent[id];
            }
            None
        })
        .collect()
}

/// (page, baseline, content item) of every content text, in page order.
fn content_lines(doc: &Document) -> Vec<(usize, f32, usize)> {
    let mut out = Vec::new();
    for (p, page) in doc.pages.iter().enumerate() {
        for e in &page.elements {
            if let Element::Text {
                y,
                mark: Mark::Content(n),
                ..
            } = e
            {
                out.push((p, *y, *n));
            }
        }
    }
    out
}

#[test]
fn a_page_never_opens_inside_an_item_without_naming_it_and_short_items_stay_whole() {
    let mut continued = 0;
    for (name, doc) in protocols() {
        let items = item_of_content(&doc);
        let lines = content_lines(&doc);
        // Short items (twelve lines or fewer, as layouts.md promises): all lines (distinct
        // baselines) on one page.
        let mut by_item: std::collections::BTreeMap<usize, Vec<(usize, i64)>> = Default::default();
        for &(p, y, n) in &lines {
            if let Some((section, _)) = &items[n] {
                let key = (p, (y * 10.0).round() as i64);
                let v = by_item.entry(*section).or_default();
                if !v.contains(&key) {
                    v.push(key);
                }
            }
        }
        for (section, keys) in &by_item {
            let pages: std::collections::BTreeSet<usize> = keys.iter().map(|k| k.0).collect();
            assert!(
                keys.len() > 12 || pages.len() == 1,
                "{name}: an item of {} lines is split over pages {pages:?} (section {section})",
                keys.len()
            );
        }
        // A page that opens inside an item says so above its first line.
        for p in 1..doc.pages.len() {
            let Some(&(_, first_y, first)) = lines.iter().find(|l| l.0 == p) else {
                continue;
            };
            let Some((section, heading)) = &items[first] else {
                continue;
            };
            let began_before = lines
                .iter()
                .any(|&(q, _, n)| q < p && items[n].as_ref().is_some_and(|i| i.0 == *section));
            if !began_before {
                continue;
            }
            // "§ 48" ("KF § 48" with an organ prefix), or "Punkt 4" for "4." (plain numbering).
            let words: Vec<&str> = heading.split(' ').collect();
            let number = match words.iter().position(|w| *w == "§") {
                Some(k) => words[..k + 2].join(" "),
                None => format!("unkt {}", words[0].trim_end_matches('.')),
            };
            let number = number.as_str();
            let says = doc.pages[p].elements.iter().any(|e| {
                matches!(e, Element::Text { y, run, mark: Mark::Artifact(_), .. }
                    if *y < first_y && run.text.contains("(forts.)") && run.text.contains(number))
            });
            assert!(
                says,
                "{name}: page {} opens inside {heading:?} without \"{number} (forts.)\"",
                p + 1
            );
            continued += 1;
        }
    }
    assert!(
        continued > 5,
        "no item ran over a page: the test proves nothing"
    );
}

/// Lines of the blocks under each level-3 heading starting with `prefix`: the heading's and
/// those of the siblings after it up to the next heading, as (page, baseline).
fn blocks_after(doc: &Document, prefix: &str) -> Vec<Vec<(usize, i64)>> {
    let (_, owner) = tree_links(doc);
    let mut position = vec![Vec::new(); doc.structure.elems.len()];
    for (p, y, n) in content_lines(doc) {
        let key = (p, (y * 10.0).round() as i64);
        if !position[owner[n]].contains(&key) {
            position[owner[n]].push(key);
        }
    }
    // Lines of an element and everything under it.
    fn under(
        doc: &Document,
        id: usize,
        position: &[Vec<(usize, i64)>],
        out: &mut Vec<(usize, i64)>,
    ) {
        for k in &position[id] {
            if !out.contains(k) {
                out.push(*k);
            }
        }
        for c in &doc.structure.elems[id].children {
            if let StructChild::Elem(k) = c {
                under(doc, *k, position, out);
            }
        }
    }
    let mut out = Vec::new();
    for e in &doc.structure.elems {
        let kids: Vec<usize> = e
            .children
            .iter()
            .filter_map(|c| match c {
                StructChild::Elem(k) => Some(*k),
                _ => None,
            })
            .collect();
        for (i, &k) in kids.iter().enumerate() {
            let Role::Heading(3, t) = &doc.structure.elems[k].role else {
                continue;
            };
            if !t.starts_with(prefix) {
                continue;
            }
            let mut lines = Vec::new();
            under(doc, k, &position, &mut lines);
            for &s in &kids[i + 1..] {
                if matches!(doc.structure.elems[s].role, Role::Heading(..)) {
                    break;
                }
                under(doc, s, &position, &mut lines);
            }
            lines.sort();
            out.push(lines);
        }
    }
    out
}

#[test]
fn vote_alternatives_stay_together_and_no_note_stands_alone() {
    let mut votes = 0;
    let mut notes = 0;
    for (name, doc) in protocols() {
        // "Ja-röst för …" and "Nej-röst för …" on one page.
        for (p, page) in doc.pages.iter().enumerate() {
            for e in &page.elements {
                let Element::Text { run, .. } = e else {
                    continue;
                };
                if !run.text.starts_with("Ja-röst") {
                    continue;
                }
                votes += 1;
                let no_here = page.elements.iter().any(
                    |e| matches!(e, Element::Text { run, .. } if run.text.starts_with("Nej-röst")),
                );
                assert!(
                    no_here,
                    "{name}: page {} has Ja-röst without Nej-röst",
                    p + 1
                );
            }
        }
        // Protokollsanteckningar: the heading with the first two lines, and the last two
        // lines, on one page each.
        for lines in blocks_after(&doc, "Protokollsanteckning") {
            notes += 1;
            let n = lines.len();
            assert!(n >= 2, "{name}: a note block of one line");
            assert_eq!(
                lines[0].0,
                lines[n.min(3) - 1].0,
                "{name}: a note heading without two lines under it"
            );
            assert_eq!(
                lines[n - 2].0,
                lines[n - 1].0,
                "{name}: the last protokollsanteckning line alone at a page top"
            );
        }
    }
    assert!(votes > 2 && notes > 2, "{votes} votes, {notes} notes");
}

#[test]
fn the_front_page_has_one_value_column() {
    for s in samples() {
        let doc = lay_out(
            &load_json(&s),
            s.parent().unwrap(),
            "kommun",
            &Variant::default(),
        );
        let page = &doc.pages[0];
        let mut xs = Vec::new();
        for label in [
            "Plats och tid",
            "Ajournering",
            "Beslutande",
            "Övriga närvarande",
            "Utses att justera",
            "Justeringens plats och tid",
        ] {
            let Some((lx, ly, lw)) = page.elements.iter().find_map(|e| match e {
                Element::Text { x, y, run, .. }
                    if run.text.trim_end().trim_end_matches(':') == label =>
                {
                    Some((*x, *y, run.width))
                }
                _ => None,
            }) else {
                continue;
            };
            let value_x = page
                .elements
                .iter()
                .filter_map(|e| match e {
                    Element::Text { x, y, run, .. }
                        if (y - ly).abs() < 0.5
                            && *x > lx + lw - 0.5
                            && !run.text.trim().is_empty() =>
                    {
                        Some(*x)
                    }
                    _ => None,
                })
                .fold(f32::INFINITY, f32::min);
            // A heading of that name (the attendance tables on page 1) has no value beside it.
            if value_x.is_finite() {
                xs.push((label, value_x));
            }
        }
        assert!(xs.len() >= 3, "{}: {xs:?}", s.display());
        for (label, x) in &xs {
            assert!(
                (x - xs[0].1).abs() < 0.5,
                "{}: the value of {label:?} stands at x={x}, not at {} like {:?}",
                s.display(),
                xs[0].1,
                xs[0].0
            );
        }
    }
}

fn pdf_title(pdf: &Path) -> String {
    pdfinfo_value(pdf, "Title").unwrap_or_default()
}

#[test]
fn the_public_version_says_what_it_is_and_cannot_be_signed() {
    let dir = tempfile::tempdir().unwrap();
    for (s, withheld) in [(sample("kommunstyrelsen"), true), (seed(), false)] {
        for kind in ["render", "extract"] {
            let pdf = dir.path().join(format!("{kind}.pdf"));
            let mut args = vec![
                kind,
                s.to_str().unwrap(),
                "--public",
                "-o",
                pdf.to_str().unwrap(),
            ];
            if kind == "extract" {
                // § 52 of kommunstyrelsen is confidential; item 1 of the seed is not.
                args.extend(["--item", if withheld { "52" } else { "1" }]);
            }
            let out = protokoll(&args);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            // A copy for publication: nothing in it can be signed.
            assert_eq!(
                signature_fields(&pdf),
                Vec::<Value>::new(),
                "{kind} {}",
                s.display()
            );
            let full = dir.path().join("full.pdf");
            let mut args: Vec<&str> = args.iter().copied().filter(|a| *a != "--public").collect();
            let o = args.iter().position(|a| *a == "-o").unwrap();
            args[o + 1] = full.to_str().unwrap();
            assert!(protokoll(&args).status.success());
            assert!(
                !signature_fields(&full).is_empty(),
                "the full version lost its fields"
            );
            if !have("pdftotext") {
                continue;
            }
            let title = pdf_title(&pdf);
            assert!(title.ends_with("– offentlig version"), "{title}");
            assert!(
                !pdf_title(&full).contains("offentlig"),
                "{}",
                pdf_title(&full)
            );
            let front = squash(&extracted_text(&pdf, None));
            assert!(
                front.contains(&squash("– offentlig version")),
                "{kind}: no title on the page"
            );
            let says_withheld = front.contains(&squash("har utelämnats"));
            assert_eq!(says_withheld, withheld, "{kind} {}", s.display());
        }
    }
}

#[test]
fn an_extracts_certification_stands_with_the_end_of_its_last_item() {
    for s in samples() {
        let json = load_json(&s);
        let res = FolderResources::new(s.parent().unwrap());
        let mut json = json.clone();
        json["layout"] = "kommun".into();
        let prepared = protokoll::prepare(&json.to_string(), None, &res).unwrap();
        let numbers = prepared.checked.numbers.clone();
        let mut picks: Vec<Vec<u32>> = numbers.iter().map(|n| vec![*n]).collect();
        picks.extend((1..=numbers.len()).map(|k| numbers[..k].to_vec()));
        picks.extend(numbers.windows(3).map(|w| vec![w[0], w[2]]));
        for pick in picks {
            let variant = Variant {
                kind: Kind::Extract(pick.iter().map(|&n| n.into()).collect()),
                public: false,
            };
            let doc = protokoll::lay_out(&prepared, &variant);
            let items = item_of_content(&doc);
            let slot = doc
                .signature_slots
                .iter()
                .find(|s| s.field == "utdragsbestyrkande")
                .unwrap();
            let item_text_there = doc.pages[slot.page].elements.iter().any(|e| {
                matches!(e, Element::Text { mark: Mark::Content(n), .. } if items[*n].is_some())
            });
            assert!(
                item_text_there,
                "{} {pick:?}: the certification stands on page {} without item text",
                s.display(),
                slot.page + 1
            );
        }
    }
}

#[test]
fn an_extract_of_an_adjusted_protocol_names_its_adjusters_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let s = sample("kommunstyrelsen");
    assert!(load_json(&s)["adjustment"]["date"].is_string());
    let pdf = dir.path().join("x.pdf");
    let Some(text) = written_text(&["extract", s.to_str().unwrap(), "--item", "48"], &pdf) else {
        return;
    };
    assert!(!text.contains(&squash("Utses att justera")), "{text}");
    assert!(
        text.contains(&squash("Justerare Per Holmgren"))
            || text.contains(&squash("Justerare: Per Holmgren")),
        "{text}"
    );
    assert!(text.contains(&squash("Justerade paragrafer")), "{text}");
}

fn catalog_page_mode(pdf: &Path) -> Option<Vec<u8>> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    catalog
        .get(b"PageMode")
        .ok()
        .and_then(|m| m.as_name().ok())
        .map(<[u8]>::to_vec)
}

#[test]
fn bookmarks_open_with_or_without_the_fields_step() {
    let dir = tempfile::tempdir().unwrap();
    for extra in [&[][..], &["--no-fields"], &["--pdfa", "2b", "--no-fields"]] {
        let pdf = dir.path().join("x.pdf");
        render(&seed(), &pdf, extra);
        assert_eq!(
            catalog_page_mode(&pdf).as_deref(),
            Some(&b"UseOutlines"[..]),
            "{extra:?}"
        );
        assert_qpdf_clean(&pdf);
    }
    // PDF/A-1b gets no outline (Preflight refuses krilla's destinations there), so no mode.
    let pdf = dir.path().join("1b.pdf");
    render(&seed(), &pdf, &["--pdfa", "1b", "--no-fields"]);
    assert_eq!(catalog_page_mode(&pdf), None);
}

/// The catalog's `/PageMode` is set and the poppler-troubling `/Suspects false` removed by
/// changing krilla's catalog in place; a meeting whose text reads exactly like those
/// entries (in ASCII, so that it is written into the file as it stands: bookmark titles,
/// alternate texts) must still render, be printed as typed, and leave the catalog right.
#[test]
fn a_text_that_reads_like_catalog_entries_is_printed_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let mut json = load_json(&seed());
    let title = "Plan /PageLayout/OneColumn /MarkInfo<</Marked true/Suspects false>>";
    json["items"][0]["title"] = Value::from(title);
    let input = dir.path().join("m.json");
    std::fs::write(&input, json.to_string()).unwrap();
    for extra in [&[][..], &["--no-fields"]] {
        let pdf = dir.path().join("x.pdf");
        render(&input, &pdf, extra);
        let bytes = std::fs::read(&pdf).unwrap();
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let catalog = doc.catalog().unwrap();
        assert_eq!(
            catalog.get(b"PageMode").unwrap().as_name().unwrap(),
            b"UseOutlines"
        );
        assert!(catalog.get(b"PageLayout").is_err(), "{extra:?}");
        let mark_info = catalog.get(b"MarkInfo").unwrap().as_dict().unwrap();
        assert!(mark_info.get(b"Marked").unwrap().as_bool().unwrap());
        assert!(mark_info.get(b"Suspects").is_err(), "{extra:?}");
        // The title is in the file as typed, more than once (bookmark, structure).
        let typed = memchr::memmem::find_iter(&bytes, "Plan /PageLayout/OneColumn").count();
        assert!(
            typed >= 1,
            "{extra:?}: the title is not in the file as typed"
        );
        assert_qpdf_clean(&pdf);
        if have("pdftotext") {
            assert!(squash(&extracted_text(&pdf, None)).contains(&squash(title)));
        }
    }
}

#[test]
fn the_notice_claims_no_announcement_without_a_posting_date() {
    let dir = tempfile::tempdir().unwrap();
    let seed_path = seed();
    let json = load_json(&seed_path);
    assert!(json.get("notice").is_none() && json["adjustment"]["date"].is_string());
    for (kind, layout) in [
        ("notice", "kommun"),
        ("render", "kommun"),
        ("notice", "samverkan"),
    ] {
        let pdf = dir.path().join("n.pdf");
        let args = [kind, seed_path.to_str().unwrap(), "--layout", layout];
        let Some(text) = written_text(&args, &pdf) else {
            return;
        };
        assert!(
            !text.contains(&squash("har tillkännagivits")),
            "{kind} {layout}: {text}"
        );
        assert!(
            text.contains(&squash("Protokollet är justerat")),
            "{kind} {layout}"
        );
    }
    // With a posting date, the announcement has been made.
    let mut posted = json.clone();
    posted["notice"] = serde_json::json!({"posted": "2020-10-09"});
    let input = dir.path().join("posted.json");
    std::fs::write(&input, posted.to_string()).unwrap();
    let pdf = dir.path().join("p.pdf");
    if let Some(text) = written_text(&["notice", input.to_str().unwrap()], &pdf) {
        assert!(
            text.contains(&squash("Justeringen har tillkännagivits genom anslag")),
            "{text}"
        );
    }
}

#[test]
fn paragraph_ranges_read_with_double_signs_and_references_follow_the_title() {
    let dir = tempfile::tempdir().unwrap();
    if !have("pdftotext") {
        return;
    }
    let pdf = dir.path().join("ks.pdf");
    let ks = sample("kommunstyrelsen");
    assert!(std::fs::read_to_string(&ks).unwrap().contains("§ 48–49"));
    render(&ks, &pdf, &[]);
    let (_, text) = run("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("§§ 48–49"), "{text}");
    assert!(!text.replace("§§", "").contains("§ 48–49"), "{text}");
    let pdf = dir.path().join("seed.pdf");
    render(&seed(), &pdf, &[]);
    let (_, text) = run("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("föredragningen (punkt 4)"), "{text}");
    assert!(!text.contains(". (punkt"), "{text}");
}

// ---- links ---------------------------------------------------------------------------------

const URL: &str = "https://www.regionorebrolan.se/sv/regional-utveckling/samverkan/regionalt-samverkansrad/protokoll/2020-09-25-bilagor.pdf";
const MAIL: &str = "registrator@regionorebrolan.se";

/// The seed with a long web address (broken over two lines) and an e-mail address in the
/// text of its item 4.
fn seed_with_links(dir: &Path) -> PathBuf {
    let mut json = load_json(&seed());
    let text = json["items"][3]["text"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    json["items"][3]["text"] =
        format!("{text}\n\nHandlingarna finns på {URL}. Frågor besvaras av {MAIL}.").into();
    let path = dir.join("links.json");
    std::fs::write(&path, json.to_string()).unwrap();
    path
}

struct LinkAnnot {
    id: ObjectId,
    page: usize,
    uri: String,
    contents: String,
    rect: [f32; 4],
}

/// The link annotations of every page; `tabs`: their pages must have `/Tabs /S` (PDF 1.5 on;
/// PDF/A-1b is PDF 1.4, which has no such key).
fn link_annotations(doc: &lopdf::Document, tabs: bool) -> Vec<LinkAnnot> {
    let mut out = Vec::new();
    for (p, page_id) in doc.get_pages() {
        let page = doc.get_dictionary(page_id).unwrap();
        let Ok(annots) = page.get(b"Annots").and_then(Object::as_array) else {
            continue;
        };
        for a in annots {
            let id = a.as_reference().unwrap();
            let d = doc.get_dictionary(id).unwrap();
            if d.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Link") {
                continue;
            }
            if tabs {
                assert_eq!(
                    page.get(b"Tabs").and_then(Object::as_name).ok(),
                    Some(&b"S"[..]),
                    "a page with links must have /Tabs /S"
                );
            }
            assert!(
                d.get(b"StructParent").is_ok(),
                "a link without /StructParent"
            );
            let action = d.get(b"A").and_then(Object::as_dict).unwrap();
            let uri =
                String::from_utf8_lossy(action.get(b"URI").unwrap().as_str().unwrap()).into_owned();
            let contents = lopdf::decode_text_string(d.get(b"Contents").unwrap()).unwrap();
            let r: Vec<f32> = d
                .get(b"Rect")
                .and_then(Object::as_array)
                .unwrap()
                .iter()
                .map(|v| v.as_float().unwrap())
                .collect();
            out.push(LinkAnnot {
                id,
                page: p as usize,
                uri,
                contents,
                rect: [r[0], r[1], r[2], r[3]],
            });
        }
    }
    out
}

/// The /Link structure elements: each one's annotation references and whether it has
/// marked content (the link text) of its own.
fn link_elements(doc: &lopdf::Document) -> Vec<(Vec<ObjectId>, bool)> {
    let mut out = Vec::new();
    for obj in doc.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"S").and_then(Object::as_name).ok() != Some(b"Link") {
            continue;
        }
        let kids: Vec<Object> = match d.get(b"K") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(o) => vec![o.clone()],
            Err(_) => Vec::new(),
        };
        let mut objr = Vec::new();
        let mut text = false;
        for k in kids {
            let k = match &k {
                Object::Reference(r) => doc.get_object(*r).unwrap().clone(),
                o => o.clone(),
            };
            match &k {
                Object::Integer(_) => text = true,
                Object::Dictionary(kd) => match kd.get(b"Type").and_then(Object::as_name).ok() {
                    Some(b"OBJR") => objr.push(kd.get(b"Obj").unwrap().as_reference().unwrap()),
                    Some(b"MCR") => text = true,
                    _ => {}
                },
                _ => {}
            }
        }
        out.push((objr, text));
    }
    out
}

#[test]
fn web_and_mail_addresses_are_tagged_link_annotations_over_their_text() {
    let dir = tempfile::tempdir().unwrap();
    let input = seed_with_links(dir.path());
    for (layout, extra) in [
        ("samverkan", &[][..]),
        ("kommun", &["--no-fields"][..]),
        ("kommun", &["--pdfa", "1b"][..]),
    ] {
        let pdf = dir.path().join(format!("{layout}{}.pdf", extra.len()));
        let mut args = vec!["--layout", layout];
        args.extend(extra);
        render(&input, &pdf, &args);
        let doc = lopdf::Document::load(&pdf).unwrap();
        let links = link_annotations(&doc, !extra.contains(&"1b"));
        let web: Vec<&LinkAnnot> = links.iter().filter(|l| l.uri == URL).collect();
        let mail: Vec<&LinkAnnot> = links
            .iter()
            .filter(|l| l.uri == format!("mailto:{MAIL}"))
            .collect();
        assert!(
            web.len() >= 2,
            "{layout}: the long address should run over two lines: {}",
            web.len()
        );
        assert_eq!(mail.len(), 1, "{layout}");
        for l in &links {
            assert!(!l.contents.is_empty(), "a link without alternate text");
        }
        // Each link is a /Link structure element with its text and an OBJR to each of its
        // annotations.
        let elems = link_elements(&doc);
        for l in &links {
            assert!(
                elems
                    .iter()
                    .any(|(objr, text)| objr.contains(&l.id) && *text),
                "{layout}: annotation {:?} is not in a Link element with its text",
                l.id
            );
        }
        // The rectangles cover the address where it is printed.
        if let Some(words) = bbox_words(&pdf) {
            let height = {
                let page = doc.get_dictionary(doc.get_pages()[&1]).unwrap();
                let mb = page.get(b"MediaBox").and_then(Object::as_array).unwrap();
                mb[3].as_float().unwrap()
            };
            let covered = |w: &Word, on: &[&LinkAnnot]| {
                let (cx, cy) = (
                    (w.x_min + w.x_max) / 2.0,
                    height - (w.y_min + w.y_max) / 2.0,
                );
                on.iter().any(|l| {
                    l.page == w.page
                        && l.rect[0] <= cx
                        && cx <= l.rect[2]
                        && l.rect[1] <= cy
                        && cy <= l.rect[3]
                })
            };
            let url_words: Vec<_> = words
                .iter()
                .filter(|w| w.text.contains('/') && URL.contains(w.text.trim_end_matches('.')))
                .collect();
            assert!(url_words.len() >= 2, "{layout}: {url_words:?}");
            for w in &url_words {
                assert!(
                    covered(w, &web),
                    "{layout}: {:?} is not under its link",
                    w.text
                );
            }
            let mail_word = words.iter().find(|w| w.text.starts_with(MAIL)).unwrap();
            assert!(
                covered(mail_word, &mail),
                "{layout}: the e-mail address is not under its link"
            );
            // And no link lies over other words of the text.
            for w in &words {
                let part_of_link = (w.text.contains('/')
                    && URL.contains(w.text.trim_end_matches('.')))
                    || w.text.starts_with(MAIL);
                if !part_of_link {
                    assert!(
                        !covered(w, &links.iter().collect::<Vec<_>>()),
                        "{layout}: a link covers {:?}",
                        w.text
                    );
                }
            }
        }
        assert_qpdf_clean(&pdf);
        if extra.contains(&"1b") {
            assert_preflight_a1b(&pdf);
        }
    }
}

#[test]
fn links_are_deterministic_and_survive_the_fields_and_signing_steps() {
    let dir = tempfile::tempdir().unwrap();
    let input = seed_with_links(dir.path());
    let (a, b) = (dir.path().join("a.pdf"), dir.path().join("b.pdf"));
    render(&input, &a, &["--layout", "kommun"]);
    render(&input, &b, &["--layout", "kommun"]);
    let bytes = std::fs::read(&a).unwrap();
    assert_eq!(bytes, std::fs::read(&b).unwrap());
    // The fields step appended its widgets after the links, and kept them.
    let doc = lopdf::Document::load(&a).unwrap();
    assert!(link_annotations(&doc, true).len() >= 3);
    assert!(!signature_fields(&a).is_empty());
}

/// A public extract of a confidential paragraph certifies only what it shows ("med undantag
/// av de uppgifter som har utelämnats"); the full extract, and a public extract that
/// withholds nothing, certify agreement with the original without reservation.
#[test]
fn a_public_extract_does_not_certify_what_it_withholds() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let ks = sample("kommunstyrelsen");
    let json = load_json(&ks);
    assert_eq!(
        json["items"][7]["confidential"], true,
        "§ 52 is the confidential one"
    );
    let withheld = squash("med undantag av de uppgifter som har utelämnats");
    let plain = squash("Utdraget överensstämmer med originalprotokollet.");
    for (items, public, reserved) in [
        (&["52"][..], true, true),
        (&["52"], false, false),
        (&["51", "52"], true, true),
        (&["51"], true, false),
    ] {
        let pdf = dir.path().join("x.pdf");
        let mut args = vec!["extract", ks.to_str().unwrap(), "-o", pdf.to_str().unwrap()];
        for n in items {
            args.extend(["--item", n]);
        }
        if public {
            args.push("--public");
        }
        let out = protokoll(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = squash(&extracted_text(&pdf, None));
        assert_eq!(
            text.contains(&withheld),
            reserved,
            "{items:?} public={public}"
        );
        assert_eq!(
            text.contains(&plain),
            !reserved,
            "{items:?} public={public}"
        );
    }
}

/// The review's own meetings (tests/fixtures/review): a.json (5 items), b.json (50
/// roll-call votes, layout kommunfullmaktige), c.json (confidential items), d.json (URLs,
/// references and hyphenated names).
fn review(name: &str) -> Value {
    load_json(&fixture(&format!("review/{name}.json")))
}

/// The document of `json` in its own layout.
fn own_layout(json: &Value, variant: &Variant) -> Document {
    let res = FolderResources::new(Path::new("."));
    let prepared = protokoll::prepare(&json.to_string(), None, &res).unwrap();
    protokoll::lay_out(&prepared, variant)
}

/// The items of twelve lines or fewer (distinct baselines) that are set over two pages.
fn split_short_items(doc: &Document) -> Vec<String> {
    let items = item_of_content(doc);
    let mut by_item: std::collections::BTreeMap<usize, (String, Vec<(usize, i64)>)> =
        Default::default();
    for (p, y, n) in content_lines(doc) {
        if let Some((section, heading)) = &items[n] {
            let key = (p, (y * 10.0).round() as i64);
            let v = by_item.entry(*section).or_insert((heading.clone(), vec![]));
            if !v.1.contains(&key) {
                v.1.push(key);
            }
        }
    }
    by_item
        .into_values()
        .filter(|(_, keys)| {
            let pages: std::collections::BTreeSet<usize> = keys.iter().map(|k| k.0).collect();
            keys.len() <= 12 && pages.len() > 1
        })
        .map(|(heading, keys)| format!("{heading} ({} lines)", keys.len()))
        .collect()
}

#[test]
fn a_short_item_of_an_extract_moves_whole_with_the_certification() {
    // § 14 of a.json has eleven lines; page 1 of the extract had room for six of them, and
    // the item was split with only "Reservation" on page 2.
    let variant = Variant {
        kind: Kind::Extract(vec![13.into(), 14.into()]),
        public: false,
    };
    let doc = own_layout(&review("a"), &variant);
    assert_eq!(split_short_items(&doc), Vec::<String>::new());
    let c = review("c");
    for public in [false, true] {
        let doc = own_layout(
            &c,
            &Variant {
                kind: Kind::Protocol,
                public,
            },
        );
        assert_eq!(
            split_short_items(&doc),
            Vec::<String>::new(),
            "c.json public: {public}"
        );
    }
}

/// Every line of content text as (owner structure element, its role, the line's text), in
/// reading order.
fn content_texts(doc: &Document) -> Vec<(usize, Role, String)> {
    let (_, owner) = tree_links(doc);
    let mut texts: Vec<Option<String>> = vec![None; doc.structure.contents];
    for page in &doc.pages {
        for e in &page.elements {
            if let Element::Text {
                run,
                mark: Mark::Content(n),
                ..
            } = e
            {
                texts[*n]
                    .get_or_insert_with(String::new)
                    .push_str(&run.text);
            }
        }
    }
    texts
        .into_iter()
        .enumerate()
        .filter_map(|(n, t)| {
            let o = owner[n];
            t.map(|t| (o, doc.structure.elems[o].role.clone(), t))
        })
        .collect()
}

/// Where a line of `doc` ends and the next line of the same element goes on in a way
/// that breaks a word, a reference or a name from its party.
fn bad_breaks(doc: &Document) -> Vec<String> {
    let lines = content_texts(doc);
    let mut out = Vec::new();
    for pair in lines.windows(2) {
        let ((a_owner, role, a), (b_owner, _, b)) = (&pair[0], &pair[1]);
        if a_owner != b_owner {
            continue;
        }
        let last_word = a.trim_end().rsplit(' ').next().unwrap_or_default();
        let first_word = b.split(' ').next().unwrap_or_default();
        let prefix =
            |w: &str| !w.is_empty() && w.chars().count() <= 4 && w.chars().all(char::is_uppercase);
        let party = first_word
            .trim_end_matches([',', '.', ';'])
            .strip_prefix('(')
            .and_then(|w| w.strip_suffix(')'))
            .is_some_and(prefix);
        let cut_word =
            matches!(role, Role::DataCell | Role::HeaderCell) && a.ends_with(char::is_alphanumeric);
        let sign = |w: &str| matches!(w, "§" | "§§");
        let number = |w: &str| w.starts_with(|c: char| c.is_ascii_digit());
        if (sign(last_word) && number(first_word))
            || (number(last_word) && sign(first_word.trim_end_matches([',', '.'])))
            || (prefix(last_word) && first_word.starts_with('§'))
            || party
            || cut_word
        {
            out.push(format!("{a:?} / {b:?}"));
        }
    }
    out
}

#[test]
fn references_names_with_their_party_and_words_in_cells_are_not_broken() {
    let vanersby = sample("vanersby");
    let mut docs = vec![
        (
            "vanersby".to_string(),
            own_layout(&load_json(&vanersby), &Variant::default()),
        ),
        (
            "b.json".to_string(),
            own_layout(&review("b"), &Variant::default()),
        ),
        (
            "d.json".to_string(),
            own_layout(&review("d"), &Variant::default()),
        ),
        (
            "c.json".to_string(),
            own_layout(&review("c"), &Variant::default()),
        ),
    ];
    let mut b = review("b");
    for layout in ["kommun", "samverkan"] {
        b["layout"] = layout.into();
        docs.push((
            format!("b.json {layout}"),
            own_layout(&b, &Variant::default()),
        ));
    }
    docs.push((
        "c.json public".to_string(),
        own_layout(
            &review("c"),
            &Variant {
                kind: Kind::Protocol,
                public: true,
            },
        ),
    ));
    docs.extend(protocols());
    for (name, doc) in &docs {
        assert_eq!(bad_breaks(doc), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn a_continuation_line_stands_only_above_content_of_its_item() {
    let mut docs = vec![(
        "c.json public".to_string(),
        own_layout(
            &review("c"),
            &Variant {
                kind: Kind::Protocol,
                public: true,
            },
        ),
    )];
    for s in samples() {
        let json = load_json(&s);
        let res = FolderResources::new(s.parent().unwrap());
        let prepared = protokoll::prepare(&json.to_string(), None, &res).unwrap();
        let variant = Variant {
            kind: Kind::Protocol,
            public: true,
        };
        docs.push((
            s.display().to_string(),
            protokoll::lay_out(&prepared, &variant),
        ));
    }
    let mut seen = 0;
    for (name, doc) in &docs {
        let items = item_of_content(doc);
        for (p, page) in doc.pages.iter().enumerate() {
            let Some(number) = page.elements.iter().find_map(|e| match e {
                Element::Text {
                    run,
                    mark: Mark::Artifact(_),
                    ..
                } => run.text.strip_suffix(" (forts.)").map(str::to_string),
                _ => None,
            }) else {
                continue;
            };
            seen += 1;
            // "§ 48 …" under "§ 48 (forts.)", "5. …" under "Punkt 5 (forts.)".
            let heading = match number.strip_prefix("Punkt ") {
                Some(n) => format!("{n}. "),
                None => format!("{number} "),
            };
            let below = page.elements.iter().any(|e| {
                matches!(e, Element::Text { mark: Mark::Content(n), .. }
                    if items[*n].as_ref().is_some_and(|(_, h)| h.starts_with(&heading)))
            });
            assert!(
                below,
                "{name}: page {} has \"{number} (forts.)\" over nothing of it",
                p + 1
            );
        }
    }
    assert!(
        seen > 3,
        "no continuation line seen: the test proves nothing"
    );
}

#[test]
fn paragraph_ranges_take_an_en_dash_after_two_signs_as_after_one() {
    let doc = own_layout(&review("d"), &Variant::default());
    let text: String = content_texts(&doc).into_iter().map(|t| t.2).collect();
    assert!(text.contains("KSAU §§ 101–102 och § 110"), "{text}");
    assert!(!text.contains("101-102"));
}
