//! Signature fields: one per signer over the signature lines the layout reports, named and
//! labelled, tagged as Form, read back the same by `protokoll fields` and by qpdf.

use crate::support::*;
use protokoll::layout::Variant;
use protokoll::resources::FolderResources;
use serde_json::Value;

/// qpdf's independent view of the signature fields: (name, label, page).
fn qpdf_fields(pdf: &std::path::Path) -> Vec<(String, String, u64)> {
    let (ok, out) = run(
        "qpdf",
        &["--json", "--json-key=acroform", pdf.to_str().unwrap()],
    );
    assert!(ok, "{out}");
    let v: Value = serde_json::from_str(&out).unwrap();
    v["acroform"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["fieldtype"] == "/Sig")
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (
                s("fullname"),
                s("alternativename"),
                f["pageposfrom1"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_protocol_has_a_field_per_signer_over_its_line() {
    let dir = tempfile::tempdir().unwrap();
    for sample in samples() {
        let json: Value = load_json(&sample);
        let adjusters = json["adjusters"].as_array().unwrap().len();
        let pdf = dir.path().join("fields.pdf");
        render(&sample, &pdf, &[]);
        // Our reader.
        let ours = signature_fields(&pdf);
        let mut names: Vec<&str> = ours.iter().map(|f| f["name"].as_str().unwrap()).collect();
        names.sort();
        let mut expected: Vec<String> = vec!["ordforande".into(), "sekreterare".into()];
        expected.extend((1..=adjusters).map(|i| format!("justerare-{i}")));
        // One more Ordförande field for each member who presided over paragraphs.
        let chairs = other_chairs(&json).len();
        expected.extend((2..chairs + 2).map(|k| format!("ordforande-{k}")));
        // The ANSLAG/BEVIS box of the municipal layouts has an Underskrift field.
        if json["layout"]
            .as_str()
            .is_some_and(|l| l.starts_with("kommun"))
        {
            expected.push("anslag".into());
        }
        expected.sort();
        assert_eq!(names, expected, "{}", sample.display());
        assert!(ours
            .iter()
            .all(|f| f["signed"] == false && !f["label"].as_str().unwrap().is_empty()));
        // Exactly over the lines the layout reports.
        let text = std::fs::read_to_string(&sample).unwrap();
        let prepared =
            protokoll::prepare(&text, None, &FolderResources::new(sample.parent().unwrap()))
                .unwrap();
        let doc = protokoll::lay_out(&prepared, &Variant::default());
        for slot in &doc.signature_slots {
            let f = ours
                .iter()
                .find(|f| f["name"] == slot.field.as_str())
                .unwrap();
            assert_eq!(f["page"].as_u64().unwrap() as usize, slot.page + 1);
            let rect: Vec<f64> = f["rect"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            let (x, top, w, h) = slot.rect;
            let bottom_on_line = doc.page_size.1 - (top + h);
            assert!(
                (rect[0] - x as f64).abs() < 0.01 && (rect[2] - (x + w) as f64).abs() < 0.01,
                "{}: x",
                slot.field
            );
            assert!(
                (rect[1] - bottom_on_line as f64).abs() < 0.01,
                "{}: not on its line",
                slot.field
            );
        }
        if !have("qpdf") {
            return;
        }
        let theirs = qpdf_fields(&pdf);
        assert_eq!(theirs.len(), ours.len());
        for (name, label, page) in theirs {
            let f = ours.iter().find(|f| f["name"] == name.as_str()).unwrap();
            assert_eq!(
                (f["label"].as_str().unwrap(), f["page"].as_u64().unwrap()),
                (label.as_str(), page)
            );
        }
        if have("pdfinfo") {
            let (_, structure) = run("pdfinfo", &["-struct", pdf.to_str().unwrap()]);
            let forms = structure.lines().filter(|l| l.trim() == "Form").count();
            assert_eq!(
                forms,
                ours.len(),
                "each field is a Form in the structure tree"
            );
        }
    }
}

#[test]
fn extracts_have_a_certification_field_and_no_fields_means_none() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("extract.pdf");
    let out = protokoll(&[
        "extract",
        seed().to_str().unwrap(),
        "--item",
        "4",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let listed =
        String::from_utf8_lossy(&protokoll(&["fields", pdf.to_str().unwrap()]).stdout).into_owned();
    assert!(listed.contains("utdragsbestyrkande"), "{listed}");
    let bare = dir.path().join("bare.pdf");
    render(&seed(), &bare, &["--no-fields"]);
    assert_eq!(signature_fields(&bare).len(), 0);
    if have("qpdf") {
        assert!(qpdf_fields(&bare).is_empty());
    }
}

/// `protokoll notice` (public: it is what is posted) keeps the field on its Underskrift
/// line, for every sample, over that line on its one page; `--no-fields` leaves it out.
#[test]
fn the_notice_is_signed_on_its_underskrift_line() {
    let dir = tempfile::tempdir().unwrap();
    for sample in samples() {
        let pdf = dir.path().join("notice.pdf");
        let args = |extra: &[&'static str]| {
            let mut a = vec![
                "notice",
                sample.to_str().unwrap(),
                "-o",
                pdf.to_str().unwrap(),
            ];
            a.extend_from_slice(extra);
            a.into_iter().map(String::from).collect::<Vec<_>>()
        };
        for (extra, expected) in [(&[][..], 1), (&["--no-fields"][..], 0)] {
            let a = args(extra);
            let out = protokoll(&a.iter().map(String::as_str).collect::<Vec<_>>());
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let listed = protokoll(&["fields", pdf.to_str().unwrap(), "--json"]);
            let fields: Vec<Value> = serde_json::from_slice(&listed.stdout).unwrap();
            assert_eq!(fields.len(), expected, "{}: {fields:?}", sample.display());
            if let Some(f) = fields.first() {
                assert_eq!(f["name"], "anslag");
                assert_eq!(f["page"], 1);
                assert!(f["label"].as_str().unwrap().starts_with("Underskrift"));
            }
        }
    }
}
