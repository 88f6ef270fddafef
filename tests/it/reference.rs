//! Reference tests: for every sample and every document kind (protocol, public version,
//! extract, notice) a readable dump of the laid-out document (pages, lines with rounded
//! positions and their structure roles, signature slots, bookmarks) and of the PDF's
//! structure tree and metadata, compared with the files under `tests/reference/`.
//!
//! A change in what is drawn shows up as a diff of those files. After reviewing it, re-bless
//! with `PROTOKOLL_BLESS=1 cargo test --test it reference`.

use crate::support::*;
use lopdf::{Dictionary, Object};
use protokoll::layout::{
    ArtifactKind, Document, Element, Kind, Mark, StructChild, StructRole, Variant,
};
use protokoll::resources::FolderResources;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Every document made of `sample` in `layout` (None: the sample's own), named for the file.
fn variants(numbers: &[u32]) -> Vec<(&'static str, Variant)> {
    // The extract takes the first and the last item: a range with a gap in most samples.
    let mut picked = vec![numbers[0]];
    if numbers.len() > 1 {
        picked.push(*numbers.last().unwrap());
    }
    vec![
        ("protocol", Variant::default()),
        (
            "public",
            Variant {
                kind: Kind::Protocol,
                public: true,
            },
        ),
        (
            "extract",
            Variant {
                kind: Kind::Extract(picked.into_iter().map(Into::into).collect()),
                public: false,
            },
        ),
        (
            "notice",
            Variant {
                kind: Kind::Notice,
                public: false,
            },
        ),
    ]
}

/// Which structure role each content item belongs to.
fn roles(doc: &Document) -> Vec<String> {
    let mut out = vec![String::from("?"); doc.structure.contents];
    for e in &doc.structure.elems {
        for c in &e.children {
            if let StructChild::Content(n) = c {
                out[*n] = role_name(&e.role);
            }
        }
    }
    out
}

fn role_name(role: &StructRole) -> String {
    match role {
        StructRole::Title => "H1".into(),
        StructRole::Heading(level, _) => format!("H{level}"),
        StructRole::Figure(_) => "Figure".into(),
        other => format!("{other:?}"),
    }
}

/// Rounded to a tenth of a point: stable, yet a moved line shows.
fn r(v: f32) -> String {
    format!("{:.1}", (v * 10.0).round() / 10.0)
}

/// The laid-out document as text.
fn dump_layout(doc: &Document) -> String {
    let roles = roles(doc);
    let mut s = String::new();
    writeln!(s, "title: {}", doc.title).unwrap();
    writeln!(s, "pages: {}", doc.pages.len()).unwrap();
    for b in &doc.bookmarks {
        writeln!(s, "bookmark: p{} y{} {}", b.page + 1, r(b.y), b.title).unwrap();
    }
    for slot in &doc.signature_slots {
        let (x, y, w, h) = slot.rect;
        writeln!(
            s,
            "slot: {} p{} ({} {} {}×{}) {} – {}",
            slot.field,
            slot.page + 1,
            r(x),
            r(y),
            r(w),
            r(h),
            slot.label,
            slot.signer
        )
        .unwrap();
    }
    for (p, page) in doc.pages.iter().enumerate() {
        writeln!(s, "\n== page {} ==", p + 1).unwrap();
        for e in &page.elements {
            match e {
                // The header repeats on every page: its text is dumped once, on page 1.
                Element::Text {
                    mark: Mark::Artifact(ArtifactKind::Header | ArtifactKind::Footer),
                    run,
                    ..
                } if p > 0 && !run.text.starts_with("Sida") => {}
                Element::Text {
                    x, y, run, mark, ..
                } => {
                    let tag = match mark {
                        Mark::Content(n) => roles[*n].clone(),
                        Mark::Artifact(k) => format!("artifact {k:?}"),
                    };
                    writeln!(
                        s,
                        "{:>6} {:>6} {:?} {} [{tag}] {}",
                        r(*x),
                        r(*y),
                        run.face,
                        r(run.size),
                        run.text
                    )
                    .unwrap();
                }
                Element::Rule { from, to, .. } if p == 0 || from.1 > doc.frame.0 => {
                    writeln!(
                        s,
                        "  rule {},{} – {},{}",
                        r(from.0),
                        r(from.1),
                        r(to.0),
                        r(to.1)
                    )
                    .unwrap();
                }
                Element::Rule { .. } => {}
                Element::Logo { at, size, .. } => {
                    writeln!(
                        s,
                        "  logo {},{} {}×{}",
                        r(at.0),
                        r(at.1),
                        r(size.0),
                        r(size.1)
                    )
                    .unwrap();
                }
            }
        }
    }
    s
}

/// The PDF's catalog facts, metadata and structure tree as text.
fn dump_pdf(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).expect("the PDF parses");
    let mut s = String::new();
    let catalog = doc.catalog().expect("catalog");
    if let Ok(mode) = catalog.get(b"PageMode") {
        writeln!(s, "PageMode: {}", show(&doc, mode)).unwrap();
    }
    if let Ok(outlines) = catalog.get(b"Outlines").and_then(|o| doc.dereference(o)) {
        if let Ok(d) = outlines.1.as_dict() {
            let mut next = d.get(b"First").ok().cloned();
            while let Some(Object::Reference(id)) = next {
                let item = doc.get_dictionary(id).unwrap();
                writeln!(s, "outline: {}", text_of(&doc, item.get(b"Title").unwrap())).unwrap();
                next = item.get(b"Next").ok().cloned();
            }
        }
    }
    if let Ok(xmp) = catalog
        .get(b"Metadata")
        .and_then(|m| m.as_reference())
        .and_then(|id| doc.get_object(id))
        .and_then(|o| o.as_stream())
    {
        let text = String::from_utf8_lossy(&xmp.content).to_string();
        for key in ["dc:title", "dc:description", "pdf:Keywords"] {
            if let Some(v) = xmp_value(&text, key) {
                writeln!(s, "{key}: {v}").unwrap();
            }
        }
    }
    writeln!(s, "\n== structure tree ==").unwrap();
    let root = catalog
        .get(b"StructTreeRoot")
        .and_then(|o| doc.dereference(o))
        .and_then(|(_, o)| o.as_dict())
        .expect("a structure tree");
    if let Ok(k) = root.get(b"K") {
        struct_kids(&doc, k, 0, &mut s);
    }
    s
}

/// The text of an XMP property: its element's content with the markup stripped.
fn xmp_value(xmp: &str, key: &str) -> Option<String> {
    let start = xmp.find(&format!("<{key}>"))? + key.len() + 2;
    let end = start + xmp[start..].find(&format!("</{key}>"))?;
    let mut out = String::new();
    let mut in_tag = false;
    for c in xmp[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    Some(out.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn show(doc: &lopdf::Document, o: &Object) -> String {
    match doc.dereference(o).map(|(_, o)| o) {
        Ok(Object::Name(n)) => String::from_utf8_lossy(n).into(),
        Ok(o @ Object::String(..)) => text_of(doc, o),
        Ok(other) => format!("{other:?}"),
        Err(_) => "?".into(),
    }
}

fn text_of(doc: &lopdf::Document, o: &Object) -> String {
    match doc.dereference(o).map(|(_, o)| o) {
        Ok(Object::String(bytes, _)) => {
            lopdf::decode_text_string(&Object::String(bytes.clone(), lopdf::StringFormat::Literal))
                .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into())
        }
        _ => String::new(),
    }
}

/// One structure element per line, indented by depth: role, Alt, and how many marked-content
/// sequences and annotations (Link, Widget) it holds.
fn struct_kids(doc: &lopdf::Document, k: &Object, depth: usize, s: &mut String) {
    let (mut mcids, mut objects) = (0, Vec::new());
    struct_children(doc, k, depth, s, &mut mcids, &mut objects);
}

fn struct_children(
    doc: &lopdf::Document,
    k: &Object,
    depth: usize,
    s: &mut String,
    mcids: &mut usize,
    objects: &mut Vec<String>,
) {
    match k {
        Object::Array(items) => {
            for item in items {
                struct_children(doc, item, depth, s, mcids, objects);
            }
        }
        Object::Integer(_) => *mcids += 1,
        Object::Reference(_) | Object::Dictionary(_) => {
            let dict = match doc.dereference(k) {
                Ok((_, Object::Dictionary(d))) => d,
                _ => return,
            };
            struct_dict(doc, dict, depth, s, mcids, objects);
        }
        _ => {}
    }
}

fn struct_dict(
    doc: &lopdf::Document,
    dict: &Dictionary,
    depth: usize,
    s: &mut String,
    mcids: &mut usize,
    objects: &mut Vec<String>,
) {
    match dict.get(b"Type").ok().map(|t| show(doc, t)).as_deref() {
        Some("MCR") => *mcids += 1,
        Some("OBJR") => {
            let annot = dict
                .get(b"Obj")
                .ok()
                .and_then(|o| doc.dereference(o).ok())
                .and_then(|(_, o)| o.as_dict().ok());
            objects.push(
                annot
                    .and_then(|a| a.get(b"Subtype").ok())
                    .map(|t| show(doc, t))
                    .unwrap_or_else(|| "?".into()),
            );
        }
        _ => {
            let role = dict.get(b"S").map(|o| show(doc, o)).unwrap_or_default();
            let mut line = format!("{}{role}", "  ".repeat(depth));
            for key in [&b"Alt"[..], b"T", b"ActualText"] {
                if let Ok(v) = dict.get(key) {
                    write!(
                        line,
                        " {}={:?}",
                        String::from_utf8_lossy(key),
                        text_of(doc, v)
                    )
                    .unwrap();
                }
            }
            let at = s.len();
            let (mut own_mcids, mut own_objects) = (0, Vec::new());
            let mut children = String::new();
            if let Ok(k) = dict.get(b"K") {
                struct_children(
                    doc,
                    k,
                    depth + 1,
                    &mut children,
                    &mut own_mcids,
                    &mut own_objects,
                );
            }
            if own_mcids > 0 {
                write!(line, " mc×{own_mcids}").unwrap();
            }
            for o in own_objects {
                write!(line, " [{o}]").unwrap();
            }
            s.insert_str(at, &format!("{line}\n{children}"));
        }
    }
}

fn reference_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reference")
}

/// Compares `actual` with the stored reference, or stores it when blessing.
fn compare(name: &str, actual: &str, failures: &mut Vec<String>) {
    let path = reference_dir().join(name);
    if std::env::var_os("PROTOKOLL_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        failures.push(format!(
            "{name}: differs from line {} on:\n  expected: {}\n  actual:   {}",
            first + 1,
            expected.lines().nth(first).unwrap_or("<end>"),
            actual.lines().nth(first).unwrap_or("<end>")
        ));
    }
}

/// The samples, each in its own layout and (for those in another one) in `kommun` too.
fn cases() -> Vec<(String, PathBuf, Option<&'static str>)> {
    let mut out = Vec::new();
    for sample in samples() {
        let stem = sample.file_stem().unwrap().to_string_lossy().to_string();
        out.push((stem.clone(), sample.clone(), None));
        let json = std::fs::read_to_string(&sample).unwrap();
        if json.contains("\"layout\"") && !json.contains("\"kommun\"") {
            out.push((format!("{stem}.kommun"), sample.clone(), Some("kommun")));
        }
    }
    out
}

fn render_case(sample: &Path, layout: Option<&str>, variant: &Variant) -> (Document, Vec<u8>) {
    let json = std::fs::read_to_string(sample).unwrap();
    let res = FolderResources::new(sample.parent().unwrap());
    let layout = layout.map(|l| protokoll::layout_def::LayoutDef::builtin(l).unwrap());
    let prepared = protokoll::prepare(&json, layout.as_ref(), &res).unwrap();
    let doc = protokoll::lay_out(&prepared, variant);
    let options = protokoll::RenderOptions {
        layout,
        variant: variant.clone(),
        ..Default::default()
    };
    let pdf = protokoll::render_prepared(&json, prepared, &options)
        .unwrap()
        .pdf;
    (doc, pdf)
}

/// Every case in every variant, rendered: `f` gets the case's name, the variant's kind, the
/// laid-out document and the PDF.
fn for_each_rendering(mut f: impl FnMut(&str, &str, &Document, &[u8])) {
    for (name, sample, layout) in cases() {
        let json = std::fs::read_to_string(&sample).unwrap();
        let res = FolderResources::new(sample.parent().unwrap());
        let numbers = protokoll::prepare(&json, None, &res)
            .unwrap()
            .checked
            .numbers;
        for (kind, variant) in variants(&numbers) {
            let (doc, pdf) = render_case(&sample, layout, &variant);
            f(&name, kind, &doc, &pdf);
        }
    }
}

#[test]
fn reference_dumps_match() {
    let mut failures = Vec::new();
    for_each_rendering(|name, kind, doc, pdf| {
        compare(
            &format!("{name}/{kind}.layout.txt"),
            &dump_layout(doc),
            &mut failures,
        );
        compare(
            &format!("{name}/{kind}.pdf.txt"),
            &dump_pdf(pdf),
            &mut failures,
        );
    });
    assert!(
        failures.is_empty(),
        "{} reference dump(s) differ; review with `git diff tests/reference` after \
         re-blessing with PROTOKOLL_BLESS=1 cargo test --test it reference:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_reference_dump_sees_a_moved_line() {
    // The comparison is not vacuous: a line moved by half a point changes the dump.
    let sample = seed();
    let (mut doc, _) = render_case(&sample, None, &Variant::default());
    let before = dump_layout(&doc);
    for e in &mut doc.pages[0].elements {
        if let Element::Text { y, mark, .. } = e {
            if matches!(mark, Mark::Content(_)) {
                *y += 0.5;
                break;
            }
        }
    }
    assert_ne!(before, dump_layout(&doc));
}

#[test]
fn headings_never_skip_a_level_in_any_layout_or_document() {
    // Read from the PDF's structure tree: H1 first, then never more than one level deeper
    // than the heading before (Matterhorn 14-003).
    for_each_rendering(|name, kind, _, pdf| {
        let levels: Vec<u32> = dump_pdf(pdf)
            .lines()
            .filter_map(|l| {
                let role = l.split_whitespace().next()?;
                role.strip_prefix('H')?.parse().ok()
            })
            .collect();
        assert_eq!(levels.first(), Some(&1), "{name}/{kind}: {levels:?}");
        for w in levels.windows(2) {
            assert!(w[1] <= w[0] + 1, "{name}/{kind}: H{} after H{}", w[1], w[0]);
        }
    });
}

#[test]
fn the_kommun_protocol_opens_with_bookmarks_for_its_parts() {
    let sample = sample("kommunfullmaktige-2024");
    let (_, pdf) = render_case(&sample, None, &Variant::default());
    let dump = dump_pdf(&pdf);
    assert!(dump.contains("PageMode: UseOutlines"), "{dump}");
    for part in [
        "outline: Protokoll Kommunfullmäktige",
        "outline: Plats och tid",
        "outline: Underskrifter",
        "outline: ANSLAG/BEVIS",
        "outline: Närvarolista",
        "outline: Bilageförteckning",
    ] {
        assert!(dump.contains(part), "{part} missing:\n{dump}");
    }
    assert!(dump.contains("dc:title: Protokoll Kommunfullmäktige 2024-06-17"));
}
