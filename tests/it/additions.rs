//! Format 1.1 on the Vänersby sample, which uses every addition: each key's text stands in
//! the PDF; two chairs get two Ordförande lines and two fields, signed one after the other
//! and verified; `--public` leaves no personal data in the text or in any decompressed byte;
//! the votes sheet's marks read back by position equal the ballots; the table of contents
//! gives the page each paragraph's bookmark points to.

use crate::municipal::absent_everywhere;
use crate::signing::{issue, make_pki, sign};
use crate::support::pki::verify_trusted;
use crate::support::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn vanersby() -> PathBuf {
    sample("vanersby")
}

#[test]
fn every_addition_is_printed() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("full.pdf");
    render(&vanersby(), &pdf, &[]);
    let text = extracted_text(&pdf, None);
    for expected in [
        // numbering.prefix, in headings and in the paragraph range of the signatures
        "KF § 121 Budget 2026",
        "Paragrafer KF §§ 118–128",
        // number_suffix
        "KF § 122 a Svar på motion",
        "KF § 122 b Svar på medborgarförslag",
        // committee_proposals, in the genitive, before the yrkanden
        "Kommunstyrelsens förslag",
        "Tekniska nämndens förslag",
        "Kommunstyrelsens arbetsutskotts förslag",
        "Miljö- och byggnämndens förslag",
        // statements
        "Särskilt yttrande",
        "Jonas Berg (SD)",
        // by_parties
        "Ledamöterna för (M) och (KD) reserverar sig till förmån för eget budgetförslag",
        "Ledamöterna för (SD) reserverar sig",
        // partly
        "del av KF § 127",
        // adjusters[].substitute and adjustment.time
        "Karin Nyström (C) med Ahmed Hassan (S) som ersättare",
        "kl. 16.00",
        // others[].party
        "Sofia Lund (V)",
        // presiding: one Ordförande line per chair with the paragraphs chaired
        "Margareta Holm, KF §§ 118–123, 126–128",
        "Lars Öberg, KF §§ 124–125",
        // personal data, printed without the braces in the full version
        "Kerstin Lindahl, Storgatan 14, Vänersby",
        // the two sheets
        "Innehållsförteckning",
        "Närvaro- och omröstningslista",
    ] {
        assert!(
            text.contains(&squash(expected)),
            "{expected:?} is not in the full version"
        );
    }
    assert!(!text.contains("{{") && !text.contains("}}"));
    // The committee proposal stands before the yrkanden of the same paragraph.
    let budget = text.find(&squash("KF § 121 Budget")).unwrap();
    let proposal = budget
        + text[budget..]
            .find(&squash("Kommunstyrelsens förslag"))
            .unwrap();
    let yrkanden = budget + text[budget..].find("Yrkanden").unwrap();
    assert!(proposal < yrkanden);
}

/// The personal data of the sample: the contents of its `{{…}}` marks.
fn personal_data(json: &Value) -> Vec<String> {
    let mut out = Vec::new();
    match json {
        Value::String(text) => {
            let mut rest = text.as_str();
            while let Some(start) = rest.find("{{") {
                let end = rest[start..].find("}}").unwrap() + start;
                out.push(rest[start + 2..end].to_string());
                rest = &rest[end + 2..];
            }
        }
        Value::Array(list) => out.extend(list.iter().flat_map(personal_data)),
        Value::Object(map) => out.extend(map.values().flat_map(personal_data)),
        _ => {}
    }
    out
}

#[test]
fn the_public_version_masks_personal_data_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let sample = vanersby();
    let secrets = personal_data(&load_json(&sample));
    assert!(secrets.len() >= 3, "{secrets:?}");
    // Every word of at least four letters on its own too (a surname alone is personal data).
    let mut words: Vec<String> = secrets
        .iter()
        .flat_map(|s| s.split([' ', ',']).map(str::to_string).collect::<Vec<_>>())
        .filter(|w| w.chars().count() >= 4 && w != "Vänersby")
        .collect();
    words.extend(secrets.iter().cloned());
    let full = dir.path().join("full.pdf");
    render(&sample, &full, &[]);
    let full_text = extracted_text(&full, None);
    for s in &secrets {
        assert!(full_text.contains(&squash(s)), "full version lacks {s:?}");
    }
    // The public version, also with its source embedded (PDF/A-3, a library option):
    // masked there too.
    let public_with_source = dir.path().join("public-source.pdf");
    let json = std::fs::read_to_string(&sample).unwrap();
    let options = protokoll::RenderOptions {
        variant: protokoll::layout::Variant {
            public: true,
            ..Default::default()
        },
        embed_source: Some("moete.json".into()),
        ..Default::default()
    };
    let res = protokoll::resources::FolderResources::new(sample.parent().unwrap());
    let rendered = protokoll::render_pdf(&json, &res, &options).unwrap();
    std::fs::write(&public_with_source, rendered.pdf).unwrap();
    if have("qpdf") {
        // The source is there, masked (not left out).
        let (ok, source) = run(
            "qpdf",
            &[
                "--show-attachment=moete.json",
                public_with_source.to_str().unwrap(),
            ],
        );
        assert!(
            ok && source.contains("medborgarförslag från XXX om"),
            "{source}"
        );
    }
    let public = dir.path().join("public.pdf");
    render(&sample, &public, &["--public"]);
    for public in [public, public_with_source] {
        absent_everywhere(&public, &words, "public version");
        let first_page = first_page_text(&public);
        assert!(
            first_page.contains(&squash("Vissa personuppgifter har tagits bort")),
            "page 1 does not say personal data was removed"
        );
        assert!(extracted_text(&public, None).contains("XXX"));
    }
}

fn first_page_text(pdf: &Path) -> String {
    if !have("pdftotext") {
        return String::new();
    }
    let (ok, text) = run(
        "pdftotext",
        &["-f", "1", "-l", "1", pdf.to_str().unwrap(), "-"],
    );
    assert!(ok);
    squash(&text)
}

#[test]
fn two_chairs_get_two_fields_signed_one_after_the_other() {
    let Some(pki) = make_pki() else { return };
    issue(&pki, "holm", "Margareta Holm");
    issue(&pki, "oberg", "Lars Öberg");
    let unsigned = pki.path("kf.pdf");
    render(&vanersby(), &unsigned, &[]);
    let fields = signature_fields(&unsigned);
    let chairs: Vec<(&str, &str, &str, u64)> = fields
        .iter()
        .filter(|f| f["name"].as_str().unwrap().starts_with("ordforande"))
        .map(|f| {
            (
                f["name"].as_str().unwrap(),
                f["label"].as_str().unwrap(),
                f["person"].as_str().unwrap(),
                f["page"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        chairs,
        vec![
            (
                "ordforande",
                "Ordförande: Margareta Holm",
                "Margareta Holm",
                1
            ),
            ("ordforande-2", "Ordförande: Lars Öberg", "Lars Öberg", 1)
        ],
        "{fields:?}"
    );
    let first = pki.path("signed-1.pdf");
    let out = sign(&unsigned, "ordforande", &pki.path("holm.p12"), &first);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let second = pki.path("signed-2.pdf");
    let out = sign(&first, "ordforande-2", &pki.path("oberg.p12"), &second);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(verify_trusted(&second, &pki).len(), 2);
    let listed = String::from_utf8_lossy(&protokoll(&["fields", second.to_str().unwrap()]).stdout)
        .into_owned();
    assert!(
        listed.contains("signed by Margareta Holm") && listed.contains("signed by Lars Öberg"),
        "{listed}"
    );
    // The vice chair cannot sign in the chair's place.
    let wrong = pki.path("wrong.pdf");
    let out = sign(&unsigned, "ordforande", &pki.path("oberg.p12"), &wrong);
    assert!(!out.status.success() && !wrong.exists());
}

/// The votes sheet read back: (row's name, vote column's paragraph number, mark).
fn sheet_marks(words: &[Word]) -> Vec<(String, String, String)> {
    let same_line = |a: f32, b: f32| (a - b).abs() < 2.0;
    let mut out = Vec::new();
    for header in words.iter().filter(|w| w.text == "Närvaro") {
        let on_page: Vec<&Word> = words.iter().filter(|w| w.page == header.page).collect();
        let party = on_page
            .iter()
            .find(|w| w.text == "Parti" && same_line(w.y_min, header.y_min))
            .expect("the party column");
        // Vote columns: "KF § 121", centred over their marks.
        let columns: Vec<(f32, String)> = on_page
            .iter()
            .enumerate()
            .filter(|(_, w)| same_line(w.y_min, header.y_min) && w.x_min > header.x_max)
            .filter(|(_, w)| w.text.chars().all(|c| c.is_ascii_digit() || c == ':'))
            .map(|(k, w)| {
                let prefix = on_page[k - 2];
                ((prefix.x_min + w.x_max) / 2.0, w.text.clone())
            })
            .collect();
        let below = on_page.iter().filter(|w| w.y_min > header.y_min + 2.0);
        let mut rows: Vec<f32> = below.clone().map(|w| w.y_min).collect();
        rows.sort_by(f32::total_cmp);
        rows.dedup_by(|a, b| same_line(*a, *b));
        for y in rows {
            let name: Vec<&str> = on_page
                .iter()
                .filter(|w| same_line(w.y_min, y) && w.x_max < party.x_min)
                .map(|w| w.text.as_str())
                .collect();
            if name.is_empty() {
                continue;
            }
            for (center, number) in &columns {
                if let Some(mark) = on_page.iter().find(|w| {
                    same_line(w.y_min, y) && ((w.x_min + w.x_max) / 2.0 - center).abs() < 6.0
                }) {
                    out.push((name.join(" "), number.clone(), mark.text.clone()));
                }
            }
        }
    }
    out
}

#[test]
fn the_votes_sheet_marks_equal_the_ballots() {
    let dir = tempfile::tempdir().unwrap();
    let sample = vanersby();
    let json = load_json(&sample);
    let pdf = dir.path().join("sheet.pdf");
    render(&sample, &pdf, &[]);
    let Some(words) = bbox_words(&pdf) else {
        return;
    };
    let marks = sheet_marks(&words);
    let mut expected = Vec::new();
    for item in json["items"].as_array().unwrap() {
        for vote in item["votes"].as_array().into_iter().flatten() {
            let number = item["number"].as_u64().unwrap().to_string();
            let members = json["members"].as_array().unwrap();
            for m in members.iter().chain(json["absent"].as_array().unwrap()) {
                let name = m["name"].as_str().unwrap();
                let ballot = vote["ballots"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|b| b["name"] == name)
                    .map(|b| b["vote"].as_str().unwrap());
                let mark = match ballot {
                    Some("yes") => "Ja",
                    Some("no") => "Nej",
                    Some(_) => "Avstår",
                    None => "–",
                };
                expected.push((name.to_string(), number.clone(), mark.to_string()));
            }
        }
    }
    assert!(expected.len() >= 60);
    let mut read = marks.clone();
    read.sort();
    expected.sort();
    assert_eq!(read, expected);
}

#[test]
fn the_table_of_contents_gives_each_paragraphs_page() {
    if !have("qpdf") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("toc.pdf");
    render(&vanersby(), &pdf, &[]);
    // Where the bookmarks of the paragraphs point.
    let (ok, out) = run(
        "qpdf",
        &["--json", "--json-key=outlines", pdf.to_str().unwrap()],
    );
    assert!(ok, "{out}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let bookmarks: Vec<(String, u64)> = v["outlines"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| {
            let title = o["title"].as_str()?;
            let mut words = title.strip_prefix("KF § ")?.split(' ');
            let mut number = words.next()?.to_string();
            if let Some(suffix) = words.next().filter(|w| w.len() == 1) {
                number = format!("{number} {suffix}");
            }
            Some((number, o["destpageposfrom1"].as_u64()?))
        })
        .collect();
    assert_eq!(bookmarks.len(), 12, "{bookmarks:?}");
    // The rows of the table of contents: the paragraph number and, at the right, the page.
    let Some(words) = bbox_words(&pdf) else {
        return;
    };
    let heading = words
        .iter()
        .find(|w| w.text == "Innehållsförteckning")
        .expect("the table of contents");
    let on_page: Vec<&Word> = words.iter().filter(|w| w.page == heading.page).collect();
    let page_column = on_page
        .iter()
        .find(|w| w.text == "Sida" && w.y_min > heading.y_min)
        .unwrap();
    let mut read = Vec::new();
    for (k, w) in on_page.iter().enumerate() {
        if w.text != "§" || w.y_min <= page_column.y_min + 2.0 || on_page[k - 1].text != "KF" {
            continue;
        }
        let mut number = on_page[k + 1].text.clone();
        let next = on_page[k + 2];
        if next.text.len() == 1 && (next.y_min - w.y_min).abs() < 2.0 {
            number = format!("{number} {}", next.text);
        }
        let page = on_page
            .iter()
            .find(|p| (p.y_min - w.y_min).abs() < 2.0 && p.x_min >= page_column.x_min - 10.0)
            .map(|p| p.text.parse::<u64>().unwrap())
            .unwrap();
        read.push((number, page));
    }
    let expected: Vec<(String, u64)> = bookmarks;
    assert_eq!(read, expected);
}

/// An extract names who chaired its paragraphs: the vice chair alone for a paragraph he
/// presided over, both with their paragraphs when the extract holds paragraphs of each.
#[test]
fn an_extract_names_the_chair_of_its_paragraphs() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sample = vanersby();
    let extract = |items: &[&str], name: &str| {
        let out = dir.path().join(name);
        let mut args = vec![
            "extract",
            sample.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ];
        for i in items {
            args.extend(["--item", i]);
        }
        assert_success(&protokoll(&args));
        first_page_text(&out)
    };
    let vice = extract(&["124"], "124.pdf");
    assert!(
        vice.contains(&squash("Ordförande: Lars Öberg (M)")),
        "{vice}"
    );
    // The chair who did not preside over § 124 is not named as its chair (the item's text
    // names her, for her jäv).
    assert!(
        !vice.contains(&squash("Ordförande: Margareta Holm")),
        "{vice}"
    );
    assert!(!vice.contains(&squash("Lars Öberg (M) och")), "{vice}");
    let both = extract(&["124", "126"], "both.pdf");
    assert!(
        both.contains(&squash(
            "Ordförande: Lars Öberg (M), KF § 124; Margareta Holm (S), KF § 126"
        )),
        "{both}"
    );
}
