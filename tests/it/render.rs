//! Every sample rendered by the binary and checked with qpdf, poppler and PDFBox Preflight.

use crate::support::*;
use protokoll::resources::FolderResources;
use std::path::Path;

/// The content area of a sample's pages, in its own layout or the one named.
fn frame_of(sample: &Path, layout: Option<&str>) -> (f32, f32) {
    let json = std::fs::read_to_string(sample).unwrap();
    let layout = layout.map(|l| protokoll::layout_def::LayoutDef::builtin(l).unwrap());
    let res = FolderResources::new(sample.parent().unwrap());
    let prepared = protokoll::prepare(&json, layout.as_ref(), &res).unwrap();
    protokoll::lay_out(&prepared, &Default::default()).frame
}

/// The third-party checks of one rendered sample.
fn check_pdf(pdf: &Path, sample: &Path, layout: Option<&str>) {
    let p = pdf.to_str().unwrap();
    assert_qpdf_clean(pdf);
    if have("pdffonts") {
        let (ok, out) = run("pdffonts", &[p]);
        assert!(ok, "{out}");
        let rows: Vec<&str> = out.lines().skip(2).collect();
        assert!(!rows.is_empty(), "no fonts: {out}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            // … emb sub uni object-id generation
            assert_eq!(cols[n - 5], "yes", "font not embedded: {row}");
            assert_eq!(cols[n - 4], "yes", "font not subset: {row}");
            assert_eq!(cols[n - 3], "yes", "font without ToUnicode: {row}");
        }
    }
    if have("pdfinfo") {
        let (ok, info) = run("pdfinfo", &[p]);
        assert!(ok, "{info}");
        // Nothing poppler would call an error (it printed "Syntax Error: Suspects object is
        // wrong type" for krilla's valid `/Suspects false` until the catalog lost it).
        assert!(!info.contains("Error"), "pdfinfo {p}: {info}");
        assert!(info.lines().any(|l| l == "Suspects:        no"), "{info}");
        assert!(
            info.lines()
                .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
            "not tagged: {info}"
        );
        assert!(
            info.lines()
                .any(|l| l.starts_with("Title:") && l.len() > 20),
            "no title: {info}"
        );
        let (_, meta) = run("pdfinfo", &["-meta", p]);
        assert!(meta.contains("pdfaid:part"), "XMP declares no PDF/A part");
        assert!(
            meta.contains("<dc:language>") || meta.contains("sv-SE"),
            "XMP has no language"
        );
        let (ok, structure) = run("pdfinfo", &["-struct", p]);
        assert!(ok, "{structure}");
        for role in ["H1", "H2", "P", "Table", "TH", "TD", "L", "LI", "Lbl"] {
            assert!(
                structure.lines().any(|l| l.trim_start().starts_with(role)),
                "no {role} in the structure tree"
            );
        }
    }
    if have("pdftotext") {
        let hay = extracted_text(pdf, Some(frame_of(sample, layout)));
        let json = load_json(sample);
        let lower = hay.to_lowercase();
        let mut missing = Vec::new();
        for (path, text) in input_strings(&json) {
            // A role may be printed as a heading ("Tjänstgörande ersättare").
            let role = path.ends_with(".role");
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let found = if role {
                    lower.contains(&squash(line).to_lowercase())
                } else {
                    // "§ 48–49" is printed "§§ 48–49" (docs/format.md).
                    hay.contains(&squash(&protokoll::swedish::paragraph_signs(line)))
                };
                if !found {
                    missing.push(format!("{path}: {line}"));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "{}: input text missing from the PDF:\n{}",
            sample.display(),
            missing.join("\n")
        );
    }
}

#[test]
fn every_sample_passes_the_third_party_checks() {
    let dir = tempfile::tempdir().unwrap();
    for sample in samples() {
        // In its own layout, and in the municipal one.
        for layout in [None, Some("kommun")] {
            let pdf = dir.path().join(format!(
                "{}-{}.pdf",
                sample.file_stem().unwrap().to_string_lossy(),
                layout.unwrap_or("own")
            ));
            let extra: Vec<&str> = layout.map(|l| vec!["--layout", l]).unwrap_or_default();
            render(&sample, &pdf, &extra);
            check_pdf(&pdf, &sample, layout);
        }
    }
}

#[test]
fn the_seed_protocol_shows_every_line_of_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("seed.pdf");
    render(&seed(), &pdf, &[]);
    if !have("pdftotext") {
        return;
    }
    // Whole pages, as `pdf-verify --expect-text` reads them: the seed's paragraphs must not
    // be split by a page break (the samverkan layout keeps paragraphs together).
    let hay = extracted_text(&pdf, None);
    // The seed text with its emphasis markers (*…*) removed: they were italics.
    let lines = std::fs::read_to_string(fixture("seed-lines.txt")).unwrap();
    let missing: Vec<&str> = lines
        .lines()
        .filter(|l| !l.trim().is_empty() && !hay.contains(&squash(l)))
        .collect();
    assert!(missing.is_empty(), "seed lines missing: {missing:#?}");
}

#[test]
fn pdfa_1b_passes_pdfbox_preflight() {
    let dir = tempfile::tempdir().unwrap();
    for sample in samples() {
        let json = std::fs::read_to_string(&sample).unwrap();
        for layout in ["own", "kommun"] {
            let stem = sample.file_stem().unwrap().to_string_lossy().into_owned();
            let pdf = dir.path().join(format!("{stem}-{layout}-1b.pdf"));
            let mut args = vec![
                "render",
                sample.to_str().unwrap(),
                "-o",
                pdf.to_str().unwrap(),
                "--pdfa",
                "1b",
            ];
            if layout == "kommun" {
                args.extend(["--layout", "kommun"]);
            }
            let out = protokoll(&args);
            if json.contains("\"file\"") {
                // PDF/A-1 cannot hold attachment files: asking for it is an error.
                assert_eq!(out.status.code(), Some(1));
                assert!(String::from_utf8_lossy(&out.stderr).contains("--pdfa 3a"));
                assert!(!pdf.exists());
                continue;
            }
            assert_success(&out);
            if !assert_preflight_a1b(&pdf) {
                return;
            }
            // The variant checked carries its signature fields.
            assert!(
                signature_fields(&pdf).len() >= 3,
                "{}: no signature fields",
                pdf.display()
            );
        }
    }
}

#[test]
fn every_pdfa_level_renders_and_declares_itself() {
    let dir = tempfile::tempdir().unwrap();
    for (level, part, conformance) in [
        ("2b", "2", "B"),
        ("2u", "2", "U"),
        ("2a", "2", "A"),
        ("3b", "3", "B"),
        ("3u", "3", "U"),
        ("3a", "3", "A"),
    ] {
        let pdf = dir.path().join(format!("{level}.pdf"));
        render(&seed(), &pdf, &["--pdfa", level]);
        if have("pdfinfo") {
            let (_, meta) = run("pdfinfo", &["-meta", pdf.to_str().unwrap()]);
            let declares = |key: &str, v: &str| {
                meta.contains(&format!("<pdfaid:{key}>{v}</pdfaid:{key}>"))
                    || meta.contains(&format!("pdfaid:{key}=\"{v}\""))
            };
            assert!(
                declares("part", part) && declares("conformance", conformance),
                "{level}: {meta}"
            );
        }
    }
}

#[test]
fn output_is_byte_identical_across_runs_and_processes() {
    let dir = tempfile::tempdir().unwrap();
    for sample in samples() {
        let a = dir.path().join("a.pdf");
        let b = dir.path().join("b.pdf");
        render(&sample, &a, &[]);
        render(&sample, &b, &[]);
        let a = std::fs::read(a).unwrap();
        assert_eq!(a, std::fs::read(b).unwrap(), "{}", sample.display());
        let json = std::fs::read_to_string(&sample).unwrap();
        let res = FolderResources::new(sample.parent().unwrap());
        let in_process = protokoll::render_pdf(&json, &res, &Default::default())
            .unwrap()
            .pdf;
        assert_eq!(a, in_process, "in-process output differs from the binary's");
        let again = protokoll::render_pdf(&json, &res, &Default::default())
            .unwrap()
            .pdf;
        assert_eq!(
            in_process, again,
            "a second in-process run (warm caches) differs"
        );
    }
}

#[test]
fn attachment_files_are_embedded_byte_for_byte() {
    let sample = samples()
        .into_iter()
        .find(|s| std::fs::read_to_string(s).unwrap().contains("\"file\""))
        .expect("a sample with a file");
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("x.pdf");
    render(&sample, &pdf, &[]);
    if !have("qpdf") {
        return;
    }
    let p = pdf.to_str().unwrap();
    let (ok, list) = run("qpdf", &["--list-attachments", p]);
    assert!(ok, "{list}");
    let key = list
        .lines()
        .next()
        .and_then(|l| l.split(" -> ").next())
        .expect("one attachment")
        .trim()
        .to_string();
    assert!(key.starts_with("bilaga-1-"), "{list}");
    let out = std::process::Command::new("qpdf")
        .args([&format!("--show-attachment={key}"), p])
        .output()
        .unwrap();
    let original = std::fs::read(
        sample
            .parent()
            .unwrap()
            .join(key.trim_start_matches("bilaga-1-")),
    )
    .unwrap();
    assert_eq!(out.stdout, original);
}

#[test]
fn one_bookmark_per_item() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("x.pdf");
    render(&seed(), &pdf, &[]);
    if !have("qpdf") {
        return;
    }
    let (ok, out) = run(
        "qpdf",
        &["--json", "--json-key=outlines", pdf.to_str().unwrap()],
    );
    assert!(ok, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let titles: Vec<&str> = v["outlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["title"].as_str().unwrap())
        .collect();
    // The front page's parts first, then one per item, then the closing blocks.
    let items: Vec<&&str> = titles
        .iter()
        .filter(|t| t.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert_eq!(items.len(), 9, "{titles:?}");
    assert_eq!(*items[0], "1. Mötet öppnas.");
    assert_eq!(titles[0], "Protokoll Regionalt samverkansråd");
    assert!(titles.contains(&"Dag och tid"), "{titles:?}");
}

#[test]
fn metadata_comes_from_the_meeting_not_the_clock() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("x.pdf");
    render(&seed(), &pdf, &[]);
    if !have("pdfinfo") {
        return;
    }
    let (_, info) = run("pdfinfo", &["-isodates", pdf.to_str().unwrap()]);
    let field = |k: &str| {
        info.lines()
            .find(|l| l.starts_with(k))
            .map(|l| l[k.len()..].trim().to_string())
            .unwrap_or_default()
    };
    // Every protocol of a body has its own title: the meeting date is in it.
    assert_eq!(
        field("Title:"),
        "Protokoll Regionalt samverkansråd 2020-09-25"
    );
    assert_eq!(field("Author:"), "Tommy Larserö");
    // The adjustment date (8 October 2020), not today's date.
    assert!(field("CreationDate:").starts_with("2020-10-08"), "{info}");
    let (_, meta) = run("pdfinfo", &["-meta", pdf.to_str().unwrap()]);
    assert!(
        meta.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "PDF/UA-1 not declared"
    );
    assert!(
        meta.contains("Regionalt samverkansråd") && meta.contains("2020-09-25"),
        "XMP lacks body or date"
    );
    if have("qpdf") {
        let (_, root) = run("qpdf", &["--show-object=trailer", pdf.to_str().unwrap()]);
        assert!(root.contains("/Root"));
        let (_, json) = run(
            "qpdf",
            &["--json", "--json-key=qpdf", pdf.to_str().unwrap()],
        );
        assert!(
            json.contains("\"/DisplayDocTitle\": true"),
            "the viewer would not show the title"
        );
        assert!(
            json.contains("\"/Lang\": \"u:sv-SE\""),
            "no document language"
        );
    }
}

/// A word hyphenated at the foot of a page continues on the next one, after the running
/// footer and header: the nothing-lost check must read it in reading order, not refuse it.
/// (Generated meeting 2 of 3 items breaks "bola-/gen" over pages 2 and 3 in `kommun`.)
#[test]
fn a_word_hyphenated_over_a_page_break_is_not_reported_lost() {
    let json = serde_json::to_string(&protokoll::synthetic::meeting(2, 3)).unwrap();
    let options = protokoll::RenderOptions::default();
    let rendered = protokoll::render_pdf(&json, &FolderResources::new("."), &options);
    assert!(rendered.is_ok(), "{:?}", rendered.err());
}
